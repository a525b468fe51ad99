"""Real services for the service tests: the Dagster daemon (and webserver) as processes of their
own, a webhook receiver on 127.0.0.1, and waiting for runs in an instance."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# The repository's instance settings, with the run queue checked every second instead of five.
FAST_QUEUE = """
run_coordinator:
  module: dagster._core.run_coordinator
  class: QueuedRunCoordinator
  config:
    dequeue_interval_seconds: 1
"""


def write_instance_yaml(dagster_home: Path, extra: str = FAST_QUEUE,
                        base: Path = REPO_ROOT / "dagster.yaml") -> Path:
    dagster_home.mkdir(parents=True, exist_ok=True)
    path = dagster_home / "dagster.yaml"
    path.write_text(base.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path,
            cwd: Path = REPO_ROOT) -> Iterator[subprocess.Popen]:
    """A process in its own process group (with the code server and run workers it starts),
    stopped with SIGTERM (SIGKILL after 30 s) when the block ends; output in `log`."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen, timeout: float = 30) -> None:
    if process.poll() is not None:
        _kill_group(process.pid, signal.SIGKILL)  # children it left behind
        return
    _kill_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid, signal.SIGKILL)
        process.wait(10)
    _kill_group(process.pid, signal.SIGKILL)


def _kill_group(pgid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def daemon_command() -> list[str]:
    return [str(BIN / "dagster-daemon"), "run", "-m", "pipelines.definitions"]


def tail(log: Path, chars: int = 4000) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-chars:] if log.exists() else ""


def wait_for(condition: Callable[[], object], timeout: float, what: str,
             log: Path | None = None, interval: float = 0.5) -> object:
    """The first truthy value of `condition()`; fails after `timeout` seconds naming `what`
    and showing the end of the service's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n"
                         + (tail(log) if log else ""))


FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE,
            dg.DagsterRunStatus.CANCELED}


def finished_run(instance: dg.DagsterInstance, job_name: str,
                 tags: dict[str, str] | None = None,
                 accept: Callable[[dg.DagsterRun], bool] = lambda run: True,
                 ) -> dg.DagsterRun | None:
    """The oldest finished run of the job with these tags that `accept`s, or None."""
    runs = instance.get_runs(dg.RunsFilter(job_name=job_name, tags=tags or {}))
    for run in reversed(runs):  # get_runs lists the newest first
        if run.status in FINISHED and accept(run):
            return run
    return None


def run_failure_text(instance: dg.DagsterInstance, run: dg.DagsterRun) -> str:
    events = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    return "\n".join(str(event.dagster_event.event_specific_data.error.message)
                     for event in events if event.dagster_event)


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 that records the JSON bodies POSTed to it."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                length = int(self.headers.get("Content-Length", 0))
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/hytemart"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "WebhookReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def deploy_module(name: str):
    """A script of deploy/ as a module (they are scripts, not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "deploy" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def local_postgres() -> Iterator[tuple[Path, int, str]]:
    """A PostgreSQL server of its own on 127.0.0.1 with a temporary data folder (initdb, pg_ctl:
    deploy/local_postgres.py); yields the folder, the port and the URL; stopped and removed."""
    import shutil
    import tempfile

    pg = deploy_module("local_postgres")
    # Not under pytest's tmp_path: as root the server runs as `postgres`, who must reach it.
    folder = Path(tempfile.mkdtemp(prefix="hytemart-pg-"))
    folder.chmod(0o755)
    port = free_port()
    try:
        yield folder, port, pg.start(folder, port)
    finally:
        pg.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def graphql(url: str, query: str, variables: dict | None = None) -> dict:
    """One query to the Dagster webserver's GraphQL endpoint; errors raise."""
    import urllib.request

    request = urllib.request.Request(
        url.rstrip("/") + "/graphql", method="POST",
        data=json.dumps({"query": query, "variables": variables or {}}).encode("utf-8"),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    if body.get("errors"):
        raise AssertionError(f"GraphQL errors: {body['errors']}")
    return body["data"]


def webserver_up(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url.rstrip("/") + "/server_info", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False
