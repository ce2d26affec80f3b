"""Unit tests of the kaggle compatibility layer's shapes and errors (the CLI itself runs in tests/kaggle_cli)."""

import pytest

from accounts.services import api_key_get_or_create
from competitions.services import rules_accept

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
