"""Great Expectations 1.x, called directly (dagster-ge only supports GE < 1.0).

Suites are lists of ExpectationSpec: plain data naming a GE expectation class and its
arguments, so the code location loads without importing GE (about 3-5 s); GE is imported
only when a check runs.
"""

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


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


class SuiteRunner:
    """An ephemeral GE context holding one suite, to validate one or many frames with it; in
    the GE worker process when one is running (pipelines/checks/ge_worker.py), unless
    `in_process`."""

    def __init__(self, suite_name: str, specs: list[ExpectationSpec],
                 in_process: bool = False) -> None:
        from pipelines.checks import ge_worker

        self.suite_name = suite_name
        self.specs = specs
        self._worker = None if in_process else ge_worker.current()
        if self._worker is not None:
            return
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._batch_definition = (
            context.data_sources.add_pandas(f"{suite_name}_source")
            .add_dataframe_asset(suite_name)
            .add_batch_definition_whole_dataframe("whole_table")
        )
        suite = gx.ExpectationSuite(name=suite_name)
        for spec in specs:
            suite.add_expectation(spec.to_ge())
        self._suite = context.suites.add(suite)
        # GE does not return results in suite order: match them to our specs by expectation id.
        self._spec_index = {
            expectation.id: index for index, expectation in enumerate(self._suite.expectations)
        }

    def validate(self, frame: pd.DataFrame) -> SuiteOutcome:
        """Validate every row of the frame."""
        if self._worker is not None:
            return self._worker.validate(self.suite_name, self.specs, frame)
        batch = self._batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(self._suite, result_format="SUMMARY")
        outcomes: list[ExpectationOutcome | None] = [None] * len(self.specs)
        for item in result.results:
            index = self._spec_index[item.expectation_config.id]
            details = item.result or {}
            error = None
            if item.exception_info and item.exception_info.get("raised_exception"):
                error = str(item.exception_info.get("exception_message"))
            outcomes[index] = ExpectationOutcome(
                label=self.specs[index].label(),
                success=bool(item.success),
                unexpected_count=details.get("unexpected_count"),
                examples=list(details.get("partial_unexpected_list") or []),
                observed=details.get("observed_value"),
                error=error,
            )
        missing = [self.specs[i].label() for i, outcome in enumerate(outcomes) if outcome is None]
        if missing:
            raise RuntimeError(f"GE returned no result for {missing}")
        return SuiteOutcome(suite=self.suite_name, rows=len(frame), outcomes=outcomes)


def run_suite(frame: pd.DataFrame, suite_name: str, specs: list[ExpectationSpec]) -> SuiteOutcome:
    """Validate every row of one frame against the suite."""
    return SuiteRunner(suite_name, specs).validate(frame)


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
