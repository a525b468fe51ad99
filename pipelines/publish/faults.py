"""Named fault-injection points, for the reliability tests only (as SQLite's test hooks).

Each point is one call, `fault_point("publish.between_swaps")`, in code where a crash matters.
It does nothing unless the environment variable HYTEMART_FAULT names that very point; then the
process kills itself there with SIGKILL: no `finally`, no cleanup, as a power cut or the OOM
killer would. Set to `<point>:stop`, the process stops itself there instead (SIGSTOP), as a
stalled one, until sent SIGCONT: a test then starts another run beside it. tests/reliability/
kills builds at every point below and checks that the published files are whole and the next
build recovers. Never set it in production.

Points in publishing (pipelines/publish/warehouse.py, publish()):

- publish.before_write: the checked mart is ready, no new file written yet
- publish.after_published_written: the new published file is written, the restricted one not
- publish.after_write: both new files written and verified, nothing swapped in yet
- publish.after_journal: the swap journal is on disk, nothing swapped in yet
- publish.between_swaps: the published file is swapped in, the restricted one not yet
- publish.after_swaps: both swapped in, the journal not yet removed

In an incremental publication (pipelines/publish/incremental.py, patch()), reached when a file
is written as a patched copy of the previous one:

- publish.patch_copied: the previous file copied, nothing patched yet
- publish.patch_applied: the patch committed (in the copy's write-ahead log), not checkpointed

In the export job (pipelines/outputs/exports.py and pipelines/publish/directory_swap.py):

- export.before_swap: the new exports written and flushed, `exports/` still the old ones
- export.after_swap: the new exports in place, the old ones not yet removed
- export.between_renames: only where the file system cannot exchange two directories in one
  step: the old exports renamed away, the new ones not yet in place
"""

import os
import signal

FAULT_VARIABLE = "HYTEMART_FAULT"
PUBLISH_POINTS = (
    "publish.before_write",
    "publish.after_published_written",
    "publish.after_write",
    "publish.after_journal",
    "publish.between_swaps",
    "publish.after_swaps",
)
PATCH_POINTS = ("publish.patch_copied", "publish.patch_applied")
EXPORT_POINTS = ("export.before_swap", "export.after_swap")
# Reached only where renameat2(RENAME_EXCHANGE) is refused (pipelines/publish/directory_swap.py).
FALLBACK_POINTS = ("export.between_renames",)
POINTS = (*PUBLISH_POINTS, *PATCH_POINTS, *EXPORT_POINTS, *FALLBACK_POINTS)


def fault_point(name: str) -> None:
    """Kill this process here if HYTEMART_FAULT names this point; stop it (SIGSTOP, as a
    stalled process: it goes on when sent SIGCONT) if it names `<point>:stop`; otherwise
    nothing."""
    value = os.environ.get(FAULT_VARIABLE)
    if value == name:
        os.kill(os.getpid(), signal.SIGKILL)
    elif value == f"{name}:stop":
        os.kill(os.getpid(), signal.SIGSTOP)
