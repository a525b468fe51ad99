"""THL Sotkanet through its REST API 1.1: regions, indicator metadata and data per indicator.

GET {base}/indicators/{id} gives an indicator's `data-updated`, year `range` and the sexes it
is published by: one metadata request per indicator and run tells whether its data changed
since the last good fetch. Only then is its data asked for: GET {base}/json (or /csv) with
`indicator`, `years` and `genders`, in chunks of years, the parts joined into one file in the
shape the reader takes (pipelines/ingest/sotkanet.py). GET {base}/regions is asked for with
If-None-Match when the service gave an ETag. indicators.json keeps every indicator object it
held and takes the fetched ones in their place.

Query keys repeat (`years=2019&years=2020&genders=male&genders=female`), as R sotkanet builds
them (rOpenGov/sotkanet, R/get_sotkanet.R); a comma list is not Sotkanet's form. The CSV
export is asked for with `Accept: text/csv`, the rest with `Accept: application/json`.

A data query that matches nothing (years outside the indicator's range, a sex or a region
category it is not published by; R sotkanet warns that some indicators answer nothing for
`genders=total` alone, R/get_sotkanet.R) answers `[]` or a header-only CSV. Such an answer
replaces nothing: no rows at all, or none for a sex or region category the fetch list asks
for, fails the indicator, naming the query, and its last good file stays as it was.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.fetch.errors import FetchError
from pipelines.fetch.fetchlist import FetchList, SotkanetIndicator
from pipelines.fetch.jsonstat_parts import PayloadError
from pipelines.fetch.outcome import FAILED, FETCHED, UNCHANGED, Outcome
from pipelines.fetch.settings import FetchSettings
from pipelines.fetch.store import ManifestRow, now_utc
from pipelines.ingest.sotkanet import CSV_HEADER, INDICATORS_FILE, REGIONS_FILE

if TYPE_CHECKING:  # httpx is imported when a fetch runs, not when the code loads
    from pipelines.fetch.client import FetchClient

Commit = Callable[[str, bytes, ManifestRow], None]
SOURCE = "sotkanet"


@dataclass
class SotkanetFetcher:
    client: "FetchClient"
    settings: FetchSettings
    raw_dir: Path
    fetch_list: FetchList
    manifest: dict[str, ManifestRow]
    commit: Commit
    log: Any = None

    @property
    def base(self) -> str:
        return self.settings.sotkanet_url

    def file(self, name: str) -> str:
        return f"{self.fetch_list.sotkanet_folder}/{name}"

    # --- metadata -----------------------------------------------------------------------

    def indicator_metadata(self, item: SotkanetIndicator) -> dict[str, Any]:
        response = self.client.request("GET", f"{self.base}/indicators/{item.id}",
                                       kind="metadata")
        try:
            meta = response.json()
        except ValueError:
            raise PayloadError(f"indicator {item.id}: the metadata is not JSON") from None
        if not isinstance(meta, dict) or str(meta.get("id")) != str(item.id):
            raise PayloadError(f"indicator {item.id}: the metadata is not this indicator's")
        return meta

    def regions(self) -> tuple[Outcome, dict[int, str]]:
        """Fetch regions.json when it changed; the region id -> category map either way."""
        name = self.file(REGIONS_FILE)
        target = self.raw_dir / name
        previous = self.manifest.get(name)
        headers = {}
        if previous and previous.etag and target.is_file():
            headers["If-None-Match"] = previous.etag
        url = f"{self.base}/regions"
        try:
            response = self.client.request("GET", url, kind="metadata", headers=headers,
                                           not_modified_ok=True)
            if response.status_code == 304:
                return (Outcome(name, SOURCE, UNCHANGED, "regions not modified"),
                        _categories(target.read_bytes(), name))
            body = response.content
            categories = _categories(body, "regions")
        except (FetchError, PayloadError) as exc:
            kept = _categories(target.read_bytes(), name) if target.is_file() else {}
            return Outcome(name, SOURCE, FAILED, str(exc)), kept
        digest = sha256(body).hexdigest()
        if target.is_file() and sha256(target.read_bytes()).hexdigest() == digest:
            return Outcome(name, SOURCE, UNCHANGED, "regions unchanged"), categories
        self.commit(name, body, ManifestRow(
            file=name, source=SOURCE, url=url, method="GET", query="", http_status=200,
            fetched_at=now_utc(), updated="", bytes=len(body), sha256=digest, requests=1,
            etag=response.headers.get("ETag", "")))
        return Outcome(name, SOURCE, FETCHED, f"{len(categories)} regions", len(body)), \
            categories

    def indicators_file(self, metas: dict[int, dict[str, Any]]) -> Outcome:
        """indicators.json: the objects it held, the fetched ones put in their place."""
        name = self.file(INDICATORS_FILE)
        target = self.raw_dir / name
        kept: list[Any] = []
        if target.is_file():
            try:
                existing = json.loads(target.read_text(encoding="utf-8-sig"))
            except ValueError:
                existing = []  # unreadable: the fetched metadata replaces it
            existing = existing if isinstance(existing, list) else [existing]
            kept = [item for item in existing if not (isinstance(item, dict)
                                                      and _int(item.get("id")) in metas)]
        merged = kept + [metas[key] for key in sorted(metas)]
        merged.sort(key=lambda item: _int(item.get("id")) if isinstance(item, dict) else 0)
        body = json.dumps(merged, ensure_ascii=False, indent=1).encode("utf-8")
        if target.is_file() and target.read_bytes() == body:
            return Outcome(name, SOURCE, UNCHANGED, "indicator metadata unchanged")
        self.commit(name, body, ManifestRow(
            file=name, source=SOURCE, url=f"{self.base}/indicators/{{id}}", method="GET",
            query=json.dumps(sorted(metas)), http_status=200, fetched_at=now_utc(),
            updated=max((str(meta.get("data-updated") or "") for meta in metas.values()),
                        default=""),
            bytes=len(body), sha256=sha256(body).hexdigest(), requests=len(metas)))
        return Outcome(name, SOURCE, FETCHED, f"metadata of {len(metas)} indicators", len(body))

    # --- data ---------------------------------------------------------------------------

    def data(self, item: SotkanetIndicator, meta: dict[str, Any],
             categories: dict[int, str]) -> Outcome:
        try:
            return self._data(item, meta, categories)
        except (FetchError, PayloadError) as exc:
            return Outcome(item.file, SOURCE, FAILED, str(exc))

    def _data(self, item: SotkanetIndicator, meta: dict[str, Any],
              categories: dict[int, str]) -> Outcome:
        where = f"{self.fetch_list.path.name} line {item.line}"
        year_range = meta.get("range") if isinstance(meta.get("range"), dict) else {}
        years = item.years.resolve(_int(year_range.get("start")), _int(year_range.get("end")))
        if not years:
            raise PayloadError(f"{where}: indicator {item.id} names no year range; "
                               "give its years (e.g. 2000-2024)")
        sex_values = ((meta.get("classifications") or {}).get("sex") or {}).get("values")
        published = [str(value) for value in sex_values or []] or ["total"]
        sexes = list(item.sexes or published)
        unpublished = [sex for sex in sexes if sex not in published]
        if unpublished:
            raise PayloadError(f"{where}: indicator {item.id} is not published by "
                               f"{', '.join(unpublished)} (only {', '.join(published)})")
        if item.region_categories and not categories:
            raise PayloadError(f"{where}: regions.json is needed to choose region categories")
        unknown = sorted(set(item.region_categories or ()) - set(categories.values()))
        if unknown:
            raise PayloadError(f"{where}: no region category {', '.join(unknown)} in Sotkanet's "
                               f"regions (it has {', '.join(sorted(set(categories.values())))})")
        plan = json.dumps({"indicator": item.id, "years": years, "genders": sexes,
                           "region_categories": item.region_categories, "format": item.format})
        updated = str(meta.get("data-updated") or "")
        previous = self.manifest.get(item.file)
        target = self.raw_dir / item.file
        if (previous and updated and previous.updated == updated and previous.query == plan
                and target.is_file()
                and sha256(target.read_bytes()).hexdigest() == previous.sha256):
            return Outcome(item.file, SOURCE, UNCHANGED,
                           f"indicator {item.id} not updated since {updated}")

        step = self.settings.sotkanet_years_per_request
        chunks = [years[start:start + step] for start in range(0, len(years), step)]
        url = f"{self.base}/{item.format}"
        accept = {"Accept": "text/csv" if item.format == "csv" else "application/json"}
        bodies, asked = [], []
        for chunk in chunks:
            params = [("indicator", str(item.id)), *(("years", str(year)) for year in chunk),
                      *(("genders", sex) for sex in sexes)]
            response = self.client.request("GET", url, kind="data", params=params,
                                           headers=accept)
            body = response.content
            asked.append(str(response.url))
            check = _check_json if item.format == "json" else _check_csv
            check(body, item.id, set(chunk), set(sexes),
                  f"indicator {item.id}, years {chunk[0]}-{chunk[-1]}")
            bodies.append(body)
        join = _join_json if item.format == "json" else _join_csv
        payload = join(bodies, item.region_categories, categories)
        missing = _missing(payload, item, categories)
        if missing:
            kept = "the last good file is kept" if target.is_file() else "nothing was written"
            span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
            wanted = (f"; region categories {', '.join(item.region_categories)}"
                      if item.region_categories else "")
            raise PayloadError(
                f"indicator {item.id}: Sotkanet answered no rows {missing} (asked: years "
                f"{span}, sexes {', '.join(sexes)}{wanted}; GET {asked[0]}"
                + (f" and {len(asked) - 1} more" if len(asked) > 1 else "") + f"); {kept}")
        self.commit(item.file, payload, ManifestRow(
            file=item.file, source=SOURCE, url=url, method="GET", query=plan, http_status=200,
            fetched_at=now_utc(), updated=updated, bytes=len(payload),
            sha256=sha256(payload).hexdigest(), requests=len(chunks)))
        return Outcome(item.file, SOURCE, FETCHED,
                       f"indicator {item.id}: {len(years)} years in {len(chunks)} requests",
                       len(payload), len(chunks))


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _missing(payload: bytes, item: SotkanetIndicator, categories: dict[int, str]) -> str:
    """What of the asked the payload holds no row for ("" when it holds rows of each): "for
    what was asked", "for sex female", "for region category MAAKUNTA"."""
    text = payload.decode("utf-8-sig")
    if item.format == "json":
        rows = [(_int(row.get("region")), str(row.get("gender"))) for row in json.loads(text)]
    else:
        rows = [(_int(fields[1]), fields[3]) for line in text.splitlines()[1:]
                if line.strip() and len(fields := line.split(";")) == len(CSV_HEADER)]
    if not rows:
        return "for what was asked"
    gaps = []
    if item.sexes:
        held = {gender for _, gender in rows}
        gaps += [f"for sex {sex}" for sex in item.sexes if sex not in held]
    if item.region_categories:
        held = {categories.get(region) for region, _ in rows if region is not None}
        gaps += [f"for region category {category}" for category in item.region_categories
                 if category not in held]
    return ", ".join(gaps)


