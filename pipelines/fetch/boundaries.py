"""`make boundaries`: fetch the area boundaries again from Statistics Finland's WFS.

For each file `reference/boundaries/boundaries.yaml` lists with a `wfs:` layer, a WFS 2.0
GetFeature for GeoJSON in ETRS-TM35FIN (EPSG:3067, the layers' own system: simplifying in
metres), in pages (`count`, `startIndex`), filtered by GeoServer's CQL_FILTER where the layer
says (`kunta IN ('049', ...)`); then generalised on shared edges (pipelines/fetch/generalise.py),
turned into WGS84 lon/lat (pipelines/ingest/tm35fin.py), rounded to 5 decimals (about a metre)
and written one feature per line. Every layer is fetched before any file is written, each file
atomically: a failed refresh leaves the files as they were. Never run by the build.

    .venv/bin/python -m pipelines.fetch.boundaries [--raw-dir DIR] [--wfs-url URL]

The service's address: HYTEMART_BOUNDARIES_WFS_URL (default Statistics Finland's,
https://geo.stat.fi/geoserver/wfs); timeouts, retries and the request budget are the fetch
layer's (HYTEMART_FETCH_*, pipelines/fetch/settings.py).
"""

import argparse
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from pipelines.fetch.client import FetchClient
from pipelines.fetch.errors import FetchError
from pipelines.fetch.generalise import simplify_rings
from pipelines.fetch.settings import FetchSettings
from pipelines.fetch.store import write_atomic
from pipelines.ingest.boundaries import (
    BOUNDARIES_DIR,
    POLYGON_TYPES,
    BoundaryLayer,
    WfsLayer,
    load_layers,
)
from pipelines.ingest.tm35fin import from_tm35fin
from pipelines.settings import PROJECT_ROOT

WFS_URL = "https://geo.stat.fi/geoserver/wfs"
WFS_URL_VARIABLE = "HYTEMART_BOUNDARIES_WFS_URL"
PAGE_SIZE = 1000
DECIMALS = 5
# The properties kept of each feature (the code property besides): names and the year, and a
# postal code area's municipality. Paavo's hundred statistics stay out of the boundary file.
KEPT_PROPERTIES = ("nimi", "namn", "name", "kunta", "vuosi")
_METRIC_CRS = ("EPSG:3067", "urn:ogc:def:crs:EPSG::3067", "EPSG::3067")


@dataclass(frozen=True)
class Refreshed:
    file: str
    features: int
    vertices: int
    requests: int


def wfs_url(environ: Mapping[str, str] = os.environ) -> str:
    url = environ.get(WFS_URL_VARIABLE, "").strip() or WFS_URL
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{WFS_URL_VARIABLE}={url!r}: must be an http:// or https:// URL")
    return url


def get_feature_params(wfs: WfsLayer, start: int, count: int) -> dict[str, str]:
    params = {"service": "WFS", "version": "2.0.0", "request": "GetFeature",
              "typeNames": wfs.layer, "outputFormat": "application/json",
              "srsName": "EPSG:3067", "count": str(count), "startIndex": str(start)}
    if wfs.filter_property:
        values = ", ".join("'" + value.replace("'", "''") + "'" for value in wfs.filter_values)
        params["CQL_FILTER"] = f"{wfs.filter_property} IN ({values})"
    return params


def fetch_features(client: FetchClient, url: str, wfs: WfsLayer,
                   page_size: int = PAGE_SIZE) -> tuple[list[dict], int]:
    """Every feature of the layer, page by page; and the requests it took."""
    features: list[dict] = []
    requests = 0
    while True:
        response = client.request("GET", url, kind="data",
                                  params=get_feature_params(wfs, len(features), page_size))
        requests += 1
        try:
            document = response.json()
        except ValueError as exc:
            raise FetchError(f"{wfs.layer}: the answer is not JSON ({response.text[:200]!r})"
                             ) from exc
        if not isinstance(document, dict) or not isinstance(document.get("features"), list):
            raise FetchError(f"{wfs.layer}: the answer is not a GeoJSON FeatureCollection "
                             f"({str(document)[:200]!r}; an exception report?)")
        crs = ((document.get("crs") or {}).get("properties") or {}).get("name")
        if crs is not None and crs not in _METRIC_CRS:
            raise FetchError(f"{wfs.layer}: coordinates in {crs}, asked for EPSG:3067")
        page = document["features"]
        features.extend(page)
        matched = document.get("numberMatched")
        if len(page) < page_size or (isinstance(matched, int) and len(features) >= matched):
            return features, requests


def _rings(geometry: Mapping[str, Any], where: str) -> list[list[np.ndarray]]:
    if not isinstance(geometry, Mapping) or geometry.get("type") not in POLYGON_TYPES:
        raise FetchError(f"{where}: geometry is not a Polygon or MultiPolygon")
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in polygon] for polygon in polygons]


