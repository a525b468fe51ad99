"""Maps without a build: the projection, the boundary reader, shared-edge generalisation and
the choropleth SVG (structure, not pixels; tests/test_maps_build.py draws real ones)."""

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from pipelines.fetch.generalise import douglas_peucker, simplify_rings
from pipelines.ingest.boundaries import read_boundaries
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.tm35fin import from_tm35fin, to_tm35fin
from pipelines.outputs.maps import (
    SEQUENTIAL_3,
    AreaValue,
    MapLabels,
    Shape,
    choropleth_svg,
    quintile_classes,
    values_table_html,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "boundaries"
BUNDLED = REPO / "raw" / "reference" / "boundaries"
SVG = "{http://www.w3.org/2000/svg}"
LABELS = MapLabels(suppressed="suppressed (small numbers)", missing="no data",
                   context="neighbouring municipalities")
CLASSES = [("lowest_20", "lowest 20 %", SEQUENTIAL_3[0]),
           ("middle_60", "middle 60 %", SEQUENTIAL_3[1]),
           ("highest_20", "highest 20 %", SEQUENTIAL_3[2])]


def positions(geometry: dict) -> np.ndarray:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return np.array([p[:2] for polygon in polygons for ring in polygon for p in ring])


def test_tm35fin_both_ways_against_another_reprojection() -> None:
    """Statistics Finland's municipalities in EPSG:3067 (a WFS answer) and the same file
    reprojected to WGS84 by other software: our formulas agree to a micrometre."""
    metres = {f["properties"]["kunta"]: positions(f["geometry"])
              for f in json.loads((DATA / "kunta4500k.json").read_text())["features"]}
    degrees = {f["properties"]["kunta"]: positions(f["geometry"])
               for f in json.loads((DATA / "kunta4500k_wgs84.geojson").read_text())["features"]}
    assert metres.keys() == degrees.keys() and len(metres) == 308
    east_north = np.vstack([metres[code] for code in sorted(metres)])
    lon_lat = np.vstack([degrees[code] for code in sorted(metres)])
    east, north = to_tm35fin(lon_lat[:, 0], lon_lat[:, 1])
    assert np.abs(east - east_north[:, 0]).max() < 1e-3
    assert np.abs(north - east_north[:, 1]).max() < 1e-3
    lon, lat = from_tm35fin(east_north[:, 0], east_north[:, 1])
    assert np.abs(lon - lon_lat[:, 0]).max() < 1e-8
    assert np.abs(lat - lon_lat[:, 1]).max() < 1e-8


def test_the_bundled_boundaries() -> None:
    rows, errors = read_boundaries(BUNDLED)
    assert errors == {}
    by_level: dict[str, set[str]] = {}
    for row in rows:
        by_level.setdefault(row[1], set()).add(row[0])
    assert len(by_level["municipality"]) == 308
    assert len(by_level["wellbeing_county"]) == 23
    assert len(by_level["postal_code_area"]) == 130
    assert {"KU049", "KU710", "HVA03", "PNO02100", "PNO10600"} <= set().union(*by_level.values())
    # Every postal code area is in the area reference under a county municipality.
    import csv
    reference = {row["area_code"]: row for row in
                 csv.DictReader((REPO / "raw" / "reference" / "areas.csv").open())}
    for code in by_level["postal_code_area"]:
        assert reference[code]["wellbeing_county_code"] == "HVA03"
        assert reference[reference[code]["parent_area_code"]]["area_level"] == "municipality"
    for row in rows:
        geometry = json.loads(row[3])
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        assert 19 < row[9] <= row[11] < 32 and 59 < row[10] <= row[12] < 71  # bbox in Finland
    assert sum(path.stat().st_size for path in BUNDLED.glob("*.geojson")) < 3_000_000


@pytest.mark.parametrize(("edit", "message"), [
    (lambda f: f["geometry"].update(type="Point", coordinates=[24.8, 60.2]),
     "geometry 'Point' is not a Polygon or MultiPolygon"),
    (lambda f: f["properties"].pop("kunta"), "property 'kunta' (the area code) is missing"),
    (lambda f: f["geometry"].update(coordinates=[[[[378116.0, 6673118.0], [379116.0, 6673118.0],
                                                  [379116.0, 6674118.0], [378116.0, 6673118.0]]]]),
     "not WGS84 lon/lat"),
    (lambda f: f["geometry"]["coordinates"][0][0].pop(), "is not closed"),
])
def test_a_bad_feature_is_refused_naming_file_line_and_rule(tmp_path: Path, edit,
                                                            message: str) -> None:
    folder = tmp_path / "boundaries"
    shutil.copytree(BUNDLED, folder)
    path = folder / "municipalities_2026.geojson"
    lines = path.read_text(encoding="utf-8").splitlines()
    feature = json.loads(lines[5].rstrip(","))  # the fifth feature, line 6
    edit(feature)
    lines[5] = json.dumps(feature, ensure_ascii=False) + ","
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, errors = read_boundaries(folder)
    assert list(errors) == ["municipalities_2026.geojson"]
    assert "municipalities_2026.geojson:6: feature 5" in errors["municipalities_2026.geojson"]
    assert message in errors["municipalities_2026.geojson"]
    # The other files still load.
    assert {row[1] for row in rows} == {"wellbeing_county", "postal_code_area"}


def test_a_code_given_twice_and_a_bad_layer_list(tmp_path: Path) -> None:
    folder = tmp_path / "boundaries"
    shutil.copytree(BUNDLED, folder)
    path = folder / "wellbeing_services_counties_2026.geojson"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, errors = read_boundaries(folder)
    assert "HVA01 is given twice (also at line 2)" in errors[path.name]
    layers = folder / "boundaries.yaml"
    layers.write_text(layers.read_text().replace("prefix: PNO", "prefix: pno"))
    with pytest.raises(SourceFormatError, match=r"boundaries.yaml:\d+: layer postal_code_areas"):
        read_boundaries(folder)


def test_douglas_peucker_and_shared_edges() -> None:
    line = np.array([[0, 0], [1, 0.1], [2, -0.1], [3, 5], [4, 6], [5, 7]], dtype=float)
    assert douglas_peucker(line, 0.5).tolist() == [[0, 0], [2, -0.1], [3, 5], [5, 7]]
    # Two squares sharing a wiggly edge x = 10: simplified, they still share it exactly.
    edge = [[10, y, ] for y in range(0, 11)]
    edge = [[10 + (0.2 if 0 < y < 10 and y % 2 else 0), y] for _, y in edge]
    left = np.array([[0, 0], *edge, [0, 10], [0, 0]], dtype=float)
    right = np.array([*edge[::-1], [20, 0], [20, 10], [10, 10]], dtype=float)
    right = np.vstack([right[-1:], right])  # start and end at (10, 10)
    a, b = simplify_rings([left, right], tolerance=1.0)
    assert len(a) < len(left) and len(b) < len(right)
    shared_a = {tuple(p) for p in a if p[0] >= 9.5}
    shared_b = {tuple(p) for p in b if p[0] <= 10.5}
    assert shared_a == shared_b == {(10.0, 0.0), (10.0, 10.0)}
    assert a[0].tolist() == a[-1].tolist() and b[0].tolist() == b[-1].tolist()


def square(code: str, x: float, y: float, size: float = 0.2, level: str = "municipality"
           ) -> Shape:
    ring = ((x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y))
    return Shape(code, level, {"fi": f"Alue {code}", "sv": None, "en": f"Area {code}"}, None,
                 ((ring,),), "Lähde: Tilastokeskus")


def sample_map(**options: object) -> tuple[str, dict, dict]:
    shapes = {code: square(code, 24 + index * 0.25, 60.1) for index, code in
              enumerate(["KU001", "KU002", "KU003", "KU004", "KU005", "KU006"])}
    values = {
        "KU001": AreaValue(12.5, "ok", "12,5 %", "lowest_20"),
        "KU002": AreaValue(20.0, "ok", "20,0 %", "middle_60"),
        "KU003": AreaValue(30.0, "zero", "0,0 %", "highest_20"),
        # Suppressed, even with a value and a class given by mistake: never coloured.
        "KU004": AreaValue(99.0, "suppressed", "suppressed", "highest_20"),
        "KU005": AreaValue(None, "missing", "no data"),
        # KU006: no value at all
    }
    context = {"KU900": square("KU900", 23.5, 60.0, 2.5), "KU001": shapes["KU001"]}
    svg = choropleth_svg(shapes, values, CLASSES, context=context, title="Työttömät, %",
                         unit_label="% of labour force", labels=LABELS, language="en",
                         **options)
    return svg, shapes, values


def test_the_svg_draws_each_area_once_with_its_class_or_its_words() -> None:
    svg, shapes, _ = sample_map()
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    assert root.find(f"{SVG}title").text == "Työttömät, %"
    drawn = [path for path in root.iter(f"{SVG}path") if path.get("data-area")]
    assert sorted(path.get("data-area") for path in drawn) == sorted(shapes)  # once each
    kind = {path.get("data-area"): (path.get("data-kind"), path.get("fill")) for path in drawn}
    colours = {key: colour for key, _, colour in CLASSES}
    assert kind["KU001"] == ("class:lowest_20", colours["lowest_20"])
    assert kind["KU003"] == ("class:highest_20", colours["highest_20"])
    assert kind["KU004"][0] == "hidden" and kind["KU004"][1].startswith("url(#")
    assert kind["KU004"][1] not in colours.values()
    assert kind["KU005"][0] == kind["KU006"][0] == "missing"
    # The hatch is a pattern defined in the SVG itself.
    pattern_id = kind["KU004"][1][len("url(#"):-1]
    assert root.find(f".//{SVG}pattern[@id='{pattern_id}']") is not None
    # Every area has a title (a tooltip, and what a screen reader reads) with its words.
    titles = {path.get("data-area"): path.find(f"{SVG}title").text for path in drawn}
    assert titles["KU004"] == "Area KU004: suppressed" and titles["KU006"] == "Area KU006: no data"
    # The context area is drawn beneath, once, without a value; a mapped area is not repeated.
    context = [path for path in root.iter(f"{SVG}path") if not path.get("data-area")]
    assert len(context) == 1
    texts = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    for words in ("% of labour force", "lowest 20 %", "middle 60 %", "highest 20 %",
                  "suppressed (small numbers)", "no data", "neighbouring municipalities",
                  "Lähde: Tilastokeskus"):
        assert words in texts
    description = root.find(f"{SVG}desc").text
    assert "suppressed (small numbers): 1" in description and "no data: 2" in description


def test_the_svg_is_self_contained_and_stable() -> None:
    svg, shapes, values = sample_map()
    assert "<script" not in svg.lower() and "href" not in svg and "@import" not in svg
    assert "font-family" not in svg  # the page's font
    without_namespace = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"https?://", without_namespace)
    ids = set(re.findall(r'id="([^"]+)"', svg))
    assert set(re.findall(r"url\(#([^)]+)\)", svg)) <= ids  # only its own definitions
    again = choropleth_svg(dict(reversed(list(shapes.items()))),
                           dict(reversed(list(values.items()))), CLASSES,
                           context={"KU900": square("KU900", 23.5, 60.0, 2.5),
                                    "KU001": shapes["KU001"]},
                           title="Työttömät, %", unit_label="% of labour force",
                           labels=LABELS, language="en")
    assert again == svg
    # Two different maps on one page do not share ids.
    other, _, _ = sample_map(width=300)
    assert other != svg
    other_title = choropleth_svg(shapes, values, CLASSES, title="Another", unit_label="%",
                                 labels=LABELS)
    assert not ids & set(re.findall(r'id="([^"]+)"', other_title))


