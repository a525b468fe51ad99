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

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines import publish_journal
from pipelines.durable import fsync_dir
from pipelines.faults import fault_point
from pipelines.sqlfiles import run_sql_file
from pipelines.write_errors import explained

if TYPE_CHECKING:  # pipelines.incremental_publish builds on this module
    from pipelines.incremental_publish import Plan

PUBLISHED_NAME = "hytemart.duckdb"
RESTRICTED_NAME = "hytemart_restricted.duckdb"
WORK_NAME = "hytemart_work.duckdb"
# DuckDB 2.x files cannot be opened by 1.x clients, which most BI drivers still ship.
PUBLISHED_STORAGE_VERSION = "v1.4.0"
# Schemas copied from the work database into the published file (report: views for BI tools).
PUBLISHED_SCHEMAS = ("mart", "quality", "report")
# Views of the work database published as tables, computed inside the new file from the
# tables written there (so from the protected facts in the published mart): what dashboards
# read most, kept in one row per series instead of computed from every fact per query.
MATERIALIZED_VIEWS = ("mart.fact_latest_value",)
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
        run_sql_file(con, "publishing/state")
        yield con
    finally:
        con.close()


def _open_work(paths: WarehousePaths, memory_limit: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        str(paths.work_db),
        config={"memory_limit": memory_limit,
                "temp_directory": str(paths.work_db.parent / "spill"),
                # Staged rows keep their file's order: batch-scanned lines are numbered by
                # their place in the table (sql/staging/sotkanet_lines.sql).
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


@dataclass(frozen=True)
class PublishResult:
    path: Path
    previous: Path | None
    table_rows: dict[str, int]
    restricted: Path
    restricted_previous: Path | None
    # How each file was written: whole, or as a copy of the previous one with the changed
    # indicators rewritten (pipelines/incremental_publish.py).
    how: tuple[str, str] = ("", "")


def sql_literal(text: str) -> str:
    """Quote a string as a SQL literal. Only for COMMENT ON, which takes no bound parameters."""
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _comments(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[str | None, dict[str, str]]:
    """The comment of a table or view ("schema.name") and of its columns."""
    schema, name = relation.split(".")
    found = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = $schema AND table_name = $name UNION ALL "
        "SELECT comment FROM duckdb_views() WHERE database_name = current_database() "
        "AND schema_name = $schema AND view_name = $name",
        {"schema": schema, "name": name},
    ).fetchone()
    columns = con.execute(
        "SELECT column_name, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = $schema "
        "AND table_name = $name AND comment IS NOT NULL",
        {"schema": schema, "name": name},
    ).fetchall()
    return (found[0] if found else None), dict(columns)


def _copy_schemas(
    con: duckdb.DuckDBPyConnection, target: str, replacements: dict[str, str]
) -> dict[str, int]:
    """Copy the published schemas (tables with their comments, then views) into `target`.

    `replacements` maps a table or view ("schema.name") to a relation published in its place
    as a table, e.g. the protected facts for mart.fact_indicator_value (a view in the work
    database: the facts are written once, here); its comments stay, the replacement's own
    comments (on its extra columns) are added. The MATERIALIZED_VIEWS are written as tables
    computed inside `target` from the tables just written there, before the other views.
    """
    rows: dict[str, int] = {}
    tables = published_tables(con, replacements)
    for schema in PUBLISHED_SCHEMAS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(target)}.{quote_ident(schema)}")
    for schema, table, comment in tables:
        rows[f"{schema}.{table}"] = copy_table(con, target, schema, table, comment, replacements)
    views = published_views(con, replacements)
    view_column_comments = _view_column_comments(con)
    current = con.execute("SELECT current_database()").fetchone()[0]
    con.execute(f"USE {quote_ident(target)}")
    try:
        for schema, view, view_sql, comment in views:
            if f"{schema}.{view}" in MATERIALIZED_VIEWS:
                name = f"{quote_ident(schema)}.{quote_ident(view)}"
                con.execute(f"CREATE TABLE {name} AS {view_query(schema, view, view_sql)}")
                _comment(con, "TABLE", name, comment, view_column_comments.get((schema, view)))
                rows[f"{schema}.{view}"] = con.execute(
                    f"SELECT count(*) FROM {name}").fetchone()[0]
        plain = [view for view in views if f"{view[0]}.{view[1]}" not in MATERIALIZED_VIEWS]
        _create_views(con, [view_sql for _, _, view_sql, _ in plain])
        for schema, view, _, comment in plain:
            name = f"{quote_ident(schema)}.{quote_ident(view)}"
            _comment(con, "VIEW", name, comment, view_column_comments.get((schema, view)))
    finally:
        con.execute(f"USE {quote_ident(current)}")
    return rows


def published_tables(
    con: duckdb.DuckDBPyConnection, replacements: dict[str, str]
) -> list[tuple[str, str, str | None]]:
    """(schema, table, comment) of every table published as it is or through a replacement."""
    tables = con.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name IN (SELECT unnest($schemas)) "
        "UNION ALL "
        "SELECT schema_name, view_name, comment FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal "
        "AND schema_name || '.' || view_name IN (SELECT unnest($replaced)) "
        "ORDER BY ALL",
        {"schemas": list(PUBLISHED_SCHEMAS), "replaced": list(replacements)},
    ).fetchall()
    unknown = set(replacements) - {f"{schema}.{table}" for schema, table, _ in tables}
    if unknown:
        raise ValueError(f"replacements for tables that are not published: {sorted(unknown)}")
    return tables


