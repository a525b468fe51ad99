"""Great Expectations expectations evaluated in DuckDB SQL, cross-checked by GE itself.

Why: GE's pandas route costs about 5 s per million rows for our suite and needs every row in
pandas; its SQL route fails on DuckDB upstream (every expectation errors with "list index out
of range": rows are read after the connection closed). So the suite stays GE's (the same
ExpectationSpec list analysts read and extend, the same semantics), but the expectations we
know how to translate run as one SQL pass over every row of the table in DuckDB, and GE then
validates a sample, drawn at random plus every row the SQL found unexpected, with the real GE
expectations; a translation that disagrees with GE on the sample fails the check. An
expectation kind without a translation, or a GE version the translations were not verified
against, falls back to GE's pandas route on every row (slow, never wrong).
"""

import re
from dataclasses import dataclass
from typing import Any

import duckdb

from pipelines.checks.expectations import (
    ExpectationOutcome,
    ExpectationSpec,
    RowsWhere,
    SuiteOutcome,
)
from pipelines.checks.runner import SuiteRunner
from pipelines.sqlfiles import quote_ident

# The GE release line whose semantics the translations below were checked against (by the
# cross-check and by tests/test_sql_expectations.py). Another line falls back to pandas.
VERIFIED_GE = "1.24."
# pandas dtypes GE reports for DuckDB column types, as DuckDB's .df() produces them.
_DTYPES = {"float64": ("DOUBLE", "FLOAT"), "int64": ("BIGINT", "INTEGER"),
           "object": ("VARCHAR",), "str": ("VARCHAR",)}
SAMPLE_ROWS = 20_000
EXAMPLES = 20


def ge_version_is_verified() -> bool:
    # From the installed package's metadata: importing GE for its __version__ costs seconds.
    from importlib.metadata import version

    return version("great_expectations").startswith(VERIFIED_GE)


def _where(where: RowsWhere | None) -> str:
    """The rows an expectation applies to; values are bound as a list parameter."""
    if where is None:
        return "true"
    column = quote_ident(where.column)
    if where.negate:  # pandas' ~isin keeps nulls, SQL's NOT IN would drop them
        return f"({column} IS NULL OR NOT list_contains($where_{id(where)}, {column}))"
    return f"list_contains($where_{id(where)}, {column})"


@dataclass(frozen=True)
class Translation:
    """A row-level expectation as a SQL predicate that is true for an unexpected row, or, for
    uniqueness, the key columns whose repeated combinations make every such row unexpected
    (a hash aggregate: a window over tens of millions of rows would sort and spill)."""

    spec: ExpectationSpec
    unexpected: str
    example: str
    params: dict[str, Any]
    key_columns: tuple[str, ...] = ()


def translate(spec: ExpectationSpec) -> Translation | None:
    """The SQL form of a row-level expectation, or None when we have none for its kind.

    GE's column-map expectations leave null values out (they are neither expected nor
    unexpected), except the two about nulls themselves.
    """
    kwargs = spec.kwargs
    params: dict[str, Any] = {}
    if spec.where is not None:
        params[f"where_{id(spec.where)}"] = list(spec.where.values)
    where = _where(spec.where)
    column = kwargs.get("column")
    name = quote_ident(column) if column else None
    key = f"p{id(spec)}"
    if spec.kind == "ExpectColumnValuesToNotBeNull" and set(kwargs) == {"column"}:
        predicate = f"{name} IS NULL"
    elif spec.kind == "ExpectColumnValuesToBeNull" and set(kwargs) == {"column"}:
        predicate = f"{name} IS NOT NULL"
    elif spec.kind == "ExpectColumnValuesToBeInSet" and set(kwargs) == {"column", "value_set"}:
        params[key] = list(kwargs["value_set"])
        # IN (subquery) is a hash join; list_contains would search the list for every row
        # (thousands of indicator codes x tens of millions of rows).
        predicate = f"{name} IS NOT NULL AND {name} NOT IN (SELECT unnest(${key}))"
    elif spec.kind == "ExpectColumnValuesToBeBetween" and set(kwargs) <= {
        "column", "min_value", "max_value"
    }:
        bounds = []
        if kwargs.get("min_value") is not None:
            params[f"{key}_min"] = kwargs["min_value"]
            bounds.append(f"{name} < ${key}_min")
        if kwargs.get("max_value") is not None:
            params[f"{key}_max"] = kwargs["max_value"]
            bounds.append(f"{name} > ${key}_max")
        if not bounds:
            return None
        predicate = f"{name} IS NOT NULL AND ({' OR '.join(bounds)})"
    elif (spec.kind == "ExpectCompoundColumnsToBeUnique" and set(kwargs) == {"column_list"}
          and spec.where is None):
        columns = ", ".join(quote_ident(c) for c in kwargs["column_list"])
        # Every row of a repeated combination is unexpected, as in GE.
        return Translation(spec, "", f"concat_ws(' | ', {columns})", params,
                           tuple(kwargs["column_list"]))
    else:
        return None
    return Translation(spec, f"({where}) AND ({predicate})", name or "NULL", params)


