"""Reads of the host area: a competition's activity over time, its latest errors, every submission with both
scores, its teams (its scoring queue: competitions/queue_stats.py). The callers have checked
`selectors.user_is_host` first."""

import bisect
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Competition, LeaderboardEntry, RulesAcceptance, Score, Submission, Team, TeamMembership

MAX_DAYS = 120  # the charts show at most the last four months, one point or bar a day
UTC = dt_timezone.utc
Status = Submission.Status
# The charts' four statuses: a submission being scored still waits for its score, so it counts as queued.
CHART_STATUSES = {Status.SCORED: "scored", Status.FAILED: "failed", Status.ERROR: "error",
                  Status.QUEUED: "queued", Status.SCORING: "queued"}


def _day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def host_days(*, competition: Competition, today: date | None = None) -> list[date]:
    """The UTC days the charts cover: from the start to today, or to the end once it has passed (to the last
    late submission, if any came after it); the last MAX_DAYS of them."""
    today = today or _day(timezone.now())
    last = min(today, _day(competition.end_at))
    latest = competition.submissions.aggregate(latest=Max("created_at"))["latest"]
    if latest and _day(latest) > last:
        last = _day(latest)
    first = max(_day(competition.start_at), last - timedelta(days=MAX_DAYS - 1))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _cumulative(moments: list[date], days: list[date]) -> list[int]:
    """How many of the moments fall on or before each day."""
    moments = sorted(moments)
    return [bisect.bisect_right(moments, day) for day in days]


def _bots(competition: Competition) -> QuerySet:
    """The accounts behind host and baseline teams: they are not participants."""
    return TeamMembership.objects.filter(competition=competition,
                                         team__kind__in=[Team.Kind.HOST, Team.Kind.BASELINE]).values("user_id")


def host_growth(*, competition: Competition, days: list[date]) -> dict[str, list[int]]:
    """Participants (who accepted the rules) and teams (formed, less those merged away) at the end of each day."""
    joined = (RulesAcceptance.objects.filter(competition=competition).exclude(user_id__in=_bots(competition))
              .values_list("accepted_at", flat=True))
    teams = (Team.objects.filter(competition=competition, kind=Team.Kind.PARTICIPANT)
             .annotate(merged_at=Max("events__created_at", filter=Q(events__kind="merged", merged_into__isnull=False)))
             .values_list("created_at", "merged_at"))
    created, merged = [], []
    for created_at, merged_at in teams:
        created.append(_day(created_at))
        if merged_at:
            merged.append(_day(merged_at))
    alive = [a - b for a, b in zip(_cumulative(created, days), _cumulative(merged, days))]
    return {"participants": _cumulative([_day(m) for m in joined], days), "teams": alive}


def host_submissions_per_day(*, competition: Competition, days: list[date]) -> dict[str, list[int]]:
    """Submissions made each UTC day, by their status now: scored, failed, error, queued (or scoring)."""
    counts = {key: [0] * len(days) for key in ("scored", "failed", "error", "queued")}
    index = {day: i for i, day in enumerate(days)}
    rows = (competition.submissions.annotate(day=TruncDate("created_at", tzinfo=UTC))
            .values("day", "status").annotate(n=Count("pk")).order_by())
    for row in rows:
        if (i := index.get(row["day"])) is not None:
            counts[CHART_STATUSES[row["status"]]][i] += row["n"]
    return counts


def host_best_public_scores(*, competition: Competition) -> list[float]:
    """Each ranked team's best public score (its public board row)."""
    return list(LeaderboardEntry.objects.filter(competition=competition, split=LeaderboardEntry.Split.PUBLIC,
                                                is_ranked=True).values_list("score", flat=True))


def host_latest_errors(*, competition: Competition, limit: int = 20) -> QuerySet[Submission]:
    """Failed (the file) and platform-error (Podium) submissions with their messages, the latest failure first."""
    return (competition.submissions.filter(status__in=[Status.FAILED, Status.ERROR])
            .select_related("team", "submitted_by")
            .order_by(F("scored_at").desc(nulls_last=True), "-created_at")[:limit])


def _active_score(split: str) -> Subquery:
    return Subquery(Score.objects.filter(submission=OuterRef("pk"), split=split, is_active=True)
                    .values("value")[:1])


def host_submission_list(*, competition: Competition, status: str = "") -> QuerySet[Submission]:
    """Every submission of the competition, newest first, with its active public and private scores."""
    submissions = competition.submissions.all()
    if status in Status.values:
        submissions = submissions.filter(status=status)
    return (submissions.select_related("team", "submitted_by")
            .annotate(public_score=_active_score(Score.Split.PUBLIC), private_score=_active_score(Score.Split.PRIVATE))
            .order_by("-created_at", "-pk"))


def host_team_list(*, competition: Competition, query: str = "") -> QuerySet[Team]:
    """The competition's current teams (not merged away), with their member and submission counts."""
    teams = Team.objects.filter(competition=competition, merged_into__isnull=True)
    if query:
        teams = teams.filter(name__icontains=query)
    return (teams.select_related("leader")
            .annotate(member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True), distinct=True),
                      submission_count=Count("submissions", distinct=True))
            .order_by("name", "pk"))
