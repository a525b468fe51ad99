"""Writing a published file whole: the published schemas of the work database copied into a
new DuckDB file (tables with their comments, then views), verified as a reader would open it,
and flushed to disk. Also what a patched copy (pipelines/publish/incremental.py) reuses: the
list of published relations and the copy of one table.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from pipelines.publish.warehouse import PUBLISHED_SCHEMAS, PUBLISHED_STORAGE_VERSION
from pipelines.sqlfiles import quote_ident, sql_literal

# A relation's comments to set: (TABLE or VIEW, quoted name, comment, [(column, comment)]).
_Comments = tuple[str, str, str | None, list[tuple[str, str]] | None]


def write_whole(con: duckdb.DuckDBPyConnection, path: Path, alias: str,
                replacements: dict[str, str], materialized: tuple[str, ...],
                sort_keys: Mapping[str, str]) -> dict[str, int]:
    """Write every published table and view into a new file at `path` (none may exist
    there), in the storage version DuckDB 1.x clients read, the `materialized` views as
    tables, the tables of `sort_keys` in the order of their column; returns each table's
    rows."""
    con.execute(
        f"ATTACH {sql_literal(str(path))} AS {alias} "
        f"(STORAGE_VERSION {sql_literal(PUBLISHED_STORAGE_VERSION)})"
    )
    try:
        rows = copy_schemas(con, alias, replacements, materialized, sort_keys)
        con.execute(f"CHECKPOINT {alias}")
    finally:
        con.execute(f"DETACH {alias}")
    return rows


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


def copy_schemas(
    con: duckdb.DuckDBPyConnection, target: str, replacements: dict[str, str],
    materialized: tuple[str, ...], sort_keys: Mapping[str, str],
) -> dict[str, int]:
    """Copy the published schemas (tables with their comments, then views) into `target`.

    `replacements` maps a table or view ("schema.name") to a relation published in its place
    as a table, e.g. the protected facts for mart.fact_indicator_value (a view in the work
    database: the facts are written once, here); its comments stay, the replacement's own
    comments (on its extra columns) are added. The `materialized` views (MATERIALIZED_VIEWS
    of pipelines/publish/warehouse.py, per file) are written as tables computed inside
    `target` from the tables just written there, before the other views. A table of
    `sort_keys` (SORTED_TABLES of pipelines/publish/warehouse.py, per file) is written in the
    order of its column.
    """
    rows: dict[str, int] = {}
    # Comments are set last, in one transaction: hundreds of statements, each its own commit
    # otherwise (a 50 k-row file took 0.81-0.88 s so, 0.67-0.77 s in one). The tables are
    # written outside it: a transaction holding 20 M rows made a national-scale file take 80 s
    # instead of 57.
    comments: list[_Comments] = []
    tables = published_tables(con, replacements)
    for schema in PUBLISHED_SCHEMAS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(target)}.{quote_ident(schema)}")
    for schema, table, comment in tables:
        rows[f"{schema}.{table}"] = copy_table(con, target, schema, table, comment,
                                               replacements, comments,
                                               sort_keys.get(f"{schema}.{table}"))
    views = published_views(con, replacements)
    view_column_comments = _view_column_comments(con)
    current = con.execute("SELECT current_database()").fetchone()[0]
    con.execute(f"USE {quote_ident(target)}")
    try:
        for schema, view, view_sql, comment in views:
            if f"{schema}.{view}" in materialized:
                name = f"{quote_ident(schema)}.{quote_ident(view)}"
                con.execute(f"CREATE TABLE {name} AS {view_query(schema, view, view_sql)}")
                comments.append(("TABLE", name, comment,
                                 view_column_comments.get((schema, view))))
                rows[f"{schema}.{view}"] = con.execute(
                    f"SELECT count(*) FROM {name}").fetchone()[0]
        plain = [view for view in views if f"{view[0]}.{view[1]}" not in materialized]
        _create_views(con, [view_sql for _, _, view_sql, _ in plain])
        for schema, view, _, comment in plain:
            name = f"{quote_ident(schema)}.{quote_ident(view)}"
            comments.append(("VIEW", name, comment, view_column_comments.get((schema, view))))
        with _transaction(con):
            for kind, name, comment, columns in comments:
                _comment(con, kind, name, comment, columns)
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
    for a file's materialized views, as a table."""
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


def order_clause(column: str | None) -> str:
    """` ORDER BY column` for a table written sorted (SORTED_TABLES), else nothing."""
    return f" ORDER BY {quote_ident(column)}" if column else ""


def copy_table(
    con: duckdb.DuckDBPyConnection, target: str, schema: str, table: str, comment: str | None,
    replacements: dict[str, str], comments: "list[_Comments] | None" = None,
    order_by: str | None = None,
) -> int:
    """Write one table (or its replacement) into `target` with its comments (or, given
    `comments`, append them there for the caller to set), in the order of column `order_by`
    if given; returns its rows."""
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
    con.execute(f"CREATE TABLE {dest} AS SELECT * FROM {source}{order_clause(order_by)}")
    if comments is None:
        _comment(con, "TABLE", dest, comment, list(columns.items()))
    else:
        comments.append(("TABLE", dest, comment, list(columns.items())))
    return con.execute(f"SELECT count(*) FROM {dest}").fetchone()[0]


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One commit for many statements (a file's comments are hundreds of them, each its own
    commit otherwise)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


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


def verify(path: Path, expected_rows: dict[str, int]) -> None:
    """Reopen the new file the way a BI tool would and check every table is there, complete."""
    check = duckdb.connect(str(path), read_only=True)
    try:
        for table, expected in expected_rows.items():
            found = check.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if found != expected:
                raise RuntimeError(f"{path}: {table} has {found} rows, expected {expected}")
    finally:
        check.close()

def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
