"""An export killed at every fault point inside it (pipelines/publish/faults.py), in a real process:
`exports/` holds the old exports or the new ones, whole, never none and never a mix (also
where the file system cannot exchange two directories in one step, once recovered); what the
killed export left is removed by the next run that opens the warehouse, and the next export
succeeds. While exports are swapped in again and again, a reader in another process never
finds `exports/` missing. `make reliability` kills the real export job as well
(test_kill_campaign.py)."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import recovery
from pipelines.publish.faults import EXPORT_POINTS, FALLBACK_POINTS, FAULT_VARIABLE

from .harness import debris, exports_state

CHILD = Path(__file__).with_name("export_child.py")


def export_in_child(warehouse: Path, version: str, fault: str | None = None,
                    options: tuple[str, ...] = ()) -> int:
    env = {key: value for key, value in os.environ.items() if key != FAULT_VARIABLE}
    if fault:
        env[FAULT_VARIABLE] = fault
    completed = subprocess.run([sys.executable, str(CHILD), str(warehouse), version,
                                f"run-{version}", *options], env=env, capture_output=True,
                               text=True)
    if completed.returncode not in (0, -9):
        raise AssertionError(completed.stderr[-2000:])
    return completed.returncode


def exported_version(warehouse: Path) -> str | None:
    """The one version every exported row holds, once the exports are checked whole."""
    if exports_state(warehouse) is None:
        return None
    exports = warehouse / "exports"
    con = duckdb.connect()
    try:
        versions = con.execute(
            "SELECT list(DISTINCT version) FROM read_parquet($files)",
            {"files": [str(path) for path in exports.rglob("*.parquet")]}).fetchone()[0]
        csv = con.execute("SELECT list(DISTINCT version) FROM read_csv($file)",
                          {"file": str(exports / "report" / "per_file.csv")}).fetchone()[0]
    finally:
        con.close()
    assert len(versions) == 1, f"a mix of exports: {versions}"
    assert csv == versions
    return versions[0]


POINTS = [(point, ()) for point in EXPORT_POINTS] + [
    (point, ("--no-exchange",)) for point in FALLBACK_POINTS]


@pytest.mark.parametrize(("point", "options"), POINTS)
def test_an_export_killed_at_each_point_leaves_old_or_new_exports_and_is_cleaned_up(
    tmp_path: Path, point: str, options: tuple[str, ...]
) -> None:
    assert export_in_child(tmp_path, "v1", options=options) == 0
    assert export_in_child(tmp_path, "v2", point, options) == -9  # killed where it was told
    left = debris(tmp_path)
    assert any(name.startswith(".exports.run-v2") for name in left), left
    if point in FALLBACK_POINTS:  # the one window of two renames: none until recovered
        assert exported_version(tmp_path) is None
    else:
        assert exported_version(tmp_path) in {"v1", "v2"}
    # What the next export (or build, or make recover) does first.
    done = recovery.recover_if_idle(tmp_path)
    assert done, "the recovery found nothing to do"
    assert debris(tmp_path) == []
    assert exported_version(tmp_path) == ("v2" if point == "export.after_swap" else "v1")
    assert export_in_child(tmp_path, "v3", options=options) == 0
    assert exported_version(tmp_path) == "v3"
    assert debris(tmp_path) == []


READER = """
import os, sys
target, stop = sys.argv[1], sys.argv[2]
looks = missing = 0
while not os.path.exists(stop):
    looks += 1
    if not os.path.exists(os.path.join(target, "manifest.json")):
        missing += 1
print(looks, missing)
"""


def test_a_reader_never_finds_the_exports_missing_while_they_are_swapped(
    tmp_path: Path,
) -> None:
    from pipelines.outputs.exports import replace_directory

    target, stop = tmp_path / "exports", tmp_path / "stop"
    target.mkdir()
    (target / "manifest.json").write_text("{}")
    reader = subprocess.Popen([sys.executable, "-c", READER, str(target), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        for number in range(1500):
            fresh = tmp_path / f".exports.run-{number}.tmp"
            fresh.mkdir()
            (fresh / "manifest.json").write_text("{}")
            replace_directory(fresh, target)
    finally:
        stop.touch()
        looks, missing = map(int, reader.communicate(timeout=30)[0].split())
    assert looks > 1000, "the reader did not get to look"
    assert missing == 0, f"exports/ was missing {missing} times in {looks} looks"
