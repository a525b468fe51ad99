"""One build at a time per warehouse, and never beside an export: `<warehouse>/.build.lock`.

Two builds on one warehouse (two `make run`, or the CLI while the daemon runs a scheduled
build) would interleave their steps on one work database and publish each other's half-work;
an export beside a build would read one publication and describe, or be swapped in beside,
another. The first build to open the work database takes an exclusive `flock` on the lock file
and writes who it is (run id, pid, host, start time, kind); a second one stops with a message
naming the first, before it changes anything. Exports (the export job's steps, which may run in
processes of their own) share the lock with one another and exclude builds: the first takes it
exclusively (to recover what a killed run left), names itself, then shares it; later ones share
it too. A holder in passing (a recovery, a first export about to share) is waited for a moment.

The kernel drops the lock when its process dies, however it dies, so a killed build never
leaves a lock that blocks the next one: the next build finds the dead holder's record still in
the file (a clean finish empties it), says so, and recovers what the killed build left (see
pipelines/publish/recovery.py).
"""

import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".build.lock"
# Kinds of holders: a build holds the lock exclusively, exports share it, a recovery holds it
# exclusively for a moment.
BUILD, EXPORT, RECOVERY = "build", "export", "recovery"
# How long a second holder waits before it stops: covers holders in passing, never a build.
WAIT_SECONDS = 2.0
# How much longer an export waits for the first export to share the lock (it repairs what a
# killed run left first: at national scale, removing a stale copy of the exports).
EXPORT_WAIT_SECONDS = 300.0


class BuildRunningError(RuntimeError):
    """Another build (or an export, for a build) holds the warehouse."""


@dataclass
class BuildLock:
    path: Path
    fd: int
    # The record a run that did not finish left in the lock file, if any.
    stale_holder: dict | None
    # Held exclusively (a build, a recovery, or the first export before it shares).
    exclusive: bool = True

    def share(self) -> None:
        """Let other exports in (the first export, after it recovered what needed it). Linux
        drops the exclusive lock before it takes the shared one: a build that starts in that
        instant wins, and this export stops."""
        try:
            fcntl.flock(self.fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_record(self.fd)
            self._close()
            raise BuildRunningError(_refusal(self.path.parent, holder, EXPORT)) from None
        self.exclusive = False

    def release(self) -> None:
        """Empty the record when no one else holds the lock (a clean finish), and let go."""
        if self.fd < 0:
            return
        try:
            if not self.exclusive:  # the last of the exports empties it, the others leave it
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self.exclusive = True
                except BlockingIOError:
                    pass
            if self.exclusive:
                os.ftruncate(self.fd, 0)
        finally:
            self._close()

    def _close(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = -1


def acquire(root: Path, run_id: str, kind: str = BUILD,
            wait: float = WAIT_SECONDS) -> BuildLock:
    """Take the warehouse's lock for a run of `kind` (exclusively; an export shares it once it
    calls share()) or raise BuildRunningError naming its holder after `wait` seconds."""
    path = Path(root) / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            if _try(fd, fcntl.LOCK_EX):
                break
            if kind == EXPORT and _try(fd, fcntl.LOCK_SH):
                # Other exports hold it: they have recovered and named themselves.
                return BuildLock(path=path, fd=fd, stale_holder=None, exclusive=False)
            holder = _read_record(fd)
            # The first export holds it exclusively while it recovers, then shares it.
            patient = kind == EXPORT and holder.get("kind") == EXPORT
            if time.monotonic() >= deadline + (EXPORT_WAIT_SECONDS if patient else 0):
                raise BuildRunningError(_refusal(Path(root), holder, kind))
            time.sleep(0.05)
    except BaseException:
        os.close(fd)
        raise
    stale = _read_record(fd)
    record = {"run_id": run_id, "kind": kind, "pid": os.getpid(), "host": socket.gethostname(),
              "started": datetime.now(UTC).isoformat(timespec="seconds")}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(record).encode(), 0)
    os.fsync(fd)
    return BuildLock(path=path, fd=fd, stale_holder=stale or None)


def _try(fd: int, operation: int) -> bool:
    try:
        fcntl.flock(fd, operation | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _refusal(root: Path, holder: dict, kind: str) -> str:
    held_by = holder.get("kind", BUILD) if holder else BUILD
    running = {EXPORT: "an export is running", RECOVERY: "a recovery is running"}.get(
        held_by, "another build is running")
    then = ("this export stops without changing anything; export again when the build has "
            "finished (the daemon does after a successful build)" if kind == EXPORT else
            f"this {kind} stops without changing anything; run it again when that one has "
            "finished")
    return f"{running} on {root}: {describe(holder)}. {then.capitalize()}."


def describe(holder: dict | None) -> str:
    if not holder:
        return "a run that has not written its name yet"
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
