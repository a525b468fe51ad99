"""Small-number protection of the published mart (pipelines/suppression.py).

The work database keeps the facts as they came (mart.fact_indicator_value, which the checks
and the restricted file read); schema protected holds what publishing puts in their place:
the hidden cells by key (protected.suppressed_value) and views that apply them.
"""

import dagster as dg
import duckdb

from pipelines.assets.mart import dim_area, dim_indicator, dim_population_group
from pipelines.assets.mart import fact_indicator_value as mart_facts
from pipelines.resources import HytemartResource
from pipelines.sqlfiles import query_sql_file, run_sql_file
from pipelines.suppression import cleanup, inherit, suppress

# Published in place of the work database's tables (publishing's replacements): in the
# published mart, and in the restricted file (the facts as they came, with the suppression
# the published mart applies).
PUBLISHED_REPLACEMENTS = {
    "mart.fact_indicator_value": "protected.fact_indicator_value",
    "quality.quarantine": "protected.quarantine",
}
RESTRICTED_REPLACEMENTS = {
    "mart.fact_indicator_value": "protected.fact_indicator_value_restricted",
}


@dg.asset(key_prefix="protected", group_name="mart",
          deps=[mart_facts, dim_area, dim_indicator, dim_population_group])
def fact_indicator_value(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """The facts with small numbers hidden: counts of 1 .. threshold-1 and what they can be
    worked out from (status suppressed, no value), as the published mart shows them."""
    threshold = hytemart.suppression_threshold
    with hytemart.connect() as con:
        try:
            report = suppress(con, "mart.fact_indicator_value", threshold)
            inherited = inherit(con, "staging.derived_indicator")
            run_sql_file(con, "protected/suppressed_value")
        finally:
            cleanup(con)
        run_sql_file(con, "protected/fact_indicator_value")
        rows, digest = query_sql_file(con, "protected/facts_fingerprint")[0]
        con.execute("CREATE OR REPLACE TABLE protected.protection_state AS "
                    "SELECT $rows AS fact_rows, $digest AS fact_hash, $threshold AS threshold",
                    {"rows": rows, "digest": digest, "threshold": threshold})
        by_indicator = con.execute(
            "SELECT indicator_code, suppression, count(*) AS cells "
            "FROM protected.suppressed_value GROUP BY ALL ORDER BY ALL"
        ).df()
    context.log.info(
        f"small-number protection (threshold {threshold}): {report.primary} primary, "
        f"{report.complementary} complementary in {report.rounds} rounds, "
        f"{inherited} derived values inherited"
    )
    return dg.MaterializeResult(
        metadata={
            "threshold": dg.MetadataValue.int(threshold),
            "primary": dg.MetadataValue.int(report.primary),
            "complementary": dg.MetadataValue.int(report.complementary),
            "inherited": dg.MetadataValue.int(inherited),
            "rounds": dg.MetadataValue.int(report.rounds),
            "by_indicator": dg.MetadataValue.md(by_indicator.to_markdown(index=False)),
        }
    )


def check_protection_is_current(con: duckdb.DuckDBPyConnection, threshold: int) -> None:
    """Refuse to publish facts the protection was not decided for: the facts changed since
    (staging re-run on its own, say) or the threshold is another. Raises dg.Failure."""
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'protected' "
                        "AND table_name = 'protection_state'").fetchone()[0]
    state = (con.execute("SELECT fact_rows, fact_hash, threshold FROM protected.protection_state")
             .fetchone() if found else None)
    rows, digest = query_sql_file(con, "protected/facts_fingerprint")[0]
    if state != (rows, digest, threshold):
        raise dg.Failure(
            description="small-number protection was decided for other facts or another "
            "threshold than are now in the work database; materialize "
            "protected/fact_indicator_value (or run the whole build_hytemart job) first"
        )
