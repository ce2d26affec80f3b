import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import status

from competitions.models import Submission, SubmissionGrant
from competitions.services import rules_accept
from competitions.services.leaderboards import competition_finalize

from ..factories import end_competition

pytestmark = pytest.mark.django_db

PERFECT = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
URL = "/api/v1/competitions/tiny/submissions/"


@pytest.fixture
def joined_client(api_client, competition, user):
    rules_accept(competition=competition, user=user)
    api_client.force_authenticate(user)
    return api_client


@pytest.fixture(autouse=True)
def run_on_commit(django_capture_on_commit_callbacks):
    """Uploads enqueue scoring on commit; run those callbacks (the eager "worker") after each request."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def _upload(client, content=PERFECT, name="sub.csv", **headers):
    with _capture(execute=True):
        return client.post(URL, {"file": SimpleUploadedFile(name, content), "description": "first try"},
                           format="multipart", **headers)


def test_an_upload_is_scored_and_shows_only_the_public_score(joined_client):
    response = _upload(joined_client)

    assert response.status_code == status.HTTP_201_CREATED
    assert response.data["status"] == "queued"  # scoring starts once the upload is committed
    scored = joined_client.get(f"/api/v1/submissions/{response.data['id']}/").data
    assert scored["status"] == "scored"
    assert scored["public_score"] == pytest.approx(2 / 3)  # a, c: classes 0 and 2 right, class 1 absent
    assert scored["private_score"] is None


def test_a_broken_file_is_refused_with_its_line_and_does_not_count(joined_client, competition):
    response = _upload(joined_client, b"ID,target\na,0\nb,x\n")

    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.data["error"]["code"] == "invalid_submission"
    assert "Line 3" in response.data["error"]["message"]
    assert Submission.objects.count() == 0
    assert joined_client.get("/api/v1/competitions/tiny/quota/").data["used_today"] == 0


def test_an_error_about_a_5_mb_id_has_a_short_body(joined_client):
    response = _upload(joined_client, b"ID,target\n" + b"x" * 5_000_000 + b",0\nb,1\nc,2\nd,1\n")

    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert "Line 2: unknown ID 'xxx" in response.data["error"]["message"]
    assert len(response.content) <= 4096


def test_the_daily_limit_is_enforced_and_the_quota_says_when_it_resets(joined_client, competition):
    competition.daily_submission_limit = 2
    competition.save()
    assert _upload(joined_client).status_code == 201
    assert _upload(joined_client).status_code == 201

    response = _upload(joined_client)

    assert response.status_code == status.HTTP_429_TOO_MANY_REQUESTS
    assert response.data["error"]["code"] == "daily_limit_reached"
    assert "all 2 submissions for today (UTC)" in response.data["error"]["message"]
    quota = joined_client.get("/api/v1/competitions/tiny/quota/").data
    assert (quota["used_today"], quota["allowed_today"], quota["remaining_today"]) == (2, 2, 0)
    assert quota["resets_at"].endswith("T00:00:00Z")


def test_a_host_grant_adds_submissions_for_the_day(joined_client, competition, user, host):
    competition.daily_submission_limit = 1
    competition.save()
    _upload(joined_client)
    team = Submission.objects.get().team
    from django.utils import timezone

    SubmissionGrant.objects.create(team=team, day=timezone.now().date(), extra=1, reason="outage", granted_by=host)
    assert _upload(joined_client).status_code == 201


def test_platform_errors_are_refunded(joined_client, competition):
    competition.daily_submission_limit = 1
    competition.save()
    _upload(joined_client)
    Submission.objects.update(status=Submission.Status.ERROR)
    assert _upload(joined_client).status_code == 201


def test_a_retried_upload_with_the_same_idempotency_key_returns_the_first(joined_client):
    first = _upload(joined_client, HTTP_IDEMPOTENCY_KEY="abc-123")
    again = _upload(joined_client, HTTP_IDEMPOTENCY_KEY="abc-123")

    assert first.status_code == 201 and again.status_code == 200
    assert again.data["id"] == first.data["id"]
    assert Submission.objects.count() == 1


def test_uploading_needs_to_have_joined(api_client, competition, other_user):
    api_client.force_authenticate(other_user)
    response = _upload(api_client)
    assert response.status_code == status.HTTP_403_FORBIDDEN
    assert response.data["error"]["message"] == "Join the competition (accept its rules) before submitting."


def test_paused_submissions_are_refused(joined_client, competition):
    competition.submissions_paused = True
    competition.save()
    assert "paused" in _upload(joined_client).data["error"]["message"]


def test_a_file_over_the_cap_gets_413(joined_client, settings):
    settings.PODIUM_SUBMISSION_MAX_BYTES = 10
    response = _upload(joined_client)
    assert response.status_code == status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    assert "the limit is 10 bytes" in response.data["error"]["message"]


def test_the_unpacked_cap_is_the_default_upload_cap():
    from config.settings import base
    from scoring.parsers.decompress import MAX_BYTES

    assert MAX_BYTES == base.PODIUM_SUBMISSION_MAX_BYTES == 100 * 1024**2  # the README says 100 MiB for both


def test_other_teams_cannot_see_a_submission(joined_client, api_client, other_user, competition):
    submission_id = _upload(joined_client).data["id"]
    from rest_framework.test import APIClient

    stranger = APIClient()
    stranger.force_authenticate(other_user)
    rules_accept(competition=competition, user=other_user)
    assert stranger.get(f"/api/v1/submissions/{submission_id}/").status_code == 404
    assert stranger.get(URL).data == []


def test_final_selection_is_capped(joined_client, competition):
    competition.max_final_selections = 1
    competition.save()
    first, second = _upload(joined_client).data["id"], _upload(joined_client).data["id"]

    assert joined_client.post(f"/api/v1/submissions/{first}/select/", {"selected": True}).status_code == 200
    refused = joined_client.post(f"/api/v1/submissions/{second}/select/", {"selected": True})

    assert refused.status_code == 400
    assert "already selected 1 submissions" in refused.data["error"]["message"]


def test_the_private_board_is_hidden_until_finalization(joined_client, api_client, competition):
    _upload(joined_client)
    anonymous = api_client.__class__()

    assert anonymous.get("/api/v1/competitions/tiny/leaderboard/").data["rows"][0]["rank"] == 1
    assert anonymous.get("/api/v1/competitions/tiny/leaderboard/?split=private").status_code == 403

    end_competition(competition)

    competition_finalize(competition=competition)

    private = anonymous.get("/api/v1/competitions/tiny/leaderboard/?split=private").data
    assert private["rows"][0]["score"] == pytest.approx(1 / 3)
    assert joined_client.get(URL).data[0]["private_score"] == pytest.approx(1 / 3)


def test_an_upload_reads_the_solutions_row_with_the_competition(joined_client):
    """Every query of the upload path costs the web process CPU (benchmarks/upload_cpu.py): the solution's row,
    which validation needs, comes joined to the competition's instead of in a query of its own."""
    with _capture(execute=False), CaptureQueriesContext(connection) as queries:  # the upload alone, not the scoring
        response = joined_client.post(URL, {"file": SimpleUploadedFile("sub.csv", PERFECT)}, format="multipart")

    assert response.status_code == status.HTTP_201_CREATED
    solution_reads = [q["sql"] for q in queries if '"competitions_solution"' in q["sql"]]
    assert len(solution_reads) == 1
    assert '"competitions_competition"' in solution_reads[0]
