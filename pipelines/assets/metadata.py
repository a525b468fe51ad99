"""Metadata the assets attach for the Dagster UI: row counts and a preview."""

import dagster as dg
import duckdb

from pipelines.sqlfiles import quote_ident

# Columns a preview leaves out: Dagster's event log is no restricted place, and values before
# small-number protection (or a quarantined row as written) must not end up there.
UNPROTECTED_COLUMNS = frozenset({"value", "absolute_value", "primary_value", "raw_record", "raw",
                                 "suppression"})


def table_metadata(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, preview_rows: int = 10,
    rows: int | None = None,
) -> dict[str, dg.MetadataValue]:
    """Rows (counted, unless the caller knows them: a view over millions of rows is read
    whole to count them) and a preview."""
    name = f"{quote_ident(schema)}.{quote_ident(table)}"
    if rows is None:
        rows = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    shown = [column for (column,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = $schema AND table_name = $table ORDER BY column_index",
        {"schema": schema, "table": table},
    ).fetchall() if column not in UNPROTECTED_COLUMNS]
    columns = ", ".join(quote_ident(column) for column in shown) or "NULL AS nothing_to_show"
    preview = con.execute(f"SELECT {columns} FROM {name} LIMIT {int(preview_rows)}").df()
    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "table": dg.MetadataValue.text(f"{schema}.{table}"),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
    }
