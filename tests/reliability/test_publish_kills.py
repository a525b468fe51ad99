"""A publish killed at every fault point inside it (pipelines/publish/faults.py), in a real process:
both files stay whole, each is the old or the new one, a pair out of step carries its
journal, and the next publish completes, leaving no temporary file behind."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import journal as publish_journal
from pipelines.publish.faults import FAULT_VARIABLE, PUBLISH_POINTS
from pipelines.publish.warehouse import WarehousePaths

from .harness import LONG, debris
from .publish_child import ROWS

CHILD = Path(__file__).with_name("publish_child.py")


def publish_in_child(warehouse: Path, version: str, fault: str | None = None) -> int:
    env = {key: value for key, value in os.environ.items() if key != FAULT_VARIABLE}
    if fault:
        env[FAULT_VARIABLE] = fault
    completed = subprocess.run([sys.executable, str(CHILD), str(warehouse), version,
                                f"run-{version}"], env=env, capture_output=True, text=True)
    if completed.returncode not in (0, -9):
        raise AssertionError(completed.stderr[-2000:])
    return completed.returncode


def version_of(path: Path) -> str | None:
    """The version a whole, readable file holds (every row the same); None without a file."""
    if not path.exists():
        return None
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows, versions = con.execute(
            "SELECT count(*), list(DISTINCT version) FROM mart.t").fetchone()
    finally:
        con.close()
    assert rows in (ROWS, ROWS // 10), f"{path}: {rows} rows, a half-written file"
    assert len(versions) == 1
    return versions[0]


# make test: the two points where a pair can be out of step; make reliability: every point.
@pytest.mark.parametrize("point", PUBLISH_POINTS if LONG else ("publish.after_published_written",
                                                       "publish.between_swaps"))
def test_a_publish_killed_at_each_point_leaves_whole_files_and_the_next_one_completes(
    tmp_path: Path, point: str
) -> None:
    paths = WarehousePaths(tmp_path)
    assert publish_in_child(tmp_path, "v1") == 0
    assert publish_in_child(tmp_path, "v2", fault=point) == -9  # killed where it was told
    published, restricted = version_of(paths.published), version_of(paths.restricted)
    assert {published, restricted} <= {"v1", "v2"}
    journal = publish_journal.journal_path(tmp_path)
    if published != restricted:
        assert journal.exists(), "a pair out of step without a journal to complete it"
    # What a build does first, once it holds the lock: the pair is made whole again.
    publish_journal.recover(tmp_path)
    assert version_of(paths.published) == version_of(paths.restricted)
    assert not journal.exists()
    # The next publish succeeds by itself and leaves nothing behind.
    assert publish_in_child(tmp_path, "v3") == 0
    assert (version_of(paths.published), version_of(paths.restricted)) == ("v3", "v3")
    assert debris(tmp_path) == []
    for history in (paths.history_dir, paths.restricted_history_dir):
        for old in history.iterdir():
            assert version_of(old) in {"v1", "v2"}
    assert oct(paths.restricted.stat().st_mode & 0o777) == "0o600"


def test_a_pair_out_of_step_is_completed_by_the_next_publish_itself(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    publish_in_child(tmp_path, "v1")
    publish_in_child(tmp_path, "v2", fault="publish.between_swaps")
    assert (version_of(paths.published), version_of(paths.restricted)) == ("v2", "v1")
    # Without an explicit recovery: the next publish completes the journal first, then runs.
    publish_in_child(tmp_path, "v3", fault="publish.before_write")
    assert (version_of(paths.published), version_of(paths.restricted)) == ("v2", "v2")


def test_half_copied_history_files_and_stale_temporaries_are_removed(tmp_path: Path) -> None:
    """What a publish killed while copying into history/ (another file system: a copy, not a
    link) or while writing its new files leaves is gone after the next publish."""
    paths = WarehousePaths(tmp_path)
    publish_in_child(tmp_path, "v1")
    left = [paths.history_dir / ".hytemart-20261130T000000Z-run-old.duckdb.partial",
            paths.restricted_history_dir / ".hytemart_restricted-x.duckdb.partial",
            paths.published.with_name(f".{paths.published.name}.run-old.tmp"),
            paths.restricted.with_name(f".{paths.restricted.name}.run-old.tmp.wal")]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    assert len(debris(tmp_path)) == len(left)
    publish_in_child(tmp_path, "v2")
    assert debris(tmp_path) == []
    assert (version_of(paths.published), version_of(paths.restricted)) == ("v2", "v2")
