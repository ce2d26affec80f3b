"""The portal's pages in Korean (Accept-Language: ko): competition tabs, the forum, a topic, shared code, search and
profiles show the glossary's words, and the English labels they replace are gone. Hangul keeps working in
discussions: a competition slug in Hangul, and a Korean topic found by a Korean word through the search page."""

import re

import pytest
from django.test import Client

from competitions.services import rules_accept
from discussions import services
from tests.discussions.helpers import markdown_cell, notebook_bytes
from tests.factories import CompetitionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.PODIUM_SEARCH_BACKEND = "database"
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(10_000, 60)], "vote": [(10_000, 60)]}


@pytest.fixture
def arena(db):
    return CompetitionFactory(slug="arena", title="Arena")


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def korean(alice) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    client.force_login(alice)
    return client


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _visible(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page)


def test_competition_tabs_speak_korean(korean, arena, alice):
    rules_accept(competition=arena, user=alice)
    overview = _text(korean.get(f"/competitions/{arena.slug}/"))

    for word in ("개요", "데이터", "규칙", "토론", "코드", "리더보드", "팀", "제출", "참가 마감", "팀 병합 마감", "평가 지표"):
        assert word in overview, word
    for english in (">Overview</a>", ">Leaderboard</a>", ">Submissions</a>", "Entry deadline", "Team merger deadline",
                    ">Metric</dt>", "higher is better", "lower is better"):
        assert english not in overview, english

    data = _visible(_text(korean.get(f"/competitions/{arena.slug}/data/")))
    assert "파일" in data and "아직 파일이 없습니다." in data and "No files yet" not in data

    board = _visible(_text(korean.get(f"/competitions/{arena.slug}/leaderboard/")))
    assert "CSV 다운로드" in board and "아직 채점된 제출이 없습니다." in board
    assert "Download CSV" not in board and "No scored submissions yet" not in board

    submissions = _visible(_text(korean.get(f"/competitions/{arena.slug}/submissions/")))
    assert "예측 제출하기" in submissions and "새 제출" in submissions and "아직 제출이 없습니다." in submissions
    assert re.search(r"오늘\s+\d+\s*/\d+회 남음", submissions)
    assert "Make submission" not in submissions and "submissions left" not in submissions

    team = _visible(_text(korean.get(f"/competitions/{arena.slug}/team/")))
    assert "팀장" in team and "초대" in team and "팀 병합 요청" in team
    assert "Request merger" not in team and "Ask to join" not in team


def test_the_competition_list_and_home_speak_korean(korean, arena):
    listing = _text(korean.get("/competitions/"))
    assert 'placeholder="대회 검색"' in listing and "Search competitions" not in listing
    home = _visible(_text(korean.get("/")))
    assert "진행 중인 대회" in home and "Active competitions" not in home


def test_forum_topic_and_reply_speak_korean(korean, arena, alice):
    topic = services.topic_create(user=alice, competition=arena, title="검증 전략", body="5-fold를 씁니다.",
                                  kind="question")
    services.post_reply(user=UserFactory(username="bob"), topic=topic, body="좋은 질문입니다.")

    forum = _visible(_text(korean.get(f"/competitions/{arena.slug}/discussion/")))
    for word in ("인기", "최신", "추천순", "새 글", "질문", "댓글 1개", "검증 전략"):
        assert word in forum, word
    for english in ("New topic", "Question", "1 reply", "Hot"):
        assert english not in forum, english

    page = _visible(_text(korean.get(f"/discussions/topics/{topic.pk}/")))
    assert "← 전체 글" in page and "댓글 쓰기" in page and "수정" in page
    assert "All topics" not in page and "Your reply" not in page

    site_forum = _text(korean.get("/discussions/"))
    assert "<h1>토론</h1>" in site_forum and 'placeholder="글과 코드 검색"' in site_forum
    assert "Search topics and code" not in site_forum


