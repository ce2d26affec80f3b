"""How fast real Celery workers drain a queue of submissions, against one process scoring the same files in a loop.

Run from the repository root (PostgreSQL on 127.0.0.1:5432 with trust auth, Redis on 127.0.0.1:6379)::

    python -m benchmarks.queue_drain [--count N] [--workers 1,2,4] [--setup distributed|embedded] [--redis URL]

It seeds the bootcamp's three competitions at their real sizes (macro F1 on 3,140 document-image labels, ROUGE on
499 Korean dialogues with 3 references each, MAP@3 on 220 queries; synthetic data from ``benchmarks.scoring``) and
``--count`` submissions (default 1,000) through the upload service, in the proportion of the bootcamp's daily
limits (12 : 12 : 5, so 41% F1, 41% ROUGE, 18% MAP), from 30 participants per competition, each file a variant of
its own. Then, per configuration, it starts the workers as ``make run`` does (``celery -A config worker
--concurrency=1``, one process each, on a queue of its own), waits until they are ready and idle (Kiwi loaded),
publishes every submission's scoring task at once and times until the last one is scored. Between configurations
every submission goes back to queued, its scores deleted.

* **floor**: this process reading and scoring the same files in a loop, as a worker's task does (parse, score both
  splits, the public score's bootstrap) with a worker child's thread limit (``PODIUM_SCORING_THREADS``), with no
  database, broker or worker around it. Its rate is the reference:
  ``speed-up`` is a configuration's submissions/s over the floor's. The scores stored by the workers must equal
  the floor's.
* **distributed** (``--setup distributed``): PostgreSQL + Redis, with 1, 2 and 4 worker processes (``--workers``).
* **embedded** (``--setup embedded``): `make run`'s default, SQLite + the filesystem broker, one worker.

Without ``--setup`` it runs both, each in a child process (Django's settings are per process), and prints one table.
The machine's core count and load average are printed beside the figures: other processes share the CPUs.
"""

import argparse
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
REPO_ROOT = Path(__file__).resolve().parent.parent
QUEUE = "podium-bench-drain"
MIX = (("f1", 12), ("rouge", 12), ("map", 5))  # the bootcamp's daily limits per competition
PARTICIPANTS = 30
DRAIN_TIMEOUT_S = 3600
CHILD = "PODIUM_DRAIN_CHILD"
IDLE_S = 10.0  # how long each started worker is watched doing nothing, for its idle CPU use


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="Queued submissions (default 1,000).")
    parser.add_argument("--workers", default="1,2,4", help="Worker process counts, distributed setup (default 1,2,4).")
    parser.add_argument("--setup", choices=["distributed", "embedded"], help="Run one setup, in this process.")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="Broker of the distributed setup.")
    parser.add_argument("--database", default="podium_bench_drain", help="PostgreSQL database to create and drop.")
    return parser.parse_args()


def load_average() -> str:
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    return f"nproc {len(os.sched_getaffinity(0))}, {load_average()}"


# --- Data -------------------------------------------------------------------------------------------------------


@dataclass
class Competition:
    key: str
    metric: str
    params: dict
    solution: bytes
    files: list[bytes]


