"""A replay server on 127.0.0.1 for the fetch tests: recorded real Sotkanet and PxWeb
payloads (tests/data/fetch/, provenance in its SOURCES.md) served at the services' paths, as
strict as the services are, plus faults a test queues for a route.

Routes (the base URLs the fetch settings point at):
  {base}/sotkanet/rest/1.1/regions, /indicators/{id}, /json?indicator=&years=&genders=, /csv
  {base}/pxweb/api/v1/{lang}/?config, /{lang}/{path} (GET metadata, POST query), the
      folder listing /{lang}/{folder}/, the search /{lang}/{database}/?query=&filter=
  {base}/pxweb/api/v2/config, /tables/{id}/metadata, POST /tables/{id}/data

A data query is answered from the recorded cube: the recorded bytes when the query asks for
exactly what was recorded, else the cells asked for (a split query's part).

How strict, and on whose word (each behaviour is marked `# strict:` where it is done):
- PxWeb v1 answers its configuration only to the literal key `?config`; `?config=` is not
  that key, and the language's root answers its database list (statisticssweden/PxWeb,
  PCAxis.Api/SSDHandler.cs: `queryKeys.Contains("config")` on the query split at "&"). The
  configuration holds maxValues, maxCells, maxCalls, timeWindow, CORS (same place).
- A data query over maxCells (v1) or maxDataCells (v2) answers 403 (SSDHandler.cs
  SendTableData / Write403Response "Too many values selected"; PxTools/PxApiSpecs PxAPI-2.yml
  ErrorResponse403).
- Over maxCalls requests in timeWindow seconds from one client, every request answers 429 with
  Retry-After: timeWindow, and a refused request counts too (SSDHandler.cs ProcessRequest,
  PCAxis.Api/RequestLimiter.cs). v2 the same with maxCallsPerTimeWindow (PxAPI-2.yml
  ErrorResponse429; pxwebpy reads Retry-After: stefur/pxwebpy src/pxweb/_internal/client.py).
  Each API has its own limiter, as two applications would.
- Statistics Finland's tables since 8 June 2026 (stat.fi, "Changes to interface use of PxWeb
  databases on 8 June" and "Instructions for updating interface queries"): short ids
  (`StatFin/kuol/13u5.px`; the long `statfin_kuol_pxt_13u5.px` answers 400, as PxWeb answers
  an unknown path: SSDHandler.cs "Parameter error"), variables by code (a query naming a
  variable by its old name answers 400, PCAxis.Api BuildSelections), a content value with a
  prefix (`kuol-ksyylkm`). A path without its folder (`StatFin/13u5.px`) is found by search
  (SSDHandler.cs, the "short URL with table" branch); the API's search answers id, path,
  title, score, published (PCAxis.Search/SearchResultItem.cs); a folder listing holds id,
  type, text and, for tables, updated (SSDHandler.cs GetMetaList).
- Sotkanet REST 1.1 takes repeated keys (`years=2019&years=2020`: R sotkanet builds them so,
  rOpenGov/sotkanet R/get_sotkanet.R; oskari.org GetSotkaData: "years ... Accepts multiple
  values"); a comma list answers 400 (the project's own probes, noted in the design notes' FINDINGS,
  "The publishers' services as they are (2026)"; THL documents no error). A query matching
  nothing answers `[]` or the CSV header alone (R sotkanet: some indicators "return an empty
  data.frame" for genders=total alone, R/get_sotkanet.R).

Made up, because nothing was recorded (said here so nobody takes it for a recording): the
v1 configuration's values (Statistics Finland's as reported in 2026: 120,000 cells, 40 calls
per 60 s, FINDINGS.md), the v1 folder listings and search answers, and the StatFin v1 table
13u5 in today's form: the recorded v2 answer of 13u5 (realdata/statfin) with its variables
renamed to codes (`vuosi` -> `timeperiod_y`, `tiedot` -> `contentscode`, its value `ksyylkm`
-> `kuol-ksyylkm`) and v1 metadata built from it. Every request's User-Agent and Accept are
logged for the tests to check; neither is refused (no source says Sotkanet or PxWeb refuses
one).
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
    raw_query: str = ""  # the query string as sent
    status: int = 0  # what the server answered
    user_agent: str = ""
    accept: str = ""


class Limiter:
    """PxWeb's request limiter (PCAxis.Api/RequestLimiter.cs): the arrival times of one
    client's requests in the last `seconds`; a request past `calls` is refused, and counts."""

    def __init__(self, calls: int, seconds: float) -> None:
        self.calls, self.seconds = calls, seconds
        self.arrivals: list[float] = []
        self.lock = threading.Lock()

    def allow(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.arrivals = [at for at in self.arrivals if now - at < self.seconds]
            self.arrivals.append(now)  # strict: refused requests count too
            return len(self.arrivals) <= self.calls


@dataclass
class Cube:
    """A recorded json-stat2 answer and the metadata answer of its table."""

    data: bytes
    metadata: bytes

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.data)


