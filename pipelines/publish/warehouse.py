"""DuckDB files of hytemart: the private work database and the published mart.

- The work database (`<warehouse>/work/hytemart_work.duckdb`) holds staging, quality and mart
  schemas. Only the pipeline opens it, one step at a time (the job runs in one process).
- The published mart (`<warehouse>/hytemart.duckdb`) is what BI tools open read-only. It is
  written as a new file with a storage version DuckDB 1.x clients can read, then swapped in
  with one `os.replace`, so a reader sees either the old file or the new one, never half of
  one. Readers holding the old file keep reading it until they reconnect.
- The last few published files are kept in `<warehouse>/history/` for rollback.
- The restricted file (`<warehouse>/restricted/hytemart_restricted.duckdb`) is the same mart
  without small-number protection, for the few allowed to see it; never for BI tools. It is
  written and swapped in the same way, with its own history.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.sqlfiles import run_sql_file

PUBLISHED_NAME = "hytemart.duckdb"
RESTRICTED_NAME = "hytemart_restricted.duckdb"
WORK_NAME = "hytemart_work.duckdb"
# DuckDB 2.x files cannot be opened by 1.x clients, which most BI drivers still ship.
PUBLISHED_STORAGE_VERSION = "v1.4.0"
# Schemas copied from the work database into the published file (report: views for BI tools).
PUBLISHED_SCHEMAS = ("mart", "quality", "report")
# Views of the work database published as tables, computed inside the new file from the
# tables written there (so from the protected facts in the published mart): what dashboards
# read most, kept in one row per series instead of computed from every fact per query. Per
# file: the restricted file is opened by a few people, ad hoc, never by dashboards, so its
# comparisons stay a view computed when read (as a table they cost every build that writes it
# whole about 40 s at national scale, docs/benchmarks.md).
MATERIALIZED_VIEWS = {
    "published": ("mart.fact_latest_value", "mart.fact_comparison"),
    "restricted": ("mart.fact_latest_value",),
}
# Tables written in the order of a column, per file. DuckDB skips the row groups whose min and
# max rule out a filter, and keeps 8 bytes of a string for them: of the facts' keys only the
# area code (KU049, HVA03, SSS) is short enough to skip anything by (every Sotkanet indicator
# code starts "sotkanet"). Stored by area, a dashboard's query for an area, its county and the
# country reads a few row groups of the facts instead of all (docs/benchmarks.md). Only the
# published file: dashboards do not read the restricted one.
SORTED_TABLES: dict[str, dict[str, str]] = {
    "published": {"mart.fact_indicator_value": "area_code"},
    "restricted": {},
}
# The tables besides the facts a materialized view reads. A patched copy of the published file
# computes a materialized view's rows again only for the indicators whose facts changed, unless
# one of these changed: then all of them (mart.fact_comparison depends on the areas' levels and
# counties and on the peer groups, which can change without any fact of an indicator).
MATERIALIZED_VIEW_INPUTS = {
    "mart.fact_comparison": ("mart.dim_area", "mart.peer_group_member", "mart.area_peer_group"),
}
# The two files, as the incremental publication's state names them.
TARGETS = ("published", "restricted")
# Bump when the work database's layout changes incompatibly (a table becomes a view, a
# column changes meaning): an older work file is then discarded and rebuilt from raw/. It
# holds nothing that raw/ cannot give again.
WORK_FORMAT_VERSION = 4


@dataclass(frozen=True)
class WarehousePaths:
    root: Path

    @property
    def published(self) -> Path:
        return self.root / PUBLISHED_NAME

    @property
    def work_db(self) -> Path:
        return self.root / "work" / WORK_NAME

    @property
    def history_dir(self) -> Path:
        return self.root / "history"

    @property
    def restricted(self) -> Path:
        return self.root / "restricted" / RESTRICTED_NAME

    @property
    def restricted_history_dir(self) -> Path:
        return self.root / "restricted" / "history"


@contextmanager
def connect_work(
    paths: WarehousePaths, memory_limit: str = "1.5GB"
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the work database read-write; closed on exit.

    DuckDB's buffer pool would otherwise grow to 80 % of the machine's memory; with a limit it
    spills to the work directory instead, so a national-scale build runs in bounded memory.
    """
    paths.work_db.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = _open_work(paths, memory_limit)
        if _work_format(con) not in (None, WORK_FORMAT_VERSION):
            con.close()
            paths.work_db.unlink()
            Path(f"{paths.work_db}.wal").unlink(missing_ok=True)
            con = _open_work(paths, memory_limit)
        con.execute("CREATE TABLE IF NOT EXISTS main.work_format AS SELECT $v AS version",
                    {"v": WORK_FORMAT_VERSION})
    except duckdb.IOException as exc:
        raise RuntimeError(
            f"cannot open the work database {paths.work_db}: {exc}. Another build may be "
            "running, or a tool holds this file; BI tools must open the published "
            f"{paths.published.name} instead."
        ) from exc
    try:
        for schema in ("staging", "quality", "mart"):
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        # What the last publication wrote, for the next one's incremental copy: made here,
        # where the work database is open for writing, so publishing itself only reads it.
        run_sql_file(con, "publish/state")
        yield con
    finally:
        con.close()


def _open_work(paths: WarehousePaths, memory_limit: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        str(paths.work_db),
        config={"memory_limit": memory_limit,
                "temp_directory": str(paths.work_db.parent / "spill"),
                # Staged rows keep their file's order: batch-scanned lines are numbered by
                # their place in the table (sql/ingest/sotkanet_lines.sql).
                "preserve_insertion_order": True},
    )


def _work_format(con: duckdb.DuckDBPyConnection) -> int | None:
    """The layout version of an existing work file; None for a new, empty one."""
    tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE NOT internal").fetchone()[0]
    if not tables:
        return None
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
                        "AND table_name = 'work_format'").fetchone()[0]
    if not found:
        return 0
    return con.execute("SELECT max(version) FROM main.work_format").fetchone()[0]
