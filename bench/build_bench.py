"""Cost of `make run` as a whole at national scale, next to bare DuckDB and pandas + GE.

For each size it generates Sotkanet-shaped CSV files (bench/generate_sotkanet.py), then
measures, each in its own process, wall time and peak memory (max RSS of the process tree) of
  - bare DuckDB: read_csv of the same files into a table plus the same rules in SQL;
  - the pandas + Great Expectations script an analyst would write instead;
  - hytemart: `make run` on a fresh warehouse, as a user runs it: the build job (staging,
    checks, protection, publication) and the export job (exports, data dictionary, wellbeing
    report), with the time of every step read from Dagster's run records;
  - `make run` again after one of the 50 files changed (publication and exports incremental);
  - the dashboard queries of bench/report_queries.py on the published mart (median of 5);
and, once, `make run` on a small raw dir (the fixed cost, 50,000 rows by default: on a new
warehouse, then again with nothing changed). What small-number protection hid is read from the
restricted file: small counts, complementary cells per small count beside the floor no
method can go below on the same counts (bench/lower_bound.py), the share of cells hidden.
Peak memory is that of all the run's processes at once. `uptime`'s load average is
printed beside each figure: the machine is shared, and timings taken under load are noisy
(peak memory is not affected; CPU seconds much less).

    python bench/build_bench.py --sizes 2000000 20000000
    python bench/build_bench.py --sizes 2000000 --shape real   # a real regions payload
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
PYTHON = sys.executable
sys.path.insert(0, str(BENCH))


def load() -> str:
    """The 1-minute load average, e.g. '1.85'."""
    return f"{os.getloadavg()[0]:.2f}"


CPU_SECONDS: dict[str, float] = {}  # command's first word -> CPU seconds of its last run


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants now (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, added = {root}, True
    while added:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        added = bool(children)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE")


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one command with all its processes at
    once (`make`, the build, the Great Expectations worker: their sum, sampled every 0.2 s,
    or the largest one's own peak if that is more); its CPU seconds (user + system, children
    included) go to CPU_SECONDS: on a shared machine wall time follows the load, CPU time
    much less."""
    started = time.monotonic()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while process.returncode is None:
            peak[0] = max(peak[0], tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - started
    sampler.join()
    if status != 0:
        raise SystemExit(f"{command} failed:\n{process.stderr.read()[-3000:]}")
    CPU_SECONDS["last"] = round(usage.ru_utime + usage.ru_stime, 1)
    return elapsed, max(peak[0] / 2**20, usage.ru_maxrss / 1024)


def generated(rows: int, shape: str) -> Path:
    raw = DATA / (f"rows_{rows}" if shape == "synthetic" else f"{shape}_{rows}") / "raw"
    if not (raw / "indicators" / "sotkanet" / "regions.json").exists():
        subprocess.run([PYTHON, str(BENCH / "generate_sotkanet.py"), "--rows", str(rows),
                        "--shape", shape, "--out", str(raw)], check=True)
    return raw


def make_run(raw: Path, warehouse: Path, fresh: bool = True) -> tuple[float, float]:
    """`make run` on raw/ into warehouse/, as a user runs it (both jobs)."""
    if fresh:
        shutil.rmtree(warehouse, ignore_errors=True)
    env = {"HYTEMART_RAW_DIR": str(raw), "HYTEMART_WAREHOUSE_DIR": str(warehouse)}
    return measure(["make", "--no-print-directory", "run"], env)


def step_seconds(warehouse: Path, runs: int = 2) -> dict[str, float]:
    """Seconds of each step of the last `runs` runs (the build and the export job), from the
    run records of the warehouse's Dagster instance."""
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(warehouse / "dagster_home")) as instance:
        seconds = {}
        for run in reversed(instance.get_runs(limit=runs)):
            for step in instance.get_run_step_stats(run.run_id):
                if step.end_time and step.start_time:
                    seconds[step.step_key] = round(step.end_time - step.start_time, 1)
        return seconds


def bare_duckdb(raw: Path, out: Path) -> tuple[float, float]:
    out.mkdir(parents=True, exist_ok=True)
    return measure([PYTHON, str(BENCH / "bare_duckdb.py"), str(raw), str(out / "bare.duckdb")])


def pandas_ge(raw: Path, out: Path) -> tuple[float, float]:
    out.mkdir(parents=True, exist_ok=True)
    return measure([PYTHON, str(BENCH / "pandas_ge_script.py"), str(raw),
                    str(out / "pandas_ge.duckdb")])


def change_one_file(raw: Path) -> tuple[Path, bytes]:
    """Append a row to one file of 50 (a year the generator never writes); returns the file and
    its original content, to put back."""
    changed = raw / "indicators" / "sotkanet" / "sotkanet_part_007.csv"
    original = changed.read_bytes()
    with changed.open("a") as handle:
        handle.write("7;1;1990;total;1.0;1\n")
    return changed, original


def hidden(warehouse: Path) -> dict:
    """What small-number protection hid, from the restricted file of a build."""
    import duckdb

    con = duckdb.connect(str(warehouse / "restricted" / "hytemart_restricted.duckdb"),
                         read_only=True)
    try:
        cells, primary, complementary = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE suppression = 'primary'), "
            "count(*) FILTER (WHERE suppression = 'complementary') "
            "FROM mart.fact_indicator_value").fetchone()
    finally:
        con.close()
    found = {"primary": primary, "complementary": complementary,
             "complementary_per_primary": round(complementary / max(primary, 1), 3),
             "hidden_share": round((primary + complementary) / max(cells, 1), 4)}
    # What no method can go below on the same small counts (bench/lower_bound.py), to read
    # the complementary cells per small count against; it needs Sotkanet's sub-regions.
    from lower_bound import lower_bound

    try:
        floor = lower_bound(warehouse)
    except duckdb.CatalogException:
        return found
    return {**found, "floor_per_primary": floor["lower_bound_per_primary"]}


