"""How the daemon runs the pipeline: sensor intervals, the build's schedule, where run failures
are reported. Read from the environment when the code location loads (the sensors and the
schedule are defined then); a bad value fails the load, naming the variable."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipelines.settings import whole_number

DEFAULT_SENSOR_INTERVAL_SECONDS = 60
DEFAULT_BUILD_SCHEDULE = "0 5 * * *"


@dataclass(frozen=True)
class ServiceSettings:
    # How often the daemon evaluates each sensor (raw files, exports after a build, failures).
    sensor_interval_seconds: int = DEFAULT_SENSOR_INTERVAL_SECONDS
    # When the daily build runs (cron, Europe/Helsinki).
    build_schedule: str = DEFAULT_BUILD_SCHEDULE
    # A failed run is posted here as JSON (Slack and Teams read its "text"), when set.
    alert_webhook_url: str | None = None
    # ... and always appended as a JSON line to this file (default: in the warehouse).
    alert_log: str | None = None
    # Processes the export job may use: 1 runs its steps in one process; more runs the exports,
    # the dictionary and the report side by side (they only read the published file).
    export_processes: int = 1

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "ServiceSettings":
        schedule = environ.get("HYTEMART_BUILD_SCHEDULE", "").strip() or DEFAULT_BUILD_SCHEDULE
        if not _is_cron(schedule):
            raise ValueError(f"HYTEMART_BUILD_SCHEDULE={schedule!r}: not a cron schedule of five "
                             f"fields, e.g. '0 5 * * *' (unset, it is {DEFAULT_BUILD_SCHEDULE!r})")
        webhook = environ.get("HYTEMART_ALERT_WEBHOOK_URL", "").strip() or None
        if webhook is not None:
            parts = urlsplit(webhook)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"HYTEMART_ALERT_WEBHOOK_URL={webhook!r}: must be an http(s) URL")
        return cls(
            sensor_interval_seconds=whole_number(
                environ, "HYTEMART_SENSOR_INTERVAL_SECONDS", DEFAULT_SENSOR_INTERVAL_SECONDS,
                minimum=1),
            build_schedule=schedule,
            alert_webhook_url=webhook,
            alert_log=environ.get("HYTEMART_ALERT_LOG", "").strip() or None,
            export_processes=whole_number(environ, "HYTEMART_EXPORT_PROCESSES", 1, minimum=1),
        )


def _is_cron(text: str) -> bool:
    from dagster._utils.schedules import is_valid_cron_string

    return len(text.split()) == 5 and is_valid_cron_string(text)


SERVICE = ServiceSettings.from_env()
