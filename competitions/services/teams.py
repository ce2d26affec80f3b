"""Teams, as on Kaggle: accepting the rules makes you a team of one; teams grow by invitation, join request or
merger until the merger deadline, within the size limit and the submission-count rule."""

import datetime as dt
import math

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.names import NameRefused, name_check, name_skeleton

from .leaderboards import competition_results_check_open, leaderboard_refresh_team
from ..models import Competition, Submission, SubmissionGrant, Team, TeamEvent, TeamMembership, TeamRequest
from ..models.teams import TEAM_EVENT_TEXTS


class TeamError(ValueError):
    """A team action that the rules forbid; the message says which rule, in the participant's words."""


def _log(team: Team, kind: str, actor: User | None, *, message: str = "", **params) -> None:
    """Records the message id and its values (worded at read time, in the reader's language) and the English text."""
    message = message or kind
    with translation.override("en"):
        text = str(TEAM_EVENT_TEXTS[message] % params)
    TeamEvent.objects.create(team=team, kind=kind, text=text[:300], actor=actor, message=message, params=params)


def team_of(*, competition: Competition, user: User) -> Team | None:
    # The team row alone, its competition being the caller's: every upload and API call on a team asks this.
    team = Team.objects.filter(competition=competition, memberships__user=user,
                               memberships__left_at__isnull=True).first()
    if team is not None:
        team.competition = competition
    return team


def team_size(team: Team) -> int:
    return team.memberships.filter(left_at__isnull=True).count()


def counted_submissions(team: Team) -> int:
    """Submissions that count against limits: everything but platform errors, which are refunded."""
    return team.submissions.exclude(status=Submission.Status.ERROR).count()


def _free_name(competition: Competition, wanted: str) -> str:
    taken = set(Team.objects.filter(competition=competition, merged_into__isnull=True,
                                    name__startswith=wanted).values_list("name", flat=True))
    if wanted not in taken:
        return wanted
    return next(f"{wanted} ({n})" for n in range(2, len(taken) + 3) if f"{wanted} ({n})" not in taken)


def team_create_solo(*, competition: Competition, user: User, kind: str = Team.Kind.PARTICIPANT) -> Team:
    """The team of one that joining creates; refused after the entry deadline."""
    if kind == Team.Kind.PARTICIPANT and timezone.now() >= competition.effective_entry_deadline:
        raise TeamError(_("The entry deadline has passed: new teams can no longer join this competition."))
    existing = team_of(competition=competition, user=user)
    if existing:
        return existing
    try:
        with transaction.atomic():
            team = Team.objects.create(competition=competition, leader=user, kind=kind,
                                       name=_free_name(competition, user.get_username()))
            TeamMembership.objects.create(team=team, user=user, competition=competition)
            _log(team, "created", user, user=user.get_username())
    except IntegrityError:  # a concurrent join of the same user won the race: use its team
        return team_of(competition=competition, user=user)
    return team


def _clean_team_name(team: Team, name: str) -> str:
    """NFKC, no invisible characters, and for participants no name that reads as a baseline, host or Podium's."""
    try:
        name = name_check(name, allow_reserved=team.kind != Team.Kind.PARTICIPANT)
    except NameRefused as error:
        raise TeamError(str(error))
    if not name or len(name) > 100:
        raise TeamError(_("A team name needs 1 to 100 characters."))
    return name


def _name_taken(team: Team, name: str) -> bool:
    """Another active team whose name looks the same (case and look-alike letters folded)."""
    others = (Team.objects.filter(competition=team.competition, merged_into__isnull=True).exclude(pk=team.pk)
              .values_list("name", flat=True))
    return name_skeleton(name) in {name_skeleton(other) for other in others}


def team_rename(*, team: Team, actor: User, name: str) -> Team:
    _require_leader(team, actor)
    name = _clean_team_name(team, name)
    if _name_taken(team, name):
        raise TeamError(_("Another team is already called '%(name)s' (or a name that looks the same).")
                        % {"name": name})
    old, team.name = team.name, name
    team.save(update_fields=["name"])
    _log(team, "renamed", actor, user=actor.get_username(), old=old, new=name)
    return team


def _require_leader(team: Team, actor: User) -> None:
    if team.leader_id != actor.pk:
        raise TeamError(_("Only the team leader can do this."))


def _check_merge(*, source: Team, target: Team) -> None:
    competition = target.competition
    now = timezone.now()
    if source.pk == target.pk:
        raise TeamError(_("A team cannot merge with itself."))
    if now >= competition.effective_merger_deadline:
        raise TeamError(_("The team merger deadline has passed."))
    size = team_size(source) + team_size(target)
    if size > competition.max_team_size:
        raise TeamError(_("The merged team would have %(size)d members; the maximum is %(max)d.")
                        % {"size": size, "max": competition.max_team_size})
    days = max(1, math.floor((now - competition.start_at).total_seconds() / 86400) + 1)
    allowed = competition.daily_submission_limit * days
    combined = counted_submissions(source) + counted_submissions(target)
    if combined > allowed:
        raise TeamError(_("Together the teams have made %(combined)d submissions; a merged team may have at most "
                          "%(allowed)d (%(limit)d a day × %(days)d day(s) since the start).")
                        % {"combined": combined, "allowed": allowed, "limit": competition.daily_submission_limit,
                           "days": days})


