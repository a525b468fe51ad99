"""`make serve`: hytemart as a service on this machine, in the foreground.

1. PostgreSQL for the Dagster instance: a server of its own in <service dir>/postgres
   (deploy/local_postgres.py), unless HYTEMART_PG_URL names one already;
2. DAGSTER_HOME = <service dir>/dagster_home with deploy/dagster.yaml;
3. supervisord with deploy/supervisord.conf: the code server, the webserver and the daemon.
Ctrl-C (or SIGTERM) stops the three services, then the PostgreSQL server it started.
Standard library only; the programs come from the virtual environment given.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import local_postgres

DEPLOY = Path(__file__).resolve().parent


def service_environment(args: argparse.Namespace, pg_url: str) -> dict[str, str]:
    home = args.service_dir / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEPLOY / "dagster.yaml", home / "dagster.yaml")
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "HYTEMART_PG_URL": pg_url,
        "HYTEMART_SERVICE_DIR": str(args.service_dir),
        "HYTEMART_VENV": str(args.venv),
        "HYTEMART_CODE_SERVER_PORT": str(args.code_server_port),
        "HYTEMART_WEBSERVER_HOST": args.webserver_host,
        "HYTEMART_WEBSERVER_PORT": str(args.webserver_port),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--service-dir", type=Path, required=True)
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument("--code-server-port", type=int, default=4266)
    parser.add_argument("--webserver-host", default="127.0.0.1")
    parser.add_argument("--webserver-port", type=int, default=3000)
    args = parser.parse_args(argv)
    args.service_dir = args.service_dir.resolve()
    args.venv = args.venv.resolve()
    args.service_dir.mkdir(parents=True, exist_ok=True)

    own_postgres = not os.environ.get("HYTEMART_PG_URL")
    pg_folder = args.service_dir / "postgres"
    if own_postgres:
        pg_url = local_postgres.start(pg_folder, args.pg_port)
        print(f"PostgreSQL on 127.0.0.1:{args.pg_port} ({pg_folder})", file=sys.stderr)
    else:
        pg_url = os.environ["HYTEMART_PG_URL"]
    env = service_environment(args, pg_url)
    print(f"hytemart service: UI at http://{args.webserver_host}:{args.webserver_port}, "
          f"logs in {args.service_dir}; Ctrl-C stops it", file=sys.stderr)
    supervisord = subprocess.Popen(
        [str(args.venv / "bin" / "supervisord"), "-c", str(DEPLOY / "supervisord.conf")],
        env=env, cwd=DEPLOY.parent)

    def forward(signum: int, _frame: object) -> None:
        supervisord.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    try:
        code = supervisord.wait()
    finally:
        if own_postgres:
            local_postgres.stop(pg_folder)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
