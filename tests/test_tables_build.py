"""Described tables (PX, JSON-stat, PxWeb CSV, CSV, Excel) through whole builds into the mart."""

import shutil
from datetime import date
from pathlib import Path

import yaml
from published import query

from pipelines.ingest.px import read_px

STATFIN = Path("indicators") / "statfin"



def value_of(warehouse: Path, indicator: str, area: str, period: str, group: str) -> tuple:
    rows = query(warehouse, "SELECT value, status FROM mart.fact_indicator_value WHERE "
                 "indicator_code = $i AND area_code = $a AND period = $p AND group_code = $g",
                 {"i": indicator, "a": area, "p": period, "g": group})
    assert len(rows) == 1, rows
    return rows[0]


def test_sample_tables_reach_the_mart_with_values_and_statuses(sample_raw, build, tmp_path):
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["published_totals_add_up"] is True

    # PX: every cell of the file, read off the file itself.
    px = read_px(sample_raw / STATFIN / "vaerak_11rl_population_language_age_sample.px").cells
    cell = px[(px["Alue"] == "KU049") & (px["Kieli"] == "02") & (px["Vuosi"] == "2023")
              & (px["Ikä"] == "016-024")]
    assert value_of(warehouse, "statfin:population", "KU049", "2023", "total.16-24.other") == (
        cell["value"].iloc[0], "ok")
    assert query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value "
                 "WHERE indicator_code = 'statfin:population'") == [(len(px),)]
    # JSON-stat: a '.' status is missing, never a number.
    assert value_of(warehouse, "statfin:yksin_75", "KU049", "2023", "total.75-.total") == (
        None, "missing")
    assert value_of(warehouse, "statfin:yksin_75", "SSS", "2022", "total.75-.total") == (
        42.1, "ok")
    # PxWeb CSV: monthly periods, areas written as names, '..' kept as a status.
    assert value_of(warehouse, "statfin:unemployed_under_25", "KU049", "2024M06",
                    "total.-24.total") == (2688.0, "ok")
    assert value_of(warehouse, "statfin:unemployed_under_25", "KU149", "2024M03",
                    "total.-24.total") == (None, "not_applicable")
    assert query(warehouse, "SELECT DISTINCT frequency, period_start FROM "
                 "mart.fact_indicator_value WHERE period = '2024M03'") == [
        ("monthly", date(2024, 3, 1))]
    # County CSV (names, decimal comma, sex and language) and NGO Excel (bare codes, wide).
    statuses = dict(query(warehouse, "SELECT status, count(*) FROM mart.fact_indicator_value "
                          "WHERE indicator_code LIKE 'county:%' "
                          # not the youth pilot's tables (tests/test_youth_pilot_build.py)
                          "AND source_file NOT LIKE 'indicators/county/youth_%' GROUP BY 1"))
    assert statuses["confidential"] == 5
    assert query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value "
                 "WHERE status = 'confidential' AND value IS NOT NULL") == [(0,)]
    assert query(warehouse, "SELECT count(DISTINCT area_code) FROM mart.fact_indicator_value "
                 "WHERE indicator_code LIKE 'ngo:%'")[0][0] >= 2

    # The derived share, recording what it comes from, equals the two counts' ratio.
    other = value_of(warehouse, "statfin:population", "KU049", "2023", "total.16-24.other")[0]
    everyone = value_of(warehouse, "statfin:population", "KU049", "2023", "total.16-24.total")[0]
    share = value_of(warehouse, "derived:share_other_language_16_24", "KU049", "2023",
                     "total.16-24.total")
    assert share == (round(100 * other / everyone, 1), "ok")
    source = query(warehouse, "SELECT source, defined_in FROM mart.dim_indicator "
                   "WHERE indicator_code = 'derived:share_other_language_16_24'")
    assert source[0][0] == "derived" and "statfin:population" in source[0][1]

    groups = dict(query(warehouse, "SELECT group_code, label_en FROM mart.dim_population_group"))
    assert groups["total.16-24.other"] == "total, aged 16-24, other languages"
    assert groups["female.14-16.total"] == "females, aged 14-16"
    sources = {row[0] for row in query(warehouse, "SELECT DISTINCT source FROM "
                                                  "mart.dim_indicator")}
    # generated: the sample by postal code area and language (raw/indicators/generated/)
    assert sources == {"sotkanet", "statfin", "county", "ngo", "espoo", "derived", "generated"}
    # A described table is by sex when any of its values is (the school survey's females).
    by_sex = dict(query(warehouse, "SELECT indicator_code, has_sex_breakdown FROM "
                                   "mart.dim_indicator WHERE source <> 'sotkanet'"))
    with_sex = {code for code, found in by_sex.items() if found}
    assert with_sex and with_sex == {code for (code,) in query(
        warehouse, "SELECT DISTINCT f.indicator_code FROM mart.fact_indicator_value f "
                   "JOIN mart.dim_population_group g USING (group_code) "
                   "WHERE g.sex <> 'total' AND f.source <> 'sotkanet'")}
    assert None not in by_sex.values()
    # Sub-municipal areas: Espoo's major districts, written by name, under their municipality.
    assert value_of(warehouse, "espoo:youth_service_clients", "KU049-SA2", "2024",
                    "total.13-17.total") == (1577.0, "ok")
    assert query(warehouse, "SELECT area_level, parent_area_code, name_sv FROM mart.dim_area "
                 "WHERE area_code = 'KU049-SA2'") == [("district", "KU049", "Stor-Hagalund")]
    accounting = query(warehouse, "SELECT source_file, rows_read, rows_loaded, balanced "
                       "FROM quality.row_accounting WHERE source NOT IN ('sotkanet', 'projects')")
    # 7, 3 by postal code area (Paavo's two tables and the generated one, docs/maps.md) and
    # the youth pilot's 6 (issue 25).
    assert len(accounting) == 16 and all(row[3] for row in accounting)
    # The project page is accounted for too: its projects are its rows (issue 15).
    assert query(warehouse, "SELECT source_file, rows_read, rows_loaded, balanced FROM "
                 "quality.row_accounting WHERE source = 'projects'") == [
        ("projects/pages/espoo_ongoing_development.html", 8, 8, True)]
    assert all(row[1] == row[2] > 0 for row in accounting)


