"""The long campaign (`make reliability`): a medium raw directory (the bundled sample with its
Sotkanet folder replaced by 200,000 generated rows in 8 files), built and exported as `make run`
does (python -m pipelines.run), then rebuilt after three files changed, an incremental
publication (each file a patched copy of the previous one), killed (SIGKILL, the whole process
group):

- at the start of every step of the job (as the run's Dagster event log shows it),
- at every fault point inside publishing and inside the patched copy (pipelines/publish/faults.py),
- at moments spread over the build (a few seconds apart, and a few at random).

After each kill: both published files are whole, each the old or the new publication, and a
pair out of step carries its journal; the next build succeeds by itself and publishes the
same mart as an uninterrupted build (digests of every table), leaving no temporary file, and
loses no row. The export job is killed the same way after the rebuild (its steps, its fault
points, moments): `exports/` is always there and whole, the old exports or the new ones, and
the next export writes the same ones as an uninterrupted export and leaves nothing behind.
Also: two builds at once (the second, launched as the README's `dg launch`, stops naming the
first), an export during a build and a build during an export (each stops naming the other),
and a whole build out of room (RLIMIT_FSIZE) while staging. Figures go to the session summary.
"""

import json
import os
import random
import resource
import shutil
import signal
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.orchestration.automation import EXPORT_JOB_NAME
from pipelines.publish.faults import EXPORT_POINTS, PATCH_POINTS, PUBLISH_POINTS
from pipelines.publish.journal import JOURNAL_NAME
from pipelines.publish.warehouse import WarehousePaths

from . import figures
from .harness import (
    change_raw,
    cli_build,
    copy_warehouse,
    debris,
    exports_state,
    long_only,
    pair,
    sample_like_raw,
    steps_of_last_run,
)

pytestmark = long_only
ROWS = int(os.environ.get("HYTEMART_CAMPAIGN_ROWS", 200_000))
TIMED = (0.5, 1.5, 3.0, 5.0, 8.0)
EXPORT_TIMED = (0.3, 1.0, 2.0, 4.0)
# What an incremental publication says it did (pipelines/publish/incremental.py, Plan).
PATCHED = "copied from the previous file"


class Campaign:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.raw_v1 = sample_like_raw(root / "raw_v1", sotkanet_rows=ROWS)
        self.raw_v2 = root / "raw_v2"
        shutil.copytree(self.raw_v1, self.raw_v2)  # same times: unchanged files stay unread
        change_raw(self.raw_v2)
        self.base = root / "base"
        first = cli_build(self.raw_v1, self.base, job=f"build_hytemart {EXPORT_JOB_NAME}")
        assert first.returncode == 0, first.stderr[-3000:]
        self.old = pair(self.base)
        self.exports_old = exports_state(self.base)
        reference = self.copy("reference")
        second = cli_build(self.raw_v2, reference)
        assert second.returncode == 0, second.stderr[-3000:]
        # The rebuild publishes incrementally: the campaign kills inside the patched copy.
        for target in ("published", "restricted"):
            assert f"{target} file {PATCHED}" in second.stderr, second.stderr[-3000:]
        self.build_seconds = second.seconds
        self.new = pair(reference)
        assert self.new != self.old and None not in self.new
        self.steps = steps_of_last_run(reference)
        self.facts = fact_rows(reference)
        self.ready = reference  # rebuilt, not exported yet: where export kills start from
        exported = copy_warehouse(reference, root / "exported")
        export = cli_build(self.raw_v2, exported, job=EXPORT_JOB_NAME)
        assert export.returncode == 0, export.stderr[-3000:]
        self.export_seconds = export.seconds
        self.exports_new = exports_state(exported)
        assert self.exports_new not in (None, self.exports_old)
        self.export_steps = steps_of_last_run(exported)
        fresh = root / "fresh"
        full = cli_build(self.raw_v2, fresh)
        assert full.returncode == 0
        assert pair(fresh) == self.new, "an incremental build and one from nothing differ"

    def copy(self, name: str, source: Path | None = None) -> Path:
        """A copy of the base (or `source`) whose published files are the same files."""
        return copy_warehouse(source or self.base, self.root / name)


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
        if "fault" in kill:
            return f"{label}: the build never reached the fault point"
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
    for point in (*PUBLISH_POINTS, *PATCH_POINTS):
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
    assert pair(campaign.base) == campaign.old  # the linked files were never written in place


