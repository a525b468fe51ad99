"""Checkers that try to recover hidden counts from published rows, written apart from the
SQL of pipelines/protect/suppression.py and seeing only what a reader sees: the rows of a table with
mart.dim_area and mart.dim_indicator beside it, and, where given, the Sotkanet regions
payload (raw/indicators/sotkanet/regions.json).

The groups (`additive_groups`): sex (total = male + female), language (total = fi + sv +
other), every area aggregate = its municipalities, in every hierarchy a reader can
derive (`area_members`): wellbeing services county, region, sub-region and the country from
mart.dim_area (the reference), and every region of the payload a municipality is a member of
(hospital districts, ELY, AVI and ERVA areas, ...); a municipality = its areas of one
sub-municipal level (`sub_area_members`: districts, postal code areas, by parent_area_code);
and an age group = any set of the data's age groups that covers exactly its ages
(`age_partitions`: 15-29 = 15-19 + 20-24 + 25-29, total = -14 + 15-64 + 65-), every such
set, each tried on its own (the checkers subtract; they do not know the protection's atoms).

`simple_recoveries` tries every suppressed count as a published total minus its published
siblings; `chained_recoveries` repeats that, using what it worked out as if published (a
confidential county figure = total - males, then a municipality = that - the others);
`linear_recoveries` asks whether any suppressed count is fixed by all the groups' equations
together.
"""

import json
from collections.abc import Iterable
from pathlib import Path

import duckdb
import numpy as np

# (indicator_code, area_code, period, group_code)
Key = tuple[str, str, str, str]

PUBLISHED = {"ok", "zero"}
SEXES = ("male", "female")
LANGUAGES = ("fi", "sv", "other")


def g(sex: str = "total", age: str = "total", language: str = "total") -> str:
    return f"{sex}.{age}.{language}"


