"""How long the map views take over many facts: report.area_map and report.small_area_spread
on a published file whose facts are multiplied (synthetic indicators over every area with a
boundary, the sample's dimensions otherwise), the way a BI tool reads one map and the exports
read them whole.

    .venv/bin/python bench/map_views_bench.py [--published warehouse/hytemart.duckdb]
                                              [--facts 5000000]

Prints the timings; not part of the tests.
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.settings import PROJECT_ROOT
from pipelines.sqlfiles import run_sql_file


def timed(con: duckdb.DuckDBPyConnection, label: str, sql: str) -> None:
    started = time.perf_counter()
    rows = con.execute(sql).fetchall()
    print(f"{label}: {time.perf_counter() - started:.2f} s ({rows[0][0]:,} rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--published", type=Path,
                        default=PROJECT_ROOT / "warehouse" / "hytemart.duckdb")
    parser.add_argument("--facts", type=int, default=5_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        shutil.copy(args.published, path)
        con = duckdb.connect(str(path))
        areas = con.execute("SELECT count(*) FROM mart.dim_area_boundary").fetchone()[0]
        # Synthetic facts: indicators x 10 years x every area with a boundary, alternating
        # counts and rates, one in 50 cells suppressed.
        indicators = max(1, args.facts // (areas * 10))
        con.execute("""
            INSERT INTO mart.dim_indicator (indicator_code, source, name_fi, name_sv, name_en,
                                            unit, decimals)
            SELECT 'bench:' || i, 'bench', 'i' || i, 'i' || i, 'i' || i,
                   CASE WHEN i % 2 = 0 THEN 'count' ELSE 'percent' END, 1
            FROM range($n) r(i)""", {"n": indicators})
        started = time.perf_counter()
        con.execute("""
            INSERT INTO mart.fact_indicator_value BY NAME
            SELECT 'bench:' || i AS indicator_code, b.area_code, y::VARCHAR AS period,
                   'annual' AS frequency, make_date(y, 1, 1) AS period_start,
                   'total.total.total' AS group_code,
                   CASE WHEN hash(i, b.area_code, y) % 50 <> 0
                        THEN (hash(b.area_code, i, y) % 10000) / 100.0 END AS value,
                   CASE WHEN hash(i, b.area_code, y) % 50 <> 0 THEN 'ok' ELSE 'suppressed' END
                       AS status, 'bench' AS source, 'bench.csv' AS source_file
            FROM range($n) r(i), mart.dim_area_boundary b, range(2015, 2025) t(y)""",
                    {"n": indicators})
        facts = con.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()[0]
        print(f"{facts:,} facts ({indicators} synthetic indicators over {areas} areas with a "
              f"boundary, 10 years) in {time.perf_counter() - started:.1f} s")
        for view in ("area_map", "small_area_spread"):
            run_sql_file(con, f"outputs/report/{view}")
        timed(con, "report.area_map, one map (an indicator, the county's municipalities)",
              "SELECT count(*) FROM report.area_map WHERE indicator_code = 'bench:1' "
              "AND area_level = 'municipality' AND wellbeing_county_code = 'HVA03'")
        timed(con, "report.area_map, every row (as the exports read it)",
              "SELECT count(*) FROM (SELECT * FROM report.area_map)")
        timed(con, "report.small_area_spread, one municipality",
              "SELECT count(*) FROM report.small_area_spread WHERE municipality_code = 'KU049'")
        timed(con, "report.small_area_spread, every row",
              "SELECT count(*) FROM (SELECT * FROM report.small_area_spread)")
        con.close()


if __name__ == "__main__":
    main()
