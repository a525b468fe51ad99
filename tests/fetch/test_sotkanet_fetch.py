"""Sotkanet REST 1.1 against the replay server: metadata, regions, data per indicator in
chunks of years, region categories, and no data request for an unchanged indicator."""

import json
from pathlib import Path

from fetch.fetch_helpers import FETCH_DATA, write
from fetch.replay_server import REALDATA, Replay
from pipelines.fetch.run import run_fetch
from pipelines.fetch.settings import MANIFEST, FetchSettings
from pipelines.fetch.store import read_manifest

SOTKANET = Path("indicators") / "sotkanet"
RECORDED_JSON = FETCH_DATA / "sotkanet" / "indicator_127_2009_total.json"
RECORDED_CSV = FETCH_DATA / "sotkanet" / "indicator_127_2009_total.csv"


def fetch(raw: Path, settings: FetchSettings) -> dict[str, tuple[str, str]]:
    report = run_fetch(raw, raw.parent / "state.json", settings, "sotkanet")
    return {outcome.file: (outcome.status, outcome.message) for outcome in report.outcomes}


def fetch_list(raw: Path, entries: str) -> None:
    write(raw / "fetch.yaml", "sotkanet:\n  indicators:\n" + entries)


def test_an_indicator_is_saved_as_served_with_regions_and_metadata(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    fetch_list(raw, "    - {id: 127, years: all, sexes: [total]}\n")
    outcomes = fetch(raw, settings)
    assert {status for status, _ in outcomes.values()} == {"fetched"}
    folder = raw / SOTKANET
    assert (folder / "sotkanet_127.json").read_bytes() == RECORDED_JSON.read_bytes()
    assert (folder / "regions.json").read_bytes() == \
        (REALDATA / "sotkanet" / "regions_2016.json").read_bytes()
    indicators = json.loads((folder / "indicators.json").read_text())
    assert [item["id"] for item in indicators] == [127]
    assert indicators[0]["data-updated"] == "2016-02-01"
    assert [item.route for item in replay.sent()] == [
        "sotkanet_meta:127", "sotkanet_regions", "sotkanet_data:127"]
    data = replay.sent("sotkanet_data")[0]
    assert data.path.endswith("/rest/1.1/json")
    assert data.query == {"indicator": ["127"], "years": ["2009"], "genders": ["total"]}
    row = read_manifest(raw / MANIFEST)[f"{SOTKANET.as_posix()}/sotkanet_127.json"]
    assert row.updated == "2016-02-01" and row.bytes == RECORDED_JSON.stat().st_size


def test_csv_export(replay: Replay, settings: FetchSettings, raw: Path) -> None:
    fetch_list(raw, "    - {id: 127, years: 2009, sexes: [total], format: csv}\n")
    fetch(raw, settings)
    assert (raw / SOTKANET / "sotkanet_127.csv").read_bytes() == RECORDED_CSV.read_bytes()
    assert replay.sent("sotkanet_data")[0].path.endswith("/rest/1.1/csv")


def test_unchanged_indicator_sends_no_data_request(replay: Replay, settings: FetchSettings,
                                                   raw: Path) -> None:
    fetch_list(raw, "    - {id: 127, years: all, sexes: [total]}\n")
    fetch(raw, settings)
    replay.clear()
    outcomes = fetch(raw, settings)
    assert {status for status, _ in outcomes.values()} == {"unchanged"}
    assert [item.route for item in replay.sent()] == ["sotkanet_meta:127", "sotkanet_regions"]
    assert replay.sent("sotkanet_regions")[0].if_none_match == replay.regions_etag  # 304
    replay.sotkanet_meta[127]["data-updated"] = "2016-03-01"
    replay.clear()
    outcomes = fetch(raw, settings)
    assert outcomes[f"{SOTKANET.as_posix()}/sotkanet_127.json"][0] == "fetched"
    assert len(replay.sent("sotkanet_data")) == 1


def test_years_are_fetched_in_chunks_and_sexes_follow_the_metadata(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    # 186's recorded metadata: range 1990-2024, published for male, female and total.
    fetch_list(raw, "    - {id: 186, years: last 25}\n")
    outcomes = fetch(raw, settings)
    asked = replay.sent("sotkanet_data")
    assert [item.query["years"] for item in asked] == [
        [str(year) for year in range(2000, 2010)], [str(year) for year in range(2010, 2020)],
        [str(year) for year in range(2020, 2025)]]
    assert all(item.query["genders"] == ["male", "female", "total"] for item in asked)
    # Repeated keys, as Sotkanet takes them (the stand-in answers a comma list with 400).
    assert all(item.raw_query.count("years=") == len(item.query["years"]) for item in asked)
    assert {item.status for item in asked} == {200}
    # No rows recorded for 186: three empty answers are no data, not an empty file.
    status, message = outcomes[f"{SOTKANET.as_posix()}/sotkanet_186.json"]
    assert status == "failed" and "no rows for what was asked" in message
    assert "years 2000-2024, sexes male, female, total" in message
    assert "/rest/1.1/json?indicator=186&years=2000&years=2001" in message
    assert "nothing was written" in message
    assert not (raw / SOTKANET / "sotkanet_186.json").exists()


def test_region_categories_keep_only_their_rows(replay: Replay, settings: FetchSettings,
                                               raw: Path) -> None:
    fetch_list(raw, "    - {id: 127, years: 2009, sexes: [total], "
                    "region_categories: [MAA, MAAKUNTA]}\n")
    fetch(raw, settings)
    regions = {region["id"]: region["category"]
               for region in json.loads((REALDATA / "sotkanet" / "regions_2016.json").read_text())}
    recorded = json.loads(RECORDED_JSON.read_text())
    kept = json.loads((raw / SOTKANET / "sotkanet_127.json").read_text())
    expected = [row for row in recorded if regions.get(int(row["region"])) in ("MAA", "MAAKUNTA")]
    assert kept == expected and 10 < len(kept) < len(recorded)


def test_a_region_category_sotkanet_lacks_is_an_error_not_zero_rows(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    fetch_list(raw, "    - {id: 127, years: 2009, sexes: [total], region_categories: [KUNNTA]}\n")
    status, message = fetch(raw, settings)[f"{SOTKANET.as_posix()}/sotkanet_127.json"]
    assert status == "failed" and "line 3" in message and "KUNNTA" in message
    assert not (raw / SOTKANET / "sotkanet_127.json").exists()


def test_indicators_json_keeps_what_it_held(replay: Replay, settings: FetchSettings,
                                            raw: Path) -> None:
    write(raw / SOTKANET / "indicators.json",
          json.dumps([{"id": 5, "title": {"fi": "käsin tallennettu"}},
                      {"id": 127, "title": {"fi": "vanha"}}]))
    fetch_list(raw, "    - {id: 127, years: 2009, sexes: [total]}\n")
    fetch(raw, settings)
    indicators = json.loads((raw / SOTKANET / "indicators.json").read_text())
    assert [item["id"] for item in indicators] == [5, 127]
    assert indicators[0]["title"]["fi"] == "käsin tallennettu"
    assert indicators[1]["data-updated"] == "2016-02-01"


def test_sexes_the_indicator_lacks_fail_naming_the_line(replay: Replay,
                                                        settings: FetchSettings,
                                                        raw: Path) -> None:
    replay.sotkanet_meta[127]["classifications"]["sex"]["values"] = ["total"]
    fetch_list(raw, "    - {id: 127, years: 2009}\n    - {id: 127, years: 2009, "
                    "sexes: [male]}\n".replace("127, years: 2009, sexes", "4, years: 2009, sexes"))
    replay.sotkanet_meta[4]["classifications"]["sex"]["values"] = ["total"]
    outcomes = fetch(raw, settings)
    status, message = outcomes[f"{SOTKANET.as_posix()}/sotkanet_4.json"]
    assert status == "failed" and "fetch.yaml line 4" in message and "male" in message
    assert outcomes[f"{SOTKANET.as_posix()}/sotkanet_127.json"][0] == "fetched"


def test_no_rows_for_a_requested_sex_or_region_category_replaces_nothing(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    fetch_list(raw, "    - {id: 127, years: 2009, sexes: [total], "
                    "region_categories: [MAA, MAAKUNTA]}\n")
    fetch(raw, settings)
    target = raw / SOTKANET / "sotkanet_127.json"
    good = target.read_bytes()
    regions = {region["id"]: region["category"]
               for region in json.loads((REALDATA / "sotkanet" / "regions_2016.json").read_text())}
    recorded = json.loads(RECORDED_JSON.read_text())
    # The indicator is updated; the service now has no MAAKUNTA rows (but others).
    replay.sotkanet_meta[127]["data-updated"] = "2016-03-01"
    without = [row for row in recorded if regions.get(int(row["region"])) != "MAAKUNTA"]
    replay.sotkanet_rows[127] = (json.dumps(without).encode(), replay.sotkanet_rows[127][1])
    status, message = fetch(raw, settings)[f"{SOTKANET.as_posix()}/sotkanet_127.json"]
    assert status == "failed" and "no rows for region category MAAKUNTA" in message
    assert "region categories MAA, MAAKUNTA" in message and "the last good file is kept" in message
    assert target.read_bytes() == good
    # A requested sex with no rows: the same.
    fetch_list(raw, "    - {id: 127, years: 2009, sexes: [male, total]}\n")
    replay.sotkanet_rows[127] = (RECORDED_JSON.read_bytes(), replay.sotkanet_rows[127][1])
    before = {path: path.read_bytes() for path in raw.rglob("*") if path.is_file()}
    status, message = fetch(raw, settings)[f"{SOTKANET.as_posix()}/sotkanet_127.json"]
    assert status == "failed" and "no rows for sex male" in message
    assert "&genders=male&genders=total" in message
    assert {path: path.read_bytes() for path in raw.rglob("*") if path.is_file()} == before


def test_every_request_names_the_client_and_accepts_what_it_asks_for(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    fetch_list(raw, "    - {id: 127, years: 2009, sexes: [total], format: csv}\n")
    fetch(raw, settings)
    sent = replay.sent()
    assert {item.user_agent.split(" (")[0] for item in sent} == {"hytemart-fetch/2"}
    assert {item.route: item.accept for item in sent} == {
        "sotkanet_meta:127": "application/json", "sotkanet_regions": "application/json",
        "sotkanet_data:127": "text/csv"}
