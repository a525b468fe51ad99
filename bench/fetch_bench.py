"""Fetch at national scale against a local server of generated payloads (not a test).

The plan: N Sotkanet indicators (default 200) x every municipality, wellbeing services
county, region and the country x Y years (default 30) x 3 sexes, in chunks of 10 years; and
T StatFin tables (default 5) through PxWeb v2, each over the cell limit (every area x 30
years x 3 sexes x 20 age groups x 2 measures = 1.27 M cells against 100,000 per query).
Measured: requests, bytes, wall time at the request budget, then a second, daily run where
nothing changed (metadata requests only). The server runs in this process on 127.0.0.1; the
payloads are generated (the tests use recorded real ones).

    python bench/fetch_bench.py                      # the full plan at 60 requests/minute
    python bench/fetch_bench.py --rate 100000        # the same, as fast as the server answers
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
    def __init__(self, indicators: int, years: int, tables: int) -> None:
        self.indicators, self.years, self.tables = indicators, years, tables
        self.last_year = FIRST_YEAR + years - 1

    def table_dimensions(self) -> dict[str, list[str]]:
        return {"Alue": AREAS, "Vuosi": [str(FIRST_YEAR + i) for i in range(self.years)],
                "Sukupuoli": ["SSS", "1", "2"], "Ikä": AGES, "Tiedot": ["vaesto", "osuus"]}


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
            "role": {"time": ["Vuosi"], "metric": ["Tiedot"], "geo": ["Alue"]},
            "value": [(i * 37) % 10007 for i in range(count)] if values else [],
        }
        return json.dumps(document, separators=(",", ":")).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def answer(self, body: bytes, status: int = 200) -> None:
            self.send_response(status)
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
            if parts[-1] == "config":
                return self.answer(json.dumps({"apiVersion": "2.0.0",
                                               "maxDataCells": 100_000}).encode())
            if parts[-1] == "metadata":
                dims = plan.table_dimensions()
                return self.answer(cube(parts[-2], dims, values=False))
            return self.answer(b"{}", 404)

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            selection = {item["variableCode"]: item["valueCodes"] for item in body["selection"]}
            if math.prod(len(codes) for codes in selection.values()) > 100_000:
                return self.answer(b'{"error": "Too many cells"}', 403)
            return self.answer(cube(urlsplit(self.path).path.split("/")[-2], selection))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
        lines += ["  - api: v2", f"    table: bench{number}",
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
    figures["seconds"] = round(time.monotonic() - started, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--tables", type=int, default=5)
    parser.add_argument("--rate", type=int, default=FetchSettings.requests_per_minute,
                        help="requests per minute and service (default: the setting's)")
    parser.add_argument("--concurrency", type=int, default=FetchSettings.concurrency)
    args = parser.parse_args()
    plan = Plan(args.indicators, args.years, args.tables)
    server = serve(plan)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = FetchSettings(sotkanet_url=f"{base}/sotkanet/rest/1.1",
                             pxweb_v2_url=f"{base}/pxweb/api/v2", pxweb_v1_url=f"{base}/v1",
                             requests_per_minute=args.rate, concurrency=args.concurrency)
    work = Path(tempfile.mkdtemp(prefix="fetch_bench_"))
    try:
        raw = work / "raw"
        raw.mkdir()
        fetch_list(raw, plan)
        print(f"plan: {args.indicators} indicators x {len(REGIONS)} regions x {args.years} "
              f"years x 3 sexes; {args.tables} tables of "
              f"{math.prod(map(len, plan.table_dimensions().values())):,} cells; "
              f"{args.rate} requests/minute per service, {args.concurrency} at once")
        first = run(raw, settings)
        size = sum(path.stat().st_size for path in raw.rglob("*") if path.is_file())
        print("first fetch:", json.dumps(first), f"raw/ {size / 1e6:.0f} MB")
        second = run(raw, settings)
        print("nothing changed:", json.dumps(second))
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
