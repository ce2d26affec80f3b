"""Reads for the charts and marks around the boards: the medal zones of the public board "if it ended now", a
team's score history, the board's top public score by day, the public-vs-final ranks after finalization, and the
header's countdowns. One or two queries each (pinned by tests); none reads a private score before finalization."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django.core.cache import cache
from django.db.models import Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.language import local_and_utc

from .models import Competition, LeaderboardEntry, Score, Submission, Team
from .services.leaderboards import board_order, medal_cutoffs, medal_for

UTC = dt_timezone.utc
Medal = LeaderboardEntry.Medal
# The top score of past days changes only when a host rescores or disqualifies, so it is recomputed at most hourly
# (and each new day): its aggregate reads every scored submission (280 ms at 300k on PostgreSQL, measured with
# benchmarks/board_charts.py) and must stay off the board page's hot path. The current top is always read live.
TOP_SCORES_TTL = 3600


@dataclass(frozen=True)
class MedalZones:
    """How many places each medal would take if the public board were the final one."""
    gold: int
    silver: int
    bronze: int


def board_mark_medal_zones(*, rows: list, ranked_count: int) -> MedalZones:
    """Sets `medal_zone` ("gold", "silver", "bronze" or "") on each board row by its rank among `ranked_count`
    ranked teams, with Kaggle's table (medal_cutoffs); unranked rows get none. No query."""
    cutoffs = medal_cutoffs(ranked_count)
    for row in rows:
        row.medal_zone = medal_for(row.rank, cutoffs) if row.rank else ""
    gold, silver, bronze = cutoffs[Medal.GOLD], cutoffs[Medal.SILVER], cutoffs[Medal.BRONZE]
    return MedalZones(gold=gold, silver=max(0, silver - gold), bronze=max(0, bronze - max(gold, silver)))


@dataclass(frozen=True)
class HistoryPoint:
    at: datetime
    score: float
    best: float | None  # the team's best in-time public score so far (late ones are never ranked)
    is_selected: bool
    is_late: bool
    filename: str


def team_score_history(*, team: Team, greater_is_better: bool) -> list[HistoryPoint]:
    """Every scored submission of the team with its active public score, oldest first. One query."""
    rows = (Score.objects.filter(submission__team=team, split=Score.Split.PUBLIC, is_active=True,
                                 submission__status=Submission.Status.SCORED)
            .order_by("submission__created_at", "submission_id")
            .values_list("submission__created_at", "value", "submission__is_selected", "submission__is_late",
                         "submission__filename"))
    points, best = [], None
    for at, value, selected, late, filename in rows:
        if not late and (best is None or (value > best if greater_is_better else value < best)):
            best = value
        points.append(HistoryPoint(at=at, score=value, best=best, is_selected=selected, is_late=late,
                                   filename=filename))
    return points


@dataclass(frozen=True)
class DayTop:
    day: date
    score: float | None  # None before the first score


def board_days(*, competition: Competition, today: date) -> list[date]:
    """The UTC days from the start to today, or to the end once it has passed."""
    first, last = competition.start_at.astimezone(UTC).date(), min(today, competition.end_at.astimezone(UTC).date())
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def board_top_scores(*, competition: Competition, now: datetime | None = None) -> list[DayTop]:
    """The best public score on the board at the end of each day since the start: the best of the in-time
    scores of ranked teams made by that day. The last day's is the board's current top. Two queries (one when
    the past days are cached)."""
    now = now or timezone.now()
    days = board_days(competition=competition, today=now.astimezone(UTC).date())
    if not days:
        return []
    better = max if competition.metric.greater_is_better else min
    per_day = daily_bests(competition=competition, first=days[0], last=days[-1] - timedelta(days=1))
    current = board_order(competition, LeaderboardEntry.Split.PUBLIC).filter(is_ranked=True).values_list(
        "score", flat=True).first()
    tops, best = [], None
    for day in days:
        value = current if day == days[-1] else per_day.get(day)
        if value is not None:
            best = value if best is None or day == days[-1] else better(best, value)
        tops.append(DayTop(day=day, score=best))
    return tops


def daily_bests(*, competition: Competition, first: date, last: date) -> dict[date, float]:
    """The best in-time public score of a ranked team made on each day from `first` to `last`, cached.

    One aggregate over the competition's public scores, bounded to those days by the submissions' creation
    time (indexed), grouped by UTC day."""
    if last < first:
        return {}
    key = f"podium:board-top-scores:{competition.pk}:{first}:{last}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    start = datetime.combine(first, datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    best = Max("value") if competition.metric.greater_is_better else Min("value")
    rows = (Score.objects.filter(split=Score.Split.PUBLIC, is_active=True, submission__competition=competition,
                                 submission__created_at__gte=start, submission__created_at__lt=end,
                                 submission__status=Submission.Status.SCORED, submission__is_late=False,
                                 submission__team__kind=Team.Kind.PARTICIPANT,
                                 submission__team__is_disqualified=False)
            .annotate(day=TruncDate("submission__created_at", tzinfo=UTC)).values("day")
            .annotate(best=best).order_by().values_list("day", "best"))
    result = dict(rows)
    cache.set(key, result, TOP_SCORES_TTL)
    return result


def board_rank_pairs(*, competition: Competition) -> list[tuple[int, int, str]]:
    """After finalization: each ranked team's (public rank, final private rank, name), by final rank. One query;
    nothing before finalization."""
    if not competition.finalized_at:
        return []
    return list(LeaderboardEntry.objects.filter(competition=competition, split=LeaderboardEntry.Split.PRIVATE,
                                                final_rank__isnull=False, public_rank__isnull=False)
                .order_by("final_rank").values_list("public_rank", "final_rank", "team__name"))


def _duration(delta: timedelta) -> str:
    """'3 days 4 hours', '5 hours 12 minutes', '7 minutes': the two largest units, rounded down."""
    minutes = int(delta.total_seconds() // 60)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours and len(parts) < 2:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if (minutes or not parts) and not days:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts[:2])


def competition_countdowns(*, competition: Competition, now: datetime | None = None) -> dict[str, str]:
    """The header's texts: how long until the start or the end, and, while uploads are taken, until the daily
    limit resets at 00:00 UTC. No query."""
    now = now or timezone.now()
    texts = {}
    if now < competition.start_at:
        texts["deadline"] = _("Starts in %(time)s") % {"time": _duration(competition.start_at - now)}
    elif now < competition.end_at:
        texts["deadline"] = _("Ends in %(time)s") % {"time": _duration(competition.end_at - now)}
    if competition.accepts_submissions:
        midnight = datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        local, utc = local_and_utc(midnight)  # the viewer's zone first: 00:00 UTC is 09:00 in Seoul
        texts["reset"] = _("Daily limit resets in %(time)s (%(at)s)") % {
            "time": _duration(midnight - now), "at": f"{local}, {utc}" if utc else local}
    return texts
