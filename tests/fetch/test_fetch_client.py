"""The request budget and Retry-After, without a network: a fake clock."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from pipelines.fetch.client import RequestBudget, retry_after_seconds
from pipelines.fetch.jsonstat_parts import split_query


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_budget_allows_so_many_requests_a_minute() -> None:
    clock = FakeClock()
    budget = RequestBudget(3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        budget.acquire()
    assert clock.slept == []
    clock.now += 20
    budget.acquire()  # the fourth waits until the first is a minute old
    assert clock.slept == [40.0]
    budget.acquire()
    budget.acquire()  # the three before it are gone from the window: no wait
    assert clock.slept == [40.0]
    budget.acquire()  # the seventh: three in the minute since 1060
    assert clock.slept == [40.0, 60.0] and clock.now == 1120.0


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 < retry_after_seconds(format_datetime(later, usegmt=True)) <= 30
    assert retry_after_seconds("Thu, 01 Jan 2015 00:00:00 GMT") == 0.0


def test_split_keeps_every_part_under_the_limit_and_covers_the_query() -> None:
    query = {"Alue": [f"KU{i:03d}" for i in range(309)], "Vuosi": [str(y) for y in range(30)],
             "Sukupuoli": ["SSS", "1", "2"], "Tiedot": ["a"]}
    parts = split_query(query, 10_000)
    assert all(len(p["Alue"]) * len(p["Vuosi"]) * len(p["Sukupuoli"]) <= 10_000 for p in parts)
    covered = {(a, v, s) for p in parts for a in p["Alue"] for v in p["Vuosi"]
               for s in p["Sukupuoli"]}
    assert len(covered) == 309 * 30 * 3
    assert len(parts) == 3  # 27,810 cells: the areas in chunks of 111
    # One cell over a limit of one: every dimension is cut down to single codes.
    assert len(split_query({"a": ["1", "2"], "b": ["x", "y"]}, 1)) == 4


def test_settings_from_the_environment() -> None:
    import pytest

    from pipelines.fetch.settings import FetchSettings

    settings = FetchSettings.from_env({"HYTEMART_SOTKANET_URL": "http://127.0.0.1:9/rest/1.1/",
                                       "HYTEMART_FETCH_TIMEOUT_SECONDS": "2.5",
                                       "HYTEMART_FETCH_MAX_CELLS": "5000"})
    assert settings.sotkanet_url == "http://127.0.0.1:9/rest/1.1"
    assert (settings.timeout_seconds, settings.max_cells) == (2.5, 5000)
    assert settings.pxweb_v2_url == FetchSettings.pxweb_v2_url
    with pytest.raises(ValueError, match="HYTEMART_FETCH_MAX_CELLS='many'"):
        FetchSettings.from_env({"HYTEMART_FETCH_MAX_CELLS": "many"})
    with pytest.raises(ValueError, match="HYTEMART_PXWEB_V1_URL"):
        FetchSettings.from_env({"HYTEMART_PXWEB_V1_URL": "pxdata.stat.fi"})
    with pytest.raises(ValueError, match="above 0"):
        FetchSettings.from_env({"HYTEMART_FETCH_ATTEMPTS": "0"})


def test_one_budget_per_service() -> None:
    from pipelines.fetch.client import FetchClient
    from pipelines.fetch.settings import FetchSettings

    with FetchClient(FetchSettings(sotkanet_url="http://127.0.0.1:9/sotkanet/rest/1.1",
                                   pxweb_v1_url="http://127.0.0.1:9/pxweb/api/v1",
                                   pxweb_v2_url="http://127.0.0.1:9/pxweb/api/v2")) as client:
        sotkanet = client.budget("http://127.0.0.1:9/sotkanet/rest/1.1/indicators/186")
        assert client.budget("http://127.0.0.1:9/sotkanet/rest/1.1/json?indicator=186") \
            is sotkanet
        assert client.budget("http://127.0.0.1:9/sotkanet/rest/1.1/regions") is sotkanet
        v2 = client.budget("http://127.0.0.1:9/pxweb/api/v2/tables/13u5/metadata")
        assert v2 is client.budget("http://127.0.0.1:9/pxweb/api/v2/config")
        assert len({id(sotkanet), id(v2),
                    id(client.budget("http://127.0.0.1:9/pxweb/api/v1/fi/StatFin/x.px"))}) == 3


def test_the_code_location_loads_without_the_http_client() -> None:
    """httpx and tenacity are imported when a fetch runs, not each time the code loads."""
    import subprocess
    import sys

    code = ("import sys, pipelines.definitions; "
            "print('httpx' in sys.modules, 'tenacity' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert output == "False False"
