"""Files that lead outside the raw directory are refused: a description's data_file written
with `..` or as an absolute path, and symbolic links (data files, descriptions, Sotkanet
files, project pages and cards) pointing elsewhere. The build goes on with the other files
and says which file was refused; nothing of the outside file reaches the published mart."""

from pathlib import Path

import pytest
from published import query

from pipelines.ingest.descriptions import load_description, scan_described_tables
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.raw_paths import check_inside, escape_error

from .conftest import Built
from .hostile import OUTSIDE_DESCRIPTION, SECRET

DESCRIPTION = OUTSIDE_DESCRIPTION


def outside_csv(tmp_path: Path) -> Path:
    """A readable file of the build machine that is no raw file."""
    secret = tmp_path / "somewhere" / "else.csv"
    secret.parent.mkdir(parents=True)
    secret.write_text(f"Alue;Vuosi;Osuus\n{SECRET};2023;4242\nEspoo;2023;4242\n",
                      encoding="utf-8")
    return secret


def test_escape_error_tells_dotdot_absolute_and_symlink_from_inside(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    inside = raw / "a" / "x.csv"
    inside.write_text("x")
    secret = outside_csv(tmp_path)
    assert escape_error(inside, raw) is None
    assert escape_error(raw / "a" / ".." / "a" / "x.csv", raw) is None
    (raw / "a" / "inner_link.csv").symlink_to(inside)
    assert escape_error(raw / "a" / "inner_link.csv", raw) is None
    dotdot = escape_error(raw / "a" / ".." / ".." / "somewhere" / "else.csv", raw)
    assert dotdot is not None and "leads outside the raw directory" in dotdot.message
    (raw / "a" / "link.csv").symlink_to(secret)
    link = escape_error(raw / "a" / "link.csv", raw)
    assert link is not None and "is a symbolic link outside the raw directory" in link.message
    (raw / "linked_dir").symlink_to(secret.parent, target_is_directory=True)
    assert escape_error(raw / "linked_dir" / "else.csv", raw) is not None
    (raw / "loop").symlink_to(raw / "loop")
    assert escape_error(raw / "loop", raw) is not None
    with pytest.raises(SourceFormatError, match="refused"):
        check_inside(secret, raw)


@pytest.mark.parametrize("written", ["../../../somewhere/else.csv", "ABSOLUTE"])
def test_a_data_file_outside_the_folder_is_refused_naming_the_yaml_line(
    tmp_path: Path, written: str
) -> None:
    secret = outside_csv(tmp_path)
    folder = tmp_path / "raw" / "indicators" / "county"
    folder.mkdir(parents=True)
    written = str(secret) if written == "ABSOLUTE" else written
    description = folder / "secret.yaml"
    description.write_text(DESCRIPTION.format(data_file=written), encoding="utf-8")
    with pytest.raises(SourceFormatError) as caught:
        load_description(description)
    assert caught.value.path == str(description)
    assert caught.value.line == 2  # the data_file line
    assert "outside the raw directory" in caught.value.message
    scan = scan_described_tables(folder)
    assert scan.descriptions == [] and len(scan.errors) == 1


def test_symlinked_data_file_and_description_are_refused(tmp_path: Path) -> None:
    secret = outside_csv(tmp_path)
    folder = tmp_path / "raw" / "indicators" / "county"
    folder.mkdir(parents=True)
    # The data file beside its description is a link to the outside file.
    (folder / "linked.csv").symlink_to(secret)
    (folder / "linked.yaml").write_text(DESCRIPTION.format(data_file="linked.csv"))
    # The default data file (same stem, no data_file key) too.
    (folder / "stem.csv").symlink_to(secret)
    (folder / "stem.yaml").write_text(DESCRIPTION.format(data_file="stem.csv")
                                      .replace("data_file: stem.csv\n", ""))
    # A description that is itself a link to a YAML elsewhere.
    elsewhere = tmp_path / "somewhere" / "d.yaml"
    elsewhere.write_text(DESCRIPTION.format(data_file="else.csv"))
    (folder / "d.yaml").symlink_to(elsewhere)
    scan = scan_described_tables(folder)
    assert scan.descriptions == []
    messages = sorted(str(error) for error in scan.errors)
    assert len(messages) == 3, messages
    assert all("symbolic link outside the raw directory" in text for text in messages)


def test_a_build_refuses_every_escape_and_publishes_nothing_of_the_outside_file(
    hostile_build: Built,
) -> None:
    warehouse = hostile_build.warehouse
    published = query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value "
                      "WHERE source_file LIKE '%else.csv' OR source_file LIKE '%linked%' "
                      "OR source_file LIKE '%stolen%' OR value = 4242")
    assert published == [(0,)]
    refused = dict(query(
        warehouse, "SELECT source_file, error_message FROM quality.row_accounting "
        "WHERE file_status = 'unreadable'"))
    assert "outside the raw directory" in refused["indicators/county/escape.yaml"]
    assert "symbolic link" in refused["indicators/county/linked.yaml"]
    assert "symbolic link" in refused["indicators/sotkanet/stolen.csv"]
    cards = query(warehouse, "SELECT message FROM quality.quarantine "
                  "WHERE source_file = 'projects/cards/stolen.md'")
    assert cards and "symbolic link" in cards[0][0]
    for restricted in (False, True):
        everything = query(warehouse, "SELECT string_agg(COLUMNS(*)::VARCHAR, '|') "
                           "FROM quality.quarantine", restricted=restricted)
        assert SECRET not in str(everything)
