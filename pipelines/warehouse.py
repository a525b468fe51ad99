"""DuckDB files of hytemart: the private work database and the published mart.

- The work database (`<warehouse>/work/hytemart_work.duckdb`) holds staging, quality and mart
  schemas. Only the pipeline opens it, one step at a time (the job runs in one process).
- The published mart (`<warehouse>/hytemart.duckdb`) is what BI tools open read-only. It is
  written as a new file with a storage version DuckDB 1.x clients can read, then swapped in
  with one `os.replace`, so a reader sees either the old file or the new one, never half of
  one. Readers holding the old file keep reading it until they reconnect.
- The last few published files are kept in `<warehouse>/history/` for rollback.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_NAME = "hytemart.duckdb"
WORK_NAME = "hytemart_work.duckdb"
# DuckDB 2.x files cannot be opened by 1.x clients, which most BI drivers still ship.
PUBLISHED_STORAGE_VERSION = "v1.4.0"
# Schemas copied from the work database into the published file (report: views for BI tools).
PUBLISHED_SCHEMAS = ("mart", "quality", "report")
# Bump when the work database's layout changes incompatibly (a table becomes a view, a
# column changes meaning): an older work file is then discarded and rebuilt from raw/. It
# holds nothing that raw/ cannot give again.
WORK_FORMAT_VERSION = 2


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


@contextmanager
def connect_work(
    paths: WarehousePaths, memory_limit: str = "2GB"
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
        yield con
    finally:
        con.close()


def _open_work(paths: WarehousePaths, memory_limit: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        str(paths.work_db),
        config={"memory_limit": memory_limit,
                "temp_directory": str(paths.work_db.parent / "spill")},
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


@dataclass(frozen=True)
class PublishResult:
    path: Path
    previous: Path | None
    table_rows: dict[str, int]


def sql_literal(text: str) -> str:
    """Quote a string as a SQL literal. Only for COMMENT ON, which takes no bound parameters."""
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_schemas(con: duckdb.DuckDBPyConnection, target: str) -> dict[str, int]:
    """Copy the published schemas (tables with their comments, then views) into `target`."""
    rows: dict[str, int] = {}
    tables = con.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name IN (SELECT unnest($schemas)) "
        "ORDER BY schema_name, table_name",
        {"schemas": list(PUBLISHED_SCHEMAS)},
    ).fetchall()
    for schema in PUBLISHED_SCHEMAS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(target)}.{quote_ident(schema)}")
    for schema, table, comment in tables:
        source = f"{quote_ident(schema)}.{quote_ident(table)}"
        dest = f"{quote_ident(target)}.{source}"
        con.execute(f"CREATE TABLE {dest} AS SELECT * FROM {source}")
        if comment:
            con.execute(f"COMMENT ON TABLE {dest} IS {sql_literal(comment)}")
        columns = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = $schema "
            "AND table_name = $table AND comment IS NOT NULL",
            {"schema": schema, "table": table},
        ).fetchall()
        for column, column_comment in columns:
            con.execute(
                f"COMMENT ON COLUMN {dest}.{quote_ident(column)} IS {sql_literal(column_comment)}"
            )
        rows[f"{schema}.{table}"] = con.execute(f"SELECT count(*) FROM {dest}").fetchone()[0]
    views = con.execute(
        "SELECT schema_name, view_name, sql, comment FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal "
        "AND schema_name IN (SELECT unnest($schemas)) ORDER BY schema_name, view_name",
        {"schemas": list(PUBLISHED_SCHEMAS)},
    ).fetchall()
    # A view's SQL does not carry its column comments: copy them after the view.
    view_column_comments: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, view, column, column_comment in con.execute(
        "SELECT c.schema_name, c.table_name, c.column_name, c.comment FROM duckdb_columns() c "
        "JOIN duckdb_views() v ON v.database_name = c.database_name "
        "AND v.schema_name = c.schema_name AND v.view_name = c.table_name "
        "WHERE c.database_name = current_database() AND c.comment IS NOT NULL "
        "AND c.schema_name IN (SELECT unnest($schemas)) ORDER BY c.column_index",
        {"schemas": list(PUBLISHED_SCHEMAS)},
    ).fetchall():
        view_column_comments.setdefault((schema, view), []).append((column, column_comment))
    if views:
        current = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"USE {quote_ident(target)}")
        try:
            _create_views(con, [view_sql for _, _, view_sql, _ in views])
            for schema, view, _, comment in views:
                name = f"{quote_ident(schema)}.{quote_ident(view)}"
                if comment:
                    con.execute(f"COMMENT ON VIEW {name} IS {sql_literal(comment)}")
                for column, column_comment in view_column_comments.get((schema, view), []):
                    con.execute(f"COMMENT ON COLUMN {name}.{quote_ident(column)} "
                                f"IS {sql_literal(column_comment)}")
        finally:
            con.execute(f"USE {quote_ident(current)}")
    return rows


def _create_views(con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    """Run the CREATE VIEW statements in an order that works: DuckDB binds a view when it is
    created, so a view must come after the views it reads (report views read mart views), and
    the catalog lists them by name, not by dependency. Views that name one not yet created are
    retried after the others; when a round creates none, the first error is raised."""
    pending = list(statements)
    while pending:
        failed: list[tuple[str, duckdb.CatalogException]] = []
        for statement in pending:
            try:
                con.execute(statement)
            except duckdb.CatalogException as exc:
                failed.append((statement, exc))
        if len(failed) == len(pending):
            raise failed[0][1]
        pending = [statement for statement, _ in failed]


def publish(
    con: duckdb.DuckDBPyConnection, paths: WarehousePaths, run_id: str, keep: int
) -> PublishResult:
    """Write the published schemas of the open work database into a new file and swap it in.

    On any error the new file is removed and the published mart stays as it was.
    """
    paths.root.mkdir(parents=True, exist_ok=True)
    tmp = paths.root / f".{PUBLISHED_NAME}.{run_id}.tmp"
    tmp.unlink(missing_ok=True)
    alias = "hytemart_publish"
    try:
        con.execute(
            f"ATTACH {sql_literal(str(tmp))} AS {alias} "
            f"(STORAGE_VERSION {sql_literal(PUBLISHED_STORAGE_VERSION)})"
        )
        try:
            rows = _copy_schemas(con, alias)
            con.execute(f"CHECKPOINT {alias}")
        finally:
            con.execute(f"DETACH {alias}")
        _verify(tmp, rows)
        _fsync(tmp)
        previous = _keep_previous(paths, run_id)
        os.replace(tmp, paths.published)
        _fsync_dir(paths.root)
        _prune_history(paths, keep)
        return PublishResult(path=paths.published, previous=previous, table_rows=rows)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


def _verify(path: Path, expected_rows: dict[str, int]) -> None:
    """Reopen the new file the way a BI tool would and check every table is there, complete."""
    check = duckdb.connect(str(path), read_only=True)
    try:
        for table, expected in expected_rows.items():
            found = check.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if found != expected:
                raise RuntimeError(f"{path}: {table} has {found} rows, expected {expected}")
    finally:
        check.close()


def _keep_previous(paths: WarehousePaths, run_id: str) -> Path | None:
    """Keep the currently published file in history/ (a hard link where possible: no copy)."""
    if not paths.published.exists():
        return None
    paths.history_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = paths.history_dir / f"hytemart-{stamp}-{run_id[:8]}.duckdb"
    try:
        os.link(paths.published, target)
    except OSError:
        shutil.copy2(paths.published, target)
    return target


def _prune_history(paths: WarehousePaths, keep: int) -> None:
    if not paths.history_dir.is_dir():
        return
    kept = sorted(paths.history_dir.glob("hytemart-*.duckdb"), reverse=True)
    for old in kept[keep:]:
        old.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
