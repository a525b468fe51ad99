"""One fetch run: the fetch list read, each target fetched (a few at once), every good
payload written with its manifest row, and every attempt recorded for the freshness check.

Plain functions over paths, testable without Dagster; the assets in pipelines/assets/fetch.py
call `run_fetch` once per source.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.fetch.errors import FetchError
from pipelines.fetch.fetchlist import FetchList, load_fetch_list
from pipelines.fetch.jsonstat_parts import PayloadError
from pipelines.fetch.outcome import FAILED, Outcome
from pipelines.fetch.pxweb import PxwebFetcher
from pipelines.fetch.settings import FETCH_LIST, MANIFEST, FetchSettings
from pipelines.fetch.sotkanet import SotkanetFetcher
from pipelines.fetch.store import (
    ManifestRow,
    TargetState,
    now_utc,
    read_manifest,
    read_state,
    update_state,
    write_atomic,
    write_manifest,
)

if TYPE_CHECKING:
    from pipelines.fetch.client import RequestRecord

SOURCES = ("sotkanet", "statfin")  # statfin: the PxWeb tables (v1 and v2)


@dataclass(frozen=True)
class FetchReport:
    outcomes: list[Outcome]
    requests: list["RequestRecord"]
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    def requests_of(self, kind: str) -> int:
        return sum(1 for record in self.requests if record.kind == kind)

    @property
    def bytes_received(self) -> int:
        return sum(record.bytes for record in self.requests)


def run_fetch(raw_dir: Path, state_path: Path, settings: FetchSettings, source: str,
              log: Any = None, fetch_list: FetchList | None = None) -> FetchReport:
    """Fetch every target of one source ("sotkanet" or "statfin") in the fetch list."""
    raw_dir = Path(raw_dir)
    fetch_list = fetch_list or load_fetch_list(raw_dir / FETCH_LIST, raw_dir)
    manifest_path = raw_dir / MANIFEST
    manifest = read_manifest(manifest_path)
    snapshot = dict(manifest)  # what the last good fetches were, for skipping
    lock = threading.Lock()

    def commit(file: str, payload: bytes, row: ManifestRow) -> None:
        with lock:
            write_atomic(raw_dir / file, payload)
            manifest[file] = row
            write_manifest(manifest_path, manifest)
        if log:
            log.info(f"wrote {file} ({len(payload)} bytes)")

    from pipelines.fetch.client import FetchClient  # httpx: only when a fetch runs

    started = time.monotonic()
    outcomes: list[Outcome] = []
    with FetchClient(settings, log) as client, \
            ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        if source == "sotkanet" and fetch_list.sotkanet:
            fetcher = SotkanetFetcher(client, settings, raw_dir, fetch_list, snapshot, commit,
                                      log)
            outcomes = _sotkanet(fetcher, fetch_list, pool)
        elif source == "statfin" and fetch_list.pxweb:
            fetcher = PxwebFetcher(client, settings, raw_dir, fetch_list, snapshot, commit, log)
            outcomes = list(pool.map(fetcher.fetch, fetch_list.pxweb))
        records = list(client.records)
    _record_state(state_path, outcomes, snapshot)
    if log:
        for outcome in outcomes:
            text = f"{outcome.file}: {outcome.status}" + (
                f" ({outcome.message})" if outcome.message else "")
            (log.warning if outcome.status == FAILED else log.info)(text)
    return FetchReport(outcomes, records, time.monotonic() - started)


def _sotkanet(fetcher: SotkanetFetcher, fetch_list: FetchList,
              pool: ThreadPoolExecutor) -> list[Outcome]:
    def metadata(item: Any) -> dict[str, Any] | Outcome:
        try:
            return fetcher.indicator_metadata(item)
        except (FetchError, PayloadError) as exc:
            return Outcome(item.file, "sotkanet", FAILED, str(exc))

    metas = dict(zip(fetch_list.sotkanet, pool.map(metadata, fetch_list.sotkanet),
                     strict=True))
    outcomes = [meta for meta in metas.values() if isinstance(meta, Outcome)]
    regions, categories = fetcher.regions()
    found = {item.id: meta for item, meta in metas.items() if isinstance(meta, dict)}
    outcomes.append(regions)
    fetched = list(pool.map(lambda item: fetcher.data(item, metas[item], categories),
                            [item for item in fetch_list.sotkanet if item.id in found]))
    # The metadata of an indicator whose data failed stays as it was, with its data.
    ok = {item.id for item, outcome in zip(
        [item for item in fetch_list.sotkanet if item.id in found], fetched, strict=True)
        if outcome.status != FAILED}
    if ok:
        outcomes.append(fetcher.indicators_file({key: found[key] for key in ok}))
    return outcomes + fetched


def _record_state(path: Path, outcomes: list[Outcome],
                  manifest: dict[str, ManifestRow]) -> None:
    previous = read_state(path)
    now = now_utc()
    results = {}
    for outcome in outcomes:
        before = previous.get(outcome.file)
        last_success = before.last_success_at if before else ""
        if not last_success and outcome.file in manifest:
            last_success = manifest[outcome.file].fetched_at
        ok = outcome.status != FAILED
        results[outcome.file] = TargetState(
            source=outcome.source, last_attempt_at=now,
            last_success_at=now if ok else last_success,
            last_error="" if ok else outcome.message)
    if results:
        update_state(path, results)

