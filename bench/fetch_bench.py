"""Fetch at national scale against a local server of generated payloads (not a test).

The plan: N Sotkanet indicators (default 200) x every municipality, wellbeing services
county, region and the country x Y years (default 30) x 3 sexes, in chunks of 10 years; and
T StatFin tables (default 5) through PxWeb v1 as Statistics Finland serves them since 8 June
2026 (short ids, variables by code), each over the cell limit (every area x 30 years x 3
sexes x 20 age groups x 2 measures = 1.27 M cells against the 100,000 its `?config` declares).
The PxWeb server declares its rate in `?config` (default 40 requests per 60 s, what Statistics
Finland reported in 2026) and answers 429 past it; the client keeps to it and to its own
per-host budget (--rate a minute). Measured: requests, bytes, wall time, then a second, daily
run where nothing changed (metadata requests only). The server runs in this process on
127.0.0.1; the payloads are generated (the tests use recorded real ones).

    python bench/fetch_bench.py                      # the full plan at the declared rates
    python bench/fetch_bench.py --rate 100000 --pxweb-calls 100000   # as fast as it answers
    python bench/fetch_bench.py --indicators 20 --tables 1
"""

import argparse
import json
import math
import shutil
import sys
import tempfile
import threading
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.fetch.client import forget_budgets  # noqa: E402
from pipelines.fetch.run import run_fetch  # noqa: E402
from pipelines.fetch.settings import FetchSettings  # noqa: E402

FIRST_YEAR, SEXES = 1995, ["male", "female", "total"]
# Sotkanet-like regions: 309 municipalities, 23 wellbeing services counties, 19 regions, the
# country (ids as Sotkanet's are: opaque integers).
REGIONS = ([(1000 + i, f"{i:03d}", "KUNTA") for i in range(309)]
           + [(2000 + i, f"{i + 1:02d}", "HYVINVOINTIALUE") for i in range(23)]
           + [(3000 + i, f"{i + 1:02d}", "MAAKUNTA") for i in range(19)] + [(658, "SSS", "MAA")])
AREAS = ([f"KU{i:03d}" for i in range(309)] + [f"HVA{i + 1:02d}" for i in range(23)]
         + [f"MK{i + 1:02d}" for i in range(19)] + ["SSS"])
AGES = [f"{5 * i:03d}-{5 * i + 4:03d}" for i in range(20)]


class Plan:
    def __init__(self, indicators: int, years: int, tables: int, calls: int = 40,
                 window: int = 60) -> None:
        self.indicators, self.years, self.tables = indicators, years, tables
        self.last_year = FIRST_YEAR + years - 1
        self.calls, self.window = calls, window  # what the PxWeb server's ?config declares

    def table_dimensions(self) -> dict[str, list[str]]:
        """Variables by code, as Statistics Finland's tables have them since 8 June 2026."""
        return {"alue_23_20260101": AREAS,
                "timeperiod_y": [str(FIRST_YEAR + i) for i in range(self.years)],
                "sukupuoli_9_20180101": ["SSS", "1", "2"], "ikaryhma_20_20180101": AGES,
                "contentscode": ["vaerak-vaesto", "osuus"]}


