import contextlib
import datetime as dt

import pytest
from celery.exceptions import Retry
from django.utils import timezone
from kombu.exceptions import OperationalError

from competitions.models import Score, Submission
from competitions.services import rules_accept
from competitions.services.submissions import (
    submission_claim,
    submission_create,
    submission_heartbeat,
    submission_rescore,
    submission_store_scores,
)
from competitions.tasks import task_requeue_stuck_submissions, task_score_submission
from scoring.errors import SubmissionFormatError
from scoring.result import MetricResult

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def joined(competition, user):
    rules_accept(competition=competition, user=user)

# Solution: a→0 (public), b→1 (private), c→2 (public), d→1 (private).
PERFECT = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
HALF_PUBLIC = b"ID,target\na,0\nb,1\nc,0\nd,1\n"  # c is wrong: public F1 drops, private stays perfect


def _active_scores(submission) -> dict[str, float]:
    return dict(Score.objects.filter(submission=submission, is_active=True).values_list("split", "value"))


def test_a_valid_upload_is_stored_queued_and_scored(competition, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission, _ = submission_create(competition=competition, user=user, data=HALF_PUBLIC, filename="sub.csv")

    submission.refresh_from_db()
    assert submission.status == Submission.Status.SCORED
    assert submission.rows == 4 and submission.size == len(HALF_PUBLIC) and submission.attempts == 1
    scores = _active_scores(submission)
    # Macro F1 over labels 0-2; a class absent from a split with no predictions scores 0 (scikit-learn's rule).
    assert scores["private"] == pytest.approx(1 / 3)  # b, d: class 1 perfect, classes 0 and 2 empty
    assert scores["public"] == pytest.approx(2 / 9)  # a right, c (2) called 0: class 0 F1 2/3, others 0


def test_a_broken_upload_is_refused_with_its_message_and_writes_nothing(competition, user):
    with pytest.raises(SubmissionFormatError, match="Line 3: target 7 is not a valid label"):
        submission_create(competition=competition, user=user, data=b"ID,target\na,0\nb,7\n", filename="bad.csv")
    assert Submission.objects.count() == 0


def test_only_one_claim_wins(competition, user):
    submission = _queued(competition, user)
    assert submission_claim(submission_id=submission.pk) is not None
    assert submission_claim(submission_id=submission.pk) is None


def test_a_stale_claim_is_taken_over(competition, user, settings):
    submission = _queued(competition, user)
    submission_claim(submission_id=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.PODIUM_SCORING_STALE_SECONDS + 1))
    assert submission_claim(submission_id=submission.pk) is not None


def test_a_claim_with_a_live_heartbeat_is_not_taken_over(competition, user, settings):
    submission = _queued(competition, user)
    token = submission_claim(submission_id=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(claimed_at=timezone.now() - dt.timedelta(hours=1))
    holder = Submission.objects.get(pk=submission.pk)
    holder.claim_token = token

    assert submission_heartbeat(submission=holder) is True  # a slow scoring, but its worker is alive
    assert submission_claim(submission_id=submission.pk) is None


def test_a_heartbeat_from_a_lost_claim_says_so(competition, user):
    submission = _queued(competition, user)
    first = submission_claim(submission_id=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(heartbeat_at=timezone.now() - dt.timedelta(days=1))
    submission_claim(submission_id=submission.pk)
    old_holder = Submission.objects.get(pk=submission.pk)
    old_holder.claim_token = first

    assert submission_heartbeat(submission=old_holder) is False


def test_a_result_from_a_lost_claim_is_discarded(competition, user, settings):
    submission = _queued(competition, user)
    first = submission_claim(submission_id=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(heartbeat_at=timezone.now() - dt.timedelta(days=1))
    second = submission_claim(submission_id=submission.pk)
    slow, fast = Submission.objects.get(pk=submission.pk), Submission.objects.get(pk=submission.pk)
    slow.claim_token, fast.claim_token = first, second
    results = {"public": MetricResult(score=0.5), "private": MetricResult(score=0.25)}

    assert submission_store_scores(submission=fast, results=results) is True
    assert submission_store_scores(submission=slow, results=results) is False
    assert Score.objects.filter(submission=submission).count() == 2


def test_a_task_delivered_twice_scores_once(competition, user):
    submission = _queued(competition, user)
    task_score_submission.apply(args=[submission.pk])
    task_score_submission.apply(args=[submission.pk])
    submission.refresh_from_db()
    assert submission.attempts == 1
    assert Score.objects.filter(submission=submission).count() == 2


def test_a_file_that_breaks_only_at_scoring_time_fails_with_its_message(competition, user):
    submission = _queued(competition, user)
    with submission.file.open("wb") as handle:
        handle.write(b"ID,target\na,0\n")

    task_score_submission.apply(args=[submission.pk])

    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    assert "missing" in submission.error_message.lower()
    assert not Score.objects.filter(submission=submission).exists()


def test_a_poison_submission_fails_for_good_after_three_attempts(competition, user):
    submission = _queued(competition, user)
    submission.file.storage.delete(submission.file.name)

    deliveries = 0
    while submission.status == Submission.Status.QUEUED and deliveries < 10:
        deliveries += 1  # each Retry below is the broker delivering the task again
        with contextlib.suppress(Retry):
            task_score_submission.apply(args=[submission.pk])
        submission.refresh_from_db()

    assert deliveries == 4
    assert submission.status == Submission.Status.ERROR
    assert submission.attempts == 4  # three real attempts, then the claim that gives up
    assert "after 3 attempts" in submission.error_message


def test_the_watchdog_recovers_a_submission_left_in_queued(competition, user, settings):
    submission = _queued(competition, user)
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))

    assert task_requeue_stuck_submissions.apply().get() == 1

    submission.refresh_from_db()
    assert submission.status == Submission.Status.SCORED


def test_the_watchdog_leaves_fresh_and_finished_submissions_alone(competition, user):
    fresh = _queued(competition, user)
    published = _queued(competition, user)
    Submission.objects.filter(pk=published.pk).update(published_at=timezone.now() - dt.timedelta(minutes=1),
                                                      created_at=timezone.now() - dt.timedelta(minutes=1))
    scored = _queued(competition, user)
    task_score_submission.apply(args=[scored.pk])

    assert task_requeue_stuck_submissions.apply().get() == 0
    assert {s.pk: s.status for s in Submission.objects.all()} == {
        fresh.pk: "queued", published.pk: "queued", scored.pk: "scored"}


def test_the_watchdog_sends_again_a_message_published_long_ago(competition, user, settings):
    submission = _queued(competition, user)
    long_ago = timezone.now() - settings.PODIUM_SCORING_REQUEUE_AFTER - dt.timedelta(seconds=1)
    Submission.objects.filter(pk=submission.pk).update(published_at=long_ago, created_at=long_ago)

    assert task_requeue_stuck_submissions.apply().get() == 1
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SCORED


def test_the_watchdog_releases_a_dead_workers_claim_and_scores_it(competition, user, settings):
    submission = _queued(competition, user)
    submission_claim(submission_id=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.PODIUM_SCORING_STALE_SECONDS + 1),
        created_at=timezone.now() - dt.timedelta(minutes=5))

    assert task_requeue_stuck_submissions.apply().get() == 1

    submission.refresh_from_db()
    assert submission.status == Submission.Status.SCORED and submission.attempts == 2


