"""One area's wellbeing report as one HTML page, in one language.

HTML from the jinja2 templates beside this module (autoescaped: names come from data files).
Charts are plotly figures: every figure is a div and a script calling plotly.js, which every
page loads from one file beside the pages (plotly-<version>.min.js, about 4.8 MB, written once
instead of inlined in each page), so the folder opens offline, from files, with nothing
fetched from elsewhere. Numbers and
dates are formatted by babel per language (fi/sv: decimal comma and a space between thousands;
en: decimal point); the charts get the same separators through plotly's `separators`.

plotly is imported inside the chart functions only: the Dagster code location imports the
report's asset module, and its import time should not pay for plotly.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from markupsafe import Markup

from pipelines.outputs.wellbeing_report.data import (
    AreaData,
    Cell,
    Groups,
    Indicator,
    Latest,
    Point,
    Project,
    Quality,
)
from pipelines.outputs.wellbeing_report.texts import (
    LANGUAGES,
    LOCALES,
    breakdown_label,
    project_status_label,
    status_label,
    text,
    unit_label,
)
from pipelines.outputs.wellbeing_report.themes import ThemeIndicators

TEMPLATES = Path(__file__).with_name("templates")
TIMEZONE = ZoneInfo("Europe/Helsinki")
# plotly's separators: decimal point, then thousands separator.
SEPARATORS = {"fi": ",\u00a0", "sv": ",\u00a0", "en": ".,"}
# Line colours: the area strong, the comparison areas quieter; colour-blind safe (Okabe-Ito).
COLOURS = {"area": "#0072B2", "municipality": "#009E73", "wellbeing_county": "#E69F00",
           "country": "#555555"}
DASHES = {"area": "solid", "municipality": "dash", "wellbeing_county": "dot",
          "country": "dashdot"}
BREAKDOWN_COLOURS = {"total": "#0072B2", "sex": "#56B4E9", "age": "#009E73",
                     "language": "#E69F00", "age x language": "#CC79A7"}
# Counts are not drawn beside larger areas: the country's count flattens the municipality's.
# Axis numbers in full with the language's separators (300 000, not plotly's SI 300k).
TICK_FORMAT = ",~f"
COMPARABLE_UNITS = frozenset({"percent", "per_1000", "per_100000", "index"})
_QUARTER = re.compile(r"^\d{4}Q[1-4]$")
_MONTH = re.compile(r"^\d{4}M\d{2}$")


@dataclass(frozen=True)
class Chart:
    """One chart: a div and the script that draws it."""

    html: Markup


@dataclass(frozen=True)
class IndicatorView:
    """One charted indicator as the page shows it."""

    latest: Latest
    series: dict[str, list[Point]]  # area code -> points
    groups: Groups | None
    trend: Chart
    groups_chart: Chart | None
    periods: list[tuple[str, str]]  # (period, label), oldest first, for the series table


@dataclass(frozen=True)
class ThemeView:
    indicators: ThemeIndicators
    charted: list[IndicatorView]
    tabled: list[Latest]
    without_data: list[str]  # indicator names


@dataclass(frozen=True)
class Page:
    lang: str
    data: AreaData
    themes: list[ThemeView]
    projects: list[Project]
    projects_without_targets: list[Project]
    quality: Quality
    published_file: str
    published_at: datetime
    generated_at: datetime
    files: dict[str, str]  # language -> file name of this area's page in it

    @property
    def charts(self) -> int:
        return sum(1 + (view.groups_chart is not None)
                   for theme in self.themes for view in theme.charted)


class Formatter:
    """Numbers, dates, periods and labels in one language; the templates call these."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def number(self, value: float | None, decimals: int | None = None,
               signed: bool = False) -> str:
        if value is None:
            return ""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "" if decimals == 0
                             else ".##")
        if signed:
            pattern = f"+{pattern};-{pattern}"
        return format_decimal(value, format=pattern, locale=self.locale)

    def value(self, value: float | None, indicator: Indicator, signed: bool = False) -> str:
        """A number in the indicator's decimals, with % or € after it where that is the unit."""
        if value is None:
            return ""
        number = self.number(value, indicator.decimals, signed)
        if indicator.unit in ("percent", "euro"):
            symbol = unit_label(self.lang, indicator.unit)
            return f"{number}{symbol}" if self.lang == "en" and symbol == "%" else (
                f"{number}\u00a0{symbol}")
        return number

    def cell_text(self, cell: Cell | None, indicator: Indicator) -> str:
        """The number, or the status in words: a cell without a number is never shown as 0."""
        if cell is None:
            return ""
        return self.value(cell.value, indicator) if cell.has_value else self.status(cell.status)

    def difference(self, value: float | None, indicator: Indicator) -> str:
        """A signed change; of a percentage, in percentage points."""
        if value is None:
            return ""
        if indicator.unit == "percent":
            return (f"{self.number(value, indicator.decimals, signed=True)}\u00a0"
                    f"{self.t('change_points')}")
        return self.value(value, indicator, signed=True)

    def change(self, latest: Latest) -> str:
        """The change from the previous period, and for counts and rates also in per cent."""
        change = self.difference(latest.change, latest.indicator)
        if change and latest.relative_change_percent is not None:
            relative = self.number(latest.relative_change_percent, 1, signed=True)
            change += f" ({relative}\u00a0%)" if self.lang != "en" else f" ({relative}%)"
        return change

    def unit(self, unit: str | None) -> str:
        return unit_label(self.lang, unit)

    def status(self, status: str | None) -> str:
        return status_label(self.lang, status)

    def breakdown(self, breakdown: str) -> str:
        return breakdown_label(self.lang, breakdown)

    def project_status(self, status: str | None) -> str:
        return project_status_label(self.lang, status)

    def period(self, period: str | None, start: date | None = None) -> str:
        """2023 stays 2023; 2024Q1 and 2024M01 in the language's words (Q1 2024, tammi 2024)."""
        if period is None:
            return ""
        if _MONTH.match(period):
            start = start or date(int(period[:4]), int(period[5:]), 1)
            return format_date(start, "LLL yyyy", locale=self.locale)
        if _QUARTER.match(period):
            start = start or date(int(period[:4]), 3 * int(period[5]) - 2, 1)
            return format_date(start, "QQQ yyyy", locale=self.locale)
        return period

    def datetime(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        return format_datetime(moment, "short", tzinfo=TIMEZONE, locale=self.locale)

    def date(self, day: date | None) -> str:
        return format_date(day, "short", locale=self.locale) if day else ""


# ---------------------------------------------------------------------------
# Charts


def _layout(lang: str, height: int, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 10, "b": 10},
        "separators": SEPARATORS[lang],
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif",
                 "size": 12, "color": "#222"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"namelength": -1},
    }
    layout.update(extra)
    return layout


