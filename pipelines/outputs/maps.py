"""Choropleth maps as inline SVG, for the reports (HTML and PDF from one page): plain functions,
no Dagster, no JavaScript, no network, no fonts of their own.

    shapes = read_shapes(con, codes)                 # from mart.dim_area_boundary
    context = read_context(con, codes)               # the neighbours, drawn light grey
    svg = choropleth_svg(shapes, values, classes, context=context, title=..., unit_label=...,
                         labels=MapLabels(suppressed="suppressed (small numbers)",
                                          missing="no data", attribution=...))
    table = values_table_html(shapes, values, classes, labels=..., caption=...)

`values` maps an area code to an AreaValue: the value (None when the cell is not a number),
its status (`ok`, `zero`, `suppressed`, `confidential`, `missing`, ...), the text to show and
the key of its class. The caller decides the classes (the reports' comparison classes, or
quintiles: `quintile_classes`) and gives them in legend order as (key, legend text, colour).
A hidden cell (`suppressed`, or `confidential` by the publisher) is hatched, any other cell
without a number, or an area without a value, is grey with a white outline; neither ever gets
a class colour, and the legend names both in the caller's words.

The map is drawn in ETRS-TM35FIN (pipelines/ingest/tm35fin.py), Finland's national projection,
so shapes look as they do on Finnish maps. The same input gives the same SVG byte for byte.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

import duckdb
import numpy as np

from pipelines.ingest.tm35fin import to_tm35fin
from pipelines.sqlfiles import load_sql

HIDDEN_STATUSES = frozenset({"suppressed", "confidential"})
NUMBER_STATUSES = frozenset({"ok", "zero"})
MISSING_FILL = "#bdbdbd"
CONTEXT_FILL, CONTEXT_STROKE = "#efefef", "#c6c6c6"
HATCH_COLOUR = "#6b6b6b"
# Light to dark, neutral (they say nothing of better or worse): ColorBrewer's Blues without
# its palest steps, which a white page and the grey neighbours would swallow.
SEQUENTIAL_5 = ("#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
SEQUENTIAL_3 = ("#c6dbef", "#4292c6", "#08306b")
_FONT = 12  # px; the family is the page's


@dataclass(frozen=True)
class Shape:
    """An area's boundary: polygons of rings of (lon, lat) positions (WGS84)."""

    area_code: str
    area_level: str
    names: Mapping[str, str | None]  # fi, sv, en
    parent_area_code: str | None
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]
    attribution: str

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("fi") or self.area_code


@dataclass(frozen=True)
class AreaValue:
    value: float | None
    status: str
    text: str
    class_key: str | None = None


@dataclass(frozen=True)
class MapLabels:
    """The words of a map in the report's language."""

    suppressed: str  # hidden values, e.g. "suppressed (small numbers)"
    missing: str  # e.g. "no data"
    attribution: str | None = None  # the credit line; default: the shapes' own
    context: str | None = None  # legend text of the grey neighbours; None: not in the legend
    area_heading: str = "Area"
    value_heading: str = "Value"
    class_heading: str = "Class"


def _polygons(geometry_geojson: str) -> tuple:
    geometry = json.loads(geometry_geojson)
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return tuple(tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in polygon)
                 for polygon in polygons)


def _shapes(rows: Iterable[tuple]) -> dict[str, Shape]:
    return {code: Shape(code, level, {"fi": fi, "sv": sv, "en": en}, parent,
                        _polygons(geometry), attribution)
            for code, level, fi, sv, en, parent, geometry, attribution in rows}


def read_shapes(con: duckdb.DuckDBPyConnection, area_codes: Iterable[str]) -> dict[str, Shape]:
    """The boundaries of `area_codes` from mart.dim_area_boundary (codes without one are
    left out: the map draws them as missing if they have a value)."""
    return _shapes(con.execute(load_sql("outputs/maps/shapes"),
                               {"codes": sorted(set(area_codes))}).fetchall())


def read_context(con: duckdb.DuckDBPyConnection, area_codes: Iterable[str], *,
                 level: str = "municipality", margin: float = 0.15) -> dict[str, Shape]:
    """Areas of `level` around `area_codes` (their bounding box widened by `margin` of its
    size on each side), not those areas themselves: the grey surroundings of a map."""
    return _shapes(con.execute(load_sql("outputs/maps/context"),
                               {"codes": sorted(set(area_codes)), "level": level,
                                "margin": margin}).fetchall())


def quintile_classes(numbers: Mapping[str, float]) -> dict[str, str]:
    """Each area's quintile, `q1` (lowest fifth) to `q5`, by rank (ties by code): the classes
    of Sotkanet's maps. With fewer than five areas, some quintiles stay empty."""
    ranked = sorted(numbers, key=lambda code: (numbers[code], code))
    return {code: f"q{rank * 5 // len(ranked) + 1}" for rank, code in enumerate(ranked)}


