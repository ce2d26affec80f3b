"""Who sees what before finalization: anonymous, participant, member of another team, host, staff — against every
page and endpoint of participation. Nobody but hosts and staff sees private scores, other teams' files or
descriptions, or the solution."""

import pytest
from rest_framework.test import APIClient

from competitions.models import Submission
from competitions.services import rules_accept
from competitions.services.submissions import submission_claim, submission_create, submission_store_scores
from scoring.result import MetricResult

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PRIVATE, PUBLIC, SECRET_DESCRIPTION = "0.97531", "0.12345", "my secret trick"
ROLES = ("anonymous", "participant", "other_team", "host", "staff")


@pytest.fixture
def scored(competition, user, django_capture_on_commit_callbacks):
    rules_accept(competition=competition, user=user)
    submission, _ = submission_create(competition=competition, user=user, filename="mine.csv",
                                      data=b"ID,target\na,0\nb,1\nc,2\nd,1\n", description=SECRET_DESCRIPTION)
    submission.claim_token = submission_claim(submission_id=submission.pk)
    submission_store_scores(submission=submission, results={"public": MetricResult(score=float(PUBLIC)),
                                                            "private": MetricResult(score=float(PRIVATE))})
    return Submission.objects.get(pk=submission.pk)


@pytest.fixture
def client_for(competition, user, host):
    def make(role: str):
        client = APIClient()
        if role == "participant":
            client.force_login(user)
        elif role == "other_team":
            stranger = UserFactory(username="rival")
            rules_accept(competition=competition, user=stranger)
            client.force_login(stranger)
        elif role == "host":
            client.force_login(host)
        elif role == "staff":
            client.force_login(UserFactory(username="staffer", is_staff=True, is_superuser=True))
        return client

    return make


def _pages(submission) -> list[str]:
    return ["/competitions/tiny/leaderboard/", "/competitions/tiny/leaderboard/?split=private",
            "/competitions/tiny/leaderboard.csv", "/competitions/tiny/leaderboard.csv?split=private",
            "/competitions/tiny/submissions/", "/competitions/tiny/team/",
            f"/competitions/submissions/{submission.uuid}/row/",
            "/api/v1/competitions/tiny/leaderboard/", "/api/v1/competitions/tiny/leaderboard/?split=private",
            "/api/v1/competitions/tiny/submissions/", f"/api/v1/submissions/{submission.uuid}/",
            "/api/v1/competitions/tiny/quota/"]


def _body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.parametrize("role", ROLES)
def test_private_scores_before_finalization(client_for, scored, role):
    client = client_for(role)
    bodies = {url: _body(client.get(url)) for url in _pages(scored)}
    leaks = [url for url, body in bodies.items() if PRIVATE in body]
    if role in ("host", "staff"):
        assert "/api/v1/competitions/tiny/leaderboard/?split=private" in leaks
    else:
        assert leaks == []


@pytest.mark.parametrize("role", ROLES)
def test_a_teams_files_and_descriptions(client_for, scored, role):
    client = client_for(role)
    bodies = {url: _body(client.get(url)) for url in _pages(scored)}
    seen = sorted(url for url, body in bodies.items() if SECRET_DESCRIPTION in body or "mine.csv" in body)
    if role == "participant":
        assert f"/api/v1/submissions/{scored.uuid}/" in seen
    else:
        assert seen == []
    assert all(b"a,0,Public" not in body.encode() for body in bodies.values())  # the solution, never
