from django.db import models
from django.utils.translation import gettext_lazy as _

from .hosting import Competition
from .submissions import Submission
from .teams import Team


class LeaderboardEntry(models.Model):
    """A team's row on one board, kept up to date in the transaction that stores a score.

    `rank` is not stored: it is the row's position among ranked rows, ordered by score in the metric's direction
    and then by the earlier submission. The private rows exist from the first score on, but no one except hosts
    sees them before the competition is finalized; finalization also writes `final_rank`, `public_rank` and `medal`.
    """

    class Split(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    class Medal(models.TextChoices):
        GOLD = "gold", _("Gold")
        SILVER = "silver", _("Silver")
        BRONZE = "bronze", _("Bronze")

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="leaderboard_entries")
    split = models.CharField(verbose_name=_("split"), max_length=7, choices=Split.choices)
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="leaderboard_entries")
    score = models.FloatField(verbose_name=_("score"))
    ci_low = models.FloatField(verbose_name=_("ci low"), null=True, blank=True,
                               help_text=_("95% bootstrap interval of a public score."))
    ci_high = models.FloatField(verbose_name=_("ci high"), null=True, blank=True)
    # Public rows only: the 90% range of the team's rank on simulated private boards (public rows resampled at the
    # private split's size), estimated before the deadline and kept at finalization for the calibration line.
    rank_low = models.PositiveIntegerField(verbose_name=_("rank low"), null=True, blank=True)
    rank_high = models.PositiveIntegerField(verbose_name=_("rank high"), null=True, blank=True)
    # The metric's direction folded in, so one ascending index serves every board: -score when higher is better.
    sort_key = models.FloatField()
    submission = models.ForeignKey(Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"),
                                        help_text=_("When the scoring submission was made (breaks ties)."))
    entries = models.PositiveIntegerField(verbose_name=_("entries"), default=0)
    last_submission_at = models.DateTimeField(verbose_name=_("last submission at"), null=True, blank=True)
    is_ranked = models.BooleanField(verbose_name=_("is ranked"), default=True,
                                    help_text=_("False for host and baseline teams, shown but unranked."))
    final_rank = models.PositiveIntegerField(verbose_name=_("final rank"), null=True, blank=True)
    public_rank = models.PositiveIntegerField(verbose_name=_("public rank"), null=True, blank=True)
    medal = models.CharField(verbose_name=_("medal"), max_length=6, choices=Medal.choices, blank=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("leaderboard entry")
        verbose_name_plural = _("leaderboard entries")
        constraints = [
            models.UniqueConstraint(fields=["competition", "split", "team"], name="one_board_row_per_team"),
        ]
        indexes = [
            # Every ORDER BY column and the id, so a page's ids come from an index-only scan on any database.
            models.Index(fields=["competition", "split", "is_ranked", "sort_key", "submitted_at", "team", "id"],
                         name="board_order"),
        ]

    def __str__(self) -> str:
        return _("%(team)s on the %(split)s board of %(competition)s") % {
            "team": self.team, "split": self.get_split_display(), "competition": self.competition}

    @property
    def shake_up(self) -> int | None:
        """Places gained (positive) or lost from the public to the private board."""
        if self.final_rank is None or self.public_rank is None:
            return None
        return self.public_rank - self.final_rank
