import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scoring.metrics import METRICS


def metric_choices() -> list[tuple[str, str]]:
    return [(key, spec.label) for key, spec in METRICS.items()]


def private_storage():
    return storages["private"]


def data_file_path(instance: "DataFile", filename: str) -> str:
    return f"competitions/{instance.competition.slug}/data/{instance.name}"


def solution_path(instance: "Solution", filename: str) -> str:
    return f"competitions/{instance.competition.slug}/solution/{filename}"


# Seeds below this were guessable: before 2026-11 the default seed was 0 and the field held 32 bits, and the split
# algorithm is public, so a participant could recompute which rows are public.
GUESSABLE_SEED_LIMIT = 2**32


def new_split_seed() -> int:
    """A secret seed for the public/private split: 62 random bits, never shown by any page, API or export."""
    return secrets.randbits(62)


# Path segments of the kaggle CLI's legacy REST paths (/api/v1/competitions/list, .../data/..., .../submissions/...).
RESERVED_SLUGS = frozenset({"list", "data", "submissions"})


class Competition(models.Model):
    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")  # not published: only its hosts see it
        UPCOMING = "upcoming", _("Upcoming")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")  # past the end, waiting for the host to finalize
        COMPLETED = "completed", _("Completed")  # finalized: the private board and medals are final

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=300, blank=True)
    overview = models.TextField(blank=True, help_text="Markdown.")
    rules = models.TextField(blank=True, help_text="Markdown. Participants accept these before downloading data.")
    data_description = models.TextField(blank=True, help_text="Markdown shown on the Data tab.")

    metric_key = models.CharField(max_length=40, choices=metric_choices)
    metric_params = models.JSONField(default=dict, blank=True)

    start_at = models.DateTimeField()
    entry_deadline = models.DateTimeField(null=True, blank=True, help_text="Last moment to join. Defaults to the end.")
    team_merger_deadline = models.DateTimeField(null=True, blank=True, help_text="Defaults to the entry deadline.")
    end_at = models.DateTimeField()

    daily_submission_limit = models.PositiveIntegerField(default=5)
    max_team_size = models.PositiveIntegerField(default=5)
    max_final_selections = models.PositiveIntegerField(default=2)
    late_submissions_enabled = models.BooleanField(default=True)
    public_fraction = models.FloatField(
        default=0.5, help_text="Share of solution rows on the public board when the solution has no Usage column."
    )
    split_seed = models.BigIntegerField(default=new_split_seed, editable=False,
                                        help_text="Secret seed of the random public/private split.")

    is_published = models.BooleanField(default=True, help_text="Unpublished competitions are visible to hosts only.")
    submissions_paused = models.BooleanField(default=False, help_text="Refuse new submissions for now.")
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hosted_competitions")
    finalized_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The shake-up estimate (competitions.services.shake_up), from public rows only: how many places a team's rank
    # would move, on average, between the public board and a private board drawn like it; and when it was made.
    expected_rank_change = models.FloatField(null=True, blank=True, editable=False)
    shake_up_estimated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def split_is_guessable(self) -> bool:
        """A random split (no Usage column) from a small seed can be recomputed by anyone who knows the algorithm."""
        return 0 <= self.split_seed < GUESSABLE_SEED_LIMIT

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"'{self.slug}' is reserved (the kaggle CLI's paths use it); choose another slug."
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            errors["end_at"] = "The end must come after the start."
        for field in ("entry_deadline", "team_merger_deadline"):
            value = getattr(self, field)
            if value and self.end_at and value > self.end_at:
                errors[field] = "This deadline must not be after the end."
        if not 0 < self.public_fraction < 1:
            errors["public_fraction"] = "The public fraction must be between 0 and 1 (exclusive)."
        if errors:
            raise ValidationError(errors)

    @property
    def phase(self) -> str:
        """Derived from publication, the timeline and the stored finalization; never stored itself."""
        if not self.is_published:
            return self.Phase.DRAFT
        if self.finalized_at:
            return self.Phase.COMPLETED
        now = timezone.now()
        if now < self.start_at:
            return self.Phase.UPCOMING
        if now < self.end_at:
            return self.Phase.ACTIVE
        return self.Phase.ENDED

    @property
    def accepts_submissions(self) -> bool:
        """Whether uploads are taken now (before the end, or late ones after it), pauses aside from teams."""
        phase = self.phase
        if self.submissions_paused or phase in (self.Phase.DRAFT, self.Phase.UPCOMING):
            return False
        return phase == self.Phase.ACTIVE or self.late_submissions_enabled

    @property
    def phase_label(self) -> str:
        return self.Phase(self.phase).label

    @property
    def effective_entry_deadline(self):
        return self.entry_deadline or self.end_at

    @property
    def effective_merger_deadline(self):
        return self.team_merger_deadline or self.effective_entry_deadline

    @property
    def metric(self):
        return METRICS[self.metric_key]


class DataFile(models.Model):
    """A public file of a competition: participants download it once they have accepted the rules."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="data_files")
    name = models.CharField(max_length=255, help_text="Path shown to participants, e.g. train.csv or train/0a1b.jpg.")
    file = models.FileField(upload_to=data_file_path, max_length=500)
    size = models.BigIntegerField(default=0, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    description = models.CharField(max_length=300, blank=True)
    is_sample_submission = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="unique_data_file_name")]

    def __str__(self) -> str:
        return self.name


class Solution(models.Model):
    """The hidden answers. Stored in the private storage, which no URL serves; only the scorer reads it."""

    competition = models.OneToOneField(Competition, on_delete=models.CASCADE, related_name="solution")
    file = models.FileField(upload_to=solution_path, storage=private_storage, max_length=500)
    sha256 = models.CharField(max_length=64, editable=False)
    rows = models.PositiveIntegerField(default=0, editable=False)
    public_rows = models.PositiveIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Solution of {self.competition}"

    @property
    def private_rows(self) -> int:
        return self.rows - self.public_rows


class RulesAcceptance(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="rules_acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rules_acceptances")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["competition", "user"], name="unique_rules_acceptance")]

    def __str__(self) -> str:
        return f"{self.user} accepted the rules of {self.competition}"


class CompetitionEvent(models.Model):
    """The competition's history of result-changing host actions (finalize, reopen): who, when and why. Shown on
    the leaderboard, so that participants see why final standings changed."""

    class Kind(models.TextChoices):
        FINALIZED = "finalized", _("Finalized")
        REOPENED = "reopened", _("Reopened")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.competition} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"

