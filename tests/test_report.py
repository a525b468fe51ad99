"""Reports for BI tools: the report views, the exports and the data dictionary.

One whole build of the sample checks the views' figures against the facts, their comments in
the published file, the exports and the dictionary; the rest runs on small files of its own.
"""

import csv
import json
import re
from pathlib import Path

import duckdb
import pytest

from pipelines.assets.report import REPORT_VIEWS
from pipelines.definitions import ASSETS
from pipelines.outputs.dictionary import quality_rules, write_dictionary
from pipelines.outputs.exports import PARQUET_ONLY_VIEWS, write_exports
from pipelines.publish.publication import publish
from pipelines.publish.warehouse import WarehousePaths, connect_work
from pipelines.settings import SQL_DIR

TOTAL = "total.total.total"


def query(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[tuple]:
    return con.execute(sql, params or {}).fetchall()


# ---------------------------------------------------------------------------
# One build of the sample


def test_sample_build_publishes_report_views_exports_and_dictionary(
    sample_raw, build, tmp_path
) -> None:
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    con = duckdb.connect(str(warehouse / "hytemart.duckdb"), read_only=True)
    try:
        check_latest_value(con)
        check_time_series(con)
        check_area_comparison(con)
        check_population_groups(con)
        check_project_targets(con)
        check_comments(con)
        check_exports(con, warehouse / "exports")
        check_dictionary(con, warehouse / "reports" / "data_dictionary.html")
    finally:
        con.close()
    check_exports_are_replaced_whole(warehouse)


def check_latest_value(con: duckdb.DuckDBPyConnection) -> None:
    # Espoo's population (sotkanet:127): 2023 against 2022, as in the facts.
    facts = dict(query(con, "SELECT period, value FROM mart.fact_indicator_value "
                       "WHERE indicator_code = 'sotkanet:127' AND area_code = 'KU049' "
                       "AND group_code = $g AND period IN ('2022', '2023')", {"g": TOTAL}))
    assert facts == {"2022": 310277.0, "2023": 314000.0}
    row = query(con, """
        SELECT latest_period, latest_period_start, latest_value, latest_status, previous_period,
               previous_value, previous_status, change_from_previous,
               relative_change_from_previous_percent, indicator_name_en, area_name_sv,
               group_label_fi, unit
        FROM report.latest_value
        WHERE indicator_code = 'sotkanet:127' AND area_code = 'KU049' AND group_code = $g""",
                {"g": TOTAL})
    assert len(row) == 1
    (period, start, value, status, previous_period, previous, previous_status, change,
     relative, indicator, area_sv, group_fi, unit) = row[0]
    assert (period, str(start), value, status) == ("2023", "2023-01-01", facts["2023"], "ok")
    assert (previous_period, previous, previous_status) == ("2022", facts["2022"], "ok")
    assert change == 3723.0 == facts["2023"] - facts["2022"]
    assert relative == 1.2  # 3723 / 310277 = 1.1999 %
    assert (indicator, area_sv, group_fi, unit) == ("Population at year end", "Esbo",
                                                    "yhteensä", "count")
    # A percentage: the change in percentage points, rounded to the publisher's decimals,
    # and no relative change.
    assert query(con, "SELECT latest_value, previous_value, change_from_previous, "
                 "relative_change_from_previous_percent FROM report.latest_value "
                 "WHERE indicator_code = 'sotkanet:189' AND area_code = 'KU049'") == [
        (10.1, 11.3, -1.2, None)]
    # One row per series (indicator x area x group x frequency) of the facts.
    series = query(con, "SELECT count(*) FROM (SELECT DISTINCT indicator_code, area_code, "
                   "group_code, frequency FROM mart.fact_indicator_value)")[0][0]
    # 415, 7016 of them by postal code area (the Paavo and language tables, docs/maps.md),
    # 1918 of the youth pilot's sample tables (issue 25), 9071 of the sample's CSV export
    # for every municipality, county and the country and 130 of the unemployment rate derived
    # by postal code area (issue 23).
    assert query(con, "SELECT count(*) FROM report.latest_value")[0][0] == series == 18550
    # A monthly series: the month before, not a year.
    assert query(con, "SELECT latest_period, previous_period FROM report.latest_value "
                 "WHERE indicator_code = 'statfin:unemployed_under_25' AND area_code = 'KU049'"
                 ) == [("2024M06", "2024M05")]
    # A latest cell that is not a number shows its status, not the older value.
    assert query(con, "SELECT latest_period, latest_value, latest_status, previous_period, "
                 "previous_value, change_from_previous FROM report.latest_value "
                 "WHERE indicator_code = 'statfin:yksin_75' AND area_code = 'KU049'") == [
        ("2023", None, "missing", "2022", 38.9, None)]


def check_time_series(con: duckdb.DuckDBPyConnection) -> None:
    assert query(con, "SELECT count(*) FROM report.time_series") == query(
        con, "SELECT count(*) FROM mart.fact_indicator_value")
    series = query(con, "SELECT period, period_start, value FROM report.time_series "
                   "WHERE indicator_code = 'sotkanet:127' AND area_code = 'KU049' "
                   "AND group_code = $g ORDER BY period_start", {"g": TOTAL})
    assert [row[0] for row in series] == [str(year) for year in range(2015, 2024)]
    assert series[0][2] == 285421.0 and series[-1][2] == 314000.0


def check_area_comparison(con: duckdb.DuckDBPyConnection) -> None:
    rows = query(con, """
        SELECT municipality_name_fi, municipality_value, wellbeing_county_code,
               wellbeing_county_name_en, wellbeing_county_value, country_code, country_name_sv,
               country_value, difference_to_wellbeing_county, difference_to_country
        FROM report.area_comparison
        WHERE municipality_code = 'KU049' AND indicator_code = 'sotkanet:189'
          AND period = '2023' AND group_code = $g""", {"g": TOTAL})
    facts = dict(query(con, "SELECT area_code, value FROM mart.fact_indicator_value "
                       "WHERE indicator_code = 'sotkanet:189' AND period = '2023' "
                       "AND group_code = $g AND area_code IN ('KU049', 'HVA03', 'SSS')",
                       {"g": TOTAL}))
    assert facts == {"KU049": 10.1, "HVA03": 10.3, "SSS": 11.2}
    assert rows == [("Espoo", 10.1, "HVA03", "Western Uusimaa wellbeing services county", 10.3,
                     "SSS", "Hela landet", 11.2, -0.2, -1.1)]
    # Counts are compared side by side, without a difference.
    assert query(con, "SELECT municipality_value, wellbeing_county_value, country_value, "
                 "difference_to_wellbeing_county, difference_to_country "
                 "FROM report.area_comparison WHERE municipality_code = 'KU049' "
                 "AND indicator_code = 'sotkanet:127' AND period = '2023' AND group_code = $g",
                 {"g": TOTAL}) == [(314000.0, 496200.0, 5500000.0, None, None)]
    # Every municipality value of the facts, and only those.
    municipal = query(con, "SELECT count(*) FROM mart.fact_indicator_value "
                      "JOIN mart.dim_area USING (area_code) WHERE area_level = 'municipality'")
    # 2099 before the youth pilot's sample tables (issue 25) and the sample's CSV export for
    # every area (issue 23).
    assert query(con, "SELECT count(*) FROM report.area_comparison") == municipal == [(75144,)]


def check_population_groups(con: duckdb.DuckDBPyConnection) -> None:
    # A school survey of 14-16-year-olds: by sex and by language, the total of both the
    # 14-16-year-olds (the age is the survey's scope, not a breakdown).
    lonely = query(con, """
        SELECT breakdown, sex, age_group, language_group, value, breakdown_total_group_code,
               breakdown_total_value
        FROM report.population_groups
        WHERE indicator_code = 'county:lonely' AND area_code = 'KU049' AND period = '2023'
        ORDER BY breakdown, group_code""")
    total = ("total.14-16.total", 11.4)
    assert lonely == [
        ("language", "total", "14-16", "fi", 11.1, *total),
        ("language", "total", "14-16", "other", 14.8, *total),
        ("language", "total", "14-16", "sv", 9.5, *total),
        ("sex", "female", "14-16", "total", 16.3, *total),
        ("sex", "male", "14-16", "total", 6.8, *total),
        ("total", "total", "14-16", "total", 11.4, *total),
    ]
    # Counts by language: shares of the published total.
    languages = query(con, """
        SELECT language_group, value, breakdown_total_value, share_of_breakdown_total_percent
        FROM report.population_groups
        WHERE indicator_code = 'statfin:population' AND area_code = 'KU049' AND period = '2023'
          AND breakdown = 'language' ORDER BY language_group""")
    assert languages == [("fi", 227650.0, 314000.0, 72.5), ("other", 65626.0, 314000.0, 20.9),
                         ("sv", 20724.0, 314000.0, 6.6)]
    # Indicators published for everyone only have no breakdown to show.
    assert query(con, "SELECT count(*) FROM report.population_groups "
                 "WHERE indicator_code = 'sotkanet:189'") == [(0,)]
    # 2142, 516 of the generated language table by postal code area (docs/maps.md), 4906 of
    # the youth pilot's sample tables (issue 25) and 68448 of the sample's CSV export for every
    # area (issue 23).
    assert query(con, "SELECT count(*) FROM report.population_groups") == [(76012,)]
    # A count small-number protection hid: suppressed, no value, no share; its sibling too.
    hidden = query(con, """
        SELECT sex, value, status, share_of_breakdown_total_percent, breakdown_total_value
        FROM report.population_groups
        WHERE indicator_code = 'county:aftercare_clients' AND area_code = 'KU235'
          AND period = '2023' AND breakdown = 'sex' ORDER BY sex""")
    assert hidden == [("female", None, "suppressed", None, 8.0),
                      ("male", None, "suppressed", None, 8.0)]


def check_project_targets(con: duckdb.DuckDBPyConnection) -> None:
    rows = query(con, """
        SELECT project_key, indicator_code, target_area_code, baseline_period, baseline_value,
               latest_value, change_since_baseline
        FROM report.project_targets WHERE indicator_code IS NOT NULL
        ORDER BY indicator_code, target_area_code""")
    assert len(rows) == query(con, "SELECT count(*) FROM mart.project_indicator")[0][0] == 8
    assert rows[0] == ("hytedata-2-0", "sotkanet:187", "HVA03", "2023", 251.1, 251.1, 0.0)
    # Projects whose card names no indicator are listed once each.
    without = query(con, "SELECT count(*), count(DISTINCT project_key) FROM "
                    "report.project_targets WHERE indicator_code IS NULL")
    assert without == [(7, 7)]
    assert query(con, "SELECT count(*) FROM report.project_targets") == [(15,)]


def check_comments(con: duckdb.DuckDBPyConnection) -> None:
    views = query(con, "SELECT view_name, comment FROM duckdb_views() "
                  "WHERE schema_name = 'report' ORDER BY view_name")
    assert [name for name, _ in views] == sorted(REPORT_VIEWS)
    assert all(comment for _, comment in views)
    undocumented = query(con, "SELECT table_name, column_name FROM duckdb_columns() "
                         "WHERE schema_name = 'report' AND (comment IS NULL OR comment = '')")
    assert undocumented == []
    # 145 + the publisher's flag in four views (issue 10): time_series.flag, latest_flag,
    # population_groups.flag, municipality_flag; + area_map's 23 and small_area_spread's 22;
    # + the youth pilot's three views (issue 25): youth_pilot_area 8, youth_language_gap 50,
    # youth_service_need 40; + indicator_comparison's 38 and goal_progress's 29 (issue 23).
    assert query(con, "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'report'"
                 )[0][0] == 149 + 45 + 98 + 38 + 29


def check_exports(con: duckdb.DuckDBPyConnection, exports: Path) -> None:
    tables = [row[0] for row in query(con, "SELECT table_name FROM duckdb_tables() "
                                      "WHERE schema_name = 'mart' ORDER BY 1")]
    # The facts as one file per source file, every other table as one file.
    assert sorted(path.stem for path in (exports / "mart").glob("*.parquet")) == [
        table for table in tables if table != "fact_indicator_value"]
    manifest = json.loads((exports / "manifest.json").read_text(encoding="utf-8"))
    for table in tables:
        rows = query(con, f'SELECT count(*) FROM mart."{table}"')[0][0]
        if table == "fact_indicator_value":
            parts = sorted((exports / "mart" / table).glob("*.parquet"))
            by_file = dict(query(con, "SELECT source_file, count(*) FROM mart.fact_indicator_value "
                                 "GROUP BY ALL"))
            assert len(parts) == len(by_file) > 1
            # Each file holds one source file's rows, all of them.
            for part in parts:
                ((source_file, count),) = query(
                    con, "SELECT source_file, count(*) FROM read_parquet($p) GROUP BY ALL",
                    {"p": str(part)})
                assert count == by_file[source_file]
            assert sum(manifest["files"][f"mart/{table}/{part.name}"]["rows"]
                       for part in parts) == rows
            continue
        path = exports / "mart" / f"{table}.parquet"
        assert query(con, "SELECT count(*) FROM read_parquet($p)", {"p": str(path)}) == [(rows,)]
        assert manifest["files"][f"mart/{table}.parquet"]["rows"] == rows
    assert sorted(path.stem for path in (exports / "report").glob("*.csv")) == sorted(
        view for view in REPORT_VIEWS if f"report.{view}" not in PARQUET_ONLY_VIEWS)
    with (exports / "report" / "latest_value.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [row[0] for row in query(
            con, "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'report' "
            "AND table_name = 'latest_value' ORDER BY column_index")]
        assert reader.fieldnames == columns
        espoo = [row for row in reader if row["indicator_code"] == "sotkanet:127"
                 and row["area_code"] == "KU049" and row["group_code"] == TOTAL]
    assert len(espoo) == 1
    assert espoo[0]["latest_period_start"] == "2023-01-01"
    assert espoo[0]["previous_period_start"] == "2022-01-01"
    assert espoo[0]["area_name_sv"] == "Esbo" and espoo[0]["latest_value"] == "314000.0"
    # Nothing half-written left beside the exports.
    assert not list(exports.parent.glob(".exports*"))