def test_bad_areas_and_broken_descriptions_are_reported(sample_raw, build, tmp_path) -> None:
    folder = sample_raw / "indicators" / "county"
    (folder / "extra.csv").write_text(
        "Alue;Vuosi;Osuus\nEspoo;2023;12,5\nÅland;2023;10,0\nEspo;2023;9,0\nEspoo;2023-13;8\n"
        "Kauniainen;2023;abc\n", encoding="utf-8")
    (folder / "extra.yaml").write_text(yaml.safe_dump({
        "source": "county", "decimal": ",", "area": {"column": "Alue"},
        "period": {"column": "Vuosi"}, "value": {"column": "Osuus"},
        "indicator": {"value": "extra"},
        "indicators": {"extra": {"name_fi": "Lisä", "unit": "percent"}},
    }), encoding="utf-8")
    (folder / "broken.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (folder / "broken.yaml").write_text("source: county\narea: [unclosed\n", encoding="utf-8")
    (folder / "nobody_describes_me.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    quarantined = query(warehouse, "SELECT row_number, rule, message FROM quality.quarantine "
                        "WHERE source_file = 'indicators/county/extra.csv' ORDER BY 1")
    assert [row[:2] for row in quarantined] == [
        (2, "ambiguous_area"), (3, "unknown_area"), (4, "invalid_period"),
        (5, "value_not_numeric")]
    assert quarantined[0][2].startswith("line 3, column Osuus: area name 'Åland' matches")
    assert value_of(warehouse, "county:extra", "KU049", "2023", "total.total.total") == (
        12.5, "ok")
    unreadable = query(warehouse, "SELECT source_file, error_message FROM quality.row_accounting "
                       "WHERE file_status = 'unreadable'")
    assert [row[0] for row in unreadable] == ["indicators/county/broken.yaml"]
    assert "broken.yaml" in unreadable[0][1]
    staged = next(e for e in result.get_asset_materialization_events()
                  if e.asset_key.to_user_string() == "staging/table_values").materialization
    assert staged.metadata["files_without_description"].value == [
        "indicators/county/nobody_describes_me.csv"]


def describe(path: Path, description: dict) -> None:
    path.with_suffix(".yaml").write_text(yaml.safe_dump(description, allow_unicode=True),
                                         encoding="utf-8")


def test_real_statistics_finland_files_load_with_every_value_and_status(
    realdata_dir: Path, build, tmp_path: Path
) -> None:
    # No raw/reference/ here: the bundled reference of every Finnish area is used, so the
    # wellbeing services counties (HVA01..HVA91) of 13u5 resolve, which the 2016 regions lack.
    raw = tmp_path / "raw"
    sotkanet = raw / "indicators" / "sotkanet"
    sotkanet.mkdir(parents=True)
    shutil.copy(realdata_dir / "sotkanet" / "regions_2016.json", sotkanet / "regions.json")
    shutil.copy(realdata_dir / "sotkanet" / "indicators_2016_subset.json",
                sotkanet / "indicators.json")
    statfin = raw / "indicators" / "statfin"
    statfin.mkdir()
    for name in ("vaerak_11rc_population_by_sex_age.px",
                 "tyonv_12r5_eckero_2024_confidential_cells.px",
                 "13u5_deaths_by_wellbeing_county_2024.jsonstat2.json"):
        shutil.copy(realdata_dir / "statfin" / name, statfin / name)
    describe(statfin / "vaerak_11rc_population_by_sex_age.px", {
        "source": "statfin", "area": {"value": "SSS"}, "period": {"dimension": "Vuosi"},
        "sex": {"dimension": "Sukupuoli"}, "age_group": {"dimension": "Ikä"},
        "indicator": {"dimension": "Tiedot"},
        "indicators": {"vaesto": {"name_fi": "Väestö 31.12.", "unit": "count"}},
    })
    tyonv = read_px(statfin / "tyonv_12r5_eckero_2024_confidential_cells.px")
    units = tyonv.dimension("Tiedot").units
    describe(statfin / "tyonv_12r5_eckero_2024_confidential_cells.px", {
        "source": "statfin", "area": {"dimension": "Alue"}, "period": {"dimension": "Kuukausi"},
        "indicator": {"dimension": "Tiedot"},
        "indicators": {code: {"name_fi": code, "unit": "percent" if unit == "prosentti"
                              else "count"} for code, unit in units.items()},
    })
    describe(statfin / "13u5_deaths_by_wellbeing_county_2024.jsonstat2.json", {
        "source": "statfin", "format": "jsonstat", "area": {"dimension": "hyvinvointialue"},
        "period": {"dimension": "vuosi"}, "indicator": {"dimension": "tiedot"},
        "age_group": {"dimension": "tilaston-peruskuolemansyy-aikasarjaluokitus",
                      "values": {"SSS": "total"}},
        "indicators": {"ksyylkm": {"name_fi": "Kuolleet", "unit": "count"}},
    })
    result = build(raw, tmp_path / "warehouse")
    assert result.success
    warehouse = tmp_path / "warehouse"
    accounting = {row[0].rsplit("/", 1)[1]: row[1:] for row in query(
        warehouse, "SELECT source_file, rows_read, rows_loaded, rows_quarantined "
        "FROM quality.row_accounting")}
    # Every cell of every file is in the mart: nothing quarantined, nothing lost.
    assert accounting["vaerak_11rc_population_by_sex_age.px"] == (9063, 9063, 0)
    assert accounting["tyonv_12r5_eckero_2024_confidential_cells.px"] == (253, 253, 0)
    assert accounting["13u5_deaths_by_wellbeing_county_2024.jsonstat2.json"] == (23, 23, 0)
    assert value_of(warehouse, "statfin:vaesto", "SSS", "2023", "total.total.total") == (
        5603851.0, "ok")
    assert value_of(warehouse, "statfin:vaesto", "SSS", "2023", "female.total.total") == (
        2829953.0, "ok")
    assert value_of(warehouse, "statfin:vaesto", "SSS", "1865", "male.85-.total")[1] == "ok"
    confidential = query(warehouse, "SELECT count(*), count(value) FROM mart.fact_indicator_value "
                         "WHERE area_code = 'KU043' AND status = 'confidential'")
    assert confidential == [(61, 0)]
    assert value_of(warehouse, "statfin:TYOTOSUUS", "KU043", "2024M03", "total.total.total") == (
        4.9, "ok")
    assert query(warehouse, "SELECT count(DISTINCT area_code) FROM mart.fact_indicator_value "
                 "WHERE indicator_code = 'statfin:ksyylkm'") == [(23,)]
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["published_totals_add_up"] is True  # men + women = total, every year


# The fifth table of issue 10, in its shape: areas in the publisher's own codes (ksu for the
# whole country), the newest quarters marked preliminary (2024Q1*), a one-member content
# dimension. A small PX file written here; the real files are in tests/test_real_tables.py.
MARKED_PX = """CHARSET="ANSI";
AXIS-VERSION="2013";
CODEPAGE="utf-8";
LANGUAGE="fi";
LANGUAGES="fi","en";
DECIMALS=0;
TITLE="Asuntokunnat alueittain";
TITLE[en]="Household-dwelling units by area";
CONTENTS="Asuntokunnat";
CONTENTS[en]="Household-dwelling units";
UNITS="lukumäärä";
UNITS[en]="number";
STUB="Alue";
STUB[en]="Area";
HEADING="Vuosineljännes","Tiedot";
HEADING[en]="Quarter","Information";
CONTVARIABLE="Tiedot";
CONTVARIABLE[en]="Information";
VALUES("Alue")="Koko Suomi","Espoo";
VALUES[en]("Area")="Whole country","Espoo";
CODES("Alue")="ksu","KU049";
VALUES("Vuosineljännes")="2023Q4","2024Q1*","2024Q2*";
VALUES[en]("Quarter")="2023Q4","2024Q1*","2024Q2*";
CODES("Vuosineljännes")="2023Q4","2024Q1*","2024Q2*";
VALUES("Tiedot")="Asuntokunnat";
VALUES[en]("Information")="Household-dwelling units";
CODES("Tiedot")="asuntokunnat";
DATA=
2851000 2853000 2856000
157200 3 157900;
"""


def test_publisher_codes_and_preliminary_quarters_reach_the_published_mart(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    folder = sample_raw / "indicators" / "statfin"
    (folder / "asuntokunnat.px").write_text(MARKED_PX, encoding="utf-8")
    (folder / "asuntokunnat.yaml").write_text(
        "source: statfin\narea: {dimension: Alue, values: {ksu: SSS}}\n"
        "period: {dimension: Vuosineljännes}\nindicator: {dimension: Tiedot}\n",
        encoding="utf-8")
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    rows = query(warehouse, "SELECT area_code, period, value, status, flag "
                 "FROM mart.fact_indicator_value WHERE indicator_code = 'statfin:asuntokunnat' "
                 "ORDER BY area_code DESC, period")
    # ksu is the whole country; the marker is off the period and in the flag; the published
    # mart hides the small count (3 < 5) and keeps its flag.
    assert rows == [
        ("SSS", "2023Q4", 2851000.0, "ok", None),
        ("SSS", "2024Q1", 2853000.0, "ok", "preliminary"),
        ("SSS", "2024Q2", 2856000.0, "ok", "preliminary"),
        ("KU049", "2023Q4", 157200.0, "ok", None),
        ("KU049", "2024Q1", None, "suppressed", "preliminary"),
        ("KU049", "2024Q2", 157900.0, "ok", "preliminary"),
    ]
    assert query(warehouse, "SELECT name_fi, name_en, unit, decimals FROM mart.dim_indicator "
                 "WHERE indicator_code = 'statfin:asuntokunnat'") == [
        ("Asuntokunnat", "Household-dwelling units", "count", 0)]
    assert query(warehouse, "SELECT latest_period, latest_flag FROM report.latest_value "
                 "WHERE indicator_code = 'statfin:asuntokunnat' AND area_code = 'SSS'") == [
        ("2024Q2", "preliminary")]
    assert query(warehouse, "SELECT flag FROM report.time_series WHERE indicator_code = "
                 "'statfin:asuntokunnat' AND area_code = 'SSS' ORDER BY period") == [
        (None,), ("preliminary",), ("preliminary",)]
    assert query(warehouse, "SELECT comment LIKE '%preliminary (e.g. 2024Q1*)%' FROM "
                 "duckdb_columns() WHERE table_name = 'fact_indicator_value' "
                 "AND column_name = 'flag'") == [(True,)]
