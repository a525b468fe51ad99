"""The hyte management reports written by a real build of the sample (tests/wellbeing_build.py:
the county, Espoo and Inkoo, every language, HTML and PDF), read back as a reader would: the
welfare report's sections, numbers in each language, comparisons as the mart has them, a
cell without a number never shown as one, the index page, the PDF's pages, text and fonts."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from selectolax.lexbor import LexborHTMLParser
from wellbeing_build import CONFIDENTIAL_CELL, REPO_ROOT, REPORT_AREAS, SampleBuild, sample_build

from pipelines.outputs.reports import UnknownAreaError, report_name, write_reports

LANGS = ("fi", "sv", "en")
SECTIONS = ["summary", "population", "life-stages", "group-differences", "area-differences",
            "strengths-and-needs", "goals", "appendix"]
HEADINGS = {
    "fi": ["Tiivistelmä", "Väestö", "Hyvinvointi, terveys ja palvelut elämänvaiheittain",
           "Väestöryhmien väliset erot", "Alueiden väliset erot",
           "Vahvuudet ja kehittämistarpeet", "Tavoitteet, toimenpiteet ja seuranta",
           "Liite: indikaattorit ja tietolähteet"],
    "sv": ["Sammanfattning", "Befolkning", "Välfärd, hälsa och tjänster i olika livsskeden",
           "Skillnader mellan befolkningsgrupper", "Skillnader mellan områden",
           "Styrkor och utvecklingsbehov", "Mål, åtgärder och uppföljning",
           "Bilaga: indikatorer och källor"],
    "en": ["Summary", "Population", "Wellbeing, health and services by life stage",
           "Differences between population groups", "Differences between areas",
           "Strengths and development needs", "Goals, measures and follow-up",
           "Appendix: indicators and sources"],
}
SUPPRESSED = {"fi": "suojattu (pieni lukumäärä)", "sv": "skyddad (litet antal)",
              "en": "suppressed (small number)"}
CONFIDENTIAL = {"fi": "salassa pidettävä", "sv": "sekretessbelagd", "en": "confidential"}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    built = sample_build(tmp_path_factory)
    assert built.result.success, "the sample build failed"
    return built


def page(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def text_of(node) -> str:  # noqa: ANN001 - a selectolax node
    """The node's text with runs of spaces and line breaks as one space (no-break spaces,
    which the numbers' formats hold, kept)."""
    return re.sub(r"[ \t\r\n]+", " ", node.text(deep=True)).strip()


def query(build: SampleBuild, sql: str, params: dict | None = None,
          restricted: bool = False) -> list[tuple]:
    path = (build.warehouse / "restricted" / "hytemart_restricted.duckdb" if restricted
            else build.published)
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def test_every_area_in_every_language_as_html_and_pdf_and_the_index(build: SampleBuild
                                                                    ) -> None:
    events = build.result.asset_materializations_for_node("warehouse__wellbeing_report")
    metadata = events[0].metadata
    expected = [report_name(area, lang) for area in REPORT_AREAS for lang in LANGS]
    assert [Path(p).name for p in metadata["paths"].value] == expected
    pdfs = {Path(p).name: pages for p, pages in metadata["pdfs"].value.items()}
    assert sorted(pdfs) == sorted(report_name(area, lang, "pdf") for area in REPORT_AREAS
                                  for lang in LANGS)
    assert all(pages >= 5 for pages in pdfs.values())
    assert metadata["theme_warnings"].value == []  # the shipped themes name mart indicators
    index = page(build.reports / "index.html")
    links = {node.attributes["href"] for node in index.css("a")} - {"#fi", "#sv", "#en"}
    pilot = {f"youth_pilot_{lang}.{suffix}" for lang in LANGS for suffix in ("html", "pdf")}
    assert links == set(expected) | set(pdfs) | {"data_dictionary.html"} | pilot
    # Written through temporary files and renames: none is left behind.
    assert not [p for p in build.reports.iterdir() if p.name.endswith(".tmp")]


def test_the_default_areas_are_the_county_and_its_municipalities(build: SampleBuild,
                                                                 tmp_path: Path) -> None:
    """As the area reference (raw/reference/areas.csv) says, not a list in the code."""
    reference = (REPO_ROOT / "raw" / "reference" / "areas.csv").read_text(encoding="utf-8")
    members = {line.split(",")[0] for line in reference.splitlines()
               if line.split(",")[1:2] == ["municipality"] and ",HVA03," in line}
    assert len(members) == 10
    result = write_reports(build.published, tmp_path, [], "HVA03", build.themes, pdf=False)
    assert {file.area_code for file in result.files} == members | {"HVA03"}
    assert result.files[0].area_code == "HVA03"  # the county first


