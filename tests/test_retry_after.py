"""Every 429 says when to come back: the daily limit until the UTC day resets, a rate limit after its window."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.services import api_key_get_or_create
from competitions.services import rules_accept
from discussions.services import topic_create

from .conftest import SAMPLE_CSV
from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def _seconds_to_midnight_utc() -> float:
    now = timezone.now()
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return (midnight - now).total_seconds()


@pytest.fixture
def no_submissions_left(competition, user):
    competition.daily_submission_limit = 0
    competition.save(update_fields=["daily_submission_limit"])
    rules_accept(competition=competition, user=user)
    return competition


def test_the_rest_daily_limit_waits_for_the_utc_reset(api_client, user, no_submissions_left):
    api_client.force_authenticate(user)
    response = api_client.post("/api/v1/competitions/tiny/submissions/",
                               {"file": SimpleUploadedFile("s.csv", SAMPLE_CSV)}, format="multipart")
    assert response.status_code == 429
    assert abs(int(response["Retry-After"]) - _seconds_to_midnight_utc()) <= 5


def _rpc(client, user, method: str, body: dict):
    return client.post(f"/api/v1/competitions.CompetitionApiService/{method}", body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {api_key_get_or_create(user=user).key}")


def test_the_kaggle_daily_limit_waits_for_the_utc_reset(client, user, no_submissions_left):
    response = _rpc(client, user, "StartSubmissionUpload", {"competitionName": "tiny", "contentLength": 10,
                                                            "fileName": "s.csv"})
    assert response.status_code == 429 and response.json()["code"] == 429
    assert abs(int(response["Retry-After"]) - _seconds_to_midnight_utc()) <= 5


def test_a_kaggle_upload_that_meets_the_limit_at_creation_waits_too(client, user, no_submissions_left):
    """The day's last submission went in between the upload's start and its CreateSubmission."""
    no_submissions_left.daily_submission_limit = 1
    no_submissions_left.save(update_fields=["daily_submission_limit"])
    start = _rpc(client, user, "StartSubmissionUpload", {"competitionName": "tiny", "fileName": "s.csv",
                                                         "contentLength": len(SAMPLE_CSV)}).json()
    client.put(start["createUrl"].split("testserver", 1)[1], SAMPLE_CSV, content_type="application/octet-stream")
    no_submissions_left.daily_submission_limit = 0
    no_submissions_left.save(update_fields=["daily_submission_limit"])

    response = _rpc(client, user, "CreateSubmission", {"competitionName": "tiny", "blobFileTokens": start["token"]})

    assert response.status_code == 429
    assert abs(int(response["Retry-After"]) - _seconds_to_midnight_utc()) <= 5


def test_a_community_rate_limit_waits_for_its_window(client, settings, competition, user):
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(1, 90)], "vote": [(1, 60)]}
    topic = topic_create(user=user, competition=competition, title="Folds", body="Which?")
    client.login(username=user.username, password=PASSWORD)

    response = client.post(f"/discussions/topics/{topic.pk}/reply/", {"body": "again"}, headers={"HX-Request": "1"})

    assert response.status_code == 429 and response["Retry-After"] == "90"


def test_allauths_own_limits_get_their_per_minute_window(client, settings, user):
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    client.post("/accounts/login/", {"login": user.username, "password": "wrong"})

    response = client.post("/accounts/login/", {"login": user.username, "password": "wrong"})

    assert response.status_code == 429 and response["Retry-After"] == "60"
