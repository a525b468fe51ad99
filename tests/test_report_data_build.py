"""report.indicator_comparison and report.goal_progress as a whole build publishes them from
the bundled sample (issue 23): every area there, documented, small-number protection kept;
settings changed alone republished; a bad goal stops the build and leaves the published mart.

The read-only checks use the wellbeing tests' session build (tests/wellbeing_build.py); the
one test that changes settings builds its own copy four times."""

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from published import query
from wellbeing_build import SampleBuild, sample_build

from pipelines.sqlfiles import run_sql_file

WESTERN_UUSIMAA = ("HVA03", "KU049", "KU078", "KU149", "KU224", "KU235", "KU257", "KU444",
                   "KU710", "KU755", "KU927")
HEADLINE = ("sotkanet:127", "sotkanet:181", "sotkanet:189", "sotkanet:5", "sotkanet:3219",
            "sotkanet:4284", "sotkanet:187")
COMPARISON = "report.indicator_comparison"
COLUMNS = [
    "area_code", "area_level", "area_name_fi", "area_name_sv", "area_name_en",
    "indicator_code", "indicator_name_fi", "indicator_name_sv", "indicator_name_en", "unit",
    "decimals", "desirable_direction", "group_code", "frequency", "period", "period_start",
    "is_latest", "value", "status", "county_code", "county_value", "country_value",
    "peer_group_id", "peer_group_name_fi", "peer_group_name_sv", "peer_group_name_en",
    "peer_group_value", "peer_group_count", "rank", "rank_count", "comparison_class",
    "strength_or_need", "trend", "trend_change", "trend_periods"]
