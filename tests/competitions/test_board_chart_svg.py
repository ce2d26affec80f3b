"""The board charts' SVG: scores over time on an axis from the lowest to the highest score, the best-so-far as
steps, selected submissions marked, and the public-vs-final rank scatter around its diagonal."""

import xml.etree.ElementTree as ET

from competitions.charts import (
    PLOT_H,
    RIGHT,
    SCORE_LEFT,
    SCORE_PLOT_W,
    TOP,
    WIDTH,
    Dot,
    rank_scatter,
    score_time_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
BOTTOM_Y = TOP + PLOT_H


def _circles(svg: str) -> list[dict]:
    return [{**c.attrib, "cx": float(c.get("cx")), "cy": float(c.get("cy"))}
            for c in ET.fromstring(svg).iter(f"{SVG}circle")]


def _points(svg: str) -> list[tuple[float, float]]:
    line = next(ET.fromstring(svg).iter(f"{SVG}polyline"))
    return [tuple(map(float, p.split(","))) for p in line.get("points").split()]


def test_scores_span_the_plot_from_the_lowest_to_the_highest_and_the_first_to_the_last_moment():
    svg = score_time_chart(title="History", labels=("11-01", "11-03"), line=[],
                           dots=[Dot(100, 0.86), Dot(150, 0.91, "selected"), Dot(300, 0.885)])
    low, high, last = _circles(svg)

    assert (low["cx"], low["cy"]) == (SCORE_LEFT, BOTTOM_Y) and (high["cy"], last["cx"]) == (TOP, WIDTH - RIGHT)
    assert high["cx"] == SCORE_LEFT + SCORE_PLOT_W / 4 and last["cy"] == TOP + PLOT_H / 2
    assert high["class"] == "dot selected" and high["r"] == "4" and low["class"] == "dot" and low["r"] == "3"
    assert [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")] == ["0.86", "0.91", "11-01", "11-03"]


def test_the_best_so_far_is_drawn_as_steps_that_hold_until_the_next_record():
    svg = score_time_chart(title="Best", labels=("a", "b"), dots=[], line=[(0, 1.0), (1, 2.0), (2, 3.0)])

    middle = SCORE_LEFT + SCORE_PLOT_W / 2
    assert _points(svg) == [(SCORE_LEFT, BOTTOM_Y), (middle, BOTTOM_Y), (middle, TOP + PLOT_H / 2),
                            (WIDTH - RIGHT, TOP + PLOT_H / 2), (WIDTH - RIGHT, TOP)]
    assert len(_points(score_time_chart(title="Joined", labels=("a", "b"), dots=[], steps=False,
                                        line=[(0, 1.0), (1, 2.0), (2, 3.0)]))) == 3


def test_a_single_score_sits_mid_plot_and_the_text_is_escaped():
    svg = score_time_chart(title='<b>"x"</b>', labels=("<i>", "d"), dots=[Dot(5, 0.5, label="<script>")], line=[])
    (dot,) = _circles(svg)

    assert (dot["cx"], dot["cy"]) == (SCORE_LEFT + SCORE_PLOT_W / 2, TOP + PLOT_H / 2)
    assert "<script>" not in svg and "<i>" not in svg and "style" not in svg


def test_the_scatter_puts_first_places_top_left_and_classes_gains_and_losses():
    svg = rank_scatter(title="Shake-up", points=[(1, 1, "kept"), (3, 1, "climber"), (1, 3, "faller")])
    kept, climber, faller = _circles(svg)

    assert (kept["cx"], kept["cy"], kept["class"]) == (SCORE_LEFT, TOP, "dot kept")
    assert (climber["cx"], climber["cy"], climber["class"]) == (WIDTH - RIGHT, TOP, "dot up")
    assert (faller["cx"], faller["cy"], faller["class"]) == (SCORE_LEFT, TOP + PLOT_H, "dot down")
    titles = [t.text for t in ET.fromstring(svg).iter(f"{SVG}title")]
    assert titles == ["Shake-up", "kept: #1 → #1", "climber: #3 → #1", "faller: #1 → #3"]


def test_an_empty_scatter_is_a_valid_svg():
    assert list(ET.fromstring(rank_scatter(title="None", points=[])).iter(f"{SVG}circle")) == []


def test_the_axis_names_scores_to_four_significant_digits_so_close_boards_read_apart():
    svg = score_time_chart(title="Close", labels=("a", "b"), dots=[Dot(0, 0.97912), Dot(1, 0.99323)], line=[])

    assert [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")][:2] == ["0.9791", "0.9932"]
