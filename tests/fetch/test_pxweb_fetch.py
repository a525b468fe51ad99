"""PxWeb v1 and v2 against the replay server: requests sent, splitting under the cell limit,
payloads on disk equal to the served bytes, unchanged tables skipped."""

import json
from hashlib import sha256
from pathlib import Path

from fetch.fetch_helpers import FETCH_DATA, scb_fetch_list, write
from fetch.replay_server import Replay
from pipelines.fetch.run import run_fetch
from pipelines.fetch.settings import MANIFEST, FetchSettings
from pipelines.fetch.store import read_manifest
from pipelines.ingest.jsonstat import read_jsonstat

TAB6471 = FETCH_DATA / "pxweb_v2" / "scb_TAB6471_data.json"
T05300 = FETCH_DATA / "pxweb_v1" / "ssb_05300_data.json"


def fetch(raw: Path, settings: FetchSettings) -> dict[str, tuple[str, str]]:
    report = run_fetch(raw, raw.parent / "state.json", settings, "statfin")
    return {outcome.file: (outcome.status, outcome.message) for outcome in report.outcomes}


def cells(path: Path) -> list[tuple]:
    """Every cell as (codes..., status, value), read by the pipeline's JSON-stat reader."""
    table = read_jsonstat(path)
    names = [dimension.name for dimension in table.dimensions]
    frame = table.cells[[*names, "status", "value"]].fillna({"value": -1.0})
    return sorted(frame.itertuples(index=False, name=None))


def test_whole_tables_are_saved_as_served(replay: Replay, settings: FetchSettings,
                                          raw: Path) -> None:
    scb_fetch_list(raw)
    outcomes = fetch(raw, settings)
    assert outcomes["indicators/scb/tab6471.json"][0] == "fetched"
    assert outcomes["indicators/ssb/t05300.json"][0] == "fetched"
    # Byte for byte what the services answered (2,772 and 432 cells, under the limit).
    assert (raw / "indicators" / "scb" / "tab6471.json").read_bytes() == TAB6471.read_bytes()
    assert (raw / "indicators" / "ssb" / "t05300.json").read_bytes() == T05300.read_bytes()
    routes = [item.route for item in replay.sent()]
    assert sorted(routes) == sorted([
        "v2_meta:TAB6471", "v2_config", "v2_data:TAB6471",
        "v1_meta:ssb/05300", "v1_list:ssb", "v1_config", "v1_data:ssb/05300"])
    v2_query = next(item for item in replay.sent("v2_data")).body
    assert {item["variableCode"]: len(item["valueCodes"]) for item in v2_query["selection"]} \
        == {"Region": 21, "Alder": 11, "Kon": 3, "ContentsCode": 1, "Tid": 4}
    assert next(item for item in replay.sent("v2_data")).query["outputFormat"] == ["json-stat2"]
    # The literal key: `?config`, never `?config=` (which PxWeb answers with its databases).
    assert [item.raw_query for item in replay.sent("v1_config")] == ["config"]
    assert [item.path for item in replay.sent("v1_config")] == ["/pxweb/api/v1/no/"]
    assert {item.status for item in replay.sent()} == {200}
    v1_query = next(item for item in replay.sent("v1_data")).body
    assert v1_query["response"] == {"format": "json-stat2"}
    assert [item["selection"]["filter"] for item in v1_query["query"]] == ["item"] * 4

    manifest = read_manifest(raw / MANIFEST)
    row = manifest["indicators/scb/tab6471.json"]
    assert row.sha256 == sha256(TAB6471.read_bytes()).hexdigest()
    assert row.bytes == TAB6471.stat().st_size and row.http_status == 200
    assert row.updated == "2026-06-08T06:00:00Z" and row.requests == 1
    assert row.url.endswith("/tables/TAB6471/data?lang=sv&outputFormat=json-stat2")
    assert json.loads(row.query)["Tid"] == ["2026M01", "2026M02", "2026M03", "2026M04"]
    assert manifest["indicators/ssb/t05300.json"].updated == "2022-05-24T06:00:00Z"


def test_a_query_over_the_cell_limit_is_split_and_joined(replay: Replay, settings: FetchSettings,
                                                         raw: Path) -> None:
    replay.max_cells = 1000  # the service refuses any query over 1,000 cells
    scb_fetch_list(raw)
    outcomes = fetch(raw, settings)
    assert outcomes["indicators/scb/tab6471.json"][0] == "fetched"
    parts = replay.sent("v2_data:TAB6471")
    # 2,772 cells: the 21 counties (the largest dimension) in chunks of 7 -> 3 x 924 cells.
    assert [len(part.body["selection"][0]["valueCodes"]) for part in parts] == [7, 7, 7]
    assert all(part.body["selection"][0]["variableCode"] == "Region" for part in parts)
    # 432 cells of 05300 fit.
    assert len(replay.sent("v1_data")) == 1
    joined = raw / "indicators" / "scb" / "tab6471.json"
    assert joined.read_bytes() != TAB6471.read_bytes()  # written by us, not served whole
    assert cells(joined) == cells(TAB6471)  # but the same cells, statuses and values
    assert json.loads(joined.read_bytes())["updated"] == "2026-06-08T06:00:00Z"
    assert read_manifest(raw / MANIFEST)["indicators/scb/tab6471.json"].requests == 3


