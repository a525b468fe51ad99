"""Metadata the assets attach for the Dagster UI: row counts and a preview."""

import dagster as dg
import duckdb

from pipelines.warehouse import quote_ident


def table_metadata(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, preview_rows: int = 10
) -> dict[str, dg.MetadataValue]:
    name = f"{quote_ident(schema)}.{quote_ident(table)}"
    rows = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    preview = con.execute(f"SELECT * FROM {name} LIMIT {int(preview_rows)}").df()
    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "table": dg.MetadataValue.text(f"{schema}.{table}"),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
    }
