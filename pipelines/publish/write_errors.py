"""When a disk fills up (or a file size limit is reached) while the build writes, say what
ran out where, instead of DuckDB's bare "Could not write file ...".

The build writes the work database (staging, checks, the mart) and, when publishing, two new
files beside the published ones; either can run out of room. The published files are only
replaced once both new files are complete, so they are untouched by such an error.
"""

import errno
import resource
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

OUT_OF_SPACE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
OUT_OF_SPACE_TEXTS = ("No space left on device", "File too large", "Disk quota exceeded")


class OutOfSpaceError(RuntimeError):
    """A write failed for lack of room: the message names the file, the room left, and the
    process's file size limit if it has one."""


def out_of_space(exc: BaseException) -> bool:
    """Whether `exc`, or an error it was raised from (sql/ files wrap DuckDB's), is one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in OUT_OF_SPACE_ERRNOS:
            return True
        if isinstance(current, (OSError, duckdb.Error)) and any(
                text in str(current) for text in OUT_OF_SPACE_TEXTS):
            return True
        current = current.__cause__ or current.__context__
    return False


def explain(exc: BaseException, path: Path, what: str) -> str:
    folder = next((parent for parent in Path(path).parents if parent.exists()), Path("/"))
    free = shutil.disk_usage(folder).free
    reason = next((text for text in OUT_OF_SPACE_TEXTS if text in str(exc)), str(exc))
    message = (f"{what}: ran out of space writing {path} ({reason}); "
               f"{free / 2**20:,.0f} MiB free on the file system of {folder}")
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit != resource.RLIM_INFINITY:
        message += f"; this process may write files of at most {limit:,} bytes (ulimit -f)"
    return message


@contextmanager
def explained(path: Path, what: str) -> Iterator[None]:
    """Turn an out-of-space error raised inside into an OutOfSpaceError naming `path`."""
    try:
        yield
    except OutOfSpaceError:
        raise
    except Exception as exc:
        if not out_of_space(exc):
            raise
        raise OutOfSpaceError(explain(exc, path, what)) from exc