def _table_level(
    con: duckdb.DuckDBPyConnection, relation: str, spec: ExpectationSpec, rows: int
) -> ExpectationOutcome | None:
    """Expectations about the table as a whole, from its row count and its columns."""
    kwargs = spec.kwargs
    if spec.kind == "ExpectTableRowCountToBeBetween" and set(kwargs) <= {"min_value", "max_value"}:
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        success = (low is None or rows >= low) and (high is None or rows <= high)
        return ExpectationOutcome(spec.label(), success, None, [], rows, None)
    if spec.kind not in {"ExpectTableColumnsToMatchSet", "ExpectColumnValuesToBeOfType"}:
        return None
    described = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    types = {row[0]: row[1] for row in described}
    if spec.kind == "ExpectTableColumnsToMatchSet" and set(kwargs) <= {"column_set",
                                                                         "exact_match"}:
        expected, found = set(kwargs["column_set"]), set(types)
        exact = kwargs.get("exact_match", True)
        success = found == expected if exact else expected <= found
        return ExpectationOutcome(spec.label(), success, None, [], sorted(found), None)
    if spec.kind == "ExpectColumnValuesToBeOfType" and set(kwargs) == {"column", "type_"}:
        if kwargs["type_"] not in _DTYPES:
            return None
        found_type = types.get(kwargs["column"])
        success = found_type in _DTYPES[kwargs["type_"]]
        return ExpectationOutcome(spec.label(), success, None, [], found_type, None)
    return None


def run_suite_in_sql(
    con: duckdb.DuckDBPyConnection, relation: str, specs: list[ExpectationSpec],
    rows: int | None = None,
) -> tuple[list[ExpectationOutcome | None], dict[int, Translation]]:
    """Evaluate every translatable expectation over every row of `relation` in one pass.

    Returns one outcome per spec (None where the spec has no translation) and the
    translations by spec index, for the cross-check. `rows`, when the caller has counted
    them, saves another scan of the relation.
    """
    if rows is None:
        rows = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
    outcomes: list[ExpectationOutcome | None] = [None] * len(specs)
    translations: dict[int, Translation] = {}
    for index, spec in enumerate(specs):
        if (outcome := _table_level(con, relation, spec, rows)) is not None:
            outcomes[index] = outcome
        elif (translation := translate(spec)) is not None:
            translations[index] = translation
    if not translations:
        return outcomes, translations
    params: dict[str, Any] = {}
    row_level = {i: t for i, t in translations.items() if not t.key_columns}
    for translation in row_level.values():
        params.update(translation.params)
    counts: dict[int, int] = {}
    if row_level:
        # One scan for every row-level expectation.
        counts_sql = ", ".join(f"count(*) FILTER (WHERE {t.unexpected})"
                               for t in row_level.values())
        found = con.execute(f"SELECT {counts_sql} FROM {relation}", params).fetchone()
        counts.update(zip(row_level, found, strict=True))
    for index, translation in translations.items():
        if translation.key_columns:
            table = duplicates_table(relation, index)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS "
                        f"{_duplicates_sql(relation, translation)}")
            counts[index] = con.execute(
                f"SELECT coalesce(sum(n), 0) FROM {table}").fetchone()[0]
    for index, translation in translations.items():
        count = int(counts[index])
        outcomes[index] = ExpectationOutcome(
            translation.spec.label(), count == 0, count,
            _examples(con, relation, index, translation) if count else [], None, None)
    return outcomes, translations


def duplicates_table(relation: str, index: int) -> str:
    """The temporary table that holds the repeated key combinations of one uniqueness
    expectation (spec `index`) over `relation`, with how often each occurs (n); left for the
    cross-check, dropped by drop_duplicates_tables."""
    return f"ge_duplicates_{re.sub(r'[^A-Za-z0-9]', '_', relation)}_{index}"


def drop_duplicates_tables(
    con: duckdb.DuckDBPyConnection, relation: str, translations: dict[int, Translation]
) -> None:
    for index, translation in translations.items():
        if translation.key_columns:
            con.execute(f"DROP TABLE IF EXISTS {duplicates_table(relation, index)}")


def _duplicates_sql(relation: str, translation: Translation) -> str:
    """Repeated key combinations: first by a hash of the keys (an aggregate over one integer
    instead of several strings, half the time at national scale), then exactly, for the rows
    whose hash repeats (hash collisions only add candidates, never hide a duplicate)."""
    columns = _columns(translation)
    return (f"WITH repeated AS (SELECT hash({columns}) AS h FROM {relation} GROUP BY 1 "
            f"HAVING count(*) > 1) "
            f"SELECT {columns}, count(*) AS n FROM {relation} "
            f"WHERE hash({columns}) IN (SELECT h FROM repeated) "
            f"GROUP BY {columns} HAVING count(*) > 1")


