"""Server CPU per REST upload of a realistic submission, against a trivial authenticated GET.

Run from the repository root::

    python -m benchmarks.upload_cpu [--requests N] [--postgres] [--broker URL] [--profile CASE]

It seeds the bootcamp's three competitions at their real sizes (macro F1 on 3,140 document-image labels, ROUGE on
499 Korean dialogues with 3 references, MAP@3 on 220 queries; synthetic data from ``benchmarks.scoring``) with one
participant holding an API key, serves the app with gunicorn as ``make run`` does (``config/gunicorn_conf.py``,
one worker) and sends, one at a time over loopback, ``--requests`` uploads of each competition's file to
``POST /api/v1/competitions/<slug>/submissions/`` and as many ``GET /api/v1/me/`` (token auth: the key lookup and
its last-used update). The figure is the CPU time (user + system, from /proc) that gunicorn's processes spent per
request, so the client's own work is not counted; ``ratio`` is an upload's CPU over the GET's. Target: <= 10 ms
per upload.

Uploads are accepted (the daily limit is set out of reach) and their scoring tasks are published to the broker,
which no worker consumes: the embedded filesystem broker in a throwaway folder by default, or ``--broker`` (a Redis
URL: its queue key is deleted at the end). The database is a throwaway SQLite file, or with ``--postgres`` a
throwaway PostgreSQL database (``--database``, dropped at the end).

``--profile CASE`` (f1, rouge, map or me) runs the same requests in this process through Django's test client
instead: it lists one request's queries, its CPU per request unprofiled, and where the time goes (pyinstrument's
sampling profiler when it is installed, else cProfile on CPU time).
"""

import argparse
import cProfile
import http.client
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.leaderboard import free_port, multipart, process_and_children_cpu_s, server_start
from benchmarks.queue_drain import PG_SERVER, load_average, postgres_execute

DAILY_LIMIT = 1_000_000
WARM_UP_REQUESTS = 10


@dataclass(frozen=True)
class Upload:
    key: str
    slug: str
    metric: str
    params: dict
    solution: bytes
    submission: bytes
    filename: str


def uploads() -> list[Upload]:
    from benchmarks.scoring import f1_case, map_case, rouge_case

    cases = {"f1": f1_case(n=3140), "rouge": rouge_case(n=499), "map": map_case(n=220)}
    return [Upload(key=key, slug=f"bench-{key}", metric=case.metric, params=case.params, solution=case.solution,
                   submission=case.submission, filename="submission.csv") for key, case in cases.items()]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="Requests per series (default 200).")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of a SQLite file.")
    parser.add_argument("--database", default="podium_bench_upload", help="PostgreSQL database to create and drop.")
    parser.add_argument("--broker", default="filesystem://", help="Celery broker URL (default: the embedded one).")
    parser.add_argument("--profile", choices=["f1", "rouge", "map", "me"], help="cProfile one series in-process.")
    return parser.parse_args()


# --- Setting up -------------------------------------------------------------------------------------------------


def environment_configure(args: argparse.Namespace, var_dir: Path) -> None:
    """Must run before django.setup(); the gunicorn child inherits it."""
    database = f"{PG_SERVER}/{args.database}" if args.postgres else f"sqlite:///{var_dir / 'podium.sqlite3'}"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database,
        "PODIUM_VAR_DIR": str(var_dir),
        "CELERY_BROKER_URL": args.broker,
        "DJANGO_DEBUG": "False",
        "DJANGO_LOG_LEVEL": "ERROR",
        "PODIUM_WEB_WORKERS": "1",
    })


