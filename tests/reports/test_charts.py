"""The reports' static SVG charts: every value drawn where it belongs, a missing value never
drawn as a number, text escaped, nothing that runs or fetches."""

import re
import xml.etree.ElementTree as ET

import pytest

from pipelines.outputs.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def number(value: float) -> str:
    return f"{value:.1f}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def test_a_line_breaks_at_a_missing_value_and_a_lone_value_is_a_dot() -> None:
    svg = charts.line_chart(
        ["2019", "2020", "2021", "2022", "2023"],
        [charts.Series("Espoo", [7.0, 7.5, None, 6.8, 6.9], strong=True),
         charts.Series("Koko maa", [None, 8.0, None, None, None])],
        title="t", desc="d", number=number)
    root = parse(svg)
    lines = root.findall(f"{SVG}polyline")
    # Espoo: two runs (2019-2020 and 2022-2023); the country's single value is no line.
    assert len(lines) == 2
    assert all(len(line.get("points").split()) == 2 for line in lines)
    dots = root.findall(f"{SVG}circle")
    assert len(dots) == 4 + 1  # every value a dot, none for the missing ones


def test_a_gap_of_the_reports_area_is_marked_with_its_status() -> None:
    root = parse(charts.line_chart(["2022", "2023", "2024"],
                                   [charts.Series("Inkoo", [3.0, None, 4.0], strong=True)],
                                   title="t", desc="d", number=number,
                                   gaps=[(1, "suppressed (small number)")]))
    assert "suppressed (small number)" in [e.text for e in root.iter(f"{SVG}text")]
    assert [e for e in root.findall(f"{SVG}line") if e.get("stroke-dasharray") == "2 3"]


def test_higher_values_are_drawn_higher() -> None:
    root = parse(charts.line_chart(["a", "b"], [charts.Series("x", [1.0, 9.0])], title="t",
                                   desc="d", number=number))
    (first, second) = [float(c.get("cy")) for c in root.findall(f"{SVG}circle")]
    assert second < first  # SVG's y grows downwards


def test_text_is_escaped_and_nothing_runs_or_fetches() -> None:
    hostile = '<script>alert(1)</script> & "quotes"'
    svg = str(charts.line_chart(["2023"], [charts.Series(hostile, [1.0])], title=hostile,
                                desc=hostile, number=number))
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert not re.search(r"(?:href|src)\s*=\s*[\"'](?:https?:)?//", svg)
    parse(svg)  # well-formed XML


def test_a_bar_without_a_value_says_its_status_and_has_no_bar() -> None:
    svg = charts.bar_chart([charts.Bar("naiset", 12.0), charts.Bar("miehet", None,
                                                                   "suojattu (pieni lukumäärä)")],
                           title="t", desc="d", number=number)
    root = parse(svg)
    assert len(root.findall(f"{SVG}rect")) == 1
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "suojattu (pieni lukumäärä)" in texts and "12.0" in texts
    assert "0.0" not in texts


def test_the_rank_strip_marks_every_area_and_the_reports_area() -> None:
    values = [float(v) for v in range(1, 21)]
    root = parse(charts.rank_strip(values, 17.0, title="t", desc="d", number=number,
                                   low_label="lowest", high_label="highest",
                                   references=[("county", 10.0)]))
    (ticks,) = [path for path in root.findall(f"{SVG}path") if path.get("class") == "ticks"]
    xs = sorted(float(x) for x in re.findall(r"M([\d.]+) ", ticks.get("d")))
    assert len(xs) == len(values)
    (marked,) = root.findall(f"{SVG}circle")
    assert xs[15] < float(marked.get("cx")) < xs[17]  # between the 16th and 18th value


@pytest.mark.parametrize("share, width", [(0.5, 79.0), (1.7, 158.0), (-0.3, 0.0)])
def test_a_progress_bar_is_clipped_to_the_way(share: float, width: float) -> None:
    root = parse(charts.progress_bar(share, title="t", desc="d", colour="#000"))
    rects = root.findall(f"{SVG}rect")
    assert float(rects[1].get("width")) == pytest.approx(width)


def test_nice_ticks_cover_the_range_with_round_steps() -> None:
    ticks = charts.nice_ticks(6.8, 10.3)
    assert ticks[0] <= 6.8 and ticks[-1] >= 10.3
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() in (0.5, 1.0, 2.0)