def test_the_welfare_reports_structure_in_each_language(build: SampleBuild) -> None:
    for area in REPORT_AREAS:
        for lang in LANGS:
            tree = page(build.reports / report_name(area, lang))
            assert tree.css_first("html").attributes["lang"] == lang
            found = [node.attributes["id"] for node in tree.css("body > section")]
            assert found == SECTIONS
            assert [text_of(tree.css_first(f"section#{section} > h2"))
                    for section in SECTIONS] == HEADINGS[lang]
            # The table of contents links every section.
            assert [node.attributes["href"] for node in tree.css("nav.toc a")] == [
                f"#{section}" for section in SECTIONS]
            # The life stages of the contents file, in the welfare report's order.
            stages = [node.attributes["id"] for node in tree.css("section.stage")]
            assert stages == [s for s in ("stage-children", "stage-young",
                                          "stage-working_age", "stage-older", "stage-all")
                              if s in stages] and stages


def test_numbers_in_each_language_are_the_marts(build: SampleBuild) -> None:
    (value, rank, count) = query(
        build, "SELECT value, rank, rank_count FROM report.indicator_comparison "
        "WHERE area_code = 'KU049' AND indicator_code = 'sotkanet:181' AND is_latest "
        "AND group_code = 'total.total.total'")[0]
    written = {"fi": f"{value:.1f}".replace(".", ",") + "\u00a0%",
               "sv": f"{value:.1f}".replace(".", ",") + "\u00a0%", "en": f"{value:.1f}%"}
    for lang in LANGS:
        tree = page(build.reports / report_name("KU049", lang))
        row = tree.css_first('table.comparison tr[data-indicator="sotkanet:181"]')
        cells = [text_of(cell) for cell in row.css("td")]
        assert cells[1] == written[lang]
        assert f"{rank}/{count}" in cells


def test_the_summary_is_written_from_the_comparisons(build: SampleBuild) -> None:
    themes = build.themes.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s+- ([a-z]+:[\w.]+)", themes.split("themes:")[1], re.M))
    for area in REPORT_AREAS:
        judged = dict(query(
            build, "SELECT indicator_code, strength_or_need FROM report.indicator_comparison "
            "WHERE area_code = $area AND is_latest AND group_code = 'total.total.total' "
            "AND strength_or_need IN ('strength', 'need') AND unit <> 'count'", {"area": area}))
        for lang in LANGS:
            tree = page(build.reports / report_name(area, lang))
            for kind in ("strength", "need"):
                rows = tree.css(f"table.{kind}s tr[data-indicator]")
                shown = {row.attributes["data-indicator"] for row in rows}
                assert shown == {code for code, said in judged.items()
                                 if said == kind and code in listed}, (area, lang, kind)
            # The summary counts them as the tables list them.
            first = text_of(tree.css_first("#summary li"))
            counts = [int(n) for n in re.findall(r"\b(\d+)\b", first)]
            assert len(tree.css("table.strengths tr[data-indicator]")) in counts
            assert len(tree.css("table.needs tr[data-indicator]")) in counts


