"""Submissions: validation at upload, storage, and the scorer's claim / store / release cycle.

The scorer is at-least-once (Celery acks late, the watchdog re-sends), so every step here is safe to repeat:
a submission is claimed with a conditional UPDATE that only one worker can win, and its scores are stored only
by the holder of the current claim, in one transaction that also marks it scored.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scoring.bootstrap import PublicUncertainty, public_uncertainty
from scoring.cache import get_solution
from scoring.engine import score_submission, validate_submission
from scoring.errors import SubmissionFormatError
from scoring.result import MetricResult

from ..metrics import count_refusals
from ..models import Competition, Score, Submission, SubmissionGrant, Team
from ..models.submissions import PLATFORM_ERROR_TEXT
from ..stored_files import stored_read
from .leaderboards import competition_results_check_open, leaderboard_refresh_team
from .teams import team_of

logger = logging.getLogger(__name__)


def competition_solution(*, competition: Competition):
    """The parsed solution, from this process's cache; the file is read only when the cache misses."""
    solution = competition.solution

    def read() -> bytes:
        # Through the storage, not the FieldFile (which shares one handle between threads using the same row); on
        # S3 one GET into memory, not django-storages' S3File (which spools a large object to a temporary file).
        return stored_read(solution.file.storage, solution.file.name)

    return get_solution(sha256=solution.sha256, read=read, metric_key=competition.metric_key,
                        params=competition.metric_params, public_fraction=competition.public_fraction,
                        seed=competition.split_seed)


def submission_validate(*, competition: Competition, data: bytes, filename: str) -> int:
    """Parses the upload against the solution's ids; raises SubmissionFormatError with the participant's message."""
    return validate_submission(solution=competition_solution(competition=competition), data=data,
                               filename=filename, metric_key=competition.metric_key,
                               params=_submission_params(competition))


def _submission_params(competition: Competition) -> dict:
    """The metric's parameters, with the unpacked-size cap of a submission taken from the settings."""
    return {"max_bytes": settings.PODIUM_SUBMISSION_MAX_BYTES, **competition.metric_params}


class SubmissionRefused(PermissionError):
    """The team may not submit now (not joined, competition closed, paused, disqualified)."""


class DailyLimitReached(SubmissionRefused):
    def __init__(self, quota: "Quota"):
        self.quota = quota
        super().__init__(_("Your team has used all %(allowed)d submissions for today (UTC). The count resets at "
                           "%(resets_at)s UTC.") % {"allowed": quota.allowed,
                                                    "resets_at": f"{quota.resets_at:%Y-%m-%d %H:%M}"})


@dataclass(frozen=True)
class Quota:
    used: int
    allowed: int
    resets_at: datetime

    @property
    def remaining(self) -> int:
        return max(0, self.allowed - self.used)


