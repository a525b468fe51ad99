"""Fixtures of the fetch tests: a replay server on 127.0.0.1 and settings pointing at it, with
short timeouts and backoffs so the fault tests stay fast."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from fetch.replay_server import Replay
from pipelines.fetch.settings import FetchSettings


@pytest.fixture()
def replay() -> Iterator[Replay]:
    """The strict stand-in. Its v2 /config is Statistics Sweden's recorded one, which allows 3
    calls a second; most tests raise that to 50 so that they do not wait out the windows
    (test_service_limits.py keeps the recorded and Statistics Finland's limits)."""
    from pipelines.fetch.client import forget_budgets

    forget_budgets()  # a new server may have an earlier one's port
    with Replay() as server:
        server.v2_config_changes["maxCallsPerTimeWindow"] = 50
        yield server


@pytest.fixture()
def settings(replay: Replay) -> FetchSettings:
    return FetchSettings(**replay.urls(), timeout_seconds=0.5, attempts=3,
                         backoff_seconds=0.05, max_backoff_seconds=2.0,
                         requests_per_minute=6000, concurrency=2)


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    return raw_dir

