"""The deck.gl GeoJSON map `make bi` creates: its features, as Superset serves them to the
chart's page, are report.area_map's areas, boundaries and values, coloured by quintile."""

import json
from pathlib import Path

import pytest
from conftest import Superset, build
from published import query

COLOURS = ["#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b"]  # lowest fifth first
GREY = "#bdbdbd"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import REPO_ROOT

    warehouse = tmp_path_factory.mktemp("warehouse")
    build(REPO_ROOT / "raw", warehouse)
    return warehouse


def test_the_map_draws_the_view_s_areas_in_quintile_colours(superset: Superset,
                                                            warehouse: Path) -> None:
    shown = superset.run("connect", "map", published=warehouse / "hytemart.duckdb")["map"]
    assert shown["viz_type"] == "deck_geojson"
    expected = {code: (json.loads(geometry), value, status) for code, geometry, value, status in
                query(warehouse, """
        SELECT area_code, geometry_geojson, value, status FROM report.area_map
        WHERE indicator_code = 'statfin:paavo.hr_mtu' AND group_code = 'total.total.total'
          AND area_level = 'postal_code_area' AND wellbeing_county_code = 'HVA03'""")}
    assert len(expected) == 130
    features = {feature["properties"]["area_code"]: feature for feature in shown["features"]}
    assert features.keys() == expected.keys()
    for code, feature in features.items():
        geometry, value, status = expected[code]
        assert feature["type"] == "Feature" and feature["geometry"] == geometry
        assert (feature["properties"]["value"], feature["properties"]["status"]) == (
            value, status)
        # A cell without a number is grey, never a class colour.
        assert (feature["properties"]["fillColor"] == GREY) == (value is None)
    # Darker means higher: the colours follow the values.
    ranked = sorted((feature["properties"]["value"], COLOURS.index(
        feature["properties"]["fillColor"])) for feature in features.values()
        if feature["properties"]["value"] is not None)
    classes = [colour for _, colour in ranked]
    assert classes == sorted(classes) and set(classes) == set(range(5))
