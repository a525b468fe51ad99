"""Time typical dashboard queries on the report views, as a BI tool runs them.

Opens a published mart read-only, like a BI tool, and runs each query once cold (the first
run after connecting: what a dashboard pays when it opens) and then --runs times warm, and
prints milliseconds per query. Not a test: the figures go into the issue's closing note.

    python bench/report_queries.py                       # builds the bundled sample first
    python bench/report_queries.py --published warehouse/hytemart.duckdb
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]

# Stands for the first 50 indicator codes of the mart, looked up before the timing.
FIFTY_INDICATORS = "<the first 50 indicator codes>"

# (what a dashboard shows, SQL, parameters)
QUERIES: list[tuple[str, str, dict[str, object]]] = [
    ("latest value of every indicator, Espoo",
     "SELECT indicator_name_en, latest_period, latest_value, latest_status, previous_value, "
     "change_from_previous, unit FROM report.latest_value "
     "WHERE area_code = $area AND group_code = 'total.total.total' ORDER BY indicator_name_en",
     {"area": "KU049"}),
    ("time series of one indicator, Espoo, by sex",
     "SELECT group_label_en, period_start, value, status FROM report.time_series "
     "WHERE indicator_code = $indicator AND area_code = $area AND sex <> 'total' "
     "ORDER BY group_label_en, period_start",
     {"indicator": "sotkanet:127", "area": "KU049"}),
    ("area comparison of one indicator, Espoo vs county vs country",
     "SELECT period, municipality_value, wellbeing_county_value, country_value, "
     "difference_to_country FROM report.area_comparison "
     "WHERE municipality_code = $area AND indicator_code = $indicator "
     "AND group_code = 'total.total.total' ORDER BY period_start",
     {"area": "KU049", "indicator": "sotkanet:189"}),
    ("population groups of one indicator, Espoo, one year",
     "SELECT breakdown, group_label_en, value, status, breakdown_total_value "
     "FROM report.population_groups WHERE indicator_code = $indicator AND area_code = $area "
     "AND period = $period ORDER BY breakdown, group_code",
     {"indicator": "county:lonely", "area": "KU049", "period": "2023"}),
    ("project targets, whole register",
     "SELECT project_title, indicator_name_en, target_area_name_en, baseline_value, "
     "latest_value, change_since_baseline FROM report.project_targets ORDER BY ALL",
     {}),
    # The 50 codes as a list, as a BI filter sends them: a subquery here is not pushed through
    # the view's window, and the query takes seconds at national scale.
    ("latest value per area, 50 indicators",
     "SELECT indicator_code, area_code, latest_period, latest_value FROM report.latest_value "
     "WHERE list_contains($indicators, indicator_code) AND group_code = 'total.total.total'",
     {"indicators": FIFTY_INDICATORS}),
    ("series of one indicator for 10 municipalities, every year",
     "SELECT area_name_en, period_start, value, status FROM report.time_series "
     "WHERE indicator_code = $indicator AND group_code = 'total.total.total' "
     "AND area_code IN (SELECT area_code FROM mart.dim_area WHERE area_level = 'municipality' "
     "ORDER BY area_code LIMIT 10) ORDER BY area_name_en, period_start",
     {"indicator": "sotkanet:127"}),
    ("latest values of all municipalities, one indicator (a map)",
     "SELECT area_name_fi, latest_value FROM report.latest_value "
     "WHERE indicator_code = $indicator AND area_level = 'municipality' "
     "AND group_code = 'total.total.total'",
     {"indicator": "sotkanet:189"}),
]


def build_sample(warehouse: Path) -> Path:
    """Build the bundled sample into warehouse/ (about 6 s) and return the published file."""
    import dagster as dg

    from pipelines.assets.resources import HytemartResource
    from pipelines.definitions import ASSETS, CHECKS

    resource = HytemartResource(raw_dir=str(ROOT / "raw"), warehouse_dir=str(warehouse))
    result = dg.materialize([*ASSETS, *CHECKS], resources={"hytemart": resource},
                            raise_on_error=False)
    if not result.success:
        raise SystemExit("the sample build failed")
    return warehouse / "hytemart.duckdb"


def time_query(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object],
               runs: int) -> tuple[float, list[float], int]:
    """Cold milliseconds, warm milliseconds per run, and rows returned."""
    def once() -> tuple[float, int]:
        started = time.perf_counter()
        rows = len(con.execute(sql, params).fetchall())
        return (time.perf_counter() - started) * 1000, rows

    cold, rows = once()
    return cold, [once()[0] for _ in range(runs)], rows


def time_queries(published: Path, runs: int) -> list[tuple[str, int, float, float, float]]:
    """Each query's name, rows, cold ms, median warm ms and p95 warm ms."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        fifty = [code for (code,) in con.execute(
            "SELECT indicator_code FROM mart.dim_indicator ORDER BY 1 LIMIT 50").fetchall()]
        results = []
        for name, sql, params in QUERIES:
            params = {key: fifty if value == FIFTY_INDICATORS else value
                      for key, value in params.items()}
            cold, warm, rows = time_query(con, sql, params, runs)
            p95 = statistics.quantiles(warm, n=20)[-1] if len(warm) > 1 else warm[0]
            results.append((name, rows, cold, statistics.median(warm), p95))
        return results
    finally:
        con.close()


def report(published: Path, runs: int) -> None:
    con = duckdb.connect(str(published), read_only=True)
    try:
        facts = con.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()[0]
    finally:
        con.close()
    print(f"{published} ({facts:,} fact rows), DuckDB {duckdb.__version__}, "
          f"{runs} warm runs each\n")
    print(f"{'query':62} {'rows':>6} {'cold ms':>8} {'median':>7} {'p95':>7}")
    for name, rows, cold, median, p95 in time_queries(published, runs):
        print(f"{name:62} {rows:6} {cold:8.1f} {median:7.2f} {p95:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--published", type=Path,
                        help="a published hytemart.duckdb; default: build the bundled sample")
    parser.add_argument("--runs", type=int, default=50, help="warm runs per query")
    args = parser.parse_args()
    if args.published:
        report(args.published, args.runs)
        return
    with tempfile.TemporaryDirectory(prefix="hytemart-report-bench-") as tmp:
        report(build_sample(Path(tmp) / "warehouse"), args.runs)


if __name__ == "__main__":
    main()
