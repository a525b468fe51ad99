"""One area's report, in one language, as one HTML page: the same page the PDF is printed from.

The page follows the structure THL suggests for a welfare report: summary; population; wellbeing,
health and services by life stage and theme; differences between population groups and between
areas; strengths and development needs; goals and their follow-up; an appendix of the
indicators with their sources and those left out, and why. Charts and maps are static SVG
(pipelines/outputs/reports/charts.py, pipelines/outputs/maps.py), so the page needs no script
and prints as vector graphics; the stylesheet holds both the screen and the print (A4) layout.
HTML from the jinja2 templates beside this module, autoescaped: names come from data files.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from pipelines.outputs.reports import charts
from pipelines.outputs.reports.data import AreaData, Comparison, Indicator, SourceFile
from pipelines.outputs.reports.format import COMPARABLE_UNITS, Formatter
from pipelines.outputs.reports.summary import Summary, summarize
from pipelines.outputs.reports.texts import LANGUAGES, source_name, unit_name
from pipelines.outputs.reports.themes import LIFE_STAGES, ThemeIndicators, Themes

TEMPLATES = Path(__file__).with_name("templates")
STAGE_KEYS = {"children": "stage_children", "young": "stage_young",
              "working_age": "stage_working_age", "older": "stage_older", "all": "stage_all"}
# Out of date: the latest value is this many years older than the newest in the report.
STALE_YEARS = 3
# A map of the county's municipalities (or the municipality's small areas), given the
# indicator, its values and the words; None when there are no boundaries to draw.
MapMaker = Callable[..., Markup | None]


@dataclass(frozen=True)
class Row:
    """One indicator in a comparison table, every cell already in words."""

    code: str
    name: str
    period: str
    value: str
    county: str
    country: str
    peers: str
    rank: str
    comparison_class: str
    class_key: str  # highest_20, middle_60, lowest_20 or ""
    strength_key: str  # strength, need, neutral or ""
    strength: str
    trend: str
    trend_key: str
    has_value: bool
    status: str = ""


@dataclass(frozen=True)
class PlaceRow:
    """One area's (or group's) value in a table beside a map or chart."""

    code: str
    name: str
    value: str
    status: str


@dataclass(frozen=True)
class Figure:
    code: str
    name: str
    trend: Markup
    strip: Markup | None
    map: Markup | None
    map_table: list[PlaceRow] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class ThemeView:
    id: str
    title: str
    rows: list[Row]
    figures: list[Figure]
    without_data: list[str]


@dataclass(frozen=True)
class StageView:
    id: str
    title: str
    themes: list[ThemeView]


@dataclass(frozen=True)
class GroupsView:
    name: str
    chart: Markup
    table: list[PlaceRow]
    code: str = ""


@dataclass(frozen=True)
class AreasView:
    name: str
    period: str
    map: Markup | None
    table: list[PlaceRow]
    code: str = ""


@dataclass(frozen=True)
class GoalView:
    text: str
    indicator: str
    baseline: str
    latest: str
    target: str
    target_year: str
    progress: str
    progress_key: str
    share: str
    bar: Markup
    responsible: str
    projects: list[str]


@dataclass(frozen=True)
class AppendixRow:
    name: str
    code: str
    source: str
    unit: str
    direction: str
    latest_period: str


@dataclass(frozen=True)
class SpreadRow:
    indicator: str
    level: str
    measure: str
    value: str
    period: str
    areas: str


@dataclass
class Page:
    lang: str
    title: str
    data: AreaData
    summary: Summary
    population: list[ThemeView]
    stages: list[StageView]
    groups: list[GroupsView]
    areas: list[AreasView]
    strengths: list[Row]
    needs: list[Row]
    goals: list[GoalView]
    projects: list[tuple[str, str]]
    appendix: list[AppendixRow]
    others: list[AppendixRow]  # indicators the area has that the contents do not list
    left_out: list[tuple[str, str]]
    spread: list[SpreadRow]
    published_file: str
    published_at: datetime
    generated_at: datetime
    files: dict[str, str]  # language -> this area's page in it
    pdf_file: str | None
    peer_note: str = ""
    sources: list[SourceFile] = field(default_factory=list)

    @property
    def charts(self) -> int:
        return sum(1 + (f.strip is not None) + (f.map is not None)
                   for view in [*self.population, *(t for s in self.stages for t in s.themes)]
                   for f in view.figures) + len(self.groups)

    @property
    def maps(self) -> int:
        return sum(f.map is not None
                   for view in [*self.population, *(t for s in self.stages for t in s.themes)]
                   for f in view.figures) + sum(a.map is not None for a in self.areas)


def row(fmt: Formatter, data: AreaData, item: Comparison) -> Row:
    indicator = data.indicators[item.indicator_code]
    unit, decimals = indicator.unit, indicator.decimals
    comparable = unit in COMPARABLE_UNITS
    value = fmt.cell(item.value, item.status, unit, decimals)
    peers = fmt.value(item.peer_value, unit, decimals) if comparable else ""
    rank = (fmt.t("rank_of", rank=item.rank, count=item.rank_count)
            if item.rank is not None and item.rank_count and comparable else "")
    # Counts are not compared between areas of different size: no class, no strength.
    judged = comparable and item.comparison_class is not None
    return Row(
        code=item.indicator_code, name=indicator.names[fmt.lang],
        period=fmt.period(item.period, item.period_start), value=value,
        county=fmt.value(item.county_value, unit, decimals) if comparable else "",
        country=fmt.value(item.country_value, unit, decimals) if comparable else "",
        peers=peers, rank=rank,
        comparison_class=fmt.t(f"class_{item.comparison_class}") if judged else "",
        class_key=item.comparison_class if judged else "",
        strength_key=(item.strength_or_need or "") if judged else "",
        strength=fmt.t(item.strength_or_need) if judged and item.strength_or_need else "",
        trend=fmt.t(f"trend_{item.trend}") if item.trend else "",
        trend_key=item.trend or "", has_value=item.has_value, status=item.status)


def _number(fmt: Formatter, indicator: Indicator) -> Callable[[float], str]:
    return lambda value: fmt.number(value, indicator.decimals)


def figure(fmt: Formatter, data: AreaData, code: str, make_map: MapMaker | None) -> Figure:
    indicator = data.indicators[code]
    name = indicator.names[fmt.lang]
    area_name = data.area.names[fmt.lang]
    points = data.series.get(code, [])[-10:]
    periods = [fmt.period(p.period, p.period_start) for p in points]
    comparable = indicator.unit in COMPARABLE_UNITS
    lines = [charts.Series(area_name, [p.value for p in points], strong=True)]
    if comparable:
        if data.county and data.county.code != data.area.code:
            lines.append(charts.Series(data.county.names[fmt.lang],
                                       [p.county_value for p in points],
                                       charts.COMPARISON_COLOURS[0]))
        if data.country:
            lines.append(charts.Series(data.country.names[fmt.lang],
                                       [p.country_value for p in points],
                                       charts.COMPARISON_COLOURS[1]))
        if any(p.peer_value is not None for p in points):
            lines.append(charts.Series(fmt.t("peers"), [p.peer_value for p in points],
                                       charts.COMPARISON_COLOURS[2], dashed=True))
    gaps = [(index, fmt.status(p.status)) for index, p in enumerate(points) if p.value is None]
    trend = charts.line_chart(
        periods, lines, title=fmt.t("trend_chart", indicator=name, area=area_name),
        desc=fmt.t("trend_desc", indicator=name, first=periods[0] if periods else "",
                   last=periods[-1] if periods else ""),
        number=_number(fmt, indicator), from_zero=indicator.unit == "count", gaps=gaps)
    strip = None
    places = data.same_level.get(code, [])
    values = [place.value for place in places if place.value is not None]
    latest = data.latest.get(code)
    level = data.area.level
    if comparable and len(values) >= 5 and latest is not None:
        references = []
        if data.county and data.county.code != data.area.code and latest.county_value is not None:
            references.append((data.county.names[fmt.lang], latest.county_value))
        if latest.country_value is not None and data.country:
            references.append((data.country.names[fmt.lang], latest.country_value))
        strip = charts.rank_strip(
            values, latest.value, references=references,
            title=fmt.t("strip_title", indicator=name, area=area_name,
                        level_plural_gen=fmt.t(f"level_plural_gen_{level}")),
            desc=fmt.t("strip_desc", area=area_name), number=_number(fmt, indicator),
            low_label=fmt.t("lowest"), high_label=fmt.t("highest"))
    map_svg, table = None, []
    members = data.county_members.get(code, [])
    if make_map is not None and comparable and members:
        map_svg = make_map(fmt, data, indicator, members, members[0].period)
        if map_svg is not None:
            table = [PlaceRow(place.area_code, place.names[fmt.lang],
                              fmt.cell(place.value, place.status, indicator.unit,
                                       indicator.decimals), place.status)
                     for place in members]
    return Figure(code, name, trend, strip, map_svg, table,
                  "" if comparable else fmt.t("not_compared"))


def theme_view(fmt: Formatter, data: AreaData, shown: ThemeIndicators,
               make_map: MapMaker | None) -> ThemeView:
    codes = [*shown.charted, *shown.tabled]
    rows = [row(fmt, data, data.latest[code]) for code in codes]
    figures = [figure(fmt, data, code, make_map) for code in shown.charted]
    without = [data.indicators[code].names[fmt.lang] for code in shown.without_data]
    return ThemeView(shown.theme.id, shown.theme.titles[fmt.lang], rows, figures, without)


def groups_views(fmt: Formatter, data: AreaData, codes: Sequence[str],
                 group_labels: dict[str, dict[str, str]]) -> list[GroupsView]:
    views = []
    for code in codes:
        groups = data.groups.get(code)
        latest = data.latest.get(code)
        if not groups or latest is None:
            continue
        indicator = data.indicators[code]
        same_period = [g for g in groups if g.period == latest.period]
        if not same_period:
            continue
        items = [latest, *sorted(same_period, key=lambda g: g.group_code)]
        labels = {g.group_code: group_labels.get(g.group_code, {}).get(fmt.lang, g.group_code)
                  for g in items}
        bars = [charts.Bar(labels[g.group_code], g.value,
                           fmt.status(g.status) if g.value is None else "",
                           g.group_code == latest.group_code) for g in items]
        name = indicator.names[fmt.lang]
        period = fmt.period(latest.period, latest.period_start)
        chart = charts.bar_chart(
            bars, title=fmt.t("groups_chart", indicator=name, period=period),
            desc=fmt.t("groups_desc", indicator=name), number=_number(fmt, indicator))
        table = [PlaceRow(g.group_code, labels[g.group_code],
                          fmt.cell(g.value, g.status, indicator.unit, indicator.decimals),
                          g.status) for g in items]
        views.append(GroupsView(f"{name}, {period}", chart, table, code))
    return views


def areas_views(fmt: Formatter, data: AreaData, codes: Sequence[str],
                make_map: MapMaker | None) -> list[AreasView]:
    """For a municipality its districts and postal code areas, one view per indicator and
    level; for a county its municipalities."""
    views = []
    for code in codes:
        indicator = data.indicators.get(code)
        if indicator is None:
            continue
        if data.area.level == "wellbeing_county":
            by_level = {"municipality": data.county_members.get(code, [])}
        else:
            by_level = {}
            for place in data.sub_areas.get(code, []):
                by_level.setdefault(place.level, []).append(place)
        for places in by_level.values():
            if not places:
                continue
            period = places[0].period
            table = [PlaceRow(p.area_code, p.names.get(fmt.lang, p.area_code),
                              fmt.cell(p.value, p.status, indicator.unit, indicator.decimals),
                              p.status) for p in places]
            name = indicator.names[fmt.lang]
            comparable = indicator.unit in COMPARABLE_UNITS
            map_svg = (make_map(fmt, data, indicator, places, period)
                       if make_map and comparable else None)
            views.append(AreasView(f"{name}, {fmt.period(period)}", fmt.period(period),
                                   map_svg, table, code))
    return views


def spread_rows(fmt: Formatter, data: AreaData) -> list[SpreadRow]:
    """The segregation measures of the municipality's small areas, in words."""
    result = []
    for item in data.spread:
        indicator = data.indicators.get(item.indicator_code)
        name = indicator.names[fmt.lang] if indicator else item.indicator_code
        if item.measure == "dissimilarity_index":
            measure = fmt.t("measure_dissimilarity", group=fmt.t(
                f"language_{item.language_group}"))
            value = fmt.number(item.value, 1)
        else:
            measure = fmt.t("measure_quintile_ratio")
            value = fmt.number(item.value, 2)
        areas = fmt.t("areas_used", used=item.areas_used) + (
            ", " + fmt.t("areas_left_out", left_out=item.areas_left_out)
            if item.areas_left_out else "")
        result.append(SpreadRow(name, fmt.t(f"level_{item.level}"), measure, value,
                                fmt.period(item.period), areas))
    return result


