"""A BI tool holding the published file open neither blocks a build nor sees a half-written file."""

import json
import subprocess
import sys
import time
from pathlib import Path

READER = r"""
import json, sys, time, duckdb
from pathlib import Path
published, stop, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
seen, errors = [], []
held = duckdb.connect(str(published), read_only=True) if mode == "hold" else None
print("ready", flush=True)
while not stop.exists():
    try:
        con = held or duckdb.connect(str(published), read_only=True)
        seen.append(con.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()[0])
        if held is None:
            con.close()
    except Exception as exc:  # every failure is a finding: report it, do not hide it
        errors.append(repr(exc))
    time.sleep(0.02)
if held is not None:
    held.close()
after = duckdb.connect(str(published), read_only=True)
reconnected = after.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()[0]
print(json.dumps({"seen": sorted(set(seen)), "reads": len(seen), "errors": errors,
                  "reconnected": reconnected}), flush=True)
"""

HEADER = "indicator;region;year;gender;primary value;absolute value\n"


def start_reader(tmp_path: Path, published: Path, stop: Path, mode: str) -> subprocess.Popen:
    script = tmp_path / "reader.py"
    script.write_text(READER)
    process = subprocess.Popen(
        [sys.executable, str(script), str(published), str(stop), mode],
        stdout=subprocess.PIPE, text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def finish(process: subprocess.Popen) -> dict:
    output, _ = process.communicate(timeout=60)
    return json.loads(output.strip().splitlines()[-1])


def test_build_publishes_while_readers_hold_and_reopen_the_file(
    sample_raw, build, tmp_path
) -> None:
    assert build(sample_raw).success
    published = tmp_path / "warehouse" / "hytemart.duckdb"
    con_rows = _count(published)
    (sample_raw / "indicators" / "sotkanet" / "more_2024.csv").write_text(
        HEADER + "189;20;2024;total;9.5;\n189;969;2024;total;10.5;\n", encoding="utf-8"
    )
    stop = tmp_path / "stop"
    holder = start_reader(tmp_path, published, stop, "hold")
    reopener = start_reader(tmp_path, published, stop, "reopen")
    try:
        # Opening a file a reader holds for writing fails at once in DuckDB ("Conflicting
        # lock"), so the build's success shows it never needed the readers' file.
        result = build(sample_raw)
        time.sleep(0.2)
    finally:
        stop.touch()
    held, reopened = finish(holder), finish(reopener)
    assert result.success
    # The holder kept reading the file it opened; it sees the new data once it reconnects.
    assert held["errors"] == [] and held["reads"] > 0
    assert held["seen"] == [con_rows]
    assert held["reconnected"] == con_rows + 2
    # A reader opening the file again and again saw the old or the new mart, nothing between.
    assert reopened["errors"] == [] and reopened["reads"] > 0
    assert set(reopened["seen"]) <= {con_rows, con_rows + 2}
    assert reopened["reconnected"] == con_rows + 2


def _count(published: Path) -> int:
    import duckdb

    con = duckdb.connect(str(published), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM mart.fact_indicator_value").fetchone()[0]
    finally:
        con.close()
