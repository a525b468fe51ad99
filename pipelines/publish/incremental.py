"""Incremental publication: the new file as a copy of the previous one, with only the changed
parts of its large tables written again.

Writing every fact into the published and the restricted file is most of a publication at
national scale (17.5 M rows each), while a rebuild after one changed source file changes a few
per cent of them. So a file is copied from its previous version (a kernel copy, no rewrite of
the data through DuckDB) and patched when

- the previous file is the one this work database published last (same inode, size and
  modification time: a file put back from history or by hand is written whole),
- its layout is the same: the published tables and views, their columns, SQL and comments,
  the replacements, the materialized views and the storage version,
- and the rows to delete, with those deleted in earlier copies, are at most half the rows of
  the large tables (deleted rows leave space behind, which a file written whole does not have).

The large tables (PATCHED_TABLES) are compared part by part (the facts by indicator, the
quarantine by source file): the rows and the sum of their hashes per part, now and as last
published. A patch deletes the changed parts' rows and inserts them again, does the same for
the rows of the materialized views of the changed indicators (computed from the facts inside
the file, as when the file is written whole), and writes every other (small) table again
whole. The result is checked, flushed and swapped in exactly like a file written whole
(pipelines/publish/publication.py); what was published is recorded in the work database only after
the swap, so a publication that fails or is killed half-way leaves the state describing the file
still published, or a state that matches no file, and never a file it describes wrongly.
"""

import hashlib
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.publish.faults import fault_point
from pipelines.publish.warehouse import (
    MATERIALIZED_VIEW_INPUTS,
    MATERIALIZED_VIEWS,
    PUBLISHED_SCHEMAS,
    PUBLISHED_STORAGE_VERSION,
    SORTED_TABLES,
)
from pipelines.publish.write import (
    copy_table,
    order_clause,
    published_tables,
    published_views,
    view_query,
)
from pipelines.sqlfiles import query_sql_file, quote_ident, sql_literal

# Large tables compared and rewritten part by part: table -> the column that names a part.
PATCHED_TABLES = {"mart.fact_indicator_value": "indicator_code",
                  "quality.quarantine": "source_file"}
# The materialized views are computed from the facts: their rows of changed indicators are
# computed again.
FACTS, FACT_KEY = "mart.fact_indicator_value", "indicator_code"
# A pseudo table among the parts: one part per materialized view, the digest of the other
# tables it reads (MATERIALIZED_VIEW_INPUTS); a changed part has every row of the view
# computed again.
VIEW_INPUTS = "materialized view inputs"
# While a patch computes a materialized view's rows of the changed indicators, this DuckDB
# variable holds them: a view whose rows read other rows of their indicator (county, country
# and peer values: mart.fact_comparison) restricts its facts to them at the source, where the
# filter on its result reaches only some of its branches.
PATCH_VARIABLE = "patch_indicators"
# Bump when what a patch does changes: the next publication then writes its files whole.
PATCH_FORMAT = 1


@dataclass(frozen=True)
class Plan:
    target: str  # "published" or "restricted": the file's key in the state
    layout: str
    # Rows of the large tables now, and deleted in copies since the file was written whole.
    rows: int = 0
    deleted_rows: int = 0
    # table -> parts a copy of the previous file rewrites; None: the file is written whole.
    changed: dict[str, list[str]] | None = None
    inserted_rows: int = 0
    why_whole: str = ""
    # Large tables of the file (their digests are recorded for the next publication).
    patched_tables: list[str] = field(default_factory=list)

    @property
    def materialized(self) -> tuple[str, ...]:
        """The views published as tables in this file."""
        return MATERIALIZED_VIEWS[self.target]

    @property
    def sort_keys(self) -> dict[str, str]:
        """The tables written in the order of a column in this file."""
        return SORTED_TABLES[self.target]

    def describe(self) -> str:
        if self.changed is None:
            return f"written whole ({self.why_whole})"
        parts = ", ".join(f"{len(parts)} parts of {table}" for table, parts in
                          self.changed.items() if table != VIEW_INPUTS) or "no part"
        again = "".join(f"; every row of {view} computed again (what it reads changed)"
                        for view in self.changed.get(VIEW_INPUTS, []))
        return (f"copied from the previous file, {parts} rewritten ({self.inserted_rows} of "
                f"{self.rows} rows){again}")


