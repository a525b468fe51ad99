"""Checkers that try to recover hidden counts from published rows, written apart from the
SQL of pipelines/suppression.py and seeing only what a reader sees: the rows of a table with
mart.dim_area and mart.dim_indicator beside it.

`simple_recoveries` tries every suppressed count as a published total minus its published
siblings; `chained_recoveries` repeats that, using what it worked out as if published (a
confidential county figure = total - males, then a municipality = that - the others);
`linear_recoveries` asks whether any suppressed count is fixed by all the groups' equations
together.
"""

from collections.abc import Iterable

import duckdb
import numpy as np

# (indicator_code, area_code, period, group_code)
Key = tuple[str, str, str, str]

PUBLISHED = {"ok", "zero"}
SEXES = ("male", "female")
LANGUAGES = ("fi", "sv", "other")


def g(sex: str = "total", age: str = "total", language: str = "total") -> str:
    return f"{sex}.{age}.{language}"


def additive_groups(con: duckdb.DuckDBPyConnection, keys: Iterable[Key]) -> list[list[Key]]:
    """[total, part, part, ...] for sex, language, and a wellbeing services county over its
    municipalities (mart.dim_area): for every total in the data, and every total that a cell
    in the data is part of, directly or through other totals, even if the data lacks it."""
    county: dict[str, str] = {}
    municipalities: dict[str, list[str]] = {}
    for code, parent in con.execute(
        "SELECT area_code, wellbeing_county_code FROM mart.dim_area"
        " WHERE area_level = 'municipality' ORDER BY area_code"
    ).fetchall():
        county[code] = parent
        municipalities.setdefault(parent, []).append(code)
    heads, todo = set(keys), list(keys)
    while todo:
        indicator, area, period, group = todo.pop()
        sex, age, language = group.split(".")
        above = [(indicator, area, period, g("total", age, language)),
                 (indicator, area, period, g(sex, age, "total"))]
        if area in county:
            above.append((indicator, county[area], period, group))
        for head in above:
            if head not in heads:
                heads.add(head)
                todo.append(head)
    groups = []
    for head in sorted(heads):
        indicator, area, period, group = head
        sex, age, language = group.split(".")
        if sex == "total":
            groups.append([head, *((indicator, area, period, g(s, age, language)) for s in SEXES)])
        if language == "total":
            groups.append([head, *((indicator, area, period, g(sex, age, x)) for x in LANGUAGES)])
        if municipalities.get(area):
            groups.append([head, *((indicator, m, period, group) for m in municipalities[area])])
    return groups


def published_counts(
    con: duckdb.DuckDBPyConnection, table: str
) -> tuple[dict[Key, float | None], set[Key]]:
    """Per row: its count (the value of a count indicator, else the absolute value) where it
    is published, else None; and the rows marked suppressed."""
    rows = con.execute(
        f"SELECT f.indicator_code, f.area_code, f.period, f.group_code, f.value,"
        f" f.absolute_value, f.status, i.unit FROM {table} f"
        f" LEFT JOIN mart.dim_indicator i USING (indicator_code)"
    ).fetchall()
    counts, hidden = {}, set()
    for *key, value, absolute, status, unit in rows:
        count = value if unit == "count" else absolute
        counts[tuple(key)] = count if status in PUBLISHED else None
        if status == "suppressed":
            hidden.add(tuple(key))
    return counts, hidden


def simple_recoveries(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Key, float]]:
    """Every suppressed count that equals a published total minus its published siblings
    (or a total that equals the sum of its published parts), with the value it gives."""
    counts, hidden = published_counts(con, table)
    found = []
    for total, *parts in additive_groups(con, counts):
        for cell in hidden.intersection([total, *parts]):
            others = [k for k in (total, *parts) if k != cell]
            if all(counts.get(k) is not None for k in others):
                rest = sum(counts[k] for k in parts if k != cell)
                found.append((cell, rest if cell == total else counts[total] - rest))
    return sorted(found)


def chained_recoveries(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Key, float]]:
    """Every suppressed count worked out group by group, each result used as if published."""
    counts, hidden = published_counts(con, table)
    known = {k: v for k, v in counts.items() if v is not None}
    groups = additive_groups(con, counts)
    found, changed = {}, True
    while changed:
        changed = False
        for total, *parts in groups:
            unknown = [k for k in (total, *parts) if k not in known]
            if len(unknown) == 1:
                (cell,) = unknown
                rest = sum(known[k] for k in parts if k != cell)
                known[cell] = rest if cell == total else known[total] - rest
                if cell in hidden:
                    found[cell] = known[cell]
                changed = True
    return sorted(found.items())


def linear_recoveries(con: duckdb.DuckDBPyConnection, table: str) -> list[Key]:
    """Every suppressed count that the published numbers determine through any combination of
    the groups' equations (total - parts = 0), per indicator x period: its unit vector lies
    in the equations' row space, i.e. every solution of the homogeneous system has it 0."""
    counts, hidden = published_counts(con, table)
    blocks: dict[tuple[str, str], list[list[Key]]] = {}
    for group in additive_groups(con, counts):
        blocks.setdefault((group[0][0], group[0][2]), []).append(group)
    found = []
    for equations in blocks.values():
        unknowns = sorted({k for group in equations for k in group if counts.get(k) is None})
        if not hidden.intersection(unknowns):
            continue
        column = {k: i for i, k in enumerate(unknowns)}
        matrix = np.zeros((len(equations), len(unknowns)))
        for row, (total, *parts) in enumerate(equations):
            for k, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
                if k in column:
                    matrix[row, column[k]] += sign
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null_space = vt[rank:]  # rows spanning every solution of matrix @ x = 0
        for k in hidden.intersection(unknowns):
            if np.abs(null_space[:, column[k]]).max(initial=0.0) < 1e-9:
                found.append(k)
    return sorted(found)


def groups_with_one_unknown(con: duckdb.DuckDBPyConnection) -> list[list[Key]]:
    """The fixed point: groups in which exactly one cell, and that one suppressed, is not a
    published count (absent and publisher-hidden cells count as unknown)."""
    counts, hidden = published_counts(con, "protected")
    exposed = []
    for group in additive_groups(con, counts):
        unknown = [k for k in group if counts.get(k) is None]
        if len(unknown) == 1 and unknown[0] in hidden:
            exposed.append(group)
    return exposed


def assert_not_recoverable(con: duckdb.DuckDBPyConnection, table: str = "protected") -> None:
    assert simple_recoveries(con, table) == []
    assert chained_recoveries(con, table) == []
    assert linear_recoveries(con, table) == []
