"""Where and how fast the fetch talks to the services, from the environment.

Read once with the other settings when the code location loads; a value that is not what it
must be stops the load naming the variable. Tests build their own FetchSettings pointing at a
server on 127.0.0.1, so no code path reaches the internet in tests or CI.

PxWeb API v2 has no default address: no public v2 service of Statistics Finland is known
(probes of the likely addresses answered 404 through 2026, and its own new API,
StatisticsFinland/PxApi, has other paths and API keys), so a v2 table is fetched only when
HYTEMART_PXWEB_V2_URL names the service (e.g. Statistics Sweden's
https://statistikdatabasen.scb.se/api/v2).
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
    pxweb_v2_url: str = ""  # no default: see above; "" means no v2 table can be fetched
    timeout_seconds: float = 60.0  # per request: connect, read, write
    attempts: int = 5  # per request, the first included; timeouts, 5xx, 429 and cut bodies
    backoff_seconds: float = 2.0  # first wait between attempts; doubles up to max_backoff
    max_backoff_seconds: float = 60.0  # also the longest Retry-After honoured
    requests_per_minute: int = 60  # per host, our own cap; a PxWeb service's own limit
    # (its ?config or /config) holds as well, on the same host budget
    concurrency: int = 4  # tables or indicators fetched at once
    max_cells: int = 100_000  # PxWeb cells per query; a service's own lower limit wins
    sotkanet_years_per_request: int = 10
    stale_after_hours: float = 48.0  # the freshness check warns past this
    contact: str = ""  # optional, in the User-Agent: how a service can reach the operator

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
            if item.name == "contact":
                if not text.isprintable() or len(text) > 200:
                    raise ValueError(f"{name}: must be one printable line (an e-mail address "
                                     "or a URL), at most 200 characters")
                values[item.name] = text
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
