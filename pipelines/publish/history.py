"""The earlier published files kept for rollback: `<warehouse>/history/` (and the restricted
file's own history), linked before a new file is swapped in, pruned after."""

import os
import shutil
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path


def pattern(path: Path) -> str:
    return f"{path.stem}-*.duckdb"


def keep_previous(path: Path, history_dir: Path, run_id: str) -> Path | None:
    """Keep the file at `path` in `history_dir` (a hard link where possible: no copy)."""
    if not path.exists():
        return None
    history_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = history_dir / f"{path.stem}-{stamp}-{run_id[:8]}.duckdb"
    try:
        os.link(path, target)
    except OSError:  # another file system: a copy, renamed into place once complete
        partial = target.with_name(f".{target.name}.partial")
        shutil.copy2(path, partial)
        os.replace(partial, target)
    return target


def prune(path: Path, history_dir: Path, keep: int) -> None:
    """Drop all but the newest `keep` earlier files. Best-effort: the new files are in place
    by now, and a file that cannot be removed stays for the next run."""
    if not history_dir.is_dir():
        return
    kept = sorted(history_dir.glob(pattern(path)), reverse=True)
    for old in kept[keep:]:
        with suppress(OSError):
            old.unlink(missing_ok=True)
