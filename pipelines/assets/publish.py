"""Publishing: the checked mart goes out as a new file, swapped in atomically."""

import dagster as dg

from pipelines.assets.maps import MAP_ASSETS
from pipelines.assets.mart import MART_ASSETS
from pipelines.assets.pilot import PILOT_ASSETS
from pipelines.assets.projects import PROJECT_MART_ASSETS
from pipelines.assets.protection import (
    CHANGE_SOURCES,
    PUBLISHED_REPLACEMENTS,
    RESTRICTED_REPLACEMENTS,
    check_protection_is_current,
)
from pipelines.assets.protection import fact_indicator_value as protected_facts
from pipelines.assets.report import report_views
from pipelines.assets.report_settings import REPORT_SETTINGS_ASSETS
from pipelines.assets.resources import HytemartResource
from pipelines.publish.publication import publish
from pipelines.publish.warehouse import PUBLISHED_STORAGE_VERSION


@dg.asset(key_prefix="warehouse", group_name="publish",
          deps=[*MART_ASSETS, *PROJECT_MART_ASSETS, *PILOT_ASSETS, *REPORT_SETTINGS_ASSETS,
                protected_facts, report_views, *MAP_ASSETS])
def published_mart(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """warehouse/hytemart.duckdb: the mart, quality and report schemas, for BI tools to open
    read-only, with small numbers hidden; and warehouse/restricted/hytemart_restricted.duckdb,
    the same without protection, for the few allowed to see it.

    Runs only when every blocking check upstream passed; the previous files go to history/.
    """
    with hytemart.connect() as con:
        fact_parts = check_protection_is_current(con, hytemart.suppression_threshold)
        result = publish(con, hytemart.paths, context.run.run_id, hytemart.keep_published,
                         PUBLISHED_REPLACEMENTS, RESTRICTED_REPLACEMENTS, CHANGE_SOURCES,
                         fact_parts)
    context.log.info(
        f"published {result.path} ({sum(result.table_rows.values())} rows in "
        f"{len(result.table_rows)} tables); previous kept as {result.previous}; "
        f"unprotected copy {result.restricted}; published file {result.how[0]}, restricted "
        f"file {result.how[1]}"
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "previous": dg.MetadataValue.text(str(result.previous or "none")),
            "restricted": dg.MetadataValue.path(str(result.restricted)),
            "storage_version": dg.MetadataValue.text(PUBLISHED_STORAGE_VERSION),
            "tables": dg.MetadataValue.json(result.table_rows),
            "written": dg.MetadataValue.json({"published": result.how[0],
                                              "restricted": result.how[1]}),
        }
    )
