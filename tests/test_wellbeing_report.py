"""The wellbeing report: static HTML per area and language, from the published sample mart.

One build of the sample (tests/wellbeing_build.py, with one confidential cell put in) runs
the report's asset; the tests read its pages and write more from the same published file.
The pages are parsed as HTML (selectolax) and each chart's plotly figure as JSON, so the
tests check what a reader sees: labels, numbers in each language's format, statuses.
"""

import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node
from wellbeing_build import CONFIDENTIAL_CELL, REPO_ROOT, SampleBuild, sample_build

from pipelines.assets.report import wellbeing_report
from pipelines.assets.resources import HytemartResource
from pipelines.outputs.wellbeing_report import (
    ThemesError,
    UnknownAreaError,
    report_name,
    write_wellbeing_reports,
)
from pipelines.outputs.wellbeing_report.data import (
    Area,
    AreaData,
    Cell,
    Groups,
    GroupValue,
    Indicator,
    Latest,
    Point,
)
from pipelines.outputs.wellbeing_report.render import Formatter, groups_chart, trend_chart
from pipelines.outputs.wellbeing_report.themes import read_themes
from pipelines.sqlfiles import split_statements

NBSP = "\u00a0"
CONFIDENTIAL = {"fi": "salassa pidettävä", "sv": "sekretessbelagd", "en": "confidential"}
MISSING = {"fi": "puuttuu", "sv": "saknas", "en": "missing"}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    built = sample_build(tmp_path_factory)
    assert built.result.success, "the sample build failed"
    return built


