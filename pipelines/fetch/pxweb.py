"""Statistics Finland's tables through the PxWeb API, version 1 and version 2.

v1: GET {base}/{lang}/{path} gives the variables, GET of the parent folder gives each table's
`updated`, POST {base}/{lang}/{path} with a query answers json-stat2; GET {base}/{lang}/?config
gives the cell limit (maxValues). v2: GET {base}/tables/{id}/metadata answers json-stat2 with
`updated`, POST {base}/tables/{id}/data?outputFormat=json-stat2 with valueCodes answers the
data, GET {base}/config gives maxDataCells. Why not pxwebpy: see the README (it speaks v2
only, through requests, and hands back rows, not the payload to keep).

For each table: the metadata (one request) says whether the table changed since the last
good fetch (its `updated`) and resolves the selection; only then is data asked for, split
into queries under the cell limit and joined into one file.
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


@dataclass
class TableMeta:
    dimensions: dict[str, list[str]]  # dimension id -> every code, in the table's order
    updated: str  # "" when the service gives no stamp


@dataclass
class PxwebFetcher:
    client: "FetchClient"
    settings: FetchSettings
    raw_dir: Path
    fetch_list: FetchList
    manifest: dict[str, ManifestRow]
    commit: Commit
    log: Any = None
    _limits: dict[str, int] = field(default_factory=dict)
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
        max_cells = min(self.settings.max_cells, self._service_limit(table))
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
            payload = bodies[0]  # as served, byte for byte
        else:
            payload = json.dumps(join_parts(parts, query), ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8")
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
            raise PayloadError(
                f"{path} line {table.lines.get(unknown[0], table.line)}: table {table.table} "
                f"has no dimension {unknown[0]!r}; it has {', '.join(meta.dimensions)}")
        query: dict[str, list[str]] = {}
        for code, available in meta.dimensions.items():
            choice = table.selection.get(code)
            if choice is None:
                query[code] = list(available)
                continue
            try:
                query[code] = choice.resolve(available)
            except KeyError as exc:
                raise PayloadError(
                    f"{path} line {table.lines.get(code, table.line)}: table {table.table} "
                    f"dimension {code!r} has no value {exc.args[0]!r}") from None
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
            return TableMeta(
                {str(code): category_codes(document, str(code)) for code in document["id"]},
                str(document.get("updated") or ""))
        base = f"{self.settings.pxweb_v1_url}/{table.language}"
        response = self.client.request("GET", f"{base}/{table.table}", kind="metadata")
        try:
            variables = response.json()["variables"]
            dimensions = {str(item["code"]): [str(code) for code in item["values"]]
                          for item in variables}
        except (ValueError, KeyError, TypeError):
            raise PayloadError(f"table {table.table}: the metadata is not PxWeb v1's "
                               "(title and variables with code and values)") from None
        return TableMeta(dimensions, self._v1_updated(table, base))

    def _v1_updated(self, table: PxwebTable, base: str) -> str:
        """`updated` of the table from its folder's listing (one request per folder)."""
        folder, _, name = table.table.rpartition("/")
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
        for item in listing if isinstance(listing, list) else []:
            if isinstance(item, dict) and item.get("id") == name:
                return str(item.get("updated") or "")
        return ""

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

    def _service_limit(self, table: PxwebTable) -> int:
        """The service's own cell limit (v2 /config maxDataCells, v1 ?config maxValues)."""
        key = f"{table.api}:{table.language}"
        with self._shared:
            if key not in self._limits:
                self._limits[key] = self._ask_limit(table)
            return self._limits[key]

    def _ask_limit(self, table: PxwebTable) -> int:
        limit = self.settings.max_cells
        try:
            if table.api == "v2":
                config = self.client.request("GET", f"{self.settings.pxweb_v2_url}/config",
                                             kind="metadata").json()
                limit = int(config.get("maxDataCells") or limit)
            else:
                config = self.client.request(
                    "GET", f"{self.settings.pxweb_v1_url}/{table.language}/",
                    params={"config": ""}, kind="metadata").json()
                limit = int(config.get("maxValues") or limit)
        except (FetchError, ValueError, TypeError, AttributeError) as exc:
            if self.log:
                self.log.warning(f"PxWeb {table.api}: no configuration ({exc}); "
                                 f"queries kept under {limit} cells")
        return limit
