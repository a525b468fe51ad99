"""Mart assets: each table is built by its SQL file in sql/mart/ (or sql/checks/), all in one
step (pipelines/assets/steps.py) with the checks that guard them."""

import dagster as dg

from pipelines.assets.report_settings import INDICATOR_DIRECTION, indicator_direction_table
from pipelines.assets.staging import reference_areas, sotkanet_metadata
from pipelines.assets.steps import sql_table, tables_step
from pipelines.assets.tables import table_values
from pipelines.assets.values import indicator_values
from pipelines.checks.mart_checks import MART_CHECKS

REFERENCE_AREAS, SOTKANET_METADATA = reference_areas.key, sotkanet_metadata.key
TABLE_VALUES, INDICATOR_VALUES = table_values.key, indicator_values.key
DIM_AREA = dg.AssetKey(["mart", "dim_area"])
DIM_INDICATOR = dg.AssetKey(["mart", "dim_indicator"])
DIM_POPULATION_GROUP = dg.AssetKey(["mart", "dim_population_group"])
FACTS = dg.AssetKey(["mart", "fact_indicator_value"])
# After the project register's staging too: its pages are accounted for (issue 15).
PROJECT_REGISTER = dg.AssetKey(["staging", "project_register"])

mart_tables = tables_step("mart_tables", "mart", [
    # table_values: the postal code areas described tables name with their municipality.
    sql_table("mart", "dim_area", "Areas in Statistics Finland-style codes with fi/sv/en "
              "names and parents.", [REFERENCE_AREAS, SOTKANET_METADATA, TABLE_VALUES]),
    # The desirable directions (raw/report/indicators.yaml, descriptions) dim_indicator reads.
    indicator_direction_table,
    sql_table("mart", "dim_indicator", "Indicators (source:id) with fi/sv/en names, unit, "
              "decimals and desirable direction.",
              [INDICATOR_VALUES, TABLE_VALUES, INDICATOR_DIRECTION]),
    sql_table("mart", "dim_population_group", "Population groups: sex x age group x language "
              "group.", [INDICATOR_VALUES]),
    sql_table("mart", "fact_indicator_value", "One value per indicator x area x period x "
              "population group, with its status.",
              [INDICATOR_VALUES, DIM_AREA, DIM_INDICATOR, DIM_POPULATION_GROUP]),
    sql_table("quality", "row_accounting", "Per source file: rows read = rows loaded + rows "
              "quarantined + rows filtered (project pages: the projects found on them).",
              [FACTS, PROJECT_REGISTER]),
], MART_CHECKS)

MART_ASSETS = [mart_tables]
