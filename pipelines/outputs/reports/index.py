"""The index page of the reports: every report in every language (HTML and PDF), and the
county's municipalities side by side on the headline indicators, each cell coloured by its
strength or development need among all municipalities (the class turned by the indicator's
desirable direction); a cell without a number says its status in words."""

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from pipelines.outputs.reports.data import HeadlineCell, Indicator
from pipelines.outputs.reports.format import Formatter
from pipelines.outputs.reports.render import environment, stylesheet
from pipelines.outputs.reports.texts import LANGUAGES


@dataclass(frozen=True)
class Entry:
    code: str
    level: str
    names: dict[str, str]
    files: dict[str, str]  # language -> HTML
    pdfs: dict[str, str]  # language -> PDF


@dataclass(frozen=True)
class Cell:
    text: str
    css: str  # strength, need, suppressed or ""
    title: str  # the class and rank in words, for the cell's tooltip


def headline_rows(lang: str, entries: list[Entry], headline: dict[tuple[str, str], HeadlineCell],
                  codes: list[str], indicators: dict[str, Indicator]
                  ) -> list[tuple[Entry, list[Cell]]]:
    fmt = Formatter(lang)
    rows = []
    for entry in entries:
        cells = []
        for code in codes:
            cell = headline.get((entry.code, code))
            indicator = indicators[code]
            if cell is None:
                cells.append(Cell("", "", ""))
                continue
            text = fmt.cell(cell.value, cell.status, indicator.unit, indicator.decimals)
            css = cell.strength_or_need if cell.strength_or_need in ("strength", "need") \
                else ("suppressed" if cell.value is None else "")
            title = " · ".join(filter(None, [
                cell.period,
                fmt.t(f"class_{cell.comparison_class}") if cell.comparison_class else "",
                fmt.t("rank_of", rank=cell.rank, count=cell.rank_count)
                if cell.rank is not None else "",
                fmt.t(cell.strength_or_need) if cell.strength_or_need else ""]))
            cells.append(Cell(text, css, title))
        rows.append((entry, cells))
    return rows


def render_index(entries: list[Entry], headline: dict[tuple[str, str], HeadlineCell],
                 codes: list[str], indicators: dict[str, Indicator], county: str,
                 dictionary: str, generated_at: datetime, pilot: bool = False,
                 pdf: bool = True) -> str:
    """One page in all three languages, one after the other, each with its own table."""
    county_entry = next((entry for entry in entries if entry.code == county), None)
    return environment().get_template("index.html.j2").render(
        entries=entries, languages=LANGUAGES, css=Markup(stylesheet()),
        formatters={lang: Formatter(lang) for lang in LANGUAGES},
        rows={lang: headline_rows(lang, entries, headline, codes, indicators)
              for lang in LANGUAGES},
        columns={lang: [indicators[code].names[lang] for code in codes] for lang in LANGUAGES},
        county=county_entry, dictionary=dictionary, generated_at=generated_at, pilot=pilot,
        pdf=pdf)
