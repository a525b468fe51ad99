"""Build cost of hytemart at national scale, next to bare DuckDB on the same files.

For each size it generates Sotkanet-shaped CSV files (bench/generate_sotkanet.py), then
measures, each in its own process, wall time and peak memory (max RSS) of
  - bare DuckDB: read_csv of the same files into a table plus the same rules in SQL;
  - hytemart: the whole job with the dagster CLI, as `make run` runs it, on a fresh warehouse;
and, once, a hytemart build on a tiny input (the fixed cost) and an incremental rebuild after
one of the 50 files changed.

    python bench/build_bench.py --sizes 2000000 20000000
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
PYTHON = sys.executable
DAGSTER = str(Path(sys.executable).with_name("dagster"))


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one command, children included."""
    started = time.monotonic()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if status != 0:
        raise SystemExit(f"{command} failed:\n{process.stderr.read()[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def generated(rows: int) -> Path:
    raw = DATA / f"rows_{rows}" / "raw"
    if not (raw / "indicators" / "sotkanet" / "regions.json").exists():
        subprocess.run([PYTHON, str(BENCH / "generate_sotkanet.py"), "--rows", str(rows),
                        "--out", str(raw)], check=True)
    return raw


def hytemart_build(raw: Path, warehouse: Path, fresh: bool = True) -> tuple[float, float]:
    if fresh:
        shutil.rmtree(warehouse, ignore_errors=True)
    (warehouse / "dagster_home").mkdir(parents=True, exist_ok=True)
    env = {"HYTEMART_RAW_DIR": str(raw), "HYTEMART_WAREHOUSE_DIR": str(warehouse),
           "DAGSTER_HOME": str(warehouse / "dagster_home")}
    return measure([DAGSTER, "job", "execute", "-m", "pipelines.definitions",
                    "-j", "build_hytemart"], env)


def bare_duckdb(raw: Path, warehouse: Path) -> tuple[float, float]:
    warehouse.mkdir(parents=True, exist_ok=True)
    script = str(BENCH / "bare_duckdb.py")
    return measure([PYTHON, script, str(raw), str(warehouse / "bare.duckdb")])


def pandas_ge(raw: Path, warehouse: Path) -> tuple[float, float]:
    warehouse.mkdir(parents=True, exist_ok=True)
    script = str(BENCH / "pandas_ge_script.py")
    return measure([PYTHON, script, str(raw), str(warehouse / "pandas_ge.duckdb")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000_000, 20_000_000])
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--no-pandas-ge", action="store_true",
                        help="skip the pandas + Great Expectations script (slow at 20 M rows)")
    args = parser.parse_args()

    tiny = generated(1_000)
    fixed, fixed_mem = hytemart_build(tiny, DATA / "out" / "tiny")
    print(f"fixed cost (hytemart on 1,000 rows): {fixed:.1f} s, {fixed_mem:.0f} MiB", flush=True)
    lines = []
    for rows in args.sizes:
        raw = generated(rows)
        out = DATA / "out" / f"rows_{rows}"
        bare, bare_mem = bare_duckdb(raw, out)
        full, full_mem = hytemart_build(raw, out / "warehouse")
        line = {"rows": rows, "hytemart_s": round(full, 1), "hytemart_peak_mib": round(full_mem),
                "data_cost_s": round(full - fixed, 1), "bare_duckdb_s": round(bare, 1),
                "bare_peak_mib": round(bare_mem),
                "data_cost_vs_bare": round((full - fixed) / bare, 2)}
        if not args.no_pandas_ge:
            script, script_mem = pandas_ge(raw, out)
            line.update({"pandas_ge_s": round(script, 1), "pandas_ge_peak_mib": round(script_mem),
                         "speedup_vs_pandas_ge": round(script / full, 1)})
        if not args.no_incremental and rows == args.sizes[-1]:
            # Change one file of 50 (a new row for a year the generator never writes), rebuild,
            # and put the file back even if the build fails or is interrupted.
            changed = raw / "indicators" / "sotkanet" / "sotkanet_part_007.csv"
            original = changed.read_bytes()
            try:
                with changed.open("a") as handle:
                    handle.write("7;1;1990;total;1.0;\n")
                incremental, _ = hytemart_build(raw, out / "warehouse", fresh=False)
            finally:
                changed.write_bytes(original)
            line["incremental_1_of_50_s"] = round(incremental, 1)
        lines.append(line)
        print(json.dumps(line), flush=True)

    print()
    header = ["rows", "hytemart s", "peak MiB", "data cost s", "bare DuckDB s", "bare MiB",
              "data cost / bare", "pandas+GE s", "pandas+GE MiB", "pandas+GE / hytemart",
              "1 of 50 changed s"]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for line in lines:
        print(" | ".join(str(value) for value in [
            f"{line['rows']:,}", line["hytemart_s"], line["hytemart_peak_mib"],
            line["data_cost_s"], line["bare_duckdb_s"], line["bare_peak_mib"],
            line["data_cost_vs_bare"], line.get("pandas_ge_s", ""),
            line.get("pandas_ge_peak_mib", ""), line.get("speedup_vs_pandas_ge", ""),
            line.get("incremental_1_of_50_s", "")]))


if __name__ == "__main__":
    main()
