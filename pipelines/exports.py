"""Exports of the published mart for tools that do not read DuckDB.

`<warehouse>/exports/` holds Parquet of every table of the mart schema
(`mart/<table>.parquet`) and CSV of every report view (`report/<view>.csv`: UTF-8, a header
line, ISO dates), and `manifest.json` naming each file with its row count. Everything is read
from the published file, opened read-only like any BI tool: the exports are exactly what was
published, and the build's work file is not touched.

The files are written into a new directory beside `exports/`, which then takes the place of
the old one by two renames: a reader sees the old files or the new ones, never a half-written
file. Between the two renames (microseconds) `exports/` does not exist; a reader that opens a
file then gets "not found" and can retry. A reader holding an old file open keeps reading it.
"""

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.warehouse import quote_ident, sql_literal

EXPORTS_DIR_NAME = "exports"
# Tables of these schemas go out as Parquet, views of these as Parquet and CSV.
PARQUET_TABLE_SCHEMAS = ("mart",)
CSV_VIEW_SCHEMAS = ("report",)
# A view with more rows than this gets no CSV (its Parquet is there): at national scale a
# time-series view holds every fact, tens of GB as CSV, which no spreadsheet opens anyway.
CSV_MAX_ROWS = 1_000_000
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    # Path relative to the exports directory -> rows written.
    files: dict[str, int]


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
    """The table or view as Parquet, in its order; returns the rows written."""
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


def write_files(published: Path, target: Path, config: dict[str, str]) -> dict[str, int]:
    """Every export of the published file into the (empty) directory `target`."""
    files: dict[str, int] = {}
    con = duckdb.connect(str(published), read_only=True, config=config)
    try:
        for schema, table in list_tables(con, PARQUET_TABLE_SCHEMAS):
            name = f"{schema}/{table}.parquet"
            (target / schema).mkdir(parents=True, exist_ok=True)
            files[name] = copy_parquet(con, schema, table, target / name)
        for schema, view in list_views(con, CSV_VIEW_SCHEMAS):
            (target / schema).mkdir(parents=True, exist_ok=True)
            parquet = target / f"{schema}/{view}.parquet"
            rows = copy_parquet(con, schema, view, parquet)
            files[f"{schema}/{view}.parquet"] = rows
            if rows <= CSV_MAX_ROWS:  # from the Parquet just written: the view runs once
                name = f"{schema}/{view}.csv"
                source = f"read_parquet({sql_literal(str(parquet))})"
                files[name] = copy_csv(con, source, target / name)
    finally:
        con.close()
    return files


def write_manifest(target: Path, published: Path, files: dict[str, int]) -> None:
    published_at = datetime.fromtimestamp(published.stat().st_mtime, UTC)
    manifest = {
        "published_file": published.name,
        "published_at": published_at.isoformat(timespec="seconds"),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": {name: {"rows": rows} for name, rows in sorted(files.items())},
    }
    (target / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def write_exports(
    published: Path, exports_dir: Path, run_id: str, config: dict[str, str] | None = None
) -> ExportResult:
    """Write the exports of `published` and swap them in as `exports_dir`.

    `config` is DuckDB's (memory_limit, temp_directory): the views of a national-scale mart
    are large. On any error the new directory is removed and the previous exports stay as they
    were.
    """
    if not published.is_file():
        raise FileNotFoundError(f"nothing to export: {published} has not been published")
    fresh = exports_dir.with_name(f".{exports_dir.name}.{run_id}.tmp")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    try:
        files = write_files(published, fresh, config or {})
        write_manifest(fresh, published, files)
        _fsync_tree(fresh)
        replace_directory(fresh, exports_dir)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return ExportResult(directory=exports_dir, files=files)


def replace_directory(new: Path, target: Path) -> None:
    """Put the complete directory `new` in the place of `target` by renames (never copies)."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)  # left by a run that stopped between the renames
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    _fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def _fsync_tree(root: Path) -> None:
    """Flush every file and directory under root, so the renamed exports survive a crash."""
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            _fsync_dir(path)
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
