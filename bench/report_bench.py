"""Cost of the reports at national scale: the county's and its municipalities' reports in
three languages, HTML and PDF, written from a published mart, as the export job writes them.

Runs write_reports in a child process on a copy-free read of the given published file and
prints wall time, the part spent printing PDFs, the CPU seconds and the peak memory of the
child and its PDF workers (max RSS of the process tree, sampled), with the load average: the
machine is shared, so a figure taken under load is an upper bound. Not a test.

    python bench/report_bench.py --published bench/out/20000000/warehouse/hytemart.duckdb
    python bench/report_bench.py --published warehouse/hytemart.duckdb --areas KU049 --no-pdf

A published file from before the maps (bench/report_data_bench.py's at 20 M facts, say) has no
boundaries: `--boundaries-from warehouse/hytemart.duckdb` (a sample build's) copies the file,
adds that file's mart.dim_area_boundary and re-creates the report views in the copy, so that
the reports draw their maps as they would from a build of today.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from build_bench import tree_rss  # noqa: E402 - bench/ is not a package

CHILD = """
import json, sys, time
from pathlib import Path
from pipelines.outputs.reports import write_reports
published, out, themes, pdf = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), \\
    sys.argv[4] == "1"
areas = [a for a in sys.argv[5].split(",") if a]
started = time.perf_counter()
result = write_reports(published, out, areas, "HVA03", themes, pdf=pdf)
print(json.dumps({"seconds": time.perf_counter() - started, "pdf_seconds": result.pdf_seconds,
                  "reports": len(result.files),
                  "pdfs": sum(f.pdf is not None for f in result.files),
                  "pdf_pages": sum(f.pdf_pages for f in result.files),
                  "html_bytes": sum(f.bytes for f in result.files),
                  "pdf_bytes": sum(f.pdf_bytes for f in result.files)}))
"""


def with_boundaries(published: Path, boundaries_from: Path, folder: Path) -> Path:
    """A copy of `published` with the boundaries of another published file and today's
    report views (the views only: the mart's tables are the file's own)."""
    import duckdb

    from pipelines.assets.report import REPORT_SCHEMA, REPORT_VIEWS
    from pipelines.sqlfiles import run_sql_file

    copy = folder / "published.duckdb"
    shutil.copyfile(published, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("ATTACH $path AS other (READ_ONLY)", {"path": str(boundaries_from)})
        con.execute("CREATE OR REPLACE TABLE mart.dim_area_boundary AS "
                    "SELECT * FROM other.mart.dim_area_boundary")
        con.execute("DETACH other")
        for view in REPORT_VIEWS:
            if view.startswith("youth_"):
                continue  # the pilot's views read the pilot's tables, not in such a file
            run_sql_file(con, f"outputs/{REPORT_SCHEMA}/{view}")
    finally:
        con.close()
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--published", type=Path, required=True)
    parser.add_argument("--themes", type=Path, default=ROOT / "raw" / "report" / "themes.yaml")
    parser.add_argument("--areas", default="", help="comma-separated; default: the county "
                        "HVA03 and its municipalities")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--boundaries-from", type=Path,
                        help="a published file whose boundaries the reports' maps draw")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report_bench_") as out:
        published = args.published.resolve()
        if args.boundaries_from:
            published = with_boundaries(published, args.boundaries_from.resolve(),
                                        Path(out))
        started, cpu_before = time.perf_counter(), os.times()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(published), str(Path(out) / "reports"),
             str(args.themes.resolve()), "0" if args.no_pdf else "1", args.areas],
            cwd=ROOT, stdout=subprocess.PIPE, text=True)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.2):
                peak = max(peak, tree_rss(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = child.communicate()
        done.set()
        sampler.join()
        wall = time.perf_counter() - started
        cpu_after = os.times()
        cpu = (cpu_after.children_user - cpu_before.children_user
               + cpu_after.children_system - cpu_before.children_system)
        if child.returncode != 0:
            print(f"the reports failed (exit {child.returncode})", file=sys.stderr)
            return 1
        figures = json.loads(output.strip().splitlines()[-1])
        figures.update({"wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
                        "peak_rss_mb": round(peak / 2**20), "load": os.getloadavg()[0],
                        "published": str(args.published)})
        print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
