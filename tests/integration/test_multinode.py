"""Nodes that share nothing but the services: gunicorn, two Celery workers and beat, each in an empty folder of its
own (its own var/, its own working directory), on PostgreSQL + S3 (moto_server) + Redis or RabbitMQ.

A few hundred uploads across the three metrics (macro F1, ROUGE on Kiwi's Korean morphemes, MAP@3) go through
gunicorn's REST API; one worker is killed with SIGKILL mid-run. Every submission must end scored exactly once, with
the scores the engine gives in this process, and no node may have written a stored file to its own disk.
"""

import json
import os
import random
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.db import connection

from accounts.services import api_key_get_or_create
from competitions.models import Score, Submission
from competitions.services import rules_accept, solution_set
from scoring.engine import score_submission
from scoring.solution import load_solution

from ..factories import CompetitionFactory, UserFactory
from ..scoring.conftest import korean_sentence
from ..storage.s3 import s3_endpoint, s3_store  # noqa: F401 (fixtures)
from .conftest import REPO_ROOT, Beat, WebServer, Worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PER_METRIC = 80  # 240 uploads in all
ROWS = 12
KILL_AFTER = 40  # scored submissions before one worker is killed
BROKERS = {
    "redis": os.environ.get("PODIUM_TEST_MULTINODE_REDIS", "redis://127.0.0.1:6379/5"),
    "rabbitmq": os.environ.get("PODIUM_TEST_MULTINODE_AMQP", "amqp://guest:guest@127.0.0.1:5672//"),
}
# Short enough that a dead worker's claim is taken over within seconds, not the production minute.
FAST_RECOVERY = {"PODIUM_SCORING_HEARTBEAT_SECONDS": "1", "PODIUM_SCORING_STALE_SECONDS": "5",
                 "PODIUM_WATCHDOG_SECONDS": "2", "PODIUM_SCORING_REQUEUE_AFTER_SECONDS": "60"}


def _solution_and_uploads(metric: str, rng: random.Random) -> tuple[bytes, list[tuple[str, bytes]]]:
    """A solution of ROWS rows and PER_METRIC different submissions for it, as the bootcamp's files look."""
    usage = ["Public" if row % 2 else "Private" for row in range(ROWS)]
    if metric == "macro_f1":
        solution = "ID,target,Usage\n" + "".join(f"r{i},{i % 3},{usage[i]}\n" for i in range(ROWS))
        uploads = [("labels.csv", "ID,target\n" + "".join(f"r{i},{rng.randrange(3)}\n" for i in range(ROWS)))
                   for _ in range(PER_METRIC)]
    elif metric == "rouge":
        solution = "fname,summary1,Usage\n" + "".join(
            f"d{i},{korean_sentence(rng, n_words=8)},{usage[i]}\n" for i in range(ROWS))
        uploads = [("summaries.csv", "fname,summary\n" + "".join(
            f"d{i},{korean_sentence(rng, n_words=8)}\n" for i in range(ROWS))) for _ in range(PER_METRIC)]
    else:
        solution = "\n".join(json.dumps({"eval_id": i, "relevant": [f"doc{i}"], "Usage": usage[i]})
                             for i in range(ROWS))
        uploads = [("retrieval.csv", "\n".join(json.dumps({"eval_id": i, "standalone_query": "질문",
                                                           "topk": rng.sample([f"doc{j}" for j in range(ROWS)], 3)})
                                                for i in range(ROWS))) for _ in range(PER_METRIC)]
    return solution.encode(), [(name, text.encode()) for name, text in uploads]


def _node(kind: type, home: Path, **env: str):
    """A process that has only its own empty folder: var/, working directory and the test scratch root."""
    (home / "var").mkdir(parents=True)
    service = kind(home / "node.log", PODIUM_TEST_TMP=str(home), PODIUM_VAR_DIR=str(home / "var"),
                   PYTHONPATH=str(REPO_ROOT), **env)
    service.cwd = home
    return service.start()


def _stored_files_on_disk(home: Path) -> list[Path]:
    return [path for folder in ("media", "private") if (home / folder).exists()
            for path in (home / folder).rglob("*") if path.is_file()]


def _broker_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=2).close()
        return True
    except OSError:
        return False


