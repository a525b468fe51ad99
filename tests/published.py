"""Reading the published mart in tests, the way a BI tool does: read-only, then closed."""

from pathlib import Path

import duckdb


def query(warehouse: Path, sql: str, params: dict | None = None) -> list[tuple]:
    """Rows of one query against `<warehouse>/hytemart.duckdb`, opened read-only."""
    con = duckdb.connect(str(warehouse / "hytemart.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()
