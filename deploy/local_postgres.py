"""A PostgreSQL server of the service's own for the Dagster instance: initdb into a folder,
pg_ctl start on 127.0.0.1 only (no Unix socket), password authentication, a `dagster`
database. `make serve` and the tests use it; a site with a PostgreSQL server of its own sets
HYTEMART_PG_URL and does without it.

    python deploy/local_postgres.py start --dir warehouse/service/postgres --port 5433
    python deploy/local_postgres.py url   --dir ... --port 5433   # the URL, with its password
    python deploy/local_postgres.py stop  --dir ...

Debian's `postgresql` package provides the binaries (`make postgres` installs it). The server
refuses to run as root: as root, it runs as the `postgres` user the package creates.
Standard library only, so it runs before any virtual environment exists.
"""

import argparse
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DATABASE = "dagster"
USER = "dagster"
SERVER_USER = "postgres"  # Debian's package creates it


def bin_dir() -> Path:
    """The newest Debian PostgreSQL (/usr/lib/postgresql/N/bin), else initdb on PATH."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0)
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise SystemExit("PostgreSQL is not installed: `make postgres` installs Debian's package "
                     "(apt-get install postgresql)")


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _give_to_server_user(path: Path) -> None:
    if os.geteuid() == 0:
        account = pwd.getpwnam(SERVER_USER)
        os.chown(path, account.pw_uid, account.pw_gid)


def _check_reachable(folder: Path) -> None:
    """As root the server runs as another user, who must be able to reach the folder."""
    if os.geteuid() != 0:
        return
    for path in [folder, *folder.parents]:
        if not path.stat().st_mode & 0o001:
            raise SystemExit(f"{path} is closed to other users (mode "
                             f"{oct(path.stat().st_mode & 0o777)}): the server runs as "
                             f"{SERVER_USER!r} and cannot reach {folder}; choose another folder")


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    completed = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}):\n"
                         f"{completed.stdout}{completed.stderr}")
    return completed


def data_dir(folder: Path) -> Path:
    return folder / "data"


def password_file(folder: Path) -> Path:
    return folder / "password"


def init(folder: Path) -> None:
    """A new cluster in `folder`/data owned by the server user, unless there is one."""
    data = data_dir(folder)
    if (data / "PG_VERSION").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    _check_reachable(folder)
    secret = password_file(folder)
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        secret.chmod(0o600)
    data.mkdir(mode=0o700, exist_ok=True)
    _give_to_server_user(data)
    # initdb reads the password from a file the server user can read; removed at once.
    with tempfile.NamedTemporaryFile("w", suffix=".pw", delete=False) as handle:
        handle.write(secret.read_text(encoding="utf-8"))
    try:
        _give_to_server_user(Path(handle.name))
        _run(_as_server_user([
            str(bin_dir() / "initdb"), "-D", str(data), "-U", USER, "--pwfile", handle.name,
            "--auth-host=scram-sha-256", "--auth-local=reject", "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]))
    finally:
        os.unlink(handle.name)
    with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n# hytemart: TCP on 127.0.0.1 only, no Unix socket\n"
                   "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n")


def is_running(folder: Path) -> bool:
    data = data_dir(folder)
    if not (data / "PG_VERSION").exists():
        return False
    status = subprocess.run(_as_server_user([str(bin_dir() / "pg_ctl"), "status", "-D",
                                             str(data)]), capture_output=True, text=True)
    return status.returncode == 0


def start(folder: Path, port: int) -> str:
    """Initialise if needed, start on 127.0.0.1:`port` unless running, create the database;
    returns the URL for dagster-postgres."""
    init(folder)
    data = data_dir(folder)
    if not is_running(folder):
        _run(_as_server_user([str(bin_dir() / "pg_ctl"), "start", "-w", "-t", "60",
                              "-D", str(data), "-l", str(data / "server.log"),
                              "-o", f"-p {port}"]))
    env = {**os.environ, "PGPASSWORD": password(folder)}
    connect = ["-h", "127.0.0.1", "-p", str(port), "-U", USER]
    exists = _run([str(bin_dir() / "psql"), *connect, "-d", "postgres", "-tAc",
                   f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"], env=env)
    if exists.stdout.strip() != "1":
        _run([str(bin_dir() / "createdb"), *connect, DATABASE], env=env)
    return url(folder, port)


def stop(folder: Path) -> None:
    if is_running(folder):
        _run(_as_server_user([str(bin_dir() / "pg_ctl"), "stop", "-w", "-m", "fast",
                              "-D", str(data_dir(folder))]))


def password(folder: Path) -> str:
    return password_file(folder).read_text(encoding="utf-8").strip()


def url(folder: Path, port: int) -> str:
    # psycopg2 named: SQLAlchemy 2.1 takes plain postgresql:// to mean psycopg 3, which
    # dagster-postgres does not install.
    return f"postgresql+psycopg2://{USER}:{password(folder)}@127.0.0.1:{port}/{DATABASE}"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "url", "status"])
    parser.add_argument("--dir", type=Path, required=True, help="the server's folder")
    parser.add_argument("--port", type=int, default=5433)
    args = parser.parse_args(argv)
    folder = args.dir.resolve()
    if args.action == "start":
        start(folder, args.port)
        print(f"PostgreSQL running on 127.0.0.1:{args.port}, data in {data_dir(folder)}",
              file=sys.stderr)
    elif args.action == "stop":
        stop(folder)
    elif args.action == "url":
        print(url(folder, args.port))
    else:
        print("running" if is_running(folder) else "stopped")


if __name__ == "__main__":
    main(sys.argv[1:])
