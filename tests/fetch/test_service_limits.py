"""The services' own limits: read from PxWeb v1's literal `?config` and v2's `/config`, held
on one budget per host, PxWeb's defaults only when a service says nothing (with a warning
naming the URL); and the strict stand-in, checked on its own, refusing what the services
refuse."""

from pathlib import Path

import httpx
import pytest

from fetch.fetch_helpers import write
from fetch.replay_server import Fault, Replay
from pipelines.fetch.client import FetchClient
from pipelines.fetch.fetchlist import load_fetch_list
from pipelines.fetch.pxweb import PxwebFetcher
from pipelines.fetch.run import run_fetch
from pipelines.fetch.settings import FetchSettings

STATFIN = "StatFin/kuol/13u5.px"


class Log:
    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []

    def info(self, text: str) -> None:
        self.infos.append(text)

    def warning(self, text: str) -> None:
        self.warnings.append(text)


def statfin_list(raw: Path, table: str = STATFIN, selection: str = "") -> None:
    write(raw / "indicators" / "statfin" / "deaths.yaml", "source: statfin\nformat: jsonstat\n")
    write(raw / "fetch.yaml", f"pxweb:\n  - api: v1\n    table: {table}\n    language: en\n"
                              "    description: indicators/statfin/deaths.yaml\n" + selection)


def limits_of(raw: Path, settings: FetchSettings, log: Log) -> tuple[object, dict]:
    """Read the v1 limits as a fetch run does; (limits, the host budget's limits)."""
    fetch_list = load_fetch_list(raw / "fetch.yaml", raw)
    with FetchClient(settings, log) as client:
        fetcher = PxwebFetcher(client, settings, raw, fetch_list, {}, lambda *_: None, log)
        limits = fetcher._service_limits(fetch_list.pxweb[0])
        return limits, dict(client.budget(settings.pxweb_v1_url).limits)


# --- reading the limits -------------------------------------------------------------------


def test_v1_limits_come_from_the_literal_config_key(replay: Replay, settings: FetchSettings,
                                                    raw: Path) -> None:
    replay.v1_config.update(maxCells=5000, maxCalls=30, timeWindow=10, maxValues=200)
    statfin_list(raw)
    log = Log()
    limits, budget = limits_of(raw, settings, log)
    assert (limits.cells, limits.calls, limits.seconds) == (5000, 30, 10.0)  # not maxValues
    assert budget == {"own": (6000, 60.0), "pxweb_v1": (30, 10.0)}
    assert [item.raw_query for item in replay.sent()] == ["config"]
    assert log.warnings == []


