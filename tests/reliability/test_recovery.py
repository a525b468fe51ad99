"""What a killed publication or export left is repaired by whatever opens the warehouse next
(pipelines/publish/recovery.py): `make recover` (python -m pipelines.publish.recovery), the export
job, and the daemon's raw-files sensor on its next tick; not while a build runs (it repairs the
warehouse itself when it starts). And a build and an export of one warehouse never interleave:
the export job shares the build lock, so an export started during a build stops naming it."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.assets.report import exports as exports_asset
from pipelines.assets.resources import HytemartResource
from pipelines.orchestration.automation import raw_files_sensor
from pipelines.publish import journal as publish_journal
from pipelines.publish.warehouse import WarehousePaths

from .conftest import events_text
from .harness import REPO_ROOT, debris
from .test_build_lock import hold_in_child
from .test_publish_kills import publish_in_child, version_of


def out_of_step(warehouse: Path) -> WarehousePaths:
    """A warehouse whose last publication was killed between its two renames (the published
    file new, the restricted one old), with a killed export's directory beside it."""
    paths = WarehousePaths(warehouse)
    assert publish_in_child(warehouse, "v1") == 0
    assert publish_in_child(warehouse, "v2", fault="publish.between_swaps") == -9
    assert (version_of(paths.published), version_of(paths.restricted)) == ("v2", "v1")
    stale = warehouse / ".exports.run-killed.tmp" / "mart"
    stale.mkdir(parents=True)
    (stale / "t.parquet").write_bytes(b"half")
    return paths


def assert_repaired(paths: WarehousePaths) -> None:
    assert (version_of(paths.published), version_of(paths.restricted)) == ("v2", "v2")
    assert not publish_journal.journal_path(paths.root).exists()
    assert debris(paths.root) == []


def make_recover(warehouse: Path) -> subprocess.CompletedProcess:
    """`make recover` (the Makefile passes the warehouse in the environment)."""
    env = {**os.environ, "HYTEMART_WAREHOUSE_DIR": str(warehouse)}
    return subprocess.run([sys.executable, "-m", "pipelines.publish.recovery"], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_make_recover_completes_a_pair_out_of_step_and_removes_what_was_left(
    tmp_path: Path,
) -> None:
    paths = out_of_step(tmp_path)
    done = make_recover(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "completed the publication of run run-v2" in done.stdout
    assert "removed .exports.run-killed.tmp" in done.stdout
    assert_repaired(paths)
    again = make_recover(tmp_path)
    assert again.returncode == 0 and "nothing to recover" in again.stdout


def test_make_recover_changes_nothing_while_a_build_runs(tmp_path: Path) -> None:
    paths = out_of_step(tmp_path)
    child = hold_in_child(tmp_path)  # a build: it has repaired the warehouse as it started
    assert_repaired(paths)
    writing = paths.published.with_name(f".{paths.published.name}.run-holder.tmp")
    writing.write_bytes(b"being written")  # by the running build, not to be touched
    try:
        refused = make_recover(tmp_path)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert refused.returncode == 1
    assert "another build is running" in refused.stderr and "run-holder" in refused.stderr
    assert writing.read_bytes() == b"being written"


def resource(warehouse: Path) -> HytemartResource:
    return HytemartResource(raw_dir=str(warehouse / "raw"), warehouse_dir=str(warehouse))


def test_the_export_job_repairs_the_warehouse_before_it_exports(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    paths = out_of_step(tmp_path)
    result = dg.materialize([exports_asset], resources={"hytemart": resource(tmp_path)},
                            raise_on_error=False)
    assert result.success, events_text(result)[-3000:]
    assert "completed the publication of run run-v2" in caplog.text  # said in the run's log
    assert_repaired(paths)
    assert (tmp_path / "exports" / "mart" / "t.parquet").is_file()
    assert (tmp_path / ".build.lock").read_text() == ""  # finished cleanly


def test_the_raw_files_sensor_repairs_the_warehouse_on_its_tick(tmp_path: Path) -> None:
    paths = out_of_step(tmp_path)
    (tmp_path / "raw").mkdir()
    with dg.build_sensor_context(resources={"hytemart": resource(tmp_path)}) as context:
        raw_files_sensor(context)
    assert_repaired(paths)


def test_an_export_during_a_build_stops_naming_it_and_changes_nothing(tmp_path: Path) -> None:
    paths = out_of_step(tmp_path)
    child = hold_in_child(tmp_path)
    try:
        result = dg.materialize([exports_asset], resources={"hytemart": resource(tmp_path)},
                                raise_on_error=False)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert not result.success
    failure = events_text(result)
    assert "another build is running" in failure and "run-holder" in failure
    assert "this export stops without changing anything" in failure.lower()
    assert not (tmp_path / "exports").exists()
    assert debris(paths.root) == []
