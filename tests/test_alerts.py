"""The run-failure sensor on its own (the daemon test runs it in the daemon): what it writes to
the log and posts to a webhook served on 127.0.0.1, and the service settings it reads."""

import json
import urllib.error
from pathlib import Path

import dagster as dg
import pytest
from service_harness import WebhookReceiver

from pipelines.assets.resources import HytemartResource
from pipelines.orchestration.alerts import AlertResource, report_run_failures
from pipelines.orchestration.service_settings import ServiceSettings


@dg.op
def read_areas() -> None:
    raise ValueError("areas.csv, line 3: the area code is empty")


@dg.job(tags={"hytemart/changed_files": "reference/areas.csv"})
def broken_build() -> None:
    read_areas()


def failure_context(tmp_path: Path, alerts: AlertResource) -> dg.RunFailureSensorContext:
    """The context the daemon gives the sensor for a failed run; open it with `with` (the
    hytemart resource sets up and tears down)."""
    instance = dg.DagsterInstance.ephemeral()
    run = broken_build.execute_in_process(instance=instance, raise_on_error=False).dagster_run
    failure = next(record.dagster_event for record in instance.all_logs(run.run_id)
                   if record.dagster_event
                   and record.dagster_event.event_type == dg.DagsterEventType.RUN_FAILURE)
    hytemart = HytemartResource(raw_dir=str(tmp_path / "raw"),
                                warehouse_dir=str(tmp_path / "warehouse"))
    return dg.build_run_status_sensor_context(
        sensor_name="report_run_failures", dagster_event=failure, dagster_instance=instance,
        dagster_run=run, resources={"hytemart": hytemart, "alerts": alerts},
    ).for_run_failure()


def logged(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_failed_run_is_posted_to_the_webhook_and_logged(tmp_path: Path) -> None:
    with WebhookReceiver() as hook, failure_context(
            tmp_path, AlertResource(webhook_url=hook.url)) as context:
        report_run_failures(context)
    [posted] = hook.bodies
    assert posted["job"] == "broken_build"
    assert posted["failed_steps"][0]["step"] == "read_areas"
    assert "areas.csv, line 3: the area code is empty" in posted["failed_steps"][0]["error"]
    assert "broken_build failed" in posted["text"] and "reference/areas.csv" in posted["text"]
    assert logged(tmp_path / "warehouse" / "run_failures.log") == [posted]


def test_the_log_is_written_even_when_the_webhook_refuses(tmp_path: Path) -> None:
    log = tmp_path / "alerts" / "failures.jsonl"
    with WebhookReceiver(status=500) as hook, pytest.raises(urllib.error.HTTPError), \
            failure_context(tmp_path, AlertResource(webhook_url=hook.url,
                                                    log_file=str(log))) as context:
        report_run_failures(context)
    assert [entry["job"] for entry in logged(log)] == ["broken_build"]
    assert not (tmp_path / "warehouse" / "run_failures.log").exists()


def test_service_settings_defaults_and_bad_values() -> None:
    assert ServiceSettings.from_env({}) == ServiceSettings(
        sensor_interval_seconds=60, build_schedule="0 5 * * *")
    fast = ServiceSettings.from_env({"HYTEMART_SENSOR_INTERVAL_SECONDS": "2",
                                     "HYTEMART_BUILD_SCHEDULE": "*/5 * * * *",
                                     "HYTEMART_ALERT_WEBHOOK_URL": "https://chat.example/hook"})
    assert (fast.sensor_interval_seconds, fast.build_schedule) == (2, "*/5 * * * *")
    for name, value in [("HYTEMART_SENSOR_INTERVAL_SECONDS", "0"),
                        ("HYTEMART_SENSOR_INTERVAL_SECONDS", "soon"),
                        ("HYTEMART_BUILD_SCHEDULE", "every day at five"),
                        ("HYTEMART_BUILD_SCHEDULE", "0 25 * * *"),
                        ("HYTEMART_ALERT_WEBHOOK_URL", "file:///etc/passwd")]:
        with pytest.raises(ValueError, match=name):
            ServiceSettings.from_env({name: value})
