"""The check of the area boundaries (mart.dim_area_boundary), run by their step
(pipelines/assets/maps.py): a warning, since a map without some boundaries still draws."""

import dagster as dg
import duckdb

from pipelines.checks.results import Check

DIM_AREA_BOUNDARY = dg.AssetKey(["mart", "dim_area_boundary"])


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


BOUNDARY_CHECKS = [
    Check(dg.AssetCheckSpec(
        "boundaries_match_areas", asset=DIM_AREA_BOUNDARY, blocking=False,
        description="Every boundary file is read and every boundary's code is an area of "
        "mart.dim_area; lists the areas with values but no boundary."), boundaries_match_areas),
]
