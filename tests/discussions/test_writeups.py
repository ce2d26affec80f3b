"""Solution write-ups show the author's team's final private rank and medal, once the host has finalized."""

import pytest

from competitions.models import Submission
from competitions.services import rules_accept
from competitions.services.leaderboards import competition_finalize
from competitions.services.submissions import submission_claim, submission_store_scores
from competitions.services.teams import team_of
from discussions import selectors, services
from scoring.result import MetricResult
from tests.factories import UserFactory, end_competition


pytestmark = pytest.mark.django_db


def _score(competition, user, private: float) -> None:
    team = team_of(competition=competition, user=user)
    submission = Submission.objects.create(competition=competition, team=team, submitted_by=user, filename="s.csv",
                                           size=1, sha256="0" * 64)
    submission.claim_token = submission_claim(submission_id=submission.pk)
    submission_store_scores(submission=submission, results={"public": MetricResult(score=0.5),
                                                            "private": MetricResult(score=private)})


@pytest.fixture
def finished(competition):
    users = [UserFactory(username=f"kaggler{i}") for i in range(10)]
    for i, user in enumerate(users):
        rules_accept(competition=competition, user=user)
        _score(competition, user, private=1 - i / 10)  # kaggler0 wins the private board
    return users


def test_it_shows_no_standing_before_finalization(competition, finished):
    assert selectors.final_standing_for(competition=competition, user=finished[0]) is None


def test_it_shows_the_final_rank_and_medal_on_a_writeup(client, competition, finished):
    end_competition(competition)
    competition_finalize(competition=competition)
    competition.refresh_from_db()
    topic = services.topic_create(user=finished[0], competition=competition, title="1st place solution",
                                  body="Ensembles.", kind="writeup")

    page = client.get(f"/discussions/topics/{topic.pk}/").content.decode()

    assert selectors.final_standing_for(competition=competition, user=finished[0]) == \
        selectors.FinalStanding(rank=1, medal="gold")
    assert "Final private rank #1 · Gold medal" in page
    assert selectors.final_standing_for(competition=competition, user=finished[9]).medal is None


def test_it_shows_no_standing_on_an_ordinary_discussion(client, competition, finished):
    end_competition(competition)
    competition_finalize(competition=competition)
    topic = services.topic_create(user=finished[0], competition=competition, title="Thanks all", body="…")

    assert "Final private rank" not in client.get(f"/discussions/topics/{topic.pk}/").content.decode()
