"""Exports of the published mart for tools that do not read DuckDB.

`<warehouse>/exports/` holds Parquet of every table of the mart schema (`mart/<table>.parquet`;
the facts as one file per source file, `mart/fact_indicator_value/<source file>.parquet`), the
report views as Parquet and CSV (`report/<view>.csv`: UTF-8, a header line, ISO dates), and
`manifest.json` naming each file with its row count and a digest of its rows. Everything is
read from the published file, opened read-only like any BI tool: the exports are exactly what
was published, and the build's work file is not touched.

Incremental: a file whose rows have the digest the previous manifest gives it is not written
again but hard-linked from the previous exports; after one changed source file only its part
of the facts (and the files that changed with it) is rewritten.

At national scale (more than CSV_MAX_ROWS facts) the report views with a row per fact
(FACT_ROW_VIEWS) are not exported: written out they are several copies of the facts with names
joined, minutes of work and gigabytes; the manifest says so, `mart/` holds the same data, and
BI tools read the views in the published file. The other views still go out.

The files are written into a new directory beside `exports/`, which then takes the place of
the old one in one step (pipelines/publish/directory_swap.py): a reader sees the old files or the
new ones, never a half-written file, a mix or no `exports/`. A reader holding an old file open
keeps reading it. What a killed export leaves (`.exports.<run>.tmp`) is removed by the next
run that opens the warehouse (pipelines/publish/recovery.py); the export job holds the warehouse's
lock (shared between exports, exclusive of builds: pipelines/publish/build_lock.py).
"""

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.publish import directory_swap
from pipelines.publish.durable import fsync_dir
from pipelines.publish.faults import fault_point
from pipelines.sqlfiles import quote_ident, sql_literal

EXPORTS_DIR_NAME = "exports"
# Tables of these schemas go out as Parquet, views of these as Parquet and CSV.
PARQUET_TABLE_SCHEMAS = ("mart",)
CSV_VIEW_SCHEMAS = ("report",)
# A view with more rows than this gets no CSV (its Parquet is there): at national scale a
# time-series view holds every fact, tens of GB as CSV, which no spreadsheet opens anyway.
CSV_MAX_ROWS = 1_000_000
# Tables written as one Parquet file per value of a column, so that a change rewrites only
# its part: the facts by source file.
PARTITIONED_TABLES = {"mart.fact_indicator_value": "source_file"}
# Views with a row per fact (or per municipality's fact): not exported when the facts number
# more than CSV_MAX_ROWS (see above).
FACT_ROW_VIEWS = ("report.time_series", "report.area_comparison", "report.population_groups",
                  "report.indicator_comparison")
# Views that go out as Parquet only: report.area_map repeats an area's boundary (GeoJSON) on
# every indicator's row, 12 MB of CSV on the sample against 130 kB of (dictionary-coded) Parquet.
PARQUET_ONLY_VIEWS = ("report.area_map",)
FACTS = "mart.fact_indicator_value"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    # Path relative to the exports directory -> rows written.
    files: dict[str, int]
    # Files kept from the previous exports (their rows had not changed).
    kept: list[str] = field(default_factory=list)
    # Views not exported -> why.
    not_exported: dict[str, str] = field(default_factory=dict)


@dataclass
class _Export:
    """What write_files did: every file with its rows and digest, which were kept."""
    files: dict[str, dict] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    not_exported: dict[str, str] = field(default_factory=dict)


def list_tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name IN (SELECT unnest($schemas)) "
        "ORDER BY schema_name, table_name",
        {"schemas": list(schemas)},
    ).fetchall()


def list_views(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT schema_name, view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal "
        "AND schema_name IN (SELECT unnest($schemas)) ORDER BY schema_name, view_name",
        {"schemas": list(schemas)},
    ).fetchall()


def copy_parquet(con: duckdb.DuckDBPyConnection, schema: str, table: str, path: Path) -> int:
    """The table or view as Parquet; returns the rows written."""
    source = f"{quote_ident(schema)}.{quote_ident(table)}"
    return con.execute(f"COPY (SELECT * FROM {source}) TO $path (FORMAT parquet)",
                       {"path": str(path)}).fetchone()[0]


