"""Faults of the services: retried where a retry can help, and never a bad or partial payload
in place of the last good file."""

import json
import time
from hashlib import sha256
from pathlib import Path

import pytest

from fetch.fetch_helpers import FETCH_DATA, scb_fetch_list
from fetch.replay_server import Fault, Replay
from pipelines.fetch.run import run_fetch
from pipelines.fetch.settings import MANIFEST, FetchSettings
from pipelines.fetch.store import read_state

TABLE = "indicators/scb/tab6471.json"
RECORDED = FETCH_DATA / "pxweb_v2" / "scb_TAB6471_data.json"


def fetch(raw: Path, settings: FetchSettings) -> dict[str, tuple[str, str]]:
    report = run_fetch(raw, raw.parent / "state.json", settings, "statfin")
    return {outcome.file: (outcome.status, outcome.message) for outcome in report.outcomes}


def changed_metadata(replay: Replay, **changes: object) -> None:
    """The table's metadata as the service would answer after a change."""
    cube = replay.v2_tables["TAB6471"]
    metadata = json.loads(cube.metadata)
    metadata.update(changes)
    cube.metadata = json.dumps(metadata).encode("utf-8")


@pytest.mark.parametrize(
    ("fault", "least_wait"),
    [
        (Fault("status", 429, headers={"Retry-After": "1"}), 1.0),
        (Fault("status", 500), 0.0),
        (Fault("status", 503), 0.0),
        (Fault("sleep", seconds=1.0), 0.5),  # longer than the 0.5 s timeout
        (Fault("truncate"), 0.0),  # Content-Length says more than arrives
    ],
    ids=["429-retry-after", "500", "503", "timeout", "cut-body"],
)
def test_a_passing_fault_is_retried(replay: Replay, settings: FetchSettings, raw: Path,
                                    fault: Fault, least_wait: float) -> None:
    scb_fetch_list(raw)
    replay.fault("v2_data:TAB6471", fault)
    outcomes = fetch(raw, settings)
    assert outcomes[TABLE][0] == "fetched"
    first, second = replay.sent("v2_data:TAB6471")
    assert second.at - first.at >= least_wait  # Retry-After honoured; timeout waited out
    assert (raw / TABLE).read_bytes() == RECORDED.read_bytes()


def fetch_good_then(replay: Replay, settings: FetchSettings, raw: Path,
                    *faults: tuple[str, Fault], then: object = None) -> tuple[str, str]:
    """A good fetch, the table updated, then a fetch that meets `faults` (and whatever
    `then()` changes at the service): the outcome."""
    scb_fetch_list(raw)
    assert fetch(raw, settings)[TABLE][0] == "fetched"
    changed_metadata(replay, updated="2026-07-08T06:00:00Z")
    if callable(then):
        then()
    for route, fault in faults:
        replay.fault(route, fault)
    replay.clear()
    good = {path: path.read_bytes() for path in raw.rglob("*") if path.is_file()}
    outcome = fetch(raw, settings)[TABLE]
    # The last good file and the manifest are untouched, byte for byte.
    assert {path: path.read_bytes() for path in raw.rglob("*") if path.is_file()} == good
    assert (raw / TABLE).read_bytes() == RECORDED.read_bytes()
    assert not list(raw.rglob(".*.tmp"))  # no temporary left behind
    return outcome


def test_a_lasting_cut_body_keeps_the_last_good_file(replay: Replay, settings: FetchSettings,
                                                     raw: Path) -> None:
    status, message = fetch_good_then(
        replay, settings, raw, *[("v2_data:TAB6471", Fault("truncate"))] * 3)
    assert status == "failed" and "cut short" in message and "3 attempts" in message
    assert len(replay.sent("v2_data")) == 3  # settings.attempts


def test_lasting_server_errors_keep_the_last_good_file(replay: Replay, settings: FetchSettings,
                                                       raw: Path) -> None:
    status, message = fetch_good_then(
        replay, settings, raw, *[("v2_data:TAB6471", Fault("status", 502))] * 3)
    assert status == "failed" and "HTTP 502" in message


def test_json_that_is_not_json_stat_keeps_the_last_good_file(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    status, message = fetch_good_then(
        replay, settings, raw, ("v2_data:TAB6471", Fault("body", body=b'{"data": []}')))
    assert status == "failed" and "not a JSON-stat dataset" in message


def test_html_instead_of_json_keeps_the_last_good_file(replay: Replay, settings: FetchSettings,
                                                       raw: Path) -> None:
    page = b"<html><body>Service unavailable</body></html>"
    status, message = fetch_good_then(replay, settings, raw,
                                      ("v2_data:TAB6471", Fault("body", body=page)))
    assert status == "failed" and "not JSON" in message


def test_an_answer_with_other_dimensions_keeps_the_last_good_file(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    document = json.loads(RECORDED.read_bytes())
    document["id"] = list(reversed(document["id"]))
    document["size"] = list(reversed(document["size"]))
    status, message = fetch_good_then(
        replay, settings, raw,
        ("v2_data:TAB6471", Fault("body", body=json.dumps(document).encode())))
    assert status == "failed" and "dimensions" in message


def test_a_changed_dimension_list_keeps_the_last_good_file(replay: Replay,
                                                           settings: FetchSettings,
                                                           raw: Path) -> None:
    metadata = json.loads(replay.v2_tables["TAB6471"].metadata)
    metadata["id"].insert(2, "Utbildning")
    metadata["size"].insert(2, 2)
    metadata["dimension"]["Utbildning"] = {
        "label": "utbildningsnivå", "category": {"index": {"1": 0, "2": 1},
                                                  "label": {"1": "förgymnasial", "2": "gymnasial"}}}
    status, message = fetch_good_then(
        replay, settings, raw,
        ("v2_meta:TAB6471", Fault("body", body=json.dumps(metadata).encode())))
    assert status == "failed" and "dimensions changed" in message and "Utbildning" in message
    assert "tab6471.yaml" in message  # says what to update
    assert not replay.sent("v2_data")  # no data asked for a table that no longer fits


def test_a_query_the_service_refuses_keeps_the_last_good_file(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    # The service's configuration says 150,000 cells but it refuses more than 1,000.
    def refuse() -> None:
        replay.max_cells = 1000
        replay.fault("v2_config", Fault("body", body=replay.v2_config))

    status, message = fetch_good_then(replay, settings, raw, then=refuse)
    assert status == "failed" and "HTTP 403" in message
    assert "exceeds the number of allowed" in message  # PxAPI-2.yml's words
    assert len(replay.sent("v2_data")) == 1  # a 4xx is not retried


def test_the_state_says_since_when_a_table_is_stale(replay: Replay, settings: FetchSettings,
                                                    raw: Path) -> None:
    scb_fetch_list(raw)
    fetch(raw, settings)
    good = read_state(raw.parent / "state.json")[TABLE]
    time.sleep(1.1)
    changed_metadata(replay, updated="2026-07-08T06:00:00Z")
    replay.fault("v2_data:TAB6471", *[Fault("status", 500)] * 3)
    fetch(raw, settings)
    failed = read_state(raw.parent / "state.json")[TABLE]
    assert failed.last_success_at == good.last_success_at < failed.last_attempt_at
    assert "HTTP 500" in failed.last_error
    manifest = (raw / MANIFEST).read_text()
    assert sha256(RECORDED.read_bytes()).hexdigest() in manifest
