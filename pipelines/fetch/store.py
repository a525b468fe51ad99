"""Where fetched payloads land: written atomically into raw/, with a manifest row each, and a
small state file (outside raw/) saying when each file was last checked and how that went.

The manifest (raw/fetch_manifest.csv) holds the last *good* fetch of every file: URL, query,
HTTP status, fetched_at, the service's `updated`, bytes and sha256. It changes only when a
payload does, so an unchanged daily fetch leaves raw/ untouched (and the raw-files sensor
quiet). The state (warehouse/fetch_state.json) records every attempt, for the freshness check.
"""

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

MANIFEST_COLUMNS = ("file", "source", "url", "method", "query", "http_status", "fetched_at",
                    "updated", "bytes", "sha256", "requests", "dimensions", "etag")


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target under a hidden temporary name, fsync, then rename over it: a
    reader (or a crash) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@dataclass(frozen=True)
class ManifestRow:
    file: str  # relative to the raw directory
    source: str  # sotkanet, pxweb_v1, pxweb_v2
    url: str
    method: str
    query: str  # JSON: what was asked (selection, years, sexes ...)
    http_status: int
    fetched_at: str
    updated: str  # the service's own last-updated stamp, "" when it gives none
    bytes: int
    sha256: str
    requests: int  # data requests the file was joined from
    dimensions: str = ""  # JSON list of dimension ids (PxWeb), to notice a changed table
    etag: str = ""  # for conditional requests (Sotkanet regions)


def read_manifest(path: Path) -> dict[str, ManifestRow]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    manifest = {}
    for row in rows:
        values = {item.name: row.get(item.name, "") or "" for item in fields(ManifestRow)}
        values["http_status"] = int(values["http_status"] or 0)
        values["bytes"] = int(values["bytes"] or 0)
        values["requests"] = int(values["requests"] or 0)
        manifest[values["file"]] = ManifestRow(**values)
    return manifest


def write_manifest(path: Path, manifest: dict[str, ManifestRow]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for name in sorted(manifest):
        writer.writerow(asdict(manifest[name]))
    data = buffer.getvalue().encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        write_atomic(path, data)


@dataclass
class TargetState:
    source: str
    last_attempt_at: str = ""
    last_success_at: str = ""  # fetched, or checked and found unchanged
    last_error: str = ""  # of the last attempt; "" when it succeeded


def read_state(path: Path) -> dict[str, TargetState]:
    if not path.is_file():
        return {}
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged state only costs the freshness history, never a fetch
    return {name: TargetState(**values) for name, values in payload.items()
            if isinstance(values, dict)}


def update_state(path: Path, results: dict[str, TargetState]) -> None:
    state = read_state(path)
    state.update(results)
    text = json.dumps({name: asdict(item) for name, item in sorted(state.items())}, indent=1)
    write_atomic(path, text.encode("utf-8"))