def test_a_suppressed_cell_is_words_in_html_and_pdf_never_its_number(build: SampleBuild
                                                                    ) -> None:
    """Inkoo's aftercare clients are small counts the protection hides; the restricted file
    holds the true ones. No page shows them as numbers."""
    cells = query(build, "SELECT group_code, value FROM mart.fact_indicator_value WHERE "
                  "indicator_code = 'county:aftercare_clients' AND area_code = 'KU149' "
                  "AND period = '2023'", restricted=True)
    hidden = query(build, "SELECT group_code FROM mart.fact_indicator_value WHERE "
                   "indicator_code = 'county:aftercare_clients' AND area_code = 'KU149' "
                   "AND period = '2023' AND status = 'suppressed' AND value IS NULL")
    assert hidden, "the sample no longer has a suppressed cell in Inkoo"
    true_values = {group: value for group, value in cells}
    from pypdf import PdfReader

    for lang in LANGS:
        tree = page(build.reports / report_name("KU149", lang))
        values = tree.css('[data-indicator="county:aftercare_clients"] .value')
        assert values, "the indicator is not in Inkoo's report"
        for cell in values:
            if cell.attributes.get("data-status") == "suppressed":
                assert text_of(cell) == SUPPRESSED[lang]
        # In the groups' table too, and the bar chart says it in words with no bar.
        groups = tree.css_first('figure.groups[data-indicator="county:aftercare_clients"]')
        if groups is not None:
            for (group,) in hidden:
                row = groups.css_first(f'tr[data-code="{group}"] .value')
                assert text_of(row) == SUPPRESSED[lang]
            assert SUPPRESSED[lang] in text_of(groups.css_first("svg"))
        pdf = PdfReader(build.reports / report_name("KU149", lang, "pdf"))
        text = "\n".join(p.extract_text() for p in pdf.pages)
        assert SUPPRESSED[lang].split(" (")[0] in text
        for line in text.splitlines():
            if "aftercare" in line.lower() or "jälkihuollon" in line or "eftervården" in line:
                for (group,) in hidden:
                    assert not re.search(rf"(?<![\d,.]){true_values[group]:.0f}(?![\d,.])",
                                         line.split("16-24")[-1]), (lang, line)


def test_a_confidential_cell_is_labelled_in_its_group_table(build: SampleBuild) -> None:
    cell = CONFIDENTIAL_CELL
    assert query(build, "SELECT value, status FROM mart.fact_indicator_value "
                 "WHERE indicator_code = $indicator AND area_code = $area AND period = $period "
                 "AND group_code = $group", cell) == [(None, "confidential")]
    for lang in LANGS:
        tree = page(build.reports / report_name("KU049", lang))
        groups = tree.css_first(f'figure.groups[data-indicator="{cell["indicator"]}"]')
        value = groups.css_first(f'tr[data-code="{cell["group"]}"] .value')
        assert text_of(value) == CONFIDENTIAL[lang]
        assert value.attributes["data-status"] == "confidential"


def test_goals_with_their_progress_and_projects(build: SampleBuild) -> None:
    goals = query(build, "SELECT goal_id, progress, project_keys FROM report.goal_progress "
                  "WHERE area_code = 'KU049' ORDER BY goal_id")
    assert goals, "the sample has no goals for Espoo"
    titles = dict(query(build, "SELECT project_key, title FROM mart.dim_project"))
    words = {"fi": "saavutettu", "sv": "uppnått", "en": "reached"}
    for lang in LANGS:
        tree = page(build.reports / report_name("KU049", lang))
        rows = tree.css("table.goals tr.goal")
        assert [row.attributes["class"].split("progress-")[1] for row in rows] == [
            progress for _, progress, _ in goals]
        for row, (_, progress, projects) in zip(rows, goals, strict=True):
            listed = [text_of(item) for item in row.css("ul.projects li")]
            assert listed == [titles[key] for key in projects]
            if progress == "reached":
                assert words[lang] in text_of(row)


def test_the_appendix_lists_every_indicator_and_what_was_left_out(build: SampleBuild) -> None:
    themes = (build.themes).read_text(encoding="utf-8")
    listed = re.findall(r"^\s+- ([a-z]+:[\w.]+)", themes.split("themes:")[1], re.M)
    for area in REPORT_AREAS:
        tree = page(build.reports / report_name(area, "en"))
        codes = [text_of(node) for node in tree.css("table.appendix:not(.others) tbody .note")]
        assert codes == list(dict.fromkeys(listed))
        # Every other indicator the area has a latest value of is listed after them, once.
        others = [text_of(node) for node in tree.css("table.others tbody .note")]
        latest = {code for (code,) in query(
            build, "SELECT DISTINCT indicator_code FROM report.latest_value "
            "WHERE area_code = $area", {"area": area})}
        assert others == sorted(latest - set(listed)), area
        have = {code for (code,) in query(
            build, "SELECT DISTINCT indicator_code FROM report.indicator_comparison "
            "WHERE area_code = $area", {"area": area})}
        left_out = {text_of(row.css_first("th")) for row in tree.css("table.left-out tbody tr")}
        names = dict(query(build, "SELECT indicator_code, name_en FROM mart.dim_indicator"))
        for code in set(listed) - have:
            assert names[code] in left_out, (area, code)


