"""The publish journal: the published and the restricted file change together.

Two files cannot be renamed in one atomic step. Publishing therefore writes both new files
completely (verified, on disk) under temporary names, then records the pair of renames it is
about to make in `<warehouse>/.publish-journal.json` (itself written under a temporary name and
renamed into place), makes them back to back, and removes the journal. A build killed between
the two renames leaves the journal behind; the next build (or publish) finds it before doing
anything else and makes the renames still to be made: the new pair is whole on disk, so the
publication rolls forward. Until then one file may be new and the other old, and the journal
says so.
"""

import json
import os
from pathlib import Path

from pipelines.publish.durable import fsync_dir
from pipelines.publish.faults import fault_point

JOURNAL_NAME = ".publish-journal.json"


def journal_path(root: Path) -> Path:
    return Path(root) / JOURNAL_NAME


def begin(root: Path, run_id: str, renames: list[tuple[Path, Path]]) -> Path:
    """Record the renames (new file -> published path) about to be made; durable on return."""
    path = journal_path(root)
    partial = path.with_name(f"{path.name}.partial")
    # Relative to the warehouse, so that a warehouse moved before recovery still recovers.
    record = {"run_id": run_id,
              "renames": [{"new": Path(new).relative_to(root).as_posix(),
                           "target": Path(target).relative_to(root).as_posix()}
                          for new, target in renames]}
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    fsync_dir(path.parent)
    return path


def swap(root: Path, renames: list[tuple[Path, Path]]) -> None:
    """Make the renames begin() recorded, back to back, and flush them; then the journal
    goes. A process killed in here leaves the journal for recover()."""
    fault_point("publish.after_journal")
    for index, (new, target) in enumerate(renames):
        if index:
            fault_point("publish.between_swaps")
        os.replace(new, target)
    for _, target in renames:
        fsync_dir(target.parent)
    fault_point("publish.after_swaps")
    finish(root)


def finish(root: Path) -> None:
    """The renames are made and on disk: the journal goes."""
    path = journal_path(root)
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)


def recover(root: Path) -> str | None:
    """Complete a publication a killed build left half-swapped; what was done, or None.

    Idempotent, and safe while no other build runs (the caller holds the build lock, or
    publishes itself). A journal only exists once both new files were complete.
    """
    path = journal_path(root)
    Path(f"{path}.partial").unlink(missing_ok=True)  # killed while writing it: nothing swapped
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    done = []
    for rename in record["renames"]:
        new, target = Path(root) / rename["new"], Path(root) / rename["target"]
        if new.exists():
            os.replace(new, target)
            fsync_dir(target.parent)
            done.append(target.name)
    finish(root)
    return (f"completed the publication of run {record['run_id']} that was stopped between "
            f"its renames: swapped in {', '.join(done) or 'nothing more'}")

