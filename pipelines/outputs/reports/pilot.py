"""The multilingual youth pilot's report (issue 25): one page per language, HTML and PDF
from the same template as the area reports, from what pipelines/outputs/pilot_data.py reads
(report.youth_language_gap, report.youth_service_need and the pilot's settings).

The page says, for the county and each municipality, how young people of each language group
fare beside their Finnish-speaking peers (the gap, in words: behind, ahead, no difference
where the survey intervals overlap), where the young people who fall behind live and how many
they are beside the services that reach them, what the data cannot tell, and the follow-up
indicators the pilot proposes. Everything is written from the data of the run.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
from markupsafe import Markup

from pipelines.outputs.maps import AreaValue, MapLabels, choropleth_svg, read_context, read_shapes
from pipelines.outputs.pilot_data import Gap, Indicator, PilotData, latest_gaps
from pipelines.outputs.reports import charts
from pipelines.outputs.reports.format import Formatter
from pipelines.outputs.reports.render import environment, stylesheet
from pipelines.outputs.reports.texts import LANGUAGES

LANGUAGE_GROUPS = ("fi", "sv", "other")
GROUP_COLOURS = {"fi": "#0072B2", "sv": "#E69F00", "other": "#CC79A7"}
# The map's classes: the other-language group's gap, in words (categorical colours).
GAP_CLASSES = (("behind", "#d95f02"), ("no_difference", "#bdbdbd"), ("ahead", "#1b9e77"))
SHOWN_DIRECTIONS = ("behind", "ahead", "above", "below", "no_difference")
# report.youth_language_gap.gap_direction: each has its words (gap_<key> in texts.py).
GAP_WORDS = (*SHOWN_DIRECTIONS, "reference", "not_comparable")


def pilot_name(lang: str, suffix: str = "html") -> str:
    return f"youth_pilot_{lang}.{suffix}"


@dataclass(frozen=True)
class GapCell:
    text: str  # the value (and its interval), or the status in words
    words: str  # the gap in words
    key: str  # gap_direction
    status: str


@dataclass(frozen=True)
class GapRow:
    area_code: str
    area: str
    cells: dict[str, GapCell]  # language group -> cell


@dataclass(frozen=True)
class IndicatorView:
    id: str
    name: str
    theme: str
    facts: str  # age band, direction, kind, period
    chart: Markup
    map: Markup | None
    rows: list[GapRow]


@dataclass(frozen=True)
class NeedView:
    area: str
    needs: list[str]
    services: list[str]
    projects: list[str]


@dataclass
class PilotPage:
    lang: str
    title: str
    summary: list[str]
    method: list[str]
    sources: list[tuple[str, str, str, str]]
    indicators: list[IndicatorView]
    needs: list[NeedView]
    cannot_tell: list[str]
    follow_up: list[tuple[str, str, str]]
    generated_at: datetime
    files: dict[str, str]
    pdf_file: str | None
    maps: int = 0


def _group_name(fmt: Formatter, group: str) -> str:
    return fmt.t(f"language_{group}")


def _value_text(fmt: Formatter, gap: Gap, indicator: Indicator) -> str:
    if gap.value is None:
        return fmt.status(gap.status)
    text = fmt.value(gap.value, indicator.unit, indicator.decimals)
    if gap.ci is not None:
        low, high = (fmt.number(v, 1) for v in gap.ci)
        text += f" ({low}–{high})"
    return text


def _gap_words(fmt: Formatter, gap: Gap, indicator: Indicator) -> str:
    key = gap.gap_direction
    if key == "reference":
        return fmt.t("gap_reference")
    words = fmt.t(f"gap_{key}") if key in GAP_WORDS else key
    if gap.gap is not None and key in SHOWN_DIRECTIONS and key != "no_difference":
        words += " " + fmt.difference(gap.gap, indicator.unit, indicator.decimals)
    return words


def build_pilot_page(lang: str, data: PilotData, generated_at: datetime,
                     files: dict[str, str], pdf_file: str | None,
                     con: duckdb.DuckDBPyConnection | None = None) -> PilotPage:
    """The page in `lang`; `con`: the published file, for the maps' boundaries (none:
    tables and charts only)."""
    fmt = Formatter(lang)
    indicators = {indicator.id: indicator for indicator in data.indicators}
    areas = [area for area in data.areas if area.role in ("county", "municipality")]
    area_name = {area.code: area.names.get(lang) or area.code for area in data.areas}
    latest = latest_gaps(data.gaps, sex="total")
    by_indicator: dict[str, list[Gap]] = defaultdict(list)
    for gap in latest:
        by_indicator[gap.indicator_id].append(gap)
    views, maps = [], 0
    shapes = read_shapes(con, [a.code for a in areas if a.role == "municipality"]) \
        if con is not None else {}
    context = read_context(con, list(shapes)) if shapes else {}
    for indicator in data.indicators:
        gaps = by_indicator.get(indicator.id)
        # Published for every language group together only: no gap to show (what the data
        # cannot tell names it, from sql/outputs/pilot/data_gaps.sql: no_language_breakdown).
        if not gaps or not any(gap.language_group in LANGUAGE_GROUPS for gap in gaps):
            continue
        cells: dict[str, dict[str, Gap]] = defaultdict(dict)
        for gap in gaps:
            cells[gap.area_code][gap.language_group] = gap
        rows, chart_rows = [], []
        for area in areas:
            found = cells.get(area.code)
            if not found:
                continue
            rows.append(GapRow(area.code, area_name[area.code], {
                group: GapCell(_value_text(fmt, gap, indicator), _gap_words(fmt, gap, indicator),
                               gap.gap_direction, gap.status)
                for group, gap in found.items()}))
            chart_rows.append((area_name[area.code], [
                charts.Dot(_group_name(fmt, group), found[group].value, GROUP_COLOURS[group],
                           *(found[group].ci or (None, None)))
                for group in LANGUAGE_GROUPS if group in found]))
        name = indicator.names.get(lang) or indicator.id
        period = max(gap.period for gap in gaps)
        chart = charts.dot_chart(
            chart_rows, title=fmt.t("pilot_chart", indicator=name, period=period),
            desc=fmt.t("pilot_chart_desc", indicator=name),
            number=lambda value, d=indicator.decimals: fmt.number(value, d))
        map_svg = None
        if shapes:
            values = {}
            for area in areas:
                gap = cells.get(area.code, {}).get("other")
                if area.code not in shapes or gap is None:
                    continue
                key = gap.gap_direction if gap.gap_direction in dict(GAP_CLASSES) else None
                values[area.code] = AreaValue(gap.gap if key else None,
                                              gap.status if key or gap.value is None
                                              else "not_comparable",
                                              _gap_words(fmt, gap, indicator), key)
            if values:
                map_svg = Markup(choropleth_svg(
                    shapes, values, [(key, fmt.t(f"gap_{key}"), colour)
                                     for key, colour in GAP_CLASSES],
                    context=context, title=fmt.t("pilot_map", indicator=name),
                    unit_label=fmt.t("language_other"), language=lang,
                    labels=MapLabels(suppressed=fmt.t("map_suppressed"),
                                     missing=fmt.t("map_missing"),
                                     attribution=fmt.t("map_attribution"),
                                     context=fmt.t("map_context"))))
                maps += 1
        facts = ", ".join(filter(None, [
            indicator.age_band, fmt.t(f"direction_{indicator.direction}"),
            fmt.t(f"kind_{indicator.kind}"), fmt.period(period)]))
        views.append(IndicatorView(indicator.id, name, indicator.theme, facts, chart, map_svg,
                                   rows))
    return PilotPage(
        lang=lang, title=fmt.t("pilot_title"), summary=_summary(fmt, latest, indicators,
                                                                area_name),
        method=_method(fmt, data), sources=[
            (source.publisher.get(lang, ""), source.title.get(lang, ""),
             fmt.t("sample_data") if source.sample else "",
             f"{fmt.number(source.rows_loaded, 0)} / {fmt.number(source.rows_read, 0)}")
            for source in data.sources],
        indicators=views, needs=_needs(fmt, data, area_name),
        cannot_tell=_cannot_tell(fmt, data, indicators, area_name),
        follow_up=[(item.names.get(lang, item.id), item.why.get(lang, ""),
                    item.source.get(lang, "")) for item in data.follow_up],
        generated_at=generated_at, files=files, pdf_file=pdf_file, maps=maps)


def _summary(fmt: Formatter, latest: Sequence[Gap], indicators: dict[str, Indicator],
             area_name: dict[str, str]) -> list[str]:
    other = [gap for gap in latest if gap.language_group == "other"
             and gap.area_role in ("county", "municipality")]
    counted = Counter(gap.gap_direction for gap in other)
    sentences = [fmt.t("pilot_summary_counts", compared=sum(counted.values()),
                       behind=counted["behind"], ahead=counted["ahead"],
                       no_difference=counted["no_difference"])]
    behind = sorted((gap for gap in other if gap.gap_direction == "behind"
                     and gap.gap is not None),
                    key=lambda gap: -abs(gap.gap_ratio or 0) or -abs(gap.gap or 0))[:3]
    if behind:
        items = "; ".join(
            f"{indicators[gap.indicator_id].names.get(fmt.lang, gap.indicator_id)}, "
            f"{area_name.get(gap.area_code, gap.area_code)} "
            f"({_difference(fmt, gap, indicators[gap.indicator_id])})" for gap in behind)
        sentences.append(fmt.t("pilot_summary_largest", items=items))
    return sentences


def _difference(fmt: Formatter, gap: Gap, indicator: Indicator) -> str:
    return fmt.difference(gap.gap, indicator.unit, indicator.decimals)


def _method(fmt: Formatter, data: PilotData) -> list[str]:
    method = data.method
    return [fmt.t("pilot_method", county=method.county_names.get(fmt.lang, method.county_code),
                  reference=_group_name(fmt, method.reference_language),
                  confidence=fmt.number(method.confidence * 100, 0),
                  respondents=method.min_respondents)]


def _needs(fmt: Formatter, data: PilotData, area_name: dict[str, str]) -> list[NeedView]:
    views = []
    for need in data.service_need:
        if need.area_code is None:
            continue
        def line(row) -> str:  # noqa: ANN001
            count = fmt.cell(row.value, row.status, row.unit, 0)
            return (f"{row.count_names.get(fmt.lang, row.count_code)} "
                    f"({_group_name(fmt, row.language_group)}, {row.period}): {count}")
        views.append(NeedView(
            area_name.get(need.area_code, need.area_code),
            [line(row) for row in need.needs if row.sex == "total"],
            [line(row) for row in need.services if row.sex == "total"],
            [project.title for project in need.projects]))
    return views


def _cannot_tell(fmt: Formatter, data: PilotData, indicators: dict[str, Indicator],
                 area_name: dict[str, str]) -> list[str]:
    def name(indicator_id: str) -> str:
        indicator = indicators.get(indicator_id)
        return indicator.names.get(fmt.lang, indicator_id) if indicator else indicator_id

    lines = []
    for item in data.cannot_tell.missing:
        where = ", ".join(area_name.get(code, code) for code in item.area_codes[:8]) or \
            fmt.t("every_sub_area")
        lines.append(fmt.t(f"missing_{item.missing}", indicator=name(item.indicator_id),
                           areas=where))
    # One line per indicator and status, its areas listed: a line per area would repeat the
    # indicator's name dozens of times.
    hidden: dict[tuple[str, str], list] = defaultdict(list)
    for item in data.cannot_tell.hidden:
        hidden[(item.indicator_id, item.status)].append(item)
    for (indicator_id, status), items in hidden.items():
        lines.append(fmt.t("hidden_cells", indicator=name(indicator_id),
                           area=", ".join(area_name.get(item.area_code, item.area_code)
                                          for item in items),
                           cells=sum(item.cells for item in items), status=fmt.status(status)))
    for indicator_id in data.cannot_tell.not_in_mart:
        lines.append(fmt.t("pilot_not_in_mart", indicator=name(indicator_id)))
    return lines


def render_pilot(page: PilotPage) -> str:
    return environment().get_template("pilot.html.j2").render(
        page=page, fmt=Formatter(page.lang), languages=LANGUAGES, groups=LANGUAGE_GROUPS,
        css=Markup(stylesheet()))