class _Frame:
    """Projects lon/lat to the SVG's pixels: TM35FIN metres fitted into a box."""

    def __init__(self, shapes: Iterable[Shape], width: float, max_height: float,
                 pad: float) -> None:
        points = np.array([p for s in shapes for poly in s.polygons for ring in poly
                           for p in ring])
        east, north = to_tm35fin(points[:, 0], points[:, 1])
        self.x0, self.x1 = float(east.min()), float(east.max())
        self.y0, self.y1 = float(north.min()), float(north.max())
        span_x, span_y = max(self.x1 - self.x0, 1.0), max(self.y1 - self.y0, 1.0)
        self.scale = min((width - 2 * pad) / span_x, (max_height - 2 * pad) / span_y)
        self.pad = pad
        self.width = width
        self.height = span_y * self.scale + 2 * pad
        self.offset_x = (width - span_x * self.scale) / 2

    def path(self, shape: Shape) -> str:
        parts = []
        for polygon in shape.polygons:
            for ring in polygon:
                lon, lat = np.array(ring).T
                east, north = to_tm35fin(lon, lat)
                xs = np.round(self.offset_x + (east - self.x0) * self.scale, 1)
                ys = np.round(self.pad + (self.y1 - north) * self.scale, 1)
                keep = np.ones(len(xs), dtype=bool)
                keep[1:] = (np.diff(xs) != 0) | (np.diff(ys) != 0)
                xs, ys = xs[keep], ys[keep]
                if len(xs) < 3:
                    continue  # a ring smaller than a pixel
                points = "L".join(f"{x:g} {y:g}" for x, y in zip(xs, ys, strict=True))
                parts.append(f"M{points}Z")
        return "".join(parts)


def _fill(value: AreaValue | None, colours: Mapping[str, str], hatch: str) -> tuple[str, str]:
    """(fill, kind): kind is 'class:<key>', 'hidden' or 'missing'."""
    if value is None:
        return MISSING_FILL, "missing"
    if value.status in HIDDEN_STATUSES:
        return f"url(#{hatch})", "hidden"
    if value.status not in NUMBER_STATUSES or value.value is None:
        return MISSING_FILL, "missing"
    if value.class_key not in colours:
        raise ValueError(f"class {value.class_key!r} of a value ({value.text}) is not one of "
                         f"the classes {list(colours)}")
    return colours[value.class_key], f"class:{value.class_key}"


def choropleth_svg(
    shapes: Mapping[str, Shape],
    values: Mapping[str, AreaValue],
    classes: Sequence[tuple[str, str, str]],
    *,
    context: Mapping[str, Shape] | None = None,
    title: str,
    unit_label: str,
    labels: MapLabels,
    language: str = "fi",
    width: int = 480,
    max_height: int = 560,
) -> str:
    """One self-contained <svg>: every area of `shapes` once, coloured by its value's class,
    hatched when hidden, grey when missing; `context` areas light grey beneath; a legend with
    the unit, the classes and the words for hidden and missing cells; the attribution line."""
    if not shapes:
        raise ValueError(f"{title}: no areas to draw (no boundaries for them)")
    unknown = sorted(set(values) - set(shapes))
    if unknown:
        raise ValueError(f"{title}: values for areas without a boundary: {unknown[:10]}")
    colours = {key: colour for key, _, colour in classes}
    context = context or {}
    uid = "map-" + hashlib.sha1(
        json.dumps([title, sorted(shapes), sorted(context)]).encode()).hexdigest()[:10]
    hatch = f"{uid}-hatch"
    title_lines = _wrap(title, width, _FONT)
    title_height = len(title_lines) * (_FONT + 4) + 8
    frame = _Frame(list(shapes.values()), width, max_height, pad=6)
    map_top = title_height
    kinds: dict[str, int] = {}
    body = []
    clip = f"{uid}-clip"
    body.append(f'<g clip-path="url(#{clip})" transform="translate(0 {map_top})">')
    for code in sorted(context):
        if code not in shapes:
            body.append(f'<path d="{frame.path(context[code])}" fill="{CONTEXT_FILL}" '
                        f'stroke="{CONTEXT_STROKE}" stroke-width="0.6"/>')
    for code in sorted(shapes):
        shape, value = shapes[code], values.get(code)
        fill, kind = _fill(value, colours, hatch)
        kinds[kind] = kinds.get(kind, 0) + 1
        text = value.text if value is not None else labels.missing
        stroke = "#ffffff" if kind != "hidden" else HATCH_COLOUR
        body.append(
            f'<path d="{frame.path(shape)}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="{stroke}" stroke-width="0.8" data-area="{escape(code)}" '
            f'data-kind="{escape(kind)}"><title>{escape(shape.name(language))}: '
            f'{escape(text)}</title></path>')
    body.append("</g>")
    legend, legend_height = _legend(classes, kinds, labels, unit_label, hatch, width,
                                    top=map_top + frame.height + 8, context=bool(context))
    attribution = labels.attribution or "; ".join(
        sorted({shape.attribution for shape in shapes.values()}))
    small = _FONT - 3
    credit_lines = _wrap(attribution, width, small)
    credit_top = map_top + frame.height + 8 + legend_height
    height = credit_top + len(credit_lines) * (small + 3) + 4
    description = _description(title, kinds, classes, labels, attribution)
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-size="{_FONT}">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)}</desc>',
        "<defs>",
        f'<pattern id="{hatch}" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_COLOUR}" stroke-width="2"/>'
        "</pattern>",
        f'<clipPath id="{clip}"><rect width="{width}" height="{frame.height:.1f}"/></clipPath>',
        "</defs>",
        _lines(title_lines, 0, _FONT + 2, _FONT + 4, 'font-weight="bold"'),
        *body,
        legend,
        _lines(credit_lines, credit_top, small + 2, small + 3,
               f'font-size="{small}" fill="#555555"'),
        "</svg>",
    ])


