"""How check outcomes look in the Dagster UI: one shape for every suite and every SQL check."""

from typing import Any

import dagster as dg
import pandas as pd

from pipelines.checks.expectations import SuiteOutcome


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
) -> dg.AssetCheckResult:
    """A SQL check whose query lists the violations: passes when it finds none."""
    return dg.AssetCheckResult(
        passed=found.empty,
        severity=severity,
        description=holds if found.empty else f"{len(found)} {fails}",
        metadata={
            "violations": dg.MetadataValue.int(len(found)),
            "examples": dg.MetadataValue.md(
                found.head(20).to_markdown(index=False) if len(found) else "none"
            ),
        },
    )