def utc_day_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.astimezone(dt_timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def team_quota(*, team: Team, now: datetime | None = None, competition: Competition | None = None) -> Quota:
    """Today's (UTC) submissions that count, against the daily limit plus the host's grants for today."""
    competition = competition or team.competition
    start, end = utc_day_bounds(now or timezone.now())
    used, granted = _quota_counts(team_id=team.pk, start=start, end=end)
    return Quota(used=used, allowed=competition.daily_submission_limit + granted, resets_at=end)


def _quota_counts(*, team_id: int, start: datetime, end: datetime) -> tuple[int, int]:
    """Submissions that count (all but platform errors) and extra submissions granted, for one UTC day.

    Plain SQL, both in one round trip: every upload asks this under its team's lock, and building the two ORM
    queries cost the web process several times the database's own work (about 1 ms of CPU per upload).
    """
    ops, quote = connection.ops, connection.ops.quote_name
    submissions, grants = quote(Submission._meta.db_table), quote(SubmissionGrant._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {submissions} WHERE {quote('team_id')} = %s AND {quote('created_at')} >= %s"
            f" AND {quote('created_at')} < %s AND {quote('status')} <> %s),"
            f" (SELECT COALESCE(SUM({quote('extra')}), 0) FROM {grants} WHERE {quote('team_id')} = %s"
            f" AND {quote('day')} = %s)",
            [team_id, ops.adapt_datetimefield_value(start), ops.adapt_datetimefield_value(end),
             Submission.Status.ERROR.value, team_id, ops.adapt_datefield_value(start.date())])
        used, granted = cursor.fetchone()
    return int(used), int(granted)


def can_submit_check(*, competition: Competition, team: Team | None, now: datetime) -> None:
    """Raises SubmissionRefused, saying why, when the team may not submit now (its daily count aside)."""
    if team is None:
        raise SubmissionRefused(_("Join the competition (accept its rules) before submitting."))
    if team.is_disqualified:
        raise SubmissionRefused(_("Your team has been disqualified from this competition."))
    if competition.submissions_paused:
        raise SubmissionRefused(_("The host has paused submissions for now. Try again later."))
    if now < competition.start_at:
        raise SubmissionRefused(_("The competition has not started yet."))
    if now >= competition.end_at and not competition.late_submissions_enabled:
        raise SubmissionRefused(_("The competition has ended and does not accept late submissions."))


@count_refusals  # the refused uploads /metrics reports: no row records them
def submission_create(*, competition: Competition, user: User, data: bytes, filename: str,
                      description: str = "", idempotency_key: str = "") -> tuple[Submission, bool]:
    """Validates, counts, stores and queues a submission. Returns (submission, created).

    The file is parsed first, outside any lock, so a broken file is refused at once and never counts. The daily
    limit is then checked and the row written in one transaction holding the team's row lock (PostgreSQL:
    SELECT ... FOR UPDATE; SQLite: the IMMEDIATE transaction's write lock), so concurrent uploads queue behind
    each other and exactly `allowed` of them pass. A repeated Idempotency-Key returns the first submission.
    """
    team = team_of(competition=competition, user=user)
    can_submit_check(competition=competition, team=team, now=timezone.now())
    if idempotency_key and (earlier := Submission.objects.filter(team=team, idempotency_key=idempotency_key).first()):
        return earlier, False
    rows = submission_validate(competition=competition, data=data, filename=filename)
    safe_name = PurePosixPath(filename.replace("\\", "/")).name or "submission.csv"
    stored_name = None
    try:
        with transaction.atomic():
            # The competition's row comes with the lock, in the same query (only the team's row is locked), as of
            # the statement's start: a pause committed while this waits for the lock is not seen, as one committed
            # a moment after the read would not be either; the clock below is read after the lock.
            team = Team.objects.select_for_update(of=("self",)).select_related("competition").get(pk=team.pk)
            if idempotency_key and (earlier := team.submissions.filter(idempotency_key=idempotency_key).first()):
                return earlier, False
            now = timezone.now()
            # Again under the lock, with the clock of the commit: an upload that raced the end (or a pause, a
            # disqualification) is judged by the state it is written in, like the daily limit.
            competition = team.competition
            can_submit_check(competition=competition, team=team, now=now)
            quota = team_quota(team=team, now=now, competition=competition)
            if quota.used >= quota.allowed:
                raise DailyLimitReached(quota)
            submission = Submission(competition=competition, team=team, submitted_by=user, filename=safe_name,
                                    size=len(data), sha256=hashlib.sha256(data).hexdigest(), rows=rows,
                                    description=description[:500], is_late=now >= competition.end_at,
                                    idempotency_key=idempotency_key, queued_at=now)
            submission.file.save(safe_name, ContentFile(data), save=False)
            stored_name = submission.file.name
            submission.save()
            submission_enqueue(submission=submission)
    except BaseException:
        if stored_name:  # the row rolled back; do not leave its file behind
            Submission.file.field.storage.delete(stored_name)
        raise
    return submission, True


def submission_enqueue(*, submission: Submission) -> None:
    """Publishes the scoring task once the row is committed. The row is the outbox: a publish that fails (broker
    down) leaves published_at empty and the watchdog publishes it later, so the upload itself still succeeds."""
    transaction.on_commit(lambda: submission_publish(submission_id=submission.pk))


def submission_publish(*, submission_id: int) -> bool:
    """Sends the scoring task to the broker; never raises. True when the broker took it."""
    from ..tasks import task_score_submission  # the task module imports this one

    try:
        task_score_submission.apply_async((submission_id,), retry_policy=settings.PODIUM_PUBLISH_RETRY_POLICY)
    except Exception:  # kombu's OperationalError, redis/amqp socket errors: the broker is unreachable
        logger.warning("Submission %s: the broker is unreachable; the watchdog will publish it later.",
                       submission_id, exc_info=True)
        return False
    Submission.objects.filter(pk=submission_id).update(published_at=timezone.now())
    return True


def stale_claim_cutoff():
    return timezone.now() - timedelta(seconds=settings.PODIUM_SCORING_STALE_SECONDS)


def submission_claim(*, submission_id: int) -> uuid.UUID | None:
    """Moves a queued (or abandoned) submission to scoring; returns the claim token, or None if someone else has it.

    The worker holding a claim beats its heart every PODIUM_SCORING_HEARTBEAT_SECONDS; a claim whose heartbeat
    is older than the stale cut-off belongs to a worker that died (kill -9, lost machine) and may be taken over.
    """
    token, now = uuid.uuid4(), timezone.now()
    claimable = Q(status=Submission.Status.QUEUED) | Q(status=Submission.Status.SCORING,
                                                       heartbeat_at__lt=stale_claim_cutoff())
    claimed = Submission.objects.filter(claimable, pk=submission_id).update(
        status=Submission.Status.SCORING, claim_token=token, claimed_at=now, heartbeat_at=now,
        attempts=F("attempts") + 1)
    return token if claimed == 1 else None


def submission_heartbeat(*, submission: Submission) -> bool:
    """Tells the watchdog that the claim's worker is alive. False once the claim is no longer ours."""
    return Submission.objects.filter(pk=submission.pk, claim_token=submission.claim_token,
                                     status=Submission.Status.SCORING).update(heartbeat_at=timezone.now()) == 1


def submission_give_up_if_exhausted(*, submission: Submission) -> bool:
    """After the last attempt a submission fails for good with a platform error instead of looping."""
    if submission.attempts <= settings.PODIUM_SCORING_MAX_ATTEMPTS:
        return False
    with translation.override("en"):  # the stored text; pages word it in their reader's language (error_text)
        text = str(PLATFORM_ERROR_TEXT % {"attempts": settings.PODIUM_SCORING_MAX_ATTEMPTS})
    _finish(submission=submission, status=Submission.Status.ERROR, error_message=text)
    return True


# Each outcome's counter on the row, the /metrics counters that a rescore must not lower (Submission.times_scored).
OUTCOME_COUNTS = {Submission.Status.SCORED: "times_scored", Submission.Status.FAILED: "times_failed",
                  Submission.Status.ERROR: "times_errored"}


def _finish(*, submission: Submission, status: str, error_message: str = "", error_parts: list | None = None) -> bool:
    counted = OUTCOME_COUNTS[status]
    updated = Submission.objects.filter(pk=submission.pk, claim_token=submission.claim_token).update(
        status=status, error_message=error_message, error_parts=error_parts, scored_at=timezone.now(),
        claim_token=None, **{counted: F(counted) + 1})
    return updated == 1


def score_uncertainty(*, competition: Competition, results: dict[str, MetricResult]) -> PublicUncertainty | None:
    """The public score's bootstrap (interval, paired resamples, private-size resamples), from public rows only."""
    public = results.get("public")
    if public is None or public.rows is None or not len(public.rows):
        return None
    solution = competition_solution(competition=competition)
    return public_uncertainty(public.rows, private_rows=int((~solution.is_public).sum()))


def _score_fields(result: MetricResult, uncertainty: PublicUncertainty | None) -> dict:
    fields = {"value": result.score, "parts": result.parts}
    if uncertainty is not None:
        fields.update(ci_low=uncertainty.interval.low, ci_high=uncertainty.interval.high,
                      resamples=uncertainty.replicates.tobytes(),
                      private_size_resamples=uncertainty.at_private_size.tobytes())
    return fields


def submission_store_scores(*, submission: Submission, results: dict[str, MetricResult],
                            uncertainty: PublicUncertainty | None = None) -> bool:
    """Stores one score row per split and marks the submission scored, if the claim is still ours."""
    with transaction.atomic():
        # The team's row lock serializes board updates of one team across workers (see leaderboards).
        team = Team.objects.select_for_update().get(pk=submission.team_id)
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.claim_token != submission.claim_token or current.status != Submission.Status.SCORING:
            logger.warning("Submission %s: claim lost, discarding a duplicate result.", submission.pk)
            return False
        for split, result in results.items():
            Score.objects.update_or_create(submission=current, split=split, is_active=True,
                                           defaults=_score_fields(result, uncertainty if split == "public" else None))
        finished = _finish(submission=current, status=Submission.Status.SCORED)
        leaderboard_refresh_team(team=team)
        return finished


def submission_fail(*, submission: Submission, error: SubmissionFormatError) -> bool:
    """The file is wrong (caught only at scoring time): the participant sees the parser's message, kept as its
    message parts to be worded in each reader's language, and in English."""
    return _finish(submission=submission, status=Submission.Status.FAILED, error_message=error.message,
                   error_parts=error.parts)


def submission_release(*, submission: Submission) -> bool:
    """Hands an attempt that crashed back to the queue (queued anew, as a dead worker's claim is), keeping its
    attempt count."""
    now = timezone.now()
    return Submission.objects.filter(pk=submission.pk, claim_token=submission.claim_token).update(
        status=Submission.Status.QUEUED, claim_token=None, claimed_at=None, heartbeat_at=None,
        published_at=now, queued_at=now) == 1


def submission_score(*, submission: Submission) -> dict[str, MetricResult]:
    competition = submission.competition
    data = stored_read(submission.file.storage, submission.file.name)
    return score_submission(solution=competition_solution(competition=competition), data=data,
                            filename=submission.filename, metric_key=competition.metric_key,
                            params=_submission_params(competition))


# Lets an upload's own publish (just after its commit) finish before the watchdog counts the row as unpublished.
UNPUBLISHED_GRACE = timedelta(seconds=5)


def submissions_release_dead_claims() -> list[int]:
    """Hands submissions whose worker died (heartbeat stopped) back to the queue; returns their ids, for the
    watchdog to publish. If that worker was only frozen, its late result is discarded: its claim token is gone."""
    dead = Q(status=Submission.Status.SCORING, heartbeat_at__lt=stale_claim_cutoff())
    candidates = list(Submission.objects.filter(dead).values_list("pk", flat=True))
    released = []
    for pk in candidates:  # one conditional UPDATE each: a claim that came back to life meanwhile is left alone
        # Queued anew, as after a rescore: the queue's oldest wait measures how long no worker has taken a
        # submission, and the dead worker did take this one.
        if Submission.objects.filter(dead, pk=pk).update(status=Submission.Status.QUEUED, claim_token=None,
                                                         claimed_at=None, heartbeat_at=None, published_at=None,
                                                         queued_at=timezone.now()):
            released.append(pk)
    return released


def submissions_to_publish(*, lost_after: timedelta):
    """Queued submissions whose task is not on the broker: never published (the broker was down at upload, or a
    dead claim was released), or published so long ago that the message was probably lost (a broker restarted
    without persistence). A duplicate message is harmless: only one claim wins."""
    now = timezone.now()
    unpublished = Q(published_at__isnull=True, created_at__lt=now - UNPUBLISHED_GRACE)
    lost = Q(published_at__lt=now - lost_after)
    return Submission.objects.filter(unpublished | lost, status=Submission.Status.QUEUED)


def submission_rescore(*, submission: Submission) -> Submission:
    """Queues a fresh scoring; the old score rows stay, disabled, for audit. A finalized competition must be
    reopened first: its results are frozen."""
    competition_results_check_open(competition=submission.competition)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=submission.team_id)
        Score.objects.filter(submission=submission, is_active=True).update(is_active=False)
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.QUEUED, attempts=0, claim_token=None, claimed_at=None, heartbeat_at=None,
            published_at=None, error_message="", error_parts=None, scored_at=None, queued_at=timezone.now())
        leaderboard_refresh_team(team=team)
        submission_enqueue(submission=submission)
    submission.refresh_from_db()
    return submission


class SelectionError(ValueError):
    pass


def submission_select(*, submission: Submission, user: User, selected: bool) -> Submission:
    """Marks or unmarks a final submission; at most the competition's number, before the end."""
    competition = submission.competition
    if team_of(competition=competition, user=user) != submission.team:
        raise SelectionError(_("Only members of the team that made this submission can select it."))
    if timezone.now() >= competition.end_at:
        raise SelectionError(_("The final submission deadline has passed."))
    if selected and (submission.status != Submission.Status.SCORED or submission.is_late):
        raise SelectionError(_("Only scored, on-time submissions can be selected."))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=submission.team_id)
        count = team.submissions.filter(is_selected=True).exclude(pk=submission.pk).count()
        if selected and count >= competition.max_final_selections:
            raise SelectionError(_("Your team already selected %(count)d submissions, the most this competition "
                                   "allows. Unselect one first.") % {"count": count})
        Submission.objects.filter(pk=submission.pk).update(is_selected=selected)
        leaderboard_refresh_team(team=team)
    submission.refresh_from_db()
    return submission
