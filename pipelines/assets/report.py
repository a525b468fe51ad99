"""Reports for BI tools: the report schema's views, the exports and the data dictionary.

Each view is built by its SQL file in sql/outputs/report/. The views read the mart (facts,
dimensions, the project register and its trend view) and hold no data of their own; publishing
re-creates them from their SQL inside the published file, so a BI tool reading `report.latest_value`
reads the published tables beside it. The exports and the dictionary are written after
publishing, from the published file.
"""

import dagster as dg
import duckdb

from pipelines.assets.maps import MAP_ASSETS
from pipelines.assets.mart import MART_ASSETS
from pipelines.assets.pilot import PILOT_ASSETS
from pipelines.assets.projects import PROJECT_MART_ASSETS
from pipelines.assets.report_settings import REPORT_SETTINGS_ASSETS
from pipelines.assets.resources import HytemartResource
from pipelines.ingest.raw_paths import escape_error
from pipelines.outputs.dictionary import DICTIONARY_NAME, write_dictionary
from pipelines.outputs.exports import EXPORTS_DIR_NAME, write_exports
from pipelines.outputs.wellbeing_report import write_wellbeing_reports
from pipelines.sqlfiles import quote_ident, run_sql_file

REPORT_SCHEMA = "report"
# <warehouse>/reports/: the data dictionary and the wellbeing report.
REPORTS_DIR_NAME = "reports"
# The report's themes, edited by analysts: <raw>/report/themes.yaml.
THEMES_FILE = ("report", "themes.yaml")
# One SQL file each, sql/outputs/report/<name>.sql, built in this order.
REPORT_VIEWS = ("latest_value", "time_series", "area_comparison", "population_groups",
                "project_targets", "indicator_comparison", "goal_progress", "area_map",
                "small_area_spread",
                # The youth pilot's (docs/youth-pilot.md), from mart.youth_pilot* too.
                "youth_pilot_area", "youth_language_gap", "youth_service_need")
# The mart's views the report views read (tables in the published file: MATERIALIZED_VIEWS in
# pipelines/publish/warehouse.py): the latest two periods of every series, and every fact
# beside what the welfare reports judge it by.
MART_VIEWS = ("mart/fact_latest_value", "mart/fact_comparison")


