"""The protection audit (pipelines/protection_audit.py): the interval of every hidden count by
linear programming over the sex, language and area equations of every hierarchy.

Crafted cases whose intervals are worked out by hand, nested and crossing hierarchies; random
national-shaped tables compared with an independent LP (scipy's linprog on the whole system,
no decomposition) and with the checkers of tests/recovery.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pytest

from pipelines.protection_audit import AuditResult, audit

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
    con.executemany("INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (r.indicator, r.area, r.period, r.group, r.value, r.absolute,
         r.status or ("ok" if r.value is not None else "missing"), r.hidden) for r in rows])
    con.execute("CREATE TABLE area_groups (hierarchy VARCHAR, total_area_code VARCHAR,"
                " member_area_code VARCHAR)")
    members = [(hierarchy, total, member) for hierarchy, totals in groups.items()
               for total, members in totals.items() for member in members]
    if members:
        con.executemany("INSERT INTO area_groups VALUES (?, ?, ?)", members)
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


def test_counts_that_contradict_an_equation_are_reported() -> None:
    rows = [r if r.area != "SK1" else Row("SK1", 5) for r in nested_rows({"KU1"})]
    con = database(rows, {"sub_region": NESTED["sub_region"]})
    assert failing(con, audit(con, "cells", "area_groups")) == {
        "KU1": (None, None, "inconsistent")}
    con = database(rows, NESTED)  # the same in a component for the solver
    assert failing(con, audit(con, "cells", "area_groups")) == {
        "KU1": (None, None, "inconsistent")}


def test_blocks_are_apart_and_nothing_is_left_behind() -> None:
    rows = [*nested_rows({"KU1"}),
            *(Row(r.area, r.value, r.hidden, period="2022") for r in nested_rows(set())),
            *(Row(r.area, r.value, r.hidden, group="total.18-24.total")
              for r in nested_rows({"KU1", "KU2"}))]
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
