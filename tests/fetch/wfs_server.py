"""A stand-in for Statistics Finland's WFS (GeoServer) on 127.0.0.1, for `make boundaries`.

GET {base}/geoserver/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=...&
outputFormat=application/json&srsName=EPSG:3067[&count=&startIndex=][&CQL_FILTER=p IN ('a')]

- tilastointialueet:kunta4500k_2026: the recorded GeoServer answer (tests/data/boundaries/
  kunta4500k.json, byte for byte when one page asks for all of it; pages are cut from it);
- tilastointialueet:hyvinvointialue4500k_2026: constructed, each county the MultiPolygon of
  its municipalities' polygons (raw/reference/areas.csv says which);
- postialue:pno_tilasto_2019: constructed from the shipped postal code areas
  (raw/reference/boundaries/), projected back to EPSG:3067, plus one area of Helsinki that a
  filter on the county's municipalities must leave out.

Anything else is answered as GeoServer does: 400 with an OWS ExceptionReport.
"""

import json
import re
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np

from pipelines.ingest.tm35fin import to_tm35fin

REPO = Path(__file__).resolve().parents[2]
RECORDED = REPO / "tests" / "data" / "boundaries" / "kunta4500k.json"
POSTAL = (REPO / "raw" / "reference" / "boundaries"
          / "postal_code_areas_2019_western_uusimaa.geojson")
AREAS = REPO / "raw" / "reference" / "areas.csv"
CRS_3067 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3067"}}
_IN = re.compile(r"(\w+) IN \((.*)\)")


def exception_report(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><ows:ExceptionReport version="2.0.0" '
            'xmlns:ows="http://www.opengis.net/ows/1.1"><ows:Exception exceptionCode='
            f'"InvalidParameterValue"><ows:ExceptionText>{text}</ows:ExceptionText>'
            "</ows:Exception></ows:ExceptionReport>").encode()


def _project(geometry: dict) -> dict:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    projected = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            lon, lat = np.array(ring).T
            east, north = to_tm35fin(lon, lat)
            rings.append(np.round(np.column_stack([east, north]), 3).tolist())
        projected.append(rings)
    return {"type": "MultiPolygon", "coordinates": projected}


def constructed_layers(recorded: dict) -> dict[str, list[dict]]:
    import csv

    county_of = {row["area_code"][2:]: row["wellbeing_county_code"][3:]
                 for row in csv.DictReader(AREAS.open(encoding="utf-8"))
                 if row["area_level"] == "municipality"}
    members: dict[str, list] = defaultdict(list)
    for feature in recorded["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        members[county_of[feature["properties"]["kunta"]]].extend(
            [polygons] if geometry["type"] == "Polygon" else polygons)
    counties = [{"type": "Feature", "id": f"hyvinvointialue4500k.{number}",
                 "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                 "properties": {"hyvinvointialue": code, "vuosi": 2026, "nimi": f"HVA {code}"}}
                for number, (code, polygons) in enumerate(sorted(members.items()), start=1)]
    postal = []
    for number, feature in enumerate(json.loads(POSTAL.read_text(encoding="utf-8"))["features"],
                                     start=1):
        properties = {key: feature["properties"][key]
                      for key in ("posti_alue", "nimi", "namn", "kunta")}
        postal.append({"type": "Feature", "id": f"pno_tilasto_2019.{number}",
                       "geometry": _project(feature["geometry"]),
                       "properties": {**properties, "vuosi": 2019, "he_vakiy": 100}})
    helsinki = json.loads(json.dumps(postal[0]))
    helsinki["properties"].update(posti_alue="00100", nimi="Helsinki keskusta", kunta="091")
    postal.append(helsinki)
    return {"tilastointialueet:hyvinvointialue4500k_2026": counties,
            "postialue:pno_tilasto_2019": postal}


class WfsStandIn:
    def __init__(self) -> None:
        self.recorded_bytes = RECORDED.read_bytes()
        recorded = json.loads(self.recorded_bytes)
        self.layers = {"tilastointialueet:kunta4500k_2026": recorded["features"],
                       **constructed_layers(recorded)}
        self.requests: list[dict[str, str]] = []
        self.broken: dict[str, tuple[int, bytes, str]] = {}  # layer -> status, body, type
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/geoserver/wfs"

    def __enter__(self) -> "WfsStandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes, str]:
        with self.lock:
            self.requests.append(query)
        json_type = "application/json;charset=UTF-8"
        expected = {"service": "WFS", "version": "2.0.0", "request": "GetFeature",
                    "outputFormat": "application/json", "srsName": "EPSG:3067"}
        wrong = [key for key, value in expected.items() if query.get(key) != value]
        if path != "/geoserver/wfs" or wrong:
            return 400, exception_report(f"unexpected {wrong or path}"), "application/xml"
        layer = query.get("typeNames", "")
        if layer in self.broken:
            return self.broken[layer]
        if layer not in self.layers:
            return 400, exception_report(f"Feature type {layer} unknown"), "application/xml"
        features = self.layers[layer]
        if "CQL_FILTER" in query:
            match = _IN.fullmatch(query["CQL_FILTER"])
            if match is None:
                return 400, exception_report("Could not parse CQL filter"), "application/xml"
            wanted = {value.strip().strip("'") for value in match[2].split(",")}
            features = [f for f in features if f["properties"].get(match[1]) in wanted]
        start, count = int(query.get("startIndex", 0)), int(query.get("count", 10**9))
        if layer == "tilastointialueet:kunta4500k_2026" and start == 0 \
                and count >= len(features) and "CQL_FILTER" not in query:
            return 200, self.recorded_bytes, json_type
        page = features[start:start + count]
        return 200, json.dumps({
            "type": "FeatureCollection", "features": page, "totalFeatures": len(features),
            "numberMatched": len(features), "numberReturned": len(page),
            "timeStamp": "2026-12-06T00:00:00Z", "crs": CRS_3067}).encode(), json_type


def _handler(stand_in: WfsStandIn) -> Any:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            parts = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            status, body, content_type = stand_in.answer(parts.path, query)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler
