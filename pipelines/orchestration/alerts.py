"""Failed runs reported where an operator sees them: a JSON line in a log file, always, and a
POST to a webhook (Slack, Teams, a ticketing system) when HYTEMART_ALERT_WEBHOOK_URL is set."""

import json
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dagster as dg

if TYPE_CHECKING:
    from dagster_shared.error import SerializableErrorInfo

from pipelines.assets.resources import HytemartResource
from pipelines.orchestration.service_settings import SERVICE

WEBHOOK_TIMEOUT_SECONDS = 10


class AlertResource(dg.ConfigurableResource):
    """Where failures go. `log_file` empty: `run_failures.log` in the warehouse directory."""

    webhook_url: str | None = None
    log_file: str | None = None

    def log_path(self, warehouse_dir: Path) -> Path:
        return Path(self.log_file) if self.log_file else warehouse_dir / "run_failures.log"


def failure_alert(context: dg.RunFailureSensorContext) -> dict[str, Any]:
    """What failed, where and why, in a form both a person and a program can read."""
    run = context.dagster_run
    steps = [
        {"step": event.step_key,
         "error": error_text(event.event_specific_data.error
                             if event.event_specific_data else None)}
        for event in context.get_step_failure_events()
    ]
    changed = run.tags.get("hytemart/changed_files")
    summary = f"hytemart: run of {run.job_name} failed ({run.run_id})"
    if steps:
        summary += "; failed: " + ", ".join(step["step"] for step in steps)
    if changed:
        summary += f"; changed files: {changed}"
    return {
        "text": summary,
        "job": run.job_name,
        "run_id": run.run_id,
        "failed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "message": context.failure_event.message,
        "failed_steps": steps,
        "tags": {key: value for key, value in run.tags.items()
                 if key.startswith(("hytemart/", "dagster/schedule_name", "dagster/sensor_name"))},
    }


def error_text(error: "SerializableErrorInfo | None") -> str | None:
    """The error and the errors that caused it: Dagster wraps the asset's own error."""
    messages = []
    while error is not None:
        messages.append(error.message.strip())
        error = error.cause
    return "\n".join(messages) or None


def post_json(url: str, payload: dict[str, Any]) -> int:
    """POST the payload; a refusal or an HTTP error raises, so the sensor's tick shows it."""
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "hytemart-alerts"},
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        return response.status


@dg.run_failure_sensor(
    name="report_run_failures",
    minimum_interval_seconds=SERVICE.sensor_interval_seconds,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Reports every failed run of this code location: a JSON line in "
                "run_failures.log (HYTEMART_ALERT_LOG) and a POST to HYTEMART_ALERT_WEBHOOK_URL.",
)
def report_run_failures(
    context: dg.RunFailureSensorContext, hytemart: HytemartResource, alerts: AlertResource
) -> None:
    alert = failure_alert(context)
    # The log first: it is written even when the webhook is down.
    log = alerts.log_path(hytemart.paths.root)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(alert, ensure_ascii=False) + "\n")
    context.log.info(f"run failure of {alert['job']} {alert['run_id']} written to {log}")
    if alerts.webhook_url:
        status = post_json(alerts.webhook_url, alert)
        context.log.info(f"run failure posted to the webhook: HTTP {status}")