def check_dictionary(con: duckdb.DuckDBPyConnection, page_path: Path) -> None:
    page = page_path.read_text(encoding="utf-8")
    relations = query(con, "SELECT schema_name, table_name FROM duckdb_tables() UNION ALL "
                      "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal")
    # 30 tables (mart.project_history, project_name: issue 15; mart.fact_latest_value and
    # mart.fact_comparison: tables in the published file; mart.dim_area_boundary: issue 24;
    # mart.youth_pilot and its four tables: issue 25; the welfare reports' peer groups and
    # goals: issue 23), 13 views (area_map, small_area_spread, the youth pilot's three,
    # indicator_comparison and goal_progress).
    assert len(relations) == 30 + 13
    articles = dict(re.findall(r'<article id="([^"]+)">(.*?)</article>', page, re.DOTALL))
    assert set(articles) == {f"{schema}.{name}" for schema, name in relations}
    for schema, name in relations:
        columns = query(con, "SELECT column_name FROM duckdb_columns() WHERE schema_name = $s "
                        "AND table_name = $t", {"s": schema, "t": name})
        for (column,) in columns:
            assert f'<td class="name">{column}</td>' in articles[f"{schema}.{name}"]
    assert "no description" not in page
    fact = articles["mart.fact_indicator_value"]
    for rule in ("indicator_values_expectations", "fact_keys_resolve", "rows_quarantined",
                 "ExpectCompoundColumnsToBeUnique(", "value_out_of_unit_range"):
        assert rule in fact
    assert "project_register_expectations" in articles["mart.dim_project"]
    assert "rows_accounted_for" in articles["quality.row_accounting"]
    # Self-contained: no scripts, nothing loaded from elsewhere.
    assert "<script" not in page and "src=" not in page and "<link" not in page
    # Every table the rules name is published.
    assert set(quality_rules()) <= {f"{schema}.{name}" for schema, name in relations}


