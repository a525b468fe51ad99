"""A replay server on 127.0.0.1 for the fetch tests: recorded real Sotkanet and PxWeb
payloads (tests/data/fetch/, provenance in its SOURCES.md) served at the services' paths,
plus faults a test queues for a route.

Routes (the base URLs the fetch settings point at):
  {base}/sotkanet/rest/1.1/regions, /indicators/{id}, /json?indicator=&years=&genders=, /csv
  {base}/pxweb/api/v1/{lang}/?config, /{lang}/{path} (GET metadata, POST query), the
      folder listing /{lang}/{folder}/
  {base}/pxweb/api/v2/config, /tables/{id}/metadata, POST /tables/{id}/data

A data query is answered from the recorded cube: the recorded bytes when the query asks for
exactly what was recorded, else the cells asked for (a split query's part). The server
refuses a query over its cell limit with 403, as PxWeb does, so an unsplit big query fails.
"""

import json
import math
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).resolve().parents[1] / "data"
FETCH = DATA / "fetch"
REALDATA = DATA / "realdata"


@dataclass
class Fault:
    """What the next request to a route gets instead of the recorded answer."""

    kind: str  # "status", "sleep", "truncate", "body"
    status: int = 500
    seconds: float = 0.0
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Logged:
    method: str
    route: str  # e.g. "v2_data:TAB6471"
    path: str
    query: dict[str, list[str]]
    body: Any
    if_none_match: str | None = None
    at: float = 0.0  # time.monotonic() when it arrived


@dataclass
class Cube:
    """A recorded json-stat2 answer and the metadata answer of its table."""

    data: bytes
    metadata: bytes

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.data)


def _metadata_of(data: bytes) -> bytes:
    """A v2 metadata answer for a table whose metadata was not recorded: the recorded data
    answer without its values (the shape PxWeb v2's /metadata has: json-stat2, value [])."""
    document = json.loads(data)
    document["value"] = []
    document.pop("status", None)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


