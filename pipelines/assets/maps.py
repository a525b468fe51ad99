"""Areas on maps: the boundary table and the report views that draw on it, in one step.

mart.dim_area_boundary is read from the GeoJSON files `reference/boundaries/boundaries.yaml`
lists in the raw directory, else from those bundled with hytemart (as the area reference is):
part of the product, not an input every raw directory must carry. The views report.area_map
and report.small_area_spread are built after the report schema (report/views drops and
re-creates it), and published with it.
"""

from typing import Any

import dagster as dg
import duckdb
import pandas as pd

from pipelines.assets.mart import DIM_AREA, DIM_INDICATOR, FACTS
from pipelines.assets.report import report_views
from pipelines.assets.steps import Table, tables_step
from pipelines.checks.results import Check
from pipelines.ingest.boundaries import BOUNDARIES_DIR, COLUMNS, LAYERS_FILE, read_boundaries
from pipelines.settings import PROJECT_ROOT
from pipelines.sqlfiles import run_sql_file

DIM_AREA_BOUNDARY = dg.AssetKey(["mart", "dim_area_boundary"])
AREA_MAP = dg.AssetKey(["report", "area_map"])
SMALL_AREA_SPREAD = dg.AssetKey(["report", "small_area_spread"])
BUNDLED_BOUNDARIES = PROJECT_ROOT.joinpath("raw", *BOUNDARIES_DIR)
# The boundary files that could not be read, for the check below.
ERRORS_DDL = ("CREATE OR REPLACE TABLE staging.area_boundary_error "
              "(source_file VARCHAR, error VARCHAR)")


def boundaries_folder(raw_path: Any) -> tuple[Any, bool]:
    """The raw directory's boundaries when it has a boundaries.yaml, else the bundled ones
    (second item: whether they are the bundled ones)."""
    own = raw_path.joinpath(*BOUNDARIES_DIR)
    if (own / LAYERS_FILE).is_file():
        return own, False
    return BUNDLED_BOUNDARIES, True


def stage_boundaries(con: duckdb.DuckDBPyConnection, folder: Any) -> tuple[int, dict[str, str]]:
    """staging.area_boundary from the files of `folder` (and staging.area_boundary_error from
    the files that could not be read); returns the rows and the errors."""
    rows, errors = read_boundaries(folder)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    con.register("area_boundary_input", frame)
    try:
        con.execute("CREATE OR REPLACE TABLE staging.area_boundary AS "
                    "SELECT * FROM area_boundary_input")
    finally:
        con.unregister("area_boundary_input")
    con.execute(ERRORS_DDL)
    for file, error in errors.items():
        con.execute("INSERT INTO staging.area_boundary_error VALUES (?, ?)", [file, error])
    return len(rows), errors


def build_boundaries(context: dg.AssetExecutionContext,
                     con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    folder, bundled = boundaries_folder(context.resources.hytemart.raw_path)
    if bundled:
        context.log.info(f"no {LAYERS_FILE} in the raw directory: using the bundled {folder}")
    rows, errors = stage_boundaries(con, folder)
    for file, error in errors.items():
        context.log.warning(f"boundary file {file} not loaded: {error}")
    run_sql_file(con, "mart/dim_area_boundary")
    levels = dict(con.execute("SELECT area_level, count(*) FROM mart.dim_area_boundary "
                              "GROUP BY ALL ORDER BY ALL").fetchall())
    context.log.info(f"{rows} area boundaries from {folder}: "
                     + ", ".join(f"{count} {level}" for level, count in levels.items()))
    return {"dagster/row_count": dg.MetadataValue.int(rows),
            "by_level": dg.MetadataValue.json(levels),
            "folder": dg.MetadataValue.path(str(folder)),
            "unreadable_files": dg.MetadataValue.json(errors)}


def view_build(name: str):
    def build(context: dg.AssetExecutionContext,
              con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        # Not counted or previewed: in the work file the views read the facts before
        # small-number protection (the published file re-creates them over protected ones).
        run_sql_file(con, f"outputs/report/{name}")
        columns = con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'report' AND table_name = $name", {"name": name}).fetchone()[0]
        return {"columns": dg.MetadataValue.int(columns)}
    return build


def boundaries_match_areas(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """Every boundary file read and every boundary code an area of mart.dim_area; the areas
    with values but no boundary at a level that has boundaries are listed (a map leaves them
    blank: e.g. a municipality merged since the boundaries' year)."""
    errors = con.execute("SELECT source_file, error FROM staging.area_boundary_error "
                         "ORDER BY ALL").fetchall()
    unknown = [code for (code,) in con.execute(
        "SELECT area_code FROM mart.dim_area_boundary WHERE name_fi IS NULL ORDER BY 1"
    ).fetchall()]
    unmapped = [code for (code,) in con.execute("""
        SELECT DISTINCT a.area_code FROM mart.dim_area a
        WHERE a.area_level IN (SELECT DISTINCT area_level FROM mart.dim_area_boundary)
          AND a.area_code NOT IN (SELECT area_code FROM mart.dim_area_boundary)
          AND EXISTS (SELECT 1 FROM mart.fact_indicator_value f WHERE f.area_code = a.area_code)
        ORDER BY 1""").fetchall()]
    problems = [f"{file}: {error}" for file, error in errors]
    if unknown:
        problems.append(f"{len(unknown)} boundaries name no area of mart.dim_area: "
                        + ", ".join(unknown[:20]))
    described = "; ".join(problems) or "every boundary file read, every code an area"
    if unmapped:
        described += (f"; {len(unmapped)} areas with values have no boundary (blank on maps): "
                      + ", ".join(unmapped[:20]))
    return dg.AssetCheckResult(
        passed=not problems, severity=dg.AssetCheckSeverity.WARN, description=described,
        metadata={"unreadable_files": dg.MetadataValue.json(dict(errors)),
                  "unknown_codes": dg.MetadataValue.json(unknown),
                  "areas_without_boundary": dg.MetadataValue.json(unmapped)})


map_tables = tables_step("area_maps", "report", [
    Table(DIM_AREA_BOUNDARY, "Area boundaries as GeoJSON (WGS84) with source, licence and "
          "attribution, for maps.", [DIM_AREA], build_boundaries),
    Table(AREA_MAP, "For choropleth maps: the latest period's value of every area beside its "
          "boundary.", [DIM_AREA_BOUNDARY, FACTS, DIM_INDICATOR, report_views.key],
          view_build("area_map")),
    Table(SMALL_AREA_SPREAD, "Differences between a municipality's small areas: quintile "
          "ratio and index of dissimilarity by language.",
          [DIM_AREA, FACTS, DIM_INDICATOR, report_views.key], view_build("small_area_spread")),
], [Check(dg.AssetCheckSpec(
    "boundaries_match_areas", asset=DIM_AREA_BOUNDARY, blocking=False,
    description="Every boundary file is read and every boundary's code is an area of "
    "mart.dim_area; lists the areas with values but no boundary."), boundaries_match_areas)])

MAP_ASSETS = [map_tables]
