"""Celery tasks: thin adapters over competitions.services.submissions."""

import logging
import threading

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connections

from scoring.errors import SubmissionFormatError

from .models import Submission
from .services import downloads
from .services import submissions as services
from .services import shake_up, uploads

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
        with Heartbeat(submission):
            results = services.submission_score(submission=submission)
            uncertainty = services.score_uncertainty(competition=submission.competition, results=results)
    except SubmissionFormatError as error:
        services.submission_fail(submission=submission, error=error)
        return
    except (Exception, SoftTimeLimitExceeded) as error:
        logger.exception("Submission %s: attempt %s crashed.", submission_id, submission.attempts)
        services.submission_release(submission=submission)
        raise self.retry(exc=error, countdown=settings.PODIUM_SCORING_RETRY_SECONDS * submission.attempts)
    services.submission_store_scores(submission=submission, results=results, uncertainty=uncertainty)


class Heartbeat:
    """Beats the claim's heart from a thread while the scorer works, so that the watchdog can tell a slow scoring
    from a dead worker within seconds instead of waiting out the hard time limit."""

    def __init__(self, submission: Submission):
        self.submission, self.stopped = submission, threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{submission.pk}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(settings.PODIUM_SCORING_HEARTBEAT_SECONDS):
                if not services.submission_heartbeat(submission=self.submission):
                    return  # the claim was taken over: this worker's result will be discarded anyway
        except Exception:  # a database hiccup must not kill the scoring; the next beat (or the watchdog) decides
            logger.exception("Submission %s: heartbeat failed.", self.submission.pk)
        finally:
            connections.close_all()  # this thread's own database connection


@shared_task(name="competitions.requeue_stuck_submissions")
def task_requeue_stuck_submissions() -> int:
    """Periodic watchdog (Celery beat, every few seconds): releases claims of dead workers, then publishes every
    queued submission whose task is not on the broker. Returns how many it published."""
    released = services.submissions_release_dead_claims()
    pending = released + list(services.submissions_to_publish(lost_after=settings.PODIUM_SCORING_REQUEUE_AFTER)
                              .exclude(pk__in=released).values_list("pk", flat=True))
    published = [pk for pk in pending if services.submission_publish(submission_id=pk)]
    if pending:
        logger.warning("Watchdog: released the claims of dead workers on %s; published %s of %s queued "
                       "submission(s): %s", released, len(published), len(pending), published)
    return len(published)


@shared_task(name="competitions.expire_upload_slots")
def task_expire_upload_slots() -> int:
    """Periodic (Celery beat): deletes kaggle CLI uploads that were opened and never submitted, with their bytes."""
    return uploads.uploads_expire(older_than=settings.PODIUM_UPLOAD_SLOT_TTL)


@shared_task(name="competitions.build_data_archive", acks_late=True, reject_on_worker_lost=True,
             time_limit=downloads.ARCHIVE_TIME_LIMIT, soft_time_limit=downloads.ARCHIVE_TIME_LIMIT - 60)
def task_build_data_archive(archive_id: int) -> bool:
    """Zips a competition's data files once per data version ("Download all"). Idempotent: the build is claimed."""
    return downloads.data_archive_build(archive_id=archive_id)


@shared_task(name="competitions.estimate_shake_ups")
def task_estimate_shake_ups() -> int:
    """Periodic (Celery beat): refreshes the shake-up estimate of every open competition whose board changed."""
    competitions = list(shake_up.competitions_needing_estimate())
    for competition in competitions:
        shake_up.shake_up_estimate(competition=competition)
    return len(competitions)

