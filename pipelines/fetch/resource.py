"""The fetch settings as a Dagster resource (defaults from the environment, see settings.py)."""

from dataclasses import fields

import dagster as dg

from pipelines.fetch.settings import FetchSettings


class FetchResource(dg.ConfigurableResource):
    """Base URLs, timeouts and limits of the fetch; HYTEMART_* variables set them."""

    sotkanet_url: str = FetchSettings.sotkanet_url
    pxweb_v1_url: str = FetchSettings.pxweb_v1_url
    pxweb_v2_url: str = FetchSettings.pxweb_v2_url
    timeout_seconds: float = FetchSettings.timeout_seconds
    attempts: int = FetchSettings.attempts
    backoff_seconds: float = FetchSettings.backoff_seconds
    max_backoff_seconds: float = FetchSettings.max_backoff_seconds
    requests_per_minute: int = FetchSettings.requests_per_minute
    concurrency: int = FetchSettings.concurrency
    max_cells: int = FetchSettings.max_cells
    sotkanet_years_per_request: int = FetchSettings.sotkanet_years_per_request
    stale_after_hours: float = FetchSettings.stale_after_hours
    contact: str = FetchSettings.contact

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> "FetchResource":
        return cls(**{item.name: getattr(settings, item.name) for item in fields(settings)})

    def settings(self) -> FetchSettings:
        return FetchSettings(**{item.name: getattr(self, item.name)
                                for item in fields(FetchSettings)})