def competitions(count: int) -> list[Competition]:
    """The three competitions and `count` submission files in MIX's proportions, each file its own variant."""
    from benchmarks.scoring import f1_case, map_case, rouge_case

    total = sum(weight for _, weight in MIX)
    counts = {key: count * weight // total for key, weight in MIX}
    counts["f1"] += count - sum(counts.values())
    cases = {"f1": f1_case(n=3140), "rouge": rouge_case(n=499), "map": map_case(n=220)}
    variants = {"f1": f1_variant, "rouge": rouge_variant, "map": map_variant}
    return [Competition(key=key, metric=case.metric, params=case.params, solution=case.solution,
                        files=[variants[key](case, seed) for seed in range(counts[key])])
            for key, case in cases.items()]


def f1_variant(case, seed: int) -> bytes:
    """The solution's ids in sample order, 80-97% of the labels right (a tuned model to a weak one)."""
    rng = random.Random(seed)
    accuracy = rng.uniform(0.80, 0.97)
    rows = list(csv.reader(io.StringIO(case.solution.decode())))[1:]
    lines = [f"{image},{label if rng.random() < accuracy else rng.randrange(17)}" for image, label, *_ in rows]
    return ("ID,target\n" + "\n".join(lines) + "\n").encode()


def rouge_variant(case, seed: int) -> bytes:
    """A paraphrase of one reference per dialogue, with the bootcamp's unnamed index column."""
    from benchmarks.scoring import _csv, paraphrase

    rng = random.Random(seed)
    rows = list(csv.DictReader(io.StringIO(case.solution.decode())))
    return _csv(["", "fname", "summary"],
                ([i, row["fname"], paraphrase(rng, row[f"summary{rng.randint(1, 3)}"])] for i, row in enumerate(rows)))


def map_variant(case, seed: int) -> bytes:
    """Each query's top 3 from the documents the file already names, shuffled differently per variant."""
    rng = random.Random(seed)
    lines = [json.loads(line) for line in case.submission.decode().splitlines()]
    pool = sorted({docid for line in lines for docid in line["topk"]})
    for line in lines:
        if line["topk"] and rng.random() < 0.3:
            line["topk"] = rng.sample(pool, 3)
        else:
            rng.shuffle(line["topk"])
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


# --- Setting up a deployment -----------------------------------------------------------------------------------


def environment_configure(setup: str, args: argparse.Namespace, var_dir: Path) -> dict:
    """The environment of this process and of the workers; must run before django.setup()."""
    if setup == "distributed":
        database, broker = f"{PG_SERVER}/{args.database}", args.redis
    else:  # make run's defaults: both under var/
        database, broker = f"sqlite:///{var_dir / 'podium.sqlite3'}", "filesystem://"
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": database,
                   "PODIUM_VAR_DIR": str(var_dir), "CELERY_BROKER_URL": broker, "DJANGO_DEBUG": "False",
                   "DJANGO_LOG_LEVEL": "WARNING"}
    if setup == "embedded":  # as scripts/serve.sh: make run's one worker process may use every core
        environment["PODIUM_SCORING_THREADS"] = os.environ.get("PODIUM_SCORING_THREADS",
                                                               str(len(os.sched_getaffinity(0))))
    os.environ.update(environment)
    return environment


def postgres_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


def django_prepare() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.conf import settings

    from config import warmup
    from config.celery_app import app

    warmup.limit_threads(settings.PODIUM_SCORING_THREADS)  # the floor scores with a worker child's threads

    app.conf.task_default_queue = QUEUE  # the workers consume only this queue