def test_a_second_fetch_of_unchanged_tables_sends_no_data_request(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    scb_fetch_list(raw)
    fetch(raw, settings)
    before = {path: path.stat().st_mtime_ns for path in raw.rglob("*") if path.is_file()}
    replay.clear()
    outcomes = fetch(raw, settings)
    assert {status for status, _ in outcomes.values()} == {"unchanged"}
    assert [item.route for item in replay.sent() if "data" in item.route] == []
    # Each API's configuration (once a run), each table's metadata, the v1 folder listing.
    assert sorted(item.route for item in replay.sent()) == [
        "v1_config", "v1_list:ssb", "v1_meta:ssb/05300", "v2_config", "v2_meta:TAB6471"]
    # Nothing in raw/ was rewritten, so the raw-files sensor starts no build.
    assert before == {path: path.stat().st_mtime_ns for path in raw.rglob("*")
                      if path.is_file()}


def test_an_updated_table_is_fetched_again(replay: Replay, settings: FetchSettings,
                                           raw: Path) -> None:
    scb_fetch_list(raw)
    fetch(raw, settings)
    cube = replay.v2_tables["TAB6471"]
    metadata = json.loads(cube.metadata)
    metadata["updated"] = "2026-07-08T06:00:00Z"
    cube.metadata = json.dumps(metadata).encode("utf-8")
    replay.clear()
    outcomes = fetch(raw, settings)
    assert outcomes["indicators/scb/tab6471.json"][0] == "fetched"
    assert outcomes["indicators/ssb/t05300.json"][0] == "unchanged"
    assert len(replay.sent("v2_data")) == 1 and not replay.sent("v1_data")


def test_a_code_the_table_lacks_names_the_fetch_list_line(replay: Replay,
                                                          settings: FetchSettings,
                                                          raw: Path) -> None:
    scb_fetch_list(raw)
    text = (raw / "fetch.yaml").read_text().replace("Tid: last 4", "Tid: [2031M01]")
    (raw / "fetch.yaml").write_text(text)
    outcomes = fetch(raw, settings)
    status, message = outcomes["indicators/scb/tab6471.json"]
    assert status == "failed"
    assert "fetch.yaml line 9" in message and "'2031M01'" in message
    assert not replay.sent("v2_data")


# --- Statistics Finland's tables since 8 June 2026 -----------------------------------------

STATFIN = "StatFin/kuol/13u5.px"


def statfin_list(raw: Path, table: str = STATFIN, selection: str = "") -> None:
    write(raw / "indicators" / "statfin" / "deaths.yaml", "source: statfin\nformat: jsonstat\n")
    write(raw / "fetch.yaml", f"pxweb:\n  - api: v1\n    table: {table}\n    language: en\n"
                              "    description: indicators/statfin/deaths.yaml\n" + selection)


def test_a_short_path_finds_its_folder_so_an_unchanged_table_is_not_fetched_again(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    statfin_list(raw, "StatFin/13u5.px")  # no subject folder: PxWeb finds it by search
    assert fetch(raw, settings)["indicators/statfin/deaths.json"][0] == "fetched"
    search = replay.sent("v1_search")
    assert [(item.path, item.query) for item in search] == [
        ("/pxweb/api/v1/en/StatFin/", {"query": ["13u5"], "filter": ["tableid"]})]
    assert replay.sent("v1_list:StatFin/kuol")  # its folder's listing gave `updated`
    assert read_manifest(raw / MANIFEST)["indicators/statfin/deaths.json"].updated == \
        "2025-10-29T08:00:00"
    replay.clear()
    assert fetch(raw, settings)["indicators/statfin/deaths.json"][0] == "unchanged"
    assert not replay.sent("v1_data")


def test_a_variable_named_by_its_old_name_is_told_its_code(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    statfin_list(raw, selection="    selection:\n      Vuosi: last 1\n")
    status, message = fetch(raw, settings)["indicators/statfin/deaths.json"]
    assert status == "failed" and "fetch.yaml line 7" in message
    assert "has no variable 'Vuosi'" in message
    assert "'Vuosi' is the name of the variable 'timeperiod_y'" in message
    assert "write timeperiod_y" in message
    assert not replay.sent("v1_data")


def test_a_content_value_without_its_prefix_is_told_the_prefixed_code(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    statfin_list(raw, selection="    selection:\n      contentscode: [ksyylkm]\n")
    status, message = fetch(raw, settings)["indicators/statfin/deaths.json"]
    assert status == "failed" and "has no value 'ksyylkm'" in message
    assert "did you mean 'kuol-ksyylkm'?" in message
    assert not replay.sent("v1_data")


def test_an_answer_without_a_single_value_replaces_nothing(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    statfin_list(raw)
    fetch(raw, settings)
    good = (raw / "indicators" / "statfin" / "deaths.json").read_bytes()
    cube = replay.v1_tables[STATFIN]
    document = json.loads(cube.data)
    document["updated"] = "2026-11-01T08:00:00"  # the folder listing says so too
    document["value"] = [None] * len(document["value"])
    cube.data = json.dumps(document).encode("utf-8")
    status, message = fetch(raw, settings)["indicators/statfin/deaths.json"]
    assert status == "failed" and "answered no values for what was asked" in message
    assert "timeperiod_y: 2024" in message and "the last good file is kept" in message
    assert (raw / "indicators" / "statfin" / "deaths.json").read_bytes() == good
