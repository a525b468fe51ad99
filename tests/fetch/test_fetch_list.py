"""The fetch list is checked like the table descriptions: an unknown key or a bad value names
the file and the YAML line."""

from pathlib import Path

import pytest

from fetch.fetch_helpers import write
from pipelines.fetch.fetchlist import Choice, Years, load_fetch_list
from pipelines.ingest.errors import SourceFormatError

GOOD = """\
sotkanet:
  folder: indicators/sotkanet
  indicators:
    - id: 186
      years: last 10
      sexes: [male, female]
      region_categories: [KUNTA, hyvinvointialue]
    - {id: 127, years: 2000-2002, format: csv}
pxweb:
  - api: v2
    table: 13u5
    description: indicators/statfin/deaths.yaml
    selection:
      hyvinvointialue: all
      vuosi: last 3
      tiedot: [ksyylkm]
  - api: v1
    table: StatFin/vaerak/11ra.px
    language: sv
    description: indicators/statfin/population.yaml
    selection:
      alue_23_20260101: ["049", KU*]
"""


def prepared(raw: Path, text: str = GOOD) -> Path:
    write(raw / "indicators" / "statfin" / "deaths.yaml", "source: statfin\nformat: jsonstat\n")
    write(raw / "indicators" / "statfin" / "population.yaml",
          "source: statfin\ndata_file: population_11ra.json\n")
    return write(raw / "fetch.yaml", text)


def test_a_good_fetch_list(raw: Path) -> None:
    fetch_list = load_fetch_list(prepared(raw), raw)
    first, second = fetch_list.sotkanet
    assert (first.id, first.years, first.sexes, first.region_categories, first.file) == (
        186, Years("last", 10), ("male", "female"), ("KUNTA", "HYVINVOINTIALUE"),
        "indicators/sotkanet/sotkanet_186.json")
    assert (second.years.resolve(None, None), second.format, second.file) == (
        [2000, 2001, 2002], "csv", "indicators/sotkanet/sotkanet_127.csv")
    deaths, population = fetch_list.pxweb
    assert deaths.file == "indicators/statfin/deaths.json" and deaths.language == "fi"
    assert deaths.selection == {"hyvinvointialue": Choice("all"), "vuosi": Choice("last", 3),
                                "tiedot": Choice("codes", codes=("ksyylkm",))}
    assert population.file == "indicators/statfin/population_11ra.json"
    assert population.table == "StatFin/vaerak/11ra.px"
    assert population.selection["alue_23_20260101"].resolve(
        ["SSS", "KU020", "049", "KU049"]) == ["KU020", "049", "KU049"]
    assert Years("last", 10).resolve(1990, 2024) == list(range(2015, 2025))


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("      years: last 10", "      yeras: last 10"), 5, "unknown key 'yeras'"),
        (("years: last 10", "years: lately"), 5, "years: 'lately'"),
        (("years: 2000-2002", "years: 2002-2000"), 8, "years"),
        (("sexes: [male, female]", "sexes: [men]"), 6, "sexes"),
        (("[KUNTA, hyvinvointialue]", "[KUNTA, 'no such']"), 7, "region category"),
        (("format: csv", "format: xlsx"), 8, "format: 'xlsx'"),
        (("id: 127", "id: 186"), 8, "listed twice"),
        (("  - api: v2", "  - api: v3"), 10, "api: 'v3'"),
        (("vuosi: last 3", "vuosi: last zero"), 15, "last N"),
        (("tiedot: [ksyylkm]", "tiedot: []"), 16, "empty"),
        (("indicators/statfin/deaths.yaml", "indicators/statfin/births.yaml"), 12,
         "write the table description first"),
        (("indicators/statfin/deaths.yaml", "../deaths.yaml"), 12, "inside the raw directory"),
        (("language: sv", "language: svenska"), 19, "language"),
        (("table: StatFin/vaerak/11ra.px", "table: 11ra"), 18,
         "the path after the language"),
        # Statistics Finland's long ids, refused naming what they became (8 June 2026).
        (("table: StatFin/vaerak/11ra.px", "table: StatFin/vaerak/statfin_vaerak_pxt_11ra.px"),
         18, "write 'StatFin/vaerak/11ra.px'"),
        (("table: StatFin/vaerak/11ra.px", "table: StatFin/statfin_tyonv_pxt_12tg.px"),
         18, "write 'StatFin/12tg.px'"),
        (("table: 13u5", "table: statfin_kuol_pxt_13u5"), 11, "write '13u5'"),
    ],
)
def test_a_bad_entry_names_the_file_and_line(raw: Path, change: tuple[str, str], line: int,
                                             words: str) -> None:
    path = prepared(raw, GOOD.replace(*change, 1))
    with pytest.raises(SourceFormatError) as error:
        load_fetch_list(path, raw)
    assert error.value.path == str(path)
    assert error.value.line == line, str(error.value)
    assert words in str(error.value)


