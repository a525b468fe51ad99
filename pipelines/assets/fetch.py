"""Fetch assets (group "fetch", job fetch_hytemart): Sotkanet and Statistics Finland's PxWeb
tables fetched into raw/ as the fetch list (raw/fetch.yaml) says.

A service that fails does not fail the run: its last good files stay, the other targets are
fetched, and the asset's freshness check warns which files are stale and since when. A fetch
list that does not load fails the run, naming the file and line.
"""

import dagster as dg

from pipelines.assets.resources import HytemartResource
from pipelines.fetch.freshness import stale_files
from pipelines.fetch.outcome import FAILED, FETCHED, UNCHANGED
from pipelines.fetch.resource import FetchResource
from pipelines.fetch.run import SOURCES, run_fetch
from pipelines.ingest.errors import SourceFormatError

STATE_FILE = "fetch_state.json"  # in the warehouse directory
DESCRIPTIONS = {
    "sotkanet": "THL Sotkanet (REST 1.1): regions, indicator metadata and the data of the "
                "indicators in raw/fetch.yaml, into raw/indicators/sotkanet/.",
    "statfin": "Statistics Finland's PxWeb tables (API v1 and v2) in raw/fetch.yaml, each "
               "saved as the data file of its table description.",
}


def _fetch_asset(source: str) -> dg.AssetsDefinition:
    key = dg.AssetKey(["fetch", source])
    check = f"{source}_fresh"

    @dg.asset(key=key, group_name="fetch", description=DESCRIPTIONS[source],
              check_specs=[dg.AssetCheckSpec(check, asset=key, blocking=False,
                                             description="Warns which fetched files are stale "
                                             "and since when")])
    def fetch_source(context: dg.AssetExecutionContext, hytemart: HytemartResource,
                     fetch: FetchResource) -> dg.MaterializeResult:
        settings = fetch.settings()
        state = hytemart.paths.root / STATE_FILE
        try:
            report = run_fetch(hytemart.raw_path, state, settings, source, context.log)
        except SourceFormatError as exc:
            raise dg.Failure(description=f"the fetch list does not load: {exc}") from exc
        stale = stale_files(state, [outcome.file for outcome in report.outcomes],
                            settings.stale_after_hours)
        table = "\n".join(f"| {outcome.file} | {outcome.status} | "
                          f"{outcome.message.replace('|', '/')[:300]} |"
                          for outcome in report.outcomes)
        metadata = {
            "fetched": report.count(FETCHED),
            "unchanged": report.count(UNCHANGED),
            "failed": report.count(FAILED),
            "data_requests": report.requests_of("data"),
            "metadata_requests": report.requests_of("metadata"),
            "bytes_received": report.bytes_received,
            "seconds": round(report.seconds, 2),
            "files": dg.MetadataValue.md("| file | status | note |\n|---|---|---|\n" + table)
            if table else "nothing in the fetch list",
        }
        result = dg.AssetCheckResult(
            check_name=check, passed=not stale, severity=dg.AssetCheckSeverity.WARN,
            description=("; ".join(f"{file}: {why}" for file, why in sorted(stale.items()))[:2000]
                         if stale else "every fetched file is current"),
            metadata={"stale_files": len(stale)},
        )
        return dg.MaterializeResult(metadata=metadata, check_results=[result])

    return fetch_source


FETCH_ASSETS = [_fetch_asset(source) for source in SOURCES]
