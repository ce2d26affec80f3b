"""Every portal page, read in Korean by an anonymous visitor (Accept-Language: ko), a participant and a host
(their accounts set to ko, their browsers to en), and a site admin in the admin pages, shows none of the English the project's catalogues translate.

A page's visible text (text nodes, and the placeholder, title, alt, aria-label and confirm texts a reader meets;
not script, style, code or pre) is searched for each msgid of the six catalogues: a msgid without placeholders
whole when it has two words or more, a msgid with placeholders by its literal parts of three words or more.
Matches are whole words. Msgids the Korean catalogue keeps unchanged (metric names, "REST API") do not count.
The fixtures write user content in Korean so that only the portal's own words can match."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from accounts.services import preference_update
from competitions.models import Team
from competitions.services import rules_accept
from competitions.services.submissions import submission_create
from discussions.services import code_comment_add, code_create, post_reply, topic_create

from ..conftest import SAMPLE_CSV
from ..factories import UserFactory
from .catalogues import english_phrases

pytestmark = pytest.mark.django_db

SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "textarea", "template"}
READ_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label", "data-confirm"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        self.parts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_found(text: str, phrases: dict[str, str]) -> list[str]:
    return sorted(phrase for phrase in phrases
                  if phrase in text and re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text))


@pytest.fixture
def world(competition, user, host, settings):
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(100_000, 60)], "vote": [(100_000, 60)]}
    settings.PODIUM_SEARCH_BACKEND = "database"
    rules_accept(competition=competition, user=user)
    submission, _ = submission_create(competition=competition, user=user, data=SAMPLE_CSV, filename="제출.csv")
    topic = topic_create(user=user, competition=competition, title="검증 폴드 질문", body="폴드를 어떻게 나누나요?")
    post_reply(user=host, topic=topic, body="다섯 개로 나눕니다.")
    site_topic = topic_create(user=host, title="공지", body="환영합니다.")
    code = code_create(user=user, competition=competition, title="탐색 노트북", filename="eda.py",
                       content=b"print(1)\n")
    code_comment_add(user=host, entry=code, body="좋습니다.")
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    for account in (user, host, admin):
        preference_update(user=account, language="ko")
    team = Team.objects.get(competition=competition, leader=user)
    return {"competition": competition, "submission": submission, "topic": topic, "site_topic": site_topic,
            "code": code, "team": team, "participant": user, "host": host, "admin": admin}


def _pages(world) -> dict[str, list[str]]:
    """{url: roles that read it}."""
    c = f"/competitions/{world['competition'].slug}"
    everyone = ["anonymous", "participant", "host"]
    signed_in = ["participant", "host"]
    return {
        "/": everyone, "/competitions/": everyone, f"{c}/": everyone, f"{c}/data/": everyone,
        f"{c}/rules/": everyone, f"{c}/leaderboard/": everyone, f"{c}/submissions/": signed_in,
        f"{c}/team/": signed_in, f"{c}/discussion/": everyone, f"{c}/discussion/new/": signed_in,
        f"{c}/code/": everyone, f"{c}/code/new/": signed_in, f"/code/{world['code'].pk}/": everyone,
        f"/discussions/topics/{world['topic'].pk}/": everyone,
        f"/discussions/topics/{world['site_topic'].pk}/": everyone, "/discussions/": everyone,
        "/discussions/new/": signed_in, "/discussions/search/?q=폴드": everyone,
        f"/users/{world['participant'].username}/": everyone, "/accounts/settings/": signed_in,
        "/accounts/login/": ["anonymous"], "/accounts/signup/": ["anonymous"],
        "/accounts/password/reset/": ["anonymous"], "/accounts/email/": signed_in,
        "/accounts/password/change/": signed_in, "/no-such-page/": everyone,
        f"{c}/host/": ["host"], f"{c}/host/submissions/": ["host"], f"{c}/host/teams/": ["host"],
        f"{c}/leaderboard/?split=private": ["host"], f"{c}/host/teams/{world['team'].pk}/grant/": ["host"],
        f"{c}/host/teams/{world['team'].pk}/disqualify/": ["host"], f"{c}/host/pause/": ["host"],
        f"{c}/host/submissions/{world['submission'].uuid}/rescore/": ["host"],
        "/admin/": ["host", "admin"], "/admin/competitions/competition/": ["host", "admin"],
        f"/admin/competitions/competition/{world['competition'].pk}/change/": ["host", "admin"],
        "/admin/competitions/competition/load-bundle/": ["admin"], "/admin/competitions/submission/": ["host", "admin"],
        "/admin/competitions/team/": ["host", "admin"], "/admin/auth/user/": ["admin"],
    }


def _client(world, role: str) -> Client:
    if role == "anonymous":
        return Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")  # the account's ko outvotes the browser
    client.force_login(world[role])
    return client


def test_no_page_shows_english_the_catalogues_translate(world, capsys):
    phrases = english_phrases()
    assert len(phrases) > 300  # the catalogues were read, not an empty set that finds nothing
    clients = {role: _client(world, role) for role in ("anonymous", "participant", "host", "admin")}
    failures, read = {}, 0
    for url, roles in _pages(world).items():
        for role in roles:
            response = clients[role].get(url)
            expected = 404 if url == "/no-such-page/" else 200
            assert response.status_code == expected, (role, url, response.status_code)
            html = response.content.decode()
            assert re.search(r'<html lang="ko"[ >]', html), (role, url)
            read += 1
            found = english_found(visible_text(html), phrases)
            if found:
                failures[f"{role:<11} {url}"] = found
    with capsys.disabled():
        print(f"\n{read} pages read in Korean; {len(failures)} show English:")
        for page, found in failures.items():
            print(f"  {page}: {found}")
    assert not failures, "\n".join(f"{page}: {found}" for page, found in failures.items())


def test_the_walk_finds_english_where_it_is(world):
    """The check itself: an English page fails it, and Korean text with an English product word passes."""
    phrases = english_phrases()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/competitions/").content.decode()
    assert english_found(visible_text(english), phrases)
    assert "Log in" in english_found("Podium에 Log in 하세요", phrases)
    assert not english_found("Macro F1 점수가 높을수록 좋습니다. Blog increases", phrases)
    assert not english_found(visible_text("<script>var x = 'Log out';</script><pre>Log out</pre>"), phrases)
