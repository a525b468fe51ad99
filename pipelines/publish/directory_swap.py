"""A directory replaced by another in one step, so that readers and crashes see the old one
or the new one, never none and never a mix (the exports, pipelines/outputs/exports.py).

A file is replaced atomically by `os.replace`; a directory is not: renaming the old one away
and the new one in is two steps, and a process killed between them leaves no directory at
all. Linux swaps two paths in one step with renameat2(RENAME_EXCHANGE) (ext4, XFS, Btrfs,
tmpfs; Linux 3.15 on). Python's os module has no renameat2, hence ctypes here: a dependency
for one system call was not worth a new package in the lock file.

On a file system without it (EINVAL) the two renames are made, and `recover` puts the old
directory back when a process died between them.
"""

import ctypes
import errno
import os
import shutil
from pathlib import Path

from pipelines.publish.durable import fsync_dir
from pipelines.publish.faults import fault_point

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Errors that mean "this file system (or kernel, or C library) cannot exchange".
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}


def exchange(first: Path, second: Path) -> None:
    """Swap two existing paths in one step; OSError (EINVAL, ENOSYS) where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28, or not Linux
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(first))
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def old_name(new: Path) -> Path:
    """Where the two-rename fallback puts the old directory while it swaps `new` in."""
    return new.with_name(f"{new.name}.old")


def replace(new: Path, target: Path) -> Path | None:
    """Put the complete directory `new` in the place of `target`. Returns the path now holding
    the old directory (to be removed by the caller), or None when there was none."""
    if not target.exists():
        os.rename(new, target)
        fsync_dir(target.parent)
        return None
    try:
        exchange(new, target)
        fsync_dir(target.parent)
        return new  # `new` now names the old directory
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
    old = old_name(new)
    os.rename(target, old)
    fault_point("export.between_renames")
    os.rename(new, target)
    fsync_dir(target.parent)
    return old


def recover(target: Path) -> list[str]:
    """What a process killed while replacing `target` left: put the old directory back if it
    died between two renames, and remove every other `.<name>.*` beside `target` (directories
    being written, old ones not yet removed). Only while nothing else writes `target`."""
    done = []
    olds = sorted(target.parent.glob(f".{target.name}.*.old"),
                  key=lambda path: path.stat().st_mtime)
    if not target.exists() and olds:
        os.rename(olds[-1], target)
        fsync_dir(target.parent)
        done.append(f"put back {target.name}/ ({olds[-1].name}): a replacement was stopped "
                    "between its two renames")
    for stale in sorted(target.parent.glob(f".{target.name}.*")):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
        done.append(f"removed {stale.name}, left by a stopped run")
    return done

