"""Time the board's top-score-by-day read on PostgreSQL, uncached and as the Leaderboard page serves it.

    python -m benchmarks.board_charts [--teams N] [--submissions N] [--requests N]

Seeds a competition in its own throwaway database ``podium_board_charts`` (never ``podium_bench``, so it can run
beside the leaderboard benchmark's data, though not beside its timings: both want the CPUs) with the leaderboard
benchmark's set-based seeding, then prints the aggregate's query plan and the p50/p95 of
``board_top_scores`` with the cache cleared before each call (the worst case: a cache miss) and of the public
Leaderboard page (anonymous, warm: the past days cached, the current top read live), and of the same page
without the zones and the chart, for what they add.
"""

import argparse
import statistics
import tempfile
import time

from benchmarks import leaderboard as bench

DATABASE = "podium_board_charts"


def _percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms ({len(ordered)} calls)"


def _timed(call, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def _plan(competition) -> str:
    from django.db import connection

    from competitions import board_charts

    with connection.execute_wrapper(_capture := _Capture()):
        board_charts.daily_bests(competition=competition, first=competition.start_at.date(),
                                  last=competition.end_at.date())
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + _capture.sql, _capture.params)
        return "\n".join(row[0] for row in cursor.fetchall())


class _Capture:
    sql, params = "", None

    def __call__(self, execute, sql, params, many, context):
        self.sql, self.params = sql, params
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=3_000)
    parser.add_argument("--submissions", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    bench.BENCH_DB = DATABASE  # the seeding helpers read the name at call time
    bench.environment_configure(__import__("pathlib").Path(tempfile.mkdtemp(prefix="podium-board-charts-")))
    bench.database_recreate()
    try:
        bench.django_prepare()
        competition = bench.seed_board(bench.Config(teams=args.teams, submissions=args.submissions,
                                                    requests=args.requests, uploaders=0, keep=False))
        _measure(competition, args.requests)
    finally:
        bench.database_drop()


def _measure(competition, requests: int) -> None:
    from django.core.cache import cache
    from django.test import Client

    from competitions.board_charts import board_top_scores

    print(_plan(competition))

    def uncached():
        cache.clear()
        board_top_scores(competition=competition)

    print("board_top_scores, cache cleared each call:", _percentiles(_timed(uncached, max(10, requests // 5))))
    print("board_top_scores, past days cached:", _percentiles(_timed(
        lambda: board_top_scores(competition=competition), requests)))
    client, url = Client(HTTP_HOST="127.0.0.1"), f"/competitions/{competition.slug}/leaderboard/"
    assert client.get(url).status_code == 200
    print("Leaderboard page (public, first page):", _percentiles(_timed(lambda: client.get(url), requests)))
    from unittest import mock

    with mock.patch("competitions.participation_views.leaderboard_charts", return_value={}):
        print("The same page without the zones and the chart:",
              _percentiles(_timed(lambda: client.get(url), requests)))


if __name__ == "__main__":
    main()
