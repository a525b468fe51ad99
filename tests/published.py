"""Reading the published mart in tests, the way a BI tool does: read-only, then closed."""

from pathlib import Path

import duckdb


def query(
    warehouse: Path, sql: str, params: dict | None = None, restricted: bool = False
) -> list[tuple]:
    """Rows of one query against `<warehouse>/hytemart.duckdb` (or, restricted, the file
    without small-number protection), opened read-only."""
    path = (warehouse / "restricted" / "hytemart_restricted.duckdb" if restricted
            else warehouse / "hytemart.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()
