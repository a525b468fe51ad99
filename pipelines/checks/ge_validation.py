"""A suite validated by Great Expectations in this process: an ephemeral GE context holding
one suite, to validate one or many frames with it. The build's checks reach it through
pipelines/checks/runner.py, in the GE worker's process when one runs."""

import pandas as pd

from pipelines.checks.expectations import ExpectationOutcome, ExpectationSpec, SuiteOutcome


class GeSuite:
    """One suite in an ephemeral GE context (importing GE when made)."""

    def __init__(self, suite_name: str, specs: list[ExpectationSpec]) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.suite_name = suite_name
        self.specs = specs
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

