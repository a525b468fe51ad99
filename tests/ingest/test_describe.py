"""`hytemart describe`: never a traceback, guesses it cannot confirm marked and refused by the
build, the dimensions PxWeb joins into its headers, what a table's notes say its symbols mean."""

from pathlib import Path

import pytest

from pipelines.ingest.describe import DescribeError, describe, main
from pipelines.ingest.descriptions import FORMAT_BY_EXTENSION, load_description
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.headings import split_headings
from pipelines.ingest.symbols import meaning, symbol_meanings

REPO = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(
    path for folder in (REPO / "tests" / "data", REPO / "raw" / "indicators")
    for path in folder.rglob("*") if path.suffix.lower() in FORMAT_BY_EXTENSION
    and path.is_file() and "fetch" not in path.parts)


def test_there_are_many_real_files_to_describe() -> None:
    assert len(DATA_FILES) > 40


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.name)
def test_every_data_file_in_the_repository_gets_a_description_or_one_error(path: Path) -> None:
    try:
        text = describe(path)
    except DescribeError as exc:
        assert path.name in str(exc)
        assert "\n" not in str(exc)
        return
    assert text.startswith(f"# Written by `hytemart describe {path.name}`")
    assert "\nsource: " in text and "\nformat: " in text


def test_the_command_prints_one_line_and_no_traceback(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"just one field\nand another\n")
    assert main(["describe", str(broken), "-o", "-"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "broken.csv" in error and "Traceback" not in error
    empty = tmp_path / "empty.px"
    empty.write_bytes(b"")
    assert main(["describe", str(empty), "-o", "-"]) == 2
    assert "empty.px" in capsys.readouterr().err


def test_a_guess_nobody_confirmed_stops_the_file_at_its_line(tmp_path: Path) -> None:
    # A PxWeb download without an area, from a publisher describe knows nothing of.
    data = tmp_path / "measures.csv"
    data.write_bytes('"Kuukausi";"Kävijät";"Osuus, %"\r\n"2024M01";12;3,5\r\n"2024M02";14;4,0\r\n'
                     .encode("cp1252"))
    text = describe(data, "ngo")
    assert "area: {value: SSS}  # CHECK: no area found" in text
    description = data.with_suffix(".yaml")
    description.write_text(text, encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), start=1)
                if content.startswith("area:"))
    with pytest.raises(SourceFormatError) as refused:
        load_description(description)
    assert refused.value.line == line
    assert "area: {value: SSS}" in refused.value.message and "CHECK" in refused.value.message
    # Decided: the analyst writes the area and the mark goes.
    description.write_text(text.replace("area: {value: SSS}  # CHECK: no area found; SSS is "
                                        "the whole country", "area: {value: KU049}"),
                           encoding="utf-8")
    assert load_description(description).roles["area"].value == "KU049"


def test_a_publishers_territory_or_the_title_confirms_the_area(tmp_path: Path) -> None:
    data = tmp_path / "deaths.csv"
    data.write_bytes(b'"12ah -- Deaths, koko maa"\r\n\r\n"Year";"Deaths"\r\n"2023";61000\r\n')
    assert "area: {value: SSS}  # the title names it: 'koko maa'" in describe(data, "other")
    no_title = tmp_path / "births.csv"
    no_title.write_bytes(b'"Year";"Births"\r\n"2023";100000\r\n')
    assert "area: {value: SOTKANET_EUROOPPA_752}" in describe(no_title, "scb")
    assert "# CHECK" not in describe(no_title, "thl")


def test_the_whole_country_is_an_area_not_a_total(tmp_path: Path) -> None:
    data = tmp_path / "migration.csv"
    data.write_bytes(b'"Area","Year","Total Immigration","Total Emigration"\r\n'
                     b'"WHOLE COUNTRY","2017",2806,920\r\n')
    text = describe(data, "statfin")
    assert "area: {column: Area}" in text and "drop:" not in text


def test_an_unknown_age_is_a_group_of_its_own(tmp_path: Path) -> None:
    data = tmp_path / "births.csv"
    data.write_bytes(b'"region";"age of the Mother";"sex";"2025"\n'
                     b'"00 Sweden";"total, all ages";"men";50157\n'
                     b'"00 Sweden";"15 years";"men";12\n'
                     b'"00 Sweden";"data not available";"men";3\n')
    text = describe(data, "scb")
    assert "age_group: {column: age of the Mother}" in text and "# CHECK" not in text


