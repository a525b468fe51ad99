"""The checks of the staged values run again only on the rows that can have changed.

At national scale the GE suite and the totals check read every staged row (20 M rows: about
10 and 8 s), also after one file of fifty changed. Both now start from the staged values by
part, source file x indicator, each part's rows counted and hashed whole
(sql/checks/staged_parts.sql, one scan for both), and compare them with the parts as they
were when the check last ran with the same fingerprint (its rules, the codes it checks
against, the code that evaluates it; sql/checks/checked_parts.sql):

- The suite (pipelines/checks/staging_checks.py), when it held last time, checks again the
  rows of the files and of the indicators with a new or changed part. A row-level expectation
  holds on the other rows as it did. A duplicate key needs two rows of one indicator, and a
  new duplicate has a row in a changed part, so both rows are among those checked again (the
  other rows held uniqueness among themselves). The row count comes from the parts, the
  columns and types from the table's shape. After a failure, or under another fingerprint,
  it checks every row.
- The totals check works out again the mismatches of the indicators with a new, changed or
  gone part (a total and its parts lie within one indicator) and keeps the others'.

A part with no file or no indicator (a NULL key, which the suite refuses) makes the check
read every row: such rows cannot be found by file or indicator.
"""

import hashlib
from dataclasses import dataclass

import duckdb

from pipelines.sqlfiles import run_sql_file


@dataclass(frozen=True)
class Scope:
    """What a check reads again: every row, or the rows of these files and indicators."""

    everything: bool
    files: list[str]
    indicators: list[str]
    rows: int  # staged rows now
    why: str

    def describe(self) -> str:
        if self.everything:
            return f"every row ({self.why})"
        return (f"the rows of {len(self.files)} changed files and {len(self.indicators)} "
                f"indicators with a changed part (of {self.rows} rows)")


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def staged_parts(con: duckdb.DuckDBPyConnection) -> None:
    """The staged values by part, as they are now (temporary table staged_parts_now)."""
    run_sql_file(con, "checks/staged_parts")


def scope(con: duckdb.DuckDBPyConnection, check: str, check_fingerprint: str,
          needs_held: bool) -> Scope:
    """What `check` must read again, from staged_parts_now (staged_parts() first). With
    `needs_held`, only a check that held last time can skip rows (the suite: its outcome
    over the unchanged rows is 'no unexpected row', whatever the counts were before)."""
    run_sql_file(con, "checks/checked_parts", {"check": check})
    rows = con.execute("SELECT coalesce(sum(part_rows), 0)::BIGINT FROM staged_parts_now"
                       ).fetchone()[0]
    known = con.execute(
        "SELECT count(*) FROM staging.checked_parts_state WHERE check_name = $c "
        "AND fingerprint = $f", {"c": check, "f": check_fingerprint}).fetchone()[0]
    if not known:
        return Scope(True, [], [], rows, "first run, or the rules or what they check "
                     "against changed" + (", or it failed last time" if needs_held else ""))
    nulls = con.execute("SELECT count(*) FROM changed_parts WHERE source_file IS NULL "
                        "OR indicator_code IS NULL").fetchone()[0]
    if nulls:
        return Scope(True, [], [], rows, "rows without a source file or an indicator")
    files = [file for (file,) in con.execute(
        "SELECT DISTINCT source_file FROM changed_parts "
        "WHERE source_file IN (SELECT source_file FROM staged_parts_now) ORDER BY 1"
    ).fetchall()]
    indicators = [code for (code,) in con.execute(
        "SELECT DISTINCT indicator_code FROM changed_parts ORDER BY 1").fetchall()]
    return Scope(False, files, indicators, rows, "")


def remember(con: duckdb.DuckDBPyConnection, check: str, check_fingerprint: str) -> None:
    """The parts as `check` has now seen them, with its fingerprint (one transaction)."""
    con.execute("BEGIN TRANSACTION")
    try:
        forget(con, check)
        con.execute("INSERT INTO staging.checked_parts_state VALUES ($c, $f)",
                    {"c": check, "f": check_fingerprint})
        con.execute("INSERT INTO staging.checked_part SELECT $c, source_file, indicator_code, "
                    "part_rows, digest FROM staged_parts_now", {"c": check})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def forget(con: duckdb.DuckDBPyConnection, check: str) -> None:
    """Nothing remembered for `check`: it reads every row next time."""
    con.execute("DELETE FROM staging.checked_parts_state WHERE check_name = $c", {"c": check})
    con.execute("DELETE FROM staging.checked_part WHERE check_name = $c", {"c": check})
