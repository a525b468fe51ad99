"""The hytemart code location: builds Definitions from the modules; nothing else."""

import dagster as dg

from pipelines.assets.fetch import FETCH_ASSETS
from pipelines.assets.maps import MAP_ASSETS
from pipelines.assets.mart import MART_ASSETS
from pipelines.assets.pilot import PILOT_ASSETS
from pipelines.assets.projects import PROJECT_ASSETS
from pipelines.assets.protection import fact_indicator_value as protected_facts
from pipelines.assets.publish import published_mart
from pipelines.assets.report import REPORT_ASSETS
from pipelines.assets.report_settings import REPORT_SETTINGS_ASSETS
from pipelines.assets.resources import HytemartResource
from pipelines.assets.staging import reference_areas, sotkanet_metadata, sotkanet_values
from pipelines.assets.tables import table_values
from pipelines.assets.values import indicator_values
from pipelines.fetch.resource import FetchResource
from pipelines.fetch.settings import FetchSettings
from pipelines.orchestration.alerts import AlertResource, report_run_failures
from pipelines.orchestration.automation import (
    build_job,
    daily_schedule,
    export_job,
    exports_after_build,
    fetch_job,
    fetch_schedule,
    raw_files_sensor,
)
from pipelines.orchestration.service_settings import SERVICE
from pipelines.settings import Settings

ASSETS = [reference_areas, sotkanet_metadata, sotkanet_values, table_values, indicator_values,
          *MART_ASSETS, *PILOT_ASSETS, *PROJECT_ASSETS, *REPORT_SETTINGS_ASSETS, protected_facts,
          published_mart, *REPORT_ASSETS, *MAP_ASSETS]
# Every check runs in the step of the asset it guards (check specs of the assets above:
# pipelines/assets/steps.py says why); none is a step of its own.
CHECKS: list[dg.AssetChecksDefinition] = []


def hytemart_resource(settings: Settings) -> HytemartResource:
    return HytemartResource(
        raw_dir=str(settings.raw_dir),
        warehouse_dir=str(settings.warehouse_dir),
        keep_published=settings.keep_published,
        duckdb_memory_limit=settings.duckdb_memory_limit,
        suppression_threshold=settings.suppression_threshold,
        protection_interval=settings.protection_interval,
        report_areas=list(settings.report_areas),
    )


def alert_resource() -> AlertResource:
    return AlertResource(webhook_url=SERVICE.alert_webhook_url, log_file=SERVICE.alert_log)


def build_definitions(settings: Settings, fetch: FetchSettings | None = None
                      ) -> dg.Definitions:
    """The code location for these settings; `fetch`: the fetch layer's (HYTEMART_FETCH_*:
    base URLs, timeouts, limits), its defaults when None."""
    return dg.Definitions(
        assets=[*ASSETS, *FETCH_ASSETS],
        asset_checks=CHECKS,
        jobs=[build_job, export_job, fetch_job],
        schedules=[daily_schedule, fetch_schedule],
        sensors=[raw_files_sensor, exports_after_build, report_run_failures],
        resources={"hytemart": hytemart_resource(settings),
                   "fetch": FetchResource.from_settings(fetch or FetchSettings()),
                   "alerts": alert_resource()},
    )


defs = build_definitions(Settings.from_env(), FetchSettings.from_env())
