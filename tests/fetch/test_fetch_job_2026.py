"""Issue 28's "done when", through `make fetch`'s code path: the fetch job's assets
(dg.materialize of FETCH_ASSETS, as tests/fetch/test_fetch_build.py runs them), their settings
read from HYTEMART_* variables as `make fetch` reads them, against the strict stand-in.

1. A service whose cell limit (its literal `?config`) is lower than the default: the table is
   split under it and every cell is written.
2. An empty Sotkanet answer for an updated indicator: the last good file stays byte for byte,
   and the run says so (its log, the asset's file table, the freshness check).
"""

import json
from hashlib import sha256
from pathlib import Path

import dagster as dg

from fetch.fetch_helpers import write
from fetch.replay_server import Replay
from fetch.test_pxweb_fetch import cells
from pipelines.assets.fetch import FETCH_ASSETS, HytemartResource  # wherever the layout keeps it
from pipelines.fetch.resource import FetchResource
from pipelines.fetch.settings import MANIFEST, FetchSettings
from pipelines.fetch.store import read_manifest

TABLE = "StatFin/kuol/13u5.px"  # Statistics Finland's short id since 8 June 2026
DEATHS = "indicators/statfin/13u5_deaths.json"
FETCH_LIST = f"""\
pxweb:
  - api: v1
    table: {TABLE}
    language: en
    description: indicators/statfin/13u5_deaths.yaml
    selection:
      timeperiod_y: last 1
      contentscode: [kuol-ksyylkm]
"""


def environment(replay: Replay) -> dict[str, str]:
    """The variables `make fetch` would be run with (no v2 address: none is needed)."""
    urls = replay.urls()
    return {"HYTEMART_SOTKANET_URL": urls["sotkanet_url"],
            "HYTEMART_PXWEB_V1_URL": urls["pxweb_v1_url"],
            "HYTEMART_FETCH_TIMEOUT_SECONDS": "2", "HYTEMART_FETCH_ATTEMPTS": "2",
            "HYTEMART_FETCH_BACKOFF_SECONDS": "0.05"}


def fetch_job(raw: Path, warehouse: Path, replay: Replay, instance: dg.DagsterInstance
              ) -> dg.ExecuteInProcessResult:
    settings = FetchSettings.from_env(environment(replay))
    resources = {"hytemart": HytemartResource(raw_dir=str(raw), warehouse_dir=str(warehouse)),
                 "fetch": FetchResource.from_settings(settings)}
    return dg.materialize(FETCH_ASSETS, resources=resources, instance=instance,
                          raise_on_error=False)


def log_lines(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> list[str]:
    return [entry.user_message for entry in instance.all_logs(result.run_id)]


def test_a_table_over_the_services_own_cell_limit_is_split_and_written_whole(
    replay: Replay, tmp_path: Path
) -> None:
    # The service's ?config says 10 cells a query, far under the default of 100,000; the
    # table's 23 wellbeing services counties x 1 x 1 x 1 are 23 cells.
    replay.v1_config["maxCells"] = 10
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    write(raw / "indicators" / "statfin" / "13u5_deaths.yaml",
          "source: statfin\nformat: jsonstat\n")
    write(raw / "fetch.yaml", FETCH_LIST)
    instance = dg.DagsterInstance.ephemeral()
    result = fetch_job(raw, warehouse, replay, instance)
    assert result.success

    # The literal key, once; PxWeb answers `?config=` with its database list instead.
    configs = replay.sent("v1_config")
    assert [(item.path, item.raw_query) for item in configs] == [("/pxweb/api/v1/en/", "config")]
    assert not replay.sent("v1_databases")
    # Split under the service's 10 cells: the counties in chunks of 10, none refused.
    parts = replay.sent(f"v1_data:{TABLE}")
    sizes = [len(next(q for q in part.body["query"] if q["code"] == "hyvinvointialue")
                 ["selection"]["values"]) for part in parts]
    assert sizes == [10, 10, 3]
    assert all(q["code"] != "Vuosi" for part in parts for q in part.body["query"])
    assert set(replay.statuses()) == {200}  # no 400, 403 or 429 from the strict stand-in
    # Every cell of the table, as the service holds it, in the written file.
    recorded = tmp_path / "served.json"
    recorded.write_bytes(replay.v1_tables[TABLE].data)
    assert cells(raw / DEATHS) == cells(recorded)
    assert len(cells(raw / DEATHS)) == 23
    row = read_manifest(raw / MANIFEST)[DEATHS]
    assert row.requests == 3 and row.updated == "2025-10-29T08:00:00"
    assert any("10 cells per query, 40 requests per 60 s" in line
               for line in log_lines(instance, result))

    # The next daily run: `updated` found in the folder listing, no data asked for again.
    replay.clear()
    again = fetch_job(raw, warehouse, replay, instance)
    assert again.success and not replay.sent("v1_data")
    assert sorted(item.route for item in replay.sent()) == [
        "v1_config", "v1_list:StatFin/kuol", f"v1_meta:{TABLE}"]


def test_an_empty_sotkanet_answer_keeps_the_last_good_file_and_says_so(
    replay: Replay, tmp_path: Path
) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    write(raw / "fetch.yaml", "sotkanet:\n  indicators:\n"
                              "    - {id: 127, years: all, sexes: [total]}\n")
    instance = dg.DagsterInstance.ephemeral()
    assert fetch_job(raw, warehouse, replay, instance).success
    good = raw / "indicators" / "sotkanet" / "sotkanet_127.json"
    before = {path: path.read_bytes() for path in raw.rglob("*") if path.is_file()}
    assert json.loads(good.read_bytes())  # rows

    # The indicator is updated, and its data query now answers [] (as Sotkanet answers a
    # query that matches nothing).
    replay.sotkanet_meta[127]["data-updated"] = "2016-03-01"
    replay.sotkanet_rows[127] = (b"[]", replay.sotkanet_rows[127][1].splitlines(True)[0])
    result = fetch_job(raw, warehouse, replay, instance)
    assert result.success  # the run goes on; the freshness check warns
    data = replay.sent("sotkanet_data:127")[-1]
    assert data.status == 200 and data.raw_query == "indicator=127&years=2009&genders=total"

    # The last good file, the manifest and the metadata: byte for byte as they were.
    assert {path: path.read_bytes() for path in raw.rglob("*") if path.is_file()} == before
    assert sha256(good.read_bytes()).hexdigest() == \
        read_manifest(raw / MANIFEST)["indicators/sotkanet/sotkanet_127.json"].sha256

    # And the run says so: the log, the asset's file table, the freshness check.
    said = ("indicators/sotkanet/sotkanet_127.json: failed (indicator 127: Sotkanet answered "
            "no rows for what was asked (asked: years 2009, sexes total; GET ")
    assert any(line.startswith(said) and "json?indicator=127&years=2009&genders=total" in line
               and line.endswith("the last good file is kept)")
               for line in log_lines(instance, result))
    materialization = next(event for event in result.get_asset_materialization_events()
                           if event.asset_key == dg.AssetKey(["fetch", "sotkanet"]))
    metadata = materialization.materialization.metadata
    assert metadata["failed"].value == 1
    assert "no rows for what was asked" in metadata["files"].value
    check = next(item for item in result.get_asset_check_evaluations()
                 if item.check_name == "sotkanet_fresh")
    assert not check.passed
    assert "sotkanet_127.json: stale since 20" in check.description
    assert "no rows for what was asked" in check.description