class Replay:
    def __init__(self) -> None:
        self.requests: list[Logged] = []
        self.faults: dict[str, list[Fault]] = {}
        self.lock = threading.Lock()
        self.v2_tables = {
            "TAB6471": Cube((FETCH / "pxweb_v2" / "scb_TAB6471_data.json").read_bytes(),
                            (FETCH / "pxweb_v2" / "scb_TAB6471_metadata.json").read_bytes()),
        }
        deaths = (REALDATA / "statfin" / "13u5_deaths_by_wellbeing_county_2024.jsonstat2.json"
                  ).read_bytes()
        self.v2_tables["13u5"] = Cube(deaths, _metadata_of(deaths))
        self.v2_config = (FETCH / "pxweb_v2" / "scb_config.json").read_bytes()
        self.v1_tables = {
            "ssb/05300": Cube((FETCH / "pxweb_v1" / "ssb_05300_data.json").read_bytes(),
                              (FETCH / "pxweb_v1" / "ssb_05300_metadata.json").read_bytes()),
        }
        self.max_cells: int | None = None  # None: the recorded configuration's limit
        self.regions = (REALDATA / "sotkanet" / "regions_2016.json").read_bytes()
        self.regions_etag = '"regions-2016"'
        self.sotkanet_rows = {
            127: ((FETCH / "sotkanet" / "indicator_127_2009_total.json").read_bytes(),
                  (FETCH / "sotkanet" / "indicator_127_2009_total.csv").read_bytes()),
        }
        listed = json.loads((REALDATA / "sotkanet" / "indicators_2016_subset.json").read_bytes())
        self.sotkanet_meta: dict[int, dict[str, Any]] = {
            int(item["id"]): dict(item) for item in listed}
        # 127's per-indicator answer was not recorded: its list entry, with the two fields the
        # per-indicator endpoint adds (as hus-sotkanet recorded them) set by the tests.
        self.sotkanet_meta[127].update({"data-updated": "2016-02-01",
                                        "range": {"start": 2009, "end": 2009}})
        recorded = json.loads((FETCH / "sotkanet" / "indicators_metadata_2025.json").read_bytes())
        for key, item in recorded["indicators"].items():
            self.sotkanet_meta[int(key)] = {k: v for k, v in item.items() if k != "indicator_id"}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- for the tests ------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def urls(self) -> dict[str, str]:
        return {"sotkanet_url": f"{self.base}/sotkanet/rest/1.1",
                "pxweb_v1_url": f"{self.base}/pxweb/api/v1",
                "pxweb_v2_url": f"{self.base}/pxweb/api/v2"}

    def fault(self, route: str, *faults: Fault) -> None:
        with self.lock:
            self.faults.setdefault(route, []).extend(faults)

    def sent(self, prefix: str = "") -> list[Logged]:
        with self.lock:
            return [item for item in self.requests if item.route.startswith(prefix)]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()

    def __enter__(self) -> "Replay":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- answering ----------------------------------------------------------------------

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any
               ) -> tuple[str, int, bytes, dict[str, str]]:
        """(route, status, body, headers) for a request."""
        parts = [part for part in path.split("/") if part]
        if parts[:3] == ["sotkanet", "rest", "1.1"]:
            return self._sotkanet(parts[3:], query)
        if parts[:3] == ["pxweb", "api", "v2"]:
            return self._v2(method, parts[3:], body)
        if parts[:3] == ["pxweb", "api", "v1"]:
            return self._v1(method, parts[3:], query, body, path.endswith("/"))
        return "unknown", 404, b'{"error": "no such route"}', {}

    def _sotkanet(self, parts: list[str], query: dict[str, list[str]]
                  ) -> tuple[str, int, bytes, dict[str, str]]:
        if parts == ["regions"]:
            return "sotkanet_regions", 200, self.regions, {"ETag": self.regions_etag}
        if len(parts) == 2 and parts[0] == "indicators":
            meta = self.sotkanet_meta.get(int(parts[1]))
            if meta is None:
                return f"sotkanet_meta:{parts[1]}", 404, b"{}", {}
            return (f"sotkanet_meta:{parts[1]}", 200,
                    json.dumps(meta, ensure_ascii=False).encode("utf-8"), {})
        if parts in (["json"], ["csv"]):
            indicator = int(query["indicator"][0])
            years = {int(year) for year in query.get("years", [])}
            genders = set(query.get("genders", []))
            route = f"sotkanet_data:{indicator}"
            recorded_json, recorded_csv = self.sotkanet_rows.get(indicator, (b"[]", b""))
            if parts == ["json"]:
                rows = json.loads(recorded_json)
                kept = [row for row in rows
                        if int(row["year"]) in years and row["gender"] in genders]
                if len(kept) == len(rows) and rows:
                    return route, 200, recorded_json, {}
                return route, 200, json.dumps(kept).encode("utf-8"), {}
            lines = recorded_csv.decode("utf-8").splitlines(keepends=True)
            kept_lines = [line for line in lines[1:]
                          if int(line.split(";")[2]) in years and line.split(";")[3] in genders]
            if len(kept_lines) == len(lines) - 1 and kept_lines:
                return route, 200, recorded_csv, {}
            header = lines[0] if lines else "indicator;region;year;gender;primary value;" \
                "absolute value\n"
            return route, 200, (header + "".join(kept_lines)).encode("utf-8"), {}
        return "sotkanet_unknown", 404, b"{}", {}

    def _limit(self) -> int:
        if self.max_cells is not None:
            return self.max_cells
        return int(json.loads(self.v2_config)["maxDataCells"])

    def _v2(self, method: str, parts: list[str], body: Any
            ) -> tuple[str, int, bytes, dict[str, str]]:
        if parts == ["config"]:
            if self.max_cells is None:
                return "v2_config", 200, self.v2_config, {}
            config = json.loads(self.v2_config)
            config["maxDataCells"] = self.max_cells
            return "v2_config", 200, json.dumps(config).encode("utf-8"), {}
        if len(parts) == 3 and parts[0] == "tables" and parts[1] in self.v2_tables:
            cube = self.v2_tables[parts[1]]
            if parts[2] == "metadata":
                return f"v2_meta:{parts[1]}", 200, cube.metadata, {}
            if parts[2] == "data" and method == "POST":
                selection = {item["variableCode"]: item["valueCodes"]
                             for item in body["selection"]}
                return (f"v2_data:{parts[1]}",) + self._slice(cube, selection)
        return "v2_unknown", 404, b'{"error": "no such table"}', {}

    def _v1(self, method: str, parts: list[str], query: dict[str, list[str]], body: Any,
            folder: bool) -> tuple[str, int, bytes, dict[str, str]]:
        if len(parts) == 1 and "config" in query:
            config = {"maxValues": self._limit(), "maxCells": self._limit(), "maxCalls": 30,
                      "timeWindow": 10, "CORS": True}
            return "v1_config", 200, json.dumps(config).encode("utf-8"), {}
        path = "/".join(parts[1:])
        if folder:
            # StatFin's folder listing (id, type, text, updated), for the recorded tables in it.
            listing = [{"id": name.rsplit("/", 1)[1], "type": "t",
                        "text": json.loads(cube.metadata)["title"],
                        "updated": json.loads(cube.data)["updated"]}
                       for name, cube in self.v1_tables.items() if name.rsplit("/", 1)[0] == path]
            return f"v1_list:{path}", 200, json.dumps(listing).encode("utf-8"), {}
        cube = self.v1_tables.get(path)
        if cube is None:
            return "v1_unknown", 404, b'{"error": "no such table"}', {}
        if method == "GET":
            return f"v1_meta:{path}", 200, cube.metadata, {}
        selection = {item["code"]: item["selection"]["values"] for item in body["query"]}
        return (f"v1_data:{path}",) + self._slice(cube, selection)

    def _slice(self, cube: Cube, selection: dict[str, list[str]]
               ) -> tuple[int, bytes, dict[str, str]]:
        cells = math.prod(len(codes) for codes in selection.values())
        if cells > self._limit():
            return 403, json.dumps({"error": f"Too many cells selected ({cells} > "
                                    f"{self._limit()})"}).encode("utf-8"), {}
        document = cube.document
        ids = document["id"]
        codes = {dim: list(_index(document, dim)) for dim in ids}
        if list(selection) != ids or any(code not in codes[dim] for dim in ids
                                         for code in selection[dim]):
            return 400, b'{"error": "Parameter error"}', {}
        if all(selection[dim] == codes[dim] for dim in ids):
            return 200, cube.data, {}
        sizes = [len(codes[dim]) for dim in ids]
        strides = [math.prod(sizes[i + 1:]) for i in range(len(ids))]
        positions = [[codes[dim].index(code) for code in selection[dim]] for dim in ids]
        values, status = document["value"], document.get("status")
        sliced_values, sliced_status = [], {}
        for new_index, combination in enumerate(_product(positions)):
            old = sum(p * s for p, s in zip(combination, strides, strict=True))
            sliced_values.append(values[old] if isinstance(values, list)
                                 else values.get(str(old)))
            if isinstance(status, dict) and str(old) in status:
                sliced_status[str(new_index)] = status[str(old)]
        part = dict(document)
        part["size"] = [len(selection[dim]) for dim in ids]
        part["dimension"] = {}
        for dim in ids:
            spec = json.loads(json.dumps(document["dimension"][dim]))
            category = spec["category"]
            category["index"] = {code: i for i, code in enumerate(selection[dim])}
            category["label"] = {code: category["label"][code] for code in selection[dim]}
            part["dimension"][dim] = spec
        part["value"] = sliced_values
        if sliced_status:
            part["status"] = sliced_status
        else:
            part.pop("status", None)
        return 200, json.dumps(part, ensure_ascii=False).encode("utf-8"), {}


