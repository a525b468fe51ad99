"""The youth pilot's page (issue 25) written by the shared sample build (tests/wellbeing_build.py):
in each language, HTML and PDF, linked from the index; every gap cell is the published view's
latest row, a hidden cell is words and never its number, and the Swedish page is Swedish."""

import re
from pathlib import Path

import duckdb
import pytest
from selectolax.lexbor import LexborHTMLParser
from wellbeing_build import SampleBuild, sample_build

from pipelines.outputs import pilot_data
from pipelines.outputs.reports.format import Formatter
from pipelines.outputs.reports.pilot import pilot_name

LANGS = ("fi", "sv", "en")
TITLES = {"fi": "Monikielisten nuorten palvelutarpeet", "sv": "Flerspråkiga ungas servicebehov",
          "en": "Service needs of multilingual young people"}
SHOWN = ("ok", "zero")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    built = sample_build(tmp_path_factory)
    assert built.result.success, "the sample build failed"
    return built


def page(build: SampleBuild, lang: str) -> LexborHTMLParser:
    return LexborHTMLParser((build.reports / pilot_name(lang)).read_text(encoding="utf-8"))


def text_of(node) -> str:  # noqa: ANN001 - a selectolax node
    return re.sub(r"[ \t\r\n]+", " ", node.text(deep=True)).strip()


def latest_gaps(build: SampleBuild) -> list[pilot_data.Gap]:
    con = duckdb.connect(str(build.published), read_only=True)
    try:
        return pilot_data.latest_gaps(pilot_data.read_gaps(con), sex="total")
    finally:
        con.close()


def test_the_pilot_page_in_every_language_linked_from_the_index(build: SampleBuild) -> None:
    index = LexborHTMLParser((build.reports / "index.html").read_text(encoding="utf-8"))
    links = {node.attributes["href"] for node in index.css("a")}
    for lang in LANGS:
        assert (build.reports / pilot_name(lang)).is_file()
        assert (build.reports / pilot_name(lang, "pdf")).read_bytes()[:5] == b"%PDF-"
        assert pilot_name(lang) in links
        html = page(build, lang)
        assert TITLES[lang] in text_of(html.css_first("h1"))
        assert html.css_first("html").attributes["lang"] == lang
        # Every section the contents list is there, with something in it.
        for anchor in html.css("nav.toc a"):
            section = html.css_first(anchor.attributes["href"])
            assert section is not None and len(text_of(section)) > len(text_of(anchor))


def test_every_gap_cell_is_the_published_views_latest_row(build: SampleBuild) -> None:
    gaps = latest_gaps(build)
    assert gaps, "the sample's pilot has no gaps"
    hidden = [gap for gap in gaps if gap.status not in SHOWN]
    assert hidden, "the sample's pilot has no hidden cell to show as words any more"
    for lang in LANGS:
        fmt = Formatter(lang)
        html = page(build, lang)
        cells = {}
        for figure in html.css("figure.pilot-indicator"):
            # An indicator is shown by language group only where it has language groups.
            assert figure.css("td[data-status]:not([data-status=''])"), \
                figure.attributes["data-indicator"]
            for row in figure.css("tr[data-area]"):
                for cell in row.css("td[data-group]"):
                    if not cell.attributes["data-status"]:
                        # No row for this group here: said so, no number.
                        assert text_of(cell) == fmt.t("map_missing")
                        continue
                    cells[(figure.attributes["data-indicator"], row.attributes["data-area"],
                           cell.attributes["data-group"])] = cell
        checked = 0
        for gap in gaps:
            cell = cells.get((gap.indicator_id, gap.area_code, gap.language_group))
            if cell is None:
                continue  # areas other than the county and its municipalities
            checked += 1
            assert cell.attributes["data-status"] == gap.status
            text = text_of(cell)
            if gap.status in SHOWN:
                number = fmt.number(gap.value, 1).split(",")[0].split(".")[0]
                assert number in text, (lang, gap)
            else:
                # The status in words; neither the hidden value nor its count.
                assert fmt.status(gap.status) in text, (lang, gap)
                assert not re.search(r"\d", text.split("(")[0]), (lang, gap, text)
        assert checked >= len(cells) > 0
        assert any(cells[(g.indicator_id, g.area_code, g.language_group)].attributes[
            "data-status"] not in SHOWN for g in hidden
            if (g.indicator_id, g.area_code, g.language_group) in cells)


def test_the_swedish_page_is_written_in_swedish(build: SampleBuild) -> None:
    sv = text_of(page(build, "sv").css_first("body"))
    fi = text_of(page(build, "fi").css_first("body"))
    for word in ("Skillnader mellan språkgrupper", "Servicebehov per område",
                 "Vad data inte säger", "Föreslagna uppföljningsindikatorer"):
        assert word in sv
    for finnish in ("Erot kieliryhmittäin", "Palvelutarve alueittain"):
        assert finnish in fi and finnish not in sv
    # Area names in Swedish where the area reference has them.
    assert "Esbo" in sv and "Raseborg" in sv


def test_the_pilot_pdf_has_pages_and_the_pages_text(build: SampleBuild) -> None:
    from pypdf import PdfReader

    for lang in LANGS:
        reader = PdfReader(str(Path(build.reports / pilot_name(lang, "pdf"))))
        assert len(reader.pages) >= 2
        text = " ".join(p.extract_text() for p in reader.pages)
        assert TITLES[lang].split()[0] in text
