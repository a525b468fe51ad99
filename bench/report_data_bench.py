"""What the welfare reports' relations cost at national scale (issue 23).

For each size: Sotkanet-shaped CSV with Sotkanet's real 2016 regions payload
(bench/generate_sotkanet.py --shape real), report settings for it (a size-class population
indicator of the generated data, goals for the ten municipalities of Western Uusimaa), the
build job on a fresh warehouse (wall, CPU and peak memory of the whole build, as
bench/build_bench.py measures them), then on the published file:

- materialize: computing mart.fact_comparison (what report.indicator_comparison names) inside a
  copy of the published file, as publication does when it writes the file whole (its own
  process: wall, CPU, peak memory);
- patch: the same for one indicator (delete its rows, insert them again), as a patched copy
  does for each changed indicator;
- queries, read-only, median of 5 warm runs: one area's latest values, one area's series, the
  ten municipalities side by side on one indicator (the county index page), the goals;
- as a view: one area's latest values with report.indicator_comparison as a plain view, once
  (what every report page would pay without the table).

    python bench/report_data_bench.py --rows 2000000 20000000
    python bench/report_data_bench.py --published warehouse/hytemart.duckdb  # queries only

The machine is shared: the 1-minute load average is printed with each figure. Timings go in
docs/benchmarks.md and the closing note, never into tests.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
PYTHON = sys.executable
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from build_bench import CPU_SECONDS, load, measure  # noqa: E402

AREAS = ("KU049", "KU078", "KU149", "KU224", "KU235", "KU257", "KU444", "KU710", "KU755",
         "KU927")
VIEW_SQL = ROOT / "sql" / "mart" / "fact_comparison.sql"
VIEW = "mart.fact_comparison"
QUERIES = {
    "area_latest": "SELECT * FROM report.indicator_comparison WHERE area_code = $area "
                   "AND is_latest AND group_code = 'total.total.total'",
    "area_series": "SELECT * FROM report.indicator_comparison WHERE area_code = $area",
    "county_index": "SELECT area_code, indicator_code, value, rank, comparison_class, "
                    "strength_or_need, trend FROM report.indicator_comparison "
                    "WHERE area_code IN (SELECT unnest($areas)) AND is_latest "
                    "AND group_code = 'total.total.total' AND indicator_code = $indicator",
    "goals": "SELECT * FROM report.goal_progress WHERE area_code = $area",
}


def comparison_query() -> str:
    """The SELECT of mart.fact_comparison (what report.indicator_comparison names), as its SQL
    file defines it."""
    text = VIEW_SQL.read_text(encoding="utf-8")
    start = text.index(f"CREATE OR REPLACE VIEW {VIEW} AS")
    body = text[start:].split(" AS\n", 1)[1]
    return body[:body.index(";\n")]


def settings(raw: Path) -> None:
    """raw/report/ for the generated data: indicator 2 ("number of persons", a count) as the
    size classes' population, two goals per municipality of Western Uusimaa on indicator 1."""
    report = raw / "report"
    report.mkdir(parents=True, exist_ok=True)
    (report / "indicators.yaml").write_text(
        "indicators:\n  sotkanet:1: lower\n  sotkanet:3: higher\n", encoding="utf-8")
    (report / "peer_groups.yaml").write_text("population_indicator: sotkanet:2\n",
                                             encoding="utf-8")
    goals = ["goals:"]
    for area in AREAS:
        for number, (target, year) in enumerate(((10.0, 2030), (90.0, 2035))):
            goals.append(textwrap.indent(textwrap.dedent(f"""\
                - id: {area.lower()}-{number}
                  area: {area}
                  indicator: sotkanet:1
                  text: {{fi: Tavoite, sv: Mål, en: Goal}}
                  target_value: {target}
                  target_year: {year}
                  responsible_unit: Hyvinvointi"""), "  "))
    (report / "goals.yaml").write_text("\n".join(goals) + "\n", encoding="utf-8")


def prepare(rows: int, rebuild: bool) -> Path:
    """The generated raw directory and the build's warehouse; built once, then reused (built
    again, incrementally, with `rebuild`: after a change to the code)."""
    root = DATA / f"report_{rows}"
    raw, warehouse = root / "raw", root / "warehouse"
    if not (raw / "indicators" / "sotkanet").is_dir():
        subprocess.run([PYTHON, str(BENCH / "generate_sotkanet.py"), "--rows", str(rows),
                        "--shape", "real", "--out", str(raw)], check=True)
    settings(raw)
    again = (warehouse / "hytemart.duckdb").is_file()
    if rebuild or not again:
        home = warehouse / "dagster_home"
        home.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
        before = load()
        wall, peak = measure([PYTHON, "-m", "pipelines.run", "build_hytemart"], env={
            "HYTEMART_RAW_DIR": str(raw), "HYTEMART_WAREHOUSE_DIR": str(warehouse),
            "DAGSTER_HOME": str(home)})
        report({"rows": rows, "step": "build job" + (" again (incremental)" if again else ""),
                "wall_s": round(wall, 1),
                "cpu_s": CPU_SECONDS.get("last"), "peak_mib": round(peak), "load": before})
    return warehouse / "hytemart.duckdb"


