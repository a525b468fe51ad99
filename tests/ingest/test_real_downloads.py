"""Real files as analysts download them, described by `hytemart describe` with only the source
named and built into the mart with that description unedited: PxWeb web downloads (with and
without a title, semicolon and comma, long and wide, years, months or measures joined in the
column headings, cp1252 and UTF-8), THL's cube exports in Finnish and Swedish (their totals
filtered), and the Helsinki Region statistics' PX files of city districts. Every cell read is
loaded, filtered or quarantined, and values land at the area and period the file says
(tests/data/public/SOURCES.md says where each file comes from)."""

import shutil
from pathlib import Path

import pytest
from published import query

from pipelines.ingest.describe import describe

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
FOLDER = Path("indicators") / "downloads"

# file -> (source named, cells read, loaded, filtered, quarantined). Sources differ where two
# files publish the same figures (12ah and 11ll both give deaths by month), or the suite would
# refuse the duplicate keys.
CORPUS = {
    "kandidatarbete/asub_AR001_20240206-135030.csv": ("asub", 1932, 1932, 0, 0),
    "kandidatarbete/asub_naringsliv_omsattning_monthly.csv": ("asub", 3312, 3312, 0, 0),
    "kandidatarbete/thl_covid19case_hcd_weekly_sv.csv": ("thl", 5786, 5502, 284, 0),
    "acm_analyzer/statfin_12ah_deaths_by_month_fi.csv": ("statfin", 1001, 1001, 0, 0),
    # Forecasts for 2028-2030 are beyond the plausible years (to next year): quarantined.
    "acm_analyzer/statfin_139e_deaths_forecast_fi.csv": ("statfin", 192, 168, 0, 24),
    "acm_analyzer/statfin_11ll_population_deaths_monthly_fi.csv": ("statfin_11ll", 792, 792,
                                                                    0, 0),
    "acm_analyzer/statfin_12ng_weekly_deaths_kainuu_fi.csv": ("statfin", 102900, 102900, 0, 0),
    "acm_analyzer/thl_covid19case_measures_weekly_fi.csv": ("thl_weekly", 435, 432, 3, 0),
    "ghg-notebooks/statfin_11re_population_years_wide_comma_fi.csv": ("statfin", 9300, 9300, 0,
                                                                       0),
    "ghg-notebooks/statfin_116h_buildings_heating_comma_fi.csv": ("statfin", 32344, 32344, 0, 0),
    "covid_psyserv/statfin_005_11re_2020_20210916-103128_en.csv": ("statfin", 2430, 2430, 0, 0),
    "covid_psyserv/statfin_001_11re_2021_20220517-160323_en_noheading.csv": ("statfin_2021",
                                                                             1944, 1944, 0, 0),
    "sweden_data/scb_000000MM_20260309-204950_en.csv": ("scb", 330, 330, 0, 0),
    "raventheory-demos/aluesarjat_SSVAVR02_20250223-105323_fi_comma_noheading.csv": (
        "aluesarjat", 528, 528, 0, 0),
    "stevenliuyi-covid19/thl_covid19case_hcd_daily_fi_2020-06-03.csv": ("thl", 8052, 7686, 366,
                                                                         0),
    "finland-covid-19/thl_covid19case_measures_daily_fi_2022-01.csv": ("thl", 2175, 2175, 0, 0),
    "aluesarjat/aluesarjat_A01HKIS_Vaestotulot.px": ("aluesarjat", 4368, 4368, 0, 0),
    "aluesarjat/aluesarjat_C04S_VANS_Tyottomat_Sukupuoli.px": ("aluesarjat", 3360, 3360, 0, 0),
}