GOAL_COLUMNS = [
    "goal_id", "area_code", "indicator_code", "group_code", "goal_fi", "goal_sv", "goal_en",
    "responsible_unit", "desirable_direction", "baseline_period", "baseline_value",
    "latest_period", "latest_value", "target_value", "target_year", "share_of_way", "progress",
    "project_keys"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    built = sample_build(tmp_path_factory)
    assert built.result.success
    return built


def test_every_area_of_every_level_is_compared(sample: SampleBuild) -> None:
    warehouse = sample.warehouse
    # Computed in the file as a table, named by a view with exactly the agreed columns first.
    assert query(warehouse, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'mart' "
                 "AND table_name = 'fact_comparison'") == [(1,)]
    columns = [name for (name,) in query(
        warehouse, "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'report' AND "
        "table_name = $t ORDER BY column_index", {"t": "indicator_comparison"})]
    assert columns[:len(COLUMNS)] == COLUMNS
    goal_columns = [name for (name,) in query(
        warehouse, "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'report' AND "
        "table_name = 'goal_progress' ORDER BY column_index")]
    assert goal_columns[:len(GOAL_COLUMNS)] == GOAL_COLUMNS
    levels = dict(query(warehouse, f"SELECT area_level, count(DISTINCT area_code) FROM "
                                   f"{COMPARISON} GROUP BY 1"))
    assert levels == {"municipality": 309, "wellbeing_county": 23, "country": 1}
    # The county and each of its municipalities: every headline indicator's latest period.
    latest = set(query(warehouse, f"SELECT area_code, indicator_code FROM {COMPARISON} "
                                  "WHERE is_latest AND group_code = 'total.total.total'"))
    for area in WESTERN_UUSIMAA:
        assert {indicator for a, indicator in latest if a == area} >= set(HEADLINE), area
    espoo = query(warehouse, f"SELECT county_code, peer_group_id, rank_count, comparison_class "
                             f"FROM {COMPARISON} WHERE area_code = 'KU049' AND indicator_code = "
                             "'sotkanet:181' AND period = '2023' AND group_code = "
                             "'total.total.total'")
    # Every municipality but Åland's 16, which the employment service's statistics leave out.
    assert espoo[0][:3] == ("HVA03", "six_largest", 309 - 16)
    assert espoo[0][3] in ("highest_20", "middle_60", "lowest_20")


def test_the_restricted_file_computes_its_comparisons_when_read(sample: SampleBuild) -> None:
    """The restricted file is read ad hoc by a few, never by dashboards: its comparisons are a
    view over its own (unprotected) facts, so no build pays for them as a table."""
    restricted = sample.warehouse / "restricted" / "hytemart_restricted.duckdb"
    con = duckdb.connect(str(restricted), read_only=True)
    try:
        kinds = con.execute(
            "SELECT schema_name || '.' || table_name, 'table' FROM duckdb_tables() "
            "WHERE table_name IN ('fact_comparison', 'fact_latest_value') UNION ALL "
            "SELECT schema_name || '.' || view_name, 'view' FROM duckdb_views() "
            "WHERE view_name IN ('fact_comparison', 'fact_latest_value')").fetchall()
        assert sorted(kinds) == [("mart.fact_comparison", "view"),
                                 ("mart.fact_latest_value", "table")]
        # Read as a view, it ranks the unprotected values: every value the facts have.
        (missing,) = con.execute(
            "SELECT count(*) FROM mart.fact_indicator_value f JOIN mart.dim_area a "
            "USING (area_code) LEFT JOIN mart.fact_comparison c USING (indicator_code, "
            "area_code, group_code, period) WHERE a.area_level = 'municipality' "
            "AND f.status = 'ok' AND (c.value IS DISTINCT FROM f.value "
            "OR c.rank_from_highest IS NULL)").fetchone()
        assert missing == 0
        assert con.execute("SELECT count(*) FROM report.indicator_comparison "
                           "WHERE area_code = 'KU049'").fetchone()[0] > 0
    finally:
        con.close()


def test_every_new_relation_and_column_is_documented(sample: SampleBuild) -> None:
    relations = ("report.indicator_comparison", "report.goal_progress", "mart.fact_comparison",
                 "mart.dim_peer_group",
                 "mart.peer_group_member", "mart.area_peer_group", "mart.dim_goal",
                 "mart.goal_project")
    comments = dict(query(sample.warehouse, "SELECT schema_name || '.' || table_name, comment "
                          "FROM duckdb_tables() UNION ALL SELECT schema_name || '.' || view_name, "
                          "comment FROM duckdb_views()"))
    for relation in relations:
        assert comments.get(relation), relation
        undocumented = query(sample.warehouse, "SELECT column_name FROM duckdb_columns() WHERE "
                             "schema_name || '.' || table_name = $r AND comment IS NULL",
                             {"r": relation})
        assert undocumented == [], relation
    direction = query(sample.warehouse, "SELECT comment FROM duckdb_columns() WHERE schema_name "
                      "= 'mart' AND table_name = 'dim_indicator' AND column_name = "
                      "'desirable_direction'")
    assert "higher" in direction[0][0] and "neither" in direction[0][0]
    dictionary = (sample.reports / "data_dictionary.html").read_text(encoding="utf-8")
    for relation in relations:
        assert relation.split(".")[1] in dictionary, relation


def test_hidden_cells_are_never_ranked_classed_or_in_a_peer_value(sample: SampleBuild) -> None:
    warehouse = sample.warehouse
    hidden = query(warehouse, f"SELECT count(*) FILTER (WHERE status = 'suppressed'), "
                              f"count(value), count(rank), count(comparison_class), "
                              f"count(trend) FROM {COMPARISON} WHERE status NOT IN ('ok', 'zero')")
    # The county's aftercare clients (small counts), surveys missing for small municipalities.
    assert hidden[0][0] > 0 and hidden[0][1:] == (0, 0, 0, 0)
    # Ranks and peer medians as one would work them out from the published facts alone.
    assert query(warehouse, f"""
        WITH cell AS (
            SELECT indicator_code, group_code, period, area_level, count(value) AS n
            FROM {COMPARISON} GROUP BY ALL)
        SELECT count(*) FROM {COMPARISON} JOIN cell USING (indicator_code, group_code, period,
                                                           area_level)
        WHERE rank_count <> n""") == [(0,)]
    wrong = query(warehouse, f"""
        WITH peers AS (
            SELECT c.area_code, c.indicator_code, c.group_code, c.period,
                   median(f.value) AS expected, count(f.value) AS n
            FROM {COMPARISON} c
            JOIN mart.peer_group_member m ON m.peer_group_id = c.peer_group_id
            JOIN mart.fact_indicator_value f
              ON f.area_code = m.area_code AND f.area_code <> c.area_code
             AND f.indicator_code = c.indicator_code AND f.group_code = c.group_code
             AND f.period = c.period AND f.status IN ('ok', 'zero')
            GROUP BY ALL)
        SELECT c.area_code, c.indicator_code, c.period, c.peer_group_value, p.expected
        FROM {COMPARISON} c JOIN peers p USING (area_code, indicator_code, group_code, period)
        WHERE c.peer_group_value IS DISTINCT FROM p.expected OR c.peer_group_count <> p.n
        LIMIT 5""")
    assert wrong == []
    # A county value is the county's published one, never a hidden one.
    assert query(warehouse, f"""
        SELECT count(*) FROM {COMPARISON} m
        JOIN mart.fact_indicator_value f
          ON f.area_code = m.county_code AND f.indicator_code = m.indicator_code
         AND f.group_code = m.group_code AND f.period = m.period
        WHERE m.area_level = 'municipality' AND m.county_value IS DISTINCT FROM f.value""") == [
        (0,)]
    # Where lower is better, the strengths are the lowest fifth.
    assert set(query(warehouse, f"SELECT DISTINCT comparison_class, strength_or_need FROM "
                                f"{COMPARISON} WHERE desirable_direction = 'lower' AND "
                                "comparison_class IS NOT NULL")) == {
        ("lowest_20", "strength"), ("middle_60", "neutral"), ("highest_20", "need")}


def test_goals_are_followed_up(sample: SampleBuild) -> None:
    rows = query(sample.warehouse, "SELECT area_code, progress, project_keys FROM "
                                   "report.goal_progress")
    per_area: dict[str, int] = {}
    for area, _, _ in rows:
        per_area[area] = per_area.get(area, 0) + 1
    assert set(per_area) == set(WESTERN_UUSIMAA) and set(per_area.values()) <= {2, 3}
    assert {progress for _, progress, _ in rows} == {"reached", "on_track", "off_track"}
    projects = {key for (key,) in query(sample.warehouse,
                                        "SELECT project_key FROM mart.dim_project")}
    assert {key for _, _, keys in rows for key in keys} <= projects
    checks = {evaluation.check_name: evaluation.passed
              for evaluation in sample.result.get_asset_check_evaluations()}
    assert checks["report_settings_warnings"] is True


def materialized_matches_its_query(published: Path, tmp_path: Path) -> list[tuple]:
    """Rows where the published table mart.fact_comparison and its view's query over the same
    file differ."""
    copy = tmp_path / "check.duckdb"
    shutil.copyfile(published, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("ALTER TABLE mart.fact_comparison RENAME TO published")
        run_sql_file(con, "mart/fact_comparison")
        return con.execute("(SELECT * FROM mart.published EXCEPT ALL SELECT * FROM "
                           "mart.fact_comparison) UNION ALL (SELECT * FROM mart.fact_comparison "
                           "EXCEPT ALL SELECT * FROM mart.published) LIMIT 5").fetchall()
    finally:
        con.close()


def test_settings_changed_alone_are_republished_and_a_bad_goal_stops_the_build(
    sample_raw: Path, build, tmp_path: Path,
) -> None:
    warehouse = tmp_path / "warehouse"
    assert build(sample_raw).success
    unemployment = ("SELECT area_code, period, strength_or_need FROM report.indicator_comparison "
                    "WHERE indicator_code = 'sotkanet:181' AND group_code = 'total.total.total' "
                    "AND strength_or_need IS NOT NULL")
    before = {(area, period): need for area, period, need in query(warehouse, unemployment)}
    # Only raw/report/ changes: unemployment called a good thing (for the test), Espoo
    # compared with its size class.
    indicators = sample_raw / "report" / "indicators.yaml"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace(
        "sotkanet:181: lower", "sotkanet:181: higher"), encoding="utf-8")
    peers = sample_raw / "report" / "peer_groups.yaml"
    peers.write_text(peers.read_text(encoding="utf-8").replace(
        "  KU049: six_largest       # Espoo\n", ""), encoding="utf-8")
    second = build(sample_raw)
    assert second.success
    published = next(event for event in second.get_asset_materialization_events()
                     if event.asset_key.to_user_string() == "warehouse/published_mart")
    written = published.materialization.metadata["written"].value["published"]
    assert written.startswith("copied from the previous file")  # no fact changed
    assert "every row of mart.fact_comparison computed again" in written
    after = {(area, period): need for area, period, need in query(warehouse, unemployment)}
    turned = {"strength": "need", "need": "strength", "neutral": "neutral"}
    assert after == {key: turned[need] for key, need in before.items()}
    assert query(warehouse, "SELECT DISTINCT peer_group_id FROM report.indicator_comparison "
                 "WHERE area_code = 'KU049'") == [("size_100000_plus",)]
    assert materialized_matches_its_query(warehouse / "hytemart.duckdb", tmp_path) == []

    # One fact changes: the copy computes that indicator's rows again, and only them.
    youth = sample_raw / "indicators" / "sotkanet" / "sotkanet_youth_employment_2015_2023.json"
    cell = '{"indicator": 181, "region": 20, "year": 2023, "gender": "total", "value": 6.8}'
    text = youth.read_text(encoding="utf-8")
    assert cell in text
    youth.write_text(text.replace(cell, cell.replace("6.8", "2.1")), encoding="utf-8")
    fourth = build(sample_raw)
    assert fourth.success
    published = next(event for event in fourth.get_asset_materialization_events()
                     if event.asset_key.to_user_string() == "warehouse/published_mart")
    written = published.materialization.metadata["written"].value["published"]
    assert written.startswith("copied from the previous file")
    assert "1 parts of mart.fact_indicator_value" in written and "computed again" not in written
    assert query(warehouse, "SELECT value, rank_from_lowest FROM mart.fact_comparison WHERE "
                 "area_code = 'KU049' AND indicator_code = 'sotkanet:181' AND period = '2023' "
                 "AND group_code = 'total.total.total'") == [(2.1, 1)]
    assert materialized_matches_its_query(warehouse / "hytemart.duckdb", tmp_path) == []

    # A goal naming a project the register does not have: the build stops, naming the line,
    # and the published mart stays as it was.
    goals = sample_raw / "report" / "goals.yaml"
    text = goals.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = lines.index("    projects: [hytedata-2-0]") + 1
    goals.write_text(text.replace("    projects: [hytedata-2-0]",
                                  "    projects: [hytedata-3-0]", 1), encoding="utf-8")
    digest = hashlib.sha256((warehouse / "hytemart.duckdb").read_bytes()).hexdigest()
    fifth = build(sample_raw)
    assert not fifth.success
    failure = fifth.get_step_failure_events()[0]
    assert failure.step_key == "report_settings"
    assert (f"{goals}:{line}: goal hva03-unemployment: project 'hytedata-3-0' is not in "
            "mart.dim_project") in str(failure.step_failure_data.error.message)
    assert hashlib.sha256((warehouse / "hytemart.duckdb").read_bytes()).hexdigest() == digest