def to_feature_collection(layer: BoundaryLayer, features: list[dict],
                          source: str) -> tuple[str, int]:
    """The layer's file (features generalised, in lon/lat, one per line, sorted by code) and
    the number of positions in it."""
    wfs = layer.wfs
    assert wfs is not None
    shapes = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        code = properties.get(layer.code_property)
        if not isinstance(code, str) or not code:
            raise FetchError(f"{wfs.layer}, feature {number}: no {layer.code_property!r}")
        shapes.append((code, properties, _rings(feature.get("geometry"), f"{wfs.layer} {code}")))
    shapes.sort(key=lambda shape: shape[0])
    flat = [ring for _, _, polygons in shapes for polygon in polygons for ring in polygon]
    simplified = iter(simplify_rings(flat, wfs.simplify_m))
    lines = []
    vertices = 0
    for code, properties, polygons in shapes:
        coordinates = []
        for polygon in polygons:
            rings = []
            for _ in polygon:
                east, north = next(simplified).T
                lon, lat = from_tm35fin(east, north)
                points = np.round(np.column_stack([lon, lat]), DECIMALS)
                keep = np.ones(len(points), dtype=bool)
                keep[1:] = np.any(np.diff(points, axis=0) != 0, axis=1)
                rings.append(points[keep].tolist())
                vertices += int(keep.sum())
            if len(rings[0]) >= 4:  # an outer ring rounded away is dropped with its holes
                coordinates.append([ring for ring in rings if len(ring) >= 4])
        if not coordinates:
            raise FetchError(f"{wfs.layer} {code}: nothing left after simplifying by "
                             f"{wfs.simplify_m} m; lower simplify_m")
        kept = {layer.code_property: code,
                **{key: properties[key] for key in KEPT_PROPERTIES if key in properties}}
        lines.append(json.dumps({"type": "Feature", "properties": kept, "geometry": {
            "type": "MultiPolygon", "coordinates": coordinates}},
            ensure_ascii=False, separators=(",", ":")))
    header = json.dumps({"type": "FeatureCollection", "name": Path(layer.file).stem,
                         "source": source}, ensure_ascii=False, separators=(",", ":"))
    return header[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n", vertices


def refresh_boundaries(folder: Path, url: str, settings: FetchSettings, log: Any = print,
                       page_size: int = PAGE_SIZE) -> list[Refreshed]:
    """Fetch every layer of `folder`'s boundaries.yaml that names a WFS layer, then write
    them all; raises FetchError (writing nothing) when any layer fails."""
    layers = [layer for layer in load_layers(folder) if layer.wfs is not None]
    if not layers:
        raise FetchError(f"{folder / 'boundaries.yaml'} names no wfs: layer to fetch")
    written: list[tuple[BoundaryLayer, str, Refreshed]] = []
    fetched_at = datetime.now(UTC).date().isoformat()
    with FetchClient(settings) as client:
        for number, layer in enumerate(layers, start=1):
            assert layer.wfs is not None
            log(f"[{number}/{len(layers)}] {layer.wfs.layer} -> {layer.file}")
            features, requests = fetch_features(client, url, layer.wfs, page_size)
            if not features:
                raise FetchError(f"{layer.wfs.layer}: the service returned no features "
                                 "(a wrong layer name or filter?)")
            source = (f"Statistics Finland WFS {url}, layer {layer.wfs.layer}, fetched "
                      f"{fetched_at}, generalised by {layer.wfs.simplify_m:g} m")
            text, vertices = to_feature_collection(layer, features, source)
            written.append((layer, text, Refreshed(layer.file, len(features), vertices,
                                                   requests)))
    for layer, text, done in written:
        write_atomic(folder / layer.file, text.encode("utf-8"))
        log(f"wrote {folder / layer.file}: {done.features} areas, {done.requests} requests")
    return [done for _, _, done in written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", type=Path,
                        default=Path(os.environ.get("HYTEMART_RAW_DIR") or PROJECT_ROOT / "raw"))
    parser.add_argument("--wfs-url", help=f"the WFS address (default ${WFS_URL_VARIABLE}, "
                        f"else {WFS_URL})")
    parser.add_argument("--page-size", type=int, default=PAGE_SIZE)
    args = parser.parse_args(argv)
    folder = args.raw_dir.joinpath(*BOUNDARIES_DIR)
    try:
        url = args.wfs_url or wfs_url()
        refresh_boundaries(folder, url, FetchSettings.from_env(), page_size=args.page_size)
    except (FetchError, ValueError) as exc:
        print(f"boundaries not refreshed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
