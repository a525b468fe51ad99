"""One build at a time per warehouse: `<warehouse>/.build.lock`.

Two builds on one warehouse (two `make run`, or the CLI while the daemon runs a scheduled
build) would interleave their steps on one work database and publish each other's half-work.
The first build to open the work database takes an exclusive `flock` on the lock file and
writes who it is (run id, pid, host, start time); a second one stops at once with a message
naming the first, before it changes anything. The kernel drops the lock when its process dies,
however it dies, so a killed build never leaves a lock that blocks the next one: the next build
finds the dead holder's record still in the file (a clean finish empties it), says so, and
recovers what the killed build left (see publish_journal.recover).
"""

import fcntl
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".build.lock"


class BuildRunningError(RuntimeError):
    """Another build holds the warehouse."""


@dataclass
class BuildLock:
    path: Path
    fd: int
    # The record a build that did not finish left in the lock file, if any.
    stale_holder: dict | None

    def release(self) -> None:
        """Empty the record (a clean finish) and let go of the lock."""
        if self.fd < 0:
            return
        try:
            os.ftruncate(self.fd, 0)
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = -1


def acquire(root: Path, run_id: str) -> BuildLock:
    """Take the warehouse's build lock or raise BuildRunningError naming its holder."""
    path = Path(root) / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_record(fd)
        os.close(fd)
        raise BuildRunningError(
            f"another build is running on {root}: {describe(holder)}. This build stops "
            "without changing anything; run it again when that one has finished."
        ) from None
    except BaseException:
        os.close(fd)
        raise
    stale = _read_record(fd)
    record = {"run_id": run_id, "pid": os.getpid(), "host": socket.gethostname(),
              "started": datetime.now(UTC).isoformat(timespec="seconds")}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(record).encode(), 0)
    os.fsync(fd)
    return BuildLock(path=path, fd=fd, stale_holder=stale or None)


def describe(holder: dict | None) -> str:
    if not holder:
        return "a build that has not written its name yet"
    return (f"run {holder.get('run_id')} (pid {holder.get('pid')} on {holder.get('host')}, "
            f"started {holder.get('started')})")


def _read_record(fd: int) -> dict:
    text = os.pread(fd, 4096, 0).decode("utf-8", errors="replace").strip()
    if not text:
        return {}
    try:
        record = json.loads(text)
    except ValueError:
        return {"run_id": "unknown (unreadable lock record)"}
    return record if isinstance(record, dict) else {}