def area_members(
    con: duckdb.DuckDBPyConnection, regions: Path | None = None
) -> dict[str, list[str]]:
    """Every area aggregate -> the municipalities (mart.dim_area, area_level municipality)
    it adds up, from what a reader has: mart.dim_area's membership columns (the wellbeing
    services county, the region, the sub-region, and every ancestor along parent_area_code,
    so the country too) and, given the Sotkanet regions payload, every region a
    municipality's memberOf names (hospital districts, ELY, AVI and ERVA areas, ...), mapped
    to area codes by mart.dim_area.sotkanet_region_id. Only the columns a table has count."""
    columns = {name for (name,) in con.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = 'mart' AND table_name = 'dim_area'").fetchall()}
    membership = [c for c in ("wellbeing_county_code", "region_code", "sub_region_code")
                  if c in columns]
    region_id = "sotkanet_region_id" if "sotkanet_region_id" in columns else "NULL"
    rows = con.execute(
        f"SELECT area_code, area_level, parent_area_code, {region_id},"
        f" [{', '.join(membership)}]::VARCHAR[] FROM mart.dim_area").fetchall()
    parent = {code: up for code, _, up, _, _ in rows if up}
    code_of = {int(rid): code for code, _, _, rid, _ in rows if rid is not None}
    above: dict[str, set[str]] = {}
    for code, level, _, _, named in rows:
        if level != "municipality":
            continue
        ancestors = {a for a in named if a}
        step = parent.get(code)
        while step and step not in ancestors | {code}:
            ancestors.add(step)
            step = parent.get(step)
        above[code] = ancestors
    if regions is not None:
        for region in json.loads(regions.read_text(encoding="utf-8")):
            code = code_of.get(region["id"])
            if code in above:
                above[code] |= {code_of[p] for p in region.get("memberOf") or [] if p in code_of}
    members: dict[str, list[str]] = {}
    for code in sorted(above):
        for aggregate in above[code]:
            members.setdefault(aggregate, []).append(code)
    return members


def sub_area_members(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[str]]:
    """(municipality, level) -> its areas of that level: the areas of mart.dim_area whose
    parent_area_code is a municipality (districts, postal code areas; not its former
    municipalities, whose rows are of other years)."""
    rows = con.execute(
        "SELECT s.parent_area_code, s.area_level, s.area_code FROM mart.dim_area s"
        " JOIN mart.dim_area p ON p.area_code = s.parent_area_code"
        " WHERE p.area_level = 'municipality'"
        " AND s.area_level NOT IN ('municipality', 'former_municipality')"
        " ORDER BY ALL").fetchall()
    members: dict[tuple[str, str], list[str]] = {}
    for parent, level, code in rows:
        members.setdefault((parent, level), []).append(code)
    return members


def area_groups(con: duckdb.DuckDBPyConnection, regions: Path | None = None
                ) -> list[tuple[str, list[str]]]:
    """Every area equation a reader can derive: (total, members) of the aggregates
    (area_members) and of the municipalities' sub-municipal levels (sub_area_members)."""
    return [*area_members(con, regions).items(),
            *((parent, parts) for (parent, _), parts in sub_area_members(con).items())]


def age_span(code: str) -> tuple[int, float] | None:
    """The ages of an age group code as [first, end): 15-19 -> (15, 20), 65- -> (65, inf),
    -24 -> (0, 25), 16 -> (16, 17), total -> (0, inf); None for anything else."""
    if code == "total":
        return 0, float("inf")
    if code.isdigit():
        return int(code), int(code) + 1
    first, dash, last = code.partition("-")
    if not dash or not (first or last) or not (first or "0").isdigit() \
            or not (last or "0").isdigit():
        return None
    span = (int(first or 0), int(last) + 1 if last else float("inf"))
    return span if span[0] < span[1] else None


def age_partitions(codes: Iterable[str]) -> list[list[str]]:
    """[total, part, part, ...]: every way the given age groups cover another one's ages
    exactly, parts side by side (found by walking from each group's first age)."""
    spans = {code: span for code in set(codes) if (span := age_span(code))}
    found = []

    def walk(total: str, end: float, inside: list, at: float, parts: list[str]) -> None:
        if at == end:
            found.append([total, *parts])
            return
        for s, e, c in inside:
            if s == at:
                walk(total, end, inside, e, [*parts, c])

    for total, (first, end) in sorted(spans.items()):
        inside = sorted((s, e, c) for c, (s, e) in spans.items() if c != total
                        and first <= s and e <= end and (s, e) != (first, end))
        walk(total, end, inside, first, [])
    return found


def additive_groups(
    con: duckdb.DuckDBPyConnection, keys: Iterable[Key], regions: Path | None = None
) -> list[list[Key]]:
    """[total, part, part, ...] for sex, language, every area equation (area_groups) and the
    age groups' partitions (age_partitions, among the age groups of the same indicator, area,
    period, sex and language in the data): for every total in the data, and every total
    that a cell in the data is part of, directly or through other totals, even if the data
    lacks it."""
    keys = list(keys)
    equations = area_groups(con, regions)
    members: dict[str, list[list[str]]] = {}
    above_area: dict[str, list[str]] = {}
    for aggregate, parts in equations:
        members.setdefault(aggregate, []).append(parts)
        for part in parts:
            above_area.setdefault(part, []).append(aggregate)
    heads, todo = set(keys), list(keys)
    while todo:
        indicator, area, period, group = todo.pop()
        sex, age, language = group.split(".")
        above = [(indicator, area, period, g("total", age, language)),
                 (indicator, area, period, g(sex, age, "total"))]
        above += [(indicator, aggregate, period, group)
                  for aggregate in above_area.get(area, [])]
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
        for parts in members.get(area, []):
            groups.append([head, *((indicator, m, period, group) for m in parts)])
    ages: dict[tuple[str, str, str, str, str], set[str]] = {}
    for indicator, area, period, group in keys:
        sex, age, language = group.split(".")
        ages.setdefault((indicator, area, period, sex, language), set()).add(age)
    for (indicator, area, period, sex, language), codes in sorted(ages.items()):
        for partition in age_partitions(codes):
            groups.append([(indicator, area, period, g(sex, age, language))
                           for age in partition])
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


def simple_recoveries(
    con: duckdb.DuckDBPyConnection, table: str, regions: Path | None = None
) -> list[tuple[Key, float]]:
    """Every suppressed count that equals a published total minus its published siblings
    (or a total that equals the sum of its published parts), with the value it gives."""
    counts, hidden = published_counts(con, table)
    found = []
    for total, *parts in additive_groups(con, counts, regions):
        for cell in hidden.intersection([total, *parts]):
            others = [k for k in (total, *parts) if k != cell]
            if all(counts.get(k) is not None for k in others):
                rest = sum(counts[k] for k in parts if k != cell)
                found.append((cell, rest if cell == total else counts[total] - rest))
    return sorted(found)


def chained_recoveries(
    con: duckdb.DuckDBPyConnection, table: str, regions: Path | None = None
) -> list[tuple[Key, float]]:
    """Every suppressed count worked out group by group, each result used as if published."""
    counts, hidden = published_counts(con, table)
    known = {k: v for k, v in counts.items() if v is not None}
    groups = additive_groups(con, counts, regions)
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


def linear_recoveries(
    con: duckdb.DuckDBPyConnection, table: str, regions: Path | None = None
) -> list[Key]:
    """Every suppressed count that the published numbers determine through any combination of
    the groups' equations (total - parts = 0), per indicator x period: its unit vector lies
    in the equations' row space, i.e. every solution of the homogeneous system has it 0."""
    counts, hidden = published_counts(con, table)
    blocks: dict[tuple[str, str], list[list[Key]]] = {}
    for group in additive_groups(con, counts, regions):
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


def groups_with_one_unknown(
    con: duckdb.DuckDBPyConnection, regions: Path | None = None
) -> list[list[Key]]:
    """The fixed point: groups in which exactly one cell, and that one suppressed, is not a
    published count (absent and publisher-hidden cells count as unknown)."""
    counts, hidden = published_counts(con, "protected")
    exposed = []
    for group in additive_groups(con, counts, regions):
        unknown = [k for k in group if counts.get(k) is None]
        if len(unknown) == 1 and unknown[0] in hidden:
            exposed.append(group)
    return exposed


def assert_not_recoverable(
    con: duckdb.DuckDBPyConnection, table: str = "protected", regions: Path | None = None
) -> None:
    assert simple_recoveries(con, table, regions) == []
    assert chained_recoveries(con, table, regions) == []
    assert linear_recoveries(con, table, regions) == []
