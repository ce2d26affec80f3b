"""The scoring queue in figures: what waits, since when, what is being scored now, whether the scorers' heartbeats
are fresh, what finished in the last hour. One selector for the host area (one competition), the admin (the
competitions an account hosts, or the whole site) and the /metrics collector.

Everything is read from the submission rows, never from the broker: the row is the outbox (a queued row whose
message is lost is published again by the watchdog) and the claim and heartbeat live on the row, so these figures
are the same whichever web node asks, whichever broker runs, and however many worker machines score.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from .models import Competition, Submission

Status = Submission.Status
RECENT = timedelta(hours=1)
WORKERS_CACHE_KEY = "podium:celery-workers-answering"


@dataclass(frozen=True)
class QueueFigures:
    """One competition's queue, or several summed. Ages are in seconds at `now`; None when there is nothing."""

    now: datetime
    queued: int = 0
    # Since it joined the queue (Submission.queued_at): its upload, its rescore, a crashed attempt handed back, or
    # the watchdog handing a dead worker's claim back; not the last publish, which the watchdog repeats every few
    # minutes for a backlog and so would never show a wait longer than that.
    oldest_queued_at: datetime | None = None
    scoring: int = 0
    stale_claims: int = 0  # scoring, with a heartbeat older than PODIUM_SCORING_STALE_SECONDS: its worker died
    freshest_heartbeat_at: datetime | None = None
    stalest_heartbeat_at: datetime | None = None
    scored_last_hour: int = 0
    failed_last_hour: int = 0  # the file was wrong (failed) or Podium gave up (platform error)
    failed: int = 0  # the submissions failed and given up now, for the host's page (a rescore lowers them)
    errors: int = 0
    # The /metrics counters, which never drop: every submission ever accepted, and every attempt that ended scored,
    # failed or given up (Submission.times_scored and its siblings), rescored ones included.
    submitted: int = 0
    times_scored: int = 0
    times_failed: int = 0
    times_errored: int = 0
    slugs: tuple[str, ...] = field(default=())

    def _age(self, moment: datetime | None) -> float | None:
        return max(0.0, (self.now - moment).total_seconds()) if moment else None

    @property
    def oldest_queued_age(self) -> float | None:
        return self._age(self.oldest_queued_at)

    @property
    def freshest_heartbeat_age(self) -> float | None:
        return self._age(self.freshest_heartbeat_at)

    @property
    def stalest_heartbeat_age(self) -> float | None:
        return self._age(self.stalest_heartbeat_at)


def _aggregates(now: datetime) -> dict:
    queued, scoring = Q(status=Status.QUEUED), Q(status=Status.SCORING)
    stale = now - timedelta(seconds=settings.PODIUM_SCORING_STALE_SECONDS)
    recent = Q(scored_at__gte=now - RECENT)
    return {
        "queued": Count("pk", filter=queued), "oldest_queued_at": Min("queued_at", filter=queued),
        "scoring": Count("pk", filter=scoring), "stale_claims": Count("pk", filter=scoring & Q(heartbeat_at__lt=stale)),
        "freshest_heartbeat_at": Max("heartbeat_at", filter=scoring),
        "stalest_heartbeat_at": Min("heartbeat_at", filter=scoring),
        "scored_last_hour": Count("pk", filter=recent & Q(status=Status.SCORED)),
        "failed_last_hour": Count("pk", filter=recent & Q(status__in=[Status.FAILED, Status.ERROR])),
        "failed": Count("pk", filter=Q(status=Status.FAILED)), "errors": Count("pk", filter=Q(status=Status.ERROR)),
        "submitted": Count("pk"), "times_scored": Sum("times_scored"), "times_failed": Sum("times_failed"),
        "times_errored": Sum("times_errored"),
    }


def queue_figures(*, competitions: Iterable[Competition] | None = None, now: datetime | None = None
                  ) -> dict[int, QueueFigures]:
    """Figures per competition id, for the given competitions (all when None), in one grouped query. A competition
    without any submission is there too, with zeros."""
    now = now or timezone.now()
    listed = Competition.objects.all() if competitions is None else competitions
    slugs = {competition.pk: competition.slug for competition in listed}
    rows = (Submission.objects.filter(competition_id__in=list(slugs)).values("competition_id")
            .annotate(**_aggregates(now)).order_by())
    figures = {pk: QueueFigures(now=now, slugs=(slug,)) for pk, slug in slugs.items()}
    for row in rows:
        pk = row.pop("competition_id")
        figures[pk] = QueueFigures(now=now, slugs=(slugs[pk],), **row)
    return figures


def competition_queue_figures(*, competition: Competition, now: datetime | None = None) -> QueueFigures:
    return queue_figures(competitions=[competition], now=now)[competition.pk]


def queue_figures_total(*, figures: Iterable[QueueFigures], now: datetime | None = None) -> QueueFigures:
    """Several competitions' figures as one: counts add up, the oldest wait and the heartbeats' extremes are kept."""
    figures = list(figures)

    def extreme(pick, name):
        moments = [getattr(f, name) for f in figures if getattr(f, name)]
        return pick(moments) if moments else None

    counts = ("queued", "scoring", "stale_claims", "scored_last_hour", "failed_last_hour", "failed", "errors",
              "submitted", "times_scored", "times_failed", "times_errored")
    return QueueFigures(
        now=now or (figures[0].now if figures else timezone.now()),
        **{name: sum(getattr(f, name) for f in figures) for name in counts},
        oldest_queued_at=extreme(min, "oldest_queued_at"), stalest_heartbeat_at=extreme(min, "stalest_heartbeat_at"),
        freshest_heartbeat_at=extreme(max, "freshest_heartbeat_at"),
        slugs=tuple(slug for f in figures for slug in f.slugs))


def workers_answering() -> int | None:
    """How many Celery workers answered a ping (a broadcast on the broker, waiting PODIUM_WORKER_PING_SECONDS for
    the replies). Cached for PODIUM_WORKER_PING_CACHE_SECONDS, so pages and scrapes wait for it rarely. None when
    the ping is turned off (0 seconds) or the broker cannot broadcast."""
    timeout = settings.PODIUM_WORKER_PING_SECONDS
    if timeout <= 0:
        return None
    answered = cache.get(WORKERS_CACHE_KEY)
    if answered is None:
        try:
            answered = len(current_app.control.ping(timeout=timeout) or [])
        except Exception:  # a transport without broadcast, or the broker down: /readyz is where that shows
            answered = -1
        cache.set(WORKERS_CACHE_KEY, answered, settings.PODIUM_WORKER_PING_CACHE_SECONDS)
    return None if answered < 0 else answered
