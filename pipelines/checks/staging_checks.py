"""Asset checks on staged data: the GE suite (blocking) and what went to the quarantine."""

from datetime import date

import dagster as dg

from pipelines.assets.staging import MIN_YEAR, sotkanet_values
from pipelines.checks.expectations import run_suite
from pipelines.checks.suites import staged_values_suite
from pipelines.resources import HytemartResource


@dg.asset_check(asset=sotkanet_values, blocking=True)
def sotkanet_values_expectations(hytemart: HytemartResource) -> dg.AssetCheckResult:
    """Great Expectations suite on every staged Sotkanet row: columns and types, known area and
    indicator codes, plausible years, values within their unit, one value per grain cell.
    Blocking: when it fails, the mart is not rebuilt or published."""
    with hytemart.connect() as con:
        frame = con.execute(
            "SELECT *, year(period_start) AS period_year FROM staging.sotkanet_values"
        ).df()
        known_areas = [row[0] for row in con.execute(
            "SELECT area_code FROM staging.sotkanet_region "
            "UNION SELECT area_code FROM staging.reference_area ORDER BY 1"
        ).fetchall()]
        known_indicators = [row[0] for row in con.execute(
            "SELECT indicator_code FROM staging.sotkanet_indicator ORDER BY 1"
        ).fetchall()]
    specs = staged_values_suite(known_areas, known_indicators, MIN_YEAR, date.today().year + 1)
    outcome = run_suite(frame, "sotkanet_values", specs)
    failed = ", ".join(failure.label for failure in outcome.failures)
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR,
        description=f"failed: {failed}" if failed else f"all {len(specs)} expectations hold",
        metadata={
            "rows_validated": dg.MetadataValue.int(outcome.rows),
            "expectations": dg.MetadataValue.int(len(outcome.outcomes)),
            "failed_expectations": dg.MetadataValue.int(len(outcome.failures)),
            "results": dg.MetadataValue.md(outcome.to_markdown()),
        },
    )


@dg.asset_check(asset=sotkanet_values)
def sotkanet_rows_quarantined(hytemart: HytemartResource) -> dg.AssetCheckResult:
    """Rows that broke a row rule and went to quality.quarantine, by rule, with examples, and
    files that could not be read at all. A warning: the build goes on with the good rows."""
    with hytemart.connect() as con:
        by_rule = con.execute(
            "SELECT rule, count(*) AS rows, "
            "string_agg(source_file || ':' || row_number || ' ' || message, ' / ') "
            "FILTER (WHERE example_rank <= 3) AS examples "
            "FROM (SELECT *, row_number() OVER (PARTITION BY rule ORDER BY source_file, "
            "row_number) AS example_rank FROM quality.quarantine WHERE source = 'sotkanet') "
            "GROUP BY rule ORDER BY rows DESC"
        ).df()
        unreadable = con.execute(
            "SELECT source_file, error_message FROM staging.source_file "
            "WHERE source = 'sotkanet' AND file_status = 'unreadable' ORDER BY source_file"
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


STAGING_CHECKS = [sotkanet_values_expectations, sotkanet_rows_quarantined]
