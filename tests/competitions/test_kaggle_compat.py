"""Unit tests of the kaggle compatibility layer's shapes and errors (the CLI itself runs in tests/kaggle_cli)."""

import base64
import json

import pytest

from accounts.services import api_key_get_or_create
from competitions.services import rules_accept
from competitions.services.submissions import submission_create
from tests.conftest import SAMPLE_CSV

pytestmark = pytest.mark.django_db

RPC = "/api/v1/competitions.CompetitionApiService/"


def test_introspection_answers_for_a_valid_key_only(client, user):
    key = api_key_get_or_create(user=user).key
    url = "/api/v1/security.OAuthService/IntrospectToken"
    assert client.post(url, {"token": key}, content_type="application/json").json() == {
        "active": True, "username": "participant"}
    assert client.post(url, {"token": "nope"}, content_type="application/json").json() == {"active": False}


def test_errors_have_the_clis_shape(client, competition, user):
    key = api_key_get_or_create(user=user).key
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    missing = client.post(RPC + "ListDataFiles", {"competitionName": "nope"}, content_type="application/json",
                          **headers)
    rules = client.post(RPC + "DownloadDataFile", {"competitionName": "tiny", "fileName": "train.csv"},
                        content_type="application/json", **headers)
    anonymous = client.post(RPC + "ListCompetitions", {}, content_type="application/json")

    assert missing.status_code == 404 and missing.json() == {"code": 404, "message": "Competition 'nope' not found."}
    assert rules.status_code == 403 and "accept the rules of 'Tiny'" in rules.json()["message"]
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 401


def test_a_download_redirects_to_a_url_named_after_the_file(client, competition, user):
    rules_accept(competition=competition, user=user)
    key = api_key_get_or_create(user=user).key
    response = client.post(RPC + "DownloadDataFile", {"competitionName": "tiny", "fileName": "train.csv"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 302 and response["Location"].endswith("/api/v1/competitions/tiny/data/train.csv")


def test_the_upload_url_refuses_bytes_past_the_announced_length(client, competition, user):
    rules_accept(competition=competition, user=user)
    key = api_key_get_or_create(user=user).key
    start = client.post(RPC + "StartSubmissionUpload", {"competitionName": "tiny", "contentLength": 4,
                                                         "fileName": "s.csv"},
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    path = start["createUrl"].split("testserver", 1)[1]

    response = client.put(path, b"too many bytes", content_type="application/octet-stream")

    assert response.status_code == 400 and "longer than the announced 4 bytes" in response.json()["message"]


def _list(client, key, **extra) -> dict:
    response = client.post(RPC + "ListCompetitions", {}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}", **extra)
    return {c["title"]: c for c in response.json()["competitions"]}


def test_user_rank_is_the_teams_place_on_the_board_one_for_the_leader(client, competition, user, other_user,
                                                                      django_capture_on_commit_callbacks):
    for who, data in ((user, b"ID,target\na,0\nb,1\nc,2\nd,1\n"), (other_user, SAMPLE_CSV)):
        rules_accept(competition=competition, user=who)
        with django_capture_on_commit_callbacks(execute=True):  # scored by the eager task
            submission_create(competition=competition, user=who, data=data, filename="s.csv")

    leader = _list(client, api_key_get_or_create(user=user).key)["Tiny"]
    second = _list(client, api_key_get_or_create(user=other_user).key)["Tiny"]

    assert (leader["userRank"], second["userRank"]) == (1, 2)


def test_user_rank_is_absent_without_a_ranked_row(client, competition, user):
    rules_accept(competition=competition, user=user)
    assert "userRank" not in _list(client, api_key_get_or_create(user=user).key)["Tiny"]


def test_competition_dates_have_no_fraction_of_a_second(client, competition, user):
    competition.end_at = competition.end_at.replace(microsecond=123456)
    competition.save(update_fields=["end_at"])
    shown = _list(client, api_key_get_or_create(user=user).key)["Tiny"]
    assert shown["deadline"] == competition.end_at.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_urls_keep_the_port_the_cli_reached_through_its_proxy(client, competition, user, settings):
    """kaggle 2.x asks for http://localhost (no port) through HTTP_PROXY; the server listens on another port."""
    settings.ALLOWED_HOSTS = ["localhost", "podium.example.org"]
    key = api_key_get_or_create(user=user).key
    behind_proxy = _list(client, key, HTTP_HOST="localhost", SERVER_PORT="8123")["Tiny"]
    public_name = _list(client, key, HTTP_HOST="podium.example.org", SERVER_PORT="8000")["Tiny"]

    assert behind_proxy["ref"] == "http://localhost:8123/competitions/tiny/"
    assert public_name["url"] == "http://podium.example.org/competitions/tiny/"


@pytest.mark.parametrize(("method", "body", "message"), [
    ("ListCompetitions", {"page": "two"}, "page must be a whole number"),
    ("ListCompetitions", {"pageSize": [5]}, "pageSize must be a whole number"),
    ("ListCompetitions", {"pageToken": "9" * 40}, "pageToken must be a whole number up to"),
    ("GetSubmission", {"ref": "abc"}, "ref must be a whole number"),
    ("GetSubmission", {"ref": 1.5}, "ref must be a whole number"),
    ("StartSubmissionUpload", {"competitionName": "tiny", "contentLength": "12 bytes"},
     "contentLength must be a whole number"),
    ("StartSubmissionUpload", {"competitionName": "tiny", "contentLength": -5}, "contentLength must be 0 or more"),
    ("ListDataFiles", {"competitionName": "ti\x00ny"}, "competitionName must not contain NUL"),
    ("ListCompetitions", {"search": {"a": 1}}, "search must be a string"),
])
def test_malformed_fields_are_a_400_naming_the_field(client, competition, user, method, body, message):
    rules_accept(competition=competition, user=user)
    key = api_key_get_or_create(user=user).key
    raw = json.dumps(body)
    response = client.post(RPC + method, raw, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400 and message in response.json()["message"], response.content
    assert len(response.content) < 300  # a refused value is quoted short, never in full


def test_nul_in_a_key_is_an_inactive_token_and_a_failed_log_in(client, api_client, user):
    introspect = client.post("/api/v1/security.OAuthService/IntrospectToken", {"token": "ab\x00"},
                             content_type="application/json")
    basic = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Basic " + base64.b64encode(
        b"participant:ab\x00cd").decode())
    token = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token ab%00cd".replace("%00", "\x00"))

    assert introspect.json() == {"active": False}
    assert basic.status_code == 401 and token.status_code in (400, 401)
