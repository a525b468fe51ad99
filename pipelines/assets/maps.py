"""Areas on maps: mart.dim_area_boundary, the boundaries the report views area_map and
small_area_spread (built with the other report views, pipelines/assets/report.py) and the
reports' maps draw.

It is read from the GeoJSON files `reference/boundaries/boundaries.yaml` lists in the raw
directory, else from those bundled with hytemart (as the area reference is): part of the
product, not an input every raw directory must carry.
"""

from typing import Any

import dagster as dg
import duckdb
import pandas as pd

from pipelines.assets.mart import DIM_AREA
from pipelines.assets.steps import Table, tables_step
from pipelines.checks.boundary_checks import BOUNDARY_CHECKS
from pipelines.ingest.boundaries import BOUNDARIES_DIR, COLUMNS, LAYERS_FILE, read_boundaries
from pipelines.settings import PROJECT_ROOT
from pipelines.sqlfiles import run_sql_file

DIM_AREA_BOUNDARY = dg.AssetKey(["mart", "dim_area_boundary"])
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


map_tables = tables_step("area_boundaries", "mart", [
    Table(DIM_AREA_BOUNDARY, "Area boundaries as GeoJSON (WGS84) with source, licence and "
          "attribution, for maps.", [DIM_AREA], build_boundaries),
], BOUNDARY_CHECKS)

MAP_ASSETS = [map_tables]