def goal_views(fmt: Formatter, data: AreaData, titles: dict[str, str]) -> list[GoalView]:
    views = []
    for goal in data.goals:
        indicator = data.indicators.get(goal.indicator_code)
        unit, decimals = (indicator.unit, indicator.decimals) if indicator else (None, None)
        colour = {"reached": charts.STRENGTH_COLOUR, "on_track": "#4292c6",
                  "off_track": charts.NEED_COLOUR}.get(goal.progress, charts.NEUTRAL_COLOUR)
        share = fmt.percent(goal.share_of_way)
        views.append(GoalView(
            text=goal.texts[fmt.lang],
            indicator=indicator.names[fmt.lang] if indicator else goal.indicator_code,
            baseline=(f"{fmt.value(goal.baseline_value, unit, decimals)} "
                      f"({goal.baseline_period})" if goal.baseline_value is not None else ""),
            latest=(f"{fmt.value(goal.latest_value, unit, decimals)} ({goal.latest_period})"
                    if goal.latest_value is not None else fmt.t("progress_no_data")),
            target=fmt.value(goal.target_value, unit, decimals),
            target_year=str(goal.target_year or ""),
            progress=fmt.t(f"progress_{goal.progress}"), progress_key=goal.progress,
            share=fmt.t("share_of_way", share=share) if share else "",
            bar=charts.progress_bar(goal.share_of_way, title=fmt.t("progress"),
                                    desc=share or fmt.t("progress_no_data"), colour=colour),
            responsible=goal.responsible or "",
            projects=[titles.get(key, key) for key in goal.project_keys]))
    return views


