"""Prometheus figures about submissions, for config/metrics.py's /metrics.

Podium runs many processes on many machines (gunicorn workers behind a balancer, Celery workers elsewhere), and a
scrape reaches one of them. So nearly every figure is read from the database at scrape time by
SubmissionsCollector: accepted submissions are rows, each counting how many of its attempts ended scored or failed;
the scoring time is the row's claim and finish; the queue and the heartbeats are rows too
(competitions/queue_stats.py). Those figures are the same from any node, cover the work of every worker machine
without scraping them, and survive restarts.

Only a refused upload leaves no row. SUBMISSIONS_REFUSED counts those in the web process that refused them, wherever
it did (the Content-Length cap in competitions/middleware.py, a missing or oversized file in a view, the services'
checks); with PROMETHEUS_MULTIPROC_DIR set (config/gunicorn_conf.py sets it) every process writes its counts to a
file there and the scrape sums the files of all of them.
"""

import functools
import itertools
from collections import defaultdict
from datetime import timedelta

from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, Sum, Value, When
from prometheus_client import Counter
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from scoring.errors import SubmissionFormatError

from . import refusal_codes
from .models import Competition, Submission
from .queue_stats import QueueFigures, queue_figures, queue_figures_total, workers_answering

Status = Submission.Status
LABELS = ["competition", "metric"]
# Scoring takes from a fraction of a second (a small CSV) to minutes (ROUGE over thousands of Korean rows).
DURATION_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)

# Not in the default registry: config/metrics.py builds the registry of each scrape (multiprocess or not).
SUBMISSIONS_REFUSED = Counter(
    "podium_submissions_refused", "Uploads refused before a submission existed, by the API error code.",
    ["competition", "metric", "reason"], registry=None)


def refusal_reason(error: BaseException) -> str | None:
    """The code of a refused upload (the one the REST API answers with), None for other errors."""
    from .services.submissions import DailyLimitReached, SubmissionRefused  # the services import this module

    if isinstance(error, SubmissionFormatError):
        return refusal_codes.INVALID_SUBMISSION
    if isinstance(error, DailyLimitReached):
        return refusal_codes.DAILY_LIMIT_REACHED
    if isinstance(error, SubmissionRefused):
        return refusal_codes.SUBMISSION_REFUSED
    return None


def count_refusal(*, competition: Competition | None, reason: str) -> None:
    """One refused upload. Without a competition (the URL named none that exists) the labels are empty: the refusal
    still shows, and a client inventing slugs cannot add a series per slug."""
    labels = (competition.slug, competition.metric_key) if competition else ("", "")
    SUBMISSIONS_REFUSED.labels(*labels, reason).inc()


def count_refusals(create):
    """Wraps submission_create, the one service every upload path (portal, REST API, kaggle CLI) goes through; the
    refusals before it (no file, too large) are counted where they happen, with count_refusal."""

    @functools.wraps(create)
    def wrapper(*, competition: Competition, **kwargs):
        try:
            return create(competition=competition, **kwargs)
        except Exception as error:
            if reason := refusal_reason(error):
                count_refusal(competition=competition, reason=reason)
            raise

    return wrapper


def _totals(competitions: list[Competition], figures: dict[int, QueueFigures]):
    accepted = CounterMetricFamily("podium_submissions_accepted", "Submissions accepted (stored and queued).",
                                   labels=LABELS)
    scored = CounterMetricFamily("podium_submissions_scored", "Scorings completed (a rescored submission counts "
                                 "again).", labels=LABELS)
    failed = CounterMetricFamily("podium_submissions_failed", "Scorings that failed: reason file (the participant's "
                                 "file) or platform (Podium gave up).", labels=[*LABELS, "reason"])
    for c in competitions:
        labels, one = [c.slug, c.metric_key], figures[c.pk]
        accepted.add_metric(labels, one.submitted)
        scored.add_metric(labels, one.times_scored)
        failed.add_metric([*labels, "file"], one.times_failed)
        failed.add_metric([*labels, "platform"], one.times_errored)
    return [accepted, scored, failed]


