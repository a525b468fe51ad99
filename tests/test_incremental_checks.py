"""The GE suite and the totals check of the staged values, run again only on the rows that can
have changed (pipelines/checks/changed_parts.py), find what checking every row finds: after
each change below, the incremental outcome is compared with the outcome of checking every
row again. Real GE (the cross-check) and real DuckDB, on a small work database."""

from collections.abc import Iterator

import duckdb
import pytest

from pipelines.checks import changed_parts
from pipelines.checks.staging_checks import (
    SUITE,
    TOTALS,
    indicator_values_expectations,
    published_totals_add_up,
)
from pipelines.sqlfiles import load_sql

LOG: list[str] = []

# One file per indicator; counts by sex (additive), so the totals check has work.
VALUES = """
CREATE OR REPLACE TABLE staging.indicator_values AS
SELECT 'sotkanet' AS source, 'indicators/' || indicator || '.csv' AS source_file,
       row_number() OVER ()::BIGINT AS row_number, 'sotkanet:' || indicator AS indicator_code,
       area AS area_code, year::VARCHAR AS period, 'annual' AS frequency,
       make_date(year, 1, 1) AS period_start, sex, 'total' AS age_group,
       'total' AS language_group, sex || '.total.total' AS group_code,
       (CASE sex WHEN 'total' THEN 30 WHEN 'male' THEN 14 ELSE 16 END)::DOUBLE AS value,
       NULL::DOUBLE AS absolute_value, 'ok' AS status, 'count' AS unit, NULL::VARCHAR AS flag
FROM (VALUES (1), (2), (3)) i(indicator), (VALUES ('KU049'), ('KU091')) a(area),
     range(2015, 2024) y(year), (VALUES ('total'), ('male'), ('female')) s(sex)
"""


@pytest.fixture()
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA staging")
    connection.execute(VALUES)
    connection.execute("CREATE TABLE staging.all_areas AS "
                       "SELECT unnest(['KU049', 'KU091']) AS area_code")
    connection.execute("CREATE TABLE staging.all_indicators AS SELECT 'sotkanet:' || i AS "
                       "indicator_code, true AS additive, 0 AS decimals FROM range(1, 5) t(i)")
    yield connection
    connection.close()


def run_checks(con: duckdb.DuckDBPyConnection) -> tuple[dict, dict]:
    """Both checks as a build runs them: (suite, totals), each as the UI would show it."""
    changed_parts.staged_parts(con)
    suite = indicator_values_expectations(con, LOG.append)
    totals = published_totals_add_up(con, LOG.append)
    return _shown(suite), _shown(totals)


def _shown(result) -> dict:
    metadata = {key: value.value for key, value in result.metadata.items()
                if key not in ("route", "checked", "rows_validated")}
    return {"passed": result.passed, "description": result.description, **metadata}


def checked_everything(con: duckdb.DuckDBPyConnection) -> tuple[dict, dict]:
    """The same checks over every row, as if never run before (then as they were)."""
    state = {table: con.execute(f"SELECT * FROM staging.{table}").fetchall()
             for table in ("checked_parts_state", "checked_part", "totals_mismatch")}
    for check in (SUITE, TOTALS):
        changed_parts.forget(con, check)
    found = run_checks(con)
    for table, rows in state.items():
        con.execute(f"DELETE FROM staging.{table}")
        if rows:
            con.executemany(f"INSERT INTO staging.{table} VALUES "
                            f"({', '.join('?' * len(rows[0]))})", rows)
    return found


def rows_checked(check_name: str) -> str:
    return next(line for line in reversed(LOG) if line.startswith(check_name))


