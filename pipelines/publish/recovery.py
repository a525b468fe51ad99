"""What a killed run left in a warehouse, repaired before anything else opens it.

- A publication stopped between its two renames (the published file new, the restricted one
  old) is completed from its journal (pipelines/publish/journal.py).
- Temporary files of a killed publish, half-copied history files, exports being written
  (`.exports.<run>.tmp`), old exports not yet removed, and exports moved away by a replacement
  stopped between two renames (put back) are cleaned up (pipelines/publish/directory_swap.py).

Every run that opens the warehouse does this first, holding the warehouse's lock exclusively
(pipelines/publish/build_lock.py): a build when its first step opens the work database, an export
when its first step starts, and the raw-files sensor of the daemon on its next tick when there
is anything to repair. By hand, or from a script, after a crash:

    make recover        # python -m pipelines.publish.recovery [warehouse directory]

It is cheap (a few file-system calls when there is nothing to do) and changes nothing while a
build or an export runs: that run has repaired the warehouse when it started.
"""

import sys
from pathlib import Path

from pipelines.publish import build_lock, directory_swap, journal
from pipelines.publish.publication import remove_stale_temps
from pipelines.publish.warehouse import WarehousePaths

EXPORTS_DIR_NAME = "exports"  # pipelines/outputs/exports.py's, without importing DuckDB for it
REPORTS_DIR_NAME = "reports"


def recover(root: Path) -> list[str]:
    """Repair what killed runs left; what was done. The caller holds the lock exclusively."""
    paths = WarehousePaths(Path(root))
    done = []
    if (completed := journal.recover(paths.root)) is not None:
        done.append(completed)
    done.extend(f"removed {path.relative_to(paths.root)}, left by a stopped publication"
                for path in remove_stale_temps(paths))
    done.extend(directory_swap.recover(paths.root / EXPORTS_DIR_NAME))
    reports = paths.root / REPORTS_DIR_NAME
    for stale in sorted(reports.glob(".*.tmp")) if reports.is_dir() else []:
        stale.unlink(missing_ok=True)
        done.append(f"removed {stale.relative_to(paths.root)}, left by a stopped export")
    return done


def pending(root: Path) -> bool:
    """Whether anything is left to repair (a cheap look, for the daemon's sensor)."""
    root = Path(root)
    paths = WarehousePaths(root)
    return (journal.journal_path(root).exists()
            or any(root.glob(f".{EXPORTS_DIR_NAME}.*"))
            or any(paths.published.parent.glob(f".{paths.published.name}.*"))
            or any(paths.restricted.parent.glob(f".{paths.restricted.name}.*")))


def open_warehouse(root: Path, run_id: str, kind: str = build_lock.BUILD
                   ) -> tuple[build_lock.BuildLock, list[str]]:
    """Take the warehouse's lock for a run of `kind` and repair what killed runs left, when
    this run is the first to hold it (an export then shares it with the other exports)."""
    lock = build_lock.acquire(Path(root), run_id, kind)
    try:
        done = recover(root) if lock.exclusive else []
        if kind == build_lock.EXPORT and lock.exclusive:
            lock.share()
    except BaseException:
        lock.release()
        raise
    return lock, done


def recover_if_idle(root: Path, run_id: str = "recovery") -> list[str] | None:
    """Repair now unless a build or an export holds the warehouse (None: it has repaired it
    when it started)."""
    try:
        lock = build_lock.acquire(Path(root), run_id, build_lock.RECOVERY, wait=0)
    except build_lock.BuildRunningError:
        return None
    try:
        return recover(root)
    finally:
        lock.release()


def main(argv: list[str]) -> int:
    if argv:
        root = Path(argv[0]).resolve()
    else:
        from pipelines.settings import Settings

        root = Settings.from_env().warehouse_dir
    if not root.is_dir():
        print(f"no warehouse at {root}: nothing to recover")
        return 0
    try:
        lock = build_lock.acquire(root, "make recover", build_lock.RECOVERY)
    except build_lock.BuildRunningError as exc:
        print(f"{exc} (it repaired the warehouse when it started)", file=sys.stderr)
        return 1
    try:
        if lock.stale_holder:
            print(f"{lock.stale_holder.get('kind', 'build')} "
                  f"{build_lock.describe(lock.stale_holder)} did not finish (killed?)")
        done = recover(root)
    finally:
        lock.release()
    print("\n".join(done) if done else f"{root}: nothing to recover")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
