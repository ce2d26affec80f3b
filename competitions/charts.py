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
