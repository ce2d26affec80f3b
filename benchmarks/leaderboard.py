"""Benchmark the leaderboards and the upload endpoint on PostgreSQL at Kaggle scale.

Run from the repository root (PostgreSQL on 127.0.0.1:5432 with trust auth, Redis on 127.0.0.1:6379)::

    python -m benchmarks.leaderboard [--quick] [--teams N] [--submissions N] [--requests N] [--uploaders N] [--keep]

What it does, in a throwaway database ``podium_bench`` (dropped at the end unless ``--keep``):

1. Seeds a macro-F1 competition with ``--teams`` teams of one (users, memberships, rules acceptances) plus a host
   and a baseline team, and ``--submissions`` submissions spread over 29 days (2% failed, 0.5% platform errors, the
   rest scored on both splits, 1% rescored with a disabled older score, 10% of teams with a final selection), all
   with set-based ``INSERT ... SELECT ... FROM generate_series``. It fills both materialized boards with one SQL
   statement and checks it against the app: ``leaderboard_refresh_team`` on ~50 sampled teams must leave their
   rows unchanged.
2. Times, in-process with Django's test ``Client`` (anonymous, after a warm-up), the leaderboard API and the portal's
   Leaderboard page, first page and a deep page (3/4 of the way down), and in the same run the *naive* board: the
   best active public score per team computed per request with ``DISTINCT ON`` over the score and submission
   tables, ordered and paginated (one raw SQL query). The naive time is the query alone, without the request
   overhead that the Podium figures include, so ``naive/podium`` is a lower bound of the speed-up. Both must
   list the same teams in the same order. Targets: p95 <= 50 ms on any page, naive/podium >= 10.
3. Serves the app with gunicorn (3 sync workers) and, from a separate process, fires multipart uploads of a valid
   CSV over loopback with 32 concurrent connections: ``--uploaders`` participants with API keys, 6 uploads each
   against a daily limit of 5, so 1 in 6 must be refused with 429. It reads the database afterwards: no
   participant may have more than 5. It prints accepted uploads/s (target >= 100/s on a 2-core machine) next to the
   same load of ``GET /api/v1/me/`` (token auth: the key lookup and its last-used update, nothing else), so
   ``upload/me`` is the share of a trivial authenticated request's throughput that an upload keeps. It also reports
   the CPU time gunicorn spent per request (from /proc), which bounds the throughput: 2 cores / CPU per request.

Every section prints the machine's load average and CPU pressure: other processes share the CPUs, and time spent
waiting for one shows up in every latency and throughput figure.

The app runs with ``config.settings.local`` and ``DJANGO_DEBUG=False`` (no query log); accepted uploads are queued
to Redis db 14, which no worker consumes and which is flushed at the end.
"""

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
BENCH_DB = "podium_bench"
BROKER_URL = "redis://127.0.0.1:6379/14"
REPO_ROOT = Path(__file__).resolve().parent.parent
BOARD_SLUG, UPLOAD_SLUG = "bench-board", "bench-upload"
SOLUTION = b"ID,target,Usage\na,0,Public\nb,1,Private\nc,2,Public\nd,1,Private\n"
UPLOAD_CSV = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
PER_PAGE = 50
DAILY_LIMIT, UPLOADS_PER_USER, CONCURRENCY = 5, 6, 32
VERIFY_TEAMS = 50
NAIVE_TIME_BUDGET_S = 45.0  # per naive series: it stops at --requests or this, whichever comes first
LOAD_TIME_LIMIT_S = 90.0


@dataclass(frozen=True)
class Config:
    teams: int
    submissions: int
    requests: int
    uploaders: int
    keep: bool


def parse_args() -> Config:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 teams, 50,000 submissions, fewer requests.")
    parser.add_argument("--teams", type=int, help="Participant teams (default 10,000; quick 1,000).")
    parser.add_argument("--submissions", type=int, help="Submissions (default 1,000,000; quick 50,000).")
    parser.add_argument("--requests", type=int, help="Timed requests per series (default 200; quick 50).")
    parser.add_argument("--uploaders", type=int, help="Participants uploading at once (default 300; quick 100).")
    parser.add_argument("--keep", action="store_true", help=f"Keep the {BENCH_DB} database afterwards.")
    args = parser.parse_args()
    quick = args.quick
    config = Config(teams=args.teams or (1_000 if quick else 10_000),
                    submissions=args.submissions or (50_000 if quick else 1_000_000),
                    requests=args.requests or (50 if quick else 200),
                    uploaders=args.uploaders or (100 if quick else 300), keep=args.keep)
    if config.teams < 1 or config.submissions < config.teams:
        parser.error("Use at least one team and at least one submission per team.")
    return config


