"""The three bootcamp demos speak Korean, as the bootcamp's own competition pages did; the playground stays English.
Loaded as bundles, their Hangul pages render, and a Hangul search finds them in the portal and the kaggle API."""

import re
from urllib.parse import quote

import pytest

from accounts.services import api_key_get_or_create
from competitions.bundles import bundle_load
from tests.conftest import PLAYGROUND_BUNDLE

PAGES = ("overview.md", "data.md", "rules.md")
HANGUL = re.compile(r"[가-힣]")
LATIN = re.compile(r"[A-Za-z]")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def _hangul_share(markdown: str) -> float:
    """Hangul syllables among the letters of the prose (code, file names and ids left out)."""
    prose = CODE.sub("", markdown)
    hangul, latin = len(HANGUL.findall(prose)), len(LATIN.findall(prose))
    return hangul / max(1, hangul + latin)


@pytest.mark.parametrize("kind", ["cv", "nlp", "ir"])
def test_the_bootcamp_demos_pages_are_korean(bundles, kind):
    pages = {name: (bundles[kind] / name).read_text(encoding="utf-8") for name in PAGES}

    shares = {name: _hangul_share(text) for name, text in pages.items()}
    assert all(share > 0.6 for share in shares.values()), shares
    assert "## 대회 개요" in pages["overview.md"] and "## 평가" in pages["overview.md"]
    assert "## 제출 파일" in pages["overview.md"]
    assert "1인 1계정" in pages["rules.md"] and "09:00 KST(00:00 UTC)에 초기화" in pages["rules.md"]
    assert "\n## The task" not in pages["overview.md"] and "submissions per team" not in pages["rules.md"]


def test_the_playground_stays_english():
    for name in PAGES:
        assert not HANGUL.search((PLAYGROUND_BUNDLE / name).read_text(encoding="utf-8")), name


@pytest.mark.django_db
def test_loaded_demos_show_korean_pages_and_hangul_search_finds_them(bundles, host, user, client):
    for kind in ("cv", "nlp", "ir"):
        bundle_load(bundles[kind])

    overview = client.get("/competitions/document-type-classification/", HTTP_ACCEPT_LANGUAGE="ko")
    rules = client.get("/competitions/dialogue-summarization/rules/", HTTP_ACCEPT_LANGUAGE="ko")
    data = client.get("/competitions/science-retrieval/data/", HTTP_ACCEPT_LANGUAGE="ko")
    assert overview.status_code == rules.status_code == data.status_code == 200
    assert "대회 개요" in overview.content.decode() and "Macro F1" in overview.content.decode()
    assert "1인 1계정" in rules.content.decode()
    assert "잡담" in data.content.decode()

    found = client.get("/competitions/?q=" + quote("대화 요약")).content.decode()
    assert "/competitions/dialogue-summarization/" in found
    assert "/competitions/document-type-classification/" not in found

    key = api_key_get_or_create(user=user).key
    listed = client.post("/api/v1/competitions.CompetitionApiService/ListCompetitions", {"search": "문서 타입"},
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [item["title"] for item in listed["competitions"]] == ["문서 타입 분류 (Document Type Classification)"]