def _columns(translation: Translation) -> str:
    return ", ".join(quote_ident(column) for column in translation.key_columns)


def _examples(
    con: duckdb.DuckDBPyConnection, relation: str, index: int, translation: Translation
) -> list:
    if translation.key_columns:
        sql = (f"SELECT {translation.example} FROM {duplicates_table(relation, index)} "
               f"LIMIT {EXAMPLES}")
    else:
        sql = f"SELECT {translation.example} FROM {relation} WHERE {translation.unexpected} "
        sql += f"LIMIT {EXAMPLES}"
    return [row[0] for row in con.execute(sql, translation.params).fetchall()]


def cross_check(
    con: duckdb.DuckDBPyConnection, relation: str, specs: list[ExpectationSpec],
    translations: dict[int, Translation], sample_rows: int = SAMPLE_ROWS,
) -> tuple[list[str], int]:
    """Run the real GE expectations on a sample and compare with the SQL translations on the
    same rows: a random sample plus every row the SQL flags (up to the sample size)."""
    if not translations:
        return [], 0
    params: dict[str, Any] = {}
    for translation in translations.values():
        params.update(translation.params)
    flags = [f"coalesce({t.unexpected}, false)" for t in translations.values()
             if not t.key_columns]
    # Rows of repeated key combinations are flagged through their keys, as the SQL pass
    # (run_suite_in_sql, before this) found them.
    for index, translation in translations.items():
        if translation.key_columns:
            keys = _columns(translation)
            flags.append(f"({keys}) IN (SELECT ({keys}) FROM "
                         f"{duplicates_table(relation, index)})")
    any_flag = " OR ".join(flags) or "false"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE ge_cross_check AS "
        f"(SELECT * FROM {relation} WHERE {any_flag} LIMIT {int(sample_rows)}) "
        f"UNION ALL (SELECT * FROM {relation} USING SAMPLE reservoir({int(sample_rows)} ROWS) "
        f"REPEATABLE (42))",
        params,
    )
    try:
        sample = con.execute("SELECT * FROM ge_cross_check").df()
        if sample.empty:  # no row to disagree on (nothing changed): GE is not even imported
            return [], 0
        subset = [specs[index] for index in translations]
        ge_outcome = SuiteRunner("cross_check", subset).validate(sample)
        sql_outcomes, sample_translations = run_suite_in_sql(con, "ge_cross_check", subset)
        drop_duplicates_tables(con, "ge_cross_check", sample_translations)
    finally:
        con.execute("DROP TABLE IF EXISTS ge_cross_check")
    disagreements = []
    for ge, sql in zip(ge_outcome.outcomes, sql_outcomes, strict=True):
        if sql is None or ge.unexpected_count != sql.unexpected_count or ge.error:
            disagreements.append(
                f"{ge.label}: GE counts {ge.unexpected_count} unexpected"
                f"{' (' + ge.error + ')' if ge.error else ''}, SQL "
                f"{sql.unexpected_count if sql else 'nothing'}"
            )
    return disagreements, len(sample)


def validate_in_sql(
    con: duckdb.DuckDBPyConnection, relation: str, suite_name: str, specs: list[ExpectationSpec],
    table_rows: int | None = None,
) -> tuple[SuiteOutcome, list[int], dict[str, Any]]:
    """The suite over every row: SQL for what translates, cross-checked by GE on a sample.

    `table_rows`: when `relation` holds only the rows to check again of a table of that many
    rows (the others held the suite before), the table-level expectations are about the
    table, the row-level ones about `relation`'s rows.

    Returns the outcome (specs without a translation left as failures for the caller to fill
    in), the indexes of those specs, and facts about the run for the UI.
    """
    evaluated = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
    rows = evaluated if table_rows is None else table_rows
    outcomes, translations = run_suite_in_sql(con, relation, specs, rows)
    try:
        disagreements, sampled = cross_check(con, relation, specs, translations)
    finally:
        drop_duplicates_tables(con, relation, translations)
    untranslated = [index for index, outcome in enumerate(outcomes) if outcome is None]
    merged = [
        outcome or ExpectationOutcome(specs[i].label(), False, None, [], None, "not evaluated")
        for i, outcome in enumerate(outcomes)
    ]
    if disagreements:
        merged.append(ExpectationOutcome(
            "GE agrees with the SQL translation on a sample", False, len(disagreements),
            disagreements, sampled, None))
    facts = {"evaluated_in_sql": len(translations) + sum(
                 1 for i, o in enumerate(outcomes) if o is not None and i not in translations),
             "cross_checked_rows": sampled, "disagreements": disagreements,
             "rows_evaluated": evaluated}
    return SuiteOutcome(suite_name, rows, merged), untranslated, facts