def copy_csv(con: duckdb.DuckDBPyConnection, source: str, path: Path) -> int:
    """Rows of `source` (a relation from code) as CSV: UTF-8 (DuckDB writes nothing else), a
    header, ISO 8601 dates (2024-01-31), "." as the decimal point. Not sorted: at national
    scale a sort would double the time and hold the view in memory; BI tools sort as they
    load."""
    return con.execute(
        f"COPY (SELECT * FROM {source}) TO $path "
        "(FORMAT csv, HEADER true, DELIMITER ',', DATEFORMAT '%Y-%m-%d')",
        {"path": str(path)},
    ).fetchone()[0]


def _columns(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
        "current_database() AND schema_name = $s AND table_name = $t ORDER BY column_index",
        {"s": schema, "t": name}).fetchall()


def digests(con: duckdb.DuckDBPyConnection, schema: str, name: str,
            by: str | None = None) -> dict[str | None, tuple[int, str]]:
    """Rows and a digest of the rows of a table or view (per value of column `by`): the sum of
    the rows' hashes (equal rows do not cancel out), with the column names and types, so that a
    file is kept only when what it would hold is the same."""
    columns = _columns(con, schema, name)
    shape = hashlib.sha256(repr(columns).encode()).hexdigest()[:16]
    row = ", ".join(quote_ident(column) for column, _ in columns)
    source = f"{quote_ident(schema)}.{quote_ident(name)}"
    aggregate = f"count(*), coalesce(sum(hash({row})), 0)::VARCHAR FROM {source}"
    found = (con.execute(f"SELECT {quote_ident(by)}, {aggregate} GROUP BY ALL").fetchall() if by
             else [(None, *con.execute(f"SELECT {aggregate}").fetchone())])
    return {value: (rows, f"{shape}:{total}") for value, rows, total in found}