def test_wrong_input_is_refused() -> None:
    shapes = {"KU001": square("KU001", 24, 60)}
    with pytest.raises(ValueError, match="without a boundary"):
        choropleth_svg(shapes, {"KU002": AreaValue(1.0, "ok", "1", "middle_60")}, CLASSES,
                       title="t", unit_label="%", labels=LABELS)
    with pytest.raises(ValueError, match="not one of the classes"):
        choropleth_svg(shapes, {"KU001": AreaValue(1.0, "ok", "1", "q3")}, CLASSES,
                       title="t", unit_label="%", labels=LABELS)
    with pytest.raises(ValueError, match="no areas"):
        choropleth_svg({}, {}, CLASSES, title="t", unit_label="%", labels=LABELS)


def test_the_values_table_beside_the_map() -> None:
    _, shapes, values = sample_map()
    html = values_table_html(shapes, values, CLASSES, labels=LABELS, caption="Työttömät",
                             language="en")
    root = ET.fromstring(html)
    rows = root.findall("./tbody/tr")
    assert [row.get("data-area") for row in rows] == [
        "KU003", "KU002", "KU001", "KU004", "KU005", "KU006"]  # highest first, then no number
    cells = {row.get("data-area"): [cell.text for cell in row] for row in rows}
    assert cells["KU002"] == ["Area KU002", "20,0 %", "middle 60 %"]
    assert cells["KU004"] == ["Area KU004", "suppressed", "suppressed (small numbers)"]
    assert cells["KU006"] == ["Area KU006", "no data", "no data"]
    assert root.find("caption").text == "Työttömät"


def test_quintile_classes() -> None:
    numbers = {f"A{index:02d}": float(value) for index, value in
               enumerate([5, 1, 4, 2, 3, 10, 9, 8, 7, 6])}
    classes = quintile_classes(numbers)
    assert [classes[code] for code in sorted(numbers, key=numbers.get)] == [
        "q1", "q1", "q2", "q2", "q3", "q3", "q4", "q4", "q5", "q5"]
    assert set(quintile_classes({"a": 1.0, "b": 2.0}).values()) == {"q1", "q3"}