def check_exports_are_replaced_whole(warehouse: Path) -> None:
    """A second export replaces the first whole (a file that is no longer exported goes); one
    that fails leaves the previous exports as they were."""
    exports = warehouse / "exports"
    stale = exports / "mart" / "dropped_table.parquet"
    stale.write_bytes(b"old")
    first = {path.relative_to(exports): path.stat().st_ino for path in exports.rglob("*.parquet")
             if "dropped_table" not in path.name}
    result = write_exports(warehouse / "hytemart.duckdb", exports, "second-run")
    assert not stale.exists()
    # Nothing changed: every file is the previous one, linked, not written again.
    assert {path.relative_to(exports): path.stat().st_ino
            for path in exports.rglob("*.parquet")} == first
    assert set(result.kept) == set(result.files)
    before = {path: path.read_bytes() for path in exports.rglob("*") if path.is_file()}
    with pytest.raises(FileNotFoundError):
        write_exports(warehouse / "missing.duckdb", exports, "third-run")
    assert {path: path.read_bytes() for path in exports.rglob("*") if path.is_file()} == before
    assert not list(warehouse.glob(".exports*"))


# ---------------------------------------------------------------------------
# Without a build


def test_report_views_are_the_sql_files() -> None:
    assert sorted(REPORT_VIEWS) == sorted(
        path.stem for path in (SQL_DIR / "outputs" / "report").glob("*.sql"))


