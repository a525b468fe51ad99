"""The job that builds everything, its daily schedule, and the raw-directory sensor; the fetch
job and its daily schedule, half an hour before the build."""

import json
from pathlib import Path

import dagster as dg

from pipelines.assets.resources import HytemartResource
from pipelines.orchestration.service_settings import SERVICE
from pipelines.publish import recovery

JOB_NAME = "build_hytemart"
EXPORT_JOB_NAME = "export_hytemart"
# Files written from the published mart for other tools. They run as their own job after a
# build: at national scale they take minutes, and BI tools should not wait for them.
EXPORT_ASSETS = dg.AssetSelection.assets(
    dg.AssetKey(["warehouse", "exports"]), dg.AssetKey(["warehouse", "data_dictionary"]),
    dg.AssetKey(["warehouse", "wellbeing_report"]),
)
# Fetching from the services (raw/fetch.yaml) is its own job: a failed fetch must not stop
# the build, which runs on what raw/ holds.
FETCH_JOB_NAME = "fetch_hytemart"
FETCH_ASSETS = dg.AssetSelection.groups("fetch")
# Progress at INFO: which file is read, what was quarantined, what was published.
_LOGGING = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}

# One process: the steps share one DuckDB work file, which allows a single writer, and a
# process per step would pay the import cost of the code location each time.
build_job = dg.define_asset_job(
    JOB_NAME,
    selection=dg.AssetSelection.all() - EXPORT_ASSETS - FETCH_ASSETS,
    executor_def=dg.in_process_executor,
    description="Read raw/, check it, build the mart and publish warehouse/hytemart.duckdb.",
    config=_LOGGING,
)

def export_executor(processes: int) -> dg.ExecutorDefinition:
    if processes <= 1:
        return dg.in_process_executor
    return dg.multiprocess_executor.configured({"max_concurrent": processes})


export_job = dg.define_asset_job(
    EXPORT_JOB_NAME,
    selection=EXPORT_ASSETS,
    # Its steps only read the published file, so unlike the build they may run side by side:
    # HYTEMART_EXPORT_PROCESSES > 1 gives each its own process (docs/operations.md, Past one
    # machine).
    executor_def=export_executor(SERVICE.export_processes),
    description="Parquet/CSV exports, the data dictionary and the wellbeing report, from the "
                "published mart.",
    config=_LOGGING,
)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[build_job],
    request_job=export_job,
    minimum_interval_seconds=SERVICE.sensor_interval_seconds,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Writes the exports, the data dictionary and the wellbeing report after every "
                "successful build.",
)
def exports_after_build(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=context.dagster_run.run_id)

daily_schedule = dg.ScheduleDefinition(
    name="build_hytemart_daily",
    job=build_job,
    cron_schedule=SERVICE.build_schedule,
    execution_timezone="Europe/Helsinki",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)

fetch_job = dg.define_asset_job(
    FETCH_JOB_NAME,
    selection=FETCH_ASSETS,
    executor_def=dg.in_process_executor,
    description="Fetch Sotkanet indicators and Statistics Finland tables (raw/fetch.yaml) "
                "into raw/.",
    config=_LOGGING,
)

# Before the daily build: the instance runs one run at a time, so a build due while the fetch
# still runs waits for it; a failed fetch leaves raw/ as it was and the build runs all the same.
fetch_schedule = dg.ScheduleDefinition(
    name="fetch_hytemart_daily",
    job=fetch_job,
    cron_schedule="30 4 * * *",
    execution_timezone="Europe/Helsinki",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def raw_snapshot(raw_dir: Path) -> dict[str, str]:
    """Every file under the raw directory with its size and modification time."""
    if not raw_dir.is_dir():
        return {}
    snapshot = {}
    for path in sorted(raw_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            stat = path.stat()
            snapshot[path.relative_to(raw_dir).as_posix()] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return snapshot


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, changed or removed between two snapshots."""
    names = before.keys() | after.keys()
    return sorted(name for name in names if before.get(name) != after.get(name))


@dg.sensor(
    job=build_job,
    minimum_interval_seconds=SERVICE.sensor_interval_seconds,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a build when a file in the raw directory is added, changed or removed.",
)
def raw_files_sensor(
    context: dg.SensorEvaluationContext, hytemart: HytemartResource
) -> dg.SensorResult | dg.SkipReason:
    # What a killed run left (a pair out of step, exports half-swapped) is repaired on the
    # daemon's next tick rather than at the next build (pipelines/publish/recovery.py).
    if recovery.pending(hytemart.paths.root):
        for line in recovery.recover_if_idle(hytemart.paths.root) or []:
            context.log.warning(line)
    before = json.loads(context.cursor) if context.cursor else None
    after = raw_snapshot(hytemart.raw_path)
    cursor = json.dumps(after, sort_keys=True)
    if before is not None and before == after:
        return dg.SkipReason(f"no change in {hytemart.raw_path}")
    changed = changed_files(before or {}, after)
    if before is None and hytemart.paths.published.exists():
        # First tick after the daemon starts: remember the files, build only when they change.
        return dg.SensorResult(run_requests=[], cursor=cursor)
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=str(abs(hash(cursor))),
                tags={"hytemart/changed_files": ", ".join(changed)[:1000]},
            )
        ],
        cursor=cursor,
    )
