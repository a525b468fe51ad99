"""Which fetched files are stale, and since when: from the state of the last attempts."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipelines.fetch.store import read_state


def stale_files(state_path: Path, files: list[str], stale_after_hours: float,
                now: datetime | None = None) -> dict[str, str]:
    """file -> why it is stale, for the files whose last attempt failed or whose last good
    fetch (or check that nothing changed) is older than `stale_after_hours`."""
    now = now or datetime.now(UTC)
    state = read_state(state_path)
    stale = {}
    for file in files:
        item = state.get(file)
        if item is None:
            continue  # not tried yet: the run that tries it will say
        since = item.last_success_at
        if item.last_error:
            stale[file] = (f"stale since {since or 'never fetched'}: the last attempt "
                           f"({item.last_attempt_at}) failed: {item.last_error}")
        elif since and datetime.fromisoformat(since) < now - timedelta(hours=stale_after_hours):
            stale[file] = f"stale since {since}: not fetched for over {stale_after_hours:g} h"
    return stale