def test_dictionary_names_every_check() -> None:
    """The dictionary's rules name each asset check of the build, so a new check shows up."""
    named = {rule.name for rules in quality_rules().values() for rule in rules}
    checks = {key.name for asset in ASSETS for key in asset.check_keys}
    assert checks <= named


def test_publish_creates_views_that_read_other_views(tmp_path: Path) -> None:
    """report.a reads report.z, which sorts after it, and a mart view: publishing creates them
    in an order that binds, with their comments."""
    paths = WarehousePaths(tmp_path)
    with connect_work(paths) as con:
        con.execute("CREATE SCHEMA report")
        con.execute("CREATE TABLE mart.t AS SELECT range AS id FROM range(3)")
        con.execute("COMMENT ON TABLE mart.t IS 'ids'")
        con.execute("COMMENT ON COLUMN mart.t.id IS 'an id'")
        con.execute("CREATE VIEW mart.v AS SELECT id FROM mart.t WHERE id > 0")
        con.execute("CREATE VIEW report.z AS SELECT id * 10 AS tens FROM mart.v")
        con.execute("CREATE VIEW report.a AS SELECT sum(tens) AS total FROM report.z")
        con.execute("COMMENT ON VIEW report.a IS 'the sum'")
        con.execute("COMMENT ON COLUMN report.a.total IS 'sum of tens'")
        publish(con, paths, "run-1", keep=1)
    published = duckdb.connect(str(paths.published), read_only=True)
    try:
        assert query(published, "SELECT total FROM report.a") == [(30,)]
        assert query(published, "SELECT comment FROM duckdb_views() WHERE view_name = 'a'"
                     ) == [("the sum",)]
        assert query(published, "SELECT comment FROM duckdb_columns() "
                     "WHERE table_name = 'a'") == [("sum of tens",)]
    finally:
        published.close()


