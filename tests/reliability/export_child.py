"""An export on its own, in a process of its own (the reliability tests kill it at a fault
point, pipelines/publish/faults.py):

    python export_child.py <warehouse> <version> <run_id> [--no-exchange]

The warehouse's published file is made anew with `version` in every fact (PARTS source files
of ROWS facts each, and a report view), then exported into <warehouse>/exports/ as the export
job does. With --no-exchange the file system is taken to refuse renameat2(RENAME_EXCHANGE)
(as some do: EINVAL), so that the two-rename fallback runs."""

import errno
import sys
from pathlib import Path

import duckdb

from pipelines.outputs.exports import write_exports
from pipelines.publish import directory_swap
from pipelines.publish.warehouse import WarehousePaths

PARTS, ROWS = 4, 5_000


def publish_version(published: Path, version: str) -> None:
    tmp = published.with_name(f".{published.name}.child.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    con.execute("CREATE SCHEMA mart")
    con.execute("CREATE SCHEMA report")
    con.execute("CREATE TABLE mart.fact_indicator_value AS SELECT 'file_' || (range % $p) || "
                "'.csv' AS source_file, range AS id, $v AS version FROM range($n)",
                {"p": PARTS, "n": PARTS * ROWS, "v": version})
    con.execute("CREATE TABLE mart.dim_version AS SELECT $v AS version", {"v": version})
    con.execute("CREATE VIEW report.per_file AS SELECT source_file, version, count(*) AS n "
                "FROM mart.fact_indicator_value GROUP BY ALL")
    con.close()
    tmp.replace(published)


def refuse_exchange(first: Path, second: Path) -> None:
    raise OSError(errno.EINVAL, "Invalid argument (as a file system without RENAME_EXCHANGE)")


if __name__ == "__main__":
    warehouse, version, run_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    if "--no-exchange" in sys.argv:
        directory_swap.exchange = refuse_exchange
    paths = WarehousePaths(warehouse)
    warehouse.mkdir(parents=True, exist_ok=True)
    publish_version(paths.published, version)
    write_exports(paths.published, warehouse / "exports", run_id)
