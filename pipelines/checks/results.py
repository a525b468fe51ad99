"""How check outcomes look in the Dagster UI: one shape for every suite and every SQL check."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dagster as dg
import duckdb
import pandas as pd

from pipelines.checks.expectations import SuiteOutcome

# A check reads the work database and says whether its rule holds.
CheckRun = Callable[[duckdb.DuckDBPyConnection], dg.AssetCheckResult]


@dataclass(frozen=True)
class Check:
    """A check run in the step of the asset it guards (pipelines/assets/steps.py)."""

    spec: dg.AssetCheckSpec
    run: CheckRun


def keyed(check: dg.AssetCheckSpec, result: dg.AssetCheckResult) -> dg.AssetCheckResult:
    """A check's result, named for its spec (the check functions leave the name out)."""
    return dg.AssetCheckResult(
        asset_key=check.asset_key, check_name=check.name, passed=result.passed,
        severity=result.severity, description=result.description, metadata=result.metadata)


def suite_result(
    outcome: SuiteOutcome, extra: dict[str, Any] | None = None,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
) -> dg.AssetCheckResult:
    """An expectation suite's outcome: each expectation with its failing count and examples."""
    failed = ", ".join(failure.label for failure in outcome.failures)
    metadata: dict[str, Any] = {
        "rows_validated": dg.MetadataValue.int(outcome.rows),
        "expectations": dg.MetadataValue.int(len(outcome.outcomes)),
        "failed_expectations": dg.MetadataValue.int(len(outcome.failures)),
        "results": dg.MetadataValue.md(outcome.to_markdown()),
    }
    for key, value in (extra or {}).items():
        metadata[key] = dg.MetadataValue.json(value)
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=severity,
        description=f"failed: {failed}" if failed else
        f"all {len(outcome.outcomes)} expectations hold on {outcome.rows} rows",
        metadata=metadata,
    )


def violations_result(
    found: pd.DataFrame, *, severity: dg.AssetCheckSeverity, holds: str, fails: str,
    total: int | None = None,
) -> dg.AssetCheckResult:
    """A SQL check whose query lists the violations: passes when it finds none. `total`: how
    many there are, when `found` holds only the first of them (millions are not read into
    pandas to show twenty)."""
    count = len(found) if total is None else total
    return dg.AssetCheckResult(
        passed=count == 0,
        severity=severity,
        description=holds if count == 0 else f"{count} {fails}",
        metadata={
            "violations": dg.MetadataValue.int(count),
            "examples": dg.MetadataValue.md(
                found.head(20).to_markdown(index=False) if len(found) else "none"
            ),
        },
    )