def test_publish_fails_on_a_view_that_cannot_bind(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    with connect_work(paths) as con:
        con.execute("CREATE TABLE mart.t AS SELECT 1 AS id")
        con.execute("CREATE VIEW mart.v AS SELECT id FROM mart.t")
        # A view of a schema that is not published cannot be re-created in the published file.
        con.execute("CREATE TABLE staging.s AS SELECT 1 AS x")
        con.execute("CREATE VIEW mart.w AS SELECT x FROM staging.s")
        with pytest.raises(duckdb.CatalogException, match="staging"):
            publish(con, paths, "run-1", keep=1)
    assert not paths.published.exists()
    assert list(tmp_path.glob(".hytemart*")) == []


def test_dictionary_escapes_comments(tmp_path: Path) -> None:
    path = tmp_path / "published.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA mart")
    con.execute('CREATE TABLE mart."t<b>" (id INTEGER, "x&y" VARCHAR)')
    con.execute("""COMMENT ON TABLE mart."t<b>" IS '<script>alert("x")</script> & more'""")
    con.execute("""COMMENT ON COLUMN mart."t<b>".id IS 'a < b > c'""")
    con.close()
    result = write_dictionary(path, tmp_path / "reports" / "dictionary.html")
    page = result.path.read_text(encoding="utf-8")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page
    assert 'id="mart.t&lt;b&gt;"' in page
    assert "a &lt; b &gt; c" in page and "x&amp;y" in page
    assert (result.tables, result.views, result.columns) == (1, 0, 2)


