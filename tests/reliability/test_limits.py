"""The input limits (pipelines/ingest/limits.py), each hit by a real hostile file: a clear
SourceFormatError naming the file (and line), in little time and little memory, before the
reader builds what the file declares."""

import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipelines.ingest import limits
from pipelines.ingest.described_tables import read_described_table
from pipelines.ingest.descriptions import load_description
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.jsonstat import read_jsonstat
from pipelines.ingest.px import read_px
from pipelines.ingest.sotkanet import read_regions
from pipelines.projects.cards import read_card

from .harness import REPO_ROOT

MIB = 1024 * 1024
DESCRIPTION = """\
source: county
area: {column: Alue}
period: {column: Vuosi}
indicator: {value: lonely}
value: {column: Osuus}
indicators:
  lonely: {name_fi: Yksinäisyys, unit: percent}
"""
BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def refused(read: Callable[[], object], match: str, max_mib: float = 64) -> SourceFormatError:
    """Run a reader that must refuse its input: the error, checked for time and memory."""
    tracemalloc.start()
    start = time.monotonic()
    try:
        with pytest.raises(SourceFormatError, match=match) as caught:
            read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 20
    assert peak < max_mib * MIB, f"{peak / MIB:.0f} MiB to refuse it"
    return caught.value


def csv_table(tmp_path: Path, data: bytes) -> Path:
    (tmp_path / "t.yaml").write_text(DESCRIPTION, encoding="utf-8")
    (tmp_path / "t.csv").write_bytes(data)
    return tmp_path / "t.yaml"


def test_a_file_larger_than_its_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    px = REPO_ROOT / "tests" / "data" / "realdata" / "statfin" / \
        "vaerak_11rc_population_by_sex_age.px"
    monkeypatch.setattr(limits, "MAX_DATA_BYTES", 64 * 1024)
    error = refused(lambda: read_px(px), "file too large: more than 65,536 bytes")
    assert error.path == str(px)
    description = tmp_path / "big.yaml"
    description.write_text(DESCRIPTION + "#" * (2 * MIB), encoding="utf-8")
    (tmp_path / "big.csv").write_text("Alue;Vuosi;Osuus\n")
    refused(lambda: load_description(description), "file too large: more than 1 MiB")


def test_a_line_longer_than_the_limit_is_refused_naming_it(tmp_path: Path) -> None:
    data = b"Alue;Vuosi;Osuus\nEspoo;2023;1\nEspoo;2024;" + b"9" * (limits.MAX_LINE_CHARS + 1)
    description = load_description(csv_table(tmp_path, data))
    error = refused(lambda: read_described_table(description), "longer than the limit", 32)
    assert error.line == 3 and error.path.endswith("t.csv")


@pytest.mark.parametrize("depth", [limits.MAX_JSON_DEPTH + 1, 100_000])
def test_json_nested_too_deep_is_refused(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "regions.json"
    path.write_text("[" * depth + "]" * depth)
    refused(lambda: read_regions(path), f"nested deeper than {limits.MAX_JSON_DEPTH} levels")
    table = tmp_path / "table.json"
    table.write_text('{"class": "dataset", "x": ' + "[" * depth + "]" * depth + "}")
    refused(lambda: read_jsonstat(table), "nested deeper")


def px_declaring(values_per_dimension: int, data: str) -> str:
    codes = ",".join(f'"{number}"' for number in range(values_per_dimension))
    return (
        'CHARSET="ANSI";\nAXIS-VERSION="2013";\nLANGUAGE="fi";\nMATRIX="x";\n'
        'SUBJECT-AREA="x";\nSUBJECT-CODE="x";\nTITLE="x";\nCONTENTS="x";\nUNITS="lkm";\n'
        'DECIMALS=0;\nSTUB="a","b";\nHEADING="c";\n'
        f'VALUES("a")={codes};\nVALUES("b")={codes};\nVALUES("c")={codes};\n'
        f"DATA=\n{data};\n"
    )


def test_px_cells_declared_beyond_the_limit_are_refused_before_any_is_built(
    tmp_path: Path,
) -> None:
    path = tmp_path / "huge.px"
    path.write_text(px_declaring(1000, "1 2 3"), encoding="latin-1")  # 10^9 cells, 3 present
    error = refused(lambda: read_px(path), "declare 1,000,000,000 cells")
    assert error.line is not None


def test_px_with_more_values_than_declared_keeps_no_more_than_declared(tmp_path: Path) -> None:
    path = tmp_path / "long.px"
    path.write_text(px_declaring(2, " ".join(["1"] * 300_000)), encoding="latin-1")
    refused(lambda: read_px(path), "DATA has 300000 values, expected 8", max_mib=16)


def test_jsonstat_declaring_a_billion_cells_is_refused(tmp_path: Path) -> None:
    categories = {str(number): number for number in range(1000)}
    dimension = {"category": {"index": categories}}
    path = tmp_path / "sparse.json"
    import json

    path.write_text(json.dumps({
        "class": "dataset", "version": "2.0", "id": ["a", "b", "c"], "size": [1000] * 3,
        "dimension": {"a": dimension, "b": dimension, "c": dimension}, "value": {"0": 1},
    }))
    refused(lambda: read_jsonstat(path), "declare 1,000,000,000 cells")


def xlsx_description(tmp_path: Path, xlsx: Path) -> Path:
    (tmp_path / "t.yaml").write_text(DESCRIPTION + "sheet: Taulukko1\n", encoding="utf-8")
    return xlsx.with_name("t.yaml")


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "t.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * MIB))  # ~64 KB packed
    assert bomb.stat().st_size < MIB
    description = load_description(xlsx_description(tmp_path, bomb))
    refused(lambda: read_described_table(description), "more than 200 to 1 \\(a zip bomb\\?\\)")
    description.data_file.write_bytes(b"PK\x03\x04 not really a zip")
    refused(lambda: read_described_table(description), "not a zip package")


def test_an_xlsx_cell_at_the_last_row_and_column_is_refused_not_gridded(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Taulukko1"
    sheet.append(["Alue", "Vuosi", "Osuus"])
    sheet["XFD1048576"] = 1  # 17 billion cells between A1 and here
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    description = load_description(xlsx_description(tmp_path, path))
    refused(lambda: read_described_table(description), "17,179,869,184 cells")


def test_yaml_billion_laughs_is_refused_in_descriptions_and_cards(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("Alue;Vuosi;Osuus\n")
    description = tmp_path / "t.yaml"
    description.write_text(DESCRIPTION + BILLION_LAUGHS, encoding="utf-8")
    error = refused(lambda: load_description(description), "aliases expand to more than")
    assert error.line is not None
    card = tmp_path / "card.md"
    card.write_text("---\nproject_key: x\n" + BILLION_LAUGHS + "---\nNotes.\n")
    refused(lambda: read_card(card), "aliases expand to more than")
    # Without the limit, walking the document (as the readers do) would visit 10^9 nodes.
    node = yaml.compose(BILLION_LAUGHS)
    assert node is not None


def test_yaml_nested_too_deep_is_refused(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("Alue;Vuosi;Osuus\n")
    description = tmp_path / "t.yaml"
    description.write_text(DESCRIPTION + "title: " + "[" * 5000 + "]" * 5000 + "\n")
    refused(lambda: load_description(description), "nested deeper than 32 levels")


def test_a_card_that_is_not_utf8_is_a_source_format_error_naming_the_line(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(b"---\nproject_key: x\ntitle: Caf\xe9\n---\n")
    error = refused(lambda: read_card(card), "not UTF-8 text")
    assert error.line == 3
