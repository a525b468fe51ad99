"""Where and how fast the fetch talks to the services, from the environment.

Read once with the other settings when the code location loads; a value that is not what it
must be stops the load naming the variable. Tests build their own FetchSettings pointing at a
server on 127.0.0.1, so no code path reaches the internet in tests or CI.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

FETCH_LIST = "fetch.yaml"  # in the raw directory
MANIFEST = "fetch_manifest.csv"  # in the raw directory: the last good fetch of every file


@dataclass(frozen=True)
class FetchSettings:
    sotkanet_url: str = "https://sotkanet.fi/rest/1.1"
    pxweb_v1_url: str = "https://pxdata.stat.fi/PxWeb/api/v1"
    pxweb_v2_url: str = "https://pxdata.stat.fi/PxWeb/api/v2"
    timeout_seconds: float = 60.0  # per request: connect, read, write
    attempts: int = 5  # per request, the first included; timeouts, 5xx, 429 and cut bodies
    backoff_seconds: float = 2.0  # first wait between attempts; doubles up to max_backoff
    max_backoff_seconds: float = 60.0  # also the longest Retry-After honoured
    requests_per_minute: int = 60  # per service (Sotkanet, PxWeb v1, PxWeb v2)
    concurrency: int = 4  # tables or indicators fetched at once
    max_cells: int = 100_000  # PxWeb cells per query; a service's own lower limit wins
    sotkanet_years_per_request: int = 10
    stale_after_hours: float = 48.0  # the freshness check warns past this

    @classmethod
    def variables(cls) -> dict[str, str]:
        """The environment variable of each field: HYTEMART_FETCH_<FIELD>, the services'
        addresses HYTEMART_<SERVICE>_URL."""
        return {item.name: ("HYTEMART_" if item.name.endswith("_url") else "HYTEMART_FETCH_")
                + item.name.upper() for item in fields(cls)}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "FetchSettings":
        values: dict[str, object] = {}
        variables = cls.variables()
        for item in fields(cls):
            name = variables[item.name]
            text = environ.get(name, "").strip()
            if not text:
                continue
            if item.type is str:
                if not text.startswith(("http://", "https://")):
                    raise ValueError(f"{name}={text!r}: must be an http:// or https:// URL")
                values[item.name] = text.rstrip("/")
                continue
            number: float | None
            try:
                number = int(text) if item.type is int else float(text)
            except ValueError:
                number = None
            if number is None or number <= 0:
                kind = "whole number" if item.type is int else "number"
                raise ValueError(f"{name}={text!r}: must be a {kind} above 0 "
                                 f"(unset, it is {item.default})")
            values[item.name] = number
        return cls(**values)  # type: ignore[arg-type]