def _wrap(text: str, width: float, font: int) -> list[str]:
    """Words in lines that fit `width` pixels, at an average glyph width of 0.55 em (the
    page's font is not known here; a sans-serif's average is about that)."""
    per_line = max(int(width / (0.55 * font)), 10)
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _lines(lines: Sequence[str], top: float, first: float, step: float, attributes: str) -> str:
    return "".join(f'<text x="0" y="{top + first + index * step:.1f}" {attributes}>'
                   f"{escape(line)}</text>" for index, line in enumerate(lines))


def _legend(classes: Sequence[tuple[str, str, str]], kinds: Mapping[str, int],
            labels: MapLabels, unit_label: str, hatch: str, width: int, top: float,
            context: bool) -> tuple[str, float]:
    """The legend below the map: the unit, then one swatch per class (all of them, in order),
    then hidden and missing cells where the map has any, and the grey neighbours if named."""
    entries = [(f'fill="{colour}"', text) for _, text, colour in classes]
    if kinds.get("hidden"):
        entries.append((f'fill="url(#{hatch})" stroke="{HATCH_COLOUR}"', labels.suppressed))
    if kinds.get("missing"):
        entries.append((f'fill="{MISSING_FILL}"', labels.missing))
    if context and labels.context:
        entries.append((f'fill="{CONTEXT_FILL}" stroke="{CONTEXT_STROKE}"', labels.context))
    line = _FONT + 6
    parts = [f'<g transform="translate(0 {top:.1f})">',
             f'<text x="0" y="{_FONT}">{escape(unit_label)}</text>']
    for index, (fill, text) in enumerate(entries, start=1):
        y = index * line
        parts.append(f'<rect x="0" y="{y}" width="{_FONT + 4}" height="{_FONT}" {fill}/>'
                     f'<text x="{_FONT + 10}" y="{y + _FONT - 1}">{escape(text)}</text>')
    parts.append("</g>")
    return "".join(parts), (len(entries) + 1) * line + _FONT + 6


def _description(title: str, kinds: Mapping[str, int], classes: Sequence[tuple[str, str, str]],
                 labels: MapLabels, attribution: str) -> str:
    counted = [f"{text}: {kinds[f'class:{key}']}" for key, text, _ in classes
               if kinds.get(f"class:{key}")]
    if kinds.get("hidden"):
        counted.append(f"{labels.suppressed}: {kinds['hidden']}")
    if kinds.get("missing"):
        counted.append(f"{labels.missing}: {kinds['missing']}")
    return f"{title}. " + "; ".join(counted) + f". {attribution}"


def values_table_html(
    shapes: Mapping[str, Shape],
    values: Mapping[str, AreaValue],
    classes: Sequence[tuple[str, str, str]],
    *,
    labels: MapLabels,
    caption: str,
    language: str = "fi",
) -> str:
    """The map's values as a table to put beside it (accessible, printable): every area of the
    map, highest value first, then the cells without a number, with their words."""
    legend = {key: text for key, text, _ in classes}

    def order(code: str) -> tuple:
        value = values.get(code)
        number = value is not None and value.status in NUMBER_STATUSES \
            and value.value is not None
        return (not number, -(value.value if number else 0), shapes[code].name(language))

    rows = []
    for code in sorted(shapes, key=order):
        value = values.get(code)
        if value is None:
            text, kind = labels.missing, labels.missing
        elif value.status in HIDDEN_STATUSES:
            text, kind = value.text, labels.suppressed
        elif value.status not in NUMBER_STATUSES or value.value is None:
            text, kind = value.text, labels.missing
        else:
            text, kind = value.text, legend.get(value.class_key or "", "")
        rows.append(f'<tr data-area="{escape(code)}"><th scope="row">'
                    f"{escape(shapes[code].name(language))}</th><td>{escape(text)}</td>"
                    f"<td>{escape(kind)}</td></tr>")
    return ("<table class=\"map-values\">"
            f"<caption>{escape(caption)}</caption>"
            f'<thead><tr><th scope="col">{escape(labels.area_heading)}</th>'
            f'<th scope="col">{escape(labels.value_heading)}</th>'
            f'<th scope="col">{escape(labels.class_heading)}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
