import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..format_messages import stored_error_text
from .hosting import Competition, private_storage
from .teams import Team


# A platform error's sentence: stored in English with the row, worded again in the reader's language when shown.
PLATFORM_ERROR_TEXT = _("Podium could not score this file after %(attempts)d attempts. This is not a problem with "
                        "your file, and it does not count against your daily limit.")


def submission_path(instance: "Submission", filename: str) -> str:
    return f"competitions/{instance.competition.slug}/submissions/{instance.uuid}/{filename}"


class Submission(models.Model):
    """A participant's uploaded predictions. Stored privately: only its team, hosts and the scorer read the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SCORING = "scoring", _("Scoring")
        SCORED = "scored", _("Scored")
        FAILED = "failed", _("Failed")  # the file itself is wrong: the participant's message says why
        # Podium failed to score it after every attempt; not the participant's fault
        ERROR = "error", _("Platform error")

    uuid = models.UUIDField(verbose_name=_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="submissions")
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.PROTECT, related_name="submissions")
    file = models.FileField(verbose_name=_("file"), upload_to=submission_path, storage=private_storage, max_length=500)
    filename = models.CharField(verbose_name=_("filename"), max_length=255)
    size = models.BigIntegerField(verbose_name=_("size"))
    sha256 = models.CharField(verbose_name=_("sha256"), max_length=64)
    description = models.CharField(verbose_name=_("description"), max_length=500, blank=True)
    rows = models.PositiveIntegerField(verbose_name=_("rows"), default=0)
    is_late = models.BooleanField(verbose_name=_("is late"), default=False)
    is_selected = models.BooleanField(verbose_name=_("is selected"), default=False,
                                      help_text=_("Marked by the team as a final submission."))
    idempotency_key = models.CharField(verbose_name=_("idempotency key"), max_length=100, blank=True)

    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(verbose_name=_("claimed at"), null=True, blank=True)
    # The scoring worker touches this every few seconds while it holds the claim: a claim whose heartbeat stopped
    # belongs to a dead worker and is taken over (see services.submissions.submission_claim).
    heartbeat_at = models.DateTimeField(verbose_name=_("heartbeat at"), null=True, blank=True)
    # Set once the scoring task reached the broker. Rows stay null while the broker is down; the watchdog
    # publishes them when it is back (the row is the outbox), so an upload is never lost to a broker outage.
    published_at = models.DateTimeField(verbose_name=_("published at"), null=True, blank=True)
    error_message = models.TextField(verbose_name=_("error message"), blank=True)
    # A format error as the engine's message parts (scoring.messages), worded in the reader's language when shown
    # (error_text); error_message keeps its English wording. Null for other errors and for rows stored before.
    error_parts = models.JSONField(verbose_name=_("error parts"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True, db_index=True)
    # When it last joined the queue: its upload, a rescore, a crashed attempt or a dead worker's claim handed back. The
    # queue's oldest wait counts from here (queue_stats). No index: the figures read it in the one grouped pass over
    # the submissions that they make anyway, never by seeking it.
    queued_at = models.DateTimeField(verbose_name=_("queued at"), default=timezone.now)
    scored_at = models.DateTimeField(verbose_name=_("scored at"), null=True, blank=True)
    # How many of its attempts ended scored, failed (the file) or given up (a platform error): /metrics' counters sum
    # them. Its status cannot serve: a rescore sends a finished submission back to the queue, and a counter that
    # drops is read as a reset. Summed in the grouped pass above, they cost the scrape nothing more, where counting
    # the scores kept for audit would join a table larger than this one on every scrape of every node.
    times_scored = models.PositiveIntegerField(verbose_name=_("times scored"), default=0, editable=False)
    times_failed = models.PositiveIntegerField(verbose_name=_("times failed"), default=0, editable=False)
    times_errored = models.PositiveIntegerField(verbose_name=_("times errored"), default=0, editable=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="submission_status_heartbeat"),
            models.Index(fields=["status", "published_at"], name="submission_status_published"),
            models.Index(fields=["team", "created_at"], name="submission_team_created"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["team", "idempotency_key"], condition=~models.Q(idempotency_key=""),
                                    name="unique_idempotency_key_per_team"),
        ]

    def __str__(self) -> str:
        return _("Submission %(id)s to %(competition)s") % {"id": self.pk, "competition": self.competition.slug}

    @property
    def error_text(self) -> str:
        """Why the submission failed, in the active language when the error has message parts or is Podium's."""
        if self.status == self.Status.ERROR:  # given up after the last claim: attempts is the maximum plus one
            return str(PLATFORM_ERROR_TEXT % {"attempts": max(1, self.attempts - 1)})
        return stored_error_text(parts=self.error_parts, fallback=self.error_message)


class Score(models.Model):
    """One row per (submission, split). A rescore disables the old rows (kept for audit) and adds new ones."""

    class Split(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    submission = models.ForeignKey(Submission, verbose_name=_("submission"), on_delete=models.CASCADE,
                                   related_name="scores")
    split = models.CharField(verbose_name=_("split"), max_length=7, choices=Split.choices)
    value = models.FloatField(verbose_name=_("value"))
    parts = models.JSONField(verbose_name=_("parts"), default=dict, blank=True)
    # Public scores only (scoring.bootstrap): the 95% bootstrap interval, the score on each of the competition's
    # shared resamples (float32 bytes, paired across submissions: "tied with #1"), and on public rows resampled
    # at the private split's size (the shake-up estimate). Empty for private scores and older rows.
    ci_low = models.FloatField(verbose_name=_("ci low"), null=True, blank=True)
    ci_high = models.FloatField(verbose_name=_("ci high"), null=True, blank=True)
    resamples = models.BinaryField(null=True, blank=True)
    private_size_resamples = models.BinaryField(null=True, blank=True)
    is_active = models.BooleanField(verbose_name=_("is active"), default=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["submission", "split"], condition=models.Q(is_active=True),
                                    name="one_active_score_per_split"),
        ]

    def __str__(self) -> str:
        return _("%(split)s %(value).5f for submission %(id)s") % {
            "split": self.get_split_display(), "value": self.value, "id": self.submission_id}