def part_name(value: str) -> str:
    """A readable, unique file name for one part of a partitioned table."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", value).strip("._")[:80] or "part"
    return f"{slug}-{hashlib.sha256(value.encode()).hexdigest()[:8]}.parquet"


def write_files(published: Path, target: Path, config: dict[str, str],
                previous: tuple[Path, dict] | None = None) -> _Export:
    """Every export of the published file into the (empty) directory `target`; a file the
    previous exports (directory, manifest) hold with the same digest is linked, not written."""
    done = _Export()
    old_dir, old_files = previous or (target, {})

    def keep(name: str, rows: int, digest: str) -> bool:
        old = old_files.get(name, {})
        if old.get("digest") != digest or old.get("rows") != rows:
            return False
        try:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            os.link(old_dir / name, target / name)
        except OSError:
            return False  # gone or another file system: written again
        done.files[name] = {"rows": rows, "digest": digest}
        done.kept.append(name)
        return True

    # Parallel Parquet writing: the export's order does not matter.
    con = duckdb.connect(str(published), read_only=True,
                         config={**config, "preserve_insertion_order": False})
    try:
        for schema, table in list_tables(con, PARQUET_TABLE_SCHEMAS):
            (target / schema).mkdir(parents=True, exist_ok=True)
            by = PARTITIONED_TABLES.get(f"{schema}.{table}")
            if by:
                _write_parts(con, schema, table, by, target, keep, done)
                continue
            name = f"{schema}/{table}.parquet"
            ((rows, digest),) = digests(con, schema, table).values()
            if not keep(name, rows, digest):
                written = copy_parquet(con, schema, table, target / name)
                done.files[name] = {"rows": written, "digest": digest}
        facts = _count(con, FACTS)
        for schema, view in list_views(con, CSV_VIEW_SCHEMAS):
            if facts > CSV_MAX_ROWS and f"{schema}.{view}" in FACT_ROW_VIEWS:
                done.not_exported[f"{schema}/{view}"] = (
                    f"a row per fact, and the mart holds {facts:,} facts: read {schema}.{view} "
                    "in the published file, or join the mart/ files")
                continue
            (target / schema).mkdir(parents=True, exist_ok=True)
            ((rows, digest),) = digests(con, schema, view).values()
            parquet, csv = f"{schema}/{view}.parquet", f"{schema}/{view}.csv"
            if not keep(parquet, rows, digest):
                rows = copy_parquet(con, schema, view, target / parquet)
                done.files[parquet] = {"rows": rows, "digest": digest}
            if (rows <= CSV_MAX_ROWS and f"{schema}.{view}" not in PARQUET_ONLY_VIEWS
                    and not keep(csv, rows, digest)):
                # From the Parquet just written: the view runs once.
                source = f"read_parquet({sql_literal(str(target / parquet))})"
                done.files[csv] = {"rows": copy_csv(con, source, target / csv),
                                   "digest": digest}
    finally:
        con.close()
    return done


def _write_parts(con: duckdb.DuckDBPyConnection, schema: str, table: str, by: str,
                 target: Path, keep, done: _Export) -> None:
    """One Parquet file per value of `by`, in the folder mart/<table>/: the parts whose rows
    are unchanged are kept, the others written one COPY each. The published facts are stored
    by area, so each COPY picks its rows out of every row group: 10 of the 50 parts of 17.4 M
    facts took 2.0 s (1.6 s when the file was stored by source file); DuckDB's PARTITION_BY
    took 15.4 s for all 50."""
    folder = f"{schema}/{table}"
    (target / folder).mkdir(parents=True, exist_ok=True)
    parts = digests(con, schema, table, by)
    if None in parts:
        raise ValueError(f"{schema}.{table} has rows without {by}: they fit no part")
    changed = [value for value, (rows, digest) in parts.items()
               if not keep(f"{folder}/{part_name(value)}", rows, digest)]
    if not changed:
        return
    source = f"{quote_ident(schema)}.{quote_ident(table)}"
    for value in changed:
        name = f"{folder}/{part_name(value)}"
        rows = con.execute(f"COPY (SELECT * FROM {source} WHERE {quote_ident(by)} = $value) "
                           "TO $path (FORMAT parquet)",
                           {"value": value, "path": str(target / name)}).fetchone()[0]
        done.files[name] = {"rows": rows, "digest": parts[value][1]}


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    schema, name = table.split(".")
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = "
                        "current_database() AND schema_name = $s AND table_name = $t",
                        {"s": schema, "t": name}).fetchone()[0]
    if not found:
        return 0
    return con.execute(f"SELECT count(*) FROM {quote_ident(schema)}.{quote_ident(name)}"
                       ).fetchone()[0]


def write_manifest(target: Path, published: Path, done: _Export) -> None:
    published_at = datetime.fromtimestamp(published.stat().st_mtime, UTC)
    manifest = {
        "published_file": published.name,
        "published_at": published_at.isoformat(timespec="seconds"),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": dict(sorted(done.files.items())),
        "not_exported": dict(sorted(done.not_exported.items())),
    }
    (target / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def write_exports(
    published: Path, exports_dir: Path, run_id: str, config: dict[str, str] | None = None
) -> ExportResult:
    """Write the exports of `published` and swap them in as `exports_dir`.

    `config` is DuckDB's (memory_limit, temp_directory): the views of a national-scale mart
    are large. Files whose rows did not change since the previous exports are hard-linked from
    them. On any error the new directory is removed and the previous exports stay as they were.
    """
    if not published.is_file():
        raise FileNotFoundError(f"nothing to export: {published} has not been published")
    fresh = exports_dir.with_name(f".{exports_dir.name}.{run_id}.tmp")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    try:
        done = write_files(published, fresh, config or {}, _previous(exports_dir))
        write_manifest(fresh, published, done)
        _fsync_tree(fresh, set(done.kept))
        replace_directory(fresh, exports_dir)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return ExportResult(directory=exports_dir,
                        files={name: entry["rows"] for name, entry in done.files.items()},
                        kept=sorted(done.kept), not_exported=done.not_exported)


def _previous(exports_dir: Path) -> tuple[Path, dict] | None:
    """The previous exports and their manifest's files, when there is a readable one."""
    try:
        manifest = json.loads((exports_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return exports_dir, dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def replace_directory(new: Path, target: Path) -> None:
    """Put the complete directory `new` in the place of `target` in one step (never copies):
    a reader, or a process killed at any moment, sees the old exports or the new ones."""
    fault_point("export.before_swap")
    old = directory_swap.replace(new, target)
    fault_point("export.after_swap")
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _fsync_tree(root: Path, kept: set[str] = frozenset()) -> None:
    """Flush every file and directory under root, so the renamed exports survive a crash
    (files linked from the previous exports were flushed when they were written)."""
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(root).as_posix() not in kept:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        elif path.is_dir():
            fsync_dir(path)
    fsync_dir(root)

