"""Scoring with a real worker process: on PostgreSQL + Redis in CI, and on SQLite + the filesystem broker."""

import datetime as dt
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from competitions.models import Score, Submission
from competitions.services import rules_accept
from competitions.services.teams import team_of
from competitions.services.submissions import submission_create
from competitions.tasks import task_requeue_stuck_submissions, task_score_submission

from .conftest import PERFECT, slow_summaries_competition, summaries_upload, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]

def _status(submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


def _scores_per_split(submission) -> dict[str, int]:
    rows = Score.objects.filter(submission=submission, is_active=True).values_list("split", flat=True)
    return {split: list(rows).count(split) for split in set(rows)}


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
    first = start_worker(PODIUM_SCORING_STALE_SECONDS=str(stale_after), PODIUM_SCORING_HEARTBEAT_SECONDS="0.5")
    submission, _ = submission_create(competition=slow_summaries, user=participant, data=summaries_upload(),
                                   filename="s.csv")
    wait_for(lambda: _status(submission) == Submission.Status.SCORING, timeout=60, what="scoring to start",
             worker=first)

    first.kill()
    assert _status(submission) == Submission.Status.SCORING  # abandoned mid-scoring

    second = start_worker(PODIUM_SCORING_STALE_SECONDS=str(stale_after), PODIUM_SCORING_HEARTBEAT_SECONDS="0.5")
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


def test_a_slow_scoring_with_a_live_heartbeat_is_never_taken_over(start_worker, participant, settings):
    stale_after, rows = 3, 200  # the scoring takes ~8 s: only the heartbeat keeps its claim
    slower = slow_summaries_competition(slug="slower", rows=rows)
    rules_accept(competition=slower, user=participant)
    settings.PODIUM_SCORING_STALE_SECONDS = stale_after
    worker = start_worker(PODIUM_SCORING_STALE_SECONDS=str(stale_after), PODIUM_SCORING_HEARTBEAT_SECONDS="0.5")
    submission, _ = submission_create(competition=slower, user=participant, data=summaries_upload(rows),
                                      filename="s.csv")
    wait_for(lambda: _status(submission) == Submission.Status.SCORING, timeout=60, what="scoring to start",
             worker=worker)
    started, rounds = time.monotonic(), 0
    while _status(submission) == Submission.Status.SCORING:
        rounds += task_requeue_stuck_submissions()  # the watchdog, as beat runs it, over and over
        time.sleep(0.2)

    assert time.monotonic() - started > stale_after  # it really outlived the stale cut-off
    assert rounds == 0
    assert _status(submission) == Submission.Status.SCORED
    assert Submission.objects.get(pk=submission.pk).attempts == 1
