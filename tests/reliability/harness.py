"""What the reliability tests share: real builds in subprocesses that can be killed at a
named point, a medium-sized raw directory, and a digest of a published file that tells the
old publication from the new one.

Builds and exports run as `make run` runs them, `python -m pipelines.run <job>`, or as the
README's one-job command line, `dg launch --job <job>`, with their own DAGSTER_HOME. A run
is killed with SIGKILL (its whole process group) either when the run's Dagster event log shows
a step starting (a real point, read from the run's SQLite event log as the run writes it) or
at a fault point inside publishing or exporting (HYTEMART_FAULT, see pipelines/publish/faults.py).
"""

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.faults import FAULT_VARIABLE
from pipelines.publish.warehouse import WarehousePaths
from pipelines.sqlfiles import quote_ident

REPO_ROOT = Path(__file__).resolve().parents[2]
# `make reliability` runs everything at length; `make test` a bounded part (the rest skipped).
LONG = os.environ.get("HYTEMART_RELIABILITY") == "long"
long_only = pytest.mark.skipif(not LONG, reason="long run: make reliability")
DG = Path(sys.executable).with_name("dg")
# Columns that differ between two builds of the same files: when and by which run.
VOLATILE_COLUMNS = {"run_id", "quarantined_at", "staged_at"}
# Files a build may leave between runs; anything else hidden in the warehouse is debris.
KNOWN_HIDDEN = {".build.lock"}


def sample_like_raw(target: Path, sotkanet_rows: int = 0) -> Path:
    """A copy of the bundled raw/; with sotkanet_rows, its Sotkanet folder replaced by that
    many generated rows (bench/generate_sotkanet.py: every municipality, 8 files)."""
    shutil.copytree(REPO_ROOT / "raw", target)
    if sotkanet_rows:
        generated = target.parent / f".generated_{sotkanet_rows}"
        subprocess.run(
            [sys.executable, str(REPO_ROOT / "bench" / "generate_sotkanet.py"), "--rows",
             str(sotkanet_rows), "--files", "8", "--out", str(generated)],
            check=True, capture_output=True,
        )
        shutil.rmtree(target / "indicators" / "sotkanet")
        shutil.move(generated / "indicators" / "sotkanet", target / "indicators" / "sotkanet")
        shutil.rmtree(generated)
    return target


def change_raw(raw: Path) -> None:
    """A second version of the raw files: a changed Sotkanet file, a changed described table
    and a changed project card, so that a rebuild stages, protects and publishes anew."""
    sotkanet = sorted((raw / "indicators" / "sotkanet").glob("*.csv"))[0]
    lines = sotkanet.read_text(encoding="utf-8").splitlines(keepends=True)
    sotkanet.write_text("".join(lines[: max(2, len(lines) - 3)]), encoding="utf-8")
    table = raw / "indicators" / "county" / "school_survey_2023.csv"
    table.write_bytes(table.read_bytes().replace(b";7,5\n", b";8,5\n", 1))
    card = raw / "projects" / "cards" / "hytedata-2-0.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nChanged for the second version.\n",
                    encoding="utf-8")


def digest(path: Path) -> dict[str, str]:
    """Per published table, an md5 of its rows (sorted, volatile columns left out)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL").fetchall()
        result = {}
        for schema, table in tables:
            columns = [name for (name,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = $s "
                "AND table_name = $t ORDER BY column_index", {"s": schema, "t": table},
            ).fetchall() if name not in VOLATILE_COLUMNS]
            select = ", ".join(quote_ident(column) for column in columns)
            (value,) = con.execute(
                f"SELECT md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) FROM "
                f"(SELECT row({select})::VARCHAR AS r FROM "
                f"{quote_ident(schema)}.{quote_ident(table)})"
            ).fetchone()
            result[f"{schema}.{table}"] = value
        return result
    finally:
        con.close()


def exports_state(warehouse: Path) -> str | None:
    """The exports of a warehouse as one string (its manifest's files with their rows and
    digests), once checked whole: every file the manifest lists is there with its rows, and
    no other file is. None when there is no exports/ directory."""
    exports = warehouse / "exports"
    if not exports.exists():
        return None
    files = json.loads((exports / "manifest.json").read_text(encoding="utf-8"))["files"]
    found = {path.relative_to(exports).as_posix() for path in exports.rglob("*")
             if path.is_file()} - {"manifest.json"}
    assert found == set(files), f"{exports}: {sorted(found ^ set(files))} not as its manifest"
    con = duckdb.connect()
    try:
        for name, entry in files.items():
            reader = "read_parquet" if name.endswith(".parquet") else "read_csv"
            (rows,) = con.execute(f"SELECT count(*) FROM {reader}($path)",
                                  {"path": str(exports / name)}).fetchone()
            assert rows == entry["rows"], f"{exports / name}: {rows} rows, not {entry['rows']}"
    finally:
        con.close()
    return hashlib.md5(json.dumps(files, sort_keys=True).encode()).hexdigest()


def copy_warehouse(source: Path, target: Path) -> Path:
    """A copy of a warehouse whose published and restricted files (and their history) are hard
    links to the source's: the same inode and times, so that the copy's work database knows
    them as the files it published last and its next build publishes incrementally (patched
    copies, pipelines/publish/incremental.py), as the source's would. Publishing never writes
    a published file in place: the source's files stay as they are (the campaign checks)."""
    def link_or_copy(src: str, dst: str) -> None:
        parts = Path(src).relative_to(source).parts
        if src.endswith(".duckdb") and parts[0] != "work":
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)

    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=link_or_copy)
    return target


