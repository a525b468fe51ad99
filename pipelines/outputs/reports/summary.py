"""The summary of a report, written from its data in the report's language.

Nothing here is invented: every sentence counts or names what report.indicator_comparison and
report.goal_progress say of the area (its strengths and development needs among all areas of
its level, the indicators that improved or worsened over the last five periods, how its goals
are progressing). An indicator without a comparison is not counted; a sentence with nothing
to say is left out, never padded.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.outputs.reports.data import AreaData, Comparison
from pipelines.outputs.reports.format import COMPARABLE_UNITS, Formatter

MOST = 3  # indicators named per sentence
# Levels the summary can name in words ("compared with all municipalities").
PLURAL_LEVELS = frozenset({"municipality", "wellbeing_county", "country"})


@dataclass(frozen=True)
class Summary:
    sentences: list[str]
    strengths: list[Comparison]  # best first
    needs: list[Comparison]  # worst first
    improving: list[Comparison]
    worsening: list[Comparison]


def _relative_change(item: Comparison) -> float:
    """How large a trend's change is, for ordering: relative to the value where there is one."""
    change = abs(item.trend_change or 0.0)
    return change / abs(item.value) if item.value else change


def summarize(data: AreaData, codes: Sequence[str], fmt: Formatter) -> Summary:
    shown = [data.latest[code] for code in codes if code in data.latest]
    # Counts are not compared between areas of different size (the page shows no class).
    compared = [item for item in shown if item.comparison_class is not None
                and data.indicators[item.indicator_code].unit in COMPARABLE_UNITS]
    strengths = sorted((item for item in compared if item.strength_or_need == "strength"),
                       key=lambda item: (item.rank or 0, item.indicator_code))
    needs = sorted((item for item in compared if item.strength_or_need == "need"),
                   key=lambda item: (-(item.rank or 0), item.indicator_code))
    improving = sorted((item for item in shown if item.trend == "improving"),
                       key=lambda item: (-_relative_change(item), item.indicator_code))
    worsening = sorted((item for item in shown if item.trend == "worsening"),
                       key=lambda item: (-_relative_change(item), item.indicator_code))
    area = data.area.names[fmt.lang]
    level = data.area.level
    sentences = []
    plural = fmt.t(f"level_plural_{level}") if level in PLURAL_LEVELS else ""
    if compared:
        sentences.append(fmt.t("summary_counts", area=area, compared=len(compared),
                               level_plural=plural, strengths=len(strengths),
                               needs=len(needs)))
    else:
        sentences.append(fmt.t("summary_none", area=area, level_plural=plural))
    if strengths:
        sentences.append(fmt.t("summary_strongest", items=_items(data, strengths, fmt)))
    if needs:
        sentences.append(fmt.t("summary_weakest", items=_items(data, needs, fmt)))
    if improving:
        sentences.append(fmt.t("summary_improving", items=_changes(data, improving, fmt)))
    if worsening:
        sentences.append(fmt.t("summary_worsening", items=_changes(data, worsening, fmt)))
    if not improving and not worsening and any(item.trend for item in shown):
        sentences.append(fmt.t("summary_no_change"))
    if data.goals:
        progress = Counter(goal.progress for goal in data.goals)
        sentences.append(fmt.t("summary_goals", total=len(data.goals),
                               reached=progress["reached"], on_track=progress["on_track"],
                               off_track=progress["off_track"], no_data=progress["no_data"]))
    return Summary(sentences, strengths, needs, improving, worsening)


def _items(data: AreaData, items: list[Comparison], fmt: Formatter) -> str:
    named = []
    for item in items[:MOST]:
        indicator = data.indicators[item.indicator_code]
        named.append(fmt.t("summary_item", indicator=indicator.names[fmt.lang],
                           value=fmt.value(item.value, indicator.unit, indicator.decimals),
                           rank=item.rank, count=item.rank_count))
    return "; ".join(named)


def _changes(data: AreaData, items: list[Comparison], fmt: Formatter) -> str:
    named = []
    for item in items[:MOST]:
        indicator = data.indicators[item.indicator_code]
        named.append(fmt.t("summary_change_item", indicator=indicator.names[fmt.lang],
                           change=fmt.difference(item.trend_change, indicator.unit,
                                                 indicator.decimals)))
    return "; ".join(named)
