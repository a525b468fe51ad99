"""Area boundaries: GeoJSON files listed in `boundaries.yaml`, read into rows for
mart.dim_area_boundary.

`raw/reference/boundaries/boundaries.yaml` names each file with the level of its areas, the
feature property that holds the code and the prefix that makes it an area code (`kunta`
"049" -> `KU049`), the year of the division, its source, licence and attribution, and how
`make boundaries` fetches it again (pipelines/fetch/boundaries.py). Each feature becomes one
row: its geometry as compact GeoJSON text in WGS84 lon/lat (RFC 7946), which every DuckDB
client and BI tool reads without the spatial extension, with its bounding box.

A file that does not fit (not GeoJSON, a feature without its code, a geometry that is not a
polygon, coordinates that are not lon/lat, a code given twice) raises SourceFormatError naming
the file, the line of the feature and the rule; the other files still load. Small files:
plain Python (json), no geometry library.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.ingest.errors import SourceFormatError

LAYERS_FILE = "boundaries.yaml"
BOUNDARIES_DIR = ("reference", "boundaries")  # under a raw directory
COLUMNS = ("area_code", "area_level", "year", "geometry_geojson", "source", "licence",
           "attribution", "source_file", "source_line", "min_lon", "min_lat", "max_lon",
           "max_lat", "vertices")
POLYGON_TYPES = ("Polygon", "MultiPolygon")
_CODE_PREFIX = re.compile(r"[A-Z]{2,4}")
_LAYER_KEYS = {"area_level", "code", "year", "source", "licence", "attribution", "wfs"}
_WFS_KEYS = {"layer", "filter", "simplify_m"}
_FEATURE_TYPE = re.compile(r'"type"\s*:\s*"Feature"')


@dataclass(frozen=True)
class WfsLayer:
    """Where `make boundaries` fetches a file: a WFS feature type, optionally only the features
    whose `filter_property` is one of `filter_values`, simplified by `simplify_m` metres."""

    layer: str
    filter_property: str | None
    filter_values: tuple[str, ...]
    simplify_m: float


@dataclass(frozen=True)
class BoundaryLayer:
    file: str
    area_level: str
    code_property: str
    code_prefix: str
    year: int
    source: str
    licence: str
    attribution: str
    wfs: WfsLayer | None


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(f"{key}:"):
            return number
    return None


def load_layers(folder: Path) -> list[BoundaryLayer]:
    """The layers `folder/boundaries.yaml` lists; SourceFormatError naming its line if one
    does not fit."""
    path = folder / LAYERS_FILE
    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceFormatError(path, mark.line + 1 if mark else None,
                                f"not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("layers"), dict):
        raise SourceFormatError(path, None, "needs `layers:`, a mapping of file name to layer")
    layers = []
    for file, entry in document["layers"].items():
        line = _line_of(text, str(file))

        def fail(message: str, file: object = file, line: int | None = line) -> None:
            raise SourceFormatError(path, line, f"layer {file}: {message}")

        if not isinstance(entry, dict):
            fail("must be a mapping")
        unknown = sorted(set(entry) - _LAYER_KEYS)
        if unknown:
            fail(f"unknown keys {unknown}; allowed: {sorted(_LAYER_KEYS)}")
        if Path(str(file)).name != str(file) or not str(file).endswith((".geojson", ".json")):
            fail("the file must be a .geojson or .json name in this folder")
        for key in ("area_level", "code", "year", "source", "licence", "attribution"):
            if entry.get(key) in (None, ""):
                fail(f"{key} is missing")
        code = entry["code"]
        if not isinstance(code, dict) or set(code) != {"property", "prefix"}:
            fail("code must be {property: <feature property>, prefix: <area code prefix>}")
        if not _CODE_PREFIX.fullmatch(str(code["prefix"])):
            fail(f"code prefix {code['prefix']!r} must be 2-4 capital letters (KU, HVA, PNO)")
        if not isinstance(entry["year"], int):
            fail(f"year {entry['year']!r} must be a whole number")
        layers.append(BoundaryLayer(
            file=str(file), area_level=str(entry["area_level"]),
            code_property=str(code["property"]), code_prefix=str(code["prefix"]),
            year=entry["year"], source=str(entry["source"]), licence=str(entry["licence"]),
            attribution=str(entry["attribution"]),
            wfs=_wfs(entry.get("wfs"), fail)))
    return layers


def _wfs(entry: object, fail) -> WfsLayer | None:
    if entry is None:
        return None
    if not isinstance(entry, dict) or not entry.get("layer") or set(entry) - _WFS_KEYS:
        fail(f"wfs must be {{layer: ..., filter: ..., simplify_m: ...}} (keys {sorted(_WFS_KEYS)})")
    found = entry.get("filter") or {}
    if found and (set(found) != {"property", "values"} or not found["values"]):
        fail("wfs filter must be {property: <feature property>, values: [...]}")
    simplify = entry.get("simplify_m", 0)
    if not isinstance(simplify, int | float) or simplify < 0:
        fail(f"wfs simplify_m {simplify!r} must be a number of metres, 0 or more")
    return WfsLayer(str(entry["layer"]), found.get("property"),
                    tuple(str(value) for value in found.get("values", ())), float(simplify))


def read_boundaries(folder: Path) -> tuple[list[tuple], dict[str, str]]:
    """Rows (in COLUMNS order) of every layer of `folder`, and the files that could not be read
    with their error (file name -> message); a bad boundaries.yaml raises."""
    rows: list[tuple] = []
    errors: dict[str, str] = {}
    for layer in load_layers(folder):
        try:
            rows.extend(read_layer(folder, layer))
        except SourceFormatError as exc:
            errors[layer.file] = str(exc)
    return rows, errors


def read_layer(folder: Path, layer: BoundaryLayer) -> list[tuple]:
    path = folder / layer.file
    if not path.is_file():
        raise SourceFormatError(path, None, f"not found (listed in {LAYERS_FILE})")
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceFormatError(path, getattr(exc, "lineno", None),
                                f"not JSON: {exc}") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise SourceFormatError(path, 1, "not a GeoJSON FeatureCollection")
    # A file refresh_boundaries wrote says where it came from; else the layer list does.
    own = document.get("source")
    source = own.strip() if isinstance(own, str) and own.strip() else layer.source
    lines = [text.count("\n", 0, match.start()) + 1 for match in _FEATURE_TYPE.finditer(text)]
    seen: dict[str, int] = {}
    rows = []
    for number, feature in enumerate(document["features"]):
        line = lines[number] if len(lines) == len(document["features"]) else None
        where = f"feature {number + 1}"

        def fail(message: str, line: int | None = line, where: str = where) -> None:
            raise SourceFormatError(path, line, f"{where}: {message}")

        properties = feature.get("properties") or {} if isinstance(feature, dict) else {}
        code = properties.get(layer.code_property)
        if not isinstance(code, str) or not code.strip():
            fail(f"property {layer.code_property!r} (the area code) is missing or not text: "
                 f"{code!r}")
        area_code = layer.code_prefix + code.strip()
        if area_code in seen:
            fail(f"{area_code} is given twice (also at line {seen[area_code]}); give an area "
                 "one feature, a MultiPolygon for several parts")
        seen[area_code] = line or number + 1
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        try:
            box, vertices = _check_geometry(geometry)
        except ValueError as exc:
            fail(f"{area_code}: {exc}")
        compact = json.dumps({"type": geometry["type"], "coordinates": geometry["coordinates"]},
                             separators=(",", ":"))
        rows.append((area_code, layer.area_level, layer.year, compact, source,
                     layer.licence, layer.attribution, layer.file, line, *box, vertices))
    if not rows:
        raise SourceFormatError(path, None, "holds no features")
    return rows


def _check_geometry(geometry: object) -> tuple[tuple[float, float, float, float], int]:
    """The bounding box and vertex count of a Polygon or MultiPolygon in lon/lat; ValueError
    saying what is wrong otherwise."""
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGON_TYPES:
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        raise ValueError(f"geometry {kind!r} is not a Polygon or MultiPolygon")
    polygons = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    if not isinstance(polygons, list) or not polygons:
        raise ValueError("geometry has no coordinates")
    lons: list[float] = []
    lats: list[float] = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError("a polygon has no rings")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                raise ValueError("a ring has fewer than 4 positions")
            for position in ring:
                if (not isinstance(position, list) or len(position) < 2
                        or not all(isinstance(v, int | float) and math.isfinite(v)
                                   for v in position[:2])):
                    raise ValueError(f"position {position!r} is not [lon, lat]")
            if ring[0][:2] != ring[-1][:2]:
                raise ValueError(f"a ring is not closed (starts {ring[0]}, ends {ring[-1]})")
            lons.extend(position[0] for position in ring)
            lats.extend(position[1] for position in ring)
    if min(lons) < -180 or max(lons) > 180 or min(lats) < -90 or max(lats) > 90:
        raise ValueError(f"coordinates such as {lons[0]}, {lats[0]} are not WGS84 lon/lat "
                         "(metres of a national projection?); GeoJSON is lon/lat (RFC 7946)")
    return (min(lons), min(lats), max(lons), max(lats)), len(lons)
