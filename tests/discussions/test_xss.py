"""Every payload of the corpus, stored through posts, titles, comments and notebooks, comes out inert."""

import base64
import html
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from competitions.rendering import render_markdown
from discussions import services
from discussions.code_rendering import render_code

from tests.factories import CompetitionFactory, UserFactory

from .helpers import PNG_1X1, code_cell, display, markdown_cell, notebook_bytes, stream
from .xss_payloads import PAYLOADS

FORBIDDEN_TAGS = {"script", "iframe", "svg", "math", "object", "embed", "applet", "style", "link", "meta", "base",
                  "form", "input", "button", "textarea", "select", "video", "audio", "source", "details", "marquee",
                  "template", "noscript", "frame", "frameset", "body", "html", "isindex", "xss", "keygen"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "dynsrc", "lowsrc", "data",
                  "srcdoc", "poster", "code"}
OUR_IMAGE = re.compile(r"data:image/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}")


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name == "style" and not re.fullmatch(r"\s*text-align:\s*\w+;?\s*", value):
                self.problems.append(f"{tag} style={value!r}")
            if name in URL_ATTRIBUTES:
                compact = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
                if compact.startswith(("javascript:", "vbscript:", "data:", "livescript:")):
                    ours = tag == "img" and attributes.get("class") == "nb-image" and OUR_IMAGE.fullmatch(value)
                    if not ours:
                        self.problems.append(f"{tag} {name}={value[:60]!r}")


def problems_in(markup: str) -> list[str]:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    # Text may say "<script>" (escaped, as &lt;script&gt;); markup may not.
    if re.search(r"<\s*/?\s*(script|iframe|svg|object|embed|style)\b", re.sub(r'<script src="[^"]+" defer></script>',
                                                                            "", markup)):
        checker.problems.append("raw dangerous tag")
    return checker.problems


def test_the_corpus_is_big_enough():
    assert len(set(PAYLOADS)) >= 150


def test_the_checker_catches_what_it_must():
    for bad in ('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
                '<a href=" jav&#x09;ascript:alert(1)">x</a>', '<img src="data:image/svg+xml;base64,AAAA">',
                '<iframe src=x>', '<svg>', '<p style="background:url(x)">'):
        assert problems_in(bad), bad
    assert problems_in(f'<img class="nb-image" src="data:image/png;base64,{base64.b64encode(PNG_1X1).decode()}">') \
        == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_sanitizes_markdown_posts(payload):
    rendered = render_markdown(payload)

    assert problems_in(rendered) == [], rendered


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_renders_notebooks_carrying_the_payload_inertly(payload):
    content = notebook_bytes([
        markdown_cell(payload),
        code_cell(payload, stream(payload), stream(payload, "stderr"),
                  display({"text/html": payload, "application/javascript": payload}),
                  display({"text/plain": payload}),
                  display({"text/markdown": payload}),
                  display({"image/svg+xml": payload}),
                  display({"image/png": payload, "text/plain": payload}),
                  {"output_type": "error", "ename": payload, "evalue": payload, "traceback": [payload]}),
        {"cell_type": "raw", "source": payload, "metadata": {}},
    ])

    rendered = render_code(filename="x.ipynb", content=content)

    assert problems_in(rendered.html) == [], rendered.html
    assert problems_in(render_code(filename="x.py", content=payload.encode()).html) == []


def _pages(client, competition, author, replier, texts: list[str]) -> dict[str, str]:
    topic = services.topic_create(user=author, competition=competition, title=texts[0][:200], body=texts[1])
    for text in texts:
        services.post_reply(user=replier, topic=topic, body=text)
    entry = services.code_create(user=author, competition=competition, title=texts[11][:200], filename="x.ipynb",
                                 content=notebook_bytes([markdown_cell(t) for t in texts[:40]] +
                                                        [code_cell("x", display({"text/html": t})) for t in texts]))
    for text in texts[:30]:
        services.code_comment_add(user=replier, entry=entry, body=text)
    slug = competition.slug
    pages = {"topic": f"/discussions/topics/{topic.pk}/", "forum": f"/competitions/{slug}/discussion/",
             "code": f"/code/{entry.pk}/", "code list": f"/competitions/{slug}/code/",
             "profile": f"/users/{author.username}/", "search": f"/discussions/search/?competition={slug}&q=alert"}
    bodies = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        bodies[name] = response.content.decode()
    api = client.get(f"/api/v1/topics/{topic.pk}/").json()["posts"]
    bodies["api"] = "".join(post["body_html"] for post in api)
    return bodies


@pytest.mark.django_db
def test_no_payload_survives_on_the_pages(client, arena, alice, bob):
    """Each page full of payloads has exactly the markup of the same page full of harmless text."""
    benign = CompetitionFactory(slug="benign", title="Benign")
    carol, dave = UserFactory(username="carol"), UserFactory(username="dave")

    attacked = _pages(client, arena, alice, bob, PAYLOADS)
    baseline = _pages(client, benign, carol, dave, [f"harmless alert {i}" for i in range(len(PAYLOADS))])

    for name, markup in attacked.items():
        assert Counter(problems_in(markup)) == Counter(problems_in(baseline[name])), name
    assert problems_in(attacked["api"]) == []
