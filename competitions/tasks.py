"""Celery tasks: thin adapters over competitions.services.submissions."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from scoring.errors import SubmissionFormatError

from .models import Submission
from .services import submissions as services

logger = logging.getLogger(__name__)


# acks_late + reject_on_worker_lost: a worker killed mid-task leaves the message to be delivered again. That is safe
# only because the work is idempotent (the atomic claim, and scores stored by the claim holder alone).
@shared_task(name="competitions.score_submission", bind=True, acks_late=True, reject_on_worker_lost=True,
             max_retries=None)
def task_score_submission(self, submission_id: int) -> None:
    token = services.submission_claim(submission_id=submission_id)
    if token is None:
        logger.info("Submission %s is not claimable (scored, or another worker has it).", submission_id)
        return
    submission = Submission.objects.select_related("competition__solution").get(pk=submission_id)
    if services.submission_give_up_if_exhausted(submission=submission):
        logger.error("Submission %s failed for good after %s attempts.", submission_id, submission.attempts - 1)
        return
    try:
        results = services.submission_score(submission=submission)
    except SubmissionFormatError as error:
        services.submission_fail(submission=submission, message=str(error))
        return
    except (Exception, SoftTimeLimitExceeded) as error:
        logger.exception("Submission %s: attempt %s crashed.", submission_id, submission.attempts)
        services.submission_release(submission=submission)
        raise self.retry(exc=error, countdown=settings.PODIUM_SCORING_RETRY_SECONDS * submission.attempts)
    services.submission_store_scores(submission=submission, results=results)


@shared_task(name="competitions.requeue_stuck_submissions")
def task_requeue_stuck_submissions() -> int:
    """Periodic watchdog (Celery beat): re-sends submissions whose message was lost or whose worker died."""
    stuck = list(services.submissions_stuck(queued_for=settings.PODIUM_SCORING_REQUEUE_AFTER)
                 .values_list("pk", flat=True))
    for submission_id in stuck:
        task_score_submission.delay(submission_id)
    if stuck:
        logger.warning("Watchdog re-queued %s submission(s): %s", len(stuck), stuck)
    return len(stuck)
