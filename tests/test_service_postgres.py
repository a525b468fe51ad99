"""The production profile: `deploy/serve.py` (what `make serve` runs) with the Dagster instance
on a real PostgreSQL server started here on 127.0.0.1 with a temporary data folder, the code
server, webserver and daemon under supervisord. Run history and schedule state survive a
restart of the services and of the database."""

import subprocess
import sys
from pathlib import Path

from service_harness import (
    REPO_ROOT,
    deploy_module,
    free_port,
    graphql,
    local_postgres,
    running,
    wait_for,
    webserver_up,
)

SELECTOR = {"repositoryLocationName": "hytemart", "repositoryName": "__repository__"}
RUNS = """query {
  runsOrError { ... on Runs { results { runId jobName status tags { key value } } } }
}"""
SCHEDULE = """query ($selector: ScheduleSelector!) {
  scheduleOrError(scheduleSelector: $selector) {
    ... on Schedule { scheduleState { id status } }
    ... on PythonError { message }
  }
}"""
STOP_SCHEDULE = """mutation ($id: String!) {
  stopRunningSchedule(id: $id) {
    ... on ScheduleStateResult { scheduleState { status } }
    ... on PythonError { message }
  }
}"""
SENSOR_TICKS = """query ($selector: SensorSelector!) {
  sensorOrError(sensorSelector: $selector) {
    ... on Sensor { sensorState { status ticks(limit: 100) { id status runIds } } }
  }
}"""


def runs(url: str) -> dict[str, tuple[str, str]]:
    """run id: (job, status) of every run the instance has."""
    return {run["runId"]: (run["jobName"], run["status"])
            for run in graphql(url, RUNS)["runsOrError"]["results"]}


def schedule_state(url: str) -> dict:
    selector = {**SELECTOR, "scheduleName": "build_hytemart_daily"}
    return graphql(url, SCHEDULE, {"selector": selector})["scheduleOrError"]["scheduleState"]


def sensor_ticks(url: str) -> list[dict]:
    selector = {**SELECTOR, "sensorName": "raw_files_sensor"}
    return graphql(url, SENSOR_TICKS, {"selector": selector})["sensorOrError"][
        "sensorState"]["ticks"]


def test_runs_and_schedules_survive_a_restart_of_the_services_and_the_database(
    tmp_path: Path, sample_raw: Path,
) -> None:
    service_dir, log = tmp_path / "service", tmp_path / "serve.log"
    web_port = free_port()
    url = f"http://127.0.0.1:{web_port}"
    serve = [sys.executable, str(REPO_ROOT / "deploy" / "serve.py"),
             "--service-dir", str(service_dir), "--venv", str(Path(sys.executable).parents[1]),
             "--code-server-port", str(free_port()), "--webserver-port", str(web_port)]
    with local_postgres() as (pg_folder, pg_port, pg_url):
        env = {"HYTEMART_PG_URL": pg_url, "HYTEMART_RAW_DIR": str(sample_raw),
               "HYTEMART_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
               "HYTEMART_SENSOR_INTERVAL_SECONDS": "1"}

        with running(serve, env, log):
            wait_for(lambda: webserver_up(url), 120, "the webserver", log)
            # Nothing published: the sensor builds, the exports follow (both through the
            # code server, recorded in PostgreSQL).
            finished = wait_for(
                lambda: sorted(job for job, status in runs(url).values()
                               if status == "SUCCESS") == ["build_hytemart", "export_hytemart"]
                and runs(url), 240, "a build and its exports", service_dir / "daemon.log")
            assert {status for _, status in finished.values()} == {"SUCCESS"}
            # An operator switches the schedule off.
            state = schedule_state(url)
            assert state["status"] == "RUNNING"  # declared so in code
            stopped = graphql(url, STOP_SCHEDULE, {"id": state["id"]})["stopRunningSchedule"]
            assert stopped["scheduleState"]["status"] == "STOPPED", stopped
            ticks_before = {tick["id"] for tick in sensor_ticks(url)}
            assert ticks_before

        # Everything down, the database restarted too: nothing is kept in memory.
        pg = deploy_module("local_postgres")
        pg.stop(pg_folder)
        pg.start(pg_folder, pg_port)

        with running(serve, env, log):
            wait_for(lambda: webserver_up(url), 120, "the webserver after the restart", log)
            assert runs(url) == finished
            assert schedule_state(url)["status"] == "STOPPED"
            # The sensor goes on where it was: its earlier ticks are still listed, with new ones.
            wait_for(lambda: len(sensor_ticks(url)) > len(ticks_before), 60,
                     "a sensor tick after the restart", service_dir / "daemon.log")
            assert ticks_before <= {tick["id"] for tick in sensor_ticks(url)}

        # The history is in PostgreSQL's tables, not in a file beside the instance.
        count = subprocess.run(
            [str(pg.bin_dir() / "psql"), pg_url.replace("+psycopg2", ""), "-tAc",
             "SELECT count(*) FROM runs"],
            capture_output=True, text=True, check=True)
        assert int(count.stdout) == 2
        assert not list((service_dir / "dagster_home").rglob("*.db"))
