"""Scoring with a real worker process: on PostgreSQL + Redis in CI, and on SQLite + the filesystem broker."""

import datetime as dt
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from competitions.models import Score, Submission
from competitions.services import data_file_add, rules_accept, solution_set
from competitions.services.teams import team_of
from competitions.services.submissions import submission_create
from competitions.tasks import task_requeue_stuck_submissions, task_score_submission

from ..factories import CompetitionFactory, UserFactory
from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PERFECT = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
SUMMARY_ROWS = 60  # with the slow tokenizer: ~1.2 s per solution load and per scoring


def _status(submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


def _scores_per_split(submission) -> dict[str, int]:
    rows = Score.objects.filter(submission=submission, is_active=True).values_list("split", flat=True)
    return {split: list(rows).count(split) for split in set(rows)}


@pytest.fixture
def participant(transactional_db, classification, slow_summaries):
    user = UserFactory(username="participant")
    rules_accept(competition=classification, user=user)
    rules_accept(competition=slow_summaries, user=user)
    return user


@pytest.fixture
def classification(transactional_db):
    competition = CompetitionFactory(slug="tiny")
    solution_set(competition=competition, content=b"ID,target,Usage\na,0,Public\nb,1,Private\nc,2,Public\nd,1,Private\n")
    return competition


@pytest.fixture
def slow_summaries(transactional_db):
    competition = CompetitionFactory(slug="slow", metric_key="rouge",
                                     metric_params={"tokenizer": "tests.integration.slow_tokenizer:factory"})
    lines = ["fname,summary1,Usage"] + [f"d{i},the quick brown fox {i},{'Public' if i % 2 else 'Private'}"
                                        for i in range(SUMMARY_ROWS)]
    solution_set(competition=competition, content="\n".join(lines).encode())
    data_file_add(competition=competition, name="test.csv", content=b"fname\n")
    return competition


def _summaries() -> bytes:
    return ("fname,summary\n" + "".join(f"d{i},the quick fox {i}\n" for i in range(SUMMARY_ROWS))).encode()


def test_an_upload_is_scored_within_seconds(start_worker, classification, participant):
    worker = start_worker()

    submission, _ = submission_create(competition=classification, user=participant, data=PERFECT, filename="s.csv")

    wait_for(lambda: _status(submission) == Submission.Status.SCORED, timeout=30, what="the score", worker=worker)
    assert _scores_per_split(submission) == {"public": 1, "private": 1}


def test_a_task_delivered_twice_gives_one_score(start_worker, classification, participant):
    worker = start_worker()
    submission, _ = submission_create(competition=classification, user=participant, data=PERFECT, filename="s.csv")
    task_score_submission.delay(submission.pk)
    task_score_submission.delay(submission.pk)

    wait_for(lambda: _status(submission) == Submission.Status.SCORED, timeout=30, what="the score", worker=worker)
    time.sleep(2)  # let the duplicate deliveries run

    assert _scores_per_split(submission) == {"public": 1, "private": 1}
    assert Submission.objects.get(pk=submission.pk).attempts == 1
    assert worker.log().count("is not claimable") >= 2


def test_killing_the_worker_mid_scoring_still_scores_exactly_once(start_worker, slow_summaries, participant,
                                                                  settings):
    stale_after = 3
    settings.PODIUM_SCORING_STALE_SECONDS = stale_after
    first = start_worker(PODIUM_SCORING_STALE_SECONDS=str(stale_after))
    submission, _ = submission_create(competition=slow_summaries, user=participant, data=_summaries(),
                                   filename="s.csv")
    wait_for(lambda: _status(submission) == Submission.Status.SCORING, timeout=60, what="scoring to start",
             worker=first)

    first.kill()
    assert _status(submission) == Submission.Status.SCORING  # abandoned mid-scoring

    second = start_worker(PODIUM_SCORING_STALE_SECONDS=str(stale_after))
    time.sleep(stale_after + 0.5)
    assert task_requeue_stuck_submissions() == 1  # the watchdog, as beat runs it

    wait_for(lambda: _status(submission) == Submission.Status.SCORED, timeout=60, what="the rescue", worker=second)
    assert _scores_per_split(submission) == {"public": 1, "private": 1}
    assert Submission.objects.get(pk=submission.pk).attempts == 2


def test_a_poison_submission_fails_after_three_attempts_and_stops(start_worker, classification, participant):
    worker = start_worker()
    submission, _ = submission_create(competition=classification, user=participant, data=PERFECT, filename="s.csv")
    wait_for(lambda: _status(submission) == Submission.Status.SCORED, timeout=30, what="the score", worker=worker)
    poison = Submission.objects.create(
        competition=classification, team=submission.team, submitted_by=participant, file=submission.file.name.replace("s.csv", "gone.csv"),
        filename="gone.csv", size=1, sha256="0" * 64)

    task_score_submission.delay(poison.pk)

    wait_for(lambda: _status(poison) == Submission.Status.ERROR, timeout=60, what="the platform error",
             worker=worker)
    time.sleep(2)
    poison.refresh_from_db()
    assert poison.attempts == 4 and "after 3 attempts" in poison.error_message
    assert not Score.objects.filter(submission=poison).exists()


def test_the_watchdog_recovers_a_submission_left_in_queued(start_worker, classification, participant):
    worker = start_worker()
    lost = Submission.objects.create(competition=classification, submitted_by=participant, filename="s.csv",
                                     team=team_of(competition=classification, user=participant),
                                     size=len(PERFECT), sha256="0" * 64)
    lost.file.save("s.csv", ContentFile(PERFECT))
    Submission.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))

    assert task_requeue_stuck_submissions() == 1

    wait_for(lambda: _status(lost) == Submission.Status.SCORED, timeout=30, what="the recovery", worker=worker)
    assert _scores_per_split(lost) == {"public": 1, "private": 1}
