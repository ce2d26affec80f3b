"""A malformed submission's message in the reader's language: the same file gives a Korean message naming the same
line and character as the English one through the portal, the REST API and the kaggle CLI's endpoints, and a
stored error (caught at scoring time) reads in the language of whoever looks at it."""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.services import api_key_get_or_create, preference_update
from competitions.bundles import BundleError, bundle_load
from competitions.format_messages import format_error_text, stored_error_text
from competitions.models import Submission
from competitions.services import rules_accept, solution_set
from competitions.services.submissions import submission_rescore
from scoring.engine import validate_submission
from scoring.errors import SubmissionFormatError
from scoring.messages import MESSAGES, render
from scoring.solution import load_solution
from tests.conftest import SOLUTION_CSV

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parents[2]
KO_CATALOGUE = REPO_ROOT / "scoring" / "locale" / "ko" / "LC_MESSAGES" / "django.mo"
# Line 3 holds the byte 0xe9 (Latin-1 "é") as the second character of the line
NOT_UTF8 = b"ID,target\na,0\nb\xe9,1\nc,2\nd,1\n"
PERFECT = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
RPC = "/api/v1/competitions.CompetitionApiService/"


def _engine_error(data: bytes) -> SubmissionFormatError:
    solution = load_solution(data=SOLUTION_CSV, metric_key="macro_f1", params={})
    with pytest.raises(SubmissionFormatError) as caught:
        validate_submission(solution=solution, data=data, filename="sub.csv", metric_key="macro_f1", params={})
    return caught.value


@pytest.fixture
def messages_en_ko():
    """The engine's English message for NOT_UTF8 and its Korean wording, each checked to name line 3, char 2."""
    error = _engine_error(NOT_UTF8)
    with translation.override("ko"):
        korean = format_error_text(error)
    assert "Line 3:" in error.message and "at character 2 of the line" in error.message
    assert korean.startswith("3번째 줄: UTF-8 텍스트가 아닙니다") and "2번째 글자" in korean and "0xe9" in korean
    return error.message, korean


@pytest.fixture
def joined(competition, user):
    rules_accept(competition=competition, user=user)
    return user


def test_the_portal_upload_says_it_in_the_browsers_language(client, joined, messages_en_ko):
    english, korean = messages_en_ko
    client.force_login(joined)

    def upload(language: str) -> str:
        response = client.post("/competitions/tiny/submissions/", {"file": SimpleUploadedFile("sub.csv", NOT_UTF8)},
                               HTTP_ACCEPT_LANGUAGE=language, follow=True)
        return html.unescape(response.content.decode())

    assert korean in upload("ko")
    assert english in upload("en")
    assert Submission.objects.count() == 0