def _categories(body: bytes, what: str) -> dict[int, str]:
    try:
        regions = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise PayloadError(f"{what}: the regions answer is not JSON") from None
    if not isinstance(regions, list) or not regions:
        raise PayloadError(f"{what}: the regions answer is not a list of regions")
    result = {}
    for region in regions:
        if not isinstance(region, dict) or _int(region.get("id")) is None \
                or not region.get("category"):
            raise PayloadError(f"{what}: a region lacks its id or category")
        result[int(region["id"])] = str(region["category"]).upper()
    return result


def _check_json(body: bytes, indicator: int, years: set[int], sexes: set[str],
                what: str) -> None:
    try:
        rows = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise PayloadError(f"{what}: the answer is not JSON ({len(body)} bytes)") from None
    if not isinstance(rows, list):
        raise PayloadError(f"{what}: the answer is not a list of data rows")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not {"indicator", "region", "year", "gender"} <= set(row):
            raise PayloadError(f"{what}: row {number} is not a Sotkanet data row")
        if (_int(row["indicator"]) != indicator or _int(row["year"]) not in years
                or row["gender"] not in sexes):
            raise PayloadError(f"{what}: row {number} is not of the indicator, years and "
                               "sexes asked for")


def _check_csv(body: bytes, indicator: int, years: set[int], sexes: set[str],
               what: str) -> None:
    try:
        lines = body.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise PayloadError(f"{what}: the answer is not UTF-8 text") from None
    if not lines or tuple(lines[0].strip().split(";")) != CSV_HEADER:
        raise PayloadError(f"{what}: the answer is not Sotkanet's CSV export")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split(";")
        if len(fields) != len(CSV_HEADER):
            raise PayloadError(f"{what}: line {number} has {len(fields)} fields, not 6 "
                               "(a cut answer?)")
        if _int(fields[0]) != indicator or _int(fields[2]) not in years \
                or fields[3] not in sexes:
            raise PayloadError(f"{what}: line {number} is not of the indicator, years and "
                               "sexes asked for")


def _join_json(bodies: list[bytes], wanted: tuple[str, ...] | None,
               categories: dict[int, str]) -> bytes:
    if wanted:
        rows = [row for body in bodies for row in json.loads(body.decode("utf-8-sig"))
                if categories.get(_int(row["region"]) or -1) in wanted]
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(bodies) == 1:
        return bodies[0]  # as served, byte for byte
    # The arrays' elements as served, one array: strip each part's brackets.
    inner = [body.decode("utf-8-sig").strip()[1:-1].strip() for body in bodies]
    return ("[" + ",".join(part for part in inner if part) + "]").encode("utf-8")


def _join_csv(bodies: list[bytes], wanted: tuple[str, ...] | None,
              categories: dict[int, str]) -> bytes:
    if len(bodies) == 1 and not wanted:
        return bodies[0]
    texts = [body.decode("utf-8-sig").splitlines(keepends=True) for body in bodies]
    header, lines = texts[0][0], []
    for part in texts:
        for line in part[1:]:
            if not line.strip():
                continue
            if wanted and categories.get(_int(line.split(";")[1]) or -1) not in wanted:
                continue
            lines.append(line if line.endswith(("\n", "\r")) else line + "\n")
    return (header + "".join(lines)).encode("utf-8")