def left_out(fmt: Formatter, data: AreaData, themes: Themes, newest_year: int | None
             ) -> list[tuple[str, str]]:
    """The indicators the contents list that the report could not show, and why: not in the
    mart, no cell for the area, only cells without a number (suppressed or confidential), or
    out of date."""
    result = []
    for code in themes.codes():
        indicator = data.indicators.get(code)
        if indicator is None:
            result.append((code, fmt.t("reason_not_in_mart")))
            continue
        name = indicator.names[fmt.lang]
        latest = data.latest.get(code)
        if latest is None:
            result.append((name, fmt.t("reason_no_data")))
        elif latest.value is None:
            reason = ("reason_suppressed" if latest.status == "suppressed" else
                      "reason_confidential" if latest.status == "confidential" else
                      "reason_no_data")
            result.append((name, fmt.t(reason)))
        elif newest_year is not None and latest.period[:4].isdigit() and \
                newest_year - int(latest.period[:4]) >= STALE_YEARS:
            result.append((name, fmt.t("reason_out_of_date", period=latest.period)))
    return result


def appendix_row(fmt: Formatter, data: AreaData, code: str) -> AppendixRow:
    indicator = data.indicators[code]
    source = ", ".join(dict.fromkeys(filter(None, [
        indicator.organization, source_name(fmt.lang, indicator.source)])))
    latest = data.latest.get(code)
    return AppendixRow(indicator.names[fmt.lang], code, source,
                       unit_name(fmt.lang, indicator.unit),
                       fmt.t(f"direction_{indicator.direction}"),
                       fmt.period(latest.period) if latest else "")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def stylesheet() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def build_page(lang: str, data: AreaData, themes: Themes, assigned: list[ThemeIndicators],
               group_labels: dict[str, dict[str, str]], titles: dict[str, str],
               published_file: str, published_at: datetime, generated_at: datetime,
               files: dict[str, str], pdf_file: str | None,
               make_map: MapMaker | None = None, sources: list[SourceFile] | None = None
               ) -> Page:
    fmt = Formatter(lang)
    codes = themes.codes()
    title_key = (f"title_{data.area.level}" if data.area.level in
                 ("municipality", "wellbeing_county") else "title_other")
    by_stage: dict[str, list[ThemeView]] = {stage: [] for stage in LIFE_STAGES}
    for shown in assigned:
        by_stage[shown.theme.life_stage].append(theme_view(fmt, data, shown, make_map))
    stages = [StageView(stage, fmt.t(STAGE_KEYS[stage]), by_stage[stage])
              for stage in LIFE_STAGES[1:] if by_stage[stage]]
    summary = summarize(data, codes, fmt)
    years = [int(c.period[:4]) for c in data.latest.values() if c.period[:4].isdigit()]
    peers = [c for c in data.latest.values() if c.peer_group]
    peer_note = (fmt.t("peer_group", group=peers[0].peer_group[lang],
                       count=max(c.peer_count or 0 for c in peers)) if peers else "")
    return Page(
        lang=lang, title=fmt.t(title_key, area=data.area.names[lang]), data=data,
        summary=summary, population=by_stage["population"], stages=stages,
        groups=groups_views(fmt, data, codes, group_labels),
        areas=areas_views(fmt, data, [c for c in [*codes, *(i.code for i in themes.small_areas)]
                                      if c in data.latest or c in data.sub_areas], make_map),
        spread=spread_rows(fmt, data),
        strengths=[row(fmt, data, item) for item in summary.strengths],
        needs=[row(fmt, data, item) for item in summary.needs],
        goals=goal_views(fmt, data, titles),
        projects=[(project.acronym or project.title, project.title) for project in data.projects],
        appendix=[appendix_row(fmt, data, code) for code in codes if code in data.indicators],
        others=[appendix_row(fmt, data, code) for code in sorted(data.latest)
                if code not in codes and code in data.indicators],
        left_out=left_out(fmt, data, themes, max(years) if years else None),
        published_file=published_file, published_at=published_at, generated_at=generated_at,
        files=files, pdf_file=pdf_file, peer_note=peer_note, sources=sources or [])


def render_page(page: Page, for_print: bool = False) -> str:
    """The page's HTML; for_print: the page the PDF is printed from, without what print
    hides (the area's other indicators: at national scale a thousand rows that WeasyPrint
    would style, hidden, at half a report's printing time)."""
    fmt = Formatter(page.lang)
    return environment().get_template("report.html.j2").render(
        page=page, fmt=fmt, languages=LANGUAGES, css=Markup(stylesheet()), for_print=for_print)