def test_the_rest_api_says_it_in_the_requests_language(api_client, joined, messages_en_ko):
    english, korean = messages_en_ko
    api_client.force_authenticate(joined)

    def upload(language: str) -> dict:
        response = api_client.post("/api/v1/competitions/tiny/submissions/",
                                   {"file": SimpleUploadedFile("sub.csv", NOT_UTF8)}, format="multipart",
                                   HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        return response.json()["error"]

    korean_body, english_body = upload("ko"), upload("en")
    assert korean_body["fields"]["file"] == [korean] and korean_body["code"] == "invalid_submission"
    assert english_body["fields"]["file"] == [english] and english_body["code"] == "invalid_submission"


def _kaggle_submit(client, key: str, data: bytes) -> dict:
    """StartSubmissionUpload, the blob PUT, CreateSubmission: the calls `kaggle competitions submit` makes."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    start = client.post(RPC + "StartSubmissionUpload",
                        {"competitionName": "tiny", "contentLength": len(data), "fileName": "sub.csv"},
                        content_type="application/json", **headers).json()
    path = start["createUrl"].split("testserver", 1)[1]
    assert client.put(path, data, content_type="application/octet-stream").status_code in (200, 201)
    response = client.post(RPC + "CreateSubmission",
                           {"competitionName": "tiny", "blobFileTokens": start["token"],
                            "submissionDescription": "bad"},
                           content_type="application/json", **headers)
    assert response.status_code == 400
    return response.json()


def test_the_kaggle_endpoints_say_it_in_the_accounts_language(client, joined, messages_en_ko):
    english, korean = messages_en_ko
    key = api_key_get_or_create(user=joined).key

    assert english in _kaggle_submit(client, key, NOT_UTF8)["message"]
    preference_update(user=joined, language="ko")
    answer = _kaggle_submit(client, key, NOT_UTF8)  # the CLI sends no Accept-Language: the account decides
    assert korean in answer["message"] and answer["code"] == 400


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _failed_at_scoring_time(api_client, joined, competition, run_on_commit) -> Submission:
    """A file that was right when uploaded, scored again after the host changed the solution's last id."""
    api_client.force_authenticate(joined)
    with run_on_commit(execute=True):
        api_client.post("/api/v1/competitions/tiny/submissions/", {"file": SimpleUploadedFile("sub.csv", PERFECT)},
                        format="multipart")
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.SCORED
    solution_set(competition=competition, content=SOLUTION_CSV.replace(b"\nd,", b"\ne,"))
    with run_on_commit(execute=True):
        submission_rescore(submission=submission)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    return submission


def test_a_stored_error_reads_in_the_language_of_each_request(api_client, client, joined, competition,
                                                              run_on_commit):
    submission = _failed_at_scoring_time(api_client, joined, competition, run_on_commit)
    assert submission.error_message == "Line 5: unknown ID 'd'."  # the English wording is kept for logs
    assert submission.error_parts[0]["id"] == "ids.unknown"

    def api_message(language: str) -> str:
        return api_client.get(f"/api/v1/submissions/{submission.uuid}/", HTTP_ACCEPT_LANGUAGE=language).json()[
            "error_message"]

    assert api_message("en") == "Line 5: unknown ID 'd'."
    assert api_message("ko") == "5번째 줄: 정답 파일에 없는 ID 'd'입니다."
    client.force_login(joined)
    page = html.unescape(client.get("/competitions/tiny/submissions/", HTTP_ACCEPT_LANGUAGE="ko").content.decode())
    assert "5번째 줄: 정답 파일에 없는 ID 'd'입니다." in page

    def kaggle_description() -> str:  # `kaggle competitions submissions`: in the account's language
        key = api_key_get_or_create(user=joined).key
        answer = client.post(RPC + "ListSubmissions", {"competitionName": "tiny"}, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {key}").json()
        return answer["submissions"][0]["errorDescription"]

    assert kaggle_description() == "Line 5: unknown ID 'd'."
    preference_update(user=joined, language="ko")
    assert kaggle_description() == "5번째 줄: 정답 파일에 없는 ID 'd'입니다."


def test_a_bundles_broken_sample_submission_is_reported_in_the_hosts_language(bundle_dir, host):
    sample = bundle_dir / "data" / "sample_submission.csv"
    sample.write_text(sample.read_text().replace("ID,target", "ID,label", 1))

    with translation.override("ko"), pytest.raises(BundleError) as korean:
        bundle_load(bundle_dir)
    with translation.override("en"), pytest.raises(BundleError) as english:
        bundle_load(bundle_dir)

    assert "1번째 줄: 헤더는 'ID,target'이어야 합니다. 현재 헤더: 'ID,label'." in str(korean.value)
    assert "Line 1: wrong header: expected 'ID,target', found 'ID,label'." in str(english.value)


def test_an_old_row_with_only_text_keeps_its_text():
    with translation.override("ko"):
        assert stored_error_text(parts=None, fallback="Line 2: something old.") == "Line 2: something old."
        unknown_id = [{"id": "no.such.message", "params": {}}]  # stored by a later version, then rolled back
        assert stored_error_text(parts=unknown_id, fallback="Line 2: newer.") == "Line 2: newer."


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\((\w+)\)s", text))


class _Missing:
    def gettext(self, message):
        return None


def test_every_engine_message_has_a_korean_translation_with_the_same_placeholders():
    with KO_CATALOGUE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    catalogue.add_fallback(_Missing())  # a message the catalogue lacks comes back as None
    missing, mismatched = [], []
    for message_id, english in MESSAGES.items():
        korean = catalogue.gettext(english)
        if korean is None or korean == english and message_id != "size.mib":
            missing.append(message_id)
        elif _placeholders(korean) != _placeholders(english):
            mismatched.append(message_id)
    assert missing == [] and mismatched == []


def test_every_engine_message_renders_in_korean_through_django():
    with translation.override("ko"):
        for message_id, english in MESSAGES.items():
            params = {name: f"<{name}>" for name in _placeholders(english)}
            korean = render([{"id": message_id, "params": params}], translate=translation.gettext)
            assert all(f"<{name}>" in korean for name in params), message_id
            assert not re.search(r"[A-Za-z]{4,} [a-z]{4,} [a-z]{4,}", re.sub(r"<\w+>|'[^']*'", "", korean)), korean