def serve(plan: Plan) -> ThreadingHTTPServer:
    regions = json.dumps([{"id": rid, "code": code, "category": category,
                           "title": {"fi": f"{category} {code}"}, "memberOf": []}
                          for rid, code, category in REGIONS]).encode()

    @lru_cache(maxsize=64)
    def sotkanet_rows(years: tuple[int, ...], genders: tuple[str, ...], indicator: int) -> bytes:
        rows = [{"indicator": indicator, "region": rid, "year": year, "gender": gender,
                 "value": round((rid * 7 + year * 3 + indicator) % 1000 / 10, 1),
                 "absValue": (rid + year) % 5000}
                for rid, _, _ in REGIONS for year in years for gender in genders]
        return json.dumps(rows, separators=(",", ":")).encode()

    def cube(table: str, selection: dict[str, list[str]], values: bool = True) -> bytes:
        dims = plan.table_dimensions()
        ids = list(dims)
        count = math.prod(len(selection[dim]) for dim in ids)
        document = {
            "version": "2.0", "class": "dataset", "label": f"Bench table {table}",
            "source": "generated", "updated": "2026-01-01T08:00:00",
            "id": ids, "size": [len(selection[dim]) for dim in ids],
            "dimension": {dim: {"label": dim, "category": {
                "index": {code: i for i, code in enumerate(selection[dim])},
                "label": {code: code for code in selection[dim]}}} for dim in ids},
            "role": {"time": ["timeperiod_y"], "metric": ["contentscode"],
                     "geo": ["alue_23_20260101"]},
            "value": [(i * 37) % 10007 for i in range(count)] if values else [],
        }
        return json.dumps(document, separators=(",", ":")).encode()

    arrivals: list[float] = []  # PxWeb's limiter (PCAxis.Api/RequestLimiter.cs)
    lock = threading.Lock()

    def limited() -> bool:
        with lock:
            now = time.monotonic()
            arrivals[:] = [at for at in arrivals if now - at < plan.window]
            arrivals.append(now)
            return len(arrivals) > plan.calls

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def answer(self, body: bytes, status: int = 200) -> None:
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", str(plan.window))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            parts = [part for part in url.path.split("/") if part]
            query = parse_qs(url.query)
            if parts[-1] == "regions":
                return self.answer(regions)
            if parts[-2:-1] == ["indicators"]:
                return self.answer(json.dumps({
                    "id": int(parts[-1]), "title": {"fi": f"Indikaattori {parts[-1]}"},
                    "data-updated": "2026-01-01",
                    "range": {"start": FIRST_YEAR, "end": plan.last_year},
                    "primaryValueType": {"code": "PERCENT"}, "decimals": 1,
                    "classifications": {"sex": {"values": SEXES}}}).encode())
            if parts[-1] == "json":
                return self.answer(sotkanet_rows(
                    tuple(int(year) for year in query["years"]), tuple(query["genders"]),
                    int(query["indicator"][0])))
            if parts[0] != "v1":
                return self.answer(b"{}", 404)
            if limited():
                return self.answer(b'{"error": "429 - Too many requests"}', 429)
            if "config" in url.query.split("&"):
                return self.answer(json.dumps({
                    "maxValues": 10000, "maxCells": 100_000, "maxCalls": plan.calls,
                    "timeWindow": plan.window, "CORS": True}).encode())
            if url.path.endswith("/"):  # the folder listing, with each table's `updated`
                return self.answer(json.dumps([
                    {"id": f"bench{number}.px", "type": "t", "text": f"Bench table {number}",
                     "updated": "2026-01-01T08:00:00"} for number in range(plan.tables)]).encode())
            dims = plan.table_dimensions()
            return self.answer(json.dumps({"title": f"Bench table {parts[-1]}", "variables": [
                {"code": code, "text": code, "values": values, "valueTexts": values}
                for code, values in dims.items()]}).encode())

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if limited():
                return self.answer(b'{"error": "429 - Too many requests"}', 429)
            selection = {item["code"]: item["selection"]["values"] for item in body["query"]}
            if math.prod(len(codes) for codes in selection.values()) > 100_000:
                return self.answer(b'{"error": "Too many values selected"}', 403)
            return self.answer(cube(urlsplit(self.path).path.split("/")[-1], selection))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.arrivals = arrivals  # type: ignore[attr-defined]  # cleared for "a day later"
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fetch_list(raw: Path, plan: Plan) -> None:
    lines = ["sotkanet:", "  indicators:"]
    lines += [f"    - {{id: {1000 + i}, years: all}}" for i in range(plan.indicators)]
    lines += ["pxweb:"]
    for number in range(plan.tables):
        description = raw / "indicators" / "statfin" / f"bench_{number}.yaml"
        description.parent.mkdir(parents=True, exist_ok=True)
        description.write_text("source: statfin\nformat: jsonstat\n")
        lines += ["  - api: v1", f"    table: StatFin/bench/bench{number}.px",
                  f"    description: indicators/statfin/bench_{number}.yaml"]
    (raw / "fetch.yaml").write_text("\n".join(lines) + "\n")


def run(raw: Path, settings: FetchSettings) -> dict[str, float]:
    figures: dict[str, float] = {}
    started = time.monotonic()
    for source in ("sotkanet", "statfin"):
        report = run_fetch(raw, raw.parent / "state.json", settings, source)
        failed = [outcome for outcome in report.outcomes if outcome.status == "failed"]
        if failed:
            raise SystemExit(f"{len(failed)} failed, e.g. {failed[0]}")
        figures[f"{source}_data_requests"] = report.requests_of("data")
        figures[f"{source}_metadata_requests"] = report.requests_of("metadata")
        figures[f"{source}_mb"] = round(report.bytes_received / 1e6, 1)
        figures[f"{source}_seconds"] = round(report.seconds, 1)
        figures[f"{source}_refused_429"] = sum(1 for record in report.requests
                                               if record.status == 429)
    figures["seconds"] = round(time.monotonic() - started, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--tables", type=int, default=5)
    parser.add_argument("--rate", type=int, default=FetchSettings.requests_per_minute,
                        help="the client's own requests per minute and host (default: the "
                        "setting's)")
    parser.add_argument("--pxweb-calls", type=int, default=40,
                        help="what the PxWeb server declares: maxCalls per --pxweb-window s")
    parser.add_argument("--pxweb-window", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=FetchSettings.concurrency)
    args = parser.parse_args()
    plan = Plan(args.indicators, args.years, args.tables, args.pxweb_calls, args.pxweb_window)
    # Two hosts, as in production (sotkanet.fi, pxdata.stat.fi): each has its own budget.
    sotkanet, pxweb = serve(plan), serve(plan)
    settings = FetchSettings(
        sotkanet_url=f"http://127.0.0.1:{sotkanet.server_address[1]}/sotkanet/rest/1.1",
        pxweb_v1_url=f"http://127.0.0.1:{pxweb.server_address[1]}/v1",
        requests_per_minute=args.rate, concurrency=args.concurrency)
    work = Path(tempfile.mkdtemp(prefix="fetch_bench_"))
    try:
        raw = work / "raw"
        raw.mkdir()
        fetch_list(raw, plan)
        print(f"plan: {args.indicators} indicators x {len(REGIONS)} regions x {args.years} "
              f"years x 3 sexes; {args.tables} tables of "
              f"{math.prod(map(len, plan.table_dimensions().values())):,} cells; "
              f"{args.rate} requests/minute per host, PxWeb declaring {args.pxweb_calls} per "
              f"{args.pxweb_window} s, {args.concurrency} at once")
        first = run(raw, settings)
        size = sum(path.stat().st_size for path in raw.rglob("*") if path.is_file())
        print("first fetch:", json.dumps(first), f"raw/ {size / 1e6:.0f} MB")
        # The daily run comes a day later: the service's rate window and ours are empty again.
        pxweb.arrivals.clear()  # type: ignore[attr-defined]
        forget_budgets()
        second = run(raw, settings)
        print("nothing changed:", json.dumps(second))
    finally:
        sotkanet.shutdown()
        pxweb.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
