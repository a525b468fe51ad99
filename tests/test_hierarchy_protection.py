"""Small-number protection across area hierarchies (issue 16): a sub-region, a region and the
country are sums of municipalities too, so a hidden count must not be their total minus the
published rest. Checked by the independent checkers of tests/recovery.py (membership from
mart.dim_area's region and sub-region columns) and by the protection audit's intervals."""

import random
from dataclasses import replace

import duckdb
import pytest
from recovery import area_groups, chained_recoveries, g, linear_recoveries, simple_recoveries
from test_suppression import Cell, load_fact

from pipelines.protect.audit import audit
from pipelines.protect.suppression import protect

# One county of four municipalities in two sub-regions of one region; a second county of
# three in a third sub-region of a second region; the country.
AREAS = [
    # area_code, parent, level, county, region, sub_region
    ("SSS", None, "country", None, None, None),
    ("HVA1", "SSS", "wellbeing_county", None, None, None),
    ("HVA2", "SSS", "wellbeing_county", None, None, None),
    ("MK1", "SSS", "region", None, None, None),
    ("MK2", "SSS", "region", None, None, None),
    ("SK1", "MK1", "sub_region", None, "MK1", None),
    ("SK2", "MK1", "sub_region", None, "MK1", None),
    ("SK3", "MK2", "sub_region", None, "MK2", None),
    ("KU1", "HVA1", "municipality", "HVA1", "MK1", "SK1"),
    ("KU2", "HVA1", "municipality", "HVA1", "MK1", "SK1"),
    ("KU3", "HVA1", "municipality", "HVA1", "MK1", "SK2"),
    ("KU4", "HVA1", "municipality", "HVA1", "MK1", "SK2"),
    ("KU5", "HVA2", "municipality", "HVA2", "MK2", "SK3"),
    ("KU6", "HVA2", "municipality", "HVA2", "MK2", "SK3"),
    ("KU7", "HVA2", "municipality", "HVA2", "MK2", "SK3"),
]
MEMBERS = {
    "SK1": ["KU1", "KU2"], "SK2": ["KU3", "KU4"], "SK3": ["KU5", "KU6", "KU7"],
    "MK1": ["KU1", "KU2", "KU3", "KU4"], "MK2": ["KU5", "KU6", "KU7"],
    "HVA1": ["KU1", "KU2", "KU3", "KU4"], "HVA2": ["KU5", "KU6", "KU7"],
    "SSS": ["KU1", "KU2", "KU3", "KU4", "KU5", "KU6", "KU7"],
}
MUNICIPALITIES = MEMBERS["SSS"]


