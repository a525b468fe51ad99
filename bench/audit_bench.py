"""Cost of the protection audit (pipelines/protect/audit.py) at national scale.

For each size: a Sotkanet-shaped raw dir with the real 2016 regions payload
(bench/generate_sotkanet.py --shape real: 320 municipalities, sub-regions, regions, hospital
districts, ELY, AVI and ERVA areas, major regions, NUTS1, the country), its keys (indicator x
region x year x sex) with counts made additive: a municipality's men and women drawn from
the generator's hash (5000 u^2, so about 3 % are below 5), its total their sum, every
aggregate the sum of its municipalities. Then the protection (pipelines/protect/suppression.py: sex
and county groups, the boxes across every hierarchy of the payload and the audit in its loop;
the 2016 payload predates the wellbeing services counties, so the hospital districts, their
predecessors, stand in as counties) decides what the published file hides, and the audit
works out again every small count's interval through every hierarchy of the payload
(memberOf), and through the counties alone. Printed per size, as JSON: rows, small counts,
complementary cells, the time of each step, the audit in the decision's loop, and the
audits after, with how many small counts fail, by reason.

    python bench/audit_bench.py --sizes 2000000
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
sys.path.insert(0, str(ROOT))

from pipelines.protect.audit import audit  # noqa: E402
from pipelines.protect.suppression import protect  # noqa: E402

STAND_IN_COUNTY = "SAIRAANHOITOPIIRI"


def generated(rows: int) -> Path:
    raw = DATA / f"real_{rows}" / "raw"
    if not (raw / "indicators" / "sotkanet" / "regions.json").is_file():
        subprocess.run([sys.executable, str(BENCH / "generate_sotkanet.py"), "--rows", str(rows),
                        "--shape", "real", "--out", str(raw)], check=True)
    return raw


def prepare(con: duckdb.DuckDBPyConnection, raw: Path) -> None:
    """mart.dim_area / dim_indicator / dim_population_group, `facts` (additive counts) and
    `area_groups` (hierarchy, total_area_code, member_area_code) from the payload."""
    folder = raw / "indicators" / "sotkanet"
    regions = json.loads((folder / "regions.json").read_text(encoding="utf-8"))
    category = {r["id"]: r["category"] for r in regions}
    code = {r["id"]: f"R{r['id']}" for r in regions}  # area codes: any unique name will do
    con.execute("CREATE SCHEMA mart")
    con.execute("CREATE TABLE mart.dim_area (area_code VARCHAR, area_level VARCHAR,"
                " wellbeing_county_code VARCHAR, parent_area_code VARCHAR)")
    areas = []
    groups = []
    for r in regions:
        level = {"KUNTA": "municipality", STAND_IN_COUNTY: "wellbeing_county"}.get(
            r["category"], r["category"].lower())
        county = next((code[p] for p in r["memberOf"] if category.get(p) == STAND_IN_COUNTY),
                      None)
        areas.append((code[r["id"]], level, county if level == "municipality" else None))
        if r["category"] == "KUNTA":
            groups += [(category[p], code[p], code[r["id"]]) for p in r["memberOf"]
                       if p in category]
    con.executemany("INSERT INTO mart.dim_area VALUES (?, ?, ?, NULL)", areas)
    con.execute("CREATE TABLE area_groups (hierarchy VARCHAR, total_area_code VARCHAR,"
                " member_area_code VARCHAR)")
    con.executemany("INSERT INTO area_groups VALUES (?, ?, ?)", groups)
    con.execute("CREATE TABLE region_code (region BIGINT, area_code VARCHAR)")
    con.executemany("INSERT INTO region_code VALUES (?, ?)", list(code.items()))
    con.execute("CREATE TABLE mart.dim_indicator AS SELECT DISTINCT 'i' || indicator::VARCHAR"
                " AS indicator_code, 'count' AS unit"
                f" FROM read_csv('{folder}/*.csv', delim=';', header=true)")
    con.execute("CREATE TABLE mart.dim_population_group AS SELECT s || '.total.total' AS"
                " group_code, s AS sex, 'total' AS age_group, 'total' AS language_group"
                " FROM unnest(['total', 'male', 'female']) t(s)")
    # Keys as generated (rows naming an unknown region are left out, as the quarantine
    # would); municipalities' counts by sex from the hash, everything else summed up.
    con.execute(f"""
        CREATE TABLE keyed AS
        SELECT 'i' || k.indicator::VARCHAR AS indicator_code, c.area_code,
               k.year::VARCHAR AS period, k.gender AS sex
        FROM read_csv('{folder}/*.csv', delim=';', header=true) k
        JOIN region_code c USING (region)""")
    con.execute("""
        CREATE TABLE municipality_count AS
        WITH base AS (
            SELECT k.indicator_code, k.area_code, k.period, s.sex,
                   floor(5000 * pow((hash(k.indicator_code, k.area_code, k.period, s.sex)
                                     % 1000003) / 1000003.0, 2)) AS n
            FROM (SELECT DISTINCT indicator_code, area_code, period FROM keyed) k
            JOIN mart.dim_area a USING (area_code)
            CROSS JOIN (VALUES ('male'), ('female')) s(sex)
            WHERE a.area_level = 'municipality'
        )
        SELECT * FROM base
        UNION ALL
        SELECT indicator_code, area_code, period, 'total', sum(n)
        FROM base GROUP BY ALL""")
    con.execute("""
        CREATE TABLE facts AS
        WITH aggregate AS (
            SELECT m.indicator_code, g.total_area_code AS area_code, m.period, m.sex,
                   sum(m.n) AS n
            FROM municipality_count m
            JOIN (SELECT DISTINCT total_area_code, member_area_code FROM area_groups) g
              ON g.member_area_code = m.area_code
            GROUP BY ALL
        ),
        counted AS (
            SELECT * FROM municipality_count UNION ALL SELECT * FROM aggregate
        )
        SELECT k.indicator_code, k.area_code, k.period, k.sex || '.total.total' AS group_code,
               coalesce(c.n, 50 + hash(k.indicator_code, k.area_code) % 1000)::DOUBLE AS value,
               NULL::DOUBLE AS absolute_value, 'ok' AS status
        FROM keyed k
        LEFT JOIN counted c USING (indicator_code, area_code, period, sex)""")


def measure(rows: int) -> dict:
    raw = generated(rows)
    con = duckdb.connect()
    con.execute("SET threads = 2")
    started = time.monotonic()
    prepare(con, raw)
    prepared = time.monotonic()
    report = protect(con, "facts", "protected", area_groups="area_groups")
    protected = time.monotonic()
    # The restricted facts with what the published file hides.
    con.execute("CREATE TABLE published AS SELECT f.*, p.suppression IS NOT NULL AS hidden,"
                " p.suppression = 'primary' AS small"
                " FROM facts f JOIN protected p"
                " USING (indicator_code, area_code, period, group_code)")
    figures: dict = {
        "rows": con.execute("SELECT count(*) FROM facts").fetchone()[0],
        "load_avg": round(os.getloadavg()[0], 2),
        "prepare_s": round(prepared - started, 1),
        "protect_s": round(protected - prepared, 1),
        "hidden": report.primary + report.complementary,
        "primary": report.primary, "complementary": report.complementary,
        "in_loop_audit": {"checked": report.audit_checked, "exact": report.audit_exact,
                          "narrow": report.audit_narrow, "lps": report.audit_lps,
                          "seconds": round(report.audit_seconds, 1)},
    }
    for name, groups in (("counties_only", "county_groups"), ("all_hierarchies", "area_groups")):
        if name == "counties_only":
            con.execute(f"CREATE TABLE county_groups AS SELECT * FROM area_groups"
                        f" WHERE hierarchy = '{STAND_IN_COUNTY}'")
        result = audit(con, "published", groups, protection=5)
        by_reason = dict(con.execute(f"SELECT reason, count(*) FROM {result.failing_table}"
                                     " GROUP BY reason ORDER BY reason").fetchall())
        # What matters: the small counts (a complementary cell is 0 or at least the threshold)
        small_by_reason = dict(con.execute(
            f"SELECT f.reason, count(*) FROM {result.failing_table} f JOIN published p"
            " USING (indicator_code, area_code, period, group_code) WHERE p.small"
            " GROUP BY ALL ORDER BY ALL").fetchall())
        exact_only = audit(con, "published", groups, protection=0)
        figures[name] = {
            "audit_s": result.seconds, "blocks": result.blocks, "audited": result.audited,
            "equations": result.equations, "components": result.components,
            "closed_form": result.closed_form, "solved_components": result.solved_components,
            "lps": result.lps, "failing": result.failing, "failing_by_reason": by_reason,
            "small_failing_by_reason": small_by_reason,
            "recoverable_exactly": exact_only.failing, "audit_s_protection_0": exact_only.seconds,
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000_000])
    args = parser.parse_args()
    for rows in args.sizes:
        print(json.dumps({"size": rows, **measure(rows)}), flush=True)


if __name__ == "__main__":
    main()
