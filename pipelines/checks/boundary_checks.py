"""The check of the area boundaries (mart.dim_area_boundary), run by their step
(pipelines/assets/maps.py): a warning, since a map without some boundaries still draws."""

import dagster as dg
import duckdb

from pipelines.checks.results import Check
from pipelines.sqlfiles import load_sql

DIM_AREA_BOUNDARY = dg.AssetKey(["mart", "dim_area_boundary"])


def boundaries_match_areas(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """Every boundary file read and every boundary code an area of mart.dim_area; the areas
    with values but no boundary at a level that has boundaries are listed (a map leaves them
    blank: e.g. a municipality merged since the boundaries' year)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for kind, subject, detail in con.execute(load_sql("checks/boundary_problems")).fetchall():
        found.setdefault(kind, []).append((subject, detail))
    errors = dict(found.get("unreadable", []))
    unknown = [code for code, _ in found.get("unknown_code", [])]
    unmapped = [code for code, _ in found.get("no_boundary", [])]
    problems = [f"{file}: {error}" for file, error in errors.items()]
    if unknown:
        problems.append(f"{len(unknown)} boundaries name no area of mart.dim_area: "
                        + ", ".join(unknown[:20]))
    described = "; ".join(problems) or "every boundary file read, every code an area"
    if unmapped:
        described += (f"; {len(unmapped)} areas with values have no boundary (blank on maps): "
                      + ", ".join(unmapped[:20]))
    return dg.AssetCheckResult(
        passed=not problems, severity=dg.AssetCheckSeverity.WARN, description=described,
        metadata={"unreadable_files": dg.MetadataValue.json(errors),
                  "unknown_codes": dg.MetadataValue.json(unknown),
                  "areas_without_boundary": dg.MetadataValue.json(unmapped)})


BOUNDARY_CHECKS = [
    Check(dg.AssetCheckSpec(
        "boundaries_match_areas", asset=DIM_AREA_BOUNDARY, blocking=False,
        description="Every boundary file is read and every boundary's code is an area of "
        "mart.dim_area; lists the areas with values but no boundary."), boundaries_match_areas),
]
