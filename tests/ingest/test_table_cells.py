"""The five reasons real tables could not be described (issue 10), one test each, on the readers
(tests/test_real_tables.py builds the real files into the mart; tests/test_tables_build.py has
the marked periods and publisher codes end to end)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.ingest.area_reference import areas_csv, build_areas
from pipelines.ingest.descriptions import load_description
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.labels import guess_unit, indicator_id, strip_marker
from pipelines.ingest.mapping import AreaIndex
from pipelines.ingest.table_cells import read_table_cells

DATA = Path(__file__).resolve().parents[1] / "data"
REPO = Path(__file__).resolve().parents[2]
AKAY = DATA / "public" / "duckdb-px" / "statfin_akay_pxt_001.px"
DEATHS = DATA / "realdata" / "statfin" / "13u5_deaths_by_wellbeing_county_2024.jsonstat2.json"
DECILES = DATA / "public" / "stop_accessibility" / "001_128c_2023_20250619-123755.csv"
NORWAY = DATA / "public" / "pxwebpy" / "response_no.json"


def described(tmp_path: Path, data: Path, yaml_text: str):
    shutil.copy(data, tmp_path / data.name)
    path = tmp_path / (data.name.rsplit(".", 1)[0] + ".yaml")
    path.write_text(yaml_text, encoding="utf-8")
    return read_table_cells(load_description(path))


# 1. Several dimensions or columns together form the indicator.

def test_compound_indicator_of_a_px_file_named_from_its_labels(tmp_path: Path) -> None:
    cells = described(tmp_path, AKAY, "source: statfin\narea: {value: SSS}\n"
                      "period: {dimension: Vuosi}\nsex: {dimension: Sukupuoli}\n"
                      "indicator: {dimensions: [Toiminto, Tiedot]}\n"
                      "indicators: {09.Kaytaika: {name_en: Sleep (hours)}}\n")
    assert (cells.cells_read, len(cells.frame), cells.filtered) == (768, 768, 0)
    metas = {meta.id: meta for meta in cells.indicators}
    assert len(metas) == 32 * 2  # every activity x both measures
    sleep = metas["09.Kaytaika"]
    assert (sleep.name_fi, sleep.name_en, sleep.unit, sleep.decimals) == (
        "09 Nukkuminen, 10-64 vuotiaiden käytetty aika tuntia,min/vrk", "Sleep (hours)", "other",
        2)  # the unit text names hours and %: no guess; the description overrides name_en
    share = metas["09.Osallist"]
    assert (share.name_en, share.unit) == ("09 Sleep, Participated, %", "percent")
    # Sex S (Yhteensä) is understood by its label.
    assert set(cells.frame["sex"]) == {"Yhteensä", "1", "2"}


def test_compound_indicator_of_pxweb_csv_columns(tmp_path: Path) -> None:
    cells = described(tmp_path, DECILES, "source: statfin\nformat: pxweb_csv\n"
                      "area: {value: SSS}\nindicator: {columns: [Information, Decile]}\n")
    assert (cells.cells_read, len(cells.indicators)) == (40, 10)
    first = cells.frame.iloc[0]
    assert (first["indicator"], first["period"], first["value"]) == (
        "6._GROSS_INCOME_mean.I_Lowest-income_10", "2020", 16825.0)
    assert cells.indicators[0].name_fi == "6. GROSS INCOME, mean, I (Lowest-income 10 %)"
    assert cells.indicators[0].unit == "other"  # "10 %" in a decile's name is not a unit


# 2. A dimension with one member needs no role; one with several does.

def test_one_member_dimensions_need_no_role(tmp_path: Path) -> None:
    cells = described(tmp_path, DEATHS, "source: statfin\nlanguage: en\n"
                      "area: {dimension: hyvinvointialue}\nperiod: {dimension: vuosi}\n"
                      "indicator: {dimension: tiedot}\n")
    assert len(cells.frame) == 23
    assert [(m.id, m.name_en, m.unit, m.decimals) for m in cells.indicators] == [
        ("ksyylkm", "Deaths", "count", 0)]


def test_a_dimension_of_several_members_without_role_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError) as raised:
        described(tmp_path, AKAY, "source: statfin\narea: {value: SSS}\n"
                  "period: {dimension: Vuosi}\nindicator: {dimensions: [Toiminto, Tiedot]}\n")
    message = str(raised.value)
    assert "dimension 'Sukupuoli'" in message and "3 members" in message
    assert "keep: {Sukupuoli: [S]}" in message


def test_keep_leaves_one_member_and_counts_the_rest_filtered(tmp_path: Path) -> None:
    cells = described(tmp_path, NORWAY, "source: ssb\n"
                      "area: {dimension: Region, values: {TOTAL: SOTKANET_EUROOPPA_578}}\n"
                      "keep: {Region: [Hele landet], Boligtype: ['01']}\n"
                      "period: {dimension: Tid}\nindicator: {dimension: ContentsCode}\n")
    assert (cells.cells_read, len(cells.frame), cells.filtered) == (288, 8, 280)
    assert set(cells.frame["area"]) == {"SOTKANET_EUROOPPA_578"}  # kept by its label
    with pytest.raises(SourceFormatError, match="keep.Region: 'Oslo' is not among its members"):
        described(tmp_path, NORWAY, "source: ssb\narea: {dimension: Region}\n"
                  "keep: {Region: [Oslo]}\nperiod: {dimension: Tid}\n"
                  "indicator: {dimensions: [Boligtype, ContentsCode]}\n")


# 3. values: maps apply to every role, areas included.

def test_values_map_applies_to_the_area(tmp_path: Path) -> None:
    cells = described(tmp_path, DEATHS, "source: statfin\n"
                      "area: {dimension: hyvinvointialue, values: {HVA01: SSS,"
                      " 'HVA02 Central Uusimaa wellbeing services county': KU049}}\n"
                      "period: {dimension: vuosi}\nindicator: {dimension: tiedot}\n")
    areas = list(cells.frame["area"])
    assert areas[:3] == ["SSS", "KU049", "HVA03"]  # by code, by label, untouched


# 4. Every Finnish area; Paavo postal code areas on their own.

def test_the_shipped_area_reference_is_what_its_sources_give() -> None:
    reference = REPO / "raw" / "reference"
    assert areas_csv(build_areas(reference / "sources")) == (reference / "areas.csv").read_text(
        encoding="utf-8")
    areas = {row["area_code"]: row for row in build_areas(reference / "sources")}
    levels = [row["area_level"] for row in areas.values()]
    assert (levels.count("municipality"), levels.count("wellbeing_county"),
            levels.count("region"), levels.count("sub_region")) == (309, 23, 19, 69)
    assert levels.count("former_municipality") == 113
    assert areas["KU532"]["successor_area_code"] == "KU398"  # Nastola -> Lahti, 2016
    assert areas["KU532"]["valid_until"] == "2015-12-31"
    assert (areas["KU091"]["wellbeing_county_code"], areas["KU478"]["wellbeing_county_code"]) == (
        "HVA90", "HVA91")
    assert (areas["KU049"]["name_sv"], areas["KU049"]["sub_region_code"]) == ("Esbo", "SK011")


def test_a_paavo_label_makes_a_postal_code_area_under_its_municipality() -> None:
    index = AreaIndex([("KU091", "Helsinki", "Helsingfors", "Helsinki", "municipality", "MK01",
                        "HVA90"),
                       ("SK011", "Helsinki", "Helsingfors", "Helsinki", "sub_region", "MK01",
                        None)])
    mapped = index.resolve("00100  Helsinki keskusta - Etu-Töölö (Helsinki)")
    assert mapped.canonical == "PNO00100"
    assert (mapped.new_area.name, mapped.new_area.parent_area_code,
            mapped.new_area.wellbeing_county_code) == ("Helsinki keskusta - Etu-Töölö", "KU091",
                                                       "HVA90")
    assert index.resolve("Helsinki").canonical == "KU091"  # the municipality, not the sub-region
    unknown = index.resolve("00100  Keskusta (Helsingborg)")
    assert unknown.rule == "unknown_area" and "'Helsingborg' is not the name" in unknown.message


# 5. Publishers' markers.

def test_markers_come_off_periods_and_values() -> None:
    assert strip_marker("2024Q1*", {"*": "preliminary"}) == ("2024Q1", "preliminary")
    assert strip_marker("2023 e", {"e": "estimate", "*": "preliminary"}) == ("2023", "estimate")
    assert strip_marker("2023", {"*": "preliminary"}) == ("2023", None)
    assert strip_marker("*", {"*": "preliminary"}) == ("*", None)


def test_marked_values_of_a_csv_keep_their_number_and_flag(tmp_path: Path) -> None:
    data = tmp_path / "marked.csv"
    data.write_text("Alue;Vuosi;Arvo\nEspoo;2023;12,5\nEspoo;2024*;13,1*\nVantaa;2024;7 r\n",
                    encoding="utf-8")
    (tmp_path / "marked.yaml").write_text(
        "source: county\ndecimal: ','\narea: {column: Alue}\nperiod: {column: Vuosi}\n"
        "value: {column: Arvo}\nindicator: {value: share}\n"
        "markers: {'*': preliminary, r: revised}\n", encoding="utf-8")
    frame = read_table_cells(load_description(tmp_path / "marked.yaml")).frame
    assert list(zip(frame["period"], frame["value"], frame["status"], frame["flag"],
                    strict=True)) == [
        ("2023", 12.5, "ok", None), ("2024*", 13.1, "ok", "preliminary"),
        ("2024", 7.0, "ok", "revised")]


def test_ids_and_units_from_labels() -> None:
    assert indicator_id("Työttömät", "I (Lowest-income 10 %)") == "Tyottomat.I_Lowest-income_10"
    assert [guess_unit(text) for text in ("lukumäärä", "(%)", "euroa", "indeksi",
                                          "Average income of inhabitants", "tuntia, %")] == [
        "count", "percent", "euro", "index", None, None]


def test_describe_is_a_console_script(tmp_path: Path) -> None:
    shutil.copy(AKAY, tmp_path / AKAY.name)
    script = Path(sys.executable).with_name("hytemart")
    done = subprocess.run([str(script), "describe", str(tmp_path / AKAY.name)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "statfin_akay_pxt_001.yaml").read_text(encoding="utf-8")
    assert "indicator: {dimensions: [Toiminto, Tiedot]}" in written
    assert "sex: {dimension: Sukupuoli}" in written and "period: {dimension: Vuosi}" in written
    assert "#    01-26 = 01-26  Yhteensä" not in written  # labels are shown tidied
    assert read_table_cells(load_description(tmp_path / "statfin_akay_pxt_001.yaml")).cells_read \
        == 768
    again = subprocess.run([str(script), "describe", str(tmp_path / AKAY.name)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode != 0 and "exists" in again.stderr  # never overwrites silently
