"""SQL lives in files under sql/, loaded by name and run with bound parameters."""

import re
from functools import cache
from typing import Any

import duckdb

from pipelines.settings import SQL_DIR

_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")
_RELATION = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*){0,2}")


@cache
def load_sql(name: str) -> str:
    """Text of sql/<name>.sql, e.g. load_sql("mart/dim_area")."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


def split_statements(sql: str) -> list[str]:
    """Split a file on ';' at line ends. Our SQL files keep one statement per ';'-terminated
    block and never put ';' at the end of a line inside a string literal."""
    statements, current = [], []
    for line in sql.splitlines():
        if line.lstrip().startswith("--"):
            continue  # whole-line comments: they may mention $parameters by name
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).strip())
            current = []
    tail = "\n".join(current).strip()
    if tail:
        statements.append(tail)
    return statements


def run_sql_file(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> None:
    """Run every statement of sql/<name>.sql; named parameters ($name) are bound per statement
    to the subset each statement uses."""
    params = params or {}
    for statement in split_statements(load_sql(name)):
        used = _bound(name, statement, params)
        try:
            con.execute(statement, used)
        except duckdb.Error as exc:
            first_line = statement.splitlines()[0]
            raise RuntimeError(f"sql/{name}.sql failed at '{first_line}': {exc}") from exc


def query_sql_file(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[tuple]:
    """Rows of sql/<name>.sql, which must hold one statement. As in run_sql_file, the named
    parameters ($name) the statement uses are bound and the rest left out (DuckDB refuses
    unused ones); $names in whole-line comments do not count. The column names are in
    con.description afterwards."""
    params = params or {}
    statements = split_statements(load_sql(name))
    if len(statements) != 1:
        raise ValueError(f"sql/{name}.sql must hold one statement, not {len(statements)}")
    used = _bound(name, statements[0], params)
    try:
        return con.execute(statements[0], used).fetchall()
    except duckdb.Error as exc:
        raise RuntimeError(f"sql/{name}.sql failed: {exc}") from exc


def _bound(name: str, statement: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters one statement uses: DuckDB refuses unused ones, and a missing one is
    named with its file."""
    names = set(_PARAMETER.findall(statement))
    missing = names - params.keys()
    if missing:
        raise KeyError(f"sql/{name}.sql needs parameters {sorted(missing)}")
    return {key: params[key] for key in names}


def sql_literal(text: str) -> str:
    """Quote a string as a SQL literal. Only for COMMENT ON and ATTACH, which take no bound
    parameters."""
    return "'" + text.replace("'", "''") + "'"


def relation_sql(name: str) -> str:
    """A [catalog.][schema.]table name, quoted; anything else is refused, as it is spliced
    into SQL (names cannot be bound parameters)."""
    if not _RELATION.fullmatch(name):
        raise ValueError(f"not a table name: {name!r}")
    return ".".join(quote_ident(part) for part in name.split("."))


def quote_ident(name: str) -> str:
    """Quote an identifier (a schema, table or column name of the code's) for SQL text."""
    return '"' + name.replace('"', '""') + '"'


def query_sql_dicts(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """query_sql_file's rows as dicts by column name (small results: report pages)."""
    found = query_sql_file(con, name, params)
    columns = [column[0] for column in con.description]
    return [dict(zip(columns, row, strict=True)) for row in found]

