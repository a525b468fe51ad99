"""All sources' clean values in one canonical view, with the indicators derived from them."""

import dagster as dg

from pipelines.assets.metadata import table_metadata
from pipelines.assets.resources import HytemartResource
from pipelines.assets.staging import sotkanet_values
from pipelines.assets.steps import VALIDATES_WITH_GE
from pipelines.assets.tables import table_values
from pipelines.checks import changed_parts
from pipelines.checks.staging_checks import STAGING_CHECK_SPECS, staging_check_results
from pipelines.settings import SQL_DIR
from pipelines.sqlfiles import run_sql_file


def derived_definitions() -> list[str]:
    """The derived indicators: one SQL file each in sql/derived/."""
    return sorted(path.stem for path in (SQL_DIR / "derived").glob("*.sql"))


@dg.asset(key_prefix="staging", group_name="staging", deps=[sotkanet_values, table_values],
          check_specs=STAGING_CHECK_SPECS, op_tags=VALIDATES_WITH_GE)
def indicator_values(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """staging.indicator_values: Sotkanet and described-table values in one long format, plus
    the derived indicators of sql/derived/, each recording what it was derived from; then
    checked (pipelines/checks/staging_checks.py)."""
    with hytemart.connect() as con:
        run_sql_file(con, "ingest/indicator_values")
        for name in derived_definitions():
            context.log.info(f"deriving {name}")
            run_sql_file(con, f"derived/{name}")
        # The values by part (source file x indicator), counted and hashed in one scan: what
        # the checks compare with their last run, and the counts shown here.
        changed_parts.staged_parts(con)
        (rows,) = con.execute("SELECT coalesce(sum(part_rows), 0)::BIGINT "
                              "FROM staged_parts_now").fetchone()
        metadata = table_metadata(con, "staging", "indicator_values", rows=rows)
        by_source = con.execute(
            "SELECT source, sum(part_rows)::BIGINT AS rows, "
            "count(DISTINCT indicator_code) AS indicators "
            "FROM staged_parts_now GROUP BY ALL ORDER BY ALL"
        ).df()
        checks = staging_check_results(con, context.log.info)
    metadata["rows_by_source"] = dg.MetadataValue.md(by_source.to_markdown(index=False))
    metadata["derived_indicators"] = dg.MetadataValue.json(derived_definitions())
    return dg.MaterializeResult(metadata=metadata, check_results=checks)