def test_a_service_that_answers_no_configuration_gets_pxwebs_defaults_and_a_warning(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    # What `?config=` gets from PxWeb: the database list, not a configuration.
    replay.fault("v1_config", Fault("body", body=b'[{"dbid": "StatFin", "text": "StatFin"}]'))
    statfin_list(raw)
    log = Log()
    limits, budget = limits_of(raw, settings, log)
    assert (limits.cells, limits.calls, limits.seconds) == (100_000, 5, 10.0)
    assert budget["pxweb_v1"] == (5, 10.0)
    url = f"{settings.pxweb_v1_url}/en/?config"
    assert len(log.warnings) == 1 and url in log.warnings[0]
    assert "it answered a list, not a configuration object" in log.warnings[0]
    assert "PxWeb's defaults stand in: 100000 cells per query, 5 requests per 10 s" in \
        log.warnings[0]


def test_what_a_configuration_lacks_is_named(replay: Replay, settings: FetchSettings,
                                             raw: Path) -> None:
    del replay.v1_config["maxCalls"]  # an older PxWeb: maxCells only
    statfin_list(raw)
    log = Log()
    limits, budget = limits_of(raw, settings, log)
    assert (limits.cells, limits.calls) == (120_000, 5) and budget["pxweb_v1"] == (5, 10.0)
    assert "no maxCalls from" in log.warnings[0]
    assert log.warnings[0].endswith("PxWeb's defaults stand in: 5 requests per 10 s")


def test_v2_limits_come_from_its_config(replay: Replay, settings: FetchSettings,
                                        raw: Path) -> None:
    replay.v2_config_changes.clear()  # Statistics Sweden's recorded /config
    write(raw / "indicators" / "scb" / "t.yaml", "source: scb\nformat: jsonstat\n")
    write(raw / "fetch.yaml", "pxweb:\n  - {api: v2, table: TAB6471, language: sv, "
                              "description: indicators/scb/t.yaml}\n")
    fetch_list = load_fetch_list(raw / "fetch.yaml", raw)
    with FetchClient(settings) as client:
        fetcher = PxwebFetcher(client, settings, raw, fetch_list, {}, lambda *_: None)
        limits = fetcher._service_limits(fetch_list.pxweb[0])
        assert (limits.cells, limits.calls, limits.seconds) == (150_000, 3, 1.0)
        assert client.budget(settings.pxweb_v2_url).limits["pxweb_v2"] == (3, 1.0)


def test_v2_needs_an_explicit_address(replay: Replay, settings: FetchSettings,
                                      raw: Path) -> None:
    write(raw / "indicators" / "statfin" / "d.yaml", "source: statfin\nformat: jsonstat\n")
    write(raw / "fetch.yaml", "pxweb:\n  - {api: v2, table: 13u5, "
                              "description: indicators/statfin/d.yaml}\n")
    unset = FetchSettings(**{**settings.__dict__, "pxweb_v2_url": ""})
    report = run_fetch(raw, raw.parent / "state.json", unset, "statfin")
    (outcome,) = report.outcomes
    assert outcome.status == "failed"
    assert "api v2 needs the service's address in HYTEMART_PXWEB_V2_URL" in outcome.message
    assert "fetch.yaml line 2" in outcome.message and "no default" in outcome.message
    assert replay.sent() == []  # nothing guessed, nothing asked


# --- the rate -----------------------------------------------------------------------------


def most_in_a_window(times: list[float], seconds: float) -> int:
    return max(sum(1 for other in times if start <= other < start + seconds)
               for start in times)


def test_the_declared_rate_is_kept_and_the_strict_service_never_refuses(
    replay: Replay, settings: FetchSettings, raw: Path
) -> None:
    # 4 requests a second, and 4 cells a query: the 23 cells in 6 parts, 10 requests.
    replay.v1_config.update(maxCells=4, maxCalls=4, timeWindow=1)
    statfin_list(raw)
    report = run_fetch(raw, raw.parent / "state.json", settings, "statfin")
    assert [outcome.status for outcome in report.outcomes] == ["fetched"]
    assert len(replay.sent("v1_data")) == 6
    assert set(replay.statuses()) == {200}  # no 429
    assert most_in_a_window([item.at for item in replay.sent()], 1.0) <= 4
    # At the declared rate (about 2 s), not PxWeb's default of 5 per 10 s (over 10 s).
    assert report.seconds < 8


def test_v1_and_v2_on_one_host_share_one_budget(replay: Replay, settings: FetchSettings,
                                                raw: Path) -> None:
    """Each API allows 3 a second on its own; on one host the client keeps to 3 a second in
    all, as one budget per host (the stand-in's limiters are per API, so it would not
    refuse 6)."""
    replay.v1_config.update(maxCalls=3, timeWindow=1)
    replay.v2_config_changes.update(maxCallsPerTimeWindow=3, timeWindow=1)
    statfin_list(raw)
    write(raw / "indicators" / "scb" / "t.yaml", "source: scb\nformat: jsonstat\n")
    text = (raw / "fetch.yaml").read_text() + (
        "  - {api: v2, table: TAB6471, language: sv, description: indicators/scb/t.yaml,\n"
        "     selection: {Region: ['01'], Alder: ['0-9'], Tid: last 4}}\n")
    write(raw / "fetch.yaml", text)
    report = run_fetch(raw, raw.parent / "state.json", settings, "statfin")
    assert {outcome.status for outcome in report.outcomes} == {"fetched"}
    times = [item.at for item in replay.sent()]
    assert len(times) == 7 and set(replay.statuses()) == {200}
    assert most_in_a_window(times, 1.0) <= 3


# --- the stand-in is as strict as the services ---------------------------------------------


@pytest.fixture()
def http(replay: Replay) -> httpx.Client:
    with httpx.Client(base_url=replay.base, timeout=5) as client:
        yield client


def test_the_stand_in_answers_its_configuration_only_to_the_literal_key(
    replay: Replay, http: httpx.Client
) -> None:
    config = http.get("/pxweb/api/v1/fi/?config").json()
    assert set(config) == {"maxValues", "maxCells", "maxCalls", "timeWindow", "CORS"}
    # `?config=` is not the key `config`: the language's root answers its databases.
    assert http.get("/pxweb/api/v1/fi/?config=").json() == [
        {"dbid": "StatFin", "text": "StatFin"}, {"dbid": "ssb", "text": "ssb"}]
    assert http.get("/pxweb/api/v1/fi/?prettyPrint=true&config").json() == config


def test_the_stand_in_refuses_long_ids_old_names_and_queries_over_the_limit(
    replay: Replay, http: httpx.Client
) -> None:
    long = http.get("/pxweb/api/v1/fi/StatFin/kuol/statfin_kuol_pxt_13u5.px")
    assert long.status_code == 400 and long.json() == {"error": "Parameter error"}
    assert http.get("/pxweb/api/v1/fi/StatFin/statfin_kuol_pxt_13u5.px").status_code == 400
    meta = http.get(f"/pxweb/api/v1/fi/{STATFIN}").json()
    assert [item["code"] for item in meta["variables"]] == [
        "hyvinvointialue", "tilaston-peruskuolemansyy-aikasarjaluokitus", "timeperiod_y",
        "contentscode"]

    def query(codes: dict[str, list[str]]) -> httpx.Response:
        return http.post(f"/pxweb/api/v1/fi/{STATFIN}", json={
            "query": [{"code": code, "selection": {"filter": "item", "values": values}}
                      for code, values in codes.items()],
            "response": {"format": "json-stat2"}})

    whole = {item["code"]: item["values"] for item in meta["variables"]}
    assert query(whole).status_code == 200
    by_name = {("Vuosi" if code == "timeperiod_y" else code): values
               for code, values in whole.items()}
    assert query(by_name).status_code == 400
    unprefixed = {**whole, "contentscode": ["ksyylkm"]}
    assert query(unprefixed).status_code == 400
    replay.v1_config["maxCells"] = 22
    over = query(whole)
    assert over.status_code == 403 and over.json() == {"error": "Too many values selected"}


def test_the_stand_in_answers_429_with_retry_after_and_counts_refusals(
    replay: Replay, http: httpx.Client
) -> None:
    replay.v1_config.update(maxCalls=2, timeWindow=30)
    answers = [http.get(f"/pxweb/api/v1/fi/{STATFIN}") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 429, 429]
    assert answers[2].headers["Retry-After"] == "30"
    assert len(replay.limiters["v1"].arrivals) == 4  # the refused count as well
    # v2 has its own limiter (another application), with its own window in Retry-After.
    replay.v2_config_changes.update(maxCallsPerTimeWindow=1, timeWindow=7)
    assert http.get("/pxweb/api/v2/config").status_code == 200
    refused = http.get("/pxweb/api/v2/tables/TAB6471/metadata")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "7"


def test_the_stand_in_takes_repeated_sotkanet_keys_only_and_answers_empty(
    replay: Replay, http: httpx.Client
) -> None:
    base = "/sotkanet/rest/1.1"
    good = http.get(f"{base}/json?indicator=127&years=2009&years=2010&genders=total")
    assert good.status_code == 200 and len(good.json()) == 466
    assert http.get(f"{base}/json?indicator=127&years=2009,2010&genders=total"
                    ).status_code == 400
    assert http.get(f"{base}/json?indicator=127&years=2009&genders=male,total"
                    ).status_code == 400
    # Nothing matches (a year outside the range, a sex not published): [] or the header.
    assert http.get(f"{base}/json?indicator=127&years=1990&genders=total").json() == []
    header = http.get(f"{base}/csv?indicator=127&years=1990&genders=total").text
    assert header.splitlines() == ["indicator;region;year;gender;primary value;absolute value"]
