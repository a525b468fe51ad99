"""A real build (python -m pipelines.run, as `make run`) killed in the middle of publishing,
with a second build started while it runs: the second stops naming the first and changes
nothing; after the kill both published files are whole; the next build repairs what the killed
one left (its lock, its half-swapped pair, its temporary files) and publishes the same mart as
an uninterrupted build. `make reliability` runs this at every step and fault point on a medium
raw directory (test_kill_campaign.py)."""

import shutil
import time
from pathlib import Path

from pipelines.publish.warehouse import WarehousePaths

from .conftest import Built, events_text, materialize
from .harness import cli_build, debris, digest, long_only


@long_only
def test_a_build_killed_between_its_swaps_with_a_second_build_started_recovers(
    hostile_build: Built, tmp_path: Path
) -> None:
    # The same raw files (read only), a copy of the warehouse: an incremental rebuild.
    raw, warehouse = hostile_build.raw, tmp_path / "warehouse"
    shutil.copytree(hostile_build.warehouse, warehouse)
    paths = WarehousePaths(warehouse)
    published_inode = paths.published.stat().st_ino
    second: dict[str, object] = {}

    def start_a_second_build(run_id: str) -> None:
        lock = warehouse / ".build.lock"
        deadline = time.monotonic() + 60
        while run_id not in lock.read_text() and time.monotonic() < deadline:
            time.sleep(0.02)  # the first step has started; wait until it holds the lock
        result = materialize(raw, warehouse)
        second["run_id"], second["result"] = run_id, result

    killed = cli_build(raw, warehouse, fault="publish.between_swaps",
                       on_first_step=start_a_second_build)
    assert killed.killed, killed.stderr[-3000:]
    # The second build stopped with a message naming the first, and wrote nothing.
    assert not second["result"].success
    failures = events_text(second["result"])
    assert "another build is running" in failures and second["run_id"] in failures
    # The killed build swapped in the published file and died before the restricted one.
    assert paths.published.stat().st_ino != published_inode
    assert digest(paths.published) == hostile_build.published  # whole, readable
    assert digest(paths.restricted) == hostile_build.restricted
    assert (warehouse / ".publish-journal.json").exists()
    # The next build recovers by itself and publishes what an uninterrupted build did.
    recovered = materialize(raw, warehouse)
    assert recovered.success
    assert not (warehouse / ".publish-journal.json").exists()
    assert (warehouse / ".build.lock").read_text() == ""  # finished cleanly this time
    assert digest(paths.published) == hostile_build.published
    assert digest(paths.restricted) == hostile_build.restricted
    assert debris(warehouse) == []
