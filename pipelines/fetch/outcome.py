"""What became of one target file in a fetch run."""

from dataclasses import dataclass

FETCHED = "fetched"  # a new payload was written
UNCHANGED = "unchanged"  # the service says nothing changed since the last good fetch
FAILED = "failed"  # the last good file (if any) stays as it was


@dataclass(frozen=True)
class Outcome:
    file: str  # relative to the raw directory
    source: str  # sotkanet, pxweb_v1, pxweb_v2
    status: str
    message: str = ""
    bytes: int = 0
    data_requests: int = 0