def test_a_thl_cube_export_drops_its_totals(tmp_path: Path) -> None:
    data = tmp_path / "cube.csv"
    data.write_text("Mittari;Aika;val\nTapausten lukumäärä;Vuosi 2020 Viikko 05;12\n"
                    "Tapausten lukumäärä;Vuosi 2020 Viikko 06;\n"
                    "Tapausten lukumäärä;Kaikki ajat;12\n", encoding="utf-8")
    text = describe(data)
    assert "source: thl" in text and "period: {column: Aika}" in text
    assert "indicator: {column: Mittari}" in text and "value: {column: val}" in text
    assert "drop: {Aika: [Kaikki ajat]}" in text
    assert "area: {value: SSS}  # a thl table without areas" in text


def test_months_in_the_headings_and_a_year_stub_read_together(tmp_path: Path) -> None:
    data = tmp_path / "months.csv"
    data.write_bytes('"x -- Kuolleet"\r\n\r\n"Vuosi";"Koko vuosi Kuolleet";"Tammikuu Kuolleet";'
                     '"Helmikuu Kuolleet"\r\n"2020";100;60;40\r\n'.encode("cp1252"))
    text = describe(data, "statfin")
    assert "heading: [period, measure]" in text
    assert "period: {columns: [Vuosi, period]}" in text


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Total 2016 Population 31 Dec", "Total 2017 Population 31 Dec",
          "Males 2016 Population 31 Dec", "Males 2017 Population 31 Dec"],
         [["Total", "Males"], ["2016", "2017"], ["Population 31 Dec"]]),
        (["Yhteensä Yhteensä Kuolleet", "Yhteensä Miehet Kuolleet", "0 - 4 Yhteensä Kuolleet",
          "0 - 4 Miehet Kuolleet"], [["Yhteensä", "0 - 4"], ["Yhteensä", "Miehet"],
                                     ["Kuolleet"]]),
        (["Koko vuosi Kuolleet", "Tammikuu Kuolleet"], [["Koko vuosi", "Tammikuu"],
                                                        ["Kuolleet"]]),
        (["Deaths in the first year of life 1860", "Deaths in the first year of life 1861",
          "Deaths during the first day of life 1860", "Deaths during the first day of life 1861"],
         [["Deaths in the first year of life", "Deaths during the first day of life"],
          ["1860", "1861"]]),
        (["2023"], [["2023"]]),
        # Two measures sharing their last word stay whole (not "Immigration to" | "Finland").
        (["Total 0 - 4 Immigration to Finland", "Total 0 - 4 Emigration from Finland",
          "Total 5 - 9 Immigration to Finland", "Total 5 - 9 Emigration from Finland"],
         [["Total"], ["0 - 4", "5 - 9"], ["Immigration to Finland", "Emigration from Finland"]]),
        (["Yhteensä Todelliset tiedot", "Yhteensä Väestöennuste 2021",
          "Yhteensä Väestöennuste 2019"],
         [["Yhteensä"], ["Todelliset tiedot", "Väestöennuste 2021", "Väestöennuste 2019"]]),
    ],
)
def test_pxweb_headings_split_into_their_dimensions(headers: list[str],
                                                    expected: list[list[str]]) -> None:
    assert split_headings(headers) == expected


def test_a_heading_split_into_fewer_dimensions_joins_the_fastest() -> None:
    headers = ["A 1 x", "A 2 x", "B 1 x", "B 2 x"]
    assert split_headings(headers, 2) == [["A", "B"], ["1 x", "2 x"]]
    assert split_headings(headers, 5) is None
    assert split_headings(["a", ""]) == [["a", ""]]  # an empty header: one dimension
    assert split_headings(["a", ""], 2) is None


def test_a_tables_notes_say_what_its_symbols_mean() -> None:
    aluesarjat = ("Merkintöjen selitykset:#.. (kaksi pistettä), tietoa ei ole saatu, se on liian "
                  "epävarma ilmoitettavaksi tai se on salattu;#. (piste), loogisesti mahdoton "
                  "esitettäväksi;#0 (nolla), suure pienempi kuin puolet käytetystä yksiköstä.")
    assert symbol_meanings([aluesarjat], {}) == {"..": "not_available", ".": "not_applicable"}
    # "Nil or too uncertain": no number to publish, so not a zero.
    assert meaning("nil or too uncertain for presentation") == "not_available"
    assert meaning("magnitude nil") == "zero"
    assert symbol_meanings([], {"DATASYMBOL1": "Tieto on salassapidettävä",
                                "DATASYMBOL2": ".."}) == {".": "confidential"}
