"""One build at a time: a second build stops at once naming the running one, and a lock
whose holder died (however it died) blocks nothing. Exports share the lock with each other
and exclude builds, both ways."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.publish.build_lock import BUILD, EXPORT, BuildRunningError, acquire

HOLDER = """
import sys, time
from pathlib import Path
from pipelines.publish.recovery import open_warehouse
lock = open_warehouse(Path(sys.argv[1]), "run-holder", sys.argv[2])
print("locked", flush=True)
time.sleep(60)
"""


def hold_in_child(warehouse: Path, kind: str = BUILD) -> subprocess.Popen:
    """A run of `kind` holding the warehouse in another process (as a build or an export
    does from its first step to its end), until killed."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse), kind],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def test_a_second_build_stops_naming_the_running_one_and_a_dead_holder_blocks_nothing(
    tmp_path: Path,
) -> None:
    child = hold_in_child(tmp_path)
    try:
        with pytest.raises(BuildRunningError) as caught:
            acquire(tmp_path, "run-second", wait=0)
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


def test_exports_share_the_lock_and_exclude_builds_both_ways(tmp_path: Path) -> None:
    child = hold_in_child(tmp_path, EXPORT)
    try:
        other_export = acquire(tmp_path, "run-export-2", EXPORT)  # shares it
        assert not other_export.exclusive
        with pytest.raises(BuildRunningError) as caught:
            acquire(tmp_path, "run-build", BUILD, wait=0)
        assert "an export is running" in str(caught.value)
        assert "run-holder" in str(caught.value)
        other_export.release()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    child = hold_in_child(tmp_path, BUILD)
    try:
        with pytest.raises(BuildRunningError) as caught:
            acquire(tmp_path, "run-export", EXPORT, wait=0)
        message = str(caught.value)
        assert "another build is running" in message and "run-holder" in message
        assert "this export stops without changing anything" in message.lower()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    # The last export to finish empties the record; a build then sees nothing stale.
    first = acquire(tmp_path, "run-e1", EXPORT)
    first.share()
    second = acquire(tmp_path, "run-e2", EXPORT)
    second.release()
    assert "run-e1" in (tmp_path / ".build.lock").read_text()  # first still holds it
    first.release()
    build = acquire(tmp_path, "run-build")
    assert build.stale_holder is None
    build.release()