def seed(data: list[Competition]) -> list[int]:
    """Competitions, participants and submissions through the upload service, their tasks not yet published."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from competitions.models import Competition as CompetitionRow
    from competitions.services import rules_accept, solution_set
    from competitions.services import submissions as services

    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"p{i}", email=f"p{i}@example.com", password="!") for i in range(PARTICIPANTS))
    now, ids = timezone.now(), []
    publish, services.submission_enqueue = services.submission_enqueue, lambda **kwargs: None
    try:
        for item in data:
            competition = CompetitionRow.objects.create(
                slug=f"drain-{item.key}", title=item.key, metric_key=item.metric, metric_params=item.params,
                start_at=now - timedelta(days=1), end_at=now + timedelta(days=30), daily_submission_limit=10_000)
            solution_set(competition=competition, content=item.solution)
            for user in users:
                rules_accept(competition=competition, user=user)
            for i, content in enumerate(item.files):
                submission, _ = services.submission_create(competition=competition, user=users[i % len(users)],
                                                           data=content, filename=f"{item.key}-{i}.csv")
                ids.append(submission.pk)
    finally:
        services.submission_enqueue = publish
    random.Random(0).shuffle(ids)  # the metrics interleave in the queue, as uploads do
    return ids


def queue_reset() -> None:
    from competitions.models import Score, Submission

    Score.objects.all().delete()
    Submission.objects.update(status=Submission.Status.QUEUED, attempts=0, claim_token=None, claimed_at=None,
                              heartbeat_at=None, published_at=None, scored_at=None, error_message="")


# --- Workers ----------------------------------------------------------------------------------------------------


def workers_start(count: int, environment: dict, log_dir: Path) -> list[subprocess.Popen]:
    workers = []
    for i in range(count):
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1",
                   "-Q", QUEUE, "-n", f"drain{i}-{time.monotonic_ns()}@%h"]
        with (log_dir / f"worker{i}.log").open("wb") as log:
            workers.append(subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, **environment}, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True))
    deadline = time.monotonic() + 120
    for i, worker in enumerate(workers):
        while " ready." not in (log_dir / f"worker{i}.log").read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                workers_stop(workers)
                raise SystemExit(f"worker {i} did not start:\n{(log_dir / f'worker{i}.log').read_text()[-3000:]}")
            time.sleep(0.2)
    cpu_settled([worker.pid for worker in workers])  # the Kiwi warm-up of each worker's child
    return workers


def workers_stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, 15)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, 9)
            worker.wait()


def tree_cpu_s(roots: list[int]) -> float:
    """CPU seconds used so far by these processes and their children (Linux /proc)."""
    ticks, total, wanted = os.sysconf("SC_CLK_TCK"), 0.0, set(roots)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) in wanted or int(fields[1]) in wanted:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def cpu_settled(roots: list[int], quiet_s: float = 1.0, timeout_s: float = 120.0) -> None:
    deadline, before = time.monotonic() + timeout_s, tree_cpu_s(roots)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = tree_cpu_s(roots)
        if now - before < 0.05 * len(roots):
            return
        before = now


# --- Measuring --------------------------------------------------------------------------------------------------


def drain(ids: list[int], workers: int, environment: dict, log_dir: Path) -> dict:
    """Publishes every task at once to `workers` fresh worker processes; times until the last is scored."""
    from competitions.models import Submission
    from competitions.services.submissions import submission_publish

    queue_reset()
    processes = workers_start(workers, environment, log_dir)
    try:
        idle = tree_cpu_s([p.pid for p in processes])
        time.sleep(IDLE_S)
        idle_percent = (tree_cpu_s([p.pid for p in processes]) - idle) * 100 / IDLE_S / workers
        cpu, started = tree_cpu_s([p.pid for p in processes]), time.perf_counter()
        for pk in ids:
            submission_publish(submission_id=pk)
        published = time.perf_counter() - started
        while (done := Submission.objects.exclude(status__in=[Submission.Status.QUEUED,
                                                              Submission.Status.SCORING]).count()) < len(ids):
            if time.perf_counter() - started > DRAIN_TIMEOUT_S:
                raise SystemExit(f"only {done} of {len(ids)} scored after {DRAIN_TIMEOUT_S} s")
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        worker_cpu = tree_cpu_s([p.pid for p in processes]) - cpu
    finally:
        workers_stop(processes)
    failed = Submission.objects.exclude(status=Submission.Status.SCORED).count()
    return {"workers": workers, "elapsed": elapsed, "rate": len(ids) / elapsed, "publish_s": published,
            "worker_cpu_ms": worker_cpu * 1000 / len(ids), "failed": failed, "idle_cpu": idle_percent}


def floor(ids: list[int]) -> tuple[dict, dict[tuple[int, str], float]]:
    """One process scoring the same stored files in a loop, as the task does, with nothing around it."""
    from competitions.models import Submission
    from competitions.services.submissions import score_uncertainty, submission_score

    submissions = {s.pk: s for s in Submission.objects.select_related("competition__solution").filter(pk__in=ids)}
    for first in {s.competition_id: s for s in submissions.values()}.values():  # each solution loads once, as in
        score_uncertainty(competition=first.competition, results=submission_score(submission=first))  # a worker
    scores, cpu, started = {}, time.process_time(), time.perf_counter()
    for pk in ids:
        submission = submissions[pk]
        results = submission_score(submission=submission)
        score_uncertainty(competition=submission.competition, results=results)
        scores.update({(pk, split): result.score for split, result in results.items()})
    elapsed = time.perf_counter() - started
    return ({"workers": 0, "elapsed": elapsed, "rate": len(ids) / elapsed, "publish_s": 0.0,
             "worker_cpu_ms": (time.process_time() - cpu) * 1000 / len(ids), "failed": 0}, scores)


def scores_check(expected: dict[tuple[int, str], float]) -> int:
    """How many stored scores differ from the floor's (must be none)."""
    from competitions.models import Score

    stored = {(s.submission_id, s.split): s.value for s in Score.objects.filter(is_active=True)}
    return sum(1 for key, value in expected.items() if abs(stored.get(key, float("nan")) - value) > 1e-9
               or key not in stored)


