"""The protection audit (pipelines/protect/audit.py): the interval of every hidden count by
linear programming over the sex, language and area equations of every hierarchy.

Crafted cases whose intervals are worked out by hand, nested and crossing hierarchies; random
national-shaped tables compared with an independent LP (scipy's linprog on the whole system,
no decomposition) and with the checkers of tests/recovery.py.
"""

import itertools
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pytest
from recovery import (
    area_groups,
    chained_recoveries,
    linear_recoveries,
    simple_recoveries,
)

from pipelines.protect.audit import AuditResult, audit

INF = float("inf")


@dataclass(frozen=True)
class Row:
    area: str
    value: float | None
    hidden: bool = False
    group: str = "total.total.total"
    status: str | None = None  # default: ok for a number, missing for None
    indicator: str = "t:count"
    period: str = "2023"
    absolute: float | None = None


def database(rows: Iterable[Row], groups: dict[str, dict[str, Iterable[str]]],
             units: dict[str, str] | None = None) -> duckdb.DuckDBPyConnection:
    """In memory: mart.dim_indicator, the rows as table `cells`, and `groups`
    {hierarchy: {total: members}} as table `area_groups`."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA mart")
    con.execute("CREATE TABLE mart.dim_indicator (indicator_code VARCHAR, unit VARCHAR)")
    con.executemany("INSERT INTO mart.dim_indicator VALUES (?, ?)",
                    list((units or {"t:count": "count", "t:rate": "percent"}).items()))
    con.execute(
        "CREATE TABLE cells (indicator_code VARCHAR, area_code VARCHAR, period VARCHAR,"
        " group_code VARCHAR, value DOUBLE, absolute_value DOUBLE, status VARCHAR,"
        " hidden BOOLEAN)")
    columns = list(zip(*[
        (r.indicator, r.area, r.period, r.group, r.value, r.absolute,
         r.status or ("ok" if r.value is not None else "missing"), r.hidden) for r in rows],
        strict=True))
    con.execute("INSERT INTO cells SELECT unnest($c0), unnest($c1), unnest($c2), unnest($c3),"
                " unnest($c4::DOUBLE[]), unnest($c5::DOUBLE[]), unnest($c6), unnest($c7)",
                {f"c{k}": list(c) for k, c in enumerate(columns)})
    con.execute("CREATE TABLE area_groups (hierarchy VARCHAR, total_area_code VARCHAR,"
                " member_area_code VARCHAR)")
    members = [(hierarchy, total, member) for hierarchy, totals in groups.items()
               for total, members in totals.items() for member in members]
    if members:
        con.execute("INSERT INTO area_groups SELECT unnest($h), unnest($t), unnest($m)",
                    dict(zip("htm", map(list, zip(*members, strict=True)), strict=True)))
    return con


def failing(con: duckdb.DuckDBPyConnection, result: AuditResult) -> dict[str, tuple]:
    """area_code (or area_code/group_code where groups differ) -> (lower, upper, reason)."""
    rows = con.execute(f"SELECT area_code, group_code, value, lower, upper, reason"
                       f" FROM {result.failing_table}").fetchall()
    out = {}
    for area, group, _, lower, upper, reason in rows:
        key = area if group == "total.total.total" else f"{area}/{group}"
        out[key] = (lower, upper, reason)
    assert len(out) == result.failing
    return out


# Nested: the country > a region > two sub-regions > municipalities.
NESTED = {
    "sub_region": {"SK1": ["KU1", "KU2"], "SK2": ["KU3", "KU4"]},
    "region": {"MK1": ["KU1", "KU2", "KU3", "KU4"], "MK2": ["KU5", "KU6"]},
    "country": {"SSS": ["KU1", "KU2", "KU3", "KU4", "KU5", "KU6"]},
}


def nested_rows(hidden: set[str], **values: float) -> list[Row]:
    counts = {"KU1": 3, "KU2": 7, "KU3": 20, "KU4": 30, "KU5": 40, "KU6": 50} | values
    counts["SK1"] = counts["KU1"] + counts["KU2"]
    counts["SK2"] = counts["KU3"] + counts["KU4"]
    counts["MK1"] = counts["SK1"] + counts["SK2"]
    counts["MK2"] = counts["KU5"] + counts["KU6"]
    counts["SSS"] = counts["MK1"] + counts["MK2"]
    return [Row(area, value, area in hidden) for area, value in counts.items()]


def test_a_municipality_hidden_alone_in_its_sub_region_is_exact() -> None:
    con = database(nested_rows({"KU1"}), NESTED)
    result = audit(con, "cells", "area_groups", protection=5)
    assert failing(con, result) == {"KU1": (3.0, 3.0, "exact")}
    assert (result.blocks, result.audited, result.failing) == (1, 1, 1)


def test_two_hidden_municipalities_of_a_sub_region_get_the_interval_of_their_sum() -> None:
    # KU1 + KU2 = 10 (SK1), both >= 0: each is anything in [0, 10]. KU1 = 3 is protected
    # by 5 (0 <= max(0, 3 - 5), 10 >= 8); KU2 = 7 is not (10 < 7 + 5); by 3 it is.
    con = database(nested_rows({"KU1", "KU2"}), NESTED)
    result = audit(con, "cells", "area_groups", protection=5)
    assert failing(con, result) == {"KU2": (0.0, 10.0, "narrow")}
    assert audit(con, "cells", "area_groups", protection=3).failing == 0


def test_one_equation_needs_no_solver() -> None:
    con = database(nested_rows({"KU1", "KU2"}), {"sub_region": NESTED["sub_region"]})
    result = audit(con, "cells", "area_groups", protection=5)
    assert failing(con, result) == {"KU2": (0.0, 10.0, "narrow")}
    assert (result.lps, result.closed_form, result.solved_components) == (0, 2, 0)


def test_hidden_sub_region_and_its_municipalities_chain_up_to_the_region() -> None:
    # SK1 and its two municipalities hidden: SK1 = MK1 - SK2 (exact), and then KU1 + KU2 =
    # SK1 again gives [0, 10] each. Through the country, MK1 hidden too changes nothing:
    # MK1 = SSS - MK2.
    con = database(nested_rows({"SK1", "KU1", "KU2", "MK1"}, KU1=2, KU2=9), NESTED)
    result = audit(con, "cells", "area_groups", protection=1)
    assert failing(con, result) == {"SK1": (11.0, 11.0, "exact"), "MK1": (61.0, 61.0, "exact")}


def test_nested_hidden_cells_are_protected_where_every_level_has_two() -> None:
    # Two municipalities in each of SK1 and SK2 hidden, SK1 and SK2 hidden, MK1 published:
    # SK1 + SK2 = 60, KU1 + KU2 = SK1, KU3 + KU4 = SK2: KU1 in [0, 60], SK1 in [0, 60].
    con = database(nested_rows({"KU1", "KU2", "KU3", "KU4", "SK1", "SK2"}), NESTED)
    result = audit(con, "cells", "area_groups", protection=5)
    assert failing(con, result) == {}
    assert result.solved_components == 1 and result.lps >= 2


# Crossing: a hospital district and a wellbeing services county share KU2.
CROSSING = {
    "hospital_district": {"SHP1": ["KU1", "KU2"]},
    "wellbeing_county": {"HVA1": ["KU2", "KU3"]},
    "country": {"SSS": ["KU1", "KU2", "KU3"]},
}


def test_crossing_hierarchies_intervals_by_hand() -> None:
    # KU1 + KU2 = 10, KU2 + KU3 = 9, the country not published: KU2 in [0, 9], KU1 = 10 -
    # KU2 in [1, 10], KU3 = 9 - KU2 in [0, 9].
    rows = [Row("KU1", 3, True), Row("KU2", 7, True), Row("KU3", 2, True),
            Row("SHP1", 10), Row("HVA1", 9), Row("SSS", None)]
    con = database(rows, CROSSING)
    assert audit(con, "cells", "area_groups", protection=2).failing == 0
    result = audit(con, "cells", "area_groups", protection=3)
    # KU1 = 3: lower 1 > max(0, 3 - 3); KU2 = 7: upper 9 < 10; KU3 = 2: 0 <= 0, 9 >= 5.
    assert failing(con, result) == {"KU1": (1.0, 10.0, "narrow"), "KU2": (0.0, 9.0, "narrow")}


def test_groups_that_each_give_nothing_away_pin_a_cell_together() -> None:
    # Each group has two or three hidden cells, so none gives a count away on its own, but
    # KU2 = SHP1 + HVA1 - SSS = 10 + 9 - 12 = 7, and then KU1 = 3 and KU3 = 2.
    rows = [Row("KU1", 3, True), Row("KU2", 7, True), Row("KU3", 2, True),
            Row("SHP1", 10), Row("HVA1", 9), Row("SSS", 12)]
    con = database(rows, CROSSING)
    result = audit(con, "cells", "area_groups", protection=0)
    assert failing(con, result) == {"KU1": (3.0, 3.0, "exact"), "KU2": (7.0, 7.0, "exact"),
                                    "KU3": (2.0, 2.0, "exact")}


def test_sex_and_area_together() -> None:
    # Municipalities by sex; KU1's men and women hidden, KU2's women hidden: the county's
    # women give KU1 women + KU2 women = 9; KU1 total gives KU1 men + KU1 women = 8, KU2's
    # total gives its women = 10 - 4 = 6 exactly, then KU1's women = 3, men = 5.
    def sexes(area: str, total: float, male: float, hidden: set[str]) -> list[Row]:
        return [Row(area, v, s in hidden, group=f"{s}.total.total")
                for s, v in (("total", total), ("male", male), ("female", total - male))]

    groups = {"wellbeing_county": {"HVA1": ["KU1", "KU2"]}}
    rows = [*sexes("KU1", 8, 5, {"male", "female"}), *sexes("KU2", 10, 4, {"female"}),
            *sexes("HVA1", 18, 9, set())]
    con = database(rows, groups)
    result = audit(con, "cells", "area_groups", protection=0)
    assert failing(con, result) == {
        "KU1/male.total.total": (5.0, 5.0, "exact"), "KU1/female.total.total": (3.0, 3.0, "exact"),
        "KU2/female.total.total": (6.0, 6.0, "exact")}
    # With KU2's men hidden too, the four hidden cells form a cycle: KU1 men 5 + d, women 3 - d,
    # KU2 men 4 - d, women 6 + d, all >= 0: d in [-5, 3], so KU1 men in [0, 8], women [0, 8],
    # KU2 men [1, 9], women [1, 9]. By 3 all are protected; by 4, KU1 men (8 < 9), KU2 men
    # (1 > 0) and KU2 women (9 < 10) are not.
    rows = [*sexes("KU1", 8, 5, {"male", "female"}), *sexes("KU2", 10, 4, {"male", "female"}),
            *sexes("HVA1", 18, 9, set())]
    con = database(rows, groups)
    assert audit(con, "cells", "area_groups", protection=3).failing == 0
    result = audit(con, "cells", "area_groups", protection=4)
    assert failing(con, result) == {
        "KU1/male.total.total": (0.0, 8.0, "narrow"), "KU2/male.total.total": (1.0, 9.0, "narrow"),
        "KU2/female.total.total": (1.0, 9.0, "narrow")}


def test_cells_the_data_lacks_or_the_publisher_hid_are_unknowns() -> None:
    # KU2 absent or confidential: KU1 + KU2 = 10 as before, KU1 = 3 in [0, 10].
    absent = [r for r in nested_rows({"KU1"}) if r.area != "KU2"]
    confidential = [r if r.area != "KU2" else Row("KU2", None, status="confidential")
                    for r in nested_rows({"KU1"})]
    for rows in (absent, confidential):
        con = database(rows, NESTED)
        result = audit(con, "cells", "area_groups", protection=5)
        assert failing(con, result) == {}
        assert result.audited == 1  # the publisher's cell has no count to audit


def test_an_aggregate_the_data_lacks_shields_nothing() -> None:
    # SK1 absent: KU1 = MK1 - KU2 - KU3 - KU4 all the same.
    rows = [r for r in nested_rows({"KU1"}) if r.area != "SK1"]
    con = database(rows, NESTED)
    assert failing(con, audit(con, "cells", "area_groups")) == {"KU1": (3.0, 3.0, "exact")}


def test_a_rate_is_audited_by_its_absolute_value() -> None:
    rows = [Row(r.area, r.value / 100, r.hidden, indicator="t:rate", absolute=r.value)
            for r in nested_rows({"KU1"})]
    con = database(rows, NESTED)
    assert failing(con, audit(con, "cells", "area_groups")) == {"KU1": (3.0, 3.0, "exact")}


def test_language_groups_add_up() -> None:
    rows = [Row("KU1", 30, group="total.total.total"), Row("KU1", 25, group="total.total.fi"),
            Row("KU1", 2, True, group="total.total.sv"),
            Row("KU1", 3, True, group="total.total.other")]
    con = database(rows, {})
    result = audit(con, "cells", "area_groups", protection=2)
    # sv + other = 5: sv = 2 in [0, 5] (protected by 2), other = 3 in [0, 5] (5 < 3 + 3 by 3).
    assert failing(con, result) == {}
    assert failing(con, audit(con, "cells", "area_groups", protection=3)) == {
        "KU1/total.total.other": (0.0, 5.0, "narrow")}


def test_counts_that_do_not_add_up_still_give_a_lone_hidden_count_away() -> None:
    # SK1 published as 5 while its municipalities add up to more: subtracting still narrows
    # KU1 down. The audit grants a reader the exact difference (the true counts are always a
    # solution), so KU1 is exact, not excused as "inconsistent".
    rows = [r if r.area != "SK1" else Row("SK1", 5) for r in nested_rows({"KU1"})]
    con = database(rows, {"sub_region": NESTED["sub_region"]})
    assert failing(con, audit(con, "cells", "area_groups")) == {"KU1": (3.0, 3.0, "exact")}
    con = database(rows, NESTED)  # the same in a component for the solver
    assert failing(con, audit(con, "cells", "area_groups")) == {"KU1": (3.0, 3.0, "exact")}


def test_blocks_are_apart_and_nothing_is_left_behind() -> None:
    # Periods are apart, and so are age groups that share no age (13-17, 18-24).
    rows = [*nested_rows({"KU1"}),
            *(Row(r.area, r.value, r.hidden, period="2022") for r in nested_rows(set())),
            *(Row(r.area, r.value, r.hidden, group="total.18-24.total", period="2024")
              for r in nested_rows({"KU1", "KU2"})),
            *(Row(r.area, r.value, False, group="total.13-17.total", period="2024")
              for r in nested_rows(set()))]
    con = database(rows, NESTED)
    result = audit(con, "cells", "area_groups", protection=3)
    assert result.blocks == 2 and result.audited == 3
    assert failing(con, result) == {"KU1": (3.0, 3.0, "exact")}
    left = con.execute("SELECT table_name FROM information_schema.tables"
                       " WHERE table_name LIKE 'audit%'").fetchall()
    assert left == [("audit_failing",)]


def test_bad_arguments_are_refused() -> None:
    con = database(nested_rows({"KU1"}), NESTED)
    with pytest.raises(ValueError, match="not a table name"):
        audit(con, "cells; DROP TABLE cells", "area_groups")
    with pytest.raises(ValueError, match="protection"):
        audit(con, "cells", "area_groups", protection=-1)


def test_the_protection_interval_is_a_setting_defaulting_to_the_threshold() -> None:
    from pipelines.settings import Settings

    assert Settings.from_env({}).protection_interval == 5
    assert Settings.from_env({"HYTEMART_SUPPRESSION_THRESHOLD": "7"}).protection_interval == 7
    assert Settings.from_env({"HYTEMART_SUPPRESSION_THRESHOLD": "7",
                              "HYTEMART_PROTECTION_INTERVAL": "0"}).protection_interval == 0
    with pytest.raises(ValueError, match="HYTEMART_PROTECTION_INTERVAL='x'"):
        Settings.from_env({"HYTEMART_PROTECTION_INTERVAL": "x"})


# --- random national-shaped tables: the audit against an independent LP and the checkers ---

def random_hierarchies(rng: random.Random) -> dict[str, dict[str, list[str]]]:
    """Municipalities in nested (region > sub-region) and crossing (wellbeing county,
    hospital district) partitions, and the country over all of them."""
    municipalities = [f"KU{i:03d}" for i in range(1, rng.randint(7, 11) + 1)]

    def partition(prefix: str, parts: int, items: list[str]) -> dict[str, list[str]]:
        shuffled = rng.sample(items, len(items))
        cuts = sorted(rng.sample(range(1, len(items)), parts - 1))
        bounds = [0, *cuts, len(items)]
        return {f"{prefix}{k + 1:02d}": sorted(shuffled[a:b])
                for k, (a, b) in enumerate(itertools.pairwise(bounds))}

    regions = partition("MK", 3, municipalities)
    sub_regions: dict[str, list[str]] = {}
    for region, members in regions.items():
        parts = min(len(members), rng.randint(1, 2))
        sub_regions |= partition(f"SK{region[2:]}", parts, members) if parts > 1 else {
            f"SK{region[2:]}01": members}
    return {"region": regions, "sub_region": sub_regions,
            "wellbeing_county": partition("HVA", 3, municipalities),
            "hospital_district": partition("SHP", 3, municipalities),
            "country": {"SSS": municipalities}}


def reference_and_payload(con: duckdb.DuckDBPyConnection, hierarchies: dict,
                          payload: Path) -> None:
    """mart.dim_area as the reference gives it (county, region, sub-region columns; the
    country through parents) and a regions payload whose memberOf gives the hospital
    districts: what the checkers derive their groups from."""
    of = {h: {m: total for total, members in totals.items() for m in members}
          for h, totals in hierarchies.items()}
    municipalities = hierarchies["country"]["SSS"]
    districts = sorted(hierarchies["hospital_district"])
    rows = [("SSS", "country", None, None, None, None, None)]
    rows += [(c, "wellbeing_county", "SSS", None, None, None, None)
             for c in hierarchies["wellbeing_county"]]
    rows += [(r, "region", "SSS", None, None, None, None) for r in hierarchies["region"]]
    rows += [(s, "sub_region", of["region"][members[0]], None, None, None, None)
             for s, members in hierarchies["sub_region"].items()]
    rows += [(d, "hospital_district", None, None, None, None, 1000 + k)
             for k, d in enumerate(districts)]
    rows += [(m, "municipality", of["wellbeing_county"][m], of["wellbeing_county"][m],
              of["region"][m], of["sub_region"][m], k + 1) for k, m in enumerate(municipalities)]
    con.execute("CREATE TABLE mart.dim_area (area_code VARCHAR, area_level VARCHAR,"
                " parent_area_code VARCHAR, wellbeing_county_code VARCHAR, region_code VARCHAR,"
                " sub_region_code VARCHAR, sotkanet_region_id BIGINT)")
    con.executemany("INSERT INTO mart.dim_area VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    payload.write_text(json.dumps(
        [{"id": 1000 + k, "code": d, "category": "SAIRAANHOITOPIIRI", "memberOf": []}
         for k, d in enumerate(districts)]
        + [{"id": k + 1, "code": m, "category": "KUNTA",
            "memberOf": [1000 + districts.index(of["hospital_district"][m])]}
           for k, m in enumerate(municipalities)]))


def random_rows(rng: random.Random, hierarchies: dict, by_language: bool) -> list[Row]:
    """Additive counts: municipalities drawn (about a third small), aggregates and totals
    summed; some cells absent, some hidden by the publisher, a quarter of the rest hidden."""
    municipalities = hierarchies["country"]["SSS"]
    sexes = ["male", "female"]
    languages = ["fi", "sv", "other"] if by_language else []
    rows = []
    for period in ("2023",) if by_language else ("2022", "2023"):
        count: dict[tuple[str, str, str], float] = {}
        for m in municipalities:
            for s in sexes:
                for lang in languages or ["total"]:
                    count[m, s, lang] = rng.choice([rng.randint(0, 4), rng.randint(5, 40),
                                                    rng.randint(5, 40)])
        parts = [(s, lang) for s in sexes for lang in languages or ["total"]]
        for m in municipalities:  # totals over sex and language
            for lang in languages:
                count[m, "total", lang] = sum(count[m, s, lang] for s in sexes)
            for s in ["total", *sexes]:
                if languages:
                    count[m, s, "total"] = sum(count[m, s, x] for x in languages)
            if not languages:
                count[m, "total", "total"] = sum(count[m, s, "total"] for s, _ in parts)
        for totals in hierarchies.values():
            for total, members in totals.items():
                for s in ["total", *sexes]:
                    for lang in ["total", *languages]:
                        count[total, s, lang] = sum(count[m, s, lang] for m in members)
        for (area, s, lang), value in count.items():
            draw = rng.random()
            if draw < 0.04:
                continue  # the data lacks it
            group = f"{s}.total.{lang}"
            if draw < 0.07:
                rows.append(Row(area, None, group=group, period=period, status="missing"))
            else:
                rows.append(Row(area, value, rng.random() < 0.25, group=group, period=period))
    return rows


def independent_intervals(rows: list[Row], hierarchies: dict) -> dict[tuple, tuple]:
    """(area, period, group) -> (lower, upper) of every hidden count, by scipy's linprog on
    the whole system of a period: every cell of the cube a variable >= 0, the published ones
    fixed, no decomposition."""
    from scipy.optimize import linprog

    out = {}
    for period in sorted({r.period for r in rows}):
        present = {(r.area, r.group): r for r in rows if r.period == period}
        languages = sorted({r.group.split(".")[2] for r in rows} - {"total"})
        areas = sorted({a for totals in hierarchies.values() for t, ms in totals.items()
                        for a in (t, *ms)})
        cells = [(a, f"{s}.total.{lang}") for a in areas for s in ("total", "male", "female")
                 for lang in ("total", *languages)]
        index = {cell: i for i, cell in enumerate(cells)}
        equations = []  # lists of (cell, coef)
        for a in areas:
            for lang in ("total", *languages):
                equations.append([((a, f"total.total.{lang}"), 1)]
                                 + [((a, f"{s}.total.{lang}"), -1) for s in ("male", "female")])
            if languages:
                for s in ("total", "male", "female"):
                    equations.append([((a, f"{s}.total.total"), 1)]
                                     + [((a, f"{s}.total.{x}"), -1) for x in languages])
        for totals in hierarchies.values():
            for total, members in totals.items():
                for s in ("total", "male", "female"):
                    for lang in ("total", *languages):
                        group = f"{s}.total.{lang}"
                        equations.append([((total, group), 1)]
                                         + [((m, group), -1) for m in members])
        matrix = np.zeros((len(equations), len(cells)))
        for row, terms in enumerate(equations):
            for cell, coef in terms:
                matrix[row, index[cell]] += coef
        bounds = []
        for cell in cells:
            r = present.get(cell)
            known = r is not None and r.value is not None and not r.hidden
            bounds.append((r.value, r.value) if known else (0, None))
        for cell, r in present.items():
            if r.hidden and r.value is not None:
                c = np.zeros(len(cells))
                c[index[cell]] = 1
                low = linprog(c, A_eq=matrix, b_eq=np.zeros(len(equations)), bounds=bounds)
                high = linprog(-c, A_eq=matrix, b_eq=np.zeros(len(equations)), bounds=bounds)
                assert low.status == 0 and high.status in (0, 3)
                out[cell[0], period, cell[1]] = (
                    low.fun, INF if high.status == 3 else -high.fun)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_random_tables_agree_with_an_independent_lp_and_the_checkers(
    seed: int, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    hierarchies = random_hierarchies(rng)
    rows = random_rows(rng, hierarchies, by_language=seed % 2 == 1)
    con = database(rows, hierarchies)
    # With a protection no finite interval reaches, every hidden count is listed with its
    # interval, except those anything >= 0 fits.
    result = audit(con, "cells", "area_groups", protection=1e12)
    listed = {(a, p, g): (lo, hi) for a, p, g, lo, hi in con.execute(
        f"SELECT area_code, period, group_code, lower, upper FROM {result.failing_table}"
    ).fetchall()}
    expected = independent_intervals(rows, hierarchies)
    assert result.audited == len(expected) > 10
    for cell, (low, high) in expected.items():
        if low < 1e-6 and high == INF:
            assert cell not in listed
        else:
            assert listed[cell] == pytest.approx((low, high), abs=1e-6), cell
    # The checkers, seeing the published file only, derive the hierarchies from the reference
    # and the payload; whatever they recover, the audit finds exact (protection 0).
    payload = tmp_path / "regions.json"
    reference_and_payload(con, hierarchies, payload)
    con.execute("CREATE TABLE published AS SELECT * REPLACE ("
                " CASE WHEN hidden THEN NULL ELSE value END AS value,"
                " CASE WHEN hidden THEN 'suppressed' ELSE status END AS status) FROM cells")
    exact = audit(con, "cells", "area_groups", protection=0)
    pinned = {("t:count", a, p, g) for a, p, g in con.execute(
        f"SELECT area_code, period, group_code FROM {exact.failing_table}"
        " WHERE reason = 'exact'").fetchall()}
    assert pinned == {("t:count", a, p, g) for (a, p, g), (lo, hi) in expected.items()
                      if hi - lo < 1e-6}
    recovered = {key for key, _ in simple_recoveries(con, "published", payload)}
    recovered |= {key for key, _ in chained_recoveries(con, "published", payload)}
    linear = set(linear_recoveries(con, "published", payload))
    assert recovered <= linear <= pinned
    assert linear, "a table where nothing is recoverable proves little"


# --- the published sample mart ------------------------------------------------------------

def sample_audit(
    warehouse: Path, regions: Path, protection: float
) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """The audit of the published sample: the restricted facts with what the published file
    hides, against the county groups alone and against every hierarchy a reader can derive
    (tests/recovery.py's area_groups: the reference, the regions payload and the
    municipalities' districts)."""
    con = duckdb.connect()
    con.execute("ATTACH $path AS restricted (READ_ONLY)",
                {"path": str(warehouse / "restricted" / "hytemart_restricted.duckdb")})
    con.execute("ATTACH $path AS published (READ_ONLY)",
                {"path": str(warehouse / "hytemart.duckdb")})
    con.execute("CREATE SCHEMA mart")
    for table in ("dim_indicator", "dim_area"):
        con.execute(f"CREATE TABLE mart.{table} AS SELECT * FROM restricted.mart.{table}")
    con.execute("""
        CREATE TABLE cells AS
        SELECT r.*, p.status = 'suppressed' AS hidden, r.suppression = 'primary' AS small
        FROM restricted.mart.fact_indicator_value r
        JOIN published.mart.fact_indicator_value p
          USING (indicator_code, area_code, period, group_code)""")
    equations = area_groups(con, regions)  # aggregates, and municipalities' districts
    con.execute("CREATE TABLE all_groups (hierarchy VARCHAR, total_area_code VARCHAR,"
                " member_area_code VARCHAR)")
    con.execute("INSERT INTO all_groups SELECT 'area' || unnest($h), unnest($t), unnest($m)", {
        "h": [str(k) for k, (_, ms) in enumerate(equations) for _ in ms],
        "t": [t for t, ms in equations for _ in ms],
        "m": [m for _, ms in equations for m in ms]})
    con.execute("CREATE TABLE county_groups AS SELECT g.* FROM all_groups g"
                " JOIN mart.dim_area a ON a.area_code = g.total_area_code"
                " WHERE a.area_level = 'wellbeing_county'")
    failing = {}
    for groups in ("county_groups", "all_groups"):
        result = audit(con, "cells", groups, protection=protection)
        failing[groups] = con.execute(
            f"SELECT indicator_code, area_code, period, group_code, value, lower, upper, reason"
            f" FROM {result.failing_table}").fetchall()
    return con, failing


def test_no_hidden_count_of_the_published_sample_is_recoverable_through_any_hierarchy(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    """Protection 0: the audit only asks whether a hidden count is fixed; the checkers ask
    the same of the published file alone, with the regions payload."""
    assert build(sample_raw).success
    regions = sample_raw / "indicators" / "sotkanet" / "regions.json"
    con, failing = sample_audit(tmp_path / "warehouse", regions, protection=0)
    hidden, small = con.execute("SELECT count(*) FILTER (WHERE hidden),"
                                " count(*) FILTER (WHERE small) FROM cells").fetchone()
    assert hidden > small > 0  # the small counts are audited, their complements are not
    assert failing == {"county_groups": [], "all_groups": []}
    (hierarchies,) = con.execute("SELECT count(DISTINCT total_area_code) FROM all_groups"
                                 " WHERE total_area_code NOT LIKE 'HVA%'").fetchone()
    assert hierarchies > 50  # regions, sub-regions, the country, the payload's areas
    published = duckdb.connect(str(tmp_path / "warehouse" / "hytemart.duckdb"), read_only=True)
    try:
        assert simple_recoveries(published, "mart.fact_indicator_value", regions) == []
        assert chained_recoveries(published, "mart.fact_indicator_value", regions) == []
        assert linear_recoveries(published, "mart.fact_indicator_value", regions) == []
    finally:
        published.close()


def test_the_published_sample_mart_passes_the_audit_through_every_hierarchy(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    assert build(sample_raw).success
    regions = sample_raw / "indicators" / "sotkanet" / "regions.json"
    con, failing = sample_audit(tmp_path / "warehouse", regions, protection=5)
    (hidden,) = con.execute("SELECT count(*) FROM cells WHERE small").fetchone()
    assert hidden > 0
    through_hierarchies = sorted(set(failing["all_groups"]) - set(failing["county_groups"]))
    assert failing["all_groups"] == [], (
        f"{len(failing['all_groups'])} of {hidden} hidden counts fail (protection 5); "
        f"with the counties alone {len(failing['county_groups'])}; failing only through the "
        f"other hierarchies: {through_hierarchies}")