def test_views_too_large_for_csv_go_out_as_parquet_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.outputs import exports

    published = tmp_path / "hytemart.duckdb"
    con = duckdb.connect(str(published))
    con.execute("CREATE SCHEMA report")
    con.execute("CREATE VIEW report.small AS SELECT range AS n FROM range(3)")
    con.execute("CREATE VIEW report.big AS SELECT range AS n FROM range(10)")
    con.close()
    monkeypatch.setattr(exports, "CSV_MAX_ROWS", 5)
    result = write_exports(published, tmp_path / "exports", "run")
    assert result.files == {"report/big.parquet": 10, "report/small.parquet": 3,
                            "report/small.csv": 3}
    assert (tmp_path / "exports" / "report" / "small.csv").read_text().splitlines() == [
        "n", "0", "1", "2"]
    assert not (tmp_path / "exports" / "report" / "big.csv").exists()


def small_published(path: Path, espoo_2023: float) -> None:
    """A published file of two source files' facts, a dimension and a view."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA mart")
    con.execute("CREATE SCHEMA report")
    con.execute("CREATE TABLE mart.dim_area AS SELECT 'KU049' AS area_code, 'Espoo' AS name_fi")
    con.execute("CREATE TABLE mart.fact_indicator_value AS SELECT * FROM (VALUES "
                "('KU049', '2022', 1.0, 'a.csv'), ('KU049', '2023', $v, 'a.csv'), "
                "('KU049', '2022', 3.0, 'b/c.csv')) t(area_code, period, value, source_file)",
                {"v": espoo_2023})
    con.execute("CREATE VIEW report.latest AS SELECT area_code, max(period) AS period "
                "FROM mart.fact_indicator_value GROUP BY ALL")
    con.close()


def test_exports_rewrite_only_what_changed(tmp_path: Path) -> None:
    published, exports = tmp_path / "hytemart.duckdb", tmp_path / "exports"
    small_published(published, 2.0)
    first = write_exports(published, exports, "run-1")
    assert first.kept == []
    parts = sorted(path.name for path in (exports / "mart" / "fact_indicator_value").iterdir())
    assert len(parts) == 2 and parts[0].startswith("a.csv-") and parts[1].startswith("b_c.csv-")
    inodes = {path.name: path.stat().st_ino for path in exports.rglob("*") if path.is_file()}
    small_published(published, 2.5)  # one value of a.csv changed
    second = write_exports(published, exports, "run-2")
    a_part = f"mart/fact_indicator_value/{parts[0]}"
    assert set(second.files) - set(second.kept) == {a_part}
    after = {path.name: path.stat().st_ino for path in exports.rglob("*") if path.is_file()}
    assert {name for name in inodes if inodes[name] != after[name]} == {
        parts[0], "manifest.json"}
    assert duckdb.sql(f"SELECT value FROM read_parquet('{exports / a_part}') "
                      "WHERE period = '2023'").fetchall() == [(2.5,)]


def test_views_with_a_row_per_fact_are_not_exported_at_national_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.outputs import exports

    published = tmp_path / "hytemart.duckdb"
    small_published(published, 2.0)
    con = duckdb.connect(str(published))
    con.execute("CREATE VIEW report.time_series AS SELECT * FROM mart.fact_indicator_value")
    con.close()
    monkeypatch.setattr(exports, "CSV_MAX_ROWS", 2)
    result = write_exports(published, tmp_path / "exports", "run")
    assert list(result.not_exported) == ["report/time_series"]
    assert "3 facts" in result.not_exported["report/time_series"]
    assert "report/latest.parquet" in result.files
    manifest = json.loads((tmp_path / "exports" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["not_exported"] == result.not_exported
