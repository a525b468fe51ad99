"""A publish on its own, in a process of its own (the reliability tests kill it):

    python publish_child.py <warehouse> <version> <run_id>

The work database gets a mart table tagged with `version` (200,000 rows, so that writing the
files takes a measurable moment); both files are published from it."""

import sys
from pathlib import Path

from pipelines.warehouse import WarehousePaths, connect_work, publish

if __name__ == "__main__":
    warehouse, version, run_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    paths = WarehousePaths(warehouse)
    with connect_work(paths) as con:
        con.execute("CREATE OR REPLACE TABLE mart.t AS SELECT range AS id, $v AS version "
                    "FROM range(200000)", {"v": version})
        publish(con, paths, run_id, keep=3)
