"""`make boundaries` against a stand-in WFS on 127.0.0.1 (tests/fetch/wfs_server.py): the
recorded GeoServer answer of Statistics Finland's municipalities and constructed answers for
the counties and the postal code areas."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from fetch.wfs_server import RECORDED, WfsStandIn, exception_report
from pipelines.fetch.boundaries import main, refresh_boundaries, wfs_url
from pipelines.fetch.errors import FetchError
from pipelines.fetch.settings import FetchSettings
from pipelines.ingest.boundaries import read_boundaries

REPO = Path(__file__).resolve().parents[2]
# The same 308 municipalities reprojected to WGS84 by other software (provenance:
# tests/data/boundaries/SOURCES.md).
REPROJECTED = REPO / "tests" / "data" / "boundaries" / "kunta4500k_wgs84.geojson"


@pytest.fixture()
def wfs() -> Iterator[WfsStandIn]:
    with WfsStandIn() as server:
        yield server


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A raw directory's boundaries: the shipped ones, to be refreshed."""
    target = tmp_path / "raw" / "reference" / "boundaries"
    shutil.copytree(REPO / "raw" / "reference" / "boundaries", target)
    return target


def settings() -> FetchSettings:
    return FetchSettings(timeout_seconds=5, attempts=2, backoff_seconds=0.01,
                         max_backoff_seconds=0.1, requests_per_minute=6000)


def quiet(*_: object) -> None:
    pass


def test_the_refresh_writes_every_layer_from_the_wfs(wfs: WfsStandIn, folder: Path) -> None:
    done = refresh_boundaries(folder, wfs.url, settings(), log=quiet)
    assert {item.file: item.features for item in done} == {
        "municipalities_2026.geojson": 308, "wellbeing_services_counties_2026.geojson": 23,
        "postal_code_areas_2019_western_uusimaa.geojson": 130}
    rows, errors = read_boundaries(folder)
    assert errors == {}
    levels: dict[str, int] = {}
    for row in rows:
        levels[row[1]] = levels.get(row[1], 0) + 1
    # The service filtered by municipality: Helsinki's 00100 is not among the county's areas.
    assert levels == {"municipality": 308, "wellbeing_county": 23, "postal_code_area": 130}
    assert "PNO00100" not in {row[0] for row in rows}
    postal = [query for query in wfs.requests if query["typeNames"] == "postialue:pno_tilasto_2019"]
    assert postal[0]["CQL_FILTER"].startswith("kunta IN ('049', '078'")
    # Where the file came from travels with it.
    source = json.loads((folder / "municipalities_2026.geojson").read_text())["source"]
    assert source.startswith(f"Statistics Finland WFS {wfs.url}, layer "
                             "tilastointialueet:kunta4500k_2026, fetched ")
    assert {row[4] for row in rows if row[1] == "municipality"} == {source}

def test_municipalities_match_another_reprojection_of_the_same_answer(
    wfs: WfsStandIn, folder: Path,
) -> None:
    """No simplification on this layer: every vertex is the recorded one in lon/lat, within
    the 5 decimals written (about a metre)."""
    refresh_boundaries(folder, wfs.url, settings(), log=quiet)
    ours = {feature["properties"]["kunta"]: feature["geometry"]["coordinates"] for feature in
            json.loads((folder / "municipalities_2026.geojson").read_text())["features"]}
    theirs = json.loads(REPROJECTED.read_text())["features"]
    assert len(ours) == len(theirs) == 308
    worst = 0.0
    for feature in theirs:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        expected = np.array([p for polygon in polygons for ring in polygon for p in ring])
        got = np.array([p for polygon in ours[feature["properties"]["kunta"]]
                        for ring in polygon for p in ring])
        assert len(ours[feature["properties"]["kunta"]]) == len(polygons)
        assert len(got) <= len(expected)  # repeated points dropped, none added
        # each of our points is one of theirs, rounded
        distance = np.abs(got[:, None, :] - expected[None, :, :]).max(2)
        worst = max(worst, float(distance.min(1).max()))
    assert worst <= 0.6e-5


def test_the_postal_layer_is_generalised_without_gaps(wfs: WfsStandIn, folder: Path) -> None:
    before = sum(len(ring) for feature in wfs.layers["postialue:pno_tilasto_2019"][:-1]
                 for polygon in feature["geometry"]["coordinates"] for ring in polygon)
    refresh_boundaries(folder, wfs.url, settings(), log=quiet)
    features = json.loads((folder / "postal_code_areas_2019_western_uusimaa.geojson")
                          .read_text())["features"]
    rings = [ring for feature in features for polygon in feature["geometry"]["coordinates"]
             for ring in polygon]
    after = sum(len(ring) for ring in rings)
    assert after < before  # simplified by 60 m
    assert all(len(ring) >= 4 and ring[0] == ring[-1] for ring in rings)
    # Neighbours still share their edges: a segment is in one ring (a coast) or two (a
    # border), never three, and the shared ones did not vanish.
    segments: dict[frozenset, int] = {}
    for ring in rings:
        for a, b in zip(ring, ring[1:], strict=False):
            key = frozenset((tuple(a), tuple(b)))
            segments[key] = segments.get(key, 0) + 1
    assert max(segments.values()) == 2
    assert sum(1 for count in segments.values() if count == 2) > 300


def test_pages_follow_count_and_start_index(wfs: WfsStandIn, folder: Path) -> None:
    refresh_boundaries(folder, wfs.url, settings(), log=quiet, page_size=100)
    starts = [query["startIndex"] for query in wfs.requests
              if query["typeNames"] == "tilastointialueet:kunta4500k_2026"]
    assert starts == ["0", "100", "200", "300"]
    features = json.loads((folder / "municipalities_2026.geojson").read_text())["features"]
    assert len({feature["properties"]["kunta"] for feature in features}) == 308


def test_a_failed_layer_leaves_every_file_as_it_was(wfs: WfsStandIn, folder: Path) -> None:
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    wfs.broken["postialue:pno_tilasto_2019"] = (
        400, exception_report("Feature type postialue:pno_tilasto_2019 unknown"),
        "application/xml")
    with pytest.raises(FetchError, match="pno_tilasto_2019"):
        refresh_boundaries(folder, wfs.url, settings(), log=quiet)
    # The municipalities were fetched first, and still not written.
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_an_answer_in_other_coordinates_is_refused(wfs: WfsStandIn, folder: Path) -> None:
    answer = json.loads(RECORDED.read_bytes())
    answer["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
    wfs.broken["tilastointialueet:kunta4500k_2026"] = (200, json.dumps(answer).encode(),
                                                       "application/json")
    with pytest.raises(FetchError, match="EPSG::4326"):
        refresh_boundaries(folder, wfs.url, settings(), log=quiet)


def test_the_command_line_and_its_setting(wfs: WfsStandIn, folder: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    raw = folder.parents[1]
    monkeypatch.setenv("HYTEMART_BOUNDARIES_WFS_URL", wfs.url)
    assert wfs_url() == wfs.url
    assert main(["--raw-dir", str(raw)]) == 0
    assert len(wfs.requests) == 3
    monkeypatch.setenv("HYTEMART_BOUNDARIES_WFS_URL", "geo.stat.fi")
    with pytest.raises(ValueError, match="HYTEMART_BOUNDARIES_WFS_URL"):
        wfs_url()
    assert main(["--raw-dir", str(raw)]) == 1  # says why, changes nothing
    monkeypatch.delenv("HYTEMART_BOUNDARIES_WFS_URL")
    assert wfs_url() == "https://geo.stat.fi/geoserver/wfs"
