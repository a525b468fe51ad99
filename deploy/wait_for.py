"""Wait until TCP services accept connections, then become the given command.

    python deploy/wait_for.py --tcp 127.0.0.1:4266 --url-env HYTEMART_PG_URL -- CMD ARGS...

--url-env names a variable holding a URL (the password stays out of the process list).
Gives up after --timeout seconds (exit 1), so that supervisord tries again and logs why.
"""

import argparse
import os
import socket
import sys
import time
from urllib.parse import urlsplit


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def main(argv: list[str]) -> None:
    if "--" not in argv:
        raise SystemExit("usage: wait_for.py [--tcp HOST:PORT] [--url-env NAME] -- COMMAND ...")
    split = argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("--tcp", action="append", default=[])
    parser.add_argument("--url-env", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv[:split])
    command = argv[split + 1:]
    targets = [(item.rsplit(":", 1)[0], int(item.rsplit(":", 1)[1])) for item in args.tcp]
    for name in args.url_env:
        parts = urlsplit(os.environ.get(name, ""))
        if not parts.hostname:
            raise SystemExit(f"{name} is not set to a URL with a host")
        targets.append((parts.hostname, parts.port or 5432))
    deadline = time.monotonic() + args.timeout
    for host, port in targets:
        while not reachable(host, port):
            if time.monotonic() > deadline:
                raise SystemExit(f"{host}:{port} not reachable after {args.timeout:.0f} s")
            time.sleep(0.5)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
