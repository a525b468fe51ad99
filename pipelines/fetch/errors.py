"""Errors of a fetch, apart from the HTTP client so that the code location need not import
httpx when it loads."""


class FetchError(Exception):
    """A request that did not give a usable answer, after the retries it deserved."""


class RetryableStatus(FetchError):
    def __init__(self, status: int, url: str, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status} from {url}")
        self.status = status
        self.retry_after = retry_after
