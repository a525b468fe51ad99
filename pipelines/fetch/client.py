"""The HTTP client every fetch goes through: httpx with retries (tenacity), one request budget
per host, and a record of every request sent.

Retried: timeouts, connection errors and bodies cut short (httpx raises when fewer bytes
arrive than Content-Length says), 5xx, and 429, which waits as long as Retry-After says (up
to max_backoff). Not retried: other 4xx, which a retry would not mend. A proxy is taken from
the usual HTTPS_PROXY / HTTP_PROXY / NO_PROXY variables (httpx's trust_env).

The budget of a host holds every limit known for it: our own (requests_per_minute) and what a
PxWeb service declares (v1 `?config` maxCalls per timeWindow, v2 `/config`
maxCallsPerTimeWindow per timeWindow). PxWeb v1 and v2 on one host share it, as R pxweb keeps
one call log per host name (rOpenGov/pxweb, R/pxweb_api_paths.R `pxweb_api_name.url`,
R/pxweb_add_call.R).

The User-Agent names this client honestly (hytemart-fetch, the mart, httpx's version and, when
HYTEMART_FETCH_CONTACT is set, how to reach the operator), as R sotkanet sends
"rOpenGov/sotkanet" to THL (rOpenGov/sotkanet, NEWS.md 0.9.79, R/csv.R). That Sotkanet answers
403 to some non-browser User-Agents is a report nobody here has verified; the client does not
pose as a browser, and a 403 fails that target with the status, like any other 4xx.
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

# The budgets of the hosts, for the whole process: a service counts our requests per client
# address, whichever run sent them, so a run right after another (the bench's daily run, two
# assets of one job on one host) starts from what the last one sent.
_BUDGETS: dict[str, "RequestBudget"] = {}
_BUDGETS_LOCK = threading.Lock()



def forget_budgets() -> None:
    """Drop every host's budget (for tests, whose servers may reuse a port)."""
    with _BUDGETS_LOCK:
        _BUDGETS.clear()


PRODUCT = "hytemart-fetch/2"
ABOUT = "wellbeing data mart of Espoo and Western Uusimaa"
OWN_LIMIT = "own"  # the name of our own limit in a host's budget


def user_agent(contact: str = "") -> str:
    """`hytemart-fetch/2 (wellbeing data mart ...; contact) python-httpx/0.28.1`."""
    comment = ABOUT + (f"; {contact}" if contact else "")
    return f"{PRODUCT} ({comment}) python-httpx/{httpx.__version__}"


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
    """The requests sent to one host, held under every limit it has: at most `calls` in any
    `seconds` (sliding windows, as PxWeb's own limiter counts: statisticssweden/PxWeb,
    PCAxis.Api/RequestLimiter.cs). `RequestBudget(60)` is 60 a minute.

    A request counts from when it is sent until `seconds` after its answer came: the service
    counts it when it arrives, which is after we send it and before its answer is back, so
    however long the way there takes, two requests `calls` apart arrive at least `seconds`
    apart. `acquire()` before sending, `done()` when the answer (or the failure) is in."""

    def __init__(self, per_minute: int | None = None, clock: Any = time.monotonic,
                 sleep: Any = time.sleep):
        self.limits: dict[str, tuple[int, float]] = {}
        if per_minute is not None:
            self.limits[OWN_LIMIT] = (per_minute, 60.0)
        self._ended: deque[float] = deque()  # when answers came, oldest first
        self._in_flight = 0
        self._changed = threading.Condition()
        self._clock, self._sleep = clock, sleep

    def limit(self, name: str, calls: int, seconds: float) -> None:
        """Add or replace the limit `name` (e.g. "pxweb_v1"): `calls` per `seconds`."""
        with self._changed:
            self.limits[name] = (max(1, int(calls)), float(seconds))

    def drop(self, name: str) -> None:
        with self._changed:
            self.limits.pop(name, None)
            self._changed.notify_all()

    def acquire(self) -> None:
        """Wait until one more request keeps every limit; it is then in flight."""
        while True:
            with self._changed:
                now = self._clock()
                longest = max((seconds for _, seconds in self.limits.values()), default=0.0)
                while self._ended and now - self._ended[0] >= longest:
                    self._ended.popleft()
                wait: float | None = 0.0  # None: until a request in flight ends
                for calls, seconds in self.limits.values():
                    recent = [ended for ended in self._ended if now - ended < seconds]
                    over = len(recent) + self._in_flight - calls + 1
                    if over <= 0:
                        continue
                    if over > len(recent):
                        wait = None
                        break
                    wait = max(wait, seconds - (now - recent[over - 1]))
                if wait is not None and wait <= 0:
                    self._in_flight += 1
                    return
                if wait is None:
                    self._changed.wait(timeout=1.0)
                    continue
            self._sleep(wait)

    def done(self) -> None:
        """The answer to a request in flight came (or it failed): it counts from now."""
        with self._changed:
            self._in_flight = max(0, self._in_flight - 1)
            self._ended.append(self._clock())
            self._changed.notify_all()

    def take(self) -> None:
        """A request that ends as it starts (acquire, then done)."""
        self.acquire()
        self.done()


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
            headers={"User-Agent": user_agent(self.settings.contact),
                     "Accept": "application/json"},
            follow_redirects=True,
        )
        self._hosts: set[str] = set()  # whose own limit this client has set
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "FetchClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def budget(self, url: str) -> RequestBudget:
        """The budget of the host `url` is on (scheme, name and port): shared by every service
        there, e.g. PxWeb v1 and v2 on one host, and by every client of this process."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        with _BUDGETS_LOCK:
            budget = _BUDGETS.setdefault(host, RequestBudget())
        with self._lock:
            if host not in self._hosts:
                self._hosts.add(host)
                budget.limit(OWN_LIMIT, self.settings.requests_per_minute, 60.0)
        return budget

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
        budget = self.budget(url)
        budget.acquire()
        started = time.monotonic()
        try:
            response = self._http.request(method, url, params=params, json=json,
                                          headers=headers)
        except httpx.TransportError as exc:
            self._record(method, url, kind, 0, 0, started, describe(exc))
            raise
        finally:
            budget.done()
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
