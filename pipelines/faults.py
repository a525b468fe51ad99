"""Named fault-injection points, for the reliability tests only (as SQLite's test hooks).

Each point is one call, `fault_point("publish.between_swaps")`, in code where a crash matters.
It does nothing unless the environment variable HYTEMART_FAULT names that very point; then the
process kills itself there with SIGKILL: no `finally`, no cleanup, as a power cut or the OOM
killer would. tests/reliability/ kills builds at every point below and checks that the
published files are whole and the next build recovers. Never set it in production.

Points (all in pipelines/warehouse.py, publish()):

- publish.before_write: the checked mart is ready, no new file written yet
- publish.after_published_written: the new published file is written, the restricted one not
- publish.after_write: both new files written and verified, nothing swapped in yet
- publish.after_journal: the swap journal is on disk, nothing swapped in yet
- publish.between_swaps: the published file is swapped in, the restricted one not yet
- publish.after_swaps: both swapped in, the journal not yet removed
"""

import os
import signal

FAULT_VARIABLE = "HYTEMART_FAULT"
POINTS = (
    "publish.before_write",
    "publish.after_published_written",
    "publish.after_write",
    "publish.after_journal",
    "publish.between_swaps",
    "publish.after_swaps",
)


def fault_point(name: str) -> None:
    """Kill this process here if HYTEMART_FAULT names this point; otherwise nothing."""
    if os.environ.get(FAULT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