class BrokerDown:
    """Stands in for apply_async while the broker is unreachable (the integration test stops a real Redis)."""

    calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_an_upload_while_the_broker_is_down_is_kept_and_published_later(
        competition, user, monkeypatch, django_capture_on_commit_callbacks):
    broker_down = BrokerDown()
    monkeypatch.setattr(task_score_submission, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        submission, created = submission_create(competition=competition, user=user, data=PERFECT, filename="s.csv")

    submission.refresh_from_db()
    assert created and broker_down.calls == 1
    assert (submission.status, submission.published_at) == (Submission.Status.QUEUED, None)
    assert submission.file.storage.exists(submission.file.name)

    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - dt.timedelta(seconds=6))
    assert task_requeue_stuck_submissions.apply().get() == 0  # still down: nothing published, nothing lost
    monkeypatch.undo()  # the broker is back
    assert task_requeue_stuck_submissions.apply().get() == 1

    submission.refresh_from_db()
    assert submission.status == Submission.Status.SCORED and submission.published_at is not None


def test_rescoring_keeps_the_old_scores_disabled(competition, user, django_capture_on_commit_callbacks):
    submission = _queued(competition, user)
    task_score_submission.apply(args=[submission.pk])

    with django_capture_on_commit_callbacks(execute=True):
        submission_rescore(submission=submission)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.SCORED
    assert Score.objects.filter(submission=submission, is_active=True).count() == 2
    assert Score.objects.filter(submission=submission, is_active=False).count() == 2


def _queued(competition, user) -> Submission:
    """A stored submission whose task was not sent (as if its message were lost)."""
    from django.db import transaction

    with transaction.atomic():
        submission, _ = submission_create(competition=competition, user=user, data=PERFECT, filename="sub.csv")
        transaction.set_rollback(False)
    return Submission.objects.get(pk=submission.pk)


def test_hosts_rescore_from_the_admin(admin_client, competition, user, django_capture_on_commit_callbacks):
    submission = _queued(competition, user)
    task_score_submission.apply(args=[submission.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/competitions/submission/",
                                     {"action": "rescore", "_selected_action": [submission.pk]})

    assert response.status_code == 302
    assert Score.objects.filter(submission=submission, is_active=False).count() == 2
    assert admin_client.get(f"/admin/competitions/submission/{submission.pk}/change/").status_code == 200


def test_the_daily_count_resets_at_utc_midnight(competition, user):
    from competitions.services.submissions import team_quota
    from competitions.services.teams import team_of

    team = team_of(competition=competition, user=user)
    last_second = dt.datetime(2026, 11, 24, 23, 59, 59, 999999, tzinfo=dt.timezone.utc)
    for moment in (last_second - dt.timedelta(hours=1), last_second):
        submission = _queued(competition, user)
        Submission.objects.filter(pk=submission.pk).update(created_at=moment)

    before_midnight = team_quota(team=team, now=last_second)
    after_midnight = team_quota(team=team, now=last_second + dt.timedelta(microseconds=1))

    assert (before_midnight.used, before_midnight.resets_at.isoformat()) == (2, "2026-11-25T00:00:00+00:00")
    assert (after_midnight.used, after_midnight.resets_at.isoformat()) == (0, "2026-11-26T00:00:00+00:00")
    # A clock in another time zone changes nothing: the day is the UTC day.
    seoul = last_second.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert team_quota(team=team, now=seoul).used == 2