def published_views(
    con: duckdb.DuckDBPyConnection, replacements: dict[str, str]
) -> list[tuple[str, str, str, str | None]]:
    """(schema, view, CREATE VIEW statement, comment) of every view published as a view or,
    for the MATERIALIZED_VIEWS, as a table."""
    return con.execute(
        "SELECT schema_name, view_name, sql, comment FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal "
        "AND schema_name IN (SELECT unnest($schemas)) "
        "AND schema_name || '.' || view_name NOT IN (SELECT unnest($replaced)) "
        "ORDER BY schema_name, view_name",
        {"schemas": list(PUBLISHED_SCHEMAS), "replaced": list(replacements)},
    ).fetchall()


def view_query(schema: str, view: str, view_sql: str) -> str:
    """The query of a CREATE VIEW statement as DuckDB's catalog gives it back."""
    prefix = f"CREATE VIEW {schema}.{view} AS "
    if not view_sql.startswith(prefix):
        raise ValueError(f"cannot read the query of view {schema}.{view}: {view_sql[:80]}")
    return view_sql[len(prefix):].rstrip().rstrip(";")


def copy_table(
    con: duckdb.DuckDBPyConnection, target: str, schema: str, table: str, comment: str | None,
    replacements: dict[str, str],
) -> int:
    """Write one table (or its replacement) into `target` with its comments; returns its rows."""
    name = f"{schema}.{table}"
    _, columns = _comments(con, name)
    source = f"{quote_ident(schema)}.{quote_ident(table)}"
    if name in replacements:
        replacement = replacements[name]
        replacement_comment, replacement_columns = _comments(con, replacement)
        comment = replacement_comment or comment
        columns |= replacement_columns
        source = ".".join(quote_ident(part) for part in replacement.split("."))
    dest = f"{quote_ident(target)}.{quote_ident(schema)}.{quote_ident(table)}"
    con.execute(f"CREATE TABLE {dest} AS SELECT * FROM {source}")
    _comment(con, "TABLE", dest, comment, list(columns.items()))
    return con.execute(f"SELECT count(*) FROM {dest}").fetchone()[0]


def _comment(con: duckdb.DuckDBPyConnection, kind: str, name: str, comment: str | None,
             columns: list[tuple[str, str]] | None) -> None:
    if comment:
        con.execute(f"COMMENT ON {kind} {name} IS {sql_literal(comment)}")
    for column, column_comment in columns or []:
        con.execute(
            f"COMMENT ON COLUMN {name}.{quote_ident(column)} IS {sql_literal(column_comment)}")