def _duration_rows():
    """(competition id, bucket index, count, summed duration) of scored submissions: each row's duration falls in
    one bucket (index len(DURATION_BUCKETS) past the last bound), so the database evaluates it once per row."""
    duration = ExpressionWrapper(F("scored_at") - F("claimed_at"), output_field=DurationField())
    bucket = Case(*(When(duration__lte=timedelta(seconds=bound), then=Value(i))
                    for i, bound in enumerate(DURATION_BUCKETS)), default=Value(len(DURATION_BUCKETS)))
    return (Submission.objects.filter(status=Status.SCORED, claimed_at__isnull=False, scored_at__isnull=False)
            .alias(duration=duration).annotate(bucket=bucket).values_list("competition_id", "bucket")
            .annotate(count=Count("pk"), total=Sum("duration")).order_by())


def _durations(competitions: list[Competition]) -> HistogramMetricFamily:
    """Claim to stored score of every scored submission (its last attempt), by metric."""
    histogram = HistogramMetricFamily("podium_scoring_duration_seconds",
                                      "Time from a worker's claim to the stored score, by metric.", labels=["metric"])
    metric_of = {c.pk: c.metric_key for c in competitions}
    counts, sums = defaultdict(lambda: [0] * (len(DURATION_BUCKETS) + 1)), defaultdict(float)
    for pk, bucket, count, total in _duration_rows():
        counts[metric_of[pk]][bucket] += count
        sums[metric_of[pk]] += total.total_seconds() if total else 0.0
    for metric, per_bucket in sorted(counts.items()):
        cumulative = list(itertools.accumulate(per_bucket))
        histogram.add_metric([metric], [*zip(map(str, DURATION_BUCKETS), cumulative), ("+Inf", cumulative[-1])],
                             sum_value=sums[metric])
    return histogram


def _gauge(name: str, documentation: str, labels=()) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, labels=list(labels))


def _queue(competitions: list[Competition], figures: dict[int, QueueFigures]):
    depth = _gauge("podium_queue_depth", "Submissions waiting for a worker.", LABELS)
    oldest = _gauge("podium_queue_oldest_age_seconds", "How long the oldest queued submission has waited since it "
                    "was queued: uploaded, rescored, or handed back after a crash or by the watchdog (0 when none "
                    "waits).", LABELS)
    scoring = _gauge("podium_scoring_in_progress", "Submissions claimed by a worker and being scored.", LABELS)
    for c in competitions:
        labels, one = [c.slug, c.metric_key], figures[c.pk]
        depth.add_metric(labels, one.queued)
        oldest.add_metric(labels, one.oldest_queued_age or 0.0)
        scoring.add_metric(labels, one.scoring)
    return [depth, oldest, scoring, *_heartbeats(queue_figures_total(figures=figures.values()))]


def _heartbeats(total: QueueFigures):
    stale = _gauge("podium_scoring_stale_claims", "Claims whose heartbeat stopped (their worker died); the watchdog "
                   "hands them back to the queue.")
    stale.add_metric([], total.stale_claims)
    ages = _gauge("podium_scoring_heartbeat_age_seconds", "Age of the freshest and of the stalest heartbeat among "
                  "claims being scored (no sample when nothing is scored).", ["which"])
    if total.scoring:
        ages.add_metric(["freshest"], total.freshest_heartbeat_age)
        ages.add_metric(["stalest"], total.stalest_heartbeat_age)
    families = [stale, ages]
    if (answered := workers_answering()) is not None:
        workers = _gauge("podium_celery_workers_answering", "Celery workers that answered a ping (cached briefly).")
        workers.add_metric([], answered)
        families.append(workers)
    return families


class SubmissionsCollector:
    """Reads the figures from the database at each scrape: two grouped queries over the submissions (the queue
    selector's, with the totals, and the durations' buckets), and the competitions."""

    def collect(self):
        competitions = list(Competition.objects.only("pk", "slug", "metric_key").order_by("slug"))
        figures = queue_figures(competitions=competitions)
        yield from _totals(competitions, figures)
        yield _durations(competitions)
        yield from _queue(competitions, figures)
