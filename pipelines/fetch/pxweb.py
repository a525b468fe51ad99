"""Statistics Finland's tables through the PxWeb API, version 1 (and version 2 where a v2
service's address is configured).

v1: GET {base}/{lang}/?config (the literal key `config`: PxWeb matches only that,
statisticssweden/PxWeb PCAxis.Api/SSDHandler.cs `queryKeys.Contains("config")`; `?config=`
gets the database list) gives the limits: `maxCells` cells in one data query (over it PxWeb
answers 403), `maxCalls` requests per `timeWindow` seconds (over it 429 with Retry-After);
`maxValues` limits the values listed in metadata, not a query. GET {base}/{lang}/{path} gives
the variables (code, text, values), GET of the table's folder gives each table's `updated`,
POST {base}/{lang}/{path} with a query answers json-stat2. A short path without its subject
folder (`StatFin/12tg.px`, which PxWeb resolves by search) has its folder found by the API's
search (`?query=12tg&filter=tableid`, answering id, path, title, published:
PCAxis.Search/SearchResultItem.cs), so its `updated` is still read from the folder listing.

v2 (PxTools/PxApiSpecs PxAPI-2.yml): GET {base}/config (`maxDataCells`,
`maxCallsPerTimeWindow`, `timeWindow`), GET {base}/tables/{id}/metadata (json-stat2 with
`updated`), POST {base}/tables/{id}/data?outputFormat=json-stat2 with valueCodes. There is no
default v2 address (pipelines/fetch/settings.py). Why not pxwebpy: see the README (it speaks
v2 only, through requests, and hands back rows, not the payload to keep).

The limits are read once per run and API before the first table; what a service does not say
falls back to PxWeb's own defaults with a warning naming the URL. The rate goes into the host's
request budget (pipelines/fetch/client.py), shared by v1 and v2 on one host.

For each table: the metadata (one request) says whether the table changed since the last
good fetch (its `updated`) and resolves the selection; only then is data asked for, split
into queries under the cell limit and joined into one file. An answer without a single value
replaces nothing.
"""

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.fetch.errors import FetchError
from pipelines.fetch.fetchlist import FetchList, PxwebTable
from pipelines.fetch.jsonstat_parts import (
    PayloadError,
    category_codes,
    check_part,
    has_values,
    join_parts,
    parse_dataset,
    split_query,
)
from pipelines.fetch.outcome import FAILED, FETCHED, UNCHANGED, Outcome
from pipelines.fetch.settings import FetchSettings
from pipelines.fetch.store import ManifestRow, now_utc

if TYPE_CHECKING:  # httpx is imported when a fetch runs, not when the code loads
    from pipelines.fetch.client import FetchClient

# (file, payload, manifest row) -> None: writes the payload and its manifest row.
Commit = Callable[[str, bytes, ManifestRow], None]

# PxWeb's own defaults (statisticssweden/PxWeb, PCAxis.Api/Settings.cs: fetchCellLimit
# 100000, limiterRequests 5, limiterTimeSpan 10 s), used only for what a service's
# configuration does not say, with a warning naming the URL.
DEFAULT_CELLS = 100_000
DEFAULT_CALLS = 5
DEFAULT_WINDOW = 10.0

STATFIN_CHANGE = "Statistics Finland selects variables by code since 8 June 2026"


@dataclass
class TableMeta:
    dimensions: dict[str, list[str]]  # dimension id -> every code, in the table's order
    updated: str  # "" when the service gives no stamp
    names: dict[str, str] = field(default_factory=dict)  # dimension id -> its name (text)


@dataclass(frozen=True)
class ServiceLimits:
    """What one PxWeb API allows, and where that was read."""

    cells: int  # cells in one data query
    calls: int | None  # requests per `seconds`; None: the service declares no rate limit
    seconds: float
    url: str  # of the configuration
    defaults: tuple[str, ...] = ()  # what PxWeb's defaults stood in for