def build_report_views(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Re-create the report schema from sql/outputs/report/; returns each view's number of columns.

    The schema is dropped first so that a view removed from REPORT_VIEWS does not linger in the
    work database and get published. Nothing depends on the report views, so the drop is safe.
    DuckDB binds a view when it is created, so a view that does not fit the mart fails here.
    The views are not counted: at national scale that would run each of them over every fact
    (the exports count their rows).
    """
    con.execute(f"DROP SCHEMA IF EXISTS {quote_ident(REPORT_SCHEMA)} CASCADE")
    con.execute(f"CREATE SCHEMA {quote_ident(REPORT_SCHEMA)}")
    for view in MART_VIEWS:
        run_sql_file(con, view)
    for view in REPORT_VIEWS:
        run_sql_file(con, f"outputs/{REPORT_SCHEMA}/{view}")
    columns = con.execute(
        "SELECT table_name, count(*) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = $schema GROUP BY ALL",
        {"schema": REPORT_SCHEMA},
    ).fetchall()
    found = dict(columns)
    return {f"{REPORT_SCHEMA}.{view}": found[view] for view in REPORT_VIEWS}


@dg.asset(name="views", key_prefix=REPORT_SCHEMA, group_name="report",
          deps=[*MART_ASSETS, *PROJECT_MART_ASSETS, *MAP_ASSETS, *PILOT_ASSETS,
                *REPORT_SETTINGS_ASSETS])
def report_views(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """Views for BI tools in schema report: latest_value, time_series, area_comparison,
    population_groups, project_targets, indicator_comparison, goal_progress, area_map,
    small_area_spread and the youth pilot's youth_pilot_area, youth_language_gap and
    youth_service_need, with names in Finnish, Swedish and English and a comment on every
    column. Published with the mart."""
    with hytemart.connect() as con:
        columns = build_report_views(con)
    context.log.info(f"{len(columns)} report views: " + ", ".join(columns))
    return dg.MaterializeResult(metadata={"columns_by_view": dg.MetadataValue.json(columns)})


# After publishing: files for tools that do not read DuckDB, and the data dictionary. Both
# read the published file (read-only), so they show exactly what was published; each holds
# the warehouse's lock, shared with the other exports, so that no build publishes meanwhile.
# The key, not the asset, names published_mart: pipelines/assets/publish.py imports this.
PUBLISHED_MART = dg.AssetKey(["warehouse", "published_mart"])


@dg.asset(key_prefix="warehouse", group_name="report", deps=[PUBLISHED_MART])
def exports(context: dg.AssetExecutionContext, hytemart: HytemartResource) -> dg.MaterializeResult:
    """warehouse/exports/: Parquet of every mart table and CSV (UTF-8, header, ISO dates) of
    every report view, from the published file; the previous exports are replaced whole."""
    hytemart.hold_for_export()
    paths = hytemart.paths
    # The build's memory limit, spilling where the build spills (it has finished by now).
    config = {"memory_limit": hytemart.duckdb_memory_limit,
              "temp_directory": str(paths.work_db.parent / "spill")}
    result = write_exports(paths.published, paths.root / EXPORTS_DIR_NAME, context.run.run_id,
                           config)
    context.log.info(f"exported {len(result.files)} files to {result.directory}, "
                     f"{len(result.kept)} of them unchanged (kept from the previous exports)")
    for view, reason in result.not_exported.items():
        context.log.info(f"not exported: {view} ({reason})")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.directory)),
            "rows_by_file": dg.MetadataValue.json(result.files),
            "kept": dg.MetadataValue.int(len(result.kept)),
            "not_exported": dg.MetadataValue.json(result.not_exported),
        }
    )


@dg.asset(key_prefix="warehouse", group_name="report", deps=[PUBLISHED_MART])
def data_dictionary(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """warehouse/reports/data_dictionary.html: every schema, table, view and column of the
    published file with its description and type, and the quality rules that guard it."""
    hytemart.hold_for_export()
    paths = hytemart.paths
    result = write_dictionary(paths.published, paths.root / REPORTS_DIR_NAME / DICTIONARY_NAME)
    context.log.info(f"data dictionary {result.path}: {result.tables} tables, {result.views} "
                     f"views, {result.columns} columns")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "tables": dg.MetadataValue.int(result.tables),
            "views": dg.MetadataValue.int(result.views),
            "columns": dg.MetadataValue.int(result.columns),
        }
    )


@dg.asset(key_prefix="warehouse", group_name="report", deps=[PUBLISHED_MART])
def wellbeing_report(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """warehouse/reports/wellbeing_<area>_<lang>.html for each area of HYTEMART_REPORT_AREAS
    in Finnish, Swedish and English, and index.html: indicators by theme (raw/report/
    themes.yaml) with their trends against the wellbeing services county and the country,
    population groups, projects and data quality. Self-contained pages: they open offline."""
    hytemart.hold_for_export()
    paths = hytemart.paths
    themes_file = hytemart.raw_path.joinpath(*THEMES_FILE)
    if (escape := escape_error(themes_file, hytemart.raw_path)) is not None:
        raise dg.Failure(description=str(escape))
    if not themes_file.is_file():  # not an error, but every indicator lands in "other"
        context.log.warning(f"{themes_file} not found: every indicator of the wellbeing report "
                            "is under 'Other indicators'")
    # The build's memory limit, spilling where the build spills, as for the exports.
    config = {"memory_limit": hytemart.duckdb_memory_limit,
              "temp_directory": str(paths.work_db.parent / "spill")}
    result = write_wellbeing_reports(
        paths.published, paths.root / REPORTS_DIR_NAME, list(hytemart.report_areas),
        themes_file, log=context.log.info, config=config,
    )
    for warning in result.warnings:
        context.log.warning(warning)
    for path in result.removed:
        context.log.info(f"removed {path.name}: no longer written (an area no longer in the "
                         "report areas, or another plotly version)")
    context.log.info(f"{len(result.files)} wellbeing reports and {result.index.name} in "
                     f"{result.directory} ({result.seconds:.1f} s)")
    return dg.MaterializeResult(
        metadata={
            "index": dg.MetadataValue.path(str(result.index)),
            "paths": dg.MetadataValue.json([str(file.path) for file in result.files]),
            "areas": dg.MetadataValue.json(sorted({file.area_code for file in result.files})),
            "charts_per_page": dg.MetadataValue.json(
                {file.path.name: file.charts for file in result.files}),
            "theme_warnings": dg.MetadataValue.json(result.warnings),
            "seconds": dg.MetadataValue.float(round(result.seconds, 2)),
        }
    )


REPORT_ASSETS = [report_views, exports, data_dictionary, wellbeing_report]
