"""Mart assets: each table is built by its SQL file in sql/mart/ (or sql/quality/)."""

import dagster as dg

from pipelines.assets.metadata import table_metadata
from pipelines.assets.staging import reference_areas, sotkanet_metadata
from pipelines.assets.tables import table_values
from pipelines.assets.values import indicator_values
from pipelines.resources import HytemartResource
from pipelines.sqlfiles import run_sql_file


def _build(hytemart: HytemartResource, schema: str, table: str) -> dg.MaterializeResult:
    with hytemart.connect() as con:
        run_sql_file(con, f"{schema}/{table}")
        return dg.MaterializeResult(metadata=table_metadata(con, schema, table))


# table_values: the postal code areas described tables name with their municipality.
@dg.asset(key_prefix="mart", group_name="mart",
          deps=[reference_areas, sotkanet_metadata, table_values])
def dim_area(hytemart: HytemartResource) -> dg.MaterializeResult:
    """Areas in Statistics Finland-style codes with fi/sv/en names and parents."""
    return _build(hytemart, "mart", "dim_area")


@dg.asset(key_prefix="mart", group_name="mart", deps=[indicator_values, table_values])
def dim_indicator(hytemart: HytemartResource) -> dg.MaterializeResult:
    """Indicators (source:id) with fi/sv/en names, unit and decimals."""
    return _build(hytemart, "mart", "dim_indicator")


@dg.asset(key_prefix="mart", group_name="mart", deps=[indicator_values])
def dim_population_group(hytemart: HytemartResource) -> dg.MaterializeResult:
    """Population groups: sex x age group x language group."""
    return _build(hytemart, "mart", "dim_population_group")


@dg.asset(
    key_prefix="mart",
    group_name="mart",
    deps=[indicator_values, dim_area, dim_indicator, dim_population_group],
)
def fact_indicator_value(hytemart: HytemartResource) -> dg.MaterializeResult:
    """One value per indicator x area x period x population group, with its status."""
    return _build(hytemart, "mart", "fact_indicator_value")


# After the project register's staging too: its pages are accounted for here (issue 15).
@dg.asset(key_prefix="quality", group_name="mart",
          deps=[fact_indicator_value, dg.AssetKey(["staging", "project_register"])])
def row_accounting(hytemart: HytemartResource) -> dg.MaterializeResult:
    """Per source file: rows read = rows loaded + rows quarantined + rows filtered (project
    pages: the projects found on them)."""
    return _build(hytemart, "quality", "row_accounting")


MART_ASSETS = [dim_area, dim_indicator, dim_population_group, fact_indicator_value, row_accounting]
