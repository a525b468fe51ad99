"""End to end: the fetch job fills raw/ from the replay server, the build publishes it; a
fetch that meets faults leaves raw/ and the published mart as they were and warns."""

import json
import shutil
from hashlib import sha256
from pathlib import Path

import dagster as dg
from published import query

from fetch.fetch_helpers import write
from fetch.replay_server import Fault, Replay
from pipelines.assets.fetch import FETCH_ASSETS
from pipelines.assets.resources import HytemartResource
from pipelines.fetch.resource import FetchResource
from pipelines.fetch.settings import FetchSettings

REPO = Path(__file__).resolve().parents[2]

FETCH_LIST = """\
sotkanet:
  indicators:
    - {id: 127, years: all, sexes: [total]}
pxweb:
  - api: v2
    table: 13u5
    description: indicators/statfin/13u5_deaths.yaml
    selection:
      hyvinvointialue: all
      vuosi: last 1
"""

DEATHS = {
    "source": "statfin", "format": "jsonstat", "area": {"dimension": "hyvinvointialue"},
    "period": {"dimension": "vuosi"}, "indicator": {"dimension": "tiedot"},
    "age_group": {"dimension": "tilaston-peruskuolemansyy-aikasarjaluokitus",
                  "values": {"SSS": "total"}},
    "indicators": {"ksyylkm": {"name_fi": "Kuolleet", "unit": "count"}},
}


def fetch_job(raw: Path, warehouse: Path, settings: FetchSettings) -> dg.ExecuteInProcessResult:
    resources = {"hytemart": HytemartResource(raw_dir=str(raw), warehouse_dir=str(warehouse)),
                 "fetch": FetchResource.from_settings(settings)}
    return dg.materialize(FETCH_ASSETS, resources=resources, raise_on_error=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def test_fetch_then_build_publishes_and_faults_change_nothing(
    replay: Replay, settings: FetchSettings, tmp_path: Path, build
) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    shutil.copytree(REPO / "raw" / "reference", raw / "reference")
    write(raw / "indicators" / "statfin" / "13u5_deaths.yaml", json.dumps(DEATHS))
    write(raw / "fetch.yaml", FETCH_LIST)

    fetched = fetch_job(raw, warehouse, settings)
    assert fetched.success
    assert all(check.passed for check in fetched.get_asset_check_evaluations())
    assert (raw / "indicators" / "statfin" / "13u5_deaths.json").read_bytes() == \
        replay.v2_tables["13u5"].data
    built = build(raw, warehouse)
    assert built.success
    facts = query(warehouse, "SELECT indicator_code, count(*) FROM mart.fact_indicator_value "
                  "GROUP BY ALL ORDER BY 1")
    assert facts == [("sotkanet:127", 463), ("statfin:ksyylkm", 23)]
    assert query(warehouse, "SELECT value FROM mart.fact_indicator_value WHERE "
                 "indicator_code = 'sotkanet:127' AND area_code = 'KU049' "
                 "AND period = '2009'") == [(244330.0,)]
    published = sha256((warehouse / "hytemart.duckdb").read_bytes()).hexdigest()

    # Both services changed their data, and both fail to deliver it.
    replay.sotkanet_meta[127]["data-updated"] = "2016-03-01"
    metadata = json.loads(replay.v2_tables["13u5"].metadata)
    metadata["updated"] = "2026-10-29T08:00:00"
    replay.v2_tables["13u5"].metadata = json.dumps(metadata).encode("utf-8")
    replay.fault("sotkanet_data:127", *[Fault("truncate")] * settings.attempts)
    replay.fault("v2_data:13u5", *[Fault("status", 500)] * settings.attempts)
    before = snapshot(raw)
    failed = fetch_job(raw, warehouse, settings)
    assert failed.success  # the run goes on; the freshness checks warn
    checks = {check.check_name: check for check in failed.get_asset_check_evaluations()}
    assert not checks["sotkanet_fresh"].passed and not checks["statfin_fresh"].passed
    assert checks["sotkanet_fresh"].severity == dg.AssetCheckSeverity.WARN
    warning = checks["statfin_fresh"].description
    assert "13u5_deaths.json: stale since 20" in warning and "HTTP 500" in warning
    assert "cut short" in checks["sotkanet_fresh"].description
    assert snapshot(raw) == before  # the last good files, the manifest: untouched
    assert sha256((warehouse / "hytemart.duckdb").read_bytes()).hexdigest() == published

    # The build still runs on what raw/ holds and publishes the same facts.
    assert build(raw, warehouse).success
    assert query(warehouse, "SELECT indicator_code, count(*) FROM mart.fact_indicator_value "
                 "GROUP BY ALL ORDER BY 1") == facts


def test_a_fetch_list_that_does_not_load_fails_the_run_naming_the_line(
    settings: FetchSettings, tmp_path: Path
) -> None:
    raw = tmp_path / "raw"
    write(raw / "fetch.yaml", "sotkanet:\n  indicators:\n    - {id: 127, yeras: all}\n")
    result = fetch_job(raw, tmp_path / "warehouse", settings)
    assert not result.success
    failure = next(event for event in result.all_events if event.is_step_failure)
    text = failure.step_failure_data.user_failure_data.description
    assert "fetch.yaml" in text and ":3:" in text and "yeras" in text
