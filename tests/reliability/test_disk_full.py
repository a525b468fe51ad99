"""Running out of room while writing: a real process with a file size limit (RLIMIT_FSIZE,
as `ulimit -f`; SIGXFSZ ignored, so a write past the limit fails with EFBIG as on a full
disk). Publishing stops with an error saying what ran out where; the published files are
untouched and nothing is left behind; the next publish with room succeeds. The same for a
whole build (`make reliability`, tests/reliability/campaign.py)."""

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.publish.warehouse import WarehousePaths

from . import figures
from .harness import LONG, debris
from .publish_child import prepare

CHILD = Path(__file__).with_name("publish_child.py")
MIB = 1024 * 1024


def limited_to(size: int):
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def publish(warehouse: Path, version: str, limit: int | None = None,
            publish_only: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHILD), str(warehouse), version, f"run-{version}",
         *(["--publish-only"] if publish_only else [])],
        capture_output=True, text=True, preexec_fn=limited_to(limit) if limit else None)


@pytest.mark.parametrize("which", ["published", "restricted"] if LONG else ["restricted"])
def test_publishing_out_of_room_says_where_and_leaves_the_published_files(
    tmp_path: Path, which: str
) -> None:
    paths = WarehousePaths(tmp_path)
    assert publish(tmp_path, "v1").returncode == 0
    before = paths.published.read_bytes(), paths.restricted.read_bytes()
    prepare(paths, "v2")
    # The published file holds a tenth of the restricted one's rows: a limit between their
    # sizes stops the restricted file after the published one was written.
    limit = 64 * 1024 if which == "published" else paths.published.stat().st_size + MIB // 2
    assert limit < paths.restricted.stat().st_size
    figures.FAULTS["tried"] += 1
    failed = publish(tmp_path, "v2", limit=limit, publish_only=True)
    assert failed.returncode == 1, failed.stderr[-2000:]
    assert "OutOfSpaceError: publishing stopped, the published files are unchanged: ran out " \
           "of space writing" in failed.stderr
    name = paths.published.name if which == "published" else paths.restricted.name
    assert f"/.{name}.run-v2.tmp (File too large)" in failed.stderr
    assert "MiB free on the file system of" in failed.stderr
    assert f"may write files of at most {limit:,} bytes (ulimit -f)" in failed.stderr
    assert (paths.published.read_bytes(), paths.restricted.read_bytes()) == before
    assert debris(tmp_path) == []
    assert publish(tmp_path, "v2", publish_only=True).returncode == 0  # with room again
    figures.FAULTS["survived"] += 1


STAGE = """
import sys
from pipelines.assets.resources import HytemartResource
hytemart = HytemartResource(raw_dir=sys.argv[1], warehouse_dir=sys.argv[2])
with hytemart.connect() as con:  # as every staging step does
    con.execute("CREATE OR REPLACE TABLE staging.big AS "
                "SELECT range AS id, md5(range::VARCHAR) AS h FROM range(60000)")
"""


def test_staging_out_of_room_names_the_work_database(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path / "warehouse")
    command = [sys.executable, "-c", STAGE, str(tmp_path), str(paths.root)]
    figures.FAULTS["tried"] += 1
    failed = subprocess.run(command, capture_output=True, text=True,
                            preexec_fn=limited_to(512 * 1024))
    assert failed.returncode == 1
    assert ("OutOfSpaceError: the build stopped, the published files are unchanged: ran out "
            f"of space writing {paths.work_db} (File too large)") in failed.stderr
    # The work database the failed write left behind opens, and the next run succeeds.
    assert subprocess.run(command, capture_output=True).returncode == 0
    figures.FAULTS["survived"] += 1
