"""Faults with every process real: gunicorn, Celery workers and beat as separate processes, as in production.

The broker outage runs on a Redis that the test starts and stops itself; the kill -9 test uses the suite's broker
(Redis in CI's PostgreSQL run, the filesystem broker in the SQLite run). Both print what they measured.
"""

import collections
import threading
import time

import pytest
import requests

from accounts.services import api_key_get_or_create
from competitions.models import Score, Submission
from competitions.services import solution_set
from competitions.services.submissions import submission_create

from ..factories import CompetitionFactory
from .conftest import PERFECT, Beat, RedisServer, WebServer, Worker, summaries_upload, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]

UPLOADS = 100
OUTAGE_STARTS, OUTAGE_SECONDS = 10.0, 60.0
UPLOAD_SPACING = 0.8  # 100 uploads over 80 s: about 75 of them fall inside the outage


@pytest.fixture
def own_redis(tmp_path):
    redis = RedisServer(tmp_path).start()
    yield redis
    redis.stop()


def _upload_all(*, url: str, key: str, slug: str) -> tuple[collections.Counter, list[threading.Thread]]:
    """UPLOADS uploads from four client threads, one every UPLOAD_SPACING seconds; counts the answers."""
    answers, lock, started = collections.Counter(), threading.Lock(), time.monotonic()

    def upload(index: int) -> None:
        time.sleep(max(0.0, started + index * UPLOAD_SPACING - time.monotonic()))
        try:
            response = requests.post(f"{url}/api/v1/competitions/{slug}/submissions/", timeout=60,
                                     headers={"Authorization": f"Token {key}"},
                                     files={"file": ("s.csv", PERFECT)}, data={"description": f"upload {index}"})
            answer = response.status_code
        except requests.RequestException as error:
            answer = type(error).__name__
        with lock:
            answers[answer] += 1

    threads = [threading.Thread(target=lambda part=part: [upload(i) for i in range(part, UPLOADS, 4)])
               for part in range(4)]
    for thread in threads:
        thread.start()
    return answers, threads


@pytest.fixture
def classification(transactional_db):
    """Its own slug: the files of other tests' competitions stay in the shared test folder."""
    competition = CompetitionFactory(slug="outage", daily_submission_limit=UPLOADS)
    solution_set(competition=competition, content=b"ID,target,Usage\na,0,Public\nb,1,Private\nc,2,Public\nd,1,Private\n")
    return competition


def test_a_60_second_broker_outage_loses_no_upload(start_service, own_redis, classification, participant):
    broker = {"CELERY_BROKER_URL": own_redis.url, "PODIUM_SCORING_REQUEUE_AFTER_SECONDS": "20"}
    web = start_service(WebServer, **broker)
    worker = start_service(Worker, **broker)
    start_service(Beat, **broker)
    key = api_key_get_or_create(user=participant).key

    answers, threads = _upload_all(url=web.url, key=key, slug=classification.slug)
    time.sleep(OUTAGE_STARTS)
    own_redis.stop()
    time.sleep(OUTAGE_SECONDS)
    own_redis.start()  # an empty Redis: whatever the old one held is gone, as after a restart without persistence
    back_at = time.monotonic()
    for thread in threads:
        thread.join()

    accepted, refused = answers[201], answers[503]
    assert accepted + refused == UPLOADS, f"answers other than 201 or 503: {dict(answers)}"
    submissions = Submission.objects.filter(competition=classification)
    assert submissions.count() == accepted  # a refused upload writes nothing
    stored = classification.solution.file.storage.listdir(f"competitions/{classification.slug}/submissions")[0]
    assert len(stored) == accepted  # one file per row, no file without its row

    wait_for(lambda: not submissions.exclude(status=Submission.Status.SCORED).exists(), timeout=180,
             what="every accepted upload to be scored", worker=worker)
    drained = time.monotonic() - back_at
    scores = collections.Counter(Score.objects.filter(submission__competition=classification)
                                 .values_list("submission_id", flat=True))
    assert set(scores.values()) == {2} and len(scores) == accepted  # public + private, once each
    assert set(submissions.values_list("attempts", flat=True)) == {1}
    print(f"\nBroker down {OUTAGE_SECONDS:.0f} s during {UPLOADS} uploads: {accepted} accepted (201), {refused} "
          f"refused (503); all {accepted} scored exactly once, {drained:.0f} s after the broker came back.")


def test_a_worker_killed_mid_scoring_is_replaced_within_two_minutes(start_service, slow_summaries, participant):
    first = start_service(Worker)  # default heartbeat, stale cut-off and watchdog period
    start_service(Beat)
    submission, _ = submission_create(competition=slow_summaries, user=participant, data=summaries_upload(),
                                      filename="s.csv")
    status = lambda: Submission.objects.values_list("status", flat=True).get(pk=submission.pk)  # noqa: E731
    wait_for(lambda: status() == Submission.Status.SCORING, timeout=60, what="scoring to start", worker=first)

    first.kill()
    killed_at = time.monotonic()
    second = start_service(Worker)
    wait_for(lambda: status() == Submission.Status.SCORED, timeout=120, what="another worker to score it",
             worker=second)
    rescued_in = time.monotonic() - killed_at

    assert Submission.objects.get(pk=submission.pk).attempts == 2
    assert Score.objects.filter(submission=submission).count() == 2
    print(f"\nWorker killed with SIGKILL mid-scoring: scored by another worker {rescued_in:.0f} s later.")