MATERIALIZE = """
import json, sys, time, duckdb
path, query, indicator, out = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3], sys.argv[4]
con = duckdb.connect(path, config={"memory_limit": "1.5GB"})
con.execute("DROP TABLE mart.fact_comparison")
started = time.monotonic()
con.execute(f"CREATE TABLE mart.fact_comparison AS {query}")
whole = time.monotonic() - started
rows = con.execute("SELECT count(*) FROM mart.fact_comparison").fetchone()[0]
started = time.monotonic()
con.execute("BEGIN TRANSACTION")
con.execute("DELETE FROM mart.fact_comparison WHERE indicator_code = $i", {"i": indicator})
# As pipelines/publish/incremental.py patches it: the changed indicators named at the source.
con.execute("SET VARIABLE patch_indicators = $parts", {"parts": [indicator]})
con.execute(f"INSERT INTO mart.fact_comparison SELECT * FROM ({query}) "
            "WHERE list_contains($parts, indicator_code)", {"parts": [indicator]})
con.execute("RESET VARIABLE patch_indicators")
con.execute("COMMIT")
patch = time.monotonic() - started
open(out, "w").write(json.dumps({"rows": rows, "whole_s": whole, "patch_s": patch}))
"""


def materialize(published: Path, rows: int) -> None:
    """The table computed whole, then one indicator's rows again, in a copy of the file."""
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        copy, query = Path(scratch) / "copy.duckdb", Path(scratch) / "query.sql"
        out = Path(scratch) / "out.json"
        shutil.copyfile(published, copy)
        query.write_text(comparison_query(), encoding="utf-8")
        before = load()
        wall, peak = measure([PYTHON, "-c", MATERIALIZE, str(copy), str(query), "sotkanet:1",
                              str(out)])
        timed = json.loads(out.read_text(encoding="utf-8"))
        report({"rows": rows, "step": "materialize whole, then patch one indicator",
                "comparison_rows": timed["rows"], "whole_s": round(timed["whole_s"], 2),
                "patch_s": round(timed["patch_s"], 2), "process_wall_s": round(wall, 1),
                "process_cpu_s": CPU_SECONDS.get("last"), "peak_mib": round(peak),
                "load": f"{before}/{load()}"})


def queries(published: Path, rows: int) -> None:
    import duckdb

    con = duckdb.connect(str(published), read_only=True)
    try:
        areas = [area for area in AREAS if con.execute(
            "SELECT count(*) FROM report.indicator_comparison WHERE area_code = $a",
            {"a": area}).fetchone()[0]]
        indicator = con.execute(  # the one with most areas' values: the widest index page
            "SELECT indicator_code FROM report.indicator_comparison WHERE is_latest AND "
            "group_code = 'total.total.total' GROUP BY 1 ORDER BY count(value) DESC, 1 LIMIT 1"
        ).fetchone()[0]
        for name, sql in QUERIES.items():
            times, found = [], 0
            for area in areas or [None]:
                params = {"area": area, "areas": areas, "indicator": indicator}
                used = {key: params[key] for key in set(re.findall(r"\$(\w+)", sql))}
                con.execute(sql, used).fetchall()  # warm
                runs = []
                for _ in range(5):
                    started = time.perf_counter()
                    found = len(con.execute(sql, used).fetchall())
                    runs.append(time.perf_counter() - started)
                times.append(statistics.median(runs))
            report({"rows": rows, "step": f"query {name}", "areas": len(areas),
                    "median_ms": round(1000 * statistics.median(times), 1),
                    "slowest_area_ms": round(1000 * max(times), 1), "rows_returned": found,
                    "load": load()})
    finally:
        con.close()
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        copy = Path(scratch) / "view.duckdb"
        shutil.copyfile(published, copy)
        con = duckdb.connect(str(copy), config={"memory_limit": "1.5GB"})
        try:
            # The report view over the mart view, as the work database has them.
            con.execute("DROP TABLE mart.fact_comparison")
            con.execute(f"CREATE VIEW mart.fact_comparison AS {comparison_query()}")
            started = time.perf_counter()
            con.execute("SELECT * FROM report.indicator_comparison WHERE area_code = $a AND "
                        "is_latest AND group_code = 'total.total.total'",
                        {"a": AREAS[0]}).fetchall()
            report({"rows": rows, "step": "query area_latest through a view (once)",
                    "ms": round(1000 * (time.perf_counter() - started)), "load": load()})
        finally:
            con.close()


def report(figure: dict) -> None:
    print(json.dumps(figure), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[2_000_000])
    parser.add_argument("--published", type=Path,
                        help="time the queries on this published file only")
    parser.add_argument("--rebuild", action="store_true",
                        help="run the build job again on a warehouse built before (after a "
                             "change to the code)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    if args.published:
        queries(args.published, 0)
        return
    for rows in args.rows:
        published = prepare(rows, args.rebuild)
        materialize(published, rows)
        queries(published, rows)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
