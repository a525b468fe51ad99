"""Great Expectations 1.x, called directly (dagster-ge only supports GE < 1.0).

Suites are lists of ExpectationSpec: plain data naming a GE expectation class and its
arguments, so the code location loads without importing GE (about 3-5 s); GE is imported
only when a check runs (pipelines/checks/ge_validation.py, in the build's process or in the
GE worker's: pipelines/checks/runner.py chooses).
"""

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowsWhere:
    """Restricts an expectation to rows whose column value is (or is not) in a set."""

    column: str
    values: tuple[str, ...]
    negate: bool = False

    def __str__(self) -> str:
        return f"{self.column} {'not in' if self.negate else 'in'} {list(self.values)}"

    def to_ge(self) -> Any:
        from great_expectations.expectations.row_conditions import Column

        column = Column(self.column)
        return column.is_not_in(self.values) if self.negate else column.is_in(self.values)


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation: the class name in great_expectations.expectations, its kwargs and,
    optionally, the rows it applies to."""

    kind: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    where: RowsWhere | None = None

    def label(self) -> str:
        target = self.kwargs.get("column") or self.kwargs.get("column_list") or ""
        text = f"{self.kind}({target})" if target else self.kind
        return f"{text} where {self.where}" if self.where else text

    def to_ge(self) -> Any:
        import great_expectations as gx

        kwargs = dict(self.kwargs)
        if self.where:
            kwargs["row_condition"] = self.where.to_ge()
        return getattr(gx.expectations, self.kind)(**kwargs)


@dataclass(frozen=True)
class ExpectationOutcome:
    label: str
    success: bool
    unexpected_count: int | None
    examples: list[Any]
    observed: Any
    error: str | None


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    rows: int
    outcomes: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    def to_markdown(self) -> str:
        lines = ["| expectation | passed | unexpected | examples / observed |", "|---|---|---|---|"]
        for outcome in self.outcomes:
            detail = outcome.error or (
                ", ".join(_show(value) for value in outcome.examples[:5])
                if outcome.examples else _show(outcome.observed)
            )
            count = "" if outcome.unexpected_count is None else str(outcome.unexpected_count)
            lines.append(
                f"| {outcome.label} | {'yes' if outcome.success else '**no**'} | {count} | "
                f"{detail.replace('|', '/')} |"
            )
        return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def merge_outcomes(parts: list[SuiteOutcome]) -> SuiteOutcome:
    """One outcome for a table validated in slices: an expectation holds when it held on every
    slice; unexpected counts add up; examples come from the first failing slices."""
    if not parts:
        raise ValueError("nothing to merge")
    merged = []
    for index, first in enumerate(parts[0].outcomes):
        per_slice = [part.outcomes[index] for part in parts]
        failing = [outcome for outcome in per_slice if not outcome.success]
        counts = [o.unexpected_count for o in per_slice if o.unexpected_count is not None]
        merged.append(
            ExpectationOutcome(
                label=first.label,
                success=not failing,
                unexpected_count=sum(counts) if counts else None,
                examples=[value for outcome in failing for value in outcome.examples][:20],
                observed=(failing[0] if failing else per_slice[-1]).observed,
                error=next((outcome.error for outcome in failing if outcome.error), None),
            )
        )
    return SuiteOutcome(suite=parts[0].suite, rows=sum(part.rows for part in parts),
                        outcomes=merged)
