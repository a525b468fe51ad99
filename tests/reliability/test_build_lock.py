"""One build at a time: a second build stops at once naming the running one, and a lock
whose holder died (however it died) blocks nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.build_lock import BuildRunningError, acquire

HOLDER = """
import sys, time
from pathlib import Path
from pipelines.build_lock import acquire
lock = acquire(Path(sys.argv[1]), "run-holder")
print("locked", flush=True)
time.sleep(60)
"""


def hold_in_child(warehouse: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def test_a_second_build_stops_naming_the_running_one_and_a_dead_holder_blocks_nothing(
    tmp_path: Path,
) -> None:
    child = hold_in_child(tmp_path)
    try:
        with pytest.raises(BuildRunningError) as caught:
            acquire(tmp_path, "run-second")
        message = str(caught.value)
        assert "another build is running" in message
        assert "run-holder" in message and f"pid {child.pid}" in message
    finally:
        os.kill(child.pid, signal.SIGKILL)  # as a power cut would: no cleanup
        child.wait()
    lock = acquire(tmp_path, "run-third")
    assert lock.stale_holder is not None and lock.stale_holder["run_id"] == "run-holder"
    lock.release()
    # A clean finish leaves no record: the next build sees nothing stale.
    again = acquire(tmp_path, "run-fourth")
    assert again.stale_holder is None
    again.release()


def test_two_runs_in_one_process_exclude_each_other_too(tmp_path: Path) -> None:
    first = acquire(tmp_path, "run-a")
    start = time.monotonic()
    with pytest.raises(BuildRunningError, match="run-a"):
        acquire(tmp_path, "run-b")
    assert time.monotonic() - start < 5  # stops, does not hang
    first.release()
    acquire(tmp_path, "run-b").release()
