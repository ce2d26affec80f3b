"""Small charts for the host area, drawn on the server as inline SVG: pure functions from numbers to markup, with
no Django and no JavaScript, so that they pass the Content-Security-Policy and work without any CDN.

Colours come from CSS classes (podium.css: `.chart .series-0`, `.chart .bar-scored`...), never from style
attributes, which the policy blocks. Every text is escaped here; callers may mark the result safe. Each chart is
also shown as a table by the page, for screen readers: the SVG is a picture of those numbers.
"""

from dataclasses import dataclass
from html import escape

# Small enough a canvas that its 15-unit labels stay readable when a phone shrinks it to 310 px
WIDTH, HEIGHT = 480, 210
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 10, 26  # room for the y labels on the left and the x labels below
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int


def histogram_bins(values: list[float], *, bins: int = 10) -> list[Bin]:
    """Counts the values in `bins` equal-width bins from the smallest to the largest (the last bin holds its
    upper edge). All-equal values make one bin; no values make none."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [Bin(low, high, len(values))]
    width = (high - low) / bins
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    return [Bin(low + i * width, low + (i + 1) * width, count) for i, count in enumerate(counts)]


def _y(value: float, top: float) -> float:
    """The SVG y of a value on a 0..top axis (y grows downwards)."""
    return round(TOP + PLOT_H - (value / top) * PLOT_H, 1) if top else TOP + PLOT_H


def _frame(*, title: str, top: float, labels: list[str], body: str) -> str:
    """The svg element, its accessible name, the y axis (0 and the top value) and the first and last x labels."""
    first, last = (labels[0], labels[-1]) if labels else ("", "")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_H}"/>',
        f'<line class="grid" x1="{LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + PLOT_H}" text-anchor="end">0</text>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + 11}" text-anchor="end">{escape(_number(top))}</text>',
        f'<text class="tick" x="{LEFT}" y="{HEIGHT - 6}">{escape(first)}</text>',
        f'<text class="tick" x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">{escape(last)}</text>',
        body, "</svg>"]
    return "".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def line_chart(*, title: str, labels: list[str], series: list[list[int]]) -> str:
    """One polyline per series (class series-0, series-1...) over the labels, with a dot at each point."""
    top = max((max(values) for values in series if values), default=0)
    step = PLOT_W / max(1, len(labels) - 1)
    body = []
    for index, values in enumerate(series):
        points = [(round(LEFT + i * step, 1), _y(value, top)) for i, value in enumerate(values)]
        body.append(f'<polyline class="line series-{index}" fill="none" points="'
                    + " ".join(f"{x},{y}" for x, y in points) + '"/>')
        body.extend(f'<circle class="dot series-{index}" cx="{x}" cy="{y}" r="2.5"/>' for x, y in points)
    return _frame(title=title, top=top, labels=labels, body="".join(body))


def bar_chart(*, title: str, labels: list[str], stacks: dict[str, list[int]],
              names: dict[str, str] | None = None) -> str:
    """One bar per label, its parts stacked from the bottom in the order of `stacks` (class bar-<key>); each part
    carries a <title> (label, the key's name, count) that a pointer shows."""
    names = names or {}
    totals = [sum(values[i] for values in stacks.values()) for i in range(len(labels))]
    top = max(totals, default=0)
    slot = PLOT_W / max(1, len(labels))
    width = round(max(1.0, slot * 0.8), 1)
    body = []
    for i, label in enumerate(labels):
        base = 0
        for key, values in stacks.items():
            if values[i] == 0:
                continue
            y_top, y_base = _y(base + values[i], top), _y(base, top)
            body.append(f'<rect class="bar bar-{escape(key)}" x="{round(LEFT + i * slot + slot * 0.1, 1)}" '
                        f'y="{y_top}" width="{width}" height="{round(y_base - y_top, 1)}">'
                        f"<title>{escape(label)}: {escape(names.get(key, key))} {values[i]}</title></rect>")
            base += values[i]
    return _frame(title=title, top=top, labels=labels, body="".join(body))


# Scores rarely start at 0 (a board spans 0.86 to 0.91), so the charts below scale their y axis from the lowest
# to the highest value shown instead of from 0, and label both ends with four significant digits: they need a
# wider left margin than the counts above ("0.9932" in 15-unit text).
SCORE_LEFT = 66
SCORE_PLOT_W = WIDTH - SCORE_LEFT - RIGHT


def _score(value: float) -> str:
    return f"{value:.4g}"

def _span(values: list[float]) -> tuple[float, float]:
    """The y axis's bottom and top: the values' range, widened around a single value so it sits mid-plot."""
    low, high = min(values, default=0.0), max(values, default=1.0)
    if low == high:
        pad = abs(low) * 0.05 or 1.0
        return low - pad, high + pad
    return low, high


def _y_between(value: float, low: float, high: float) -> float:
    return round(TOP + PLOT_H - (value - low) / (high - low) * PLOT_H, 1)


def _x_between(value: float, first: float, last: float) -> float:
    share = 0.5 if first == last else (value - first) / (last - first)
    return round(SCORE_LEFT + share * SCORE_PLOT_W, 1)


def _scaled_frame(*, title: str, low: float, high: float, labels: tuple[str, str], body: str) -> str:
    """As _frame, with the y axis labelled at its bottom (`low`) and top (`high`)."""
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{SCORE_LEFT}" y1="{TOP + PLOT_H}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_H}"/>',
        f'<line class="grid" x1="{SCORE_LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP}"/>',
        f'<text class="tick" x="{SCORE_LEFT - 6}" y="{TOP + PLOT_H}" text-anchor="end">{escape(_score(low))}</text>',
        f'<text class="tick" x="{SCORE_LEFT - 6}" y="{TOP + 11}" text-anchor="end">{escape(_score(high))}</text>',
        f'<text class="tick" x="{SCORE_LEFT}" y="{HEIGHT - 6}">{escape(labels[0])}</text>',
        f'<text class="tick" x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">{escape(labels[1])}</text>',
        body, "</svg>"]
    return "".join(parts)


