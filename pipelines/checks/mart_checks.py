"""SQL invariants of the mart, checked before publishing (all blocking). Run by the mart's
step (pipelines/assets/mart.py) as soon as the tables they read are built."""

import dagster as dg
import duckdb

from pipelines.checks.results import Check, violations_result
from pipelines.sqlfiles import load_sql

FACTS = dg.AssetKey(["mart", "fact_indicator_value"])
ROW_ACCOUNTING = dg.AssetKey(["quality", "row_accounting"])


def _violations(con: duckdb.DuckDBPyConnection, sql_name: str) -> dg.AssetCheckResult:
    found = con.execute(load_sql(sql_name)).df()
    return violations_result(found, severity=dg.AssetCheckSeverity.ERROR, holds="holds",
                             fails="violations")


def fact_keys_resolve(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    return _violations(con, "checks/fact_key_violations")


def rows_accounted_for(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    return _violations(con, "checks/unbalanced_files")


MART_CHECKS = [
    Check(dg.AssetCheckSpec(
        "fact_keys_resolve", asset=FACTS, blocking=True,
        description="Every fact row's area, indicator and population group is in its "
        "dimension. (The grain, indicator x area x period x group, is unique by the "
        "indicator_values suite, which checks the same rows.)"), fact_keys_resolve),
    Check(dg.AssetCheckSpec(
        "rows_accounted_for", asset=ROW_ACCOUNTING, blocking=True,
        description="For every source file, rows read = rows loaded + rows quarantined + rows "
        "filtered: nothing lost."), rows_accounted_for),
]