def _identity(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"


def _layout(con: duckdb.DuckDBPyConnection, replacements: dict[str, str],
            materialized: tuple[str, ...], sort_keys: dict[str, str]) -> str:
    """What the file's tables and views are made of, hashed: relations, columns, types,
    comments, view SQL, the replacements and how publishing writes them."""
    schemas = [*PUBLISHED_SCHEMAS,
               *{replacement.split(".")[0] for replacement in replacements.values()}]
    catalog = con.execute(
        "SELECT schema_name, table_name, comment, NULL FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name IN (SELECT unnest($s)) "
        "UNION ALL SELECT schema_name, view_name, comment, sql FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal "
        "AND schema_name IN (SELECT unnest($s)) ORDER BY ALL", {"s": schemas}).fetchall()
    columns = con.execute(
        "SELECT schema_name, table_name, column_index, column_name, data_type, comment "
        "FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name IN (SELECT unnest($s)) ORDER BY ALL", {"s": schemas}).fetchall()
    described = repr((catalog, columns, sorted(replacements.items()), PATCHED_TABLES,
                      materialized, sorted(sort_keys.items()), PUBLISHED_STORAGE_VERSION,
                      PATCH_FORMAT))
    return hashlib.sha256(described.encode()).hexdigest()


def _source(table: str, replacements: dict[str, str]) -> str:
    """The relation a published table is written from, quoted."""
    return ".".join(quote_ident(part) for part in replacements.get(table, table).split("."))


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    schema, name = relation.split(".")
    return [column for (column,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = $s AND table_name = $t ORDER BY column_index",
        {"s": schema, "t": name}).fetchall()]


def plan(con: duckdb.DuckDBPyConnection, path: Path, target: str,
         replacements: dict[str, str], change_sources: dict[str, str] | None = None,
         computed: dict[tuple[str, str], str] | None = None) -> Plan:
    """How to write the file at `path` (its current version being the previous one): a patch
    of a copy, or whole. Leaves the digests of its large tables as they are now in a temporary
    table for record().

    A large table's parts are compared by the digest of the relation it is written from, or
    of `change_sources`' relation for it: one whose rows change whenever the written ones do
    (the unprotected facts with their suppression, for the protected ones), so that both
    files are compared from one scan. `computed` keeps the digests of one publication's
    relations, (table, relation) -> temporary table."""
    materialized = MATERIALIZED_VIEWS[target]
    layout = _layout(con, replacements, materialized, SORTED_TABLES[target])
    published = {f"{schema}.{table}" for schema, table, _ in
                 published_tables(con, replacements)}
    tables = [table for table in PATCHED_TABLES if table in published]
    digests = quote_ident(f"publishing_digest_{target}")
    if not tables:
        return Plan(target, layout, why_whole="no large table")
    computed = {} if computed is None else computed
    parts = []
    for table in tables:
        relation = (change_sources or {}).get(table) or replacements.get(table, table)
        if (table, relation) not in computed:
            computed[(table, relation)] = part_digests(con, table, relation,
                                                       f"publishing_parts_{len(computed)}")
        parts.append(f"SELECT table_name, part, part_rows, digest "
                     f"FROM {computed[(table, relation)]}")
    parts.append(_view_inputs(con, replacements, materialized))
    con.execute("CREATE OR REPLACE TEMP TABLE publishing_digest_now AS "
                + " UNION ALL ".join(parts))
    changed_parts = query_sql_file(con, "publish/changed_parts", {"target": target})
    con.execute(f"CREATE OR REPLACE TEMP TABLE {digests} AS FROM publishing_digest_now")
    rows, null_parts = con.execute(
        "SELECT coalesce(sum(part_rows), 0)::BIGINT, count(*) FILTER (WHERE part IS NULL) "
        "FROM publishing_digest_now").fetchone()
    state = con.execute("SELECT identity, layout, deleted_rows FROM publishing.file_state "
                        "WHERE target = $t", {"t": target}).fetchone()
    deleted = (state[2] if state else 0) + sum(row[2] for row in changed_parts)
    why = None
    if not path.exists():
        why = "no previous file"
    elif state is None or state[0] != _identity(path):
        why = "the previous file is not the one last published from this work database"
    elif state[1] != layout:
        why = "the tables, views or how they are published changed"
    elif null_parts or any(part is None for _, part, _, _ in changed_parts):
        why = "rows without a part (a NULL key)"
    elif _unkeyed_materialized_views(con, replacements, materialized):
        why = f"a materialized view without {FACT_KEY}"
    elif 2 * deleted > rows:
        why = "more than half the rows deleted in copies since the file was written whole"
    if why:
        return Plan(target, layout, rows, why_whole=why, patched_tables=tables)
    changed: dict[str, list[str]] = {}
    for table, part, _, _ in changed_parts:
        changed.setdefault(table, []).append(part)
    return Plan(target, layout, rows, deleted, changed,
                sum(row[3] for row in changed_parts), patched_tables=tables)


def _view_inputs(con: duckdb.DuckDBPyConnection, replacements: dict[str, str],
                 materialized: tuple[str, ...]) -> str:
    """A query of the VIEW_INPUTS parts: per materialized view, no rows (they count no rows to
    rewrite) and a digest of the rows of the tables it reads besides the facts."""
    published = {f"{schema}.{table}" for schema, table, _ in published_tables(con, replacements)}
    views = {f"{schema}.{view}" for schema, view, _, _ in published_views(con, replacements)}
    rows = []
    for view, inputs in sorted(MATERIALIZED_VIEW_INPUTS.items()):
        if view not in views or view not in materialized:
            continue
        digests = []
        for table in inputs:
            if table not in published:
                digests.append(f"{table}: absent")
                continue
            row = ", ".join(quote_ident(column) for column in _columns(con, table))
            source = ".".join(quote_ident(part) for part in table.split("."))
            count, digest = con.execute(
                f"SELECT count(*), sum(hash({row}))::VARCHAR FROM {source}").fetchone()
            digests.append(f"{table}: {count} {digest}")
        rows.append(f"SELECT {sql_literal(VIEW_INPUTS)}, {sql_literal(view)}, 0::BIGINT, "
                    f"{sql_literal(hashlib.sha256(repr(digests).encode()).hexdigest())}")
    return " UNION ALL ".join(rows) if rows else (
        "SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::BIGINT, NULL::VARCHAR WHERE false")


def part_digests(con: duckdb.DuckDBPyConnection, table: str, relation: str, name: str,
                 more: str = "") -> str:
    """Rows and the sum of row hashes of `relation` per part of `table` (by its part column),
    into a new temporary table `name`; returns its name. `more`: other aggregates over the
    same scan, as SQL (constant text of the caller's, never data), in columns of their own
    (publishing reads table_name, part, part_rows and digest)."""
    row = ", ".join(quote_ident(column) for column in _columns(con, relation))
    source = ".".join(quote_ident(part) for part in relation.split("."))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {sql_literal(table)} AS "
        f"table_name, {quote_ident(PATCHED_TABLES[table])}::VARCHAR AS part, "
        f"count(*) AS part_rows, sum(hash({row}))::VARCHAR AS digest"
        f"{', ' + more if more else ''} FROM {source} GROUP BY ALL")
    return name