def team_merge(*, source: Team, target: Team, actor: User) -> Team:
    """Moves the source team's members and submissions into the target; the source is kept, marked merged."""
    with transaction.atomic():
        # Lock both rows in a fixed order, so two merges of the same teams cannot deadlock or both pass the checks.
        locked = {t.pk: t for t in Team.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
                  .order_by("pk")}
        source, target = locked[source.pk], locked[target.pk]
        if source.merged_into_id or target.merged_into_id:
            raise TeamError(_("One of these teams has already merged into another."))
        _check_merge(source=source, target=target)
        now = timezone.now()
        members = list(source.memberships.filter(left_at__isnull=True).select_related("user"))
        source.memberships.filter(left_at__isnull=True).update(left_at=now)
        for membership in members:
            TeamMembership.objects.create(team=target, user=membership.user, competition=target.competition)
        source.submissions.update(team=target)
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        names = ", ".join(m.user.get_username() for m in members)
        _log(target, "merged", actor, message="merged_in", source=source.name, names=names)
        _log(source, "merged", actor, message="merged_out", target=target.name)
        TeamRequest.objects.filter(status=TeamRequest.Status.PENDING, team=source).update(
            status=TeamRequest.Status.CANCELLED, decided_at=now)
        leaderboard_refresh_team(team=source)
        leaderboard_refresh_team(team=target)
    return target


def team_invite(*, team: Team, actor: User, invitee: User) -> TeamRequest:
    _require_leader(team, actor)
    if team_of(competition=team.competition, user=invitee) == team:
        raise TeamError(_("%(user)s is already in your team.") % {"user": invitee.get_username()})
    return _request(team=team, kind=TeamRequest.Kind.INVITATION, user=invitee, actor=actor)


def team_request_join(*, team: Team, actor: User) -> TeamRequest:
    if team_of(competition=team.competition, user=actor) == team:
        raise TeamError(_("You are already in this team."))
    return _request(team=team, kind=TeamRequest.Kind.JOIN_REQUEST, user=actor, actor=actor)


def team_request_merge(*, source: Team, target: Team, actor: User) -> TeamRequest:
    _require_leader(source, actor)
    _check_merge(source=source, target=target)
    return _request(team=target, kind=TeamRequest.Kind.MERGE_REQUEST, other_team=source, actor=actor)


def _request(*, team: Team, kind: str, actor: User, user: User | None = None, other_team: Team | None = None):
    pending = TeamRequest.objects.filter(team=team, kind=kind, user=user, other_team=other_team,
                                         status=TeamRequest.Status.PENDING)
    return pending.first() or TeamRequest.objects.create(team=team, kind=kind, user=user, other_team=other_team,
                                                         created_by=actor)


def _decider(request: TeamRequest) -> int:
    """Who answers: the invitee an invitation, the leader a join or merge request."""
    return request.user_id if request.kind == TeamRequest.Kind.INVITATION else request.team.leader_id


def team_request_decide(*, request: TeamRequest, actor: User, accept: bool) -> TeamRequest:
    if request.status != TeamRequest.Status.PENDING:
        raise TeamError(_("This request is already %(status)s.") % {"status": request.get_status_display().lower()})
    if actor.pk != _decider(request):
        raise TeamError(_("Only the invited user or the team leader can answer this request."))
    if accept:
        source = request.other_team or _team_of_joiner(request)
        team_merge(source=source, target=request.team, actor=actor)
    request.status = TeamRequest.Status.ACCEPTED if accept else TeamRequest.Status.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


def _team_of_joiner(request: TeamRequest) -> Team:
    """A user joins by merging their team of one (created now if they have none yet) into the team."""
    competition = request.team.competition
    return team_of(competition=competition, user=request.user) or team_create_solo(competition=competition,
                                                                                    user=request.user)


def team_set_disqualified(*, team: Team, actor: User, disqualified: bool) -> Team:
    competition_results_check_open(competition=team.competition)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        team.is_disqualified = disqualified
        team.save(update_fields=["is_disqualified"])
        verb = "disqualified" if disqualified else "reinstated"
        _log(team, verb, actor, user=actor.get_username())
        leaderboard_refresh_team(team=team)
    return team


def team_grant_submissions(*, team: Team, actor: User, day: dt.date, extra: int, reason: str) -> SubmissionGrant:
    """Gives the team `extra` submissions on top of the daily limit for one UTC day (after a scoring outage, say),
    recorded with who gave them and why in the team's history."""
    reason = reason.strip()
    if extra < 1:
        raise TeamError(_("Grant at least one extra submission."))
    if not reason:
        raise TeamError(_("Say why the team gets extra submissions: it is kept in the team's history."))
    if day < timezone.now().astimezone(dt.timezone.utc).date():
        raise TeamError(_("%(day)s has passed (UTC): a grant for it would give nothing.") % {"day": day})
    if team.merged_into_id:
        raise TeamError(_("%(team)s has merged into another team: grant the submissions to that team.")
                        % {"team": team.name})
    with transaction.atomic():
        grant = SubmissionGrant.objects.create(team=team, day=day, extra=extra, reason=reason, granted_by=actor)
        _log(team, "granted", actor, user=actor.get_username(), extra=extra, day=day.isoformat(), reason=reason)
    return grant