@dataclass
class PxwebFetcher:
    client: "FetchClient"
    settings: FetchSettings
    raw_dir: Path
    fetch_list: FetchList
    manifest: dict[str, ManifestRow]
    commit: Commit
    log: Any = None
    _limits: dict[str, ServiceLimits] = field(default_factory=dict)
    _folders: dict[str, str | None] = field(default_factory=dict)
    _listings: dict[str, list[Any]] = field(default_factory=dict)
    # Held while the configuration or a folder listing is asked for, so that tables fetched
    # at once ask for it once.
    _shared: threading.Lock = field(default_factory=threading.Lock)

    def fetch(self, table: PxwebTable) -> Outcome:
        source = f"pxweb_{table.api}"
        try:
            return self._fetch(table, source)
        except (FetchError, PayloadError) as exc:
            return Outcome(table.file, source, FAILED, str(exc))

    # --- one table ------------------------------------------------------------------------

    def _fetch(self, table: PxwebTable, source: str) -> Outcome:
        if table.api == "v2" and not self.settings.pxweb_v2_url:
            raise FetchError(
                f"table {table.table} ({self.fetch_list.path.name} line {table.line}): api v2 "
                "needs the service's address in HYTEMART_PXWEB_V2_URL; there is no default, "
                "since no PxWeb v2 service of Statistics Finland is known (fetch its tables "
                "through v1)")
        limits = self._service_limits(table)
        meta = self._metadata(table)
        query = self._resolve(table, meta)
        query_json = json.dumps(query, ensure_ascii=False, separators=(",", ":"))
        dimensions = json.dumps(list(meta.dimensions), ensure_ascii=False)
        previous = self.manifest.get(table.file)
        target = self.raw_dir / table.file
        if previous and target.is_file():
            if previous.dimensions and previous.dimensions != dimensions:
                raise PayloadError(
                    f"table {table.table}: its dimensions changed from {previous.dimensions} "
                    f"to {dimensions}; the last good file is kept. Update {table.description} "
                    f"and the selection in {self.fetch_list.path.name} (line {table.line}), "
                    f"then delete {table.file} to fetch the new shape")
            unchanged = (meta.updated and previous.updated == meta.updated
                         and previous.query == query_json
                         and sha256(target.read_bytes()).hexdigest() == previous.sha256)
            if unchanged:
                return Outcome(table.file, source, UNCHANGED,
                               f"table {table.table} not updated since {meta.updated}")
        max_cells = min(self.settings.max_cells, limits.cells)
        queries = split_query(query, max_cells)
        url, bodies, parts = "", [], []
        for number, part_query in enumerate(queries, start=1):
            what = f"table {table.table}" + (f", part {number} of {len(queries)}"
                                            if len(queries) > 1 else "")
            url, body = self._data(table, part_query)
            document = parse_dataset(body, what)
            check_part(document, part_query, what)
            bodies.append(body)
            parts.append(document)
        if len(parts) == 1:
            payload, joined = bodies[0], parts[0]  # as served, byte for byte
        else:
            joined = join_parts(parts, query)
            payload = json.dumps(joined, ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8")
        if not has_values(joined):
            kept = "the last good file is kept" if target.is_file() else "nothing was written"
            raise PayloadError(
                f"table {table.table}: the service answered no values for what was asked "
                f"({_describe_query(query)}; POST {url}); {kept}")
        updated = str(parts[0].get("updated") or meta.updated or "")
        row = ManifestRow(
            file=table.file, source=source, url=url, method="POST", query=query_json,
            http_status=200, fetched_at=now_utc(), updated=meta.updated or updated,
            bytes=len(payload), sha256=sha256(payload).hexdigest(), requests=len(queries),
            dimensions=dimensions,
        )
        self.commit(table.file, payload, row)
        split = f" in {len(queries)} queries of at most {max_cells} cells" if len(queries) > 1 \
            else ""
        return Outcome(table.file, source, FETCHED,
                       f"table {table.table}: {sum(map(len, bodies))} bytes{split}",
                       len(payload), len(queries))

    def _resolve(self, table: PxwebTable, meta: TableMeta) -> dict[str, list[str]]:
        path = self.fetch_list.path.name
        unknown = [code for code in table.selection if code not in meta.dimensions]
        if unknown:
            code = unknown[0]
            named = [key for key, name in meta.names.items() if name.casefold() == code.casefold()]
            hint = (f"; {code!r} is the name of the variable {named[0]!r}: {STATFIN_CHANGE}, "
                    f"write {named[0]}" if named else "")
            raise PayloadError(
                f"{path} line {table.lines.get(code, table.line)}: table {table.table} "
                f"has no variable {code!r}; its variable codes are "
                f"{', '.join(meta.dimensions)}{hint}")
        query: dict[str, list[str]] = {}
        for code, available in meta.dimensions.items():
            choice = table.selection.get(code)
            if choice is None:
                query[code] = list(available)
                continue
            try:
                query[code] = choice.resolve(available)
            except KeyError as exc:
                value = str(exc.args[0])
                prefixed = [item for item in available if item.endswith("-" + value)]
                hint = (f"; did you mean {prefixed[0]!r}? Since 8 June 2026 some of Statistics "
                        "Finland's content values carry a prefix" if prefixed else "")
                raise PayloadError(
                    f"{path} line {table.lines.get(code, table.line)}: table {table.table} "
                    f"variable {code!r} has no value {value!r}{hint}") from None
            if not query[code]:
                raise PayloadError(f"{path} line {table.lines.get(code, table.line)}: the "
                                   f"selection of {code!r} chooses nothing")
        return query

    # --- the two API versions -------------------------------------------------------------

    def _metadata(self, table: PxwebTable) -> TableMeta:
        if table.api == "v2":
            base = self.settings.pxweb_v2_url
            response = self.client.request(
                "GET", f"{base}/tables/{table.table}/metadata", kind="metadata",
                params={"lang": table.language, "outputFormat": "json-stat2"})
            document = parse_dataset(response.content, f"table {table.table} metadata")
            names = {str(code): str((document["dimension"].get(code) or {}).get("label") or "")
                     for code in document["id"]}
            return TableMeta(
                {str(code): category_codes(document, str(code)) for code in document["id"]},
                str(document.get("updated") or ""), names)
        base = f"{self.settings.pxweb_v1_url}/{table.language}"
        response = self.client.request("GET", f"{base}/{table.table}", kind="metadata")
        try:
            variables = response.json()["variables"]
            dimensions = {str(item["code"]): [str(code) for code in item["values"]]
                          for item in variables}
            names = {str(item["code"]): str(item.get("text") or "") for item in variables}
        except (ValueError, KeyError, TypeError):
            raise PayloadError(f"table {table.table}: the metadata is not PxWeb v1's "
                               "(title and variables with code and values)") from None
        return TableMeta(dimensions, self._v1_updated(table, base), names)

    def _v1_updated(self, table: PxwebTable, base: str) -> str:
        """`updated` of the table from its folder's listing (one request per folder). A path
        without a subject folder (database/table) is looked for in the database's own listing
        first (a flat database), then found by search."""
        parts = table.table.split("/")
        name = parts[-1]
        if len(parts) == 2:
            updated = self._listed_updated(table, base, parts[0], name, quiet=True)
            if updated is not None:
                return updated
            folder = self._v1_folder(table, base)
            if folder is None or folder == parts[0]:
                return ""
        else:
            folder = "/".join(parts[:-1])
        updated = self._listed_updated(table, base, folder, name)
        return updated or ""

    def _listed_updated(self, table: PxwebTable, base: str, folder: str, name: str,
                        quiet: bool = False) -> str | None:
        """The `updated` the folder's listing gives the table, None when it does not list it."""
        with self._shared:
            listing = self._listings.get(folder)
            if listing is None:
                try:
                    listing = self.client.request("GET", f"{base}/{folder}/",
                                                  kind="metadata").json()
                except (FetchError, ValueError) as exc:
                    if self.log:
                        self.log.warning(f"table {table.table}: no folder listing ({exc}); "
                                         "it is fetched whole every run")
                    listing = []
                self._listings[folder] = listing if isinstance(listing, list) else []
                listing = self._listings[folder]
        for item in listing:
            if isinstance(item, dict) and str(item.get("id", "")).casefold() == name.casefold():
                return str(item.get("updated") or "")
        if not quiet and self.log:
            self.log.warning(f"table {table.table}: {base}/{folder}/ does not list {name}; "
                             "without its `updated` it is fetched whole every run")
        return None

    def _v1_folder(self, table: PxwebTable, base: str) -> str | None:
        """The folder of a table given as database/table, by the API's search (by table id,
        the file name without .px); None when the search does not find it."""
        database, name = table.table.split("/")
        stem = name[:-3] if name.lower().endswith(".px") else name
        key = f"{base}/{database}/{name}".casefold()
        with self._shared:
            if key in self._folders:
                return self._folders[key]
        folder = None
        try:
            found = self.client.request(
                "GET", f"{base}/{database}/", kind="metadata",
                params={"query": stem, "filter": "tableid"}).json()
            for item in found if isinstance(found, list) else []:
                if isinstance(item, dict) and str(item.get("id", "")).casefold() in (
                        name.casefold(), stem.casefold()):
                    inner = str(item.get("path") or "").strip("/")
                    folder = f"{database}/{inner}" if inner else database
                    break
        except (FetchError, ValueError) as exc:
            if self.log:
                self.log.warning(f"table {table.table}: the search for its folder failed "
                                 f"({exc}); without its `updated` it is fetched whole every "
                                 "run; give the path with its folder (e.g. StatFin/tyonv/"
                                 "12tg.px) to avoid this")
            return None
        if folder is None and self.log:
            self.log.warning(f"table {table.table}: the search of {base}/{database}/ did not "
                             "find it; without its `updated` it is fetched whole every run")
        with self._shared:
            self._folders[key] = folder
        return folder

    def _data(self, table: PxwebTable, query: dict[str, list[str]]) -> tuple[str, bytes]:
        if table.api == "v2":
            url = f"{self.settings.pxweb_v2_url}/tables/{table.table}/data"
            body = {"selection": [{"variableCode": code, "valueCodes": codes}
                                  for code, codes in query.items()]}
            response = self.client.request(
                "POST", url, kind="data", json=body,
                params={"lang": table.language, "outputFormat": "json-stat2"})
        else:
            url = f"{self.settings.pxweb_v1_url}/{table.language}/{table.table}"
            body = {"query": [{"code": code, "selection": {"filter": "item", "values": codes}}
                              for code, codes in query.items()],
                    "response": {"format": "json-stat2"}}
            response = self.client.request("POST", url, kind="data", json=body)
        return str(response.url), response.content

    # --- the service's limits -----------------------------------------------------------------

    def _service_limits(self, table: PxwebTable) -> ServiceLimits:
        """The limits of the table's API, read once per run (the first table asks)."""
        with self._shared:
            if table.api not in self._limits:
                self._limits[table.api] = self._read_limits(table)
            return self._limits[table.api]

    def _read_limits(self, table: PxwebTable) -> ServiceLimits:
        if table.api == "v2":
            url = f"{self.settings.pxweb_v2_url}/config"
            keys = ("maxDataCells", "maxCallsPerTimeWindow", "timeWindow")
        else:
            # The literal key, no "=": PxWeb answers `?config=` with its database list.
            url = f"{self.settings.pxweb_v1_url}/{table.language}/?config"
            keys = ("maxCells", "maxCalls", "timeWindow")
        budget = self.client.budget(url)
        name = f"pxweb_{table.api}"
        # Until the service says, its own request is held to what it said last in this process,
        # else to PxWeb's defaults.
        if name not in budget.limits:
            budget.limit(name, DEFAULT_CALLS, DEFAULT_WINDOW)
        config: dict[str, Any] = {}
        problem = ""
        try:
            answer = self.client.request("GET", url, kind="metadata").json()
            if isinstance(answer, dict):
                config = answer
            else:
                problem = (f"it answered a {type(answer).__name__}, not a configuration "
                           "object")
        except (FetchError, ValueError) as exc:
            problem = str(exc)
        cells, calls, seconds = (_count(config.get(key)) for key in keys)
        missing = tuple(key for key, value in zip(keys, (cells, calls, seconds), strict=True)
                        if value is None)
        if table.api == "v2" and config.get(keys[1]) in (0, "0"):
            missing = tuple(key for key in missing if key not in keys[1:])
            calls = seconds = None  # the service declares no rate limit (pxwebpy's reading)
            budget.drop(name)
        elif calls is None or seconds is None:
            budget.limit(name, DEFAULT_CALLS, DEFAULT_WINDOW)
            calls, seconds = DEFAULT_CALLS, DEFAULT_WINDOW
        else:
            budget.limit(name, calls, seconds)
        if cells is None:
            cells = DEFAULT_CELLS
        limits = ServiceLimits(cells, calls, float(seconds or 0), url, missing)
        if missing and self.log:
            why = f" ({problem})" if problem else ""
            standing = ([f"{DEFAULT_CELLS} cells per query"] if keys[0] in missing else []) + (
                [f"{DEFAULT_CALLS} requests per {DEFAULT_WINDOW:g} s"]
                if set(keys[1:]) & set(missing) else [])
            self.log.warning(
                f"PxWeb {table.api}: no {', '.join(missing)} from {url}{why}; PxWeb's defaults "
                f"stand in: {', '.join(standing)}")
        elif self.log:
            rate = (f"{calls} requests per {seconds:g} s" if calls
                    else "no rate limit declared")
            self.log.info(f"PxWeb {table.api} at {url}: {cells} cells per query, {rate}")
        return limits


def _count(value: Any) -> int | None:
    """A positive whole number from a configuration, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and value > 0 else None


def _describe_query(query: dict[str, list[str]]) -> str:
    """`alue: 23 values, timeperiod_y: 2024, contentscode: kuol-ksyylkm`."""
    return ", ".join(f"{code}: {codes[0] if len(codes) == 1 else f'{len(codes)} values'}"
                     for code, codes in query.items())