def test_a_long_id_says_what_it_became_and_archives_keep_theirs(raw: Path) -> None:
    long = GOOD.replace("StatFin/vaerak/11ra.px", "StatFin/tyonv/statfin_tyonv_pxt_12tg.px")
    with pytest.raises(SourceFormatError) as error:
        load_fetch_list(prepared(raw, long), raw)
    assert "long table id" in str(error.value) and "HTTP 400" in str(error.value)
    assert "'StatFin/tyonv/12tg.px'" in str(error.value) and "timeperiod_y" in str(error.value)
    # The StatFin archive database kept its long ids.
    archive = GOOD.replace("StatFin/vaerak/11ra.px",
                           "StatFin_Passiivi/vaerak/statfin_vaerak_pxt_11ra.px")
    table = load_fetch_list(prepared(raw, archive), raw).pxweb[1].table
    assert table == "StatFin_Passiivi/vaerak/statfin_vaerak_pxt_11ra.px"


def test_a_description_that_is_not_json_stat_is_refused(raw: Path) -> None:
    path = prepared(raw)
    write(raw / "indicators" / "statfin" / "deaths.yaml", "source: statfin\nformat: px\n")
    with pytest.raises(SourceFormatError, match="format: jsonstat") as error:
        load_fetch_list(path, raw)
    assert error.value.line == 12


def test_indicators_must_be_a_list(raw: Path) -> None:
    path = write(raw / "fetch.yaml", "sotkanet:\n  indicators: 186\n")
    with pytest.raises(SourceFormatError, match="expected a list") as error:
        load_fetch_list(path, raw)
    assert error.value.line == 2


def test_no_fetch_list_fetches_nothing(raw: Path) -> None:
    fetch_list = load_fetch_list(raw / "fetch.yaml", raw)
    assert fetch_list.sotkanet == () and fetch_list.pxweb == ()


def test_the_bundled_fetch_list_loads() -> None:
    raw_dir = Path(__file__).resolve().parents[2] / "raw"
    fetch_list = load_fetch_list(raw_dir / "fetch.yaml", raw_dir)
    assert [item.id for item in fetch_list.sotkanet] == [186]


DOCS = Path(__file__).resolve().parents[2] / "docs" / "fetching.md"


def docs_blocks(kind: str) -> list[str]:
    import re

    return re.findall(rf"```{kind}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)


def test_the_fetching_docs_examples_load(raw: Path) -> None:
    """docs/fetching.md: its fetch list example loads with the description it gives (the
    example's own table, not a stand-in), and that description loads as a table description.
    (It replaces the test of the README's example, whose section moved to docs/fetching.md.)"""
    import sys

    from pipelines.fetch import fetchlist

    # The descriptions module the fetch list reads with, wherever the package layout keeps it.
    load_description = sys.modules[fetchlist._Reader.__module__].load_description

    (fetch_list_text,), (description_text,) = docs_blocks("yml"), docs_blocks("yaml")
    description = write(raw / "indicators" / "statfin" / "11ra_population_key_figures.yaml",
                        description_text)
    fetch_list = load_fetch_list(write(raw / "fetch.yaml", fetch_list_text), raw)
    (table,) = fetch_list.pxweb
    assert (table.api, table.table) == ("v1", "StatFin/vaerak/11ra.px")
    assert set(table.selection) == {"timeperiod_y", "contentscode"}  # codes, not names
    assert table.file == "indicators/statfin/11ra_population_key_figures.json"
    (raw / table.file).write_text("{}", encoding="utf-8")  # the payload the fetch would write
    loaded = load_description(description)
    assert loaded.roles["area"].dimension == "alue_23_20260101"
    assert loaded.roles["period"].dimension == "timeperiod_y"


def test_the_bundled_statfin_entry_loads_with_its_bundled_description() -> None:
    """raw/fetch.yaml fetches a Statistics Finland v1 table in today's form, with its
    description bundled (the one docs/fetching.md shows)."""
    raw_dir = Path(__file__).resolve().parents[2] / "raw"
    (description_text,) = docs_blocks("yaml")
    bundled = raw_dir / "indicators" / "statfin" / "11ra_population_key_figures.yaml"
    assert bundled.read_text(encoding="utf-8").strip() == description_text.strip()
    fetch_list = load_fetch_list(raw_dir / "fetch.yaml", raw_dir)
    assert [item.id for item in fetch_list.sotkanet] == [186]
    (table,) = fetch_list.pxweb
    assert (table.api, table.table, table.language) == ("v1", "StatFin/vaerak/11ra.px", "fi")
    assert table.selection == {"timeperiod_y": Choice("last", 10),
                               "contentscode": Choice("codes", codes=("vaesto_yli64_p",))}


def test_a_table_the_fetch_list_names_waits_for_its_first_fetch(raw: Path) -> None:
    """Its description does not load before the payload exists; the build counts it as
    waiting for its first fetch, not unreadable (pipelines/assets/tables.py); once a payload
    is there, a description that still fails is an error like any other."""
    from pipelines.assets.tables import awaiting_first_fetch, described_tables

    (description_text,) = docs_blocks("yaml")
    name = "indicators/statfin/11ra_population_key_figures.yaml"
    write(raw / name, description_text)
    bundled = (Path(__file__).resolve().parents[2] / "raw" / "fetch.yaml").read_text()
    write(raw / "fetch.yaml", bundled)
    _, _, broken = described_tables(raw)
    assert [Path(error.path).name for error in broken] == [Path(name).name]
    assert awaiting_first_fetch(raw, broken) == [name]
    write(raw / "indicators" / "statfin" / "11ra_population_key_figures.json", "{}")
    _, _, broken = described_tables(raw)
    assert awaiting_first_fetch(raw, broken) == []
