"""Where small-number protection spends its time: the decision (pipelines/protect/suppression.py)
on the facts of a work database a build left, with the wall and CPU seconds of every SQL file
and of the audit's LPs, and what it hid.

    python bench/protect_profile.py bench/data/out/real_2000000/warehouse

The work database is copied first (the decision only makes temporary tables, but the build's
own file stays untouched), and opened with the build's memory limit. The machine is shared:
CPU seconds (user + system of this process) are printed beside wall seconds, with the load.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.protect import audit, layout, suppression  # noqa: E402


def cpu() -> float:
    usage = os.times()
    return usage.user + usage.system


def timed(seconds: dict[str, list[float]], run):
    """run_sql_file, timing each file by name (wall, CPU, calls)."""
    def wrapper(con, name, params=None):
        wall, started = time.monotonic(), cpu()
        try:
            return run(con, name, params)
        finally:
            entry = seconds[name]
            entry[0] += time.monotonic() - wall
            entry[1] += cpu() - started
            entry[2] += 1
    return wrapper


def profile(warehouse: Path, memory_limit: str, threshold: int, protection: float) -> dict:
    seconds: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for module in (suppression, audit, layout):
        module.run_sql_file = timed(seconds, module.run_sql_file)
    solve = audit._solve_components

    def solve_timed(*args):
        wall, started = time.monotonic(), cpu()
        try:
            return solve(*args)
        finally:
            entry = seconds["(LPs: audit._solve_components)"]
            entry[0] += time.monotonic() - wall
            entry[1] += cpu() - started
            entry[2] += 1

    audit._solve_components = solve_timed
    with tempfile.TemporaryDirectory(dir=warehouse) as scratch:
        work = Path(scratch) / "work.duckdb"
        shutil.copyfile(warehouse / "work" / "hytemart_work.duckdb", work)
        con = duckdb.connect(str(work))
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute("SET temp_directory = $d", {"d": str(Path(scratch) / "spill")})
        load = os.getloadavg()[0]
        wall, started = time.monotonic(), cpu()
        report = suppression.suppress(con, "mart.fact_indicator_value", threshold, protection,
                                      progress=lambda m: print(f"  {m}", file=sys.stderr))
        total_wall, total_cpu = time.monotonic() - wall, cpu() - started
        (cells,) = con.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()
        suppression.cleanup(con)
        con.close()
    steps = sorted(seconds.items(), key=lambda item: -item[1][0])
    return {
        "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
        "wall_s": round(total_wall, 1), "cpu_s": round(total_cpu, 1),
        "cells": cells, "primary": report.primary, "complementary": report.complementary,
        "complementary_per_primary": round(report.complementary / max(report.primary, 1), 3),
        "hidden_share": round((report.primary + report.complementary) / max(cells, 1), 4),
        "audit": {"audits": report.audit_checked, "exact": report.audit_exact,
                  "narrow": report.audit_narrow, "lps": report.audit_lps},
        "steps": {name: {"wall_s": round(w, 2), "cpu_s": round(c, 2), "calls": n}
                  for name, (w, c, n) in steps},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path, help="a warehouse directory a build left")
    parser.add_argument("--memory-limit", default="1.5GB")
    parser.add_argument("--threshold", type=int, default=5)
    parser.add_argument("--protection", type=float, default=None)
    args = parser.parse_args()
    print(json.dumps(profile(args.warehouse, args.memory_limit, args.threshold,
                             args.protection), indent=1))


if __name__ == "__main__":
    main()