def dashboard(published: Path) -> dict[str, float]:
    """Median warm milliseconds of each query of bench/report_queries.py."""
    from report_queries import time_queries

    return {name: round(median, 1) for name, _, _, median, _ in time_queries(published, 5)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000_000, 20_000_000])
    parser.add_argument("--shape", choices=("synthetic", "real"), default="synthetic",
                        help="real: a real regions payload, an absolute value on every indicator")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--no-pandas-ge", action="store_true",
                        help="skip the pandas + Great Expectations script")
    parser.add_argument("--fixed-rows", type=int, default=50_000,
                        help="rows of the raw dir the fixed cost is measured on")
    args = parser.parse_args()

    tiny = generated(args.fixed_rows, args.shape)
    before = load()
    fixed, fixed_mem = make_run(tiny, DATA / "out" / f"tiny_{args.shape}")
    fixed_line = {"fixed_rows": args.fixed_rows, "fixed_cost_s": round(fixed, 1),
                  "cpu_s": CPU_SECONDS["last"],
                  "peak_mib": round(fixed_mem), "load": f"{before}/{load()}",
                  "steps": step_seconds(DATA / "out" / f"tiny_{args.shape}")}
    # Again on the same warehouse, nothing changed: what a user pays on every later run.
    before = load()
    again, _ = make_run(tiny, DATA / "out" / f"tiny_{args.shape}", fresh=False)
    fixed_line.update(again_s=round(again, 1), again_cpu_s=CPU_SECONDS["last"],
                      again_load=f"{before}/{load()}")
    print(json.dumps(fixed_line), flush=True)
    lines = []
    for rows in args.sizes:
        raw = generated(rows, args.shape)
        out = DATA / "out" / f"{args.shape}_{rows}"
        line: dict = {"rows": rows, "shape": args.shape}
        before = load()
        bare, bare_mem = bare_duckdb(raw, out)
        line.update(bare_duckdb_s=round(bare, 1), bare_cpu_s=CPU_SECONDS["last"],
                    bare_peak_mib=round(bare_mem),
                    bare_load=f"{before}/{load()}")
        if not args.no_pandas_ge:
            before = load()
            script, script_mem = pandas_ge(raw, out)
            line.update(pandas_ge_s=round(script, 1), pandas_ge_cpu_s=CPU_SECONDS["last"],
                        pandas_ge_peak_mib=round(script_mem),
                        pandas_ge_load=f"{before}/{load()}")
        before = load()
        full, full_mem = make_run(raw, out / "warehouse")
        line.update(make_run_s=round(full, 1), make_run_cpu_s=CPU_SECONDS["last"],
                    make_run_peak_mib=round(full_mem),
                    make_run_load=f"{before}/{load()}",
                    make_run_vs_bare=round(full / bare, 2),
                    steps=step_seconds(out / "warehouse"))
        line["protection"] = hidden(out / "warehouse")
        line["dashboard_ms"] = dashboard(out / "warehouse" / "hytemart.duckdb")
        if not args.no_incremental:
            # Change one file of 50, run again, and put the file back even if the run fails.
            changed, original = change_one_file(raw)
            try:
                before = load()
                incremental, incremental_mem = make_run(raw, out / "warehouse", fresh=False)
            finally:
                changed.write_bytes(original)
            line.update(incremental_s=round(incremental, 1), incremental_cpu_s=CPU_SECONDS["last"],
                        incremental_peak_mib=round(incremental_mem),
                        incremental_load=f"{before}/{load()}",
                        incremental_share=round(incremental / full, 2),
                        incremental_steps=step_seconds(out / "warehouse"))
        lines.append(line)
        print(json.dumps(line), flush=True)

    print(f"\nfixed cost (make run on {args.fixed_rows:,} rows): {fixed:.1f} s on a new warehouse, "
          f"{again:.1f} s again with nothing changed\n")
    header = ["rows", "make run s (load)", "CPU s", "peak MiB", "bare DuckDB s (CPU s)",
              "make run / bare", "pandas+GE s (CPU s, MiB)", "1 of 50 changed s (CPU s, share)",
              "complementary per small count (floor)", "slowest dashboard query ms"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for line in lines:
        slowest = max(line["dashboard_ms"].values())
        print("| " + " | ".join(str(value) for value in [
            f"{line['rows']:,}", f"{line['make_run_s']} ({line['make_run_load']})",
            line["make_run_cpu_s"], line["make_run_peak_mib"],
            f"{line['bare_duckdb_s']} ({line['bare_cpu_s']})", line["make_run_vs_bare"],
            f"{line['pandas_ge_s']} ({line['pandas_ge_cpu_s']}, {line['pandas_ge_peak_mib']})"
            if "pandas_ge_s" in line else "",
            f"{line['incremental_s']} ({line['incremental_cpu_s']}, "
            f"{line['incremental_share']})" if "incremental_s" in line else "",
            f"{line['protection']['complementary_per_primary']} "
            f"({line['protection'].get('floor_per_primary', '-')})",
            slowest]) + " |")


if __name__ == "__main__":
    main()
