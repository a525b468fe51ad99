"""The first step past one process: the export job's steps (exports, data dictionary, wellbeing
report) read only the published file, so with HYTEMART_EXPORT_PROCESSES they run each in a
process of its own (Dagster's multiprocess executor; a Kubernetes executor runs them as pods
the same way) and write what the one-process run writes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
from conftest import REPO_ROOT


def launch_exports(raw: Path, warehouse: Path, home: Path, processes: int) -> dict:
    """`dg launch --job export_hytemart` (as `make run` runs it); the process of each step."""
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO_ROOT / "dagster.yaml").read_text())
    env = {**os.environ, "HYTEMART_RAW_DIR": str(raw), "HYTEMART_WAREHOUSE_DIR": str(warehouse),
           "DAGSTER_HOME": str(home), "HYTEMART_EXPORT_PROCESSES": str(processes),
           "VIRTUAL_ENV": str(Path(sys.executable).parents[1])}
    completed = subprocess.run([str(Path(sys.executable).with_name("dg")), "launch", "--job",
                                "export_hytemart"], cwd=REPO_ROOT, env=env,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with dg.DagsterInstance.from_config(str(home)) as instance:
        [run] = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.SUCCESS
        starts = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_START)
        run_start = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_START)
        return {"steps": {entry.step_key: entry.dagster_event.pid for entry in starts},
                "run_pid": run_start[0].dagster_event.pid}


def outputs(warehouse: Path) -> dict:
    """Every exported file with its row count (the manifest), and the report pages."""
    manifest = json.loads((warehouse / "exports" / "manifest.json").read_text())
    return {"exports": manifest["files"],
            "reports": sorted(path.name for path in (warehouse / "reports").iterdir())}


def test_the_export_steps_run_in_processes_of_their_own_and_write_the_same(
    tmp_path: Path, sample_raw: Path, build,
) -> None:
    warehouse = tmp_path / "warehouse"
    # The whole build in one process, the exports, dictionary and report included.
    assert build(sample_raw, warehouse).success
    written_by_one = outputs(warehouse)

    three = launch_exports(sample_raw, warehouse, tmp_path / "home3", processes=3)
    assert set(three["steps"]) == {"warehouse__exports", "warehouse__data_dictionary",
                                   "warehouse__wellbeing_report"}
    pids = set(three["steps"].values())
    assert len(pids) == 3 and three["run_pid"] not in pids
    assert outputs(warehouse) == written_by_one
    assert written_by_one["exports"] and written_by_one["reports"]
