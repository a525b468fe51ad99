"""Checks of the staged values: the GE suite (blocking), what went to the quarantine and
whether published totals add up. Run by the indicator_values step (pipelines/assets/values.py)
once the values are staged."""

from collections.abc import Callable
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from pipelines.checks import changed_parts, expectations, ge_worker, sql_expectations
from pipelines.checks.expectations import (
    ExpectationOutcome,
    ExpectationSpec,
    SuiteOutcome,
    merge_outcomes,
)
from pipelines.checks.results import keyed, suite_result, violations_result
from pipelines.checks.runner import SuiteRunner
from pipelines.checks.sql_expectations import ge_version_is_verified, validate_in_sql
from pipelines.checks.suites import GRAIN, staged_values_suite
from pipelines.ingest.periods import MIN_YEAR
from pipelines.sqlfiles import load_sql, run_sql_file

# Rows per validated slice: bounds the memory of the pandas frames GE validates.
SLICE_ROWS = 250_000
STAGED_VALUES_SELECT = (
    "SELECT *, year(period_start) AS period_year FROM staging.indicator_values"
)
STAGED_VALUES_RELATION = f"({STAGED_VALUES_SELECT})"
# Names under which the incremental checks keep what they last saw (changed_parts.py).
SUITE, TOTALS = "indicator_values_expectations", "published_totals_add_up"