def file_digest(path: Path) -> str | None:
    """The digest of a published file as one string; None when there is no file."""
    if not path.exists():
        return None
    return hashlib.md5(repr(sorted(digest(path).items())).encode()).hexdigest()


def debris(warehouse: Path) -> list[str]:
    """Temporary files, half-copied history files and journals left in the warehouse."""
    found = []
    for path in warehouse.rglob(".*"):
        relative = path.relative_to(warehouse)
        if relative.parts[0] in {"dagster_home", "work"} or path.name in KNOWN_HIDDEN:
            continue
        found.append(relative.as_posix())
    return sorted(found)


@dataclass
class BuildOutcome:
    returncode: int
    killed: bool
    seconds: float
    stderr: str
    steps_started: list[str] = field(default_factory=list)


def build_env(raw: Path, warehouse: Path, **extra: str) -> dict[str, str]:
    home = warehouse / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("HYTEMART_") and key != "DAGSTER_HOME"}
    return {**env, "HYTEMART_RAW_DIR": str(raw), "HYTEMART_WAREHOUSE_DIR": str(warehouse),
            "DAGSTER_HOME": str(home), **extra}


def cli_build(
    raw: Path, warehouse: Path, *, kill_at_step: str | None = None, fault: str | None = None,
    kill_after: float | None = None, timeout: float = 600, job: str = "build_hytemart",
    preexec_fn: Callable[[], None] | None = None,
    on_first_step: Callable[[str], None] | None = None, dg_launch: bool = False,
    on_stopped: Callable[[], None] | None = None,
) -> BuildOutcome:
    """Run the build job (or `job`) as `make run` does (with dg_launch: `dg launch --job`);
    kill it when `kill_at_step` starts (as the event log shows), at the fault point `fault`,
    or `kill_after` seconds after its first step started. `on_first_step(run_id)` is called
    once the first step has started; `on_stopped()` once the run has stopped itself at the
    fault point `<point>:stop`, after which it goes on (SIGCONT)."""
    env = build_env(raw, warehouse, **({FAULT_VARIABLE: fault} if fault else {}))
    command = [sys.executable, "-m", "pipelines.run", *job.split()]
    if dg_launch:  # dg finds the code location in pyproject.toml, the venv by VIRTUAL_ENV
        command = [str(DG), "launch", "--job", job]
        env["VIRTUAL_ENV"] = str(Path(sys.executable).parents[1])
    runs_dir = warehouse / "dagster_home" / "history" / "runs"
    before = set(runs_dir.glob("*.db")) if runs_dir.is_dir() else set()
    log = warehouse / "dagster_home" / f"stderr.{time.monotonic_ns()}.log"
    started = time.monotonic()
    killed = False
    steps: list[str] = []
    watch = kill_at_step is not None or kill_after is not None or on_first_step is not None
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sink,
            start_new_session=True, preexec_fn=preexec_fn,
        )
        first_step_at = None
        while process.poll() is None:
            if on_stopped is not None and _stopped(process.pid):
                on_stopped()
                on_stopped = None
                os.kill(process.pid, signal.SIGCONT)
            if time.monotonic() - started > timeout:
                _kill(process)
                raise TimeoutError(f"build did not finish in {timeout} s")
            if watch:
                run_id, steps = _steps_started(runs_dir, before)
                if steps and first_step_at is None:
                    first_step_at = time.monotonic()
                    if on_first_step is not None:
                        on_first_step(run_id)
                if (kill_at_step and kill_at_step in steps) or (
                        first_step_at is not None and kill_after is not None
                        and time.monotonic() - first_step_at >= kill_after):
                    _kill(process)
                    killed = True
                    break
            time.sleep(0.02)
        process.wait()
    stderr = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    killed = killed or process.returncode == -signal.SIGKILL
    return BuildOutcome(process.returncode, killed, time.monotonic() - started, stderr, steps)


def _stopped(pid: int) -> bool:
    """Whether the process is stopped (SIGSTOP): its state in /proc/<pid>/stat is T."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "T"


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _steps_started(runs_dir: Path, before: set[Path]) -> tuple[str | None, list[str]]:
    """The new run's id and the steps whose STEP_START its event log holds, in order."""
    if not runs_dir.is_dir():
        return None, []
    for db in sorted(set(runs_dir.glob("*.db")) - before):
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
            try:
                rows = con.execute(
                    "SELECT step_key FROM event_logs WHERE dagster_event_type = 'STEP_START' "
                    "ORDER BY id").fetchall()
            finally:
                con.close()
        except sqlite3.Error:
            continue
        return db.stem, [row[0] for row in rows]
    return None, []


def steps_of_last_run(warehouse: Path) -> list[str]:
    """Every step the last finished build ran, in the order it started them."""
    runs_dir = warehouse / "dagster_home" / "history" / "runs"
    newest = max(runs_dir.glob("*.db"), key=lambda path: path.stat().st_mtime)
    return _steps_started(runs_dir, set(runs_dir.glob("*.db")) - {newest})[1]


def pair(warehouse: Path) -> tuple[str | None, str | None]:
    paths = WarehousePaths(warehouse)
    return file_digest(paths.published), file_digest(paths.restricted)