def _figure_html(figure: dict[str, Any], div_id: str, height: int) -> Markup:
    import plotly.io  # lazily: see the module's docstring

    html = plotly.io.to_html(
        figure, include_plotlyjs=False, full_html=False, validate=False, div_id=div_id,
        default_height=f"{height}px", default_width="100%",
        config={"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
    )
    return Markup(html)  # plotly's own div and script, built from JSON


def trend_chart(fmt: Formatter, data: AreaData, latest: Latest,
                series: dict[str, list[Point]], div_id: str) -> tuple[Chart, list[tuple[str, str]]]:
    """The headline series of the area and, for rates and shares, of its comparison areas, on
    one axis of periods. A cell without a number is a gap in its line, marked with a dotted
    line and its status in words, so a gap never reads as zero. Returns the chart and the
    periods it spans (period, label)."""
    starts: dict[str, date] = {}
    for points in series.values():
        for point in points:
            starts.setdefault(point.period, point.period_start)
    periods = sorted(starts, key=lambda period: (starts[period], period))
    labels = {period: fmt.period(period, starts[period]) for period in periods}
    # Years on a numeric axis, so that 2018, 2020, 2022 are spaced as years are; months and
    # quarters as categories, labelled in the page's language (plotly's month names are
    # English only). A category is shown as plotly's HTML-subset text, and a period that is
    # not a year, quarter or month is the raw string of the data: escaped like all chart text.
    annual = all(period.isdigit() for period in periods)
    x_of = {period: int(period) if annual else _escape(labels[period]) for period in periods}
    indicator = latest.indicator
    compare = indicator.unit in COMPARABLE_UNITS
    traces, gaps = [], {}
    for area in data.areas:
        points = series.get(area.code)
        if not points or (area.role != "area" and not compare):
            continue
        by_period = {point.period: point.cell for point in points}
        name = area.names[fmt.lang]
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": _escape(name),
            "x": [x_of[p] for p in periods],
            "y": [by_period[p].value if p in by_period else None for p in periods],
            "customdata": [_escape(f"{labels[p]}: {fmt.cell_text(by_period.get(p), indicator)}")
                           for p in periods],
            "hovertemplate": "%{customdata}<extra>" + _escape(name) + "</extra>",
            "line": {"color": COLOURS[area.role], "dash": DASHES[area.role],
                     "width": 3 if area.role == "area" else 2},
            "marker": {"size": 6 if area.role == "area" else 4},
            "connectgaps": False,
        })
        for point in points:
            if not point.cell.has_value:
                gaps.setdefault(point.period, []).append(
                    f"{name}: {fmt.status(point.cell.status)}")
    # On a category axis, shapes take the category's position (0, 1, ...), not its label: a
    # label such as "2023" would be read as the position 2023.
    shapes, annotations = [], []
    for period, notes in gaps.items():
        position = x_of[period] if annual else periods.index(period)
        late = periods.index(period) > len(periods) / 2
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": position,
                       "x1": position, "y0": 0, "y1": 1,
                       "line": {"color": "#B00020", "width": 1, "dash": "dot"}})
        annotations.append({"x": position, "y": 1, "xref": "x", "yref": "paper",
                            "yanchor": "top", "showarrow": False,
                            # Beside the line, on the side with room.
                            "xanchor": "right" if late else "left",
                            "text": "<br>".join(_escape(note) for note in notes),
                            "font": {"size": 11, "color": "#B00020"},
                            "bgcolor": "rgba(255,255,255,0.85)"})
    height = 300
    layout = _layout(
        fmt.lang, height,
        xaxis=({"type": "linear", "tickformat": "d", "showgrid": False, "automargin": True,
                "linecolor": "#999", **({"dtick": 1} if len(periods) <= 12 else {})}
               if annual else
               {"type": "category", "categoryorder": "array",
                "categoryarray": [x_of[p] for p in periods], "showgrid": False,
                "automargin": True, "linecolor": "#999"}),
        yaxis={"title": {"text": _escape(fmt.unit(indicator.unit))}, "gridcolor": "#e5e5e5",
               "zeroline": False, "tickformat": TICK_FORMAT, "automargin": True,
               # Counts from zero: an axis from 801 to 802 shows a change of one as a leap.
               **({"rangemode": "tozero"} if indicator.unit == "count" else {})},
        legend={"orientation": "h", "y": -0.15, "yanchor": "top"},
        showlegend=True, shapes=shapes, annotations=annotations,
    )
    figure = {"data": traces, "layout": layout}
    return (Chart(_figure_html(figure, div_id, height)),
            [(period, labels[period]) for period in periods])