def database(counts: dict[str, dict[str, float]]) -> duckdb.DuckDBPyConnection:
    """counts: municipality -> {sex: count}; every aggregate the sum of its municipalities,
    every total the sum of the sexes (additive, as real counts are)."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA mart")
    con.execute("CREATE TABLE mart.dim_area (area_code VARCHAR, parent_area_code VARCHAR,"
                " area_level VARCHAR, wellbeing_county_code VARCHAR, region_code VARCHAR,"
                " sub_region_code VARCHAR)")
    con.executemany("INSERT INTO mart.dim_area VALUES (?, ?, ?, ?, ?, ?)", AREAS)
    con.execute("CREATE TABLE mart.dim_population_group (group_code VARCHAR, sex VARCHAR,"
                " age_group VARCHAR, language_group VARCHAR)")
    con.executemany("INSERT INTO mart.dim_population_group VALUES (?, ?, 'total', 'total')",
                    [(g(s), s) for s in ("total", "male", "female")])
    con.execute("CREATE TABLE mart.dim_indicator (indicator_code VARCHAR, unit VARCHAR)")
    con.execute("INSERT INTO mart.dim_indicator VALUES ('t:count', 'count')")
    by_area = {m: dict(counts[m]) for m in MUNICIPALITIES}
    for total, members in MEMBERS.items():
        by_area[total] = {s: sum(counts[m][s] for m in members) for s in ("male", "female")}
    cells = []
    for area, sexes in by_area.items():
        cells += [Cell(area, g(s), v) for s, v in sexes.items()]
        cells.append(Cell(area, g(), sum(sexes.values())))
    load_fact(con, cells)
    return con


def protected(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    report = protect(con, "fact", "protected")
    assert (report.audit_exact, report.audit_narrow) == (0, 0)
    return {(area, group): suppression for area, group, suppression in con.execute(
        "SELECT area_code, group_code, suppression FROM protected "
        "WHERE suppression IS NOT NULL").fetchall()}


def assert_nothing_recoverable(con: duckdb.DuckDBPyConnection) -> None:
    """No small count (primary) is worked out by the checkers, nor narrowed by the audit to
    less than 5 on either side. A hidden
    aggregate may be worked out (MK1 = HVA1 here): it is no small count, and what it tells
    about the small ones is in their intervals, over every equation at once."""
    small = {tuple(key) for key in con.execute(
        "SELECT indicator_code, area_code, period, group_code FROM protected "
        "WHERE suppression = 'primary'").fetchall()}
    assert small
    assert [key for key, _ in simple_recoveries(con, "protected") if key in small] == []
    assert [key for key, _ in chained_recoveries(con, "protected") if key in small] == []
    assert [key for key in linear_recoveries(con, "protected") if key in small] == []
    # The audit's intervals, on the published cells and every area group.
    con.execute("CREATE OR REPLACE TABLE audited AS SELECT f.*, p.status = 'suppressed' AS hidden"
                " FROM fact f JOIN protected p USING (indicator_code, area_code, period,"
                " group_code)")
    con.execute("CREATE OR REPLACE TABLE area_groups (hierarchy VARCHAR, "
                "total_area_code VARCHAR, member_area_code VARCHAR)")
    con.executemany("INSERT INTO area_groups VALUES ('any', ?, ?)",
                    [(total, m) for total, members in MEMBERS.items() for m in members])
    result = audit(con, "audited", "area_groups", protection=5)
    failing = {tuple(row) for row in con.execute(
        f"SELECT indicator_code, area_code, period, group_code FROM {result.failing_table}"
    ).fetchall()}
    assert failing & small == set()


COUNTS = {"KU1": {"male": 3, "female": 40}, "KU2": {"male": 90, "female": 80},
          "KU3": {"male": 20, "female": 30}, "KU4": {"male": 70, "female": 60},
          "KU5": {"male": 50, "female": 55}, "KU6": {"male": 45, "female": 35},
          "KU7": {"male": 65, "female": 75}}


def test_a_partner_in_the_same_sub_region_moves_no_aggregate() -> None:
    # KU1's 3 men: SK1 is published, so the county's pairing alone could leave KU1 = SK1 -
    # KU2. Its box: KU2 (in every aggregate KU1 is in, 90 men), both men and both totals.
    con = database(COUNTS)
    hidden = protected(con)
    assert hidden == {("KU1", g("male")): "primary", ("KU1", g()): "complementary",
                      ("KU2", g("male")): "complementary", ("KU2", g()): "complementary"}
    assert_nothing_recoverable(con)


def test_a_partner_across_sub_regions_takes_both_sub_regions_with_it() -> None:
    # KU1 and KU2 both small: the partner of at least 5 (KU3, the smallest) is in the other
    # sub-region, so SK1 and SK2 move with the box and are hidden; the region, the county and
    # the country hold all three and stay published.
    counts = {**COUNTS, "KU2": {"male": 2, "female": 80}}
    con = database(counts)
    hidden = protected(con)
    areas = {area for area, _ in hidden}
    assert {("KU1", g("male")), ("KU2", g("male"))} <= set(hidden)
    assert {"KU3", "SK1", "SK2"} <= areas
    assert not areas & {"MK1", "HVA1", "SSS", "KU4"}
    assert_nothing_recoverable(con)


def test_without_its_partner_the_checkers_find_the_leak() -> None:
    """The checkers are not vacuous: publish the box's partner again and KU1's count is its
    sub-region minus KU2."""
    con = database(COUNTS)
    protect(con, "fact", "protected")
    con.execute("UPDATE protected p SET value = f.value, absolute_value = f.absolute_value, "
                "status = f.status, suppression = NULL FROM fact f "
                "WHERE p.area_code = 'KU2' AND f.area_code = p.area_code "
                "AND f.group_code = p.group_code")
    leaked = {key[1:4:2] for key in linear_recoveries(con, "protected")}
    assert ("KU1", g("male")) in leaked


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_random_additive_tables(seed: int) -> None:
    rng = random.Random(seed)
    counts = {m: {s: rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40, 120]) for s in ("male", "female")}
              for m in MUNICIPALITIES}
    con = database(counts)
    protected(con)
    assert_nothing_recoverable(con)


def test_the_audit_in_batches_of_blocks_decides_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit looks at a few thousand blocks at a time (memory); batches of one block give
    the same decision and the same audit counts."""
    from pipelines.protect import suppression

    rng = random.Random(11)

    def counts() -> dict[str, dict[str, float]]:
        return {m: {s: rng.choice([0, 1, 2, 3, 9, 40]) for s in ("male", "female")}
                for m in MUNICIPALITIES}

    con = database(counts())
    for period in ("2020", "2021", "2022"):  # more blocks: one per period
        other = database(counts())
        rows = other.execute("SELECT * REPLACE ($p AS period) FROM fact", {"p": period}
                             ).fetchall()
        con.executemany(f"INSERT INTO fact VALUES ({', '.join('?' * len(rows[0]))})", rows)
    whole = protect(con, "fact", "protected")
    decided = con.execute("SELECT * FROM protected ORDER BY ALL").fetchall()
    monkeypatch.setattr(suppression, "AUDIT_BATCH_BLOCKS", 1)
    batched = protect(con, "fact", "protected")
    assert con.execute("SELECT * FROM protected ORDER BY ALL").fetchall() == decided
    assert whole.primary > 4 and whole.audit_checked > 4
    # Long audits say where they are (the build logs it).
    messages: list[str] = []
    suppression.suppress(con, "fact", progress=messages.append)
    suppression.cleanup(con)
    audit_messages = [m for m in messages if m.startswith("protection audit")]
    assert audit_messages and audit_messages[0].startswith("protection audit: batch 1 of 4 ")
    # (the LPs differ: the solver gets other chunks of components)
    assert replace(batched, audit_seconds=0, audit_lps=0) == replace(whole, audit_seconds=0,
                                                                     audit_lps=0)