def _unkeyed_materialized_views(con: duckdb.DuckDBPyConnection,
                                replacements: dict[str, str],
                                materialized: tuple[str, ...]) -> list[str]:
    """Materialized views without an indicator_code column, whose rows a patch cannot rewrite
    by indicator."""
    keyed = {f"{schema}.{view}" for schema, view in con.execute(
        "SELECT schema_name, table_name FROM duckdb_columns() WHERE database_name = "
        "current_database() AND column_name = $key", {"key": FACT_KEY}).fetchall()}
    return [f"{schema}.{view}" for schema, view, _, _ in published_views(
        con, replacements) if f"{schema}.{view}" in materialized
        and f"{schema}.{view}" not in keyed]


def patch(con: duckdb.DuckDBPyConnection, previous: Path, path: Path, alias: str,
          replacements: dict[str, str], plan: Plan) -> dict[str, int]:
    """Write `path` as a copy of `previous` with the plan's changes; returns each table's rows.
    The copy keeps the previous file's storage version (DuckDB writes a file in the version
    it has)."""
    assert plan.changed is not None
    shutil.copyfile(previous, path)
    fault_point("publish.patch_copied")
    materialized = [view for view in published_views(con, replacements)
                    if f"{view[0]}.{view[1]}" in plan.materialized]
    con.execute(f"ATTACH {sql_literal(str(path))} AS {alias}")
    try:
        con.execute("BEGIN TRANSACTION")
        rows: dict[str, int] = {}
        for schema, table, comment in published_tables(con, replacements):
            name = f"{schema}.{table}"
            dest = f"{alias}.{quote_ident(schema)}.{quote_ident(table)}"
            if name in plan.patched_tables:
                parts = {"parts": plan.changed.get(name, [])}
                where = f"list_contains($parts, {quote_ident(PATCHED_TABLES[name])})"
                if parts["parts"]:  # else nothing to do: a scan of every row for none
                    con.execute(f"DELETE FROM {dest} WHERE {where}", parts)
                    # The changed parts' rows go after the others, sorted among themselves:
                    # a query for one area reads a row group or so more per patch, until the
                    # file is written whole again.
                    order = order_clause(plan.sort_keys.get(name))
                    con.execute(f"INSERT INTO {dest} SELECT * FROM "
                                f"{_source(name, replacements)} WHERE {where}{order}", parts)
                rows[name] = con.execute(f"SELECT count(*) FROM {dest}").fetchone()[0]
            else:
                con.execute(f"DROP TABLE {dest}")
                rows[name] = copy_table(con, alias, schema, table, comment, replacements,
                                        order_by=plan.sort_keys.get(name))
        current = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"USE {alias}")  # the views' SQL reads the copy's tables
        try:
            indicators = {"parts": plan.changed.get(FACTS, [])}
            # A function of the key, not IN (subquery): DuckDB pushes it below the views'
            # aggregate into the scan, so only the changed indicators' facts are aggregated
            # (IN (subquery) is a join above the aggregate over every fact).
            where = f"list_contains($parts, {quote_ident(FACT_KEY)})"
            every_row = set(plan.changed.get(VIEW_INPUTS, []))
            for schema, view, view_sql, _ in materialized:
                dest = f"{quote_ident(schema)}.{quote_ident(view)}"
                query = view_query(schema, view, view_sql)
                if f"{schema}.{view}" in every_row:  # what it reads beside the facts changed
                    con.execute(f"DELETE FROM {dest}")
                    con.execute(f"INSERT INTO {dest} SELECT * FROM ({query})")
                elif indicators["parts"]:
                    con.execute(f"DELETE FROM {dest} WHERE {where}", indicators)
                    con.execute(f"SET VARIABLE {PATCH_VARIABLE} = $parts", indicators)
                    try:
                        con.execute(f"INSERT INTO {dest} SELECT * FROM ({query}) WHERE {where}",
                                    indicators)
                    finally:
                        con.execute(f"RESET VARIABLE {PATCH_VARIABLE}")
            for schema, view, _, _ in materialized:
                rows[f"{schema}.{view}"] = con.execute(
                    f"SELECT count(*) FROM {quote_ident(schema)}.{quote_ident(view)}"
                ).fetchone()[0]
        finally:
            con.execute(f"USE {quote_ident(current)}")
        con.execute("COMMIT")
        fault_point("publish.patch_applied")
        patched = sum(rows[table] for table in plan.patched_tables)
        if patched != plan.rows:
            raise RuntimeError(f"{path}: the patched copy holds {patched} rows in "
                               f"{', '.join(plan.patched_tables)}, expected {plan.rows}")
        con.execute(f"CHECKPOINT {alias}")
    except BaseException:
        with suppress(duckdb.Error):  # the transaction may be over already
            con.execute("ROLLBACK")
        raise
    finally:
        con.execute(f"DETACH {alias}")
    return rows


def record(con: duckdb.DuckDBPyConnection, published: list[tuple[Plan, Path]]) -> None:
    """After the swap: remember what each file now holds, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for plan, path in published:
            for table in ("file_state", "part_digest"):
                con.execute(f"DELETE FROM publishing.{table} WHERE target = $t",
                            {"t": plan.target})
            if not plan.patched_tables:
                continue
            con.execute("INSERT INTO publishing.file_state VALUES ($t, $i, $l, $r, $d)",
                        {"t": plan.target, "i": _identity(path), "l": plan.layout,
                         "r": plan.rows, "d": plan.deleted_rows})
            digests = quote_ident(f"publishing_digest_{plan.target}")
            con.execute(f"INSERT INTO publishing.part_digest SELECT $t, * FROM {digests}",
                        {"t": plan.target})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
