"""The scoring queue's figures (competitions/queue_stats.py): computed from the submission rows, shown to the host of
a competition in the host area, and to staff in the admin for the competitions they host (every one for a
superuser), never for another's competition."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from competitions import queue_stats
from competitions.models import Submission
from competitions.services import rules_accept
from competitions.services.submissions import (
    submission_claim,
    submission_create,
    submission_release,
    submission_rescore,
    submissions_release_dead_claims,
)
from competitions.tasks import task_score_submission

from ..factories import CompetitionFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_CSV = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
Status = Submission.Status


def _make(competition, user, name: str) -> Submission:
    submission, _ = submission_create(competition=competition, user=user, data=GOOD_CSV, filename=name)
    return submission


def queue_world(competition, user, now) -> dict:
    """One submission in each state: scored (3 s of scoring, 10 minutes ago), scored two hours ago, failed (the
    file), platform error, queued for two hours, being scored with a heartbeat 5 s old, and a claim whose
    heartbeat stopped 10 minutes ago (its worker died)."""
    type(competition).objects.filter(pk=competition.pk).update(daily_submission_limit=50)
    competition.refresh_from_db()
    rules_accept(competition=competition, user=user)
    made = {name: _make(competition, user, f"{name}.csv") for name in
            ("scored", "scored_long_ago", "failed", "error", "queued", "scoring", "stalled")}
    for name in ("scored", "scored_long_ago"):
        task_score_submission.apply(args=[made[name].pk])
    finished = {"scored": now - dt.timedelta(minutes=10), "scored_long_ago": now - dt.timedelta(hours=2)}
    for name, at in finished.items():
        Submission.objects.filter(pk=made[name].pk).update(scored_at=at, claimed_at=at - dt.timedelta(seconds=3))
    Submission.objects.filter(pk=made["failed"].pk).update(status=Status.FAILED, scored_at=now, error_message="x",
                                                           times_failed=1)
    Submission.objects.filter(pk=made["error"].pk).update(status=Status.ERROR, scored_at=now - dt.timedelta(hours=5),
                                                          times_errored=1)
    Submission.objects.filter(pk=made["queued"].pk).update(created_at=now - dt.timedelta(hours=2),
                                                           queued_at=now - dt.timedelta(hours=2))
    for name, beat in (("scoring", now - dt.timedelta(seconds=5)), ("stalled", now - dt.timedelta(minutes=10))):
        assert submission_claim(submission_id=made[name].pk)
        Submission.objects.filter(pk=made[name].pk).update(heartbeat_at=beat)
    return made


@pytest.fixture
def world(competition, user):
    now = timezone.now()
    queue_world(competition, user, now)
    return {"competition": competition, "now": now}


def test_the_figures_come_from_the_rows_in_each_state(world):
    figures = queue_stats.competition_queue_figures(competition=world["competition"], now=world["now"])

    assert (figures.queued, figures.scoring, figures.stale_claims) == (1, 2, 1)
    assert figures.oldest_queued_age == pytest.approx(7200, abs=1)
    assert figures.freshest_heartbeat_age == pytest.approx(5, abs=1)
    assert figures.stalest_heartbeat_age == pytest.approx(600, abs=1)
    # The hour counts only what finished in it: not the scoring two hours ago, not the platform error five ago.
    assert (figures.scored_last_hour, figures.failed_last_hour) == (1, 1)
    assert (figures.failed, figures.errors) == (1, 1)


def test_a_competition_without_submissions_has_zeros_and_totals_add_up(world):
    empty = CompetitionFactory(slug="empty")
    figures = queue_stats.queue_figures(now=world["now"])
    total = queue_stats.queue_figures_total(figures=figures.values())

    assert figures[empty.pk].queued == 0 and figures[empty.pk].oldest_queued_age is None
    assert (total.queued, total.scoring, total.scored_last_hour) == (1, 2, 1)
    assert total.oldest_queued_at == figures[world["competition"].pk].oldest_queued_at
    assert set(total.slugs) == {"tiny", "empty"}


def _uploaded_days_ago(competition, user, days: int) -> Submission:
    rules_accept(competition=competition, user=user)
    submission = _make(competition, user, "s.csv")
    past = timezone.now() - dt.timedelta(days=days)
    Submission.objects.filter(pk=submission.pk).update(created_at=past, queued_at=past)
    return submission


def test_an_upload_is_queued_from_its_upload(competition, user):
    rules_accept(competition=competition, user=user)
    submission = _make(competition, user, "s.csv")

    assert abs(submission.queued_at - submission.created_at) < dt.timedelta(seconds=1)


def test_a_rescored_submission_waits_from_its_rescore_not_its_upload(competition, user):
    submission = _uploaded_days_ago(competition, user, days=2)
    task_score_submission.apply(args=[submission.pk])

    submission_rescore(submission=submission)
    figures = queue_stats.competition_queue_figures(competition=competition)

    assert figures.queued == 1 and figures.oldest_queued_age < 60


def test_a_dead_claim_handed_back_waits_from_the_hand_back(competition, user):
    submission = _uploaded_days_ago(competition, user, days=2)
    assert submission_claim(submission_id=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))

    assert submissions_release_dead_claims() == [submission.pk]
    figures = queue_stats.competition_queue_figures(competition=competition)

    assert figures.queued == 1 and figures.oldest_queued_age < 60


def test_a_crashed_attempt_handed_back_waits_from_the_hand_back(competition, user):
    submission = _uploaded_days_ago(competition, user, days=2)
    submission.claim_token = submission_claim(submission_id=submission.pk)

    assert submission_release(submission=submission)
    figures = queue_stats.competition_queue_figures(competition=competition)

    assert figures.queued == 1 and figures.oldest_queued_age < 60


def test_the_ping_can_be_turned_off(settings):
    settings.PODIUM_WORKER_PING_SECONDS = 0

    assert queue_stats.workers_answering() is None


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_host_area_shows_the_queue_figures(world, host, settings):
    settings.PODIUM_WORKER_PING_SECONDS = 0
    page = _client(host).get("/competitions/tiny/host/").content.decode()

    for testid, value in (("queued", "1"), ("scoring", "2"), ("stale", "1"), ("scored-hour", "1"),
                          ("failed-hour", "1"), ("failed", "1"), ("error", "1"), ("workers", "—")):
        assert f'data-testid="queue-{testid}">{value}<' in page, testid
    assert 'data-testid="queue-oldest">2\xa0hours<' in page


def test_no_one_else_sees_a_competitions_queue_in_the_host_area(world):
    other_host = UserFactory(username="other_host", is_staff=True)
    CompetitionFactory(slug="theirs").hosts.add(other_host)

    for user in (other_host, UserFactory(username="player2")):
        response = _client(user).get("/competitions/tiny/host/")
        assert response.status_code == 404 and b'data-testid="queue' not in response.content


def test_the_admin_shows_the_whole_sites_queue_to_a_superuser(world, admin_client, settings):
    settings.PODIUM_WORKER_PING_SECONDS = 0
    page = admin_client.get("/admin/competitions/submission/").content.decode()

    assert 'data-testid="admin-queue-queued">1<' in page and 'data-testid="admin-queue-scoring">2<' in page
    assert 'data-testid="admin-queue-oldest">2\xa0hours<' in page
    assert 'data-testid="admin-queue-scored-hour">1<' in page and page.count('data-testid="admin-queue-row"') == 1


def test_a_host_sees_in_the_admin_only_the_queue_of_the_competitions_it_hosts(world, settings):
    settings.PODIUM_WORKER_PING_SECONDS = 0
    other_host = UserFactory(username="other_host", is_staff=True)
    theirs = CompetitionFactory(slug="theirs")
    theirs.hosts.add(other_host)

    page = _client(other_host).get("/admin/competitions/submission/").content.decode()

    assert 'data-testid="admin-queue-queued">0<' in page and 'data-testid="admin-queue-scoring">0<' in page
    assert 'data-testid="admin-queue-row"' not in page and "tiny" not in page
