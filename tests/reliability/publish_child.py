"""A publish on its own, in a process of its own (the reliability tests kill it, or limit
the size of the files it may write):

    python publish_child.py <warehouse> <version> <run_id> [--publish-only]

The work database gets a mart table tagged with `version` (ROWS rows, so that writing the
files takes a measurable moment), and a view of a tenth of it; both files are published from
it, the published one with the view in the table's place (a smaller file). With
--publish-only the work database, made earlier, is only read (attached read-only), so that
only the publish writes."""

import sys
from pathlib import Path

import duckdb

from pipelines.publish.publication import publish
from pipelines.publish.warehouse import WarehousePaths, connect_work

ROWS = 100_000
SMALLER = {"mart.t": "mart.t_tenth"}


def prepare(paths: WarehousePaths, version: str) -> None:
    with connect_work(paths) as con:
        con.execute("CREATE OR REPLACE TABLE mart.t AS SELECT range AS id, $v AS version, "
                    "md5(range::VARCHAR) AS filler FROM range($n)", {"v": version, "n": ROWS})
        con.execute("CREATE OR REPLACE VIEW mart.t_tenth AS SELECT * FROM mart.t "
                    "WHERE id % 10 = 0")


if __name__ == "__main__":
    warehouse, version, run_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    paths = WarehousePaths(warehouse)
    if "--publish-only" in sys.argv:
        con = duckdb.connect()
        con.execute("ATTACH $path AS work (READ_ONLY)", {"path": str(paths.work_db)})
        con.execute("USE work")
        publish(con, paths, run_id, keep=3, replacements=SMALLER)
    else:
        prepare(paths, version)
        with connect_work(paths) as con:
            publish(con, paths, run_id, keep=3, replacements=SMALLER)
