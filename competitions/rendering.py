"""Markdown for everything users write: markdown-it-py renders, nh3 keeps only an allow-list of HTML.

Raw HTML in the source is never passed through (markdown-it's `html` option is off), and the sanitizer is the
second wall: it drops scripts, event handlers and any URL scheme outside the allow-list.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"align", "style"},
    "td": {"align", "style"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table") \
        .enable("strikethrough")


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        filter_style_properties={"text-align"},
    )


def render_markdown(text: str) -> str:
    """Safe HTML for user-written markdown."""
    return sanitize_html(_markdown().render(text or ""))


def markdown_plain_text(text: str) -> str:
    """What a reader sees of markdown ``text``, as plain text (search excerpts): the words of paragraphs, headings,
    links, image descriptions and tables, and code as it is, without any markup characters."""
    pieces = []
    for token in _markdown().parse(text):
        if token.type in ("fence", "code_block"):
            pieces.append(token.content)
        elif token.type == "inline":
            pieces.append("".join(" " if child.type in ("softbreak", "hardbreak") else child.content
                                  for child in token.children or []
                                  if child.type in ("text", "code_inline", "image", "softbreak", "hardbreak")))
    return " ".join(pieces)
