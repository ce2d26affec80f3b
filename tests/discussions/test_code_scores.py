"""A code version linked to a submission made from it shows that submission's public score, never the private."""

import pytest
from django.core.exceptions import ValidationError

from competitions.services import rules_accept, solution_set
from competitions.services.submissions import submission_claim, submission_create, submission_store_scores
from discussions import services
from scoring.result import MetricResult

from .helpers import simple_notebook

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_submission(arena, alice):
    solution_set(competition=arena, content=b"ID,target,Usage\na,0,Public\nb,1,Private\n")
    rules_accept(competition=arena, user=alice)
    submission, _ = submission_create(competition=arena, user=alice, data=b"ID,target\na,0\nb,1\n", filename="s.csv")
    submission.claim_token = submission_claim(submission_id=submission.pk)
    submission_store_scores(submission=submission, results={"public": MetricResult(score=0.8123),
                                                            "private": MetricResult(score=0.4567)})
    return submission


def test_a_linked_version_shows_the_public_score(client, arena, alice, scored_submission):
    entry = services.code_create(user=alice, competition=arena, title="EDA", filename="eda.ipynb",
                                 content=simple_notebook())
    client.force_login(alice)

    response = client.post(f"/code/{entry.pk}/link-submission/",
                           {"version": 1, "submission": str(scored_submission.uuid)})
    html = client.get(f"/code/{entry.pk}/").content.decode()

    assert response.status_code == 302
    assert "0.81230" in html and "0.45670" not in html


def test_only_the_authors_team_submissions_can_be_linked(arena, alice, bob, scored_submission):
    entry = services.code_create(user=bob, competition=arena, title="Mine", filename="m.ipynb",
                                 content=simple_notebook())
    with pytest.raises(ValidationError, match="one of your team's submissions"):
        services.code_version_link_submission(user=bob, version=entry.versions.get(), submission=scored_submission)