def groups_chart(fmt: Formatter, latest: Latest, groups: Groups, div_id: str) -> Chart:
    """The area's population groups in one period as horizontal bars, the breakdown's total
    first. A group without a number has no bar but its status in words where the bar would
    start: never a zero-length bar that reads as 0."""
    indicator = latest.indicator
    full = [value.labels[fmt.lang] for value in groups.values]
    names = [short_group_label(label, latest.group_labels[fmt.lang]) for label in full]
    if len(set(names)) < len(names):  # bars with one label would be drawn over each other
        names = full
    names = [_escape(name) for name in names]
    values = [value.cell.value for value in groups.values]
    texts = [fmt.cell_text(value.cell, indicator) for value in groups.values]
    colours = [BREAKDOWN_COLOURS.get(value.breakdown, "#56B4E9") for value in groups.values]
    # By position: on a category axis annotations take the category's number, not its label.
    annotations = [
        {"x": 0, "y": position, "xref": "x", "yref": "y", "xanchor": "left",
         "showarrow": False, "text": "<i>" + _escape(fmt.status(value.cell.status)) + "</i>",
         "font": {"size": 11, "color": "#B00020"}}
        for position, value in enumerate(groups.values) if not value.cell.has_value
    ]
    height = 70 + 26 * len(names)
    trace = {
        # The bar's text is the status in words where there is no number: its label falls
        # back to the raw status code of the data, so it is escaped as the names are.
        "type": "bar", "orientation": "h", "x": values, "y": names,
        "text": [_escape(text) for text in texts],
        "textposition": "auto", "marker": {"color": colours}, "cliponaxis": False,
        "customdata": [_escape(f"{label} ({fmt.breakdown(value.breakdown)}): {text}")
                       for label, value, text in zip(full, groups.values, texts, strict=True)],
        "hovertemplate": "%{customdata}<extra></extra>",
    }
    layout = _layout(
        fmt.lang, height,
        xaxis={"title": {"text": _escape(fmt.unit(indicator.unit))}, "gridcolor": "#e5e5e5",
               "rangemode": "tozero", "tickformat": TICK_FORMAT, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        showlegend=False, annotations=annotations, bargap=0.3,
    )
    return Chart(_figure_html({"data": [trace], "layout": layout}, div_id, height))


def short_group_label(label: str, headline_label: str) -> str:
    """A group's label without the parts it shares with the headline group, for a bar:
    "naiset, 14-16-vuotiaat" is "naiset" beside the 14-16-year-olds' total. The full label
    stays in the table under the chart."""
    shared = set(headline_label.split(", "))
    parts = [part for part in label.split(", ") if part not in shared]
    return ", ".join(parts) if parts else label


def _escape(value: str) -> str:
    """plotly renders text as a subset of HTML: names from the data must not be markup."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


# ---------------------------------------------------------------------------
# Pages


def plotly_js() -> str:
    """plotly.js, minified (about 4.8 MB): the file every page loads."""
    import plotly.offline  # lazily: see the module's docstring

    return plotly.offline.get_plotlyjs()


@cache
def plotly_js_name() -> str:
    """The name of plotly.js beside the pages, with its version: a page written with another
    plotly never loads a library it was not written for."""
    import plotly  # lazily: see the module's docstring

    return f"plotly-{plotly.__version__}.min.js"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def build_views(fmt: Formatter, data: AreaData, themes: list[ThemeIndicators],
                series: dict[str, dict[str, list[Point]]], groups: dict[str, Groups],
                names: dict[str, dict[str, str]]) -> list[ThemeView]:
    """The themes with their charts in one language; names: indicator code -> names, for the
    indicators a theme lists that the area has no value for."""
    views, number = [], 0
    for theme in themes:
        charted = []
        for code in theme.charted:
            latest = data.latest[code]
            number += 1
            trend, periods = trend_chart(fmt, data, latest, series.get(code, {}),
                                         f"chart-{number}-trend")
            breakdown = groups.get(code)
            charted.append(IndicatorView(
                latest=latest, series=series.get(code, {}), groups=breakdown, trend=trend,
                groups_chart=(groups_chart(fmt, latest, breakdown, f"chart-{number}-groups")
                              if breakdown else None),
                periods=periods,
            ))
        views.append(ThemeView(theme, charted, [data.latest[code] for code in theme.tabled],
                               [names.get(code, {}).get(fmt.lang, code)
                                for code in theme.without_data]))
    return views


def render_page(page: Page) -> str:
    """The whole HTML page of one area in one language."""
    fmt = Formatter(page.lang)
    template = environment().get_template("wellbeing.html.j2")
    return template.render(
        page=page, fmt=fmt, t=fmt.t, plotly_js=plotly_js_name(), languages=LANGUAGES,
        fmt_names={lang: text(lang, "language_name") for lang in LANGUAGES},
        area_names={area.code: area.names[page.lang] for area in page.data.areas},
        comparable_units=COMPARABLE_UNITS,
    )


@dataclass(frozen=True)
class IndexEntry:
    area_code: str
    names: dict[str, str]
    files: dict[str, str]  # language -> file name


def render_index(entries: list[IndexEntry], dictionary_name: str, generated_at: datetime
                 ) -> str:
    template = environment().get_template("index.html.j2")
    formats = {lang: Formatter(lang) for lang in LANGUAGES}
    return template.render(entries=entries, dictionary=dictionary_name, formats=formats,
                           languages=LANGUAGES, generated_at=generated_at)
