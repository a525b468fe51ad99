"""The long campaign (`make reliability`): a medium raw directory (the bundled sample with its
Sotkanet folder replaced by 200,000 generated rows in 8 files), built with the dagster CLI as
`make run` does, then rebuilt after a change, killed (SIGKILL, the whole process group):

- at the start of every step of the job (as the run's Dagster event log shows it),
- at every fault point inside publishing (pipelines/faults.py),
- at moments spread over the build (a few seconds apart, and a few at random).

After each kill: both published files are whole, each the old or the new publication, and a
pair out of step carries its journal; the next build succeeds by itself and publishes the
same mart as an uninterrupted build (digests of every table), leaving no temporary file, and
loses no row. Also: two CLI builds at once (the second stops naming the first), and a whole
build out of room (RLIMIT_FSIZE) while staging. Figures go to the session summary.
"""

import os
import random
import resource
import shutil
import signal
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.faults import POINTS
from pipelines.publish_journal import JOURNAL_NAME
from pipelines.warehouse import WarehousePaths

from . import figures
from .harness import (
    change_raw,
    cli_build,
    debris,
    long_only,
    pair,
    sample_like_raw,
    steps_of_last_run,
)

pytestmark = long_only
ROWS = int(os.environ.get("HYTEMART_CAMPAIGN_ROWS", 200_000))
TIMED = (0.5, 1.5, 3.0, 5.0, 8.0)


class Campaign:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.raw_v1 = sample_like_raw(root / "raw_v1", sotkanet_rows=ROWS)
        self.raw_v2 = root / "raw_v2"
        shutil.copytree(self.raw_v1, self.raw_v2)  # same times: unchanged files stay unread
        change_raw(self.raw_v2)
        self.base = root / "base"
        first = cli_build(self.raw_v1, self.base)
        assert first.returncode == 0, first.stderr[-3000:]
        self.old = pair(self.base)
        reference = self.copy("reference")
        second = cli_build(self.raw_v2, reference)
        assert second.returncode == 0, second.stderr[-3000:]
        self.build_seconds = second.seconds
        self.new = pair(reference)
        assert self.new != self.old and None not in self.new
        self.steps = steps_of_last_run(reference)
        self.facts = fact_rows(reference)
        fresh = root / "fresh"
        full = cli_build(self.raw_v2, fresh)
        assert full.returncode == 0
        assert pair(fresh) == self.new, "an incremental build and one from nothing differ"

    def copy(self, name: str) -> Path:
        target = self.root / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.base, target)
        return target


def fact_rows(warehouse: Path) -> int:
    con = duckdb.connect(str(WarehousePaths(warehouse).restricted), read_only=True)
    try:
        (rows,) = con.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()
        (unbalanced,) = con.execute(
            "SELECT count(*) FROM quality.row_accounting WHERE NOT balanced").fetchone()
    finally:
        con.close()
    assert unbalanced == 0
    return rows


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    return Campaign(tmp_path_factory.mktemp("campaign"))


def kill_and_recover(campaign: Campaign, label: str, **kill: object) -> str | None:
    """One kill and its recovery; None when it held, else what went wrong."""
    warehouse = campaign.copy("killed")
    killed = cli_build(campaign.raw_v2, warehouse, **kill)
    if not killed.killed:
        if killed.returncode != 0:
            return f"{label}: failed without a kill"
        figures.KILLS["not_reached"] += 1
        return None
    figures.KILLS["points_tried"] += 1
    published, restricted = pair(warehouse)  # each must open whole
    if published not in (campaign.old[0], campaign.new[0]):
        return f"{label}: published file is neither the old nor the new one"
    if restricted not in (campaign.old[1], campaign.new[1]):
        return f"{label}: restricted file is neither the old nor the new one"
    mixed = (published == campaign.new[0]) != (restricted == campaign.new[1])
    if mixed:
        if not (warehouse / JOURNAL_NAME).exists():
            return f"{label}: a pair out of step without its journal"
        figures.KILLS["pairs_out_of_step"] += 1
    recovered = cli_build(campaign.raw_v2, warehouse)
    if recovered.returncode != 0:
        return f"{label}: the next build failed:\n{recovered.stderr[-2000:]}"
    if pair(warehouse) != campaign.new:
        return f"{label}: the next build published another mart than an uninterrupted one"
    if left := debris(warehouse):
        return f"{label}: left behind {left}"
    if (warehouse / ".build.lock").read_text():
        return f"{label}: the lock still names a holder after a clean finish"
    figures.ROWS_LOST["rows_lost"] += campaign.facts - fact_rows(warehouse)
    figures.KILLS["survived"] += 1
    return None


def test_kills_at_every_step_fault_point_and_moment(campaign: Campaign) -> None:
    problems = []
    for step in campaign.steps:
        problems.append(kill_and_recover(campaign, f"step {step}", kill_at_step=step))
    for point in POINTS:
        problems.append(kill_and_recover(campaign, f"fault {point}", fault=point))
    seed = random.randrange(10**6)
    moments = [*TIMED, *(random.Random(seed).uniform(0, campaign.build_seconds)
                         for _ in range(3))]
    for moment in moments:
        problems.append(kill_and_recover(campaign, f"{moment:.2f} s in (seed {seed})",
                                         kill_after=moment))
    problems = [problem for problem in problems if problem]
    assert problems == [], "\n".join(problems)
    assert figures.ROWS_LOST["rows_lost"] == 0


def test_two_cli_builds_at_once(campaign: Campaign) -> None:
    warehouse = campaign.copy("two_builds")
    second = {}

    def start_another(run_id: str) -> None:
        lock, deadline = warehouse / ".build.lock", time.monotonic() + 120
        while run_id not in lock.read_text() and time.monotonic() < deadline:
            time.sleep(0.02)  # until the first build holds the lock
        second["outcome"], second["run_id"] = cli_build(campaign.raw_v2, warehouse), run_id

    first = cli_build(campaign.raw_v2, warehouse, on_first_step=start_another)
    assert first.returncode == 0, first.stderr[-2000:]
    assert second["outcome"].returncode != 0
    assert "another build is running" in second["outcome"].stderr
    assert second["run_id"] in second["outcome"].stderr
    assert pair(warehouse) == campaign.new


def test_a_whole_build_out_of_room_while_staging(campaign: Campaign) -> None:
    warehouse = campaign.copy("out_of_room")
    limit = 4 * 1024 * 1024  # below the work database's size: its next write fails

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    figures.FAULTS["tried"] += 1
    failed = cli_build(campaign.raw_v2, warehouse, preexec_fn=limited)
    assert failed.returncode != 0
    work_db = WarehousePaths(warehouse).work_db
    assert f"ran out of space writing {work_db}" in failed.stderr, failed.stderr[-3000:]
    assert pair(warehouse) == campaign.old
    recovered = cli_build(campaign.raw_v2, warehouse)
    assert recovered.returncode == 0
    assert pair(warehouse) == campaign.new
    figures.FAULTS["survived"] += 1
