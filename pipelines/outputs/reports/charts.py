"""Charts of the reports as static SVG: the same vector picture on screen and in the PDF.

Written here rather than with a charting library because the PDF renderer runs no JavaScript
(plotly's charts are drawn by plotly.js in the browser) and the charts are few and simple:
a line chart of a series beside its comparison areas, horizontal bars of population groups,
a strip of every municipality's value with the area marked (its rank made visible) and a
goal's way from baseline to target. Each function takes plain numbers and the words to show
and returns one <svg> element: text escaped, no scripts, no external references, a <title>
and <desc> for screen readers, sized by its viewBox so it scales to the column.

A value that is not a number (suppressed, missing, ...) is never drawn as one: a line breaks
there, a bar is replaced by the status in words.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe-Ito, colour-blind safe: the area strong, the comparison areas quieter.
AREA_COLOUR = "#0072B2"
COMPARISON_COLOURS = ("#E69F00", "#555555", "#009E73", "#CC79A7")
CLASS_COLOURS = {"highest_20": "#08519c", "middle_60": "#9ecae1", "lowest_20": "#deebf7"}
STRENGTH_COLOUR, NEED_COLOUR, NEUTRAL_COLOUR = "#1a7f37", "#b35806", "#8c8c8c"
FONT = 11  # px in the viewBox; the page's font family applies
GRID = "#e3e3e3"
AXIS = "#8c8c8c"
TEXT = "#222222"

Number = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    """One line: its name, colour and dash, and a value or None per period."""

    name: str
    values: Sequence[float | None]
    colour: str = AREA_COLOUR
    dashed: bool = False
    strong: bool = False


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    """The chart at its natural size (the page's CSS lets it shrink to the column)."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart" '
        f'preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>")


def text_width(words: str, size: int = FONT) -> float:
    """About how wide a text is drawn (a sans-serif's average advance is ~0.58 em)."""
    return len(words) * size * 0.58


def _legend(items: list[tuple[str, str, bool]], left: float, right: float, top: float
            ) -> tuple[list[str], float]:
    """Legend entries (name, colour, dashed) flowed into rows from `top`; returns the SVG and
    the height used."""
    body, x, y = [], left, top + 12
    for name, colour, dashed in items:
        span = 30 + text_width(name) + 18
        if x > left and x + span > right:
            x, y = left, y + 16
        dash = ' stroke-dasharray="5 4"' if dashed else ""
        body.append(f'<line x1="{x:.1f}" x2="{x + 22:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" '
                    f'stroke="{colour}" stroke-width="3"{dash}/>')
        body.append(_text(x + 28, y, name))
        x += span
    return body, y - top + 6


def _legend_height(items: list[tuple[str, str, bool]], left: float, right: float) -> float:
    return _legend(items, left, right, 0)[1]


def _text(x: float, y: float, words: str, anchor: str = "start", size: int = FONT,
          colour: str = TEXT, weight: str | None = None) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" '
            f'text-anchor="{anchor}"{bold}>{escape(words)}</text>')


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high == low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)
    ticks = [round(math.floor(low / step) * step, 10)]
    while ticks[-1] < high - step * 1e-9:  # until a tick reaches the highest value
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def line_chart(periods: Sequence[str], series: Sequence[Series], *, title: str, desc: str,
               number: Number, from_zero: bool = False, width: int = 560,
               height: int = 230, gaps: Sequence[tuple[int, str]] = ()) -> Markup:
    """Periods on the x axis (labels as given), one line per series; a None breaks the line
    and a lone value is a dot. `gaps`: periods (index, words) where the report's area has no
    number, marked by a dotted line and the words (its status), so a gap never reads as a
    value. The legend runs below the plot."""
    values = [v for s in series for v in s.values if v is not None]
    if not values or not periods:
        return _svg(width, 40, title, desc, [_text(0, 20, desc)])
    low, high = min(values), max(values)
    if from_zero:
        low = min(low, 0.0)
    ticks = nice_ticks(low, high)
    low, high = min(ticks[0], low), max(ticks[-1], high)
    labels = [number(t) for t in ticks]
    left = 12 + text_width(max(labels, key=len))
    # Room for the last period's label, centred on its point.
    right = width - max(18.0, text_width(periods[-1]) / 2 + 4)
    legend = [(line.name, line.colour, line.dashed) for line in series]
    legend_height = _legend_height(legend, left, right)
    top, bottom = 10, height - 26 - legend_height
    step = (right - left) / max(len(periods) - 1, 1)

    def x(index: int) -> float:
        return left + step * index if len(periods) > 1 else (left + right) / 2

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low or 1) * (bottom - top)

    body = []
    for tick, label in zip(ticks, labels, strict=True):
        body.append(f'<line x1="{left:.1f}" x2="{right:.1f}" y1="{y(tick):.1f}" '
                    f'y2="{y(tick):.1f}" stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(left - 6, y(tick) + 4, label, "end", colour=AXIS))
    every = max(1, math.ceil(len(periods) / 10))  # at most ten period labels
    for index, period in enumerate(periods):
        if index % every == 0 or index == len(periods) - 1:
            body.append(_text(x(index), bottom + 16, period, "middle", colour=AXIS))
    body.append(f'<line x1="{left:.1f}" x2="{right:.1f}" y1="{bottom:.1f}" y2="{bottom:.1f}" '
                f'stroke="{AXIS}" stroke-width="1"/>')
    for line in series:
        width_px = 3 if line.strong else 2
        dash = ' stroke-dasharray="5 4"' if line.dashed else ""
        run: list[str] = []
        runs: list[list[str]] = []
        for index, value in enumerate(line.values):
            if value is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{x(index):.1f},{y(value):.1f}")
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                body.append(f'<polyline points="{" ".join(points)}" fill="none" '
                            f'stroke="{line.colour}" stroke-width="{width_px}"{dash}/>')
        for index, value in enumerate(line.values):
            if value is not None:
                body.append(f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" '
                            f'r="{3 if line.strong else 2.2}" fill="{line.colour}"/>')
    for index, words in gaps:
        gx = x(index)
        body.append(f'<line x1="{gx:.1f}" x2="{gx:.1f}" y1="{top}" y2="{bottom:.1f}" '
                    'stroke="#8a1c1c" stroke-width="1" stroke-dasharray="2 3"/>')
        late = index > len(periods) / 2
        body.append(_text(gx + (-4 if late else 4), top + 10, words,
                          "end" if late else "start", size=10, colour="#8a1c1c"))
    body += _legend(legend, left, right, bottom + 22)[0]
    return _svg(width, height, title, desc, body)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str = ""  # shown instead of a bar when value is None (the status in words)
    highlight: bool = False


def bar_chart(bars: Sequence[Bar], *, title: str, desc: str, number: Number,
              width: int = 520) -> Markup:
    """Horizontal bars from zero, one row per bar, its value at the end; a bar without a
    value shows its note where the bar would start."""
    row = 22
    label_width = min(240, 12 + max((text_width(bar.label) for bar in bars), default=24))
    height = 12 + row * len(bars)
    values = [bar.value for bar in bars if bar.value is not None]
    high = max([*values, 0.0])
    low = min([*values, 0.0])
    left, right = label_width, width - 70
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return left + (value - low) / span * (right - left)

    body = []
    for index, bar in enumerate(bars):
        top = 6 + index * row
        body.append(_text(left - 8, top + 14, bar.label, "end",
                          weight="bold" if bar.highlight else None))
        if bar.value is None:
            body.append(_text(left + 4, top + 14, bar.note, colour="#8a1c1c"))
            continue
        x0, x1 = sorted((x(0.0), x(bar.value)))
        colour = AREA_COLOUR if bar.highlight else "#6baed6"
        body.append(f'<rect x="{x0:.1f}" y="{top + 3}" width="{max(x1 - x0, 1):.1f}" '
                    f'height="{row - 8}" fill="{colour}"/>')
        body.append(_text(x1 + 5, top + 14, number(bar.value)))
    body.append(f'<line x1="{x(0.0):.1f}" x2="{x(0.0):.1f}" y1="4" y2="{height - 4}" '
                f'stroke="{AXIS}" stroke-width="1"/>')
    return _svg(width, height, title, desc, body)


def rank_strip(values: Sequence[float], marked: float | None, *, title: str, desc: str,
               number: Number, low_label: str, high_label: str,
               references: Sequence[tuple[str, float]] = (), width: int = 560) -> Markup:
    """Every area's value as a thin tick on one axis, the lowest and highest fifth shaded as
    Sotkanet shades its classes, the report's area as a large dot, and reference values
    (county, country) as labelled marks above the axis."""
    if not values:
        return _svg(width, 40, title, desc, [_text(0, 20, desc)])
    ordered = sorted(values)
    low, high = ordered[0], ordered[-1]
    for _, value in references:
        low, high = min(low, value), max(high, value)
    left, right, axis = 12, width - 12, 46
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return left + (value - low) / span * (right - left)

    fifth = len(ordered) / 5
    lowest_edge = ordered[max(math.ceil(fifth) - 1, 0)]
    highest_edge = ordered[min(len(ordered) - math.ceil(fifth), len(ordered) - 1)]
    body = [
        f'<rect x="{left}" y="{axis - 10}" width="{x(lowest_edge) - left:.1f}" height="20" '
        f'fill="{CLASS_COLOURS["lowest_20"]}"/>',
        f'<rect x="{x(highest_edge):.1f}" y="{axis - 10}" '
        f'width="{right - x(highest_edge):.1f}" height="20" fill="{CLASS_COLOURS["highest_20"]}" '
        'fill-opacity="0.35"/>',
        f'<line x1="{left}" x2="{right}" y1="{axis}" y2="{axis}" stroke="{AXIS}"/>',
    ]
    # One path of all the ticks: hundreds of <line> elements cost the PDF renderer seconds.
    ticks = " ".join(f"M{x(v):.1f} {axis - 7}v14" for v in ordered)
    body.append(f'<path class="ticks" d="{ticks}" stroke="#6b6b6b" stroke-width="1" '
                'fill="none"/>')
    for index, (name, value) in enumerate(references):
        level = 12 + 12 * (index % 2)
        body.append(f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{level + 3}" '
                    f'y2="{axis - 10}" stroke="{COMPARISON_COLOURS[index % 4]}" '
                    'stroke-width="2"/>')
        anchor = "end" if x(value) > width * 0.75 else "start"
        body.append(_text(x(value) + (-3 if anchor == "end" else 3), level, name, anchor,
                          size=10, colour=COMPARISON_COLOURS[index % 4]))
    if marked is not None:
        body.append(f'<circle cx="{x(marked):.1f}" cy="{axis}" r="6" fill="{AREA_COLOUR}" '
                    'stroke="white" stroke-width="1.5"/>')
    body.append(_text(left, axis + 24, f"{low_label} {number(low)}", colour=AXIS, size=10))
    body.append(_text(right, axis + 24, f"{high_label} {number(high)}", "end", colour=AXIS,
                      size=10))
    return _svg(width, axis + 30, title, desc, body)


def progress_bar(share: float | None, *, title: str, desc: str, colour: str,
                 width: int = 160) -> Markup:
    """A goal's way from baseline (0) to target (1): filled to `share`, clipped to the bar,
    an empty outline when there is no share."""
    height = 14
    body = [f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="white" '
            f'stroke="{AXIS}"/>']
    if share is not None:
        filled = max(0.0, min(1.0, share)) * (width - 2)
        body.append(f'<rect x="1" y="1" width="{filled:.1f}" height="{height - 2}" '
                    f'fill="{colour}"/>')
    return _svg(width, height, title, desc, body)


@dataclass(frozen=True)
class Dot:
    """One group's value in a row of a dot chart, with its interval where it has one."""

    name: str
    value: float | None
    colour: str
    low: float | None = None
    high: float | None = None


def dot_chart(rows: Sequence[tuple[str, Sequence[Dot]]], *, title: str, desc: str,
              number: Number, width: int = 560) -> Markup:
    """One row per area, the groups' values as dots on one axis, each interval as a line
    through its dot; a group without a value has no dot. The legend names the groups."""
    values = [v for _, dots in rows for dot in dots
              for v in (dot.value, dot.low, dot.high) if v is not None]
    if not values:
        return _svg(width, 40, title, desc, [_text(0, 20, desc)])
    ticks = nice_ticks(min(values), max(values))
    low, high = min(ticks[0], min(values)), max(ticks[-1], max(values))
    row = 20
    label_width = min(200, 10 + max(text_width(label) for label, _ in rows))
    left, right = label_width, width - 14
    top = 8
    height = top + row * len(rows) + 20

    def x(value: float) -> float:
        return left + (value - low) / (high - low or 1) * (right - left)

    body = []
    for tick in ticks:
        body.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" '
                    f'y2="{top + row * len(rows):.1f}" stroke="{GRID}"/>')
        body.append(_text(x(tick), top + row * len(rows) + 14, number(tick), "middle",
                          size=10, colour=AXIS))
    for index, (label, dots) in enumerate(rows):
        y = top + row * index + row / 2
        body.append(_text(left - 8, y + 4, label, "end"))
        for dot in dots:
            if dot.low is not None and dot.high is not None:
                body.append(f'<line x1="{x(dot.low):.1f}" x2="{x(dot.high):.1f}" '
                            f'y1="{y:.1f}" y2="{y:.1f}" stroke="{dot.colour}" '
                            'stroke-width="2" stroke-opacity="0.6"/>')
            if dot.value is not None:
                body.append(f'<circle cx="{x(dot.value):.1f}" cy="{y:.1f}" r="4.5" '
                            f'fill="{dot.colour}" stroke="white"/>')
    names = list(dict.fromkeys((dot.name, dot.colour) for _, dots in rows for dot in dots))
    legend, legend_height = _legend([(name, colour, False) for name, colour in names], left,
                                    right, height)
    return _svg(width, int(height + legend_height + 4), title, desc, body + legend)
