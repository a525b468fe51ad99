"""The HTTP client every fetch goes through: httpx with retries (tenacity), a request budget
per minute and per service, and a record of every request sent.

Retried: timeouts, connection errors and bodies cut short (httpx raises when fewer bytes
arrive than Content-Length says), 5xx, and 429, which waits as long as Retry-After says (up
to max_backoff). Not retried: other 4xx, which a retry would not mend. A proxy is taken from
the usual HTTPS_PROXY / HTTP_PROXY / NO_PROXY variables (httpx's trust_env).
"""

import email.utils
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import tenacity

from pipelines.fetch.errors import FetchError, RetryableStatus
from pipelines.fetch.settings import FetchSettings

USER_AGENT = "hytemart-fetch/1 (wellbeing data mart of Espoo and Western Uusimaa)"


@dataclass(frozen=True)
class RequestRecord:
    """One attempt: what was sent and what came back (status 0: no answer)."""

    method: str
    url: str
    kind: str  # "metadata" or "data"
    status: int
    bytes: int
    seconds: float
    error: str = ""


class RequestBudget:
    """At most `per_minute` requests in any 60 seconds, per service (sliding window)."""

    def __init__(self, per_minute: int, clock: Any = time.monotonic, sleep: Any = time.sleep):
        self.per_minute = per_minute
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                while self._sent and now - self._sent[0] >= 60.0:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return
                wait = 60.0 - (now - self._sent[0])
            self._sleep(wait)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class FetchClient:
    """One per fetch run; thread-safe (httpx.Client is), closed by `close()`."""

    settings: FetchSettings
    log: Any = None  # a logger with .info/.warning, e.g. Dagster's context.log
    records: list[RequestRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._http = httpx.Client(
            timeout=self.settings.timeout_seconds,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )
        self._budgets: dict[str, RequestBudget] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "FetchClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def budget(self, url: str) -> RequestBudget:
        """The budget of the service `url` belongs to: the configured base URL it starts
        with, else its host."""
        parts = urlsplit(url)
        service = f"{parts.scheme}://{parts.netloc}"
        bases = (self.settings.sotkanet_url, self.settings.pxweb_v1_url,
                 self.settings.pxweb_v2_url)
        for base in sorted(bases, key=len, reverse=True):
            if url.startswith(base.rstrip("/") + "/"):
                service = base
                break
        with self._lock:
            if service not in self._budgets:
                self._budgets[service] = RequestBudget(self.settings.requests_per_minute)
            return self._budgets[service]

    def count(self, kind: str | None = None) -> int:
        with self._lock:
            return sum(1 for record in self.records if kind in (None, record.kind))

    def request(
        self,
        method: str,
        url: str,
        *,
        kind: str,
        params: Any = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        not_modified_ok: bool = False,
    ) -> httpx.Response:
        """Send with retries; return a 2xx response (or 304 when `not_modified_ok`) whose
        body arrived whole, else raise FetchError saying what happened last."""
        settings = self.settings
        wait_exponential = tenacity.wait_exponential(
            multiplier=settings.backoff_seconds, max=settings.max_backoff_seconds
        )

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            if isinstance(error, RetryableStatus) and error.retry_after is not None:
                return min(error.retry_after, settings.max_backoff_seconds)
            return wait_exponential(state)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            if self.log is not None and state.outcome is not None:
                self.log.warning(
                    f"{method} {url}: {describe(state.outcome.exception())}; attempt "
                    f"{state.attempt_number + 1} of {settings.attempts} in "
                    f"{state.next_action.sleep if state.next_action else 0:.1f} s"
                )

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(settings.attempts),
            wait=wait,
            retry=tenacity.retry_if_exception_type((RetryableStatus, httpx.TransportError)),
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            return retrying(
                self._send, method, url, kind, params, json, headers, not_modified_ok
            )
        except RetryableStatus as exc:
            raise FetchError(f"{exc} after {settings.attempts} attempts") from exc
        except httpx.TransportError as exc:
            raise FetchError(
                f"{method} {url}: {describe(exc)} after {settings.attempts} attempts"
            ) from exc

    def _send(
        self,
        method: str,
        url: str,
        kind: str,
        params: Any,
        json: Any,
        headers: dict[str, str] | None,
        not_modified_ok: bool,
    ) -> httpx.Response:
        self.budget(url).acquire()
        started = time.monotonic()
        try:
            response = self._http.request(method, url, params=params, json=json,
                                          headers=headers)
        except httpx.TransportError as exc:
            self._record(method, url, kind, 0, 0, started, describe(exc))
            raise
        self._record(method, str(response.url), kind, response.status_code,
                     len(response.content), started)
        status = response.status_code
        if status == 429 or status >= 500:
            raise RetryableStatus(status, str(response.url),
                                  retry_after_seconds(response.headers.get("Retry-After")))
        if status == 304 and not_modified_ok:
            return response
        if not 200 <= status < 300:
            detail = response.text[:300].strip()
            raise FetchError(f"HTTP {status} from {response.url}" +
                             (f": {detail}" if detail else ""))
        return response

    def _record(self, method: str, url: str, kind: str, status: int, size: int,
                started: float, error: str = "") -> None:
        record = RequestRecord(method, url, kind, status, size, time.monotonic() - started,
                               error)
        with self._lock:
            self.records.append(record)


def describe(error: BaseException | None) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"timed out ({type(error).__name__})"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"the answer was cut short or garbled ({error})"
    return str(error) or type(error).__name__
