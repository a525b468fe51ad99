"""Validating frames against a suite: in the GE worker process when one is running
(pipelines/checks/ge_worker.py, started by `make run`), else in this process
(pipelines/checks/ge_validation.py). Either way the validation is GE's."""

import pandas as pd

from pipelines.checks import ge_worker
from pipelines.checks.expectations import ExpectationSpec, SuiteOutcome


class SuiteRunner:
    """One suite, to validate one or many frames with it; in the GE worker process when one
    is running, unless `in_process`."""

    def __init__(self, suite_name: str, specs: list[ExpectationSpec],
                 in_process: bool = False) -> None:
        self.suite_name = suite_name
        self.specs = specs
        self._worker = None if in_process else ge_worker.current()
        if self._worker is None:
            from pipelines.checks.ge_validation import GeSuite  # imports GE

            self._suite = GeSuite(suite_name, specs)

    def validate(self, frame: pd.DataFrame) -> SuiteOutcome:
        """Validate every row of the frame."""
        if self._worker is not None:
            return self._worker.validate(self.suite_name, self.specs, frame)
        return self._suite.validate(frame)


def run_suite(frame: pd.DataFrame, suite_name: str, specs: list[ExpectationSpec]) -> SuiteOutcome:
    """Validate every row of one frame against the suite."""
    return SuiteRunner(suite_name, specs).validate(frame)
