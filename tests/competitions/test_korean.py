"""The competitions app in Korean: refusals, flash messages, the host area and the admin speak the language of the
request that reads them (English stays the default of the other tests), API error codes stay English, and Hangul
slugs and data file names work end to end."""

import html
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from competitions.models import Competition, Team
from competitions.services import data_file_add, rules_accept, solution_set

from ..conftest import SAMPLE_CSV, SOLUTION_CSV
from ..factories import CompetitionFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_CSV = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
KO = {"HTTP_ACCEPT_LANGUAGE": "ko"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def run_on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def english_afterwards():
    """The locale middleware leaves a request's language active in the thread: later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def joined(competition, user):
    """A participant of "tiny" whose team has one submission a day, already used today."""
    rules_accept(competition=competition, user=user)
    Competition.objects.filter(pk=competition.pk).update(daily_submission_limit=1)
    return user


def _api_upload(api_client, **headers):
    with _capture(execute=True):
        return api_client.post("/api/v1/competitions/tiny/submissions/",
                               {"file": SimpleUploadedFile("sub.csv", GOOD_CSV)}, format="multipart", **headers)


def _flashes(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_api_refuses_in_the_requests_language_with_the_same_code(api_client, joined):
    api_client.force_authenticate(joined)
    assert _api_upload(api_client).status_code == 201

    korean = _api_upload(api_client, **KO)
    english = _api_upload(api_client, **EN)

    assert korean.status_code == english.status_code == 429
    assert korean.json()["error"]["code"] == english.json()["error"]["code"] == "daily_limit_reached"
    assert korean.json()["error"]["message"].startswith("팀이 오늘(UTC)의 제출 1회를 모두 사용했습니다.")
    assert "UTC에 초기화됩니다." in korean.json()["error"]["message"]
    assert english.json()["error"]["message"].startswith("Your team has used all 1 submissions for today (UTC).")


def test_other_api_errors_are_korean_too_and_keep_their_codes(api_client, competition, user):
    api_client.force_authenticate(user)

    quota = api_client.get("/api/v1/competitions/tiny/quota/", **KO).json()["error"]
    missing = api_client.get("/api/v1/competitions/nothing-here/", **KO).json()["error"]
    board = api_client.get("/api/v1/competitions/tiny/leaderboard/?split=secret", **KO).json()["error"]

    assert (quota["code"], quota["message"]) == ("submission_refused",
                                                 "제출 한도를 받으려면 대회에 참가하세요(규칙에 동의).")
    assert (missing["code"], missing["message"]) == ("not_found", "'nothing-here' 대회가 없습니다.")
    assert board["code"] == "invalid" and board["message"] == "split: 'public' 또는 'private'를 쓰세요."


def test_a_portal_refusal_and_a_success_are_flashed_in_korean(client, joined):
    client.force_login(joined)
    url = "/competitions/tiny/submissions/"
    with _capture(execute=True):
        accepted = client.post(url, {"file": SimpleUploadedFile("a.csv", GOOD_CSV)}, follow=True, **KO)
    refused = client.post(url, {"file": SimpleUploadedFile("b.csv", GOOD_CSV)}, follow=True, **KO)

    assert _flashes(accepted) == ["제출했습니다. 채점 중이며 이 페이지는 자동으로 갱신됩니다."]
    assert _flashes(refused) == ["파일이 접수되지 않았습니다: 팀이 오늘(UTC)의 제출 1회를 모두 사용했습니다. "
                                 f"제출 횟수는 {_reset_of(joined)} UTC에 초기화됩니다."]


def _reset_of(user) -> str:
    from competitions.services.submissions import team_quota

    return f"{team_quota(team=Team.objects.get(leader=user)).resets_at:%Y-%m-%d %H:%M}"


def test_a_team_action_is_answered_in_korean_and_in_english(client, joined):
    client.force_login(joined)

    korean = client.post("/competitions/tiny/team/", {"action": "invite", "username": "nobody"}, follow=True, **KO)
    english = client.post("/competitions/tiny/team/", {"action": "rename", "name": "Alpha"}, follow=True, **EN)

    assert _flashes(korean) == ["그 이름의 사용자가 없습니다."]
    assert _flashes(english) == ["Team renamed."]


def test_the_host_area_and_its_actions_speak_korean(client, competition, host):
    client.force_login(host)

    overview = client.get("/competitions/tiny/host/", **KO).content.decode()
    paused = client.post("/competitions/tiny/host/pause/", {"paused": "1"}, follow=True, **KO)

    assert "채점 대기열" in overview and "주최자 영역" in overview and "날짜별 제출 수(상태별)" in overview
    assert "Scoring queue" not in overview
    assert _flashes(paused) == ["Tiny 제출을 일시 중지했습니다. 재개할 때까지 업로드를 거부합니다."]
    assert "제출 일시 중지됨" in paused.content.decode()


def test_an_admin_action_reports_in_korean(client, competition, user):
    rules_accept(competition=competition, user=user)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    team = Team.objects.get(competition=competition, leader=user)

    response = client.post("/admin/competitions/team/", {"action": "disqualify", "_selected_action": [team.pk]},
                           follow=True, **KO)
    form = client.get("/admin/competitions/competition/add/", **KO).content.decode()

    assert _flashes(response) == ["팀 1개를 변경했습니다."]
    assert Team.objects.get(pk=team.pk).is_disqualified
    assert "일일 제출 한도" in form and "참가 마감" in form and "일정(UTC)" in form  # model labels and fieldsets


def test_a_hangul_slug_and_file_name_download_with_an_rfc_5987_name(client, api_client, user):
    competition = CompetitionFactory(slug="한국어-요약", title="한국어 문서 요약")
    data_file_add(competition=competition, name="훈련 데이터.csv", content=b"ID,feature\nx,1\n")
    data_file_add(competition=competition, name="sample_submission.csv", content=SAMPLE_CSV,
                  is_sample_submission=True)
    solution_set(competition=competition, content=SOLUTION_CSV)
    competition.full_clean()  # the slug validator accepts Hangul
    rules_accept(competition=competition, user=user)
    client.force_login(user)
    api_client.force_authenticate(user)
    slug, name = quote("한국어-요약"), quote("훈련 데이터.csv")

    portal = client.get(f"/competitions/{slug}/data/download/{name}")
    api = api_client.get(f"/api/v1/competitions/{slug}/data/{name}")
    detail = client.get(f"/competitions/{slug}/", **KO)
    board_csv = client.get(f"/competitions/{slug}/leaderboard.csv")

    expected = "attachment; filename*=utf-8''%ED%9B%88%EB%A0%A8%20%EB%8D%B0%EC%9D%B4%ED%84%B0.csv"
    assert portal.status_code == api.status_code == 200
    assert portal["Content-Disposition"] == api["Content-Disposition"] == expected
    assert b"".join(portal.streaming_content) == b"ID,feature\nx,1\n"
    portal.close(), api.close()  # the file handles of the streamed downloads
    assert detail.status_code == 200 and "한국어 문서 요약" in detail.content.decode()
    assert board_csv["Content-Disposition"] == (
        "attachment; filename*=utf-8''%ED%95%9C%EA%B5%AD%EC%96%B4-%EC%9A%94%EC%95%BD-publicleaderboard.csv")


def test_the_competition_search_finds_hangul(client, competition):
    CompetitionFactory(slug="korean-summaries", title="한국어 문서 요약", subtitle="뉴스 기사를 세 문장으로")

    found = client.get("/competitions/", {"q": "문서 요약"}).context["competitions"]
    by_subtitle = client.get("/competitions/", {"q": "뉴스"}).context["competitions"]

    assert [c.slug for c in found] == [c.slug for c in by_subtitle] == ["korean-summaries"]


def test_the_team_history_is_worded_in_each_readers_language(client, joined):
    client.force_login(joined)
    client.post("/competitions/tiny/team/", {"action": "rename", "name": "Alpha"}, **EN)

    korean = html.unescape(client.get("/competitions/tiny/team/", **KO).content.decode())
    english = html.unescape(client.get("/competitions/tiny/team/", **EN).content.decode())

    assert "participant 님이 팀 이름을 'participant'에서 'Alpha'(으)로 바꿨습니다." in korean
    assert "participant renamed the team from 'participant' to 'Alpha'." in english
    event = Team.objects.get(leader=joined).events.last()
    assert (event.message, event.params["new"]) == ("renamed", "Alpha")
    assert event.text == "participant renamed the team from 'participant' to 'Alpha'."  # English, for the admin


def test_a_platform_error_is_worded_in_the_readers_language(api_client, joined, settings):
    from competitions.services.submissions import submission_claim, submission_give_up_if_exhausted

    api_client.force_authenticate(joined)
    settings.PODIUM_SCORING_MAX_ATTEMPTS = 2
    created = api_client.post("/api/v1/competitions/tiny/submissions/",  # on-commit scoring never runs here
                              {"file": SimpleUploadedFile("sub.csv", GOOD_CSV)}, format="multipart").json()
    submissions = Team.objects.get(leader=joined).submissions
    assert submission_claim(submission_id=submissions.get().pk)
    submissions.update(attempts=3)  # two attempts whose workers died, then the claim that gives up
    submission = submissions.get()
    assert submission_give_up_if_exhausted(submission=submission)

    url = f"/api/v1/submissions/{created['id']}/"
    korean = api_client.get(url, **KO).json()
    english = api_client.get(url, **EN).json()

    assert korean["status"] == english["status"] == "error"
    assert korean["error_message"] == ("Podium이 이 파일을 2번 시도했지만 채점하지 못했습니다. 파일 문제가 아니며 "
                                       "일일 제출 한도에도 포함되지 않습니다.")
    assert english["error_message"].startswith("Podium could not score this file after 2 attempts.")