def query(build: SampleBuild, sql: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(build.published), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def page(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def article(tree: HTMLParser, code: str) -> Node:
    found = tree.css_first(f'article.indicator[data-indicator="{code}"]')
    assert found is not None, f"no chart article for {code}"
    return found


def figure(node: Node) -> tuple[list[dict], dict]:
    """The plotly figure (data, layout) a chart's script draws."""
    script = node.css_first("script").text()
    decoder = json.JSONDecoder()
    start = script.index("Plotly.newPlot(")
    start = script.index(",", start) + 1  # after the div id
    data, end = decoder.raw_decode(script, script.index("[", start))
    layout, _ = decoder.raw_decode(script, script.index("{", end))
    return data, layout


def text_of(node: Node | None) -> str:
    assert node is not None
    return node.text(separator=" ").replace(NBSP, " ").strip()


# ---------------------------------------------------------------------------
# The asset, in the build


def test_asset_writes_a_page_per_language_and_the_index(build: SampleBuild) -> None:
    events = build.result.asset_materializations_for_node("warehouse__wellbeing_report")
    metadata = events[0].metadata
    paths = [Path(p) for p in metadata["paths"].value]
    assert [p.name for p in paths] == [report_name("KU049", lang) for lang in ("fi", "sv", "en")]
    assert all(p.parent == build.reports and p.is_file() for p in paths)
    # The shipped themes.yaml names only indicators the sample mart has.
    assert metadata["theme_warnings"].value == []
    index = page(build.reports / "index.html")
    links = {node.attributes["href"] for node in index.css("a")}
    assert links == {p.name for p in paths} | {"data_dictionary.html"}
    assert (build.reports / "data_dictionary.html").is_file()
    # Written through a temporary file and a rename: none is left behind.
    assert not [p for p in build.reports.iterdir() if p.name.endswith(".tmp")]


def test_pages_load_nothing_but_plotly_js_beside_them(build: SampleBuild) -> None:
    (script,) = build.reports.glob("plotly-*.min.js")  # one file for every page
    library = script.read_text(encoding="utf-8")
    assert len(library) > 1_000_000 and "Plotly" in library
    for lang in ("fi", "sv", "en"):
        tree = page(build.reports / report_name("KU049", lang))
        assert tree.css_first("html").attributes["lang"] == lang
        # Nothing to fetch but plotly.js from the same folder: no style sheet, image or frame.
        sources = [n.attributes["src"] for n in tree.css("script") if "src" in n.attributes]
        assert sources == [script.name]
        assert not tree.css("link[rel=stylesheet], img, iframe")
        scripts = tree.css("script")
        assert scripts[0].attributes.get("src") == script.name  # plotly.js comes first
        assert sum("Plotly.newPlot" in n.text() for n in scripts) == len(
            tree.css(".plotly-graph-div")) > 0
        # No address to fetch or follow anywhere in the page: it is a few hundred kB, not 5 MB.
        html = (build.reports / report_name("KU049", lang)).read_text(encoding="utf-8")
        assert len(html) < 1_000_000
        assert re.findall(r"https?://\S{0,40}", html) == []


def test_numbers_and_words_in_each_language(build: SampleBuild) -> None:
    expected = {  # Espoo's population 2023, and loneliness of 14-16-year-olds 2023
        "fi": ("Hyvinvointiraportti: Espoo", "314 000", "11,4 %", "Väestö"),
        "sv": ("Välfärdsrapport: Esbo", "314 000", "11,4 %", "Befolkning"),
        "en": ("Wellbeing report: Espoo", "314,000", "11.4%", "Population"),
    }
    for lang, (title, population, lonely, theme) in expected.items():
        tree = page(build.reports / report_name("KU049", lang))
        assert text_of(tree.css_first("h1")) == title
        assert text_of(tree.css_first("section#theme-population h2")) == theme
        cell = article(tree, "sotkanet:127").css_first('table.summary td[data-area="KU049"]')
        assert text_of(cell) == population
        cell = article(tree, "county:lonely").css_first('table.summary td[data-area="KU049"]')
        assert text_of(cell) == lonely
        # The charts get the same separators.
        _, layout = figure(article(tree, "county:lonely").css_first(".chart-trend"))
        assert layout["separators"] == (".," if lang == "en" else "," + NBSP)


def test_a_confidential_cell_is_labelled_and_never_zero(build: SampleBuild) -> None:
    cell = CONFIDENTIAL_CELL
    assert query(build, "SELECT value, status FROM mart.fact_indicator_value "
                 "WHERE indicator_code = $indicator AND area_code = $area AND period = $period "
                 "AND group_code = $group", cell) == [(None, "confidential")]
    for lang in ("fi", "sv", "en"):
        node = article(page(build.reports / report_name("KU049", lang)), cell["indicator"])
        row = node.css_first(f'details.groups tr[data-group="{cell["group"]}"]')
        value = row.css("td")[-1]
        assert text_of(value) == CONFIDENTIAL[lang]
        assert value.css_first(".status").attributes["data-status"] == "confidential"
        # In the bar chart: no bar (null, not 0) and the status written where it would start.
        data, layout = figure(node.css_first(".chart-groups"))
        groups = [row.attributes["data-group"] for row in node.css("details.groups tr[data-group]")]
        position = groups.index(cell["group"])
        assert data[0]["x"][position] is None
        assert 0 not in data[0]["x"]
        notes = [note for note in layout["annotations"] if note["y"] == position]
        assert [note["text"] for note in notes] == [f"<i>{CONFIDENTIAL[lang]}</i>"]
        # The other groups keep their numbers.
        assert sum(x is not None for x in data[0]["x"]) == len(groups) - 1


def test_a_missing_latest_value_is_labelled_in_the_card_and_the_trend(build: SampleBuild) -> None:
    # Espoo's share of people aged 75+ living alone is missing ('.') for 2023 in the sample.
    assert query(build, "SELECT latest_period, latest_value, latest_status "
                 "FROM report.latest_value WHERE indicator_code = 'statfin:yksin_75' "
                 "AND area_code = 'KU049'") == [("2023", None, "missing")]
    for lang in ("fi", "sv", "en"):
        node = article(page(build.reports / report_name("KU049", lang)), "statfin:yksin_75")
        assert text_of(node.css_first('table.summary td[data-area="KU049"]')) == MISSING[lang]
        data, layout = figure(node.css_first(".chart-trend"))
        espoo = data[0]
        assert espoo["x"][-1] == 2023 and espoo["y"][-1] is None
        assert espoo["y"][:-1] == [38.2, 38.9]
        assert [note["x"] for note in layout["annotations"]] == [2023]
        assert MISSING[lang] in layout["annotations"][0]["text"]
        # The county and the country have their 2023 values drawn.
        assert [trace["y"][-1] for trace in data[1:]] == [40.6, 42.5]


def test_projects_section_lists_hytedata_targets(build: SampleBuild) -> None:
    targeted = {row[0] for row in query(
        build, "SELECT indicator_code FROM report.project_targets "
        "WHERE project_key = 'hytedata-2-0' AND target_area_code IN ('KU049', 'HVA03', 'SSS')")}
    assert {"sotkanet:3219", "sotkanet:189"} <= targeted
    for lang in ("fi", "sv", "en"):
        tree = page(build.reports / report_name("KU049", lang))
        project = tree.css_first('#projects article[data-project="hytedata-2-0"]')
        assert "HyteData 2.0" in text_of(project.css_first("h3"))
        shown = {row.attributes["data-indicator"] for row in project.css("tr[data-indicator]")}
        assert shown == targeted
        # Projects that name no indicator are listed by name, not dropped silently.
        assert "FAIR EDIH" in text_of(tree.css_first("#projects"))


def test_quality_section_counts_are_the_marts(build: SampleBuild) -> None:
    accounting = {row[0]: row[1:] for row in query(
        build, "SELECT source, sum(rows_read), sum(rows_loaded), sum(rows_quarantined), "
        "count(*) FROM quality.row_accounting GROUP BY source")}
    statuses = {(row[0], row[1]): row[2] for row in query(
        build, "SELECT source, status, count(*) FROM mart.fact_indicator_value "
        "WHERE area_code IN ('KU049', 'HVA03', 'SSS') GROUP BY ALL")}
    assert sum(row[2] for row in accounting.values()) >= 2  # the sample's unknown regions
    for lang in ("fi", "sv", "en"):
        tree = page(build.reports / report_name("KU049", lang))
        shown = {}
        for row in tree.css("#quality table.sources tr[data-source]"):
            cells = row.css("td")
            shown[row.attributes["data-source"]] = (
                int(cells[3].attributes["data-rows-read"]),
                int(cells[4].attributes["data-rows-loaded"]),
                int(cells[5].attributes["data-rows-quarantined"]),
                int(text_of(cells[1])))
        assert shown == accounting
        counted = {}
        for row in tree.css("#quality table.statuses tr[data-source]"):
            for cell in row.css("td[data-status]"):
                number = int(re.sub(r"\D", "", text_of(cell)))
                if number:
                    counted[(row.attributes["data-source"], cell.attributes["data-status"])] = (
                        number)
        assert counted == statuses
        # The missing cell is listed by indicator, area and status.
        listed = tree.css("#quality table.without-value tr[data-indicator]")
        assert any(row.attributes["data-indicator"] == "statfin:yksin_75"
                   and MISSING[lang] in text_of(row) for row in listed)


def test_suppressed_cells_of_the_mart_are_labelled(build: SampleBuild, tmp_path: Path) -> None:
    # Small-number protection suppresses the sample's aftercare clients by sex in Kauniainen
    # (KU235), Inkoo (KU149) and Hanko (KU078, the partner of Inkoo's 3 men) in 2023:
    # Kauniainen's report shows them in words in every language, in the table and the bar
    # chart, never as 0.
    indicator = "county:aftercare_clients"
    found = query(build, """
        SELECT area_code, group_code FROM report.population_groups
        WHERE indicator_code = $indicator AND period = '2023' AND breakdown = 'sex'
          AND status = 'suppressed'
        ORDER BY ALL""", {"indicator": indicator})
    assert {area for area, _ in found} == {"KU078", "KU149", "KU235"}
    suppressed = [group for area, group in found if area == "KU235"]
    themes = tmp_path / "themes.yaml"
    themes.write_text(f"themes:\n  - id: t\n    title: {{fi: T, sv: T, en: T}}\n"
                      f"    indicators: ['{indicator}']\n", encoding="utf-8")
    write_wellbeing_reports(build.published, tmp_path, ["KU235"], themes)
    labels = {"fi": "suojattu (pieni lukumäärä)", "sv": "skyddad (litet antal)",
              "en": "suppressed (small number)"}
    for lang, label in labels.items():
        node = article(page(tmp_path / report_name("KU235", lang)), indicator)
        assert text_of(node.css_first("details.groups summary")).endswith("(2023)")
        groups = [row.attributes["data-group"]
                  for row in node.css("details.groups tr[data-group]")]
        data, layout = figure(node.css_first(".chart-groups"))
        for group in suppressed:
            row = node.css_first(f'details.groups tr[data-group="{group}"]')
            value = row.css("td")[-1]
            assert text_of(value) == label
            assert value.css_first(".status").attributes["data-status"] == "suppressed"
            position = groups.index(group)
            assert data[0]["x"][position] is None  # no bar, not a bar of 0
            assert [note["text"] for note in layout["annotations"]
                    if note["y"] == position] == [f"<i>{label}</i>"]


def test_suppressed_cells_render_as_words() -> None:
    # Without a mart: a suppressed cell (even one that still carried a number) is written out
    # in the card, the trend and the bar chart, never drawn as a number or a zero.
    suppressed = Cell.of(3.0, "suppressed")
    assert suppressed == Cell(None, "suppressed") and not suppressed.has_value
    names = {"fi": "Kauniainen", "sv": "Grankulla", "en": "Kauniainen"}
    area = Area("KU235", "municipality", "area", names)
    indicator = Indicator("county:clients", {"fi": "x", "sv": "x", "en": "x"}, "count", 0)
    labels = {"fi": "yhteensä", "sv": "totalt", "en": "total"}
    latest = Latest(indicator, "total.total.total", labels, "annual", "2023", suppressed,
                    "2022", Cell(12.0, "ok"), None, None, {})
    data = AreaData(area, [], {"county:clients": latest})
    series = {"KU235": [Point("2022", date(2022, 1, 1), Cell(12.0, "ok")),
                        Point("2023", date(2023, 1, 1), suppressed)]}
    groups = Groups("2023", [
        GroupValue("total", "total.total.total", labels, Cell(12.0, "ok")),
        GroupValue("sex", "female.total.total", {"fi": "naiset", "sv": "kvinnor",
                                                 "en": "females"}, suppressed)])
    for lang, label in {"fi": "suojattu (pieni lukumäärä)",
                        "en": "suppressed (small number)"}.items():
        fmt = Formatter(lang)
        assert fmt.cell_text(suppressed, indicator) == label
        chart, _ = trend_chart(fmt, data, latest, series, "t")
        trend, layout = figure(page_of(chart.html))
        assert trend[0]["y"] == [12.0, None]
        assert [note["text"] for note in layout["annotations"]] == [f"Kauniainen: {label}"]
        bars, layout = figure(page_of(groups_chart(fmt, latest, groups, "g").html))
        assert bars[0]["x"] == [12.0, None]
        assert [(note["y"], note["text"]) for note in layout["annotations"]] == [
            (1, f"<i>{label}</i>")]


def page_of(html: str) -> Node:
    return HTMLParser(f"<html><body>{html}</body></html>").body


# ---------------------------------------------------------------------------
# The plain function, on the same published file


def test_themes_unknown_code_warns_with_file_and_line(build: SampleBuild, tmp_path: Path
                                                      ) -> None:
    themes = tmp_path / "themes.yaml"
    themes.write_text(
        "max_charts: 2\n"
        "themes:\n"
        "  - id: work\n"
        "    title: {fi: Työ, sv: Arbete, en: Work}\n"
        "    indicators:\n"
        "      - sotkanet:181\n"
        "      - sotkanet:99999   # a typo\n"
        "      - sotkanet:189\n"
        "      - sotkanet:5\n"
        "      - statfin:unemployed_under_25\n",
        encoding="utf-8")
    result = write_wellbeing_reports(build.published, tmp_path / "out", ["KU049"], themes)
    assert result.warnings == [
        f"{themes} line 7: indicator 'sotkanet:99999' is not in mart.dim_indicator; left out "
        "of theme 'work'"]
    tree = page(tmp_path / "out" / report_name("KU049", "en"))
    work = tree.css_first("section#theme-work")
    # Two charts, in the order listed; the rest of the theme in the table.
    assert [a.attributes["data-indicator"] for a in work.css("article.indicator")] == [
        "sotkanet:181", "sotkanet:189"]
    assert [r.attributes["data-indicator"] for r in work.css("table.more tr[data-indicator]")
            ] == ["sotkanet:5", "statfin:unemployed_under_25"]
    # Everything else is under "other indicators", also at most max_charts charts.
    other = tree.css_first("section#theme-other")
    assert text_of(other.css_first("h2")) == "Other indicators"
    charted = [a.attributes["data-indicator"] for a in other.css("article.indicator")]
    tabled = [r.attributes["data-indicator"] for r in other.css("table.more tr[data-indicator]")]
    assert len(charted) == 2 and "sotkanet:127" in charted + tabled
    assert not {"sotkanet:181", "sotkanet:5"} & set(charted + tabled)
    assert sum(r.charts for r in result.files if r.lang == "en") == len(
        tree.css(".plotly-graph-div"))


def test_without_a_themes_file_everything_is_other(build: SampleBuild, tmp_path: Path) -> None:
    result = write_wellbeing_reports(build.published, tmp_path, ["KU049"],
                                     tmp_path / "no_such_file.yaml")
    assert result.warnings == []
    tree = page(tmp_path / report_name("KU049", "fi"))
    assert [s.attributes["id"] for s in tree.css("section.theme")] == ["theme-other"]
    assert text_of(tree.css_first("section#theme-other h2")) == "Muut indikaattorit"
    assert len(tree.css("article.indicator")) == 6  # the default max_charts


def test_unknown_area_fails_naming_it_and_the_variable(build: SampleBuild, tmp_path: Path
                                                       ) -> None:
    out = tmp_path / "reports"
    with pytest.raises(UnknownAreaError, match=r"'KU999'.*HYTEMART_REPORT_AREAS"):
        write_wellbeing_reports(build.published, out, ["KU049", "KU999"], build.themes)
    assert not out.exists() or not list(out.iterdir())  # nothing half-written
    # The asset fails the same way, with the message in the run's failure.
    resource = HytemartResource(raw_dir=str(build.raw), warehouse_dir=str(build.warehouse),
                                report_areas=["KU999"])
    result = dg.materialize([wellbeing_report], resources={"hytemart": resource},
                            raise_on_error=False)
    assert not result.success
    failure = result.get_step_failure_events()[0].step_failure_data.error
    assert "KU999" in str(failure) and "HYTEMART_REPORT_AREAS" in str(failure)


def test_a_failed_rendering_leaves_the_pages_as_they_were(
        build: SampleBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.outputs.wellbeing_report import render

    before = write_wellbeing_reports(build.published, tmp_path, ["KU049"], build.themes)
    written = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    # A temporary file of a killed run (no process has this pid) is removed by the next run.
    leftover = tmp_path / f".{report_name('KU049', 'fi')}.99999999.tmp"
    leftover.write_text("half a page", encoding="utf-8")
    calls = []
    real = render.render_page

    def fail_on_the_fourth(page: render.Page) -> str:
        calls.append(page.lang)
        if len(calls) == 4:  # the second area's first page
            raise RuntimeError("rendering failed")
        return real(page)

    monkeypatch.setattr(render, "render_page", fail_on_the_fourth)
    with pytest.raises(RuntimeError, match="rendering failed"):
        write_wellbeing_reports(build.published, tmp_path, ["HVA03", "KU049"], build.themes)
    # Nothing renamed into place, nothing left behind: the old pages and index, unchanged.
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == written
    assert len(before.files) == 3


def test_areas_below_and_above_a_municipality_and_stale_pages(build: SampleBuild,
                                                              tmp_path: Path) -> None:
    # A major district: compared with its municipality, the county and the country. Its youth
    # services clients of 2023 are confidential in the sample (2024 is published).
    result = write_wellbeing_reports(build.published, tmp_path, ["KU049-SA7", "HVA03"],
                                     build.themes)
    assert len(result.files) == 6
    node = article(page(tmp_path / report_name("KU049-SA7", "en")),
                   "espoo:youth_service_clients")
    heads = [text_of(th) for th in node.css("table.summary th")]
    assert heads[1:5] == ["Northern Espoo", "Espoo", "Western Uusimaa wellbeing services county",
                          "Whole country"]
    assert text_of(node.css_first('table.summary td[data-area="KU049-SA7"]')) == "96"
    rows = [[text_of(td) for td in tr.css("td")] for tr in node.css("details.series tr")[1:]]
    assert rows == [["2023", "confidential"], ["2024", "96"]]
    data, layout = figure(node.css_first(".chart-trend"))
    assert (data[0]["x"], data[0]["y"]) == ([2023, 2024], [None, 96.0])
    assert [note["text"] for note in layout["annotations"]] == ["Northern Espoo: confidential"]
    # The county: compared with the country only.
    county = page(tmp_path / report_name("HVA03", "sv"))
    assert "hela landet" in text_of(county.css_first("header"))
    # Written again for one area: the other area's pages go, the index lists one area.
    again = write_wellbeing_reports(build.published, tmp_path, ["HVA03"], build.themes)
    assert sorted(p.name for p in again.removed) == sorted(
        report_name("KU049-SA7", lang) for lang in ("fi", "sv", "en"))
    assert sorted(p.name for p in tmp_path.glob("wellbeing_*.html")) == sorted(
        report_name("HVA03", lang) for lang in ("fi", "sv", "en"))
    index = page(tmp_path / "index.html")
    assert [row.attributes["data-area"] for row in index.css("tr[data-area]")] == ["HVA03"]


# Tables and views holding a row per fact (tens of millions at national scale).
FACT_RELATIONS = re.compile(r"\b(mart\.fact_indicator_value|report\.(latest_value|time_series|"
                            r"area_comparison|population_groups|project_targets))\b")
AREA_FILTER = re.compile(r"area_code\s*(=\s*\$area\b|IN\s*\(\s*\$(area|municipality)\b)")


def test_every_fact_query_filters_by_the_report_areas() -> None:
    # Instead of a timing: each read of the facts in sql/outputs/wellbeing/ names the report's areas
    # ($area, or $area/$municipality/$county/$country), so it reads only their rows.
    checked = []
    for path in sorted((REPO_ROOT / "sql" / "outputs" / "wellbeing").glob("*.sql")):
        sql = "\n".join(split_statements(path.read_text(encoding="utf-8")))  # no comments
        reads = len(FACT_RELATIONS.findall(sql))
        if reads:
            checked.append(path.stem)
            assert len(AREA_FILTER.findall(sql)) >= reads, (
                f"{path.name}: {reads} reads of the facts, not each filtered by the areas")
    assert {"latest_values", "time_series", "population_groups", "status_counts",
            "projects"} <= set(checked)


# ---------------------------------------------------------------------------
# Without a mart


def test_themes_file_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  - id: a\n    title: {fi: A, en: A}\n", encoding="utf-8")
    with pytest.raises(ThemesError, match=rf"{re.escape(str(path))} line 3: .*needs a title in sv"):
        read_themes(path)
    path.write_text("themes:\n  - id: a\n    title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ThemesError, match=rf"{re.escape(str(path))} line \d: not valid YAML"):
        read_themes(path)
    assert read_themes(tmp_path / "missing.yaml").themes == ()


@pytest.mark.parametrize(("text", "line", "message"), [
    # A typo at the top would otherwise send every indicator to "other indicators".
    ("max_charts: 4\ntheme:\n  - id: a\n", 2, "unknown key 'theme'"),
    ("themes:\n  - id: a\n    title: {fi: A, sv: A, en: A}\n    indicator: [x:1]\n", 4,
     "unknown key 'indicator'"),
    ("themes:\n  - id: a\n    title: {fi: A, sv: A, en: A, de: A}\n", 3, "unknown key 'de'"),
    ("max_charts: 4\nthemes: []\nmax_charts: 5\n", 3, "'max_charts' is given twice.*line 1"),
    ("themes:\n  - id: a\n    title: {fi: A, sv: A, en: A}\n    id: b\n", 4,
     "'id' is given twice"),
    ("themes:\n  - id: work life\n    title: {fi: A, sv: A, en: A}\n", 2,
     "theme id 'work life' may hold only letters, digits, '-' and '_'"),
])
def test_themes_file_rejects_unknown_and_repeated_keys_and_bad_ids(
        tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "themes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThemesError, match=rf"{re.escape(str(path))} line {line}: {message}"):
        read_themes(path)


def fake_mart() -> duckdb.DuckDBPyConnection:
    """An in-memory mart of one area whose latest cell, and a project's latest cell, are
    suppressed but still carry a value and a change (as a view computing them might)."""
    con = duckdb.connect()
    con.execute("""
        CREATE SCHEMA mart;
        CREATE SCHEMA report;
        CREATE TABLE mart.dim_area AS SELECT 'KU1' AS area_code, 'municipality' AS area_level,
            'A' AS name_fi, 'A' AS name_sv, 'A' AS name_en, NULL::VARCHAR AS parent_area_code,
            NULL::VARCHAR AS wellbeing_county_code;
        CREATE TABLE report.latest_value AS SELECT 'KU1' AS area_code, 'x:1' AS indicator_code,
            'total' AS sex, 'total' AS age_group, 'total' AS language_group,
            DATE '2023-01-01' AS latest_period_start, 'annual' AS frequency,
            'total.total.total' AS group_code, 'X' AS indicator_name_fi,
            'X' AS indicator_name_sv, 'X' AS indicator_name_en, 'count' AS unit, 0 AS decimals,
            'T' AS group_label_fi, 'T' AS group_label_sv, 'T' AS group_label_en,
            '2023' AS latest_period, 3.0 AS latest_value, 'suppressed' AS latest_status,
            '2022' AS previous_period, 12.0 AS previous_value, 'ok' AS previous_status,
            -9.0 AS change_from_previous, -75.0 AS relative_change_from_previous_percent;
        CREATE TABLE report.time_series AS SELECT indicator_code, group_code, area_code,
            latest_period AS period, latest_value AS value, latest_status AS status
            FROM report.latest_value;
        CREATE TABLE mart.fact_indicator_value AS SELECT * FROM (VALUES
            ('x:1', 'KU1', 'total.total.total', '2020', 'ok'),
            ('x:1', 'KU1', 'total.total.total', '2023', 'suppressed'))
            t(indicator_code, area_code, group_code, period, status);
        CREATE TABLE report.project_targets AS SELECT 'p' AS project_key, 'P' AS project_title,
            NULL::VARCHAR AS project_acronym, 'ongoing' AS project_status,
            NULL::DATE AS project_start_date, NULL::DATE AS project_end_date,
            NULL::VARCHAR AS project_coordinator, 'x:1' AS indicator_code, 'X' AS indicator_name_fi,
            'X' AS indicator_name_sv, 'X' AS indicator_name_en, 'count' AS unit,
            0 AS decimals, 'KU1' AS target_area_code, 'total.total.total' AS target_group_code,
            'T' AS target_group_label_fi, 'T' AS target_group_label_sv,
            'T' AS target_group_label_en, '2020' AS baseline_period, 10.0 AS baseline_value,
            '2023' AS latest_period, 3.0 AS latest_value, -7.0 AS change_since_baseline;
    """)
    return con


def test_no_value_or_change_from_a_cell_without_a_number() -> None:
    from pipelines.outputs.wellbeing_report.data import read_area, read_projects

    con = fake_mart()
    try:
        data = read_area(con, "KU1")
        latest = data.latest["x:1"]
        assert latest.cell == Cell(None, "suppressed") and latest.previous == Cell(12.0, "ok")
        assert (latest.change, latest.relative_change_percent) == (None, None)
        assert Formatter("en").change(latest) == ""
        projects, _ = read_projects(con, data)
        target = projects[0].targets[0]
        assert (target.baseline, target.latest) == (Cell(10.0, "ok"), Cell(None, "suppressed"))
        assert target.change is None
    finally:
        con.close()


def test_the_code_location_does_not_import_the_renderers() -> None:
    # plotly (and jinja2, babel) load only when a report is written: the code location's
    # import time stays low.
    code = ("import sys, pipelines.definitions; "
            "print(sorted(m for m in ('plotly', 'jinja2', 'babel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO_ROOT)
    assert out.stdout.strip() == "[]"


HOSTILE = '<script>alert(1)</script><a href="javascript:x">x</a>'


def test_markup_from_the_data_is_text_in_a_whole_page() -> None:
    # Names, titles, labels, statuses and error messages come from data files: markup in any
    # of them is shown as text in the rendered page, never made an element or an attribute.
    from pipelines.outputs.wellbeing_report.data import (
        Project,
        ProjectTarget,
        Quality,
        SourceFile,
        SourceLoad,
    )
    from pipelines.outputs.wellbeing_report.render import Page, build_views, render_page
    from pipelines.outputs.wellbeing_report.themes import Theme, ThemeIndicator, ThemeIndicators

    hostile = {lang: HOSTILE for lang in ("fi", "sv", "en")}
    plain = {lang: "A" for lang in ("fi", "sv", "en")}
    indicator = Indicator("x:1", hostile, "count", 0)
    latest = Latest(indicator, "female.total.total", hostile, "quarterly", "2023Q2",
                    Cell(1.0, "ok"), "2023Q1", Cell(2.0, "ok"), -1.0, -50.0, {})
    data = AreaData(Area("KU1", "municipality", "area", plain), [], {"x:1": latest})
    # A period that is not a year, quarter or month is shown as the data has it.
    series = {"x:1": {"KU1": [Point("2023Q1", date(2023, 1, 1), Cell(2.0, "ok")),
                              Point(HOSTILE, date(2023, 4, 1), Cell(1.0, "ok"))]}}
    groups = {"x:1": Groups("2023Q2", [
        GroupValue("sex", "female.total.total", hostile, Cell(1.0, "ok")),
        GroupValue("sex", "male.total.total", plain, Cell(None, HOSTILE))])}  # unknown status
    theme = Theme("t", hostile, (ThemeIndicator("x:1", 1),), 6)
    fmt = Formatter("en")
    target = ProjectTarget(indicator, "KU1", "female.total.total", hostile, "2020",
                           Cell(1.0, "ok"), "2023", Cell(2.0, "ok"), 1.0)
    project = Project("p", HOSTILE, HOSTILE, "ongoing", None, None, HOSTILE, [target])
    quality = Quality([SourceLoad("s", 1, 1, 0, 0, 0, None)],
                      [SourceFile("s", "f.csv", "csv", "unreadable", HOSTILE, 0, 0, 0, None)],
                      [], ["ok"], {"s": {"ok": 1}}, [])
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    html = render_page(Page(
        lang="en", data=data,
        themes=build_views(fmt, data, [ThemeIndicators(theme, ["x:1"])], series, groups, {}),
        projects=[project], projects_without_targets=[Project("q", HOSTILE, None, None, None,
                                                              None, None)],
        quality=quality, published_file="h.duckdb", published_at=moment, generated_at=moment,
        files={lang: f"p_{lang}.html" for lang in ("fi", "sv", "en")}))
    tree = HTMLParser(html)
    # No element or attribute from the data: plotly.js and one script per chart, no link or
    # attribute to javascript:.
    charts = tree.css(".plotly-graph-div")
    scripts = tree.css("script")
    assert len(charts) == 2 and len(scripts) == 1 + len(charts)
    assert all("Plotly.newPlot" in script.text() for script in scripts[1:])
    assert not [node.tag for node in tree.css("*") for value in node.attributes.values()
                if (value or "").strip().lower().startswith("javascript:")]
    assert not [a for a in tree.css("a") if text_of(a) == "x"]
    # The markup is shown as text where each name is.
    for selector in ("nav.contents li a", "section#theme-t h2", "article.indicator h3",
                     "article.indicator p.subtitle", "details.groups tr[data-group] td+td",
                     "article.project h3", "article.project td", "details.files .status"):
        assert HOSTILE in text_of(tree.css_first(selector)), selector
    assert HOSTILE in text_of(tree.css_first("#projects"))  # the project without indicators
    # In the charts, plotly's text is a subset of HTML: escaped, so plotly shows it as text.
    trend, layout = figure(charts[0].parent)
    assert layout["xaxis"]["categoryarray"] == trend[0]["x"] == [
        "Q1 2023", HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")]
    bars, _ = figure(charts[1].parent)
    assert not [text for text in bars[0]["y"] + bars[0]["text"] if "<" in text]
    assert "</script>" not in "".join(script.text() for script in scripts[1:])


def test_names_from_the_data_are_escaped() -> None:
    # Names come from data files: markup in one is shown as text, in the page and the charts.
    from pipelines.outputs.wellbeing_report.render import environment, short_group_label

    assert environment().autoescape("wellbeing.html.j2")
    assert environment().autoescape("index.html.j2")
    fmt = Formatter("en")
    indicator = Indicator("x:1", {"fi": "x", "sv": "x", "en": "x"}, "percent", 1)
    labels = {"fi": "a", "sv": "a", "en": "a"}
    latest = Latest(indicator, "total.total.total", labels, "annual", "2023", Cell(1.0, "ok"),
                    None, None, None, None, {})
    area = Area("KU1", "municipality", "area", {lang: "<script>x</script>" for lang in labels})
    series = {"KU1": [Point("2023", date(2023, 1, 1), Cell(None, "missing"))]}
    chart, _ = trend_chart(fmt, AreaData(area, [], {"x:1": latest}), latest, series, "c")
    data, layout = figure(page_of(chart.html))
    assert data[0]["name"] == "&lt;script&gt;x&lt;/script&gt;"  # plotly shows the entities
    assert layout["annotations"][0]["text"] == "&lt;script&gt;x&lt;/script&gt;: missing"
    assert "</script>x" not in chart.html  # plotly's JSON escapes '</' inside the script
    assert short_group_label("naiset, 14-16-vuotiaat", "yhteensä, 14-16-vuotiaat") == "naiset"