@pytest.fixture(scope="module")
def downloads_build(tmp_path_factory: pytest.TempPathFactory):
    import dagster as dg
    from conftest import REPO_ROOT

    from pipelines.assets.resources import HytemartResource
    from pipelines.definitions import ASSETS, CHECKS

    tmp = tmp_path_factory.mktemp("downloads")
    raw = tmp / "raw"
    shutil.copytree(REPO_ROOT / "raw", raw)
    folder = raw / FOLDER
    folder.mkdir()
    descriptions = {}
    for path, (source, *_) in CORPUS.items():
        copy = folder / Path(path).name
        shutil.copy(PUBLIC / path, copy)
        descriptions[path] = describe(copy, source)
        copy.with_suffix(".yaml").write_text(descriptions[path], encoding="utf-8")
    resource = HytemartResource(raw_dir=str(raw), warehouse_dir=str(tmp / "warehouse"),
                                keep_published=1)
    result = dg.materialize([*ASSETS, *CHECKS], resources={"hytemart": resource},
                            raise_on_error=False)
    return result, tmp / "warehouse", descriptions


def test_describe_confirms_every_guess_of_these_files(downloads_build) -> None:
    _, _, descriptions = downloads_build
    for path, text in descriptions.items():
        marked = [line for line in text.splitlines() if "# CHECK" in line]
        assert not marked, (path, marked)


def test_every_file_adds_up_with_describes_description(downloads_build) -> None:
    result, warehouse, _ = downloads_build
    assert result.success
    accounting = {
        row[0].removeprefix(f"{FOLDER.as_posix()}/"): row[1:]
        for row in query(warehouse, "SELECT source_file, file_status, rows_read, rows_loaded, "
                         "rows_filtered, rows_quarantined, balanced FROM quality.row_accounting "
                         "WHERE source_file LIKE 'indicators/downloads/%'")
    }
    for path, (_, read, loaded, filtered, quarantined) in CORPUS.items():
        assert accounting[Path(path).name] == ("loaded", read, loaded, filtered, quarantined,
                                                True), path
    rules = query(warehouse, "SELECT DISTINCT rule FROM quality.quarantine "
                  "WHERE source_file LIKE 'indicators/downloads/%'")
    assert rules == [("year_out_of_range",)]


def fact(warehouse: Path, source_file: str, area: str, period: str, group: str,
         indicator: str | None = None) -> tuple:
    rows = query(warehouse, "SELECT value, status, flag FROM mart.fact_indicator_value WHERE "
                 "source_file = $f AND area_code = $a AND period = $p AND group_code = $g "
                 "AND ($i IS NULL OR indicator_code = $i)",
                 {"f": f"{FOLDER.as_posix()}/{source_file}", "a": area, "p": period, "g": group,
                  "i": indicator}, restricted=True)
    assert len(rows) == 1, (source_file, area, period, group, rows)
    return rows[0]


TOTAL = "total.total.total"


