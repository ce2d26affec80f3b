import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from competitions.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    # Safe to mark: render_markdown sanitizes with an allow-list (see competitions.rendering).
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def filesize(num_bytes: int) -> str:
    size = float(num_bytes or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


# How each metric's stored parts are named on the page; a part without a name here shows its key.
PART_LABELS = {"rouge1": _("ROUGE-1"), "rouge2": _("ROUGE-2"), "rougeL": _("ROUGE-L")}


@register.filter
def score_parts(parts: dict | None) -> str:
    """``{"rouge1": 0.41, ...}`` as ``ROUGE-1 0.4100 · ROUGE-2 …`` (empty for metrics without parts)."""
    if not parts:
        return ""
    return " · ".join(f"{PART_LABELS.get(key, key)} {value:.4f}" for key, value in parts.items())


@register.filter
def highlight(text: str, query: str) -> str:
    """``text`` escaped, with every word of ``query`` marked wherever it occurs (case-insensitive)."""
    words = sorted({word for word in (query or "").split() if word}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last:match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    return mark_safe("".join(pieces) + escape(text[last:]))  # noqa: S308 -- every piece of the text is escaped


@register.simple_tag(takes_context=True)
def nav_section(context) -> str:
    """Which top-bar link a page belongs to: "competitions" for every page framed by a competition (its
    discussion and code included), "discussions" for the site-wide forum and search, "" elsewhere (profiles)."""
    match = getattr(context.get("request"), "resolver_match", None)
    if context.get("competition") or (match and match.app_name == "competitions"):
        return "competitions"
    if match and match.app_name == "discussions" and match.url_name != "profile":
        return "discussions"
    return ""


@register.inclusion_tag("competitions/_interval.html")
def interval(low: float | None, high: float | None):
    """The '± h' after a public score: half the width of its 95% bootstrap interval, the exact bounds on hover."""
    if low is None or high is None:
        return {"shown": False}
    return {"shown": True, "low": low, "high": high, "half": (high - low) / 2}