def run_setup(setup: str, args: argparse.Namespace) -> list[dict]:
    var_dir = Path(tempfile.mkdtemp(prefix=f"podium-drain-{setup}-"))
    environment = environment_configure(setup, args, var_dir)
    if setup == "distributed":
        postgres_execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        postgres_execute(f"CREATE DATABASE {args.database}")
    rows = []
    try:
        django_prepare()
        started = time.perf_counter()
        ids = seed(competitions(args.count))
        print(f"[{setup}] seeded {len(ids)} submissions in {time.perf_counter() - started:.0f} s; {machine()}",
              flush=True)
        reference, expected = floor(ids)
        from django.conf import settings

        threads = _threads(settings.PODIUM_SCORING_THREADS)  # the floor's and the workers' (same environment)
        rows.append({"setup": setup, "label": f"floor: one process ({threads}), in a loop", **reference})
        print(f"[{setup}] floor {reference['rate']:.2f}/s", flush=True)
        counts = [int(n) for n in args.workers.split(",")] if setup == "distributed" else [1]
        for workers in counts:
            result = drain(ids, workers, environment, var_dir)
            result["mismatched"] = scores_check(expected)
            label = (f"PostgreSQL + Redis, {workers} worker{'s' if workers > 1 else ''} ({threads})"
                     if setup == "distributed" else f"embedded: SQLite + filesystem, 1 worker ({threads})")
            rows.append({"setup": setup, "label": label, **result, "machine": machine()})
            print(f"[{setup}] {label}: {result['rate']:.2f}/s ({machine()})", flush=True)
    finally:
        broker_cleanup(setup, args)
        if setup == "distributed":
            from django.db import connections

            connections.close_all()
            postgres_execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)
    return rows


def _threads(count: int) -> str:
    return f"{count} thread{'s' if count > 1 else ''}"


def broker_cleanup(setup: str, args: argparse.Namespace) -> None:
    if setup == "distributed":
        import redis

        redis.Redis.from_url(args.redis).delete(QUEUE)


def table(rows: list[dict]) -> None:
    floors = {row["setup"]: row["rate"] for row in rows if row["workers"] == 0}
    print(f"\n{'configuration':<54} {'subs/s':>7} {'speed-up':>9} {'drain s':>8} {'CPU ms/sub':>11} "
          f"{'idle CPU':>9} {'not scored':>10} {'wrong':>6}")
    for row in rows:
        idle = f"{row['idle_cpu']:.2f}%" if "idle_cpu" in row else "-"
        print(f"{row['label']:<54} {row['rate']:>7.2f} {row['rate'] / floors[row['setup']]:>8.2f}x "
              f"{row['elapsed']:>8.1f} {row['worker_cpu_ms']:>11.0f} {idle:>9} {row['failed']:>10} "
              f"{row.get('mismatched', 0):>6}")


def main() -> None:
    args = parse_args()
    print(f"Queue drain: {args.count} submissions (F1 : ROUGE : MAP = 12 : 12 : 5); {os.cpu_count()} CPU cores, "
          f"{machine()}", flush=True)
    if args.setup:
        rows = run_setup(args.setup, args)
        if os.environ.get(CHILD):  # the parent prints the table
            print("RESULT " + json.dumps(rows), flush=True)
            return
    else:
        rows = []
        for setup in ("distributed", "embedded"):
            command = [sys.executable, "-m", "benchmarks.queue_drain", *sys.argv[1:], "--setup", setup]
            with subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, CHILD: "1"}) as child:
                for line in child.stdout:
                    if line.startswith("RESULT "):
                        rows += json.loads(line[len("RESULT "):])
                    elif not line.startswith("Queue drain:"):
                        print(line, end="", flush=True)
            if child.returncode:
                raise SystemExit(f"the {setup} run failed with status {child.returncode}")
    table(rows)
    print(f"\nCPU ms/sub: the workers' processes (floor: this process) per submission, their solution loads "
          f"included; idle CPU: per worker (main process and child), over {IDLE_S:.0f} s before the tasks were "
          f"published. At the end: {machine()}.")


if __name__ == "__main__":
    main()
