"""Apache Superset 6.1 (PyPI, duckdb-engine 0.17, DuckDB 1.4.4) on the published mart: the
chart's query on a report view, the catalog with the COMMENT ON texts, the hyte dashboard's
tables, and a build that publishes while Superset holds the file open."""

import json
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import Superset, build
from published import query

NEW_FILE = "sotkanet_population_2024.csv"
NEW_ROWS = """indicator;region;year;gender;primary value;absolute value
127;20;2024;total;320931;320931
127;20;2024;male;158010;158010
127;20;2024;female;162921;162921
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import REPO_ROOT

    warehouse = tmp_path_factory.mktemp("warehouse")
    build(REPO_ROOT / "raw", warehouse)
    return warehouse


@pytest.fixture(scope="module")
def shown(superset: Superset, warehouse: Path) -> dict:
    """What Superset shows of the published mart: the chart's data and the catalog (one
    Superset process for both: creating its app takes seconds)."""
    return superset.run("connect", "chart", "catalog", published=warehouse / "hytemart.duckdb")


def test_the_chart_shows_the_report_views_data(shown: dict, warehouse: Path) -> None:
    chart = shown["chart"]
    assert "FROM report.time_series" in chart["sql"]
    # What the chart shows is what the published view holds, read here with DuckDB itself.
    expected = query(warehouse, """
        SELECT period, max(value) FROM report.time_series
        WHERE indicator_code = 'sotkanet:127' AND area_code = 'KU049'
          AND group_code = 'total.total.total' GROUP BY period ORDER BY period""")
    assert len(expected) >= 5
    assert [(row["period"], row["value"]) for row in chart["rows"]] == expected


def test_the_catalog_lists_every_table_and_view_with_its_description(
    shown: dict, warehouse: Path,
) -> None:
    catalog = shown["catalog"]
    assert catalog["schemas"] == ["mart", "quality", "report"]
    shown = {(table["schema"], table["name"]): table for table in catalog["tables"]}
    con = duckdb.connect(str(warehouse / "hytemart.duckdb"), read_only=True)
    try:
        published = dict(((schema, name), comment) for schema, name, comment in con.execute("""
            SELECT schema_name, table_name, comment FROM duckdb_tables()
            WHERE schema_name IN ('mart', 'quality', 'report')
            UNION ALL SELECT schema_name, view_name, comment FROM duckdb_views()
            WHERE schema_name IN ('mart', 'quality', 'report') AND NOT internal""").fetchall())
        columns = {(schema, table, column): comment for schema, table, column, comment in
                   con.execute("""SELECT schema_name, table_name, column_name, comment
                                  FROM duckdb_columns()
                                  WHERE schema_name IN ('mart', 'quality', 'report')""")
                   .fetchall()}
    finally:
        con.close()
    assert set(shown) == set(published)
    assert {key: table["comment"] for key, table in shown.items()} == published
    assert all(published.values())  # every table and view is described
    assert {(schema, name, column["name"]): column["comment"]
            for (schema, name), table in shown.items() for column in table["columns"]} == columns
    assert shown[("report", "latest_value")]["type"] == "view"


def test_the_hyte_dashboard_shows_comparisons_and_goals(
    superset: Superset, shown: dict, warehouse: Path,
) -> None:
    """The welfare report's dashboard (issue 23): Espoo's latest indicators with their class
    and trend, and the goals' progress, as report.indicator_comparison and report.goal_progress
    hold them."""
    from superset_mart import (
        GOALS_CHART,
        GOALS_COLUMNS,
        INDICATORS_CHART,
        INDICATORS_COLUMNS,
    )

    report = superset.run("report")["report"]
    assert set(report["charts"]) == {INDICATORS_CHART, GOALS_CHART}
    indicators = report["charts"][INDICATORS_CHART]
    assert "FROM report.indicator_comparison" in indicators["sql"]
    expected = query(warehouse, f"""
        SELECT {', '.join(INDICATORS_COLUMNS)} FROM report.indicator_comparison
        WHERE area_code = 'KU049' AND group_code = 'total.total.total' AND is_latest
        ORDER BY indicator_name_en""")
    assert len(expected) >= 10
    assert [tuple(row[column] for column in INDICATORS_COLUMNS)
            for row in indicators["rows"]] == expected
    assert {row["comparison_class"] for row in indicators["rows"]} >= {"middle_60"}
    goals = report["charts"][GOALS_CHART]
    expected = query(warehouse, f"SELECT {', '.join(GOALS_COLUMNS)} FROM report.goal_progress "
                                "ORDER BY area_name_en, goal_en")
    assert [tuple(row[column] for column in GOALS_COLUMNS) for row in goals["rows"]] == expected
    assert {row["progress"] for row in goals["rows"]} == {"reached", "on_track", "off_track"}


def test_a_build_publishes_while_superset_holds_the_file(
    superset: Superset, sample_raw: Path, tmp_path: Path,
) -> None:
    warehouse = tmp_path / "warehouse"
    build(sample_raw, warehouse)
    superset.run("connect", published=warehouse / "hytemart.duckdb")
    holder = subprocess.Popen(superset.command("hold"), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        held = _json_line(holder, "holding")
        assert held["access_mode"] == "read_only" and held["duckdb"].startswith("v1.")
        # A new file lands and a build publishes over the file Superset holds open.
        (sample_raw / "indicators" / "sotkanet" / NEW_FILE).write_text(NEW_ROWS,
                                                                      encoding="utf-8")
        build(sample_raw, warehouse)
        facts_now = query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value")[0][0]
        assert facts_now == held["facts"] + 3
        # Superset's open connection still reads the file it opened, whole.
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert _json_line(holder, "facts_after")["facts_after"] == held["facts"]
        assert holder.wait(60) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    # A new query (a new connection) sees the new data: the chart has 2024.
    chart = superset.run("chart")["chart"]
    assert ("2024", 320931.0) in [(row["period"], row["value"]) for row in chart["rows"]]


def _json_line(process: subprocess.Popen, key: str) -> dict:
    """The next line of the process's output that is a JSON object with `key`."""
    for line in process.stdout:
        if line.startswith("{") and key in (parsed := json.loads(line)):
            return parsed
    raise AssertionError(f"{key!r} never printed: {process.stderr.read()[-4000:]}")
