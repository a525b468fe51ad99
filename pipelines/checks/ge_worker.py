"""Great Expectations in a process of its own, started before a build needs it.

Importing GE costs about 3 s of CPU (its package imports scipy, altair, pydantic models of
every expectation), a third of `make run` on a small raw directory. `make run`
(pipelines/run.py) starts this worker first thing, so that the import runs on another core
while Dagster starts and the raw files are staged; SuiteRunner (pipelines/checks/
runner.py) then sends each frame to validate to the worker and gets the outcome back.
The validation is GE's, the same as in the process itself; only where it runs differs.
Without a worker (tests, runs launched from the UI or by the daemon) GE runs in the process
that validates.

The worker reads requests (suite name, expectation specs, pandas frame) as length-prefixed
pickles on its stdin and answers on a copy of its stdout (its own stdout goes to stderr, so
that nothing GE prints can corrupt an answer). It ends when its stdin closes.
"""

import os
import pickle
import struct
import subprocess
import sys
import traceback
from typing import IO, TYPE_CHECKING, Any

from pipelines.collector import imports_outside_the_collector

if TYPE_CHECKING:
    import pandas as pd

    from pipelines.checks.expectations import ExpectationSpec, SuiteOutcome

_HEADER = struct.Struct("!Q")


def _send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the other end closed the pipe")
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the other end closed the pipe mid-message")
    return pickle.loads(data)  # noqa: S301 - our own child process, over its own pipe


class Worker:
    """A running worker process."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def validate(self, suite_name: str, specs: "list[ExpectationSpec]",
                 frame: "pd.DataFrame") -> "SuiteOutcome":
        assert self._process.stdin is not None and self._process.stdout is not None
        try:
            _send(self._process.stdin, (suite_name, specs, frame))
            ok, value = _receive(self._process.stdout)
        except (OSError, EOFError) as exc:
            raise RuntimeError(f"the Great Expectations worker stopped "
                               f"(exit code {self._process.poll()}): {exc}") from exc
        if not ok:
            raise RuntimeError(f"Great Expectations failed in its worker:\n{value}")
        return value

    def release(self) -> None:
        """Close its stdin: the worker ends by itself, on the other core (its exit, GE's
        memory given back, takes most of a second; nothing waits for it here)."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            self._process.stdin.close()

    def exited(self) -> bool:
        return self._process.poll() is not None

    def close(self) -> None:
        self.release()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


# The build's suites, as they tell the worker they are done (finished()): after the last one
# the worker stops, so that its memory (about 250 MB) is not held beside the build's largest
# steps (protection, publication) at national scale.
BUILD_SUITES = ("staged values", "project register")

_current: Worker | None = None
_waiting_for: set[str] = set()
# Workers released by finished() that may still be exiting: stop() waits for them.
_released: list[Worker] = []


def start(suites: tuple[str, ...] = BUILD_SUITES) -> None:
    """Start the worker (GE starts importing now); SuiteRunner uses it from here on, until
    every suite of `suites` has finished() or stop()."""
    global _current
    if _current is None:
        _current = Worker()
        _waiting_for.update(suites)


def finished(suite: str) -> None:
    """`suite` will not validate again in this run; the last one releases the worker, which
    then ends by itself while the build goes on (a suite that runs after that validates in its
    own process)."""
    global _current
    if _current is not None and suite in _waiting_for:
        _waiting_for.discard(suite)
        if not _waiting_for:
            _current.release()
            _released.append(_current)
            _current = None


def stop() -> None:
    """Stop the worker, and wait until every released one has exited (no process left
    behind)."""
    global _current
    _waiting_for.clear()
    if _current is not None:
        _current.close()
        _current = None
    while _released:
        _released.pop().close()


def current() -> Worker | None:
    return _current


def serve() -> None:
    """The worker's loop: import GE, then validate what arrives until stdin closes."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with imports_outside_the_collector():
        import great_expectations  # noqa: F401 - the point of the worker: imported early

        from pipelines.checks.ge_validation import GeSuite

    requests = sys.stdin.buffer
    while True:
        try:
            suite_name, specs, frame = _receive(requests)
        except EOFError:
            return
        try:
            answer = (True, GeSuite(suite_name, specs).validate(frame))
        except Exception:  # noqa: BLE001 - every failure goes back to the build, in full
            answer = (False, traceback.format_exc())
        _send(answers, answer)


if __name__ == "__main__":
    serve()
