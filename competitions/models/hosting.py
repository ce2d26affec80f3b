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

    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True, allow_unicode=True)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    subtitle = models.CharField(verbose_name=_("subtitle"), max_length=300, blank=True)
    overview = models.TextField(verbose_name=_("overview"), blank=True, help_text=_("Markdown."))
    rules = models.TextField(verbose_name=_("rules"), blank=True,
                             help_text=_("Markdown. Participants accept these before downloading data."))
    data_description = models.TextField(verbose_name=_("data description"), blank=True,
                                        help_text=_("Markdown shown on the Data tab."))

    metric_key = models.CharField(verbose_name=_("metric key"), max_length=40, choices=metric_choices)
    metric_params = models.JSONField(verbose_name=_("metric params"), default=dict, blank=True)

    start_at = models.DateTimeField(verbose_name=_("start at"))
    entry_deadline = models.DateTimeField(verbose_name=_("entry deadline"), null=True, blank=True,
                                          help_text=_("Last moment to join. Defaults to the end."))
    team_merger_deadline = models.DateTimeField(verbose_name=_("team merger deadline"), null=True, blank=True,
                                                help_text=_("Defaults to the entry deadline."))
    end_at = models.DateTimeField(verbose_name=_("end at"))

    daily_submission_limit = models.PositiveIntegerField(verbose_name=_("daily submission limit"), default=5)
    max_team_size = models.PositiveIntegerField(verbose_name=_("max team size"), default=5)
    max_final_selections = models.PositiveIntegerField(verbose_name=_("max final selections"), default=2)
    late_submissions_enabled = models.BooleanField(verbose_name=_("late submissions enabled"), default=True)
    public_fraction = models.FloatField(
        verbose_name=_("public fraction"), default=0.5,
        help_text=_("Share of solution rows on the public board when the solution has no Usage column."))
    split_seed = models.BigIntegerField(verbose_name=_("split seed"), default=new_split_seed, editable=False,
                                        help_text=_("Secret seed of the random public/private split."))

    is_published = models.BooleanField(verbose_name=_("is published"), default=True,
                                       help_text=_("Unpublished competitions are visible to hosts only."))
    submissions_paused = models.BooleanField(verbose_name=_("submissions paused"), default=False,
                                             help_text=_("Refuse new submissions for now."))
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("hosts"), blank=True,
                                   related_name="hosted_competitions")
    finalized_at = models.DateTimeField(verbose_name=_("finalized at"), null=True, blank=True, editable=False)
    # The shake-up estimate (competitions.services.shake_up), from public rows only: how many places a team's rank
    # would move, on average, between the public board and a private board drawn like it; and when it was made.
    expected_rank_change = models.FloatField(verbose_name=_("expected rank change"), null=True, blank=True,
                                             editable=False)
    shake_up_estimated_at = models.DateTimeField(verbose_name=_("shake up estimated at"), null=True, blank=True,
                                                 editable=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
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
            errors["slug"] = _("'%(slug)s' is reserved (the kaggle CLI's paths use it); choose another slug.") % {
                "slug": self.slug}
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            errors["end_at"] = _("The end must come after the start.")
        for field in ("entry_deadline", "team_merger_deadline"):
            value = getattr(self, field)
            if value and self.end_at and value > self.end_at:
                errors[field] = _("This deadline must not be after the end.")
        if not 0 < self.public_fraction < 1:
            errors["public_fraction"] = _("The public fraction must be between 0 and 1 (exclusive).")
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

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="data_files")
    name = models.CharField(verbose_name=_("name"), max_length=255,
                            help_text=_("Path shown to participants, e.g. train.csv or train/0a1b.jpg."))
    file = models.FileField(verbose_name=_("file"), upload_to=data_file_path, max_length=500)
    size = models.BigIntegerField(verbose_name=_("size"), default=0, editable=False)
    sha256 = models.CharField(verbose_name=_("sha256"), max_length=64, blank=True, editable=False)
    description = models.CharField(verbose_name=_("description"), max_length=300, blank=True)
    is_sample_submission = models.BooleanField(verbose_name=_("is sample submission"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data file")
        verbose_name_plural = _("data files")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="unique_data_file_name")]

    def __str__(self) -> str:
        return self.name


class Solution(models.Model):
    """The hidden answers. Stored in the private storage, which no URL serves; only the scorer reads it."""

    competition = models.OneToOneField(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                       related_name="solution")
    file = models.FileField(verbose_name=_("file"), upload_to=solution_path, storage=private_storage, max_length=500)
    sha256 = models.CharField(verbose_name=_("sha256"), max_length=64, editable=False)
    rows = models.PositiveIntegerField(verbose_name=_("rows"), default=0, editable=False)
    public_rows = models.PositiveIntegerField(verbose_name=_("public rows"), default=0, editable=False)
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self) -> str:
        return _("Solution of %(competition)s") % {"competition": self.competition}

    @property
    def private_rows(self) -> int:
        return self.rows - self.public_rows


class RulesAcceptance(models.Model):
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="rules_acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="rules_acceptances")
    accepted_at = models.DateTimeField(verbose_name=_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rules acceptance")
        verbose_name_plural = _("rules acceptances")
        constraints = [models.UniqueConstraint(fields=["competition", "user"], name="unique_rules_acceptance")]

    def __str__(self) -> str:
        return _("%(user)s accepted the rules of %(competition)s") % {"user": self.user,
                                                                     "competition": self.competition}


class CompetitionEvent(models.Model):
    """The competition's history of result-changing host actions (finalize, reopen): who, when and why. Shown on
    the leaderboard, so that participants see why final standings changed."""

    class Kind(models.TextChoices):
        FINALIZED = "finalized", _("Finalized")
        REOPENED = "reopened", _("Reopened")

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="events")
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True,
                              related_name="+")
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("competition event")
        verbose_name_plural = _("competition events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("%(kind)s %(competition)s by %(actor)s at %(when)s") % {
            "kind": self.get_kind_display(), "competition": self.competition, "actor": self.actor,
            "when": f"{self.created_at:%Y-%m-%d %H:%M}"}