def _index(document: dict[str, Any], dim: str) -> list[str]:
    index = document["dimension"][dim]["category"]["index"]
    if isinstance(index, list):
        return index
    return [code for code, _ in sorted(index.items(), key=lambda item: item[1])]


def _product(lists: list[list[int]]) -> list[tuple[int, ...]]:
    result: list[tuple[int, ...]] = [()]
    for items in lists:
        result = [prefix + (item,) for prefix in result for item in items]
    return result


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def _serve(self, method: str) -> None:
            url = urlsplit(self.path)
            query = parse_qs(url.query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            if_none_match = self.headers.get("If-None-Match")
            route, status, payload, headers = replay.answer(method, url.path, query, body)
            if route == "sotkanet_regions" and if_none_match == replay.regions_etag:
                status, payload = 304, b""
            with replay.lock:
                replay.requests.append(Logged(method, route, url.path, query, body,
                                              if_none_match, time.monotonic()))
                queued = replay.faults.get(route)
                fault = queued.pop(0) if queued else None
            if fault and fault.kind == "sleep":
                time.sleep(fault.seconds)
            elif fault and fault.kind == "status":
                status, payload, headers = fault.status, fault.body or b"error", fault.headers
            elif fault and fault.kind == "body":
                payload = fault.body
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if fault and fault.kind == "truncate":
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if method != "HEAD" and status != 304:
                self.wfile.write(payload)

    return Handler
