"""The reports' choropleth maps: the words and classes of a report for the map-drawing of
pipelines/outputs/maps.py, over the boundaries in the published file (mart.dim_area_boundary).

A map of municipalities is coloured by the comparison classes of report.indicator_comparison
(the highest fifth, the middle three fifths, the lowest fifth of all municipalities: the
classes the tables show), with the municipalities around them grey for context; a map of a
municipality's small areas (postal code areas, districts) by the quintiles of those areas'
values. Suppressed areas are hatched and missing ones grey, both named in the legend in the
report's language. Boundaries are read once per set of areas and kept for the run.
"""

from collections.abc import Callable, Sequence

import duckdb
from markupsafe import Markup

from pipelines.outputs.maps import (
    AreaValue,
    MapLabels,
    Shape,
    choropleth_svg,
    quintile_classes,
    read_context,
    read_shapes,
)
from pipelines.outputs.reports.data import AreaData, Indicator, PlaceValue
from pipelines.outputs.reports.format import Formatter

# Light to dark (they say nothing of better or worse: the strength or need is in the tables).
CLASS_COLOURS = {"lowest_20": "#c6dbef", "middle_60": "#4292c6", "highest_20": "#08306b"}
QUINTILE_COLOURS = ("#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
MapMaker = Callable[[Formatter, AreaData, Indicator, Sequence[PlaceValue], str],
                    Markup | None]


def has_boundaries(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'mart' AND table_name = 'dim_area_boundary'").fetchone()[0])


def map_maker(con: duckdb.DuckDBPyConnection) -> MapMaker | None:
    """Draws a report's maps from the open published file; None without boundaries."""
    if not has_boundaries(con):
        return None
    shapes_of: dict[tuple[str, ...], dict[str, Shape]] = {}
    context_of: dict[tuple[str, ...], dict[str, Shape]] = {}

    def make(fmt: Formatter, data: AreaData, indicator: Indicator,
             places: Sequence[PlaceValue], period: str) -> Markup | None:
        codes = tuple(sorted(place.area_code for place in places))
        if codes not in shapes_of:
            shapes_of[codes] = read_shapes(con, codes)
            # Municipalities are drawn among their neighbours; small areas fill their frame.
            municipal = all(place.level == "municipality" for place in places)
            context_of[codes] = read_context(con, codes) if municipal else {}
        shapes = shapes_of[codes]
        if not shapes:
            return None
        drawn = [place for place in places if place.area_code in shapes]
        municipal = all(place.level == "municipality" for place in drawn)
        # The comparison classes where every value has one (a class needs five areas of the
        # level with a value); else the quintiles of the values drawn.
        classed = all(place.comparison_class for place in drawn if place.value is not None)
        if municipal and classed:
            keys = {place.area_code: place.comparison_class for place in drawn}
            classes = [(key, fmt.t(f"map_class_{key}"), CLASS_COLOURS[key])
                       for key in ("lowest_20", "middle_60", "highest_20")]
        else:
            keys = quintile_classes({place.area_code: place.value for place in drawn
                                     if place.value is not None})
            classes = [(f"q{n}", fmt.t(f"map_quintile_{n}"), QUINTILE_COLOURS[n - 1])
                       for n in range(1, 6)]
        values = {place.area_code: AreaValue(
            place.value, place.status,
            fmt.cell(place.value, place.status, indicator.unit, indicator.decimals),
            keys.get(place.area_code) if place.value is not None else None)
            for place in drawn}
        labels = MapLabels(suppressed=fmt.t("map_suppressed"), missing=fmt.t("map_missing"),
                           attribution=fmt.t("map_attribution"),
                           context=fmt.t("map_context") if context_of[codes] else None,
                           area_heading=fmt.t("area"), value_heading=fmt.t("value"),
                           class_heading=fmt.t("class"))
        svg = choropleth_svg(
            shapes, values, classes, context=context_of[codes],
            title=fmt.t("map_title", indicator=indicator.names[fmt.lang],
                        period=fmt.period(period)),
            unit_label=fmt.unit(indicator.unit) or "", labels=labels, language=fmt.lang)
        return Markup(svg)

    return make