def test_every_change_is_found_as_checking_every_row_finds_it(con) -> None:
    first = run_checks(con)
    assert first[0]["passed"] and first[1]["passed"], first
    assert "every row (first run" in rows_checked("suite on")

    # Nothing changed: nothing read again, GE not even needed, the same outcome.
    assert run_checks(con) == first
    assert "0 changed files and 0 indicators" in rows_checked("suite on")

    # A changed file: one unknown area, one male count off (the totals of its indicator).
    con.execute("UPDATE staging.indicator_values SET area_code = 'XX999' "
                "WHERE indicator_code = 'sotkanet:2' AND period = '2015' AND sex = 'female' "
                "AND area_code = 'KU091'")
    con.execute("UPDATE staging.indicator_values SET value = 20 WHERE indicator_code = "
                "'sotkanet:2' AND period = '2020' AND sex = 'male' AND area_code = 'KU049'")
    incremental = run_checks(con)
    assert "1 changed files and 1 indicators" in rows_checked("suite on")
    assert "1 changed files and 1 indicators" in rows_checked("totals check on")
    assert not incremental[0]["passed"] and "area_code" in incremental[0]["description"]
    assert incremental[1]["violations"] == 1
    assert incremental == checked_everything(con)

    # It failed, so the next run checks every row again, whatever changed.
    run_checks(con)
    assert "every row (first run" in rows_checked("suite on")

    # Fixed; then a new file repeats a key of an unchanged file (another indicator's file
    # holds the same cell): one duplicate, found among the changed indicators' rows.
    con.execute("UPDATE staging.indicator_values SET area_code = 'KU091' "
                "WHERE area_code = 'XX999'")
    fixed = run_checks(con)
    assert fixed[0]["passed"] and fixed[1]["violations"] == 1
    con.execute("INSERT INTO staging.indicator_values SELECT * REPLACE "
                "('indicators/again.csv' AS source_file) FROM staging.indicator_values "
                "WHERE indicator_code = 'sotkanet:3' AND period = '2023' AND sex = 'total' "
                "AND area_code = 'KU049'")
    duplicated = run_checks(con)
    assert "1 changed files and 1 indicators" in rows_checked("suite on")
    assert not duplicated[0]["passed"]
    assert "ExpectCompoundColumnsToBeUnique" in duplicated[0]["description"]
    assert duplicated == checked_everything(con)

    # The duplicate's file gone (after a failure: every row read again), then the file with
    # the mismatch: the mismatch goes with it, found by the gone part alone.
    con.execute("DELETE FROM staging.indicator_values WHERE source_file = 'indicators/again.csv'")
    assert run_checks(con)[0]["passed"]
    con.execute("DELETE FROM staging.indicator_values WHERE source_file = 'indicators/2.csv'")
    gone = run_checks(con)
    assert "0 changed files and 1 indicators" in rows_checked("totals check on")
    assert gone[0]["passed"] and gone[1]["passed"]
    assert gone == checked_everything(con)


def test_the_totals_of_unchanged_indicators_are_kept_and_new_rules_check_everything(
    con,
) -> None:
    con.execute("UPDATE staging.indicator_values SET value = 20 WHERE indicator_code = "
                "'sotkanet:1' AND period = '2016' AND sex = 'female' AND area_code = 'KU049'")
    assert run_checks(con)[1]["violations"] == 1
    # Another indicator changes: indicator 1's mismatch is kept, not worked out again.
    con.execute("UPDATE staging.indicator_values SET value = 10 WHERE indicator_code = "
                "'sotkanet:3' AND period = '2017' AND sex = 'male' AND area_code = 'KU091'")
    second = run_checks(con)
    assert "1 changed files and 1 indicators" in rows_checked("totals check on")
    assert second[1]["violations"] == 2
    assert second == checked_everything(con)
    # Indicator 1 is no longer additive: what the check reads changed, so it reads every row.
    con.execute("UPDATE staging.all_indicators SET additive = false "
                "WHERE indicator_code = 'sotkanet:1'")
    third = run_checks(con)
    assert "every row" in rows_checked("totals check on")
    assert third[1]["violations"] == 1


def test_fact_keys_resolve_names_every_row_with_an_unknown_or_missing_code() -> None:
    """sql/checks/fact_key_violations.sql looks up the codes first, then the rows."""
    from pipelines.checks.mart_checks import fact_keys_resolve

    con = duckdb.connect()
    con.execute("CREATE SCHEMA mart")
    con.execute("CREATE TABLE mart.dim_area AS SELECT 'KU049' AS area_code")
    con.execute("CREATE TABLE mart.dim_indicator AS SELECT 'sotkanet:1' AS indicator_code")
    con.execute("CREATE TABLE mart.dim_population_group AS SELECT 'total.total.total' "
                "AS group_code")
    con.execute("CREATE TABLE mart.fact_indicator_value AS SELECT * FROM (VALUES "
                "('sotkanet:1', 'KU049', '2020', 'total.total.total'), "
                "('sotkanet:1', 'KU049', '2021', 'total.total.total'), "
                "('sotkanet:1', 'XX999', '2020', 'total.total.total'), "
                "('sotkanet:2', 'KU049', '2020', NULL)) "
                "t(indicator_code, area_code, period, group_code)")
    assert fact_keys_resolve(con).metadata["violations"].value == 3
    found = con.execute(load_sql("checks/fact_key_violations")).fetchall()
    assert sorted(found) == [
        ("unknown area", "sotkanet:1", "XX999", "2020", "total.total.total"),
        ("unknown indicator", "sotkanet:2", "KU049", "2020", None),
        ("unknown population group", "sotkanet:2", "KU049", "2020", None)]
    con.execute("DELETE FROM mart.fact_indicator_value WHERE period = '2020'")
    assert fact_keys_resolve(con).passed
