"""Areas on maps after a real build of the sample: the boundaries in the published mart (read
by a DuckDB 1.x client too), the map and spread views worked out again from the published
facts, and maps drawn from the published file in headless Chromium with no request leaving
the machine."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from published import query
from wellbeing_build import SampleBuild, sample_build

from pipelines.outputs.maps import (
    SEQUENTIAL_5,
    AreaValue,
    MapLabels,
    choropleth_svg,
    quintile_classes,
    read_context,
    read_shapes,
    values_table_html,
)

CLI = Path(sys.executable).with_name("duckdb")  # the duckdb-cli package: DuckDB 1.5.6
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
COUNTY = ["KU049", "KU078", "KU149", "KU224", "KU235", "KU257", "KU444", "KU710", "KU755",
          "KU927"]
LABELS = MapLabels(suppressed="suppressed (small numbers)", missing="no data",
                   context="other municipalities")
QUINTILES = [(f"q{number}", f"quintile {number}", colour)
             for number, colour in enumerate(SEQUENTIAL_5, start=1)]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    built = sample_build(tmp_path_factory)
    assert built.result.success, "the sample build failed"
    return built


def test_the_published_mart_holds_the_boundaries(build: SampleBuild) -> None:
    levels = dict(query(build.warehouse, "SELECT area_level, count(*) FROM "
                        "mart.dim_area_boundary GROUP BY ALL"))
    assert levels == {"municipality": 308, "wellbeing_county": 23, "postal_code_area": 130}
    postal = query(build.warehouse, """
        SELECT b.area_code, b.parent_area_code, p.area_level, b.wellbeing_county_code,
               b.licence, b.attribution
        FROM mart.dim_area_boundary b JOIN mart.dim_area p ON p.area_code = b.parent_area_code
        WHERE b.area_level = 'postal_code_area'""")
    assert len(postal) == 130
    assert {row[1] for row in postal} == set(COUNTY)  # every municipality has some
    assert {(row[2], row[3], row[4]) for row in postal} == {
        ("municipality", "HVA03", "CC BY 4.0")}
    assert all("Tilastokeskus" in row[5] and "Statistics Finland" in row[5] for row in postal)
    undescribed = query(build.warehouse, """
        SELECT table_name, column_name FROM duckdb_columns()
        WHERE schema_name IN ('mart', 'report') AND comment IS NULL
          AND table_name IN ('dim_area_boundary', 'area_map', 'small_area_spread')""")
    assert undescribed == []
    assert query(build.warehouse, "SELECT count(*) FROM duckdb_views() WHERE schema_name = "
                 "'report' AND view_name IN ('area_map', 'small_area_spread') "
                 "AND comment IS NOT NULL") == [(2,)]


def test_a_duckdb_1_client_reads_the_geometries(build: SampleBuild) -> None:
    if not CLI.exists():
        pytest.fail(f"{CLI} not found: the dev dependencies (duckdb-cli) are not installed")
    sql = ("SELECT area_code, geometry_geojson FROM mart.dim_area_boundary WHERE area_code IN "
           "('KU049', 'HVA03', 'PNO02100') ORDER BY area_code")
    done = subprocess.run([str(CLI), "-readonly", "-json", str(build.published), "-c", sql],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [row["area_code"] for row in rows] == ["HVA03", "KU049", "PNO02100"]
    assert [(row["area_code"], row["geometry_geojson"]) for row in rows] == query(
        build.warehouse, sql)
    for row in rows:
        geometry = json.loads(row["geometry_geojson"])
        assert geometry["type"] == "MultiPolygon"
        lon, lat = geometry["coordinates"][0][0][0]
        assert 19 < lon < 32 and 59 < lat < 71


def test_the_area_map_shows_one_period_per_map(build: SampleBuild) -> None:
    rows = query(build.warehouse, """
        SELECT area_code, period, value, status FROM report.area_map
        WHERE indicator_code = 'statfin:paavo.hr_mtu' AND group_code = 'total.total.total'""")
    assert {row[1] for row in rows} == {"2016"} and len(rows) == 130
    facts = dict(((area, (value, status)) for area, value, status in query(build.warehouse, """
        SELECT area_code, value, status FROM mart.fact_indicator_value
        WHERE indicator_code = 'statfin:paavo.hr_mtu' AND period = '2016'""")))
    assert {row[0]: (row[2], row[3]) for row in rows} == facts
    hidden = [row for row in rows if row[3] != "ok"]
    assert hidden and all(row[2] is None for row in hidden)


def _by_municipality(rows: list[tuple]) -> dict[str, dict[str, tuple]]:
    found: dict[str, dict[str, tuple]] = {}
    for municipality, area, *rest in rows:
        found.setdefault(municipality, {})[area] = tuple(rest)
    return found


def test_the_quintile_ratio_again_from_the_published_facts(build: SampleBuild) -> None:
    rows = query(build.warehouse, """
        SELECT a.parent_area_code, f.area_code, f.value, f.status
        FROM mart.fact_indicator_value f JOIN mart.dim_area a USING (area_code)
        WHERE a.area_level = 'postal_code_area' AND f.indicator_code = 'statfin:paavo.hr_mtu'""")
    view = {row[0]: row[1:] for row in query(build.warehouse, """
        SELECT municipality_code, value, areas_used, areas_left_out FROM report.small_area_spread
        WHERE indicator_code = 'statfin:paavo.hr_mtu' AND measure = 'quintile_ratio'""")}
    checked = 0
    for municipality, areas in _by_municipality(rows).items():
        numbers = sorted(value for value, status in areas.values() if status == "ok")
        fifth = len(numbers) // 5
        expected = (sum(numbers[-fifth:]) / sum(numbers[:fifth]) if fifth else None)
        ratio, used, left_out = view[municipality]
        assert (used, left_out) == (len(numbers), len(areas) - len(numbers))
        if expected is None:
            assert ratio is None
        else:
            assert ratio == pytest.approx(expected)
            checked += 1
    assert checked >= 5 and view["KU049"][0] > 1.2


def test_the_dissimilarity_index_leaves_suppressed_areas_out(build: SampleBuild) -> None:
    sql = """
        SELECT a.parent_area_code, f.area_code, split_part(f.group_code, '.', 3), f.value,
               f.status
        FROM mart.fact_indicator_value f JOIN mart.dim_area a USING (area_code)
        WHERE a.area_level = 'postal_code_area' AND a.parent_area_code = 'KU049'
          AND f.indicator_code = 'generated:population_by_language'
          AND split_part(f.group_code, '.', 3) IN ('fi', 'sv', 'other')"""

    def index(rows: list[tuple], group: str) -> tuple[float, int]:
        areas: dict[str, dict[str, float | None]] = {}
        for _, area, language, value, status in rows:
            areas.setdefault(area, {})[language] = value if status in ("ok", "zero") else None
        complete = {area: cells for area, cells in areas.items()
                    if len(cells) == 3 and None not in cells.values()}
        members = {area: cells[group] for area, cells in complete.items()}
        rest = {area: sum(cells.values()) - cells[group] for area, cells in complete.items()}
        total, others = sum(members.values()), sum(rest.values())
        return 50 * sum(abs(members[a] / total - rest[a] / others) for a in complete), len(complete)

    published = query(build.warehouse, sql)
    suppressed = {row[1] for row in published if row[4] == "suppressed"}
    assert suppressed, "the sample has no suppressed language cell in Espoo any more"
    view = {row[0]: row[1:] for row in query(build.warehouse, """
        SELECT language_group, value, areas_used, areas_left_out FROM report.small_area_spread
        WHERE municipality_code = 'KU049' AND measure = 'dissimilarity_index'
          AND indicator_code = 'generated:population_by_language'
          AND small_area_level = 'postal_code_area'""")}
    # The restricted file has the hidden counts: with them the index would differ.
    unprotected = query(build.warehouse, sql, restricted=True)
    for group in ("fi", "sv", "other"):
        expected, used = index(published, group)
        value, areas_used, left_out = view[group]
        assert value == pytest.approx(expected) and areas_used == used
        assert left_out >= len(suppressed)
        with_hidden, all_areas = index(unprotected, group)
        assert all_areas > used and with_hidden != pytest.approx(value)


def draw(published: Path) -> str:
    """The two maps the reports draw, from the published file: the county's municipalities
    among their neighbours, and Espoo's postal code areas."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        county = read_shapes(con, COUNTY)
        neighbours = read_context(con, COUNTY)
        rows = con.execute("""SELECT area_code, value, status FROM report.area_map
            WHERE indicator_code = 'sotkanet:127' AND group_code = 'total.total.total'
              AND area_level = 'municipality' AND area_code IN (SELECT unnest($c))""",
                           {"c": COUNTY}).fetchall()
        classes = quintile_classes({code: value for code, value, _ in rows if value is not None})
        values = {code: AreaValue(value, status, f"{value:,.0f}" if value is not None
                                  else status, classes.get(code)) for code, value, status in rows}
        first = choropleth_svg(county, values, QUINTILES, context=neighbours,
                               title="Population, Western Uusimaa", unit_label="persons",
                               labels=LABELS, language="en")
        postal_codes = [code for (code,) in con.execute(
            "SELECT area_code FROM mart.dim_area_boundary WHERE parent_area_code = 'KU049'"
        ).fetchall()]
        postal = read_shapes(con, postal_codes)
        rows = con.execute("""SELECT area_code, value, status FROM report.area_map
            WHERE indicator_code = 'generated:population_by_language'
              AND group_code = 'total.total.sv' AND area_code IN (SELECT unnest($c))""",
                           {"c": postal_codes}).fetchall()
        classes = quintile_classes({code: value for code, value, _ in rows if value is not None})
        values = {code: AreaValue(value, status, f"{value:,.0f}" if value is not None
                                  else status, classes.get(code)) for code, value, status in rows}
        second = choropleth_svg(postal, values, QUINTILES,
                                context=read_context(con, postal_codes, margin=0.05),
                                title="Swedish speakers (generated sample), Espoo",
                                unit_label="persons, quintiles of areas", labels=LABELS,
                                language="en")
        table = values_table_html(postal, values, QUINTILES, labels=LABELS,
                                  caption="Swedish speakers by postal code area", language="en")
    finally:
        con.close()
    return ("<!doctype html><html><head><meta charset='utf-8'><title>maps</title></head>"
            "<body style='font-family: sans-serif'><figure id='county'>" + first +
            "</figure><figure id='espoo'>" + second + "</figure>" + table + "</body></html>")


