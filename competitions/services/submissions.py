"""Submissions: validation at upload, storage, and the scorer's claim / store / release cycle.

The scorer is at-least-once (Celery acks late, the watchdog re-sends), so every step here is safe to repeat:
a submission is claimed with a conditional UPDATE that only one worker can win, and its scores are stored only
by the holder of the current claim, in one transaction that also marks it scored.
"""

import hashlib
import logging
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from scoring.cache import get_solution
from scoring.engine import score_submission, validate_submission
from scoring.result import MetricResult

from ..models import Competition, Score, Submission

logger = logging.getLogger(__name__)


def competition_solution(*, competition: Competition):
    """The parsed solution, from this process's cache when the file has not changed."""
    with competition.solution.file.open("rb") as handle:
        data = handle.read()
    return get_solution(data=data, metric_key=competition.metric_key, params=competition.metric_params,
                        public_fraction=competition.public_fraction, seed=competition.split_seed)


def submission_validate(*, competition: Competition, data: bytes, filename: str) -> int:
    """Parses the upload against the solution's ids; raises SubmissionFormatError with the participant's message."""
    return validate_submission(solution=competition_solution(competition=competition), data=data,
                               filename=filename, metric_key=competition.metric_key,
                               params=competition.metric_params)


def submission_create(*, competition: Competition, user: User, data: bytes, filename: str,
                      description: str = "") -> Submission:
    """Validates, stores and queues a submission; a broken file raises before anything is written."""
    rows = submission_validate(competition=competition, data=data, filename=filename)
    safe_name = PurePosixPath(filename.replace("\\", "/")).name or "submission.csv"
    submission = Submission(competition=competition, submitted_by=user, filename=safe_name, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), description=description, rows=rows,
                            is_late=timezone.now() >= competition.end_at)
    with transaction.atomic():
        submission.file.save(safe_name, ContentFile(data), save=False)
        submission.save()
        submission_enqueue(submission=submission)
    return submission


def submission_enqueue(*, submission: Submission) -> None:
    from ..tasks import task_score_submission  # the task module imports this one

    task_score_submission.delay_on_commit(submission.pk)


def stale_claim_cutoff():
    return timezone.now() - timedelta(seconds=settings.PODIUM_SCORING_STALE_SECONDS)


def submission_claim(*, submission_id: int) -> uuid.UUID | None:
    """Moves a queued (or abandoned) submission to scoring; returns the claim token, or None if someone else has it.

    A claim older than the stale cut-off belongs to a worker that died (kill -9, lost machine): no live worker
    can still be running past the hard time limit, so the claim may be taken over.
    """
    token = uuid.uuid4()
    claimable = Q(status=Submission.Status.QUEUED) | Q(status=Submission.Status.SCORING,
                                                       claimed_at__lt=stale_claim_cutoff())
    claimed = Submission.objects.filter(claimable, pk=submission_id).update(
        status=Submission.Status.SCORING, claim_token=token, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    return token if claimed == 1 else None


def submission_give_up_if_exhausted(*, submission: Submission) -> bool:
    """After the last attempt a submission fails for good with a platform error instead of looping."""
    if submission.attempts <= settings.PODIUM_SCORING_MAX_ATTEMPTS:
        return False
    _finish(submission=submission, status=Submission.Status.ERROR,
            error_message=f"Podium could not score this file after {settings.PODIUM_SCORING_MAX_ATTEMPTS} "
                          "attempts. This is not a problem with your file, and it does not count against your "
                          "daily limit.")
    return True


def _finish(*, submission: Submission, status: str, error_message: str = "") -> bool:
    updated = Submission.objects.filter(pk=submission.pk, claim_token=submission.claim_token).update(
        status=status, error_message=error_message, scored_at=timezone.now(), claim_token=None)
    return updated == 1


def submission_store_scores(*, submission: Submission, results: dict[str, MetricResult]) -> bool:
    """Stores one score row per split and marks the submission scored, if the claim is still ours."""
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.claim_token != submission.claim_token or current.status != Submission.Status.SCORING:
            logger.warning("Submission %s: claim lost, discarding a duplicate result.", submission.pk)
            return False
        for split, result in results.items():
            Score.objects.update_or_create(submission=current, split=split, is_active=True,
                                           defaults={"value": result.score, "parts": result.parts})
        return _finish(submission=current, status=Submission.Status.SCORED)


def submission_fail(*, submission: Submission, message: str) -> bool:
    """The file is wrong (caught only at scoring time): the participant sees the parser's message."""
    return _finish(submission=submission, status=Submission.Status.FAILED, error_message=message)


def submission_release(*, submission: Submission) -> bool:
    """Hands an attempt that crashed back to the queue, keeping its attempt count."""
    return Submission.objects.filter(pk=submission.pk, claim_token=submission.claim_token).update(
        status=Submission.Status.QUEUED, claim_token=None, claimed_at=None) == 1


def submission_score(*, submission: Submission) -> dict[str, MetricResult]:
    competition = submission.competition
    with submission.file.open("rb") as handle:
        data = handle.read()
    return score_submission(solution=competition_solution(competition=competition), data=data,
                            filename=submission.filename, metric_key=competition.metric_key,
                            params=competition.metric_params)


def submissions_stuck(*, queued_for: timedelta):
    """Submissions whose message was probably lost (queued too long) or whose worker died (claim gone stale)."""
    lost = Q(status=Submission.Status.QUEUED, created_at__lt=timezone.now() - queued_for,
             claimed_at__isnull=True) | Q(status=Submission.Status.QUEUED, claimed_at__lt=timezone.now() - queued_for)
    abandoned = Q(status=Submission.Status.SCORING, claimed_at__lt=stale_claim_cutoff())
    return Submission.objects.filter(lost | abandoned)


def submission_rescore(*, submission: Submission) -> Submission:
    """Queues a fresh scoring; the old score rows stay, disabled, for audit."""
    with transaction.atomic():
        Score.objects.filter(submission=submission, is_active=True).update(is_active=False)
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.QUEUED, attempts=0, claim_token=None, claimed_at=None, error_message="",
            scored_at=None)
        submission_enqueue(submission=submission)
    submission.refresh_from_db()
    return submission