def django_prepare() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def seed(cases: list[Upload]) -> str:
    """The three competitions, open for a month, and one participant in each; returns the participant's API key."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.services import api_key_get_or_create
    from competitions.models import Competition
    from competitions.services import rules_accept, solution_set

    user = get_user_model().objects.create(username="uploader", email="uploader@example.com", password="!")
    now = timezone.now()
    for case in cases:
        competition = Competition.objects.create(
            slug=case.slug, title=f"Benchmark {case.key}", metric_key=case.metric, metric_params=case.params,
            start_at=now - timedelta(days=1), end_at=now + timedelta(days=30), daily_submission_limit=DAILY_LIMIT)
        solution_set(competition=competition, content=case.solution)
        rules_accept(competition=competition, user=user)
    return api_key_get_or_create(user=user).key


# --- Requests ---------------------------------------------------------------------------------------------------

Request = tuple[str, str, dict, bytes | None]  # method, path, headers, body


def upload_request(case: Upload, key: str) -> Request:
    body, content_type = multipart(case.submission, case.filename)
    return ("POST", f"/api/v1/competitions/{case.slug}/submissions/",
            {"Authorization": f"Token {key}", "Content-Type": content_type}, body)


def me_request(key: str) -> Request:
    return "GET", "/api/v1/me/", {"Authorization": f"Token {key}"}, None


def send_all(port: int, request: Request, count: int, expected: int) -> None:
    """Sends the request `count` times, one after another, on one keep-alive connection."""
    method, path, headers, body = request
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for _ in range(count):
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read()
            if response.status != expected:
                raise SystemExit(f"{method} {path} answered {response.status}: {text[:500]!r}")
    finally:
        connection.close()


def cpu_settled(pid: int, quiet_s: float = 1.0, timeout_s: float = 60.0) -> None:
    """Waits until gunicorn spends no CPU for a while: the background warm-up (Kiwi) must not count."""
    deadline = time.monotonic() + timeout_s
    before = process_and_children_cpu_s(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = process_and_children_cpu_s(pid)
        if now - before < 0.02:
            return
        before = now


def measure(server: subprocess.Popen, port: int, label: str, request: Request, count: int, expected: int) -> float:
    """CPU milliseconds gunicorn spent per request (its master and workers, from /proc), and the wall time."""
    send_all(port, request, WARM_UP_REQUESTS, expected)
    cpu_settled(server.pid)
    cpu, started = process_and_children_cpu_s(server.pid), time.perf_counter()
    send_all(port, request, count, expected)
    elapsed = time.perf_counter() - started
    per_request = (process_and_children_cpu_s(server.pid) - cpu) * 1000 / count
    size = len(request[3] or b"")
    print(f"{label:<34} {size:>9,} B {per_request:>8.1f} ms CPU {elapsed * 1000 / count:>8.1f} ms wall", flush=True)
    return per_request


def run_server(cases: list[Upload], key: str, args: argparse.Namespace, var_dir: Path) -> None:
    port = free_port()
    # As `make run` and the Docker image serve it (config/gunicorn_conf.py), with one worker process.
    log = var_dir / "gunicorn.log"
    server = server_start(port, log, options=("-c", "config/gunicorn_conf.py"))
    try:
        cpu_settled(server.pid)
        print(f"\n{'request':<34} {'body':>11} {'server CPU':>15} {'latency':>13}   ({args.requests} each)")
        me = measure(server, port, "GET /api/v1/me/", me_request(key), args.requests, 200)
        figures = {case.key: measure(server, port, f"POST upload {case.metric} ({case.key})",
                                     upload_request(case, key), args.requests, 201) for case in cases}
    except SystemExit:  # an unexpected answer: the server's log says why (the folder is removed at the end)
        print(log.read_text(errors="replace")[-6000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=20)
    print("\n" + "; ".join(f"{k} {ms:.1f} ms = {ms / me:.1f}x the GET" for k, ms in figures.items())
          + f" (target <= 10 ms). At the end: {load_average()}.")


def run_profile(cases: list[Upload], key: str, args: argparse.Namespace) -> None:
    """The same requests in this process, through Django's test client: queries, CPU and a profile."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {key}")
    if args.profile == "me":
        def one():
            return client.get("/api/v1/me/")
    else:
        case = next(c for c in cases if c.key == args.profile)
        body, content_type = multipart(case.submission, case.filename)

        def one():
            return client.generic("POST", f"/api/v1/competitions/{case.slug}/submissions/", body,
                                  content_type=content_type)
    for _ in range(WARM_UP_REQUESTS):
        one()
    with CaptureQueriesContext(connection) as queries:
        one()
    print(f"{len(queries)} queries per request:")
    for query in queries:
        print("   ", query["sql"][:160])
    cpu = time.process_time()
    for _ in range(args.requests):
        response = one()
    print(f"{args.profile}: {(time.process_time() - cpu) * 1000 / args.requests:.1f} ms CPU per request in-process, "
          f"unprofiled (last status {response.status_code})")
    try:
        from pyinstrument import Profiler  # sampling: a truer picture of the ORM's many small calls than cProfile
    except ImportError:
        profile = cProfile.Profile(time.process_time)
        profile.runcall(lambda: [one() for _ in range(args.requests)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(r"/(competitions|accounts|scoring|config)/", 40)
        return
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(args.requests):
        one()
    profiler.stop()
    print(profiler.output_text(show_all=False, short_mode=False, color=False))


def broker_cleanup(broker: str) -> None:
    if broker.startswith("redis"):
        import redis

        redis.Redis.from_url(broker).delete("celery")


def main() -> None:
    args = parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="podium-upload-cpu-"))
    environment_configure(args, var_dir)
    print(f"Upload CPU benchmark: {'PostgreSQL' if args.postgres else 'SQLite'}, broker {args.broker}; "
          f"{os.cpu_count()} CPU cores (nproc {len(os.sched_getaffinity(0))}), {load_average()}", flush=True)
    if args.postgres:
        postgres_execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        postgres_execute(f"CREATE DATABASE {args.database}")
    try:
        django_prepare()
        cases = uploads()
        key = seed(cases)
        if args.profile:
            run_profile(cases, key, args)
        else:
            run_server(cases, key, args, var_dir)
    finally:
        broker_cleanup(args.broker)
        if args.postgres:
            from django.db import connections

            connections.close_all()
            postgres_execute(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
