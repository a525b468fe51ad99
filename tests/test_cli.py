"""The job run as `make run` runs it (`dg launch --job`), with paths from the environment."""

import gc
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from pipelines.collector import COLLECTOR_THRESHOLDS, imports_outside_the_collector


def snapshot(folder: Path) -> dict[str, int]:
    if not folder.exists():
        return {}
    return {str(path): path.stat().st_mtime_ns for path in folder.rglob("*")}


def test_dg_launch_builds_into_the_directories_the_environment_names(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(REPO_ROOT / "raw", raw)
    warehouse = tmp_path / "warehouse"
    defaults_before = snapshot(REPO_ROOT / "warehouse")
    env = {**os.environ, "HYTEMART_RAW_DIR": str(raw), "HYTEMART_WAREHOUSE_DIR": str(warehouse),
           "DAGSTER_HOME": str(tmp_path / "dagster_home"),
           "VIRTUAL_ENV": str(Path(sys.executable).parents[1])}
    (tmp_path / "dagster_home").mkdir()
    dg = Path(sys.executable).with_name("dg")
    completed = subprocess.run(
        [str(dg), "launch", "--job", "build_hytemart"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert (warehouse / "hytemart.duckdb").is_file()
    # Progress is visible: the Sotkanet files counted as they are read (the clean CSV
    # exports together in one scan).
    files = len(list((REPO_ROOT / "raw" / "indicators" / "sotkanet").glob("sotkanet_*")))
    assert re.search(rf"\[\d+/{files}\] reading indicators/sotkanet/", completed.stderr)
    assert "CSV exports in one scan" in completed.stderr
    assert "published" in completed.stderr
    # The launcher Dagster documents: no warning that the command is superseded, and dg finds
    # the project's code location and venv without complaint.
    output = completed.stdout + completed.stderr
    assert "superseded" not in output.lower() and "Warning" not in output
    assert "virtual environment does not match" not in output
    assert snapshot(REPO_ROOT / "warehouse") == defaults_before


def test_make_runs_both_jobs_in_one_process_and_stops_on_a_failure(tmp_path: Path) -> None:
    """pipelines/run.py, what `make run` runs: the build, then the exports, recorded in the
    instance; a failed job makes it exit non-zero, naming the job and the step."""
    from dagster import DagsterInstance, DagsterRunStatus

    raw = tmp_path / "raw"
    shutil.copytree(REPO_ROOT / "raw", raw)
    warehouse = tmp_path / "warehouse"
    home = tmp_path / "dagster_home"
    home.mkdir()
    # An area the mart does not have: the build publishes, the export job's report fails.
    env = {**os.environ, "HYTEMART_RAW_DIR": str(raw), "HYTEMART_WAREHOUSE_DIR": str(warehouse),
           "DAGSTER_HOME": str(home), "HYTEMART_REPORT_AREAS": "KU049,KU999"}
    completed = subprocess.run(
        [sys.executable, "-m", "pipelines.run"], cwd=REPO_ROOT, env=env, capture_output=True,
        text=True, timeout=300,
    )
    assert completed.returncode == 1
    assert "export_hytemart failed in warehouse__wellbeing_report" in completed.stderr
    assert "KU999" in completed.stderr
    assert (warehouse / "hytemart.duckdb").is_file()
    assert (warehouse / "exports" / "manifest.json").is_file()  # the other export steps ran
    with DagsterInstance.from_config(str(home)) as instance:
        runs = {run.job_name: run.status for run in instance.get_runs()}
    assert runs == {"build_hytemart": DagsterRunStatus.SUCCESS,
                    "export_hytemart": DagsterRunStatus.FAILURE}


def test_the_collector_is_paused_while_importing_and_on_again_after() -> None:
    """make run (pipelines/run.py) and the GE worker import with the garbage collector paused,
    then freeze what the imports made (pipelines/collector.py): the collector must be on again
    afterwards, also when an import fails, or a long build would never collect its cycles."""
    thresholds, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    try:
        with imports_outside_the_collector():
            assert not gc.isenabled()
            made_while_importing = [[] for _ in range(100)]
        assert gc.isenabled()
        assert gc.get_threshold() == COLLECTOR_THRESHOLDS
        assert gc.get_freeze_count() >= frozen_before + len(made_while_importing)
        gc.unfreeze()
        with pytest.raises(ImportError), imports_outside_the_collector():
            raise ImportError("a module that does not import")
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        gc.enable()