STATFIN_RENAMES = {"vuosi": "timeperiod_y", "tiedot": "contentscode"}
STATFIN_VALUE_PREFIX = {"contentscode": "kuol-"}
STATFIN_NAMES = {"hyvinvointialue": "Hyvinvointialue", "vuosi": "Vuosi", "tiedot": "Tiedot",
                 "tilaston-peruskuolemansyy-aikasarjaluokitus": "Peruskuolemansyy"}


def statfin_today(data: bytes) -> tuple[bytes, bytes]:
    """(json-stat2 data, v1 metadata) of the recorded 13u5 answer in Statistics Finland's form
    since 8 June 2026: variables by code, the content value with its prefix."""
    document = json.loads(data)
    renamed = {}
    for old in document["id"]:
        new = STATFIN_RENAMES.get(old, old)
        spec = json.loads(json.dumps(document["dimension"][old]))
        prefix = STATFIN_VALUE_PREFIX.get(new, "")
        if prefix:
            category = spec["category"]
            index = category["index"]
            category["index"] = ([prefix + code for code in index] if isinstance(index, list)
                                 else {prefix + code: i for code, i in index.items()})
            category["label"] = {prefix + code: text for code, text in category["label"].items()}
            if "unit" in category:
                category["unit"] = {prefix + code: unit for code, unit in category["unit"].items()}
        renamed[new] = spec
    document["id"] = [STATFIN_RENAMES.get(old, old) for old in document["id"]]
    document["dimension"] = renamed
    if "role" in document:
        document["role"] = {role: [STATFIN_RENAMES.get(old, old) for old in ids]
                            for role, ids in document["role"].items()}
    variables = []
    for new, old in zip(document["id"], json.loads(data)["id"], strict=True):
        category = document["dimension"][new]["category"]
        codes = _index(document, new)
        variables.append({"code": new, "text": STATFIN_NAMES.get(old, old), "values": codes,
                          "valueTexts": [category["label"][code] for code in codes],
                          **({"time": True} if new == "timeperiod_y" else {})})
    metadata = {"title": document.get("label", "13u5"), "variables": variables}
    return (json.dumps(document, ensure_ascii=False).encode("utf-8"),
            json.dumps(metadata, ensure_ascii=False).encode("utf-8"))


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
        self.v2_config_changes: dict[str, Any] = {}  # keys of /config a test sets
        self.v1_tables = {
            "ssb/05300": Cube((FETCH / "pxweb_v1" / "ssb_05300_data.json").read_bytes(),
                              (FETCH / "pxweb_v1" / "ssb_05300_metadata.json").read_bytes()),
            "StatFin/kuol/13u5.px": Cube(*statfin_today(deaths)),
        }
        # StatFin's folders (for its root listing and the search) and its long ids, which
        # answer 400 since 8 June 2026.
        self.v1_folder_texts = {"StatFin/kuol": "Kuolleet"}
        self.v1_long_ids = {"StatFin/kuol/statfin_kuol_pxt_13u5.px",
                            "StatFin/statfin_kuol_pxt_13u5.px"}
        self.max_cells: int | None = None  # None: the configurations' own limits
        # v1 ?config as Statistics Finland reported it in 2026 (FINDINGS.md); tests change it.
        self.v1_config: dict[str, Any] = {"maxValues": 10000, "maxCells": 120000,
                                          "maxCalls": 40, "timeWindow": 60, "CORS": True}
        self.limiters: dict[str, Limiter] = {}
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

    def statuses(self, prefix: str = "") -> list[int]:
        return [item.status for item in self.sent(prefix)]

    def __enter__(self) -> "Replay":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- answering ----------------------------------------------------------------------

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any,
               raw_query: str = "") -> tuple[str, int, bytes, dict[str, str]]:
        """(route, status, body, headers) for a request."""
        parts = [part for part in path.split("/") if part]
        if parts[:3] == ["sotkanet", "rest", "1.1"]:
            return self._sotkanet(parts[3:], query)
        if parts[:3] == ["pxweb", "api", "v2"]:
            if not self._allowed("v2"):
                window = int(self._v2_config()["timeWindow"])
                return ("v2_limited", 429, json.dumps({
                    "title": "Too many requests", "status": 429}).encode("utf-8"),
                    {"Retry-After": str(window)})
            return self._v2(method, parts[3:], body)
        if parts[:3] == ["pxweb", "api", "v1"]:
            if not self._allowed("v1"):
                # strict: SSDHandler.cs answers 429 with Retry-After: timeWindow
                return ("v1_limited", 429, json.dumps({
                    "error": "429 - Too many requests in too short timeframe. Please try again "
                             "later."}).encode("utf-8"),
                    {"Retry-After": str(self.v1_config["timeWindow"])})
            return self._v1(method, parts[3:], query, body, path.endswith("/"), raw_query)
        return "unknown", 404, b'{"error": "no such route"}', {}

    def _allowed(self, api: str) -> bool:
        if api == "v1":
            calls, seconds = self.v1_config.get("maxCalls"), self.v1_config.get("timeWindow")
        else:
            config = self._v2_config()
            calls, seconds = config.get("maxCallsPerTimeWindow"), config.get("timeWindow")
        if not calls or not seconds:
            return True
        with self.lock:
            limiter = self.limiters.get(api)
            if limiter is None or (limiter.calls, limiter.seconds) != (calls, seconds):
                limiter = self.limiters[api] = Limiter(int(calls), float(seconds))
        return limiter.allow()

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
            # strict: repeated keys only; a comma list answers 400 (FINDINGS.md)
            if any("," in value for key in ("years", "genders", "indicator")
                   for value in query.get(key, [])):
                return f"sotkanet_data:{query.get('indicator', ['?'])[0]}", 400, \
                    b"Bad Request", {}
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

    def _v2_config(self) -> dict[str, Any]:
        config = json.loads(self.v2_config)
        config.update(self.v2_config_changes)
        if self.max_cells is not None:
            config["maxDataCells"] = self.max_cells
        return config

    def _limit(self, api: str = "v2") -> int:
        if self.max_cells is not None:
            return self.max_cells
        if api == "v1":
            return int(self.v1_config["maxCells"])
        return int(self._v2_config()["maxDataCells"])

    def _v2(self, method: str, parts: list[str], body: Any
            ) -> tuple[str, int, bytes, dict[str, str]]:
        if parts == ["config"]:
            if self.max_cells is None and not self.v2_config_changes:
                return "v2_config", 200, self.v2_config, {}
            return "v2_config", 200, json.dumps(self._v2_config()).encode("utf-8"), {}
        if len(parts) == 3 and parts[0] == "tables" and parts[1] in self.v2_tables:
            cube = self.v2_tables[parts[1]]
            if parts[2] == "metadata":
                return f"v2_meta:{parts[1]}", 200, cube.metadata, {}
            if parts[2] == "data" and method == "POST":
                selection = {item["variableCode"]: item["valueCodes"]
                             for item in body["selection"]}
                return (f"v2_data:{parts[1]}",) + self._slice(cube, selection, "v2")
        return "v2_unknown", 404, b'{"error": "no such table"}', {}

    def _v1(self, method: str, parts: list[str], query: dict[str, list[str]], body: Any,
            folder: bool, raw_query: str) -> tuple[str, int, bytes, dict[str, str]]:
        # strict: the literal key `config`, as SSDHandler.cs tests the query split at "&"
        if "config" in raw_query.split("&"):
            config = dict(self.v1_config)
            if self.max_cells is not None:
                config["maxCells"] = self.max_cells
            return "v1_config", 200, json.dumps(config).encode("utf-8"), {}
        if len(parts) == 1:  # the language's root: the database list (also for `?config=`)
            databases = sorted({name.split("/")[0] for name in self.v1_tables})
            return ("v1_databases", 200,
                    json.dumps([{"dbid": db, "text": db} for db in databases]).encode(), {})
        path = "/".join(parts[1:])
        if path in self.v1_long_ids:
            # strict: Statistics Finland's long ids answer 400 since 8 June 2026
            return f"v1_long_id:{path}", 400, b'{"error": "Parameter error"}', {}
        if path not in self.v1_tables and len(parts) == 3:
            # A path without its folder: PxWeb finds the table by search (SSDHandler.cs).
            found = [name for name in self.v1_tables
                     if name.split("/")[0] == parts[1] and name.rsplit("/", 1)[1] == parts[2]]
            if found:
                path = found[0]
        if folder or (query.get("query") and path not in self.v1_tables):
            folder_path = path.rstrip("/")
            if query.get("query"):
                return f"v1_search:{folder_path}", 200, self._search(folder_path, query), {}
            return f"v1_list:{folder_path}", 200, self._listing(folder_path), {}
        cube = self.v1_tables.get(path)
        if cube is None:
            return "v1_unknown", 400, b'{"error": "Parameter error"}', {}
        if method == "GET":
            return f"v1_meta:{path}", 200, cube.metadata, {}
        selection = {item["code"]: item["selection"]["values"] for item in body["query"]}
        return (f"v1_data:{path}",) + self._slice(cube, selection, "v1")

    def _listing(self, folder: str) -> bytes:
        """A folder's listing: its tables (id, type t, text, updated) and sub-folders (type l)."""
        items = []
        for name in sorted(self.v1_folder_texts):
            if name.rsplit("/", 1)[0] == folder and "/" in name:
                items.append({"id": name.rsplit("/", 1)[1], "type": "l",
                              "text": self.v1_folder_texts[name]})
        for name, cube in self.v1_tables.items():
            if name.rsplit("/", 1)[0] == folder:
                items.append({"id": name.rsplit("/", 1)[1], "type": "t",
                              "text": json.loads(cube.metadata)["title"],
                              "updated": json.loads(cube.data)["updated"]})
        return json.dumps(items, ensure_ascii=False).encode("utf-8")

    def _search(self, database: str, query: dict[str, list[str]]) -> bytes:
        """The API's search by table id (filter=tableid), under one database."""
        text = query["query"][0].casefold()
        hits = []
        for name, cube in self.v1_tables.items():
            db, _, rest = name.partition("/")
            folder, _, table = rest.rpartition("/")
            if db == database and table.casefold().removesuffix(".px") == text:
                hits.append({"id": table, "path": "/" + folder,
                             "title": json.loads(cube.metadata)["title"], "score": 1.0,
                             "published": json.loads(cube.data)["updated"]})
        return json.dumps(hits, ensure_ascii=False).encode("utf-8")

    def _slice(self, cube: Cube, selection: dict[str, list[str]], api: str
               ) -> tuple[int, bytes, dict[str, str]]:
        cells = math.prod(len(codes) for codes in selection.values())
        if cells > self._limit(api):
            # strict: 403 over the cell limit, with the services' own words
            if api == "v1":
                return 403, b'{"error": "Too many values selected"}', {}
            return 403, json.dumps({
                "title": "Forbiden", "status": 403,
                "detail": "The query resulted in cell that exceeds the number of allowed."
            }).encode("utf-8"), {}
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
            route, status, payload, headers = replay.answer(method, url.path, query, body,
                                                            url.query)
            if route == "sotkanet_regions" and if_none_match == replay.regions_etag:
                status, payload = 304, b""
            with replay.lock:
                queued = replay.faults.get(route)
                fault = queued.pop(0) if queued else None
            if fault and fault.kind == "status":
                status, payload, headers = fault.status, fault.body or b"error", fault.headers
            elif fault and fault.kind == "body":
                payload = fault.body
            with replay.lock:
                replay.requests.append(Logged(
                    method, route, url.path, query, body, if_none_match, time.monotonic(),
                    url.query, status, self.headers.get("User-Agent", ""),
                    self.headers.get("Accept", "")))
            if fault and fault.kind == "sleep":
                time.sleep(fault.seconds)
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