def kill_export_and_recover(campaign: Campaign, label: str, **kill: object) -> str | None:
    """One kill of the export job after the rebuild, and the next export; None when it held."""
    warehouse = campaign.copy("export_killed", campaign.ready)
    killed = cli_build(campaign.raw_v2, warehouse, job=EXPORT_JOB_NAME, **kill)
    if not killed.killed:
        if killed.returncode != 0:
            return f"{label}: the export failed without a kill"
        if "fault" in kill:
            return f"{label}: the export never reached the fault point"
        figures.EXPORT_KILLS["not_reached"] += 1
        return None
    figures.EXPORT_KILLS["points_tried"] += 1
    try:
        state = exports_state(warehouse)
    except AssertionError as exc:
        return f"{label}: exports not whole after the kill: {exc}"
    if state not in (campaign.exports_old, campaign.exports_new):
        return f"{label}: exports/ is {'missing' if state is None else 'neither old nor new'}"
    if pair(warehouse) != campaign.new:
        return f"{label}: the killed export changed the published files"
    recovered = cli_build(campaign.raw_v2, warehouse, job=EXPORT_JOB_NAME)
    if recovered.returncode != 0:
        return f"{label}: the next export failed:\n{recovered.stderr[-2000:]}"
    if exports_state(warehouse) != campaign.exports_new:
        return f"{label}: the next export wrote other exports than an uninterrupted one"
    if left := debris(warehouse):
        return f"{label}: left behind {left}"
    if (warehouse / ".build.lock").read_text():
        return f"{label}: the lock still names a holder after a clean finish"
    figures.EXPORT_KILLS["survived"] += 1
    return None


def test_exports_killed_at_every_step_fault_point_and_moment(campaign: Campaign) -> None:
    problems = []
    for step in campaign.export_steps:
        problems.append(kill_export_and_recover(campaign, f"export step {step}",
                                                kill_at_step=step))
    for point in EXPORT_POINTS:
        problems.append(kill_export_and_recover(campaign, f"fault {point}", fault=point))
    seed = random.randrange(10**6)
    moments = [*EXPORT_TIMED, *(random.Random(seed).uniform(0, campaign.export_seconds)
                                for _ in range(2))]
    for moment in moments:
        problems.append(kill_export_and_recover(
            campaign, f"export {moment:.2f} s in (seed {seed})", kill_after=moment))
    problems = [problem for problem in problems if problem]
    assert problems == [], "\n".join(problems)


def start_when_locked(warehouse: Path, raw: Path, job: str, second: dict, **options: object):
    """on_first_step for cli_build: once the first run holds the lock, run `job` too."""
    def start(run_id: str) -> None:
        lock, deadline = warehouse / ".build.lock", time.monotonic() + 120
        while run_id not in lock.read_text() and time.monotonic() < deadline:
            time.sleep(0.02)  # until the first run holds the lock
        second["outcome"] = cli_build(raw, warehouse, job=job, **options)
        second["run_id"] = run_id
    return start


def test_two_cli_builds_at_once(campaign: Campaign) -> None:
    warehouse, second = campaign.copy("two_builds"), {}
    # The second as the README's command line for one job: dg launch.
    start = start_when_locked(warehouse, campaign.raw_v2, "build_hytemart", second,
                              dg_launch=True)
    first = cli_build(campaign.raw_v2, warehouse, on_first_step=start)
    assert first.returncode == 0, first.stderr[-2000:]
    assert second["outcome"].returncode != 0
    assert "another build is running" in second["outcome"].stderr
    assert second["run_id"] in second["outcome"].stderr
    assert pair(warehouse) == campaign.new


def run_beside(warehouse: Path, raw: Path, job: str, second: dict):
    """on_stopped for cli_build: while the first run stands stopped holding the lock, run
    `job` too, and note the first run's id (from the lock's record)."""
    def start() -> None:
        second["run_id"] = json.loads((warehouse / ".build.lock").read_text())["run_id"]
        second["outcome"] = cli_build(raw, warehouse, job=job)
    return start


def test_an_export_during_a_build_and_a_build_during_an_export(campaign: Campaign) -> None:
    # The first run stops itself (SIGSTOP) just before it swaps its files in, holding the
    # lock, so that the second surely starts beside it; then it goes on.
    warehouse, second = campaign.copy("export_during_build"), {}
    build = cli_build(campaign.raw_v2, warehouse, fault="publish.before_write:stop",
                      on_stopped=run_beside(warehouse, campaign.raw_v2, EXPORT_JOB_NAME, second))
    assert build.returncode == 0, build.stderr[-2000:]
    refused = second["outcome"].stderr
    assert second["outcome"].returncode != 0 and "another build is running" in refused
    assert second["run_id"] in refused and "this export stops" in refused.lower()
    assert exports_state(warehouse) == campaign.exports_old and pair(warehouse) == campaign.new

    warehouse, second = campaign.copy("build_during_export", campaign.ready), {}
    export = cli_build(campaign.raw_v2, warehouse, job=EXPORT_JOB_NAME,
                       fault="export.before_swap:stop",
                       on_stopped=run_beside(warehouse, campaign.raw_v2, "build_hytemart", second))
    assert export.returncode == 0, export.stderr[-2000:]
    refused = second["outcome"].stderr
    assert second["outcome"].returncode != 0 and "an export is running" in refused
    assert second["run_id"] in refused
    assert exports_state(warehouse) == campaign.exports_new and pair(warehouse) == campaign.new


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
