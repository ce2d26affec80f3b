"""The host area's SVG charts: numbers in, the right bars, points and labels out."""

import xml.etree.ElementTree as ET

from competitions import charts
from competitions.charts import PLOT_H, TOP, Bin, bar_chart, histogram_bins, line_chart

SVG = "{http://www.w3.org/2000/svg}"
BOTTOM_Y = TOP + PLOT_H


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the markup is well-formed XML


def _rects(root: ET.Element, css_class: str) -> list[dict]:
    return [{k: float(v) if k in ("x", "y", "width", "height") else v for k, v in rect.attrib.items()}
            for rect in root.iter(f"{SVG}rect") if css_class in rect.get("class", "").split()]


def test_histogram_bins_count_values_in_equal_bins_with_the_top_edge_in_the_last():
    assert histogram_bins([0.0, 0.1, 0.5, 1.0], bins=2) == [Bin(0.0, 0.5, 2), Bin(0.5, 1.0, 2)]
    assert [b.count for b in histogram_bins([1, 2, 3, 4, 10], bins=3)] == [3, 1, 1]  # [1, 4) [4, 7) [7, 10]


def test_histogram_bins_of_equal_values_and_of_nothing():
    assert histogram_bins([0.7, 0.7, 0.7]) == [Bin(0.7, 0.7, 3)]
    assert histogram_bins([]) == []


def test_bar_heights_are_proportional_and_the_tallest_fills_the_plot():
    root = _parse(bar_chart(title="Per day", labels=["a", "b", "c"], stacks={"scored": [2, 4, 0]}))
    bars = _rects(root, "bar-scored")

    assert len(bars) == 2  # a zero draws no bar
    assert bars[1]["height"] == PLOT_H and bars[1]["y"] == TOP
    assert bars[0]["height"] == PLOT_H / 2 and bars[0]["y"] + bars[0]["height"] == BOTTOM_Y
    assert bars[0]["x"] < bars[1]["x"]


def test_stacked_parts_sit_on_each_other_in_order():
    root = _parse(bar_chart(title="Per day", labels=["d1"], stacks={"scored": [3], "failed": [1]},
                            names={"scored": "Scored", "failed": "Failed"}))
    scored, failed = _rects(root, "bar-scored")[0], _rects(root, "bar-failed")[0]

    assert scored["y"] + scored["height"] == BOTTOM_Y
    assert failed["y"] + failed["height"] == scored["y"] and failed["y"] == TOP
    assert scored["height"] == 3 * failed["height"]
    assert [t.text for t in root.iter(f"{SVG}title")][1:] == ["d1: Scored 3", "d1: Failed 1"]


def test_the_y_axis_names_the_top_value_and_the_x_axis_the_first_and_last_labels():
    root = _parse(bar_chart(title="T", labels=["11-01", "11-02", "11-03"], stacks={"queued": [1, 7, 2]}))
    ticks = [t.text for t in root.iter(f"{SVG}text")]

    assert ticks == ["0", "7", "11-01", "11-03"]


def test_line_chart_draws_a_polyline_and_a_dot_per_point_for_each_series():
    root = _parse(line_chart(title="Growth", labels=["d1", "d2", "d3"], series=[[1, 2, 4], [0, 1, 1]]))
    lines = list(root.iter(f"{SVG}polyline"))
    first = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    second = [tuple(map(float, p.split(","))) for p in lines[1].get("points").split()]

    assert [line.get("class") for line in lines] == ["line series-0", "line series-1"]
    assert len(list(root.iter(f"{SVG}circle"))) == 6
    assert first[2][1] == TOP and second[0][1] == BOTTOM_Y  # 4, the most, on top; 0 on the axis
    assert first[1][1] == TOP + PLOT_H / 2
    assert first[0][0] == charts.LEFT and first[2][0] == charts.WIDTH - charts.RIGHT


def test_text_is_escaped_and_the_chart_has_an_accessible_name():
    svg = line_chart(title='<script>alert("x")</script>', labels=["<b>"], series=[[1]])
    root = _parse(svg)

    assert "<script>" not in svg and "<b>" not in svg
    assert root.get("role") == "img" and root.get("aria-label") == '<script>alert("x")</script>'


def test_an_empty_chart_is_still_a_valid_svg():
    root = _parse(bar_chart(title="Nothing yet", labels=[], stacks={"scored": []}))

    assert _rects(root, "bar") == []
    assert "style" not in ET.tostring(root, encoding="unicode")  # the CSP blocks style attributes