def test_values_land_where_the_files_say(downloads_build) -> None:
    _, warehouse, _ = downloads_build
    # 12ah: "1945";49046;4660;... -- the whole year and January from the column headings.
    assert fact(warehouse, "statfin_12ah_deaths_by_month_fi.csv", "SSS", "1945", TOTAL)[:2] == (
        49046.0, "ok")
    assert fact(warehouse, "statfin_12ah_deaths_by_month_fi.csv", "SSS", "1945M01", TOTAL)[:2] == (
        4660.0, "ok")
    # 11ll: "2022M12*" is December 2022, preliminary.
    assert fact(warehouse, "statfin_11ll_population_deaths_monthly_fi.csv", "SSS", "2022M12",
                TOTAL, "statfin_11ll:Kuolleet")[2] == "preliminary"
    # 12ng: "MK18 Kainuu";"2022W45*";18;5;13 -- region by code and name, ISO week, age x sex.
    kainuu = "statfin_12ng_weekly_deaths_kainuu_fi.csv"
    assert fact(warehouse, kainuu, "MK18", "2022W45", TOTAL) == (18.0, "ok", "preliminary")
    assert fact(warehouse, kainuu, "MK18", "2022W45", "male.total.total")[0] == 5.0
    # THL, Swedish: "Helsingfors och Nylands SVD;År 2020 Vecka 12;391".
    assert fact(warehouse, "thl_covid19case_hcd_weekly_sv.csv", "SHP25", "2020W12", TOTAL)[:2] == (
        391.0, "ok")
    # "Åland" among hospital districts is Åland's hospital district, not the region.
    assert query(warehouse, "SELECT DISTINCT area_code FROM mart.fact_indicator_value WHERE "
                 "source_file LIKE '%hcd_weekly_sv.csv' AND area_code LIKE '%22'") == [("SHP22",)]
    # THL, Finnish, by day: "Helsingin ja Uudenmaan SHP;2020-03-16;..." and no whole-country row.
    daily = "thl_covid19case_hcd_daily_fi_2020-06-03.csv"
    assert query(warehouse, "SELECT count(DISTINCT area_code), min(period), max(period), "
                 "any_value(frequency) FROM mart.fact_indicator_value WHERE source_file = $f",
                 {"f": f"{FOLDER.as_posix()}/{daily}"}) == [(21, "2020-01-01", "2020-12-31",
                                                              "daily")]
    # 11re in English: sex and year in the headings, ER areas by code and name; StatFin writes
    # ER3 for Turku too: the name decides (ER2).
    english = "statfin_005_11re_2020_20210916-103128_en.csv"
    assert query(warehouse, "SELECT DISTINCT area_code FROM mart.fact_indicator_value WHERE "
                 "source_file = $f ORDER BY 1", {"f": f"{FOLDER.as_posix()}/{english}"}) == [
        ("ERVA1",), ("ERVA2",), ("ERVA3",), ("ERVA4",), ("ERVA5",), ("ERVA6",), ("MA1",),
        ("MA2",), ("SSS",)]
    assert query(warehouse, "SELECT area_level, name_fi, parent_area_code, defined_by FROM "
                 "mart.dim_area WHERE area_code = 'ERVA6'") == [
        ("special_responsibility_area", "Åland", "SSS", "table")]
    # Aluesarjat: Helsinki's districts by the city's codes; peruspiiri 201 and osa-alue 201 apart.
    helsinki = "aluesarjat_A01HKIS_Vaestotulot.px"
    codes = {row[0] for row in query(
        warehouse, "SELECT DISTINCT area_code FROM mart.fact_indicator_value WHERE source_file = "
        "$f", {"f": f"{FOLDER.as_posix()}/{helsinki}"})}
    assert {"KU091", "KU091-SP1", "KU091-PP101", "KU091-OA10", "KU091-PP201",
            "KU091-OA201"} <= codes
    assert not codes & {"SSS"}
    # Vantaa: the unemployment rate (PRECISION 1) and the unemployed (0); ".." as its NOTE says.
    vantaa = "aluesarjat_C04S_VANS_Tyottomat_Sukupuoli.px"
    assert query(warehouse, "SELECT indicator_code, unit, decimals FROM mart.dim_indicator "
                 "WHERE indicator_code LIKE 'aluesarjat:Tyottom%' ORDER BY 1") == [
        ("aluesarjat:Tyottomat", "count", 0), ("aluesarjat:Tyottomyysaste", "percent", 1)]
    assert query(warehouse, "SELECT DISTINCT status FROM mart.fact_indicator_value WHERE "
                 "source_file = $f AND value IS NULL", {"f": f"{FOLDER.as_posix()}/{vantaa}"},
                 restricted=True) == [("not_available",)]
    # A district no classification names stays under its municipality with its own code.
    assert query(warehouse, "SELECT area_level, name_fi, parent_area_code FROM mart.dim_area "
                 "WHERE area_code = 'KU092-D69'") == [
        ("district", "Helsingin pitäjän kk.", "KU092")]
    # Two period columns read together: "2022*";"januari" is January 2022, preliminary.
    turnover = "asub_naringsliv_omsattning_monthly.csv"
    assert query(warehouse, "SELECT DISTINCT flag FROM mart.fact_indicator_value WHERE "
                 "source_file = $f AND period = '2022M01'",
                 {"f": f"{FOLDER.as_posix()}/{turnover}"}) == [("preliminary",)]
    assert query(warehouse, "SELECT DISTINCT area_code FROM mart.fact_indicator_value WHERE "
                 "source_file = $f", {"f": f"{FOLDER.as_posix()}/{turnover}"}) == [("MK21",)]
    # Statistics Sweden, no area: Sweden; rates per 1 000 from the measure's label.
    assert query(warehouse, "SELECT DISTINCT unit FROM mart.dim_indicator WHERE source = 'scb'"
                 ) == [("per_1000",)]