def test_code_pages_speak_korean(korean, arena, alice):
    entry = services.code_create(user=alice, competition=arena, title="베이스라인", filename="baseline.ipynb",
                                 content=notebook_bytes([markdown_cell("문서 분류 베이스라인")]))

    listing = _visible(_text(korean.get(f"/competitions/{arena.slug}/code/")))
    assert "새 노트북 또는 스크립트" in listing and "노트북" in listing and "버전 1" in listing
    assert "New notebook or script" not in listing and "version 1" not in listing

    detail = _visible(_text(korean.get(f"/code/{entry.pk}/")))
    for word in ("← 전체 코드", "버전 1/1", "복사해서 편집", "아직 댓글이 없습니다.", "새 버전", "첫 버전"):
        assert word in detail, word
    for english in ("All code", "Copy &amp; edit", "No comments yet", "New version"):
        assert english not in detail, english

    profile = _visible(_text(korean.get("/users/alice/")))
    assert "가입" in profile and "Member since" not in profile


def test_errors_and_messages_speak_korean(korean, arena):
    response = korean.post(f"/competitions/{arena.slug}/discussion/new/", {"title": "", "body": "내용"})
    assert response.status_code == 400
    assert "글 제목을 입력해 주세요." in response.content.decode()


def test_a_korean_word_finds_a_korean_topic_through_the_search_page(korean, arena, alice):
    topic = services.topic_create(user=alice, competition=arena, title="대화 요약 팁",
                                  body="이사를 도와주겠다고 했던 대화에서 요약문을 만드는 방법을 공유합니다.")
    services.topic_create(user=alice, competition=arena, title="Validation", body="Stratified folds.")

    page = _text(korean.get("/discussions/search/", {"q": "이사"}))

    assert "검색 결과 1개" in page and "1 result" not in page
    assert f'href="/discussions/topics/{topic.pk}/"' in page and "대화 요약 팁" in page
    assert '<span class="pill">글</span>' in page
    assert "Validation" not in page


def test_a_competition_with_a_hangul_slug_has_its_discussion_and_code_pages(korean, alice):
    competition = CompetitionFactory(slug="문서-분류", title="문서 분류")
    topic = services.topic_create(user=alice, competition=competition, title="첫 글", body="안녕하세요")

    forum = _text(korean.get("/competitions/문서-분류/discussion/"))
    assert "첫 글" in forum and "/competitions/%EB%AC%B8%EC%84%9C-%EB%B6%84%EB%A5%98/code/" in forum
    assert "← 전체 글" in _text(korean.get(f"/discussions/topics/{topic.pk}/"))
    assert _text(korean.get("/competitions/문서-분류/code/"))
    results = _text(korean.get("/discussions/search/", {"q": "안녕하세요", "competition": "문서-분류"}))
    assert "문서 분류에서 검색" in results and "검색 결과 1개" in results


def test_english_readers_keep_english(arena, alice):
    services.topic_create(user=alice, competition=arena, title="Validation", body="Stratified folds.")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    forum = _visible(_text(client.get(f"/competitions/{arena.slug}/discussion/")))
    assert "New topic" in forum and "Hot" in forum and "0 replies" in forum and "새 글" not in forum


def test_the_admin_names_discussions_models_and_fields_in_korean(arena, alice):
    services.topic_create(user=alice, competition=arena, title="검증 전략", body="5-fold", kind="question")
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(staff)

    page = _text(client.get("/admin/discussions/topic/"))

    assert "제목" in page and "작성자" in page and "질문" in page and "추천 수" in page
    assert ">Title<" not in page and "Vote count" not in page


def test_the_search_api_takes_a_hangul_competition_slug(korean, alice):
    competition = CompetitionFactory(slug="문서-분류", title="문서 분류")
    services.topic_create(user=alice, competition=competition, title="첫 글", body="안녕하세요")

    response = korean.get("/api/v1/search/", {"q": "안녕하세요", "competition": "문서-분류"})

    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1