def plan_slices(
    files: list[tuple[str, int, int, int]], slice_rows: int
) -> list[list[tuple[str, int, int]]]:
    """Group (file, first row, last row, rows) into slices of about slice_rows rows: small files
    share a slice, a large file is cut by row-number ranges (rows are about evenly spread)."""
    slices: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    size = 0
    for name, first, last, rows in files:
        pieces = max(1, -(-rows // slice_rows))
        span = -(-(last - first + 1) // pieces)
        for piece in range(pieces):
            low = first + piece * span
            high = min(last, low + span - 1)
            piece_rows = rows // pieces
            if current and size + piece_rows > slice_rows:
                slices.append(current)
                current, size = [], 0
            current.append((name, low, high))
            size += piece_rows
    if current:
        slices.append(current)
    return slices


def validate_in_pandas_slices(
    con: duckdb.DuckDBPyConnection, runner: SuiteRunner, log: Callable[[str], None]
) -> SuiteOutcome:
    """Every staged row through GE's pandas route, a slice (of one source file) at a time; the
    grain, which spans slices, is checked once more over the whole table in SQL. The fallback
    when the SQL translations cannot be used; about 5 s per million rows."""
    files = con.execute(
        "SELECT source_file, min(row_number), max(row_number), count(*) "
        "FROM staging.indicator_values GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    if not files:
        return runner.validate(con.execute(f"{STAGED_VALUES_SELECT} LIMIT 0").df())
    parts = []
    slices = plan_slices(files, SLICE_ROWS)
    for number, ranges in enumerate(slices, start=1):
        # Each range names one file and a span of its row numbers; bound, never formatted in.
        where = " OR ".join(
            f"(source_file = $p{3 * i} AND row_number BETWEEN $p{3 * i + 1} AND $p{3 * i + 2})"
            for i in range(len(ranges))
        )
        params = {f"p{3 * i + k}": value for i, rng in enumerate(ranges)
                  for k, value in enumerate(rng)}
        frame = con.execute(f"{STAGED_VALUES_SELECT} WHERE {where}", params).df()
        parts.append(runner.validate(frame))
        log(f"validated slice {number}/{len(slices)}: {len(frame)} rows from {len(ranges)} files")
    outcome = merge_outcomes(parts)
    duplicates = con.execute(
        "SELECT indicator_code || ' ' || area_code || ' ' || period || ' ' || group_code, "
        "count(*) FROM staging.indicator_values GROUP BY ALL HAVING count(*) > 1 LIMIT 1000"
    ).fetchall()
    grain = ExpectationOutcome(
        label="grain unique across all files (SQL): " + ", ".join(GRAIN),
        success=not duplicates,
        unexpected_count=sum(count for _, count in duplicates),
        examples=[cell for cell, _ in duplicates[:5]],
        observed=None,
        error=None,
    )
    return SuiteOutcome(outcome.suite, outcome.rows, [*outcome.outcomes, grain])


def validate_staged_values(
    con: duckdb.DuckDBPyConnection, specs: list[ExpectationSpec], log: Callable[[str], None],
    scope: changed_parts.Scope | None = None,
) -> tuple[SuiteOutcome, dict[str, Any]]:
    """The suite on every staged row, or on the rows `scope` names (the others held last time:
    pipelines/checks/changed_parts.py says why that is enough): in DuckDB SQL, cross-checked
    by GE on a sample, where the GE version is one the translations were verified against;
    else GE's pandas route, over every row."""
    if not ge_version_is_verified():
        log("GE version not verified for the SQL translations: validating with pandas")
        outcome = validate_in_pandas_slices(con, SuiteRunner("indicator_values", specs), log)
        return outcome, {"route": "pandas (GE version not verified for SQL)"}
    relation, rows = STAGED_VALUES_RELATION, None
    if scope is not None and not scope.everything:
        con.execute("CREATE OR REPLACE TEMP TABLE recheck_file AS "
                    "SELECT unnest($files::VARCHAR[]) AS source_file", {"files": scope.files})
        con.execute("CREATE OR REPLACE TEMP TABLE recheck_indicator AS "
                    "SELECT unnest($codes::VARCHAR[]) AS indicator_code",
                    {"codes": scope.indicators})
        con.execute(f"CREATE OR REPLACE TEMP VIEW staged_values_changed AS "
                    f"{STAGED_VALUES_SELECT} WHERE source_file IN (FROM recheck_file) "
                    f"OR indicator_code IN (FROM recheck_indicator)")
        relation, rows = "staged_values_changed", scope.rows
    outcome, untranslated, facts = validate_in_sql(
        con, relation, "indicator_values", specs, rows)
    log(f"{facts['evaluated_in_sql']} expectations evaluated in SQL on "
        f"{facts['rows_evaluated']} rows of {outcome.rows}, cross-checked by GE on "
        f"{facts['cross_checked_rows']} rows")
    if untranslated:
        subset = [specs[index] for index in untranslated]
        log(f"no SQL translation for {', '.join(s.label() for s in subset)}: pandas route")
        rest = validate_in_pandas_slices(con, SuiteRunner("indicator_values_rest", subset), log)
        outcomes = list(outcome.outcomes)
        for index, filled in zip(untranslated, rest.outcomes, strict=False):
            outcomes[index] = filled
        outcome = SuiteOutcome(outcome.suite, outcome.rows, outcomes)
    return outcome, {"route": "sql + GE cross-check", **facts,
                     "pandas_route": [specs[index].label() for index in untranslated]}


def indicator_values_expectations(
    con: duckdb.DuckDBPyConnection, log: Callable[[str], None]
) -> dg.AssetCheckResult:
    known_areas = [row[0] for row in con.execute(
        "SELECT area_code FROM staging.all_areas ORDER BY 1").fetchall()]
    known_indicators = [row[0] for row in con.execute(
        "SELECT indicator_code FROM staging.all_indicators ORDER BY 1").fetchall()]
    specs = staged_values_suite(known_areas, known_indicators, MIN_YEAR,
                                date.today().year + 1)
    suite_print = changed_parts.fingerprint(
        repr(specs), version("great_expectations"), STAGED_VALUES_SELECT,
        *(Path(module.__file__).read_bytes() for module in (sql_expectations, expectations)))
    scope = changed_parts.scope(con, SUITE, suite_print, needs_held=True)
    log(f"suite on {scope.describe()}")
    outcome, route = validate_staged_values(con, specs, log, scope)
    ge_worker.finished("staged values")
    # Remembered only when it held: the rows it skips next time must hold it.
    if outcome.success:
        changed_parts.remember(con, SUITE, suite_print)
        return suite_result(outcome, {"route": route, "checked": scope.describe()})
    changed_parts.forget(con, SUITE)
    for failure in outcome.failures:
        log(f"failed: {failure.label}: {failure.unexpected_count} unexpected rows"
            + (f", e.g. {', '.join(map(str, failure.examples[:3]))}" if failure.examples else ""))
    repeats = repeated_keys(con)  # a failed build only: one more scan is cheap beside it
    for line in repeats:
        log(line)
    extra: dict[str, Any] = {"route": route, "checked": scope.describe()}
    if repeats:
        extra["repeated_keys"] = repeats
    return suite_result(outcome, extra)


def repeated_keys(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[str]:
    """Which files and rows stage the same cell twice, one sentence per set of files
    (sql/checks/duplicate_keys.sql): a key the grain allows once, staged by two files, is
    usually the same table downloaded twice or two tables that overlap."""
    found = con.execute(load_sql("checks/duplicate_keys"), {"limit": limit}).fetchall()
    lines = []
    for files, keys, key, rows in found:
        where = (f"within {files[0]}" if len(files) == 1
                 else "by " + " and ".join(files))
        hint = ("the file repeats a cell" if len(files) == 1 else
                "the same table twice, or tables that overlap: keep one, or drop the "
                "repeated members from one with a selection (keep/drop)")
        lines.append(f"{keys} keys staged more than once {where}, e.g. {key} at "
                     f"{', '.join(rows)} ({hint})")
    return lines


def rows_quarantined(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    # The first three rows of each rule as examples: arg_min keeps three per rule as it
    # goes, where numbering every quarantined row in order sorted them all (millions at
    # national scale).
    by_rule = con.execute(
        "SELECT rule, count(*) AS rows, array_to_string(list_transform(arg_min("
        "struct_pack(source_file, row_number, message), (source_file, row_number), 3), "
        "lambda e: e.source_file || ':' || e.row_number || ' ' || e.message), ' / ') "
        "AS examples FROM quality.quarantine q "
        "WHERE source_file IN (SELECT source_file FROM staging.source_file) "
        "GROUP BY rule ORDER BY rows DESC"
    ).df()
    unreadable = con.execute(
        "SELECT source_file, error_message FROM staging.source_file "
        "WHERE file_status = 'unreadable' ORDER BY source_file"
    ).df()
    quarantined = int(by_rule["rows"].sum()) if len(by_rule) else 0
    return dg.AssetCheckResult(
        passed=quarantined == 0 and unreadable.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{quarantined} rows quarantined, {len(unreadable)} files unreadable",
        metadata={
            "rows_quarantined": dg.MetadataValue.int(quarantined),
            "files_unreadable": dg.MetadataValue.int(len(unreadable)),
            "by_rule": dg.MetadataValue.md(
                by_rule.to_markdown(index=False) if len(by_rule) else "none"
            ),
            "unreadable_files": dg.MetadataValue.md(
                unreadable.to_markdown(index=False) if len(unreadable) else "none"
            ),
        },
    )


def published_totals_add_up(
    con: duckdb.DuckDBPyConnection, log: Callable[[str], None]
) -> dg.AssetCheckResult:
    """The mismatches of the indicators whose staged values changed worked out again, the
    others' kept (sql/checks/totals_mismatch.sql, pipelines/checks/changed_parts.py)."""
    (indicators,) = con.execute(
        "SELECT md5(coalesce(string_agg(concat_ws('|', indicator_code, additive, decimals), "
        "'#' ORDER BY indicator_code), '')) FROM staging.all_indicators").fetchone()
    totals_print = changed_parts.fingerprint(load_sql("checks/totals_mismatch"), indicators)
    scope = changed_parts.scope(con, TOTALS, totals_print, needs_held=False)
    log(f"totals check on {scope.describe()}")
    run_sql_file(con, "checks/totals_mismatch",
                 {"all": scope.everything, "indicators": scope.indicators})
    changed_parts.remember(con, TOTALS, totals_print)
    (total,) = con.execute("SELECT count(*) FROM staging.totals_mismatch").fetchone()
    first = con.execute("SELECT * FROM staging.totals_mismatch ORDER BY ALL LIMIT 20").df()
    return violations_result(first, severity=dg.AssetCheckSeverity.WARN,
                             holds="totals add up", fails="totals do not add up", total=total)


STAGED_VALUES = dg.AssetKey(["staging", "indicator_values"])
STAGING_CHECK_SPECS = [
    dg.AssetCheckSpec(
        "indicator_values_expectations", asset=STAGED_VALUES, blocking=True,
        description="Great Expectations suite on every staged row of every source: columns "
        "and types, known area and indicator codes, plausible years, values within their "
        "unit, one value per cell. Blocking: when it fails, the mart is not rebuilt or "
        "published."),
    dg.AssetCheckSpec(
        "rows_quarantined", asset=STAGED_VALUES,
        description="Rows that broke a row rule and went to quality.quarantine, by rule, with "
        "examples, and files that could not be read at all. A warning: the build goes on "
        "with the good rows."),
    dg.AssetCheckSpec(
        "published_totals_add_up", asset=STAGED_VALUES,
        description="A table's cells add up to its published totals (within rounding): for "
        "counts, male + female against total and fi + sv + other against all languages, "
        "where every cell involved is a published number. A warning: publishers' totals can "
        "include unclassified people."),
]


def staging_check_results(
    con: duckdb.DuckDBPyConnection, log: Callable[[str], None]
) -> list[dg.AssetCheckResult]:
    """The three checks' results, in STAGING_CHECK_SPECS' order, named for their specs.
    changed_parts.staged_parts() first: the staged values by part, as they are now."""
    results = [indicator_values_expectations(con, log), rows_quarantined(con),
               published_totals_add_up(con, log)]
    return [keyed(spec, result)
            for spec, result in zip(STAGING_CHECK_SPECS, results, strict=True)]
