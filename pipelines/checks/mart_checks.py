"""SQL invariants of the mart, checked before publishing (all blocking)."""

import dagster as dg

from pipelines.assets.mart import fact_indicator_value, row_accounting
from pipelines.checks.results import violations_result
from pipelines.resources import HytemartResource
from pipelines.sqlfiles import load_sql


def _violations(hytemart: HytemartResource, sql_name: str) -> dg.AssetCheckResult:
    with hytemart.connect() as con:
        found = con.execute(load_sql(sql_name)).df()
    return violations_result(found, severity=dg.AssetCheckSeverity.ERROR, holds="holds",
                             fails="violations")


@dg.asset_check(asset=fact_indicator_value, blocking=True)
def fact_keys_resolve(hytemart: HytemartResource) -> dg.AssetCheckResult:
    """Every fact row's area, indicator and population group is in its dimension. (The grain,
    indicator x area x period x group, is unique by the indicator_values suite, which checks
    the same rows.)"""
    return _violations(hytemart, "quality/fact_key_violations")


@dg.asset_check(asset=row_accounting, blocking=True)
def rows_accounted_for(hytemart: HytemartResource) -> dg.AssetCheckResult:
    """For every source file, rows read = rows loaded + rows quarantined + rows filtered:
    nothing lost."""
    return _violations(hytemart, "quality/unbalanced_files")


MART_CHECKS = [fact_keys_resolve, rows_accounted_for]