# --- Environment and database ---------------------------------------------------------------------------------


def environment_configure(var_dir: Path) -> None:
    """Must run before django.setup(): settings read these once."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"{PG_SERVER}/{BENCH_DB}",
        "PODIUM_VAR_DIR": str(var_dir),
        "CELERY_BROKER_URL": BROKER_URL,
        "DJANGO_DEBUG": "False",
        "DJANGO_LOG_LEVEL": "ERROR",  # not a warning line per refused (429) upload
    })


def _admin_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


def database_recreate() -> None:
    _admin_execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    _admin_execute(f"CREATE DATABASE {BENCH_DB}")


def database_drop() -> None:
    from django.db import connections

    connections.close_all()
    _admin_execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def django_prepare() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)  # DEBUG=False serves the manifest's names


def sql(statement: str, params: dict | None = None) -> int:
    """Runs one statement on Django's connection; returns the rows it wrote."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or {})  # always a mapping, so that %% is always an escaped %
        return cursor.rowcount


def sql_value(statement: str, params: dict | None = None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def load_average() -> str:
    """The machine's state: other processes share the CPUs, and waiting for a CPU inflates every latency."""
    line = f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    pressure = Path("/proc/pressure/cpu")
    if pressure.exists():  # Linux PSI: share of the last 10 s in which some runnable task waited for a CPU
        some = dict(item.split("=") for item in pressure.read_text().split("\n")[0].split()[1:])
        line += f", CPU pressure {float(some['avg10']):.0f}%"
    return line + " (all processes on the machine)."


def timed_step(label: str, step: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = step()
    print(f"  {label:<46} {time.perf_counter() - start:7.1f} s", flush=True)
    return result


# --- Seeding --------------------------------------------------------------------------------------------------


def competition_create(*, slug: str, daily_limit: int):
    from datetime import timedelta

    from django.utils import timezone

    from competitions.models import Competition
    from competitions.services import solution_set

    now = timezone.now()
    competition = Competition.objects.create(
        slug=slug, title=f"Benchmark {slug}", metric_key="macro_f1", metric_params={"labels": [0, 1, 2]},
        start_at=now - timedelta(days=30), end_at=now + timedelta(days=30), daily_submission_limit=daily_limit)
    solution_set(competition=competition, content=SOLUTION)
    return competition


def seed_teams(competition, teams: int) -> None:
    """Users bench-1..N lead participant teams of one; bench-host and bench-baseline lead the marked teams."""
    sql("""INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                  is_active, date_joined)
           SELECT '!', false, name, '', '', name || '@example.com', false, true, now()
           FROM (SELECT 'bench-' || g AS name FROM generate_series(1, %(n)s) AS g
                 UNION ALL VALUES ('bench-host'), ('bench-baseline')) AS names""", {"n": teams})
    sql("""INSERT INTO competitions_team (competition_id, name, leader_id, kind, is_disqualified, created_at)
           SELECT %(c)s, username, id, CASE username WHEN 'bench-host' THEN 'host'
                  WHEN 'bench-baseline' THEN 'baseline' ELSE 'participant' END, false, date_joined
           FROM auth_user WHERE username LIKE 'bench-%%'""", {"c": competition.pk})
    sql("""INSERT INTO competitions_teammembership (team_id, user_id, competition_id, joined_at)
           SELECT id, leader_id, competition_id, created_at FROM competitions_team WHERE competition_id = %(c)s""",
        {"c": competition.pk})
    sql("""INSERT INTO competitions_rulesacceptance (competition_id, user_id, accepted_at)
           SELECT competition_id, leader_id, created_at FROM competitions_team WHERE competition_id = %(c)s""",
        {"c": competition.pk})


def seed_submissions(competition, submissions: int) -> None:
    """Submission g belongs to team g mod T; 2% failed, 0.5% platform errors, 10% of teams select two."""
    sql("""CREATE TEMP TABLE bench_team AS
           SELECT id, leader_id, (row_number() OVER (ORDER BY id) - 1)::int AS idx, random() AS skill
           FROM competitions_team WHERE competition_id = %(c)s""", {"c": competition.pk})
    teams = sql_value("SELECT count(*) FROM bench_team")
    sql("""INSERT INTO competitions_submission (uuid, competition_id, team_id, submitted_by_id, file, filename, size,
               sha256, description, rows, is_late, is_selected, idempotency_key, status, attempts, claimed_at,
               error_message, created_at, scored_at)
           SELECT gen_random_uuid(), %(c)s, t.id, t.leader_id, 'bench/' || g || '.csv', 'submission.csv', 40,
                  repeat('0', 64), '', 4, false, status = 'scored' AND t.idx %% 10 = 0 AND g / %(t)s IN (3, 7),
                  '', status, 1, at, CASE status WHEN 'failed' THEN 'Row 3: unknown ID.' ELSE '' END, at,
                  at + interval '20 seconds'
           FROM (SELECT g, %(start)s + random() * interval '29 days' AS at,
                        CASE WHEN g %% 50 = 7 THEN 'failed' WHEN g %% 200 = 13 THEN 'error' ELSE 'scored' END
                        AS status
                 FROM generate_series(0, %(s)s - 1) AS g) AS x
           JOIN bench_team AS t ON t.idx = x.g %% %(t)s""",
        {"c": competition.pk, "s": submissions, "t": teams, "start": competition.start_at})


def seed_scores(competition) -> None:
    """A public and a private score per scored submission (private = public ± 0.03); 1% were rescored."""
    sql("""WITH v AS MATERIALIZED (
               SELECT s.id, s.scored_at, round((0.45 + 0.4 * t.skill + 0.15 * random())::numeric, 4) AS pub,
                      random() AS noise
               FROM competitions_submission AS s JOIN bench_team AS t ON t.id = s.team_id
               WHERE s.competition_id = %(c)s AND s.status = 'scored')
           INSERT INTO competitions_score (submission_id, split, value, parts, is_active, created_at, ci_low, ci_high)
           SELECT v.id, sp.split, CASE sp.split WHEN 'public' THEN v.pub
                  ELSE round(least(1, greatest(0, v.pub + 0.06 * (v.noise - 0.5)))::numeric, 4) END,
                  '{}'::jsonb, true, v.scored_at,
                  CASE sp.split WHEN 'public' THEN v.pub - 0.021 END, CASE sp.split WHEN 'public' THEN v.pub + 0.019 END
           FROM v CROSS JOIN (VALUES ('public'), ('private')) AS sp(split)""", {"c": competition.pk})
    # Disabled rows score higher than any active one: a board that forgot is_active would show them.
    sql("""INSERT INTO competitions_score (submission_id, split, value, parts, is_active, created_at)
           SELECT submission_id, split, value + 1, parts, false, created_at - interval '1 minute'
           FROM competitions_score WHERE submission_id %% 100 = 0""")
    sql("DROP TABLE bench_team")


BOARD_FILL_SQL = """
WITH scored AS MATERIALIZED (
    SELECT s.id, s.team_id, s.created_at, sc.split, sc.value, sc.ci_low, sc.ci_high, %(sign)s * sc.value AS sort_key
    FROM competitions_submission AS s
    JOIN competitions_score AS sc ON sc.submission_id = s.id AND sc.is_active
    WHERE s.competition_id = %(c)s AND s.status = 'scored' AND NOT s.is_late),
selected AS (
    SELECT id, team_id FROM competitions_submission
    WHERE competition_id = %(c)s AND is_selected AND status = 'scored' AND NOT is_late),
public_order AS (
    SELECT id, team_id, row_number() OVER (PARTITION BY team_id ORDER BY sort_key, created_at, id) AS n
    FROM scored WHERE split = 'public'),
candidates AS (
    SELECT id FROM selected
    UNION SELECT id FROM public_order WHERE n <= %(finals)s AND team_id NOT IN (SELECT team_id FROM selected)),
best AS (
    SELECT DISTINCT ON (split, team_id) split, team_id, id, value, ci_low, ci_high, sort_key, created_at
    FROM scored WHERE split = 'public' OR id IN (SELECT id FROM candidates)
    ORDER BY split, team_id, sort_key, created_at, id),
counted AS (
    SELECT team_id, count(*) AS entries, max(created_at) AS last_at FROM competitions_submission
    WHERE competition_id = %(c)s AND status <> 'error' GROUP BY team_id)
INSERT INTO competitions_leaderboardentry (competition_id, split, team_id, score, ci_low, ci_high, sort_key,
    submission_id, submitted_at, entries, last_submission_at, is_ranked, medal, updated_at)
SELECT %(c)s, b.split, b.team_id, b.value, b.ci_low, b.ci_high, b.sort_key, b.id, b.created_at, coalesce(n.entries, 0),
       n.last_at,
       t.kind = 'participant' AND NOT t.is_disqualified, '', now()
FROM best AS b
JOIN competitions_team AS t ON t.id = b.team_id AND t.merged_into_id IS NULL
LEFT JOIN counted AS n ON n.team_id = b.team_id
"""


def board_fill(competition) -> int:
    """What leaderboard_refresh_team computes, for every team and both splits at once: the best active score
    (ties to the earlier submission, then the lower id); on the private board only among the team's selection,
    or its best N public submissions when it selected none."""
    sign = -1.0 if competition.metric.greater_is_better else 1.0
    return sql(BOARD_FILL_SQL, {"c": competition.pk, "sign": sign, "finals": competition.max_final_selections})


def seed_resamples(competition) -> int:
    """The paired bootstrap replicates (B = 1000 float32) of every board submission's public score, as scoring
    stores them: the "tied with #1" marks read them for each page. A shared component per resample (the rows drawn)
    plus each submission's own, around its score."""
    import numpy as np

    from competitions.models import LeaderboardEntry, Score

    rows = list(LeaderboardEntry.objects.filter(competition=competition, split="public")
                .values_list("submission_id", "score"))
    rng = np.random.default_rng(0)
    shared = rng.normal(0, 0.009, RESAMPLES_PER_SCORE)
    for submission_id, score in rows:
        replicates = (score + shared + rng.normal(0, 0.005, RESAMPLES_PER_SCORE)).astype(np.float32)
        Score.objects.filter(submission_id=submission_id, split="public", is_active=True).update(
            resamples=replicates.tobytes())
    return len(rows)


def seed_board(config: Config):
    print(f"Seeding {config.teams:,} teams and {config.submissions:,} submissions into {BENCH_DB}...", flush=True)
    start = time.perf_counter()
    sql("SET work_mem = '256MB'")
    competition = competition_create(slug=BOARD_SLUG, daily_limit=DAILY_LIMIT)
    timed_step("users, teams, memberships, rules acceptances", lambda: seed_teams(competition, config.teams))
    timed_step("submissions", lambda: seed_submissions(competition, config.submissions))
    timed_step("public and private scores", lambda: seed_scores(competition))
    sql("ANALYZE")
    rows = timed_step("both boards, one INSERT ... SELECT", lambda: board_fill(competition))
    timed_step("paired bootstrap replicates of the board's public scores", lambda: seed_resamples(competition))
    sql("RESET work_mem")
    timed_step("VACUUM ANALYZE", lambda: sql("VACUUM ANALYZE"))
    counts = {table: sql_value(f"SELECT count(*) FROM competitions_{table}") for table in ("submission", "score")}
    print(f"Seeded in {time.perf_counter() - start:.1f} s: {counts['submission']:,} submissions, "
          f"{counts['score']:,} score rows, {rows:,} board rows.", flush=True)
    return competition


# --- The board check against the app ----------------------------------------------------------------------------

BOARD_FIELDS = ("score", "ci_low", "ci_high", "sort_key", "submission_id", "submitted_at", "entries", "last_submission_at",
                "is_ranked")
RESAMPLES_PER_SCORE = 1000


def _board_snapshot(team_ids: list[int]) -> dict:
    from competitions.models import LeaderboardEntry

    entries = LeaderboardEntry.objects.filter(team_id__in=team_ids)
    return {(e.split, e.team_id): tuple(getattr(e, f) for f in BOARD_FIELDS) for e in entries}


def _verify_sample(competition) -> list:
    """The marked teams, a few teams with a final selection, and random participant teams."""
    from competitions.models import Submission, Team

    teams = Team.objects.filter(competition=competition).select_related("competition")
    marked = list(teams.exclude(kind=Team.Kind.PARTICIPANT))
    selecting = sorted(set(Submission.objects.filter(competition=competition, is_selected=True)
                           .values_list("team_id", flat=True)))
    others = sorted(set(teams.filter(kind=Team.Kind.PARTICIPANT).values_list("pk", flat=True)) - set(selecting))
    rng = random.Random(4)
    chosen = rng.sample(selecting, min(8, len(selecting)))
    chosen += rng.sample(others, min(len(others), VERIFY_TEAMS - len(marked) - len(chosen)))
    return marked + list(teams.filter(pk__in=chosen))


def board_verify(competition) -> None:
    from django.db import transaction

    from competitions.services.leaderboards import leaderboard_refresh_team

    sample = _verify_sample(competition)
    ids = [t.pk for t in sample]
    before = _board_snapshot(ids)
    start = time.perf_counter()
    with transaction.atomic():
        for team in sample:
            leaderboard_refresh_team(team=team)
    per_team = (time.perf_counter() - start) * 1000 / len(sample)
    after = _board_snapshot(ids)
    differences = [(key, before.get(key), after.get(key)) for key in sorted(set(before) | set(after))
                   if before.get(key) != after.get(key)]
    for key, old, new in differences[:10]:
        print(f"  DIFFERS {key}: seeded {old} -> app {new}")
    if differences:
        raise SystemExit(f"Board check FAILED: {len(differences)} of {len(before)} rows differ from the app.")
    print(f"Board check: leaderboard_refresh_team on {len(sample)} teams ({len(before)} rows, "
          f"marked and selecting teams included) left every row unchanged "
          f"({per_team:.1f} ms per team refresh).", flush=True)


# --- Read latency -----------------------------------------------------------------------------------------------


@dataclass
class Series:
    samples: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        if len(self.samples) == 1:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]


def time_calls(call: Callable[[], object], *, count: int, budget_s: float = float("inf"), warmup: int = 3) -> Series:
    for _ in range(warmup):
        call()
    samples, deadline = [], time.monotonic() + budget_s
    while len(samples) < count and (not samples or time.monotonic() < deadline):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return Series(samples)


def naive_sql(competition) -> str:
    direction = "DESC" if competition.metric.greater_is_better else "ASC"
    return f"""
        WITH best AS (
            SELECT DISTINCT ON (s.team_id) s.team_id, sc.value, s.created_at
            FROM competitions_score AS sc JOIN competitions_submission AS s ON s.id = sc.submission_id
            WHERE s.competition_id = %(c)s AND s.status = 'scored' AND NOT s.is_late
              AND sc.split = 'public' AND sc.is_active
            ORDER BY s.team_id, sc.value {direction}, s.created_at, s.id)
        SELECT t.name, b.value, count(*) OVER () AS ranked
        FROM best AS b JOIN competitions_team AS t ON t.id = b.team_id
        WHERE t.kind = 'participant' AND NOT t.is_disqualified AND t.merged_into_id IS NULL
        ORDER BY b.value {direction}, b.created_at, b.team_id
        LIMIT %(limit)s OFFSET %(offset)s"""


def naive_page(competition, page: int) -> list[dict]:
    """The board someone would write without a materialized table: best score per team, per request."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(naive_sql(competition), {"c": competition.pk, "limit": PER_PAGE,
                                                "offset": (page - 1) * PER_PAGE})
        return [{"rank": (page - 1) * PER_PAGE + i, "team": name, "score": value}
                for i, (name, value, _) in enumerate(cursor.fetchall(), start=1)]


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return response


def _query_count(call: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def _check_naive_agrees(client, competition, page: int) -> None:
    api = _get(client, f"/api/v1/competitions/{BOARD_SLUG}/leaderboard/?page={page}").json()
    podium = [(row["rank"], row["team"], row["score"]) for row in api["rows"] if row["rank"] is not None]
    naive = [(row["rank"], row["team"], row["score"]) for row in naive_page(competition, page)]
    if podium != naive:
        raise SystemExit(f"Page {page}: the naive board and Podium's differ: {naive[:3]} vs {podium[:3]}")


def measure_reads(competition, config: Config) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    pages = -(-config.teams // PER_PAGE)
    deep = max(1, round(pages * 0.75))
    naive = {}
    for page in (1, deep):
        _check_naive_agrees(client, competition, page)
        naive[page] = time_calls(lambda page=page: naive_page(competition, page), count=config.requests,
                                 budget_s=NAIVE_TIME_BUDGET_S, warmup=1)
    print(f"\nLeaderboard reads: anonymous, in-process test Client, {config.requests} timed requests each after a "
          f"warm-up; deep page = {deep} of {pages} ({PER_PAGE} per page). Naive and Podium list the same teams. "
          f"{load_average()}")
    rows = []
    for label, url, page in (
            ("API, first page", f"/api/v1/competitions/{BOARD_SLUG}/leaderboard/", 1),
            ("API, deep page", f"/api/v1/competitions/{BOARD_SLUG}/leaderboard/?page={deep}", deep),
            ("Portal page, first", f"/competitions/{BOARD_SLUG}/leaderboard/", 1),
            ("Portal page, deep", f"/competitions/{BOARD_SLUG}/leaderboard/?page={deep}", deep)):
        podium = time_calls(lambda url=url: _get(client, url), count=config.requests)
        rows.append((label, podium, naive[page], _query_count(lambda url=url: _get(client, url))))
    latency_table_print(rows)


def latency_table_print(rows: list) -> None:
    print(f"{'':<20} {'podium p50':>10} {'p95':>7} {'queries':>7} | {'naive p50':>9} {'p95':>7} {'n':>4} | "
          f"{'naive/podium p50':>16} {'p95':>6}")
    for label, podium, naive, queries in rows:
        print(f"{label:<20} {podium.p50:8.1f}ms {podium.p95:5.1f}ms {queries:>7} | {naive.p50:7.1f}ms "
              f"{naive.p95:5.1f}ms {len(naive.samples):>4} | {naive.p50 / podium.p50:15.0f}x "
              f"{naive.p95 / podium.p95:5.0f}x")
    worst = max(podium.p95 for _, podium, _, _ in rows)
    least = min(naive.p95 / podium.p95 for _, podium, naive, _ in rows)
    print(f"Worst Podium p95 {worst:.1f} ms (target <= 50 ms: {_verdict(worst <= 50)}); smallest naive/podium p95 "
          f"ratio {least:.0f}x (target >= 10x: {_verdict(least >= 10)}).", flush=True)


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


# --- Upload throughput --------------------------------------------------------------------------------------------

Job = tuple[str, str, dict, bytes | None]  # method, path, headers, body


def multipart(data: bytes, filename: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _send(port: int, job: Job, deadline: float) -> tuple[str, float]:
    if time.monotonic() > deadline:
        return "not sent", 0.0
    method, path, headers, body = job
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = str(response.status)
    except OSError as error:
        status = type(error).__name__
    finally:
        connection.close()
    return status, (time.perf_counter() - start) * 1000


def load_blast(port: int, jobs: list[Job], concurrency: int, time_limit_s: float) -> dict:
    """Runs in a separate process (standard library only): every job over loopback, `concurrency` at a time."""
    deadline = time.monotonic() + time_limit_s
    start, cpu_start = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda job: _send(port, job, deadline), jobs))
    latencies = [ms for status, ms in results if status != "not sent"]
    return {"elapsed": time.perf_counter() - start, "statuses": Counter(status for status, _ in results),
            "latencies": latencies, "client_cpu": time.process_time() - cpu_start}


def process_and_children_cpu_s(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and its direct children, from Linux's /proc."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(stat.parent.name) == root or int(fields[1]) == root:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def blast(server: subprocess.Popen, port: int, jobs: list[Job]) -> dict:
    """Fires the jobs from a separate process; adds the CPU time gunicorn (master and workers) spent meanwhile."""
    before = process_and_children_cpu_s(server.pid)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result = pool.apply(load_blast, (port, jobs, CONCURRENCY, LOAD_TIME_LIMIT_S))
    result["server_cpu"] = process_and_children_cpu_s(server.pid) - before
    return result


def uploaders_create(competition, count: int) -> list[str]:
    from django.contrib.auth import get_user_model

    from accounts.services import api_key_get_or_create
    from competitions.services import rules_accept

    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"uploader-{i}", email=f"uploader-{i}@example.com", password="!")
        for i in range(count))
    keys = []
    for user in users:
        rules_accept(competition=competition, user=user)
        keys.append(api_key_get_or_create(user=user).key)
    return keys


def upload_jobs(keys: list[str]) -> list[Job]:
    jobs = []
    for key in keys:
        for attempt in range(UPLOADS_PER_USER):
            body, content_type = multipart(UPLOAD_CSV, f"attempt-{attempt}.csv")
            jobs.append(("POST", f"/api/v1/competitions/{UPLOAD_SLUG}/submissions/", {
                "Authorization": f"Token {key}", "Content-Type": content_type}, body))
    random.Random(6).shuffle(jobs)  # one participant's uploads overlap, as in a retry storm
    return jobs


def me_jobs(keys: list[str]) -> list[Job]:
    return [("GET", "/api/v1/me/", {"Authorization": f"Token {key}"}, None)
            for key in keys for _ in range(UPLOADS_PER_USER)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_start(port: int, log_path: Path, options: tuple[str, ...] = ("--workers", "3", "--timeout", "60")
                 ) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", *options, "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning"]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
        status, _ = _send(port, ("GET", "/api/v1/me/", {}, None), deadline)
        if status.isdigit():
            return server
        time.sleep(0.3)
    server_stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def server_stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def limit_check(competition, keys: list[str], created: int) -> str:
    from django.db.models import Count

    from competitions.models import Submission

    per_user = dict(Submission.objects.filter(competition=competition).values("submitted_by")
                    .annotate(n=Count("id")).values_list("submitted_by", "n"))
    over = sum(1 for n in per_user.values() if n > DAILY_LIMIT)
    exact = sum(1 for n in per_user.values() if n == DAILY_LIMIT)
    stored = sum(per_user.values())
    if over or stored != created:
        raise SystemExit(f"Daily limit check FAILED: {over} participants over {DAILY_LIMIT}; {stored} stored "
                         f"submissions for {created} answers 201.")
    return (f"database: {stored} submissions, none over the limit of {DAILY_LIMIT}; "
            f"{exact}/{len(keys)} participants at exactly {DAILY_LIMIT}")


def blast_summary(label: str, result: dict, ok: str) -> str:
    latencies, sent = Series(result["latencies"]), len(result["latencies"])
    counts = ", ".join(f"{status}: {n}" for status, n in sorted(result["statuses"].items()))
    return (f"{label:<18} {sent:>5} requests in {result['elapsed']:5.1f} s = {sent / result['elapsed']:5.0f} req/s, "
            f"{ok}: {result['statuses'][ok] / result['elapsed']:3.0f}/s; latency p50 {latencies.p50:4.0f} ms, "
            f"p95 {latencies.p95:4.0f} ms; CPU per request: gunicorn {result['server_cpu'] * 1000 / sent:4.1f} ms, "
            f"client {result['client_cpu'] * 1000 / sent:3.1f} ms ({counts})")


def measure_uploads(config: Config, var_dir: Path) -> None:
    competition = competition_create(slug=UPLOAD_SLUG, daily_limit=DAILY_LIMIT)
    keys = uploaders_create(competition, config.uploaders)
    port = free_port()
    server = server_start(port, var_dir / "gunicorn.log")
    try:
        baseline = blast(server, port, me_jobs(keys))
        uploads = blast(server, port, upload_jobs(keys))
    finally:
        server_stop(server)
    print(f"\nUploads: gunicorn, 3 sync workers; a separate process with {CONCURRENCY} concurrent loopback "
          f"connections; {config.uploaders} participants x {UPLOADS_PER_USER} uploads, daily limit {DAILY_LIMIT}. "
          f"{load_average()}")
    print(blast_summary("GET /api/v1/me/", baseline, "200"))
    print(blast_summary("POST submissions/", uploads, "201"))
    accepted_rate = uploads["statuses"]["201"] / uploads["elapsed"]
    baseline_rate = baseline["statuses"]["200"] / baseline["elapsed"]
    print(f"Accepted uploads: {accepted_rate:.0f}/s (target >= 100/s: {_verdict(accepted_rate >= 100)}); "
          f"upload/me throughput ratio {accepted_rate / baseline_rate:.2f}; "
          f"{limit_check(competition, keys, uploads['statuses']['201'])}.", flush=True)


def broker_flush() -> int:
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    queued = client.llen("celery")
    client.flushdb()
    return queued


# --- Main ---------------------------------------------------------------------------------------------------------


def main() -> None:
    config = parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="podium-bench-"))
    environment_configure(var_dir)
    started = time.perf_counter()
    print(f"Podium leaderboard benchmark on PostgreSQL, database {BENCH_DB}. {load_average()}", flush=True)
    database_recreate()
    try:
        django_prepare()
        competition = seed_board(config)
        board_verify(competition)
        measure_reads(competition, config)
        measure_uploads(config, var_dir)
    finally:
        print(f"\nFlushed {BROKER_URL}: {broker_flush()} scoring messages were queued there.")
        if not config.keep:
            database_drop()
        shutil.rmtree(var_dir, ignore_errors=True)
    print(f"Total {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