@dataclass(frozen=True)
class Dot:
    x: float  # any unit (seconds, a day's index); the chart spans the smallest to the largest
    y: float
    css: str = ""  # extra classes, e.g. "selected"
    label: str = ""  # the dot's <title>, shown by a pointer


def score_time_chart(*, title: str, dots: list[Dot], line: list[tuple[float, float]], labels: tuple[str, str],
                     steps: bool = True) -> str:
    """Scores over time: a dot per `Dot` (class dot plus its css) and a line through `line` (class line
    best-line), drawn as steps when the value holds until the next point (a best-so-far)."""
    xs = [d.x for d in dots] + [x for x, _ in line]
    first, last = min(xs, default=0.0), max(xs, default=1.0)
    low, high = _span([d.y for d in dots] + [y for _, y in line])
    points = []
    for i, (x, y) in enumerate(line):
        if steps and i:
            points.append((_x_between(x, first, last), _y_between(line[i - 1][1], low, high)))
        points.append((_x_between(x, first, last), _y_between(y, low, high)))
    body = []
    if points:
        body.append('<polyline class="line best-line" fill="none" points="'
                    + " ".join(f"{x},{y}" for x, y in points) + '"/>')
    for dot in dots:
        title_tag = f"<title>{escape(dot.label)}</title>" if dot.label else ""
        css = f"dot {escape(dot.css)}".strip()
        body.append(f'<circle class="{css}" cx="{_x_between(dot.x, first, last)}" '
                    f'cy="{_y_between(dot.y, low, high)}" r="{4 if "selected" in dot.css else 3}">{title_tag}</circle>')
    return _scaled_frame(title=title, low=low, high=high, labels=labels, body="".join(body))


def rank_scatter(*, title: str, points: list[tuple[int, int, str]]) -> str:
    """Each (public rank, final rank, name) a dot, #1 at the left and at the top, over the diagonal of teams that
    kept their place: a dot above it gained places on the private board (class up), below it lost (class down)."""
    size = max((max(public, final) for public, final, _ in points), default=1)

    def at(rank: int, low: float, length: float) -> float:
        return round(low + (rank - 1) / max(1, size - 1) * length, 1)

    body = [f'<line class="grid diagonal" x1="{SCORE_LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_H}"/>']
    for public, final, name in points:
        css = "up" if final < public else "down" if final > public else "kept"
        body.append(f'<circle class="dot {css}" cx="{at(public, SCORE_LEFT, SCORE_PLOT_W)}" '
                    f'cy="{at(final, TOP, PLOT_H)}" r="4">'
                    f"<title>{escape(name)}: #{public} → #{final}</title></circle>")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{SCORE_LEFT}" y1="{TOP + PLOT_H}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_H}"/>',
        f'<text class="tick" x="{SCORE_LEFT - 6}" y="{TOP + 11}" text-anchor="end">#1</text>',
        f'<text class="tick" x="{SCORE_LEFT - 6}" y="{TOP + PLOT_H}" text-anchor="end">#{size}</text>',
        f'<text class="tick" x="{SCORE_LEFT}" y="{HEIGHT - 6}">#1</text>',
        f'<text class="tick" x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">#{size}</text>',
        *body, "</svg>"]
    return "".join(parts)