def _view_column_comments(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list]:
    """A view's SQL does not carry its column comments: they are copied after the view."""
    comments: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, view, column, column_comment in con.execute(
        "SELECT c.schema_name, c.table_name, c.column_name, c.comment FROM duckdb_columns() c "
        "JOIN duckdb_views() v ON v.database_name = c.database_name "
        "AND v.schema_name = c.schema_name AND v.view_name = c.table_name "
        "WHERE c.database_name = current_database() AND c.comment IS NOT NULL "
        "AND c.schema_name IN (SELECT unnest($schemas)) ORDER BY c.column_index",
        {"schemas": list(PUBLISHED_SCHEMAS)},
    ).fetchall():
        comments.setdefault((schema, view), []).append((column, column_comment))
    return comments


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
    con: duckdb.DuckDBPyConnection,
    paths: WarehousePaths,
    run_id: str,
    keep: int,
    replacements: dict[str, str] | None = None,
    restricted_replacements: dict[str, str] | None = None,
    change_sources: dict[str, str] | None = None,
    computed: dict[tuple[str, str], str] | None = None,
) -> PublishResult:
    """Write the published schemas of the open work database into two new files, the
    published mart (with `replacements`: the protected facts) and the restricted one (with
    `restricted_replacements`), and swap them in once both are written and verified.

    A file is written as a copy of its previous version with only the changed indicators'
    facts rewritten where that is safe (pipelines/incremental_publish.py), else whole; either
    way it is verified and flushed before the swap; `change_sources` names, for a large
    table, a relation whose rows change whenever the table's rows in either file do, so that
    both files are compared from one scan of it (`computed`: such digests the caller made
    already, (table, relation) -> temporary table). On any error the new files are removed and
    the published ones stay as they were.
    """
    # Imported here: the incremental publication builds on this module's functions.
    from pipelines import incremental_publish

    staged = [
        (paths.published, paths.history_dir, replacements or {}),
        (paths.restricted, paths.restricted_history_dir, restricted_replacements or {}),
    ]
    # Unprotected data: only the owner may read the restricted folder (and so its files and
    # their history); created so before anything is written into it.
    paths.restricted.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(paths.restricted.parent, 0o700)
    temps = [path.parent / f".{path.name}.{run_id}.tmp" for path, _, _ in staged]
    # A publication killed between its two renames is completed before anything else.
    publish_journal.recover(paths.root)
    remove_stale_temps(paths)
    swapping = False
    try:
        fault_point("publish.before_write")
        computed = dict(computed or {})
        plans = [incremental_publish.plan(con, path, target, tables, change_sources, computed)
                 for target, (path, _, tables) in zip(TARGETS, staged, strict=True)]
        with explained(temps[0], "publishing stopped, the published files are unchanged"):
            rows = [_write_file(con, temps[0], staged[0][2], plans[0], staged[0][0])]
        fault_point("publish.after_published_written")
        with explained(temps[1], "publishing stopped, the published files are unchanged"):
            rows.append(_write_file(con, temps[1], staged[1][2], plans[1], staged[1][0]))
        os.chmod(temps[1], 0o600)  # the unprotected file: its owner's only, like its folder
        fault_point("publish.after_write")
        # Both files swap in back to back, after everything that can fail has been done
        # (history links), so that the pair stays in step; pruning is best-effort after. The
        # journal lets the next build finish the renames if this process dies between them.
        previous = [_keep_previous(path, history, run_id) for path, history, _ in staged]
        renames = [(tmp, path) for tmp, (path, _, _) in zip(temps, staged, strict=True)]
        publish_journal.begin(paths.root, run_id, renames)
        swapping = True
        fault_point("publish.after_journal")
        os.replace(*renames[0])
        fault_point("publish.between_swaps")
        os.replace(*renames[1])
        for path, _, _ in staged:
            fsync_dir(path.parent)
        fault_point("publish.after_swaps")
        publish_journal.finish(paths.root)
        swapping = False
        # Best-effort too: state not recorded means the next publication writes whole files.
        with suppress(duckdb.Error):
            incremental_publish.record(con, [(plan, path) for plan, (path, _, _)
                                             in zip(plans, staged, strict=True)])
        for path, history, _ in staged:
            _prune_history(path, history, keep)
        return PublishResult(path=paths.published, previous=previous[0], table_rows=rows[0],
                             restricted=paths.restricted, restricted_previous=previous[1],
                             how=(plans[0].describe(), plans[1].describe()))
    finally:
        # Mid-swap the new files are the journal's to complete; otherwise they are dropped.
        for tmp in temps if not swapping else []:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)


def remove_stale_temps(paths: WarehousePaths) -> list[Path]:
    """Files a killed publish left behind (one run at a time: none is being written now);
    the restricted one is a full unprotected copy. Half-copied history files too."""
    removed = []
    for path, history in ((paths.published, paths.history_dir),
                          (paths.restricted, paths.restricted_history_dir)):
        for stale in [*path.parent.glob(f".{path.name}.*.tmp*"), *history.glob(".*.partial")]:
            stale.unlink(missing_ok=True)
            removed.append(stale)
    return removed


def _write_file(
    con: duckdb.DuckDBPyConnection, path: Path, replacements: dict[str, str],
    plan: "Plan | None" = None, previous: Path | None = None,
) -> dict[str, int]:
    """Write the published schemas into a new file at `path`, verified and on disk: whole, or
    as a patched copy of `previous` when the plan says so."""
    from pipelines import incremental_publish

    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)
    alias = "hytemart_publish"
    if plan is not None and plan.changed is not None and previous is not None:
        rows = incremental_publish.patch(con, previous, path, alias, replacements, plan)
        _verify(path, rows)
        _fsync(path)
        return rows
    con.execute(
        f"ATTACH {sql_literal(str(path))} AS {alias} "
        f"(STORAGE_VERSION {sql_literal(PUBLISHED_STORAGE_VERSION)})"
    )
    try:
        rows = _copy_schemas(con, alias, replacements)
        con.execute(f"CHECKPOINT {alias}")
    finally:
        con.execute(f"DETACH {alias}")
    _verify(path, rows)
    _fsync(path)
    return rows


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


def _history_pattern(path: Path) -> str:
    return f"{path.stem}-*.duckdb"


def _keep_previous(path: Path, history_dir: Path, run_id: str) -> Path | None:
    """Keep the file at `path` in `history_dir` (a hard link where possible: no copy)."""
    if not path.exists():
        return None
    history_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = history_dir / f"{path.stem}-{stamp}-{run_id[:8]}.duckdb"
    try:
        os.link(path, target)
    except OSError:  # another file system: a copy, renamed into place once complete
        partial = target.with_name(f".{target.name}.partial")
        shutil.copy2(path, partial)
        os.replace(partial, target)
    return target


def _prune_history(path: Path, history_dir: Path, keep: int) -> None:
    """Drop all but the newest `keep` earlier files. Best-effort: the new files are in place
    by now, and a file that cannot be removed stays for the next run."""
    if not history_dir.is_dir():
        return
    kept = sorted(history_dir.glob(_history_pattern(path)), reverse=True)
    for old in kept[keep:]:
        with suppress(OSError):
            old.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

