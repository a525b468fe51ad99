"""The scheduled path end to end: the real Dagster daemon on a temporary instance, the raw-file
sensor, the export job after a build, a schedule tick, and a failed run reported to a webhook
served on 127.0.0.1. Intervals shortened through the settings the README documents."""

import json
import shutil
import time
from pathlib import Path

import dagster as dg
from published import query
from service_harness import (
    WebhookReceiver,
    daemon_command,
    finished_run,
    run_failure_text,
    running,
    wait_for,
    write_instance_yaml,
)

NEW_FILE = "sotkanet_population_2024.csv"
# The shape THL's CSV export has (as raw/indicators/sotkanet/sotkanet_population_2015_2023.csv):
# a year the samples do not have, for Espoo (region 20) and Hanko (region 36).
NEW_ROWS = """indicator;region;year;gender;primary value;absolute value
127;20;2024;total;320931;320931
127;20;2024;male;158010;158010
127;20;2024;female;162921;162921
127;36;2024;total;8009;8009
"""
BUILD, EXPORT = "build_hytemart", "export_hytemart"


def test_daemon_builds_on_a_new_file_exports_runs_the_schedule_and_reports_failures(
    tmp_path: Path, sample_raw: Path,
) -> None:
    warehouse, home = tmp_path / "warehouse", tmp_path / "dagster_home"
    log = tmp_path / "daemon.log"
    write_instance_yaml(home)
    with WebhookReceiver() as hook:
        env = {"DAGSTER_HOME": str(home), "HYTEMART_RAW_DIR": str(sample_raw),
               "HYTEMART_WAREHOUSE_DIR": str(warehouse),
               "HYTEMART_SENSOR_INTERVAL_SECONDS": "1", "HYTEMART_BUILD_SCHEDULE": "* * * * *",
               "HYTEMART_ALERT_WEBHOOK_URL": hook.url}
        # The instance's storage is created here, before the daemon and its code server start:
        # processes creating a new SQLite instance at once race on its schema version.
        with dg.DagsterInstance.from_config(str(home)) as instance, running(
                daemon_command(), env, log):

            def wait_run(job: str, what: str, timeout: float = 180, **kwargs) -> dg.DagsterRun:
                return wait_for(lambda: finished_run(instance, job, **kwargs), timeout, what, log)

            def succeeded(run: dg.DagsterRun) -> None:
                assert run.status == dg.DagsterRunStatus.SUCCESS, run_failure_text(instance, run)

            # Nothing published yet: the sensor's first tick starts a build; exports follow it.
            first = wait_run(BUILD, "the sensor's first build",
                             tags={"dagster/sensor_name": "raw_files_sensor"})
            succeeded(first)
            succeeded(wait_run(EXPORT, "the exports after the first build",
                               tags={"dagster/run_key": first.run_id}))
            assert (warehouse / "hytemart.duckdb").is_file()

            # A new file lands in raw/: a build for it, then the exports from the new mart.
            dropped_at = time.time()
            (sample_raw / "indicators" / "sotkanet" / NEW_FILE).write_text(NEW_ROWS,
                                                                          encoding="utf-8")
            second = wait_run(BUILD, f"a build for {NEW_FILE}",
                              tags={"dagster/sensor_name": "raw_files_sensor"},
                              accept=lambda run: NEW_FILE in run.tags.get(
                                  "hytemart/changed_files", ""))
            succeeded(second)
            succeeded(wait_run(EXPORT, "the exports after the second build",
                               tags={"dagster/run_key": second.run_id}))
            assert query(warehouse, """
                SELECT area_code, value FROM mart.fact_indicator_value
                WHERE indicator_code = 'sotkanet:127' AND period = '2024'
                  AND group_code = 'total.total.total' ORDER BY area_code""") == [
                ("KU049", 320931.0), ("KU078", 8009.0)]
            report = warehouse / "reports" / "wellbeing_KU049_en.html"
            assert report.stat().st_mtime > dropped_at
            assert NEW_FILE in report.read_text(encoding="utf-8")  # its data-quality section
            exported = warehouse / "exports"
            assert all(path.stat().st_mtime > dropped_at for path in exported.iterdir())

            # The every-minute schedule (HYTEMART_BUILD_SCHEDULE) ticks and starts a build.
            succeeded(wait_run(BUILD, "a scheduled build", timeout=150,
                               tags={"dagster/schedule_name": "build_hytemart_daily"}))

            # The same export dropped twice: the build fails on its duplicate keys, the failure
            # is posted to the webhook and logged, and the published mart stays as it was.
            again = "sotkanet_population_2024_again.csv"
            shutil.copy(sample_raw / "indicators" / "sotkanet" / NEW_FILE,
                        sample_raw / "indicators" / "sotkanet" / again)
            failed = wait_run(BUILD, f"a build for {again}",
                              tags={"dagster/sensor_name": "raw_files_sensor"},
                              accept=lambda run: again in run.tags.get(
                                  "hytemart/changed_files", ""))
            assert failed.status == dg.DagsterRunStatus.FAILURE
            alert = wait_for(lambda: next((body for body in hook.bodies
                                           if body["run_id"] == failed.run_id), None),
                             60, "the failure on the webhook", log)
    assert alert["job"] == BUILD
    assert [step["step"] for step in alert["failed_steps"]] == [
        "staging__indicator_values"]  # its suite runs in its step
    assert again in alert["text"] and again in alert["tags"]["hytemart/changed_files"]
    logged = [json.loads(line) for line in
              (warehouse / "run_failures.log").read_text(encoding="utf-8").splitlines()]
    assert failed.run_id in {entry["run_id"] for entry in logged}
    assert query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value "
                            "WHERE period = '2024' AND indicator_code = 'sotkanet:127'") == [(4,)]