# --- issue 24: a municipality's districts add up to it, and so do age bands ------------------

# A county of two municipalities; KU1 has three districts and two postal code areas (two
# partitions of it), KU2 none.
SMALL_AREAS = [
    # area_code, parent, level, county
    ("HVA1", None, "wellbeing_county", None),
    ("KU1", "HVA1", "municipality", "HVA1"),
    ("KU2", "HVA1", "municipality", "HVA1"),
    ("KU1-SA1", "KU1", "district", "HVA1"),
    ("KU1-SA2", "KU1", "district", "HVA1"),
    ("KU1-SA3", "KU1", "district", "HVA1"),
    ("PNO1", "KU1", "postal_code_area", "HVA1"),
    ("PNO2", "KU1", "postal_code_area", "HVA1"),
    ("KU9", "KU1", "former_municipality", "HVA1"),  # no part of KU1's equations
]


def small_area_database(cells: list[Cell]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA mart")
    con.execute("CREATE TABLE mart.dim_area (area_code VARCHAR, parent_area_code VARCHAR,"
                " area_level VARCHAR, wellbeing_county_code VARCHAR, region_code VARCHAR,"
                " sub_region_code VARCHAR)")
    con.executemany("INSERT INTO mart.dim_area VALUES (?, ?, ?, ?, NULL, NULL)", SMALL_AREAS)
    con.execute("CREATE TABLE mart.dim_indicator (indicator_code VARCHAR, unit VARCHAR)")
    con.execute("INSERT INTO mart.dim_indicator VALUES ('t:count', 'count')")
    load_fact(con, cells)
    return con


def hidden_of(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    return {(area, group): suppression for area, group, suppression in con.execute(
        "SELECT area_code, group_code, suppression FROM protected "
        "WHERE suppression IS NOT NULL").fetchall()}


def audit_every_equation(con: duckdb.DuckDBPyConnection, protection: float = 5) -> set:
    """The failing small counts by the audit, with every area equation a reader derives
    (tests/recovery.py's area_groups: the county and the municipality's two partitions)."""
    con.execute("CREATE OR REPLACE TABLE audited AS SELECT f.*, p.status = 'suppressed' AS "
                "hidden, p.suppression = 'primary' AS small FROM fact f JOIN protected p "
                "USING (indicator_code, area_code, period, group_code)")
    con.execute("CREATE OR REPLACE TABLE reader_groups (hierarchy VARCHAR, "
                "total_area_code VARCHAR, member_area_code VARCHAR)")
    for k, (total, members) in enumerate(area_groups(con)):
        con.executemany("INSERT INTO reader_groups VALUES (?, ?, ?)",
                        [(str(k), total, m) for m in members])
    result = audit(con, "audited", "reader_groups", protection=protection)
    return {tuple(row) for row in con.execute(
        f"SELECT area_code, group_code, reason FROM {result.failing_table}").fetchall()}


def assert_no_small_count_recoverable(con: duckdb.DuckDBPyConnection) -> None:
    small = {tuple(key) for key in con.execute(
        "SELECT indicator_code, area_code, period, group_code FROM protected "
        "WHERE suppression = 'primary'").fetchall()}
    assert small
    assert [key for key, _ in simple_recoveries(con, "protected") if key in small] == []
    assert [key for key, _ in chained_recoveries(con, "protected") if key in small] == []
    assert [key for key in linear_recoveries(con, "protected") if key in small] == []
    assert audit_every_equation(con) == set()


def republish(con: duckdb.DuckDBPyConnection, area: str, group: str) -> None:
    """Undo the protection of one cell: what the checkers must then find."""
    con.execute("UPDATE protected p SET value = f.value, status = f.status, suppression = NULL "
                "FROM fact f WHERE p.area_code = $a AND p.group_code = $g "
                "AND f.area_code = p.area_code AND f.group_code = p.group_code",
                {"a": area, "g": group})


def test_a_district_is_not_its_municipality_minus_the_other_districts() -> None:
    # The example: KU1 = 100, its districts 3, 40 and 57: hiding the 3 alone gives
    # it back as 100 - 40 - 57. Another district goes with it (the smallest other: 40) and
    # KU1 stays published, as the county's other municipalities do.
    con = small_area_database([
        Cell("HVA1", g(), 160), Cell("KU1", g(), 100), Cell("KU2", g(), 60),
        Cell("KU1-SA1", g(), 3), Cell("KU1-SA2", g(), 40), Cell("KU1-SA3", g(), 57)])
    report = protect(con, "fact", "protected")
    assert hidden_of(con) == {("KU1-SA1", g()): "primary", ("KU1-SA2", g()): "complementary"}
    assert (report.audit_exact, report.audit_narrow) == (0, 0)
    assert_no_small_count_recoverable(con)
    # The checkers are not vacuous: published again, the 40 gives the 3 away.
    republish(con, "KU1-SA2", g())
    assert ("t:count", "KU1-SA1", "2023", g()) in {k for k, _ in simple_recoveries(
        con, "protected")}
    assert ("KU1-SA1", g(), "exact") in audit_every_equation(con)


def test_age_bands_add_up_to_the_band_they_cover() -> None:
    # 15-19 + 20-24 + 25-29 = 15-29: the 3 goes with the smallest other band (40); 15-29 and
    # the total stay published. The total is all ages: the bands leave the rest (0-14 and 30-)
    # unknown, so no band is the total minus the others.
    ages = {"15-19": 3, "20-24": 40, "25-29": 57, "15-29": 100, "total": 900}
    con = small_area_database([Cell("KU1", g(age=a), v) for a, v in ages.items()])
    report = protect(con, "fact", "protected")
    assert hidden_of(con) == {("KU1", g(age="15-19")): "primary",
                              ("KU1", g(age="20-24")): "complementary"}
    assert (report.audit_exact, report.audit_narrow) == (0, 0)
    assert_no_small_count_recoverable(con)
    republish(con, "KU1", g(age="20-24"))
    assert ("t:count", "KU1", "2023", g(age="15-19")) in {k for k, _ in simple_recoveries(
        con, "protected")}
    assert ("KU1", g(age="15-19"), "exact") in audit_every_equation(con)


def test_an_age_band_is_at_most_a_band_holding_it() -> None:
    # 16-24 holds 18-24: a reader knows 18-24 <= 16-24 = 6 without any equation between the
    # two published ones, so a hidden 18-24 of 4 could not reach 4 + 5: the audit finds it
    # narrow and a box widens it (16-24 goes with it, and the same of a partner
    # municipality).
    con = small_area_database([
        Cell("HVA1", g(age="16-24"), 46), Cell("HVA1", g(age="18-24"), 34),
        Cell("KU1", g(age="16-24"), 6), Cell("KU1", g(age="18-24"), 4),
        Cell("KU2", g(age="16-24"), 40), Cell("KU2", g(age="18-24"), 30)])
    report = protect(con, "fact", "protected")
    hidden = hidden_of(con)
    assert hidden[("KU1", g(age="18-24"))] == "primary"
    assert ("KU1", g(age="16-24")) in hidden
    assert (report.audit_exact, report.audit_narrow) == (0, 0)
    assert audit_every_equation(con) == set()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_tables_by_district_postal_area_age_and_sex(seed: int) -> None:
    """Additive counts by sex and age band (0-14, 15-24, 25-64, 15-64, 65- and the total)
    for KU1's districts and postal code areas (two partitions of KU1), KU1, KU2 and the
    county: no small count is recovered by the checkers' subtractions (every partition of
    areas and ages they find) nor by the audit."""
    rng = random.Random(seed)
    bands = ["0-14", "15-24", "25-64", "65-"]
    districts = ["KU1-SA1", "KU1-SA2", "KU1-SA3"]
    postal = ["PNO1", "PNO2"]
    # People of KU1 by district and postal area at once (each person in one of each).
    bottom = {(d, p, s, a): rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 30])
              for d in districts for p in postal for s in ("male", "female") for a in bands}
    count: dict[tuple[str, str, str], int] = {}

    def add(area: str, sex: str, age: str, n: int) -> None:
        for x in (sex, "total"):
            for y in {age, "total", *(["15-64"] if age in ("15-24", "25-64") else [])}:
                count[area, x, y] = count.get((area, x, y), 0) + n

    for (d, p, s, a), n in bottom.items():
        for area in (d, p, "KU1", "HVA1"):
            add(area, s, a, n)
    for s in ("male", "female"):
        for a in bands:
            n = rng.randint(10, 90)
            add("KU2", s, a, n)
            add("HVA1", s, a, n)
    con = small_area_database([Cell(area, g(sex, age), n)
                               for (area, sex, age), n in sorted(count.items())])
    report = protect(con, "fact", "protected")
    assert report.primary > 5
    assert (report.audit_exact, report.audit_narrow) == (0, 0)
    assert_no_small_count_recoverable(con)
