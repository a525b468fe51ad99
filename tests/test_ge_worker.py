"""Great Expectations in its worker process (what `make run` uses): the same outcome as GE in
the process itself, and a failure in the worker reported in full, not lost."""

import pytest
from test_expectations import staged_frame, suite

from pipelines.checks import ge_worker
from pipelines.checks.expectations import ExpectationSpec
from pipelines.checks.runner import SuiteRunner


# Without the module's worker first: it lives until the module's last test.
def test_without_a_worker_ge_runs_in_the_process() -> None:
    assert ge_worker.current() is None
    assert SuiteRunner("local", suite())._worker is None


def test_the_worker_stops_once_the_build_suites_are_done() -> None:
    ge_worker.start(("one", "two"))
    try:
        ge_worker.finished("one")
        ge_worker.finished("elsewhere")
        assert ge_worker.current() is not None
        released = ge_worker.current()
        ge_worker.finished("two")
        assert ge_worker.current() is None
        # A suite after that validates in the process.
        assert SuiteRunner("later", suite()).validate(staged_frame([{}])).success
    finally:
        ge_worker.stop()
    # The released worker ended by itself; stop() waited for it, nothing is left running.
    assert released is not None and released.exited()


@pytest.fixture(scope="module")
def worker():
    ge_worker.start()
    yield ge_worker.current()
    ge_worker.stop()


def test_the_worker_validates_as_ge_does_in_process(worker) -> None:
    frame = staged_frame([{}, {"area_code": "XX999"}, {"area_code": "XX999", "value": -1.0}])
    remote = SuiteRunner("staged", suite())
    assert remote._worker is worker
    found = remote.validate(frame)
    local = SuiteRunner("staged", suite(), in_process=True).validate(frame)
    assert found == local
    assert not found.success and found.rows == 3
    failed = {outcome.label: outcome.unexpected_count for outcome in found.failures}
    assert failed["ExpectColumnValuesToBeInSet(area_code)"] == 2


def test_a_failure_in_the_worker_reaches_the_build_and_the_worker_goes_on(worker) -> None:
    with pytest.raises(RuntimeError, match="NoSuchExpectation"):
        SuiteRunner("bad", [ExpectationSpec("ExpectNoSuchExpectation")]).validate(
            staged_frame([{}]))
    assert SuiteRunner("again", suite()).validate(staged_frame([{}])).success
