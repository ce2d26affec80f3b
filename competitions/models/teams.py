from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .hosting import Competition


class Team(models.Model):
    """Everyone competes in a team, a team of one by default (as on Kaggle); submissions and limits are per team."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        HOST = "host", _("Host benchmark")  # shown on the boards, marked and unranked
        BASELINE = "baseline", _("Baseline")  # idem

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="teams")
    name = models.CharField(verbose_name=_("name"), max_length=100)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT,
                               related_name="led_teams")
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=Kind.choices, default=Kind.PARTICIPANT)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT,
                                    related_name="merged_teams", help_text=_("Set when this team merged into another."))
    is_disqualified = models.BooleanField(verbose_name=_("is disqualified"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], condition=models.Q(merged_into__isnull=True),
                                    name="unique_active_team_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ranked(self) -> bool:
        return self.kind == self.Kind.PARTICIPANT and not self.is_disqualified


class TeamMembership(models.Model):
    """A user belongs to at most one active team per competition; left memberships stay for the team's history."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="team_memberships")
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="+")
    joined_at = models.DateTimeField(verbose_name=_("joined at"), auto_now_add=True)
    left_at = models.DateTimeField(verbose_name=_("left at"), null=True, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["competition", "user"], condition=models.Q(left_at__isnull=True),
                                    name="one_active_team_per_user"),
        ]

    def __str__(self) -> str:
        return _("%(user)s in %(team)s") % {"user": self.user, "team": self.team}


class TeamRequest(models.Model):
    """An invitation (the team asks a user) or a join request (a user asks a team); the other side decides."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        JOIN_REQUEST = "join_request", _("Join request")
        MERGE_REQUEST = "merge_request", _("Merge request")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(verbose_name=_("kind"), max_length=14, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.CASCADE,
                             related_name="team_requests", help_text=_("The invited or requesting user."))
    other_team = models.ForeignKey(Team, verbose_name=_("other team"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+",
                                   help_text=_("For merge requests: the team asking to merge into `team`."))
    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("team request")
        verbose_name_plural = _("team requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("%(kind)s for %(team)s") % {"kind": self.get_kind_display(), "team": self.team}


# The sentences of a team's history, by message id. A row keeps its id and values (`params`) and is worded when
# it is read, so each member sees it in their own language; `text` keeps the English wording of the moment.
TEAM_EVENT_TEXTS = {
    "created": _("%(user)s created the team."),
    "renamed": _("%(user)s renamed the team from '%(old)s' to '%(new)s'."),
    "merged_in": _("Team '%(source)s' (%(names)s) merged into this team."),
    "merged_out": _("This team merged into '%(target)s'."),
    "disqualified": _("%(user)s disqualified the team."),
    "reinstated": _("%(user)s reinstated the team."),
    "granted": _("%(user)s granted %(extra)d extra submission(s) for %(day)s: %(reason)s"),
}


class TeamEvent(models.Model):
    """The team's history: created, joined, left, merged, renamed, granted extra submissions, disqualified."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(verbose_name=_("kind"), max_length=20)
    text = models.CharField(verbose_name=_("text"), max_length=300)
    message = models.CharField(verbose_name=_("message"), max_length=20, blank=True,
                               help_text=_("Id of the sentence in TEAM_EVENT_TEXTS; empty on older rows."))
    params = models.JSONField(verbose_name=_("params"), default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team event")
        verbose_name_plural = _("team events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        """The sentence in the active language; a row from before message ids shows its stored English text."""
        template = TEAM_EVENT_TEXTS.get(self.message)
        return str(template % self.params) if template else self.text


class SubmissionGrant(models.Model):
    """Extra submissions a host granted a team for one UTC day: who, when, why."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="grants")
    day = models.DateField(verbose_name=_("day"), help_text=_("UTC day the extra submissions are for."))
    extra = models.PositiveIntegerField(verbose_name=_("extra"))
    reason = models.CharField(verbose_name=_("reason"), max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission grant")
        verbose_name_plural = _("submission grants")

    def __str__(self) -> str:
        return _("+%(extra)d for %(team)s on %(day)s") % {"extra": self.extra, "team": self.team, "day": self.day}
