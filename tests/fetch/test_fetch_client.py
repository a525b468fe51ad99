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
        budget.take()
    assert clock.slept == []
    clock.now += 20
    budget.take()  # the fourth waits until the first is a minute old
    assert clock.slept == [40.0]
    budget.take()
    budget.take()  # the three before it are gone from the window: no wait
    assert clock.slept == [40.0]
    budget.take()  # the seventh: three in the minute since 1060
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
    assert settings.pxweb_v2_url == "" == FetchSettings.pxweb_v2_url  # no guessed default
    assert FetchSettings.from_env({"HYTEMART_PXWEB_V2_URL": "https://example.org/api/v2/"}
                                  ).pxweb_v2_url == "https://example.org/api/v2"
    assert FetchSettings.from_env({"HYTEMART_FETCH_CONTACT": "ops@example.fi"}).contact == \
        "ops@example.fi"
    with pytest.raises(ValueError, match="HYTEMART_FETCH_MAX_CELLS='many'"):
        FetchSettings.from_env({"HYTEMART_FETCH_MAX_CELLS": "many"})
    with pytest.raises(ValueError, match="HYTEMART_PXWEB_V1_URL"):
        FetchSettings.from_env({"HYTEMART_PXWEB_V1_URL": "pxdata.stat.fi"})
    with pytest.raises(ValueError, match="above 0"):
        FetchSettings.from_env({"HYTEMART_FETCH_ATTEMPTS": "0"})


def test_one_budget_per_host() -> None:
    """PxWeb v1 and v2 on one host share a budget; another host (or port) has its own."""
    from pipelines.fetch.client import FetchClient, forget_budgets
    from pipelines.fetch.settings import FetchSettings

    forget_budgets()
    with FetchClient(FetchSettings()) as client:
        v1 = client.budget("https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/kuol/13u5.px")
        assert client.budget("https://pxdata.stat.fi/PxWeb/api/v2/tables/13u5/data") is v1
        assert client.budget("https://PXDATA.stat.fi/PxWeb/api/v1/fi/?config") is v1
        sotkanet = client.budget("https://sotkanet.fi/rest/1.1/indicators/186")
        assert sotkanet is client.budget("https://sotkanet.fi/rest/1.1/json?indicator=186")
        assert len({id(v1), id(sotkanet), id(client.budget("https://pxdata.stat.fi:8443/x"))}) \
            == 3
        assert v1.limits == {"own": (60, 60.0)}


def test_a_host_budget_holds_every_limit_it_has() -> None:
    """Our own 60 a minute and what v1 (3 per 1 s) and v2 (2 per 1 s) declare, at once."""
    clock = FakeClock()
    budget = RequestBudget(60, clock=clock, sleep=clock.sleep)
    budget.limit("pxweb_v1", 3, 1.0)
    budget.limit("pxweb_v2", 2, 1.0)
    sent = []
    for _ in range(6):
        budget.take()
        sent.append(clock.now - 1000.0)
    assert sent == [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]  # the stricter (2 per second) holds
    budget.drop("pxweb_v2")
    for _ in range(3):
        budget.take()
    assert clock.now - 1000.0 == 3.0  # now 3 per second: the 7th to 9th in the 4th second
    # and our own 60 a minute still holds: the 61st waits for the first to be a minute old
    budget.limit("pxweb_v1", 1000, 1.0)
    for _ in range(51):  # the 10th to 60th request of the minute: no wait
        budget.take()
    assert clock.now - 1000.0 == 3.0
    budget.take()
    assert clock.now - 1000.0 == 60.0


def test_a_request_counts_until_a_window_after_its_answer() -> None:
    """The service counts a request when it arrives, between our sending it and its answer;
    counting it from the answer on keeps two requests `calls` apart a window apart however
    long the way there took."""
    import threading

    clock = FakeClock()
    budget = RequestBudget(clock=clock, sleep=clock.sleep)
    budget.limit("pxweb_v1", 2, 1.0)
    budget.acquire()
    budget.acquire()  # two in flight: a third must wait for an answer
    third = threading.Thread(target=budget.acquire)
    third.start()
    third.join(0.3)
    assert third.is_alive()
    clock.now += 5.0  # the first answer comes 5 s after it was sent
    budget.done()
    third.join(5)
    assert not third.is_alive()
    assert clock.now == 1006.0  # a window after that answer, not after the sending


def test_the_user_agent_names_the_client_honestly() -> None:
    import httpx

    from pipelines.fetch.client import user_agent

    assert user_agent() == ("hytemart-fetch/2 (wellbeing data mart of Espoo and Western "
                            f"Uusimaa) python-httpx/{httpx.__version__}")
    assert "; ops@example.fi)" in user_agent("ops@example.fi")
    assert "Mozilla" not in user_agent()


def test_the_code_location_loads_without_the_http_client() -> None:
    """httpx and tenacity are imported when a fetch runs, not each time the code loads."""
    import subprocess
    import sys

    code = ("import sys, pipelines.definitions; "
            "print('httpx' in sys.modules, 'tenacity' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert output == "False False"