def test_maps_drawn_in_a_browser_ask_for_nothing(build: SampleBuild, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install it with `make browser`, which `make test` "
                    "runs.", pytrace=False)
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "maps.html"
    page_file.write_text(draw(build.published), encoding="utf-8")
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 520, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text)
                    if message.type == "error" else None)
            page.goto(page_file.as_uri())
            drawn = page.evaluate("""() => Array.from(
                document.querySelectorAll('path[data-area]')).map(path => {
                    const box = path.getBoundingClientRect();
                    return [path.closest('figure').id, path.dataset.area, box.width > 0 &&
                            box.height > 0, getComputedStyle(path).fill];
                })""")
            for figure in ("county", "espoo"):
                page.locator(f"#{figure} svg").screenshot(path=str(tmp_path / f"{figure}.png"))
        finally:
            browser.close()
    print(f"\nmaps drawn: {tmp_path / 'county.png'} {tmp_path / 'espoo.png'}")
    assert requested == [page_file.as_uri()], requested  # the page itself, nothing else
    assert errors == []
    county = {area: visible for figure, area, visible, _ in drawn if figure == "county"}
    assert set(county) == set(COUNTY) and all(county.values())
    espoo = [row for row in drawn if row[0] == "espoo"]
    assert len(espoo) == 46
    assert all(visible for _, _, visible, _ in espoo)
    fills = {fill for _, _, _, fill in espoo}
    assert any(fill.startswith("url(") for fill in fills)  # the hatched, suppressed areas