@pytest.mark.parametrize("broker", list(BROKERS))
def test_web_and_workers_that_share_no_disk_score_everything_once(broker, s3_store, transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        message = "nodes of their own need a shared database server: run with DATABASE_URL=postgres://..."
        if os.environ.get("PODIUM_REQUIRE_MULTINODE"):
            pytest.fail(message)
        pytest.skip(message)
    broker_url = BROKERS[broker]
    assert _broker_reachable(broker_url), f"{broker} is not running at {broker_url} (CI's .ci/run starts it)"

    rng = random.Random(16)
    user = UserFactory(username="multinode")
    reference, competitions = {}, []
    for metric in ("macro_f1", "rouge", "map_at_k"):
        competition = CompetitionFactory(slug=f"multinode-{metric.replace('_', '-')}", metric_key=metric,
                                         metric_params={}, daily_submission_limit=PER_METRIC)
        solution, uploads = _solution_and_uploads(metric, rng)
        solution_set(competition=competition, content=solution,
                     filename="solution.jsonl" if metric == "map_at_k" else "solution.csv")
        rules_accept(competition=competition, user=user)
        loaded = load_solution(data=solution, metric_key=metric, params={}, public_fraction=competition.public_fraction,
                               seed=competition.split_seed)
        for filename, data in uploads:  # the single-process run: the engine, here, on the same bytes
            results = score_submission(solution=loaded, data=data, filename=filename, metric_key=metric, params={})
            reference.setdefault(competition.slug, []).append(
                (filename, data, {split: result.score for split, result in results.items()}))
        competitions.append(competition)

    env = {"CELERY_BROKER_URL": broker_url, **s3_store.env, **FAST_RECOVERY}
    nodes = []
    try:
        web = _node(WebServer, tmp_path / "web", **env)
        nodes.append(web)
        workers = [_node(Worker, tmp_path / f"worker{index}", **env) for index in (1, 2)]
        nodes.extend(workers)
        nodes.append(_node(Beat, tmp_path / "beat", **env))
        _run_and_check(web=web, workers=workers, key=api_key_get_or_create(user=user).key, reference=reference,
                       broker=broker, homes=[node.cwd for node in nodes], store=s3_store)
    finally:
        for node in reversed(nodes):
            node.stop()


def _run_and_check(*, web, workers, key: str, reference: dict, broker: str, homes: list[Path], store) -> None:
    started = time.monotonic()
    answers, lock = {}, threading.Lock()

    def upload(job: tuple[str, int, str, bytes]) -> None:
        slug, index, filename, data = job
        response = requests.post(f"{web.url}/api/v1/competitions/{slug}/submissions/", timeout=120,
                                 headers={"Authorization": f"Token {key}"}, files={"file": (filename, data)},
                                 data={"description": f"{slug} #{index}"})
        with lock:
            answers[(slug, index)] = (response.status_code, response.text[:300])

    jobs = [(slug, index, filename, data) for slug, files in reference.items()
            for index, (filename, data, _) in enumerate(files)]
    random.Random(3).shuffle(jobs)
    pool = ThreadPoolExecutor(max_workers=4)
    futures = [pool.submit(upload, job) for job in jobs]

    scored = Submission.objects.filter(status=Submission.Status.SCORED)
    wait_for(lambda: scored.count() >= KILL_AFTER, timeout=180, what=f"{KILL_AFTER} scored submissions",
             worker=workers[0], interval=0.05)
    scoring = Submission.objects.filter(status=Submission.Status.SCORING)
    # Both workers busy: the one killed is almost surely in the middle of a submission, not between two.
    wait_for(lambda: scoring.count() >= 2, timeout=60, what="both workers to be scoring", worker=workers[0],
             interval=0.01)
    in_flight = scoring.count()
    workers[0].kill()  # SIGKILL to its process group: the worker and its pool process, mid-run
    killed_at_scored = scored.count()
    for future in futures:
        future.result()
    pool.shutdown()
    refused = {job: answer for job, answer in answers.items() if answer[0] != 201}
    assert not refused, f"uploads refused: {list(refused.items())[:3]}"

    total = len(jobs)
    wait_for(lambda: scored.count() == total, timeout=300, what=f"all {total} submissions to be scored",
             worker=workers[1], interval=0.2)
    drained = time.monotonic() - started

    submissions = Submission.objects.select_related("competition")
    assert submissions.count() == total and not submissions.exclude(status=Submission.Status.SCORED).exists()
    by_file = {(s.competition.slug, s.description): s for s in submissions}
    mismatches = 0
    for slug, files in reference.items():
        for index, (_, _, expected) in enumerate(files):
            submission = by_file[(slug, f"{slug} #{index}")]
            stored = dict(Score.objects.filter(submission=submission).values_list("split", "value"))
            assert len(stored) == Score.objects.filter(submission=submission).count()  # one row per split
            mismatches += stored.keys() != expected.keys() or any(
                abs(stored[split] - value) > 1e-12 for split, value in expected.items())
    assert mismatches == 0, f"{mismatches} submissions scored differently from the single-process run"
    retried = submissions.filter(attempts__gt=1).count()
    assert len(store.keys("private/competitions/")) >= total + 3  # every upload and solution is in the bucket
    on_disk = [path for home in homes for path in _stored_files_on_disk(home)]
    assert not on_disk, f"stored files written to a node's own disk: {on_disk[:5]}"
    print(f"\nMulti-node on PostgreSQL + S3 (moto) + {broker}: {total} uploads (macro F1, ROUGE/Kiwi, MAP@3) through "
          f"gunicorn, 2 workers and beat in folders of their own; worker 1 killed with SIGKILL at {killed_at_scored} "
          f"scored ({in_flight} in flight); all {total} scored exactly once, {retried} after a re-claim, every score "
          f"equal to the single-process run; {drained:.1f} s in all.")
