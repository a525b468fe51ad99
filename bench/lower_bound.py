"""A lower bound of the complementary cells any protection needs on a built mart (issue 27),
to read "complementary cells per small count" against: what no method can go below while
no small count is worked out from its sex total or its sub-region.

For each small count (primary) of a block by sex: its sex equation (total = male + female)
gives it away unless another cell of it is hidden; where no other small count is in that
equation, that is a complementary cell, in a group of its own (one per block and area).
For a small count of a municipality, lone among its sub-region's small counts in the block
(no other small count of any sex in the sub-region's municipalities or the sub-region
itself): the sub-region's equation for its sex gives it away unless another of its cells is
hidden, a complementary cell again, in that equation's cells (no other bound's); and where
the block is by sex, that cell's own sex equation would give it away (and with it the small
count) unless one more of its cells is hidden, again a cell of the sub-region no other
bound counts. The bound is the sum; a real protection needs more (the other hierarchies,
the protection interval).

    python bench/lower_bound.py bench/data/out/real_2000000/warehouse
"""

import json
import sys
from pathlib import Path

import duckdb


def lower_bound(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse / "work" / "hytemart_work.duckdb"), read_only=True)
    restricted = warehouse / "restricted" / "hytemart_restricted.duckdb"
    con.execute("ATTACH $p AS r (READ_ONLY)", {"p": str(restricted)})
    con.execute("""
        CREATE TEMP TABLE small AS
        SELECT indicator_code, period, area_code, split_part(group_code, '.', 1) AS sex,
               split_part(group_code, '.', 2) AS age, split_part(group_code, '.', 3) AS lang
        FROM r.mart.fact_indicator_value WHERE suppression = 'primary'""")
    con.execute("""
        CREATE TEMP TABLE by_sex AS
        SELECT DISTINCT indicator_code, period FROM r.mart.fact_indicator_value
        WHERE group_code LIKE 'male.%' OR group_code LIKE 'female.%'""")
    con.execute("""
        CREATE TEMP TABLE sub_region AS
        SELECT c.area_code AS member, p.parent_area_code AS total
        FROM staging.sotkanet_region_parent p JOIN staging.sotkanet_region c USING (region_id)
        WHERE c.category = 'KUNTA' AND p.parent_level = 'sub_region'""")
    (primary, complementary) = con.execute(
        "SELECT count(*) FILTER (WHERE suppression = 'primary'), "
        "count(*) FILTER (WHERE suppression = 'complementary') "
        "FROM r.mart.fact_indicator_value").fetchone()
    (sex_groups,) = con.execute("""
        SELECT count(*) FROM (
            SELECT indicator_code, period, area_code, age, lang FROM small
            SEMI JOIN by_sex USING (indicator_code, period)
            GROUP BY ALL HAVING count(*) = 1)""").fetchone()
    (sub_regions, sub_regions_by_sex) = con.execute("""
        WITH located AS (
            SELECT s.*, coalesce(m.total, t.total) AS sub_region
            FROM small s
            LEFT JOIN sub_region m ON m.member = s.area_code
            LEFT JOIN (SELECT DISTINCT total FROM sub_region) t ON t.total = s.area_code
        )
        SELECT count(*), count(*) FILTER (WHERE by_sex) FROM (
            SELECT l.indicator_code, l.period, l.age, l.lang, l.sub_region,
                   b.indicator_code IS NOT NULL AS by_sex
            FROM located l LEFT JOIN by_sex b USING (indicator_code, period)
            WHERE l.sub_region IS NOT NULL
            GROUP BY ALL
            HAVING count(*) = 1 AND bool_and(l.area_code <> l.sub_region))""").fetchone()
    bound = sex_groups + sub_regions + sub_regions_by_sex
    return {"primary": primary, "complementary": complementary,
            "complementary_per_primary": round(complementary / max(primary, 1), 3),
            "lone_in_sex_equation": sex_groups, "lone_in_sub_region": sub_regions,
            "lone_in_sub_region_by_sex": sub_regions_by_sex,
            "lower_bound": bound, "lower_bound_per_primary": round(bound / max(primary, 1), 3)}


if __name__ == "__main__":
    print(json.dumps(lower_bound(Path(sys.argv[1]))))