def test_the_index_puts_the_municipalities_side_by_side(build: SampleBuild) -> None:
    tree = page(build.reports / "index.html")
    section = tree.css_first('section[lang="fi"]')
    header = [text_of(th) for th in section.css("table.headline thead th")][1:]
    assert header == ["Länsi-Uudenmaan hyvinvointialue", "Espoo", "Inkoo"]
    (value, strength) = query(
        build, "SELECT value, strength_or_need FROM report.indicator_comparison WHERE "
        "area_code = 'KU149' AND indicator_code = 'sotkanet:181' AND is_latest "
        "AND group_code = 'total.total.total'")[0]
    row = [r for r in section.css("table.headline tbody tr")
           if text_of(r.css_first("th")).startswith("Työttömät")][0]
    inkoo = row.css("td")[2]
    assert text_of(inkoo).startswith(f"{value:.1f}".replace(".", ","))
    assert (strength in inkoo.attributes["class"]) == (strength in ("strength", "need"))


def test_the_pdf_has_pages_text_fonts_a_contents_with_pages_and_vector_charts(
        build: SampleBuild) -> None:
    from pypdf import PdfReader

    for lang, words in {"fi": "Tiivistelmä", "sv": "Välfärd, hälsa", "en": "Summary"}.items():
        reader = PdfReader(build.reports / report_name("KU049", lang, "pdf"))
        pages = len(reader.pages)
        assert pages >= 8
        first = reader.pages[0].extract_text()
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert words in text and "Espoo" in text or "Esbo" in text
        # The contents give each section's page: a heading followed by a page number.
        for heading in HEADINGS[lang][:3]:
            assert re.search(rf"{re.escape(heading[:12])}.*?(\d+)\s*$", first, re.M | re.S)
        assert f"1 / {pages}" in first  # page numbers in the margin
        # The area's other indicators are counted in print, listed in the HTML only.
        html = page(build.reports / report_name("KU049", lang))
        others = [text_of(node) for node in html.css("table.others tbody .note")]
        assert others and not any(re.search(rf"{re.escape(code)}(?![\w.])", text)
                                      for code in others)
        assert report_name("KU049", lang) in text.replace("\n", "")
        fonts, images = set(), 0
        for pdf_page in reader.pages:
            resources = pdf_page["/Resources"]
            for font in (resources.get("/Font") or {}).values():
                descriptor = font.get_object().get("/FontDescriptor")
                if descriptor is None:  # a Type 0 font: its descendant holds it
                    descendant = font.get_object()["/DescendantFonts"][0].get_object()
                    descriptor = descendant["/FontDescriptor"]
                descriptor = descriptor.get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                         "/FontFile3")), descriptor
                fonts.add(str(descriptor["/FontName"]))
            for xobject in (resources.get("/XObject") or {}).values():
                images += xobject.get_object().get("/Subtype") == "/Image"
        assert fonts and images == 0  # every font embedded; charts drawn, not pictures


def text_off_the_page(path: Path) -> list[tuple[int, str, int]]:
    """(page, text, x) of every piece of text of the PDF that starts outside its page."""
    from pypdf import PdfReader

    off: list[tuple[int, str, int]] = []
    for number, pdf_page in enumerate(PdfReader(path).pages, start=1):
        width = float(pdf_page.mediabox.width)

        def visit(text: str, cm: list, tm: list, font: object, size: float,
                  number: int = number, width: float = width) -> None:
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            if text.strip() and not 0 <= x < width:
                off.append((number, text.strip()[:30], round(x)))

        pdf_page.extract_text(visitor_text=visit)
    return off


def test_no_text_of_the_pdfs_runs_off_the_page(build: SampleBuild) -> None:
    """Every piece of text starts inside the page (a table wider than its column once put
    the maps' values beyond the right edge, where no reader sees them)."""
    for area in REPORT_AREAS:
        for lang in LANGS:
            off = text_off_the_page(build.reports / report_name(area, lang, "pdf"))
            assert off == [], (area, lang, off[:5])


def test_an_unknown_area_fails_naming_it_and_leaves_the_files(build: SampleBuild,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "reports"
    shutil.copytree(build.reports, out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    with pytest.raises(UnknownAreaError, match="KU999.*HYTEMART_REPORT_AREAS"):
        write_reports(build.published, out, ["KU049", "KU999"], "HVA03", build.themes)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_the_code_location_does_not_import_the_renderers() -> None:
    import subprocess
    import sys

    code = ("import sys, pipelines.definitions; "
            "print(sorted(m for m in ('weasyprint', 'jinja2', 'babel') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr[-2000:]
