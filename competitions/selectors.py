from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Competition, DataFile, RulesAcceptance


# Who may do what as a host: the one place the portal, the API and the admin ask. A host is a staff account (not a
# superuser) and acts on the competitions whose hosts include it, and on nothing else; a superuser acts on all.


def user_may_host(*, user: User | AnonymousUser) -> bool:
    """Whether the user may create competitions (and so reach the host tools at all)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff)


def user_is_host(*, user: User | AnonymousUser, competition: Competition) -> bool:
    """Whether the user hosts this competition (superusers host every one)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or competition.hosts.filter(pk=user.pk).exists()


def hosted_competitions(*, user: User | AnonymousUser) -> QuerySet[Competition]:
    if not user_may_host(user=user):
        return Competition.objects.none()
    return Competition.objects.all() if user.is_superuser else Competition.objects.filter(hosts=user)


def hosted_filter(*, user: User | AnonymousUser, path: str = "") -> Q:
    """A filter for rows of the competitions the user hosts; `path` leads from the row to its competition."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}hosts": user.pk}) if user_may_host(user=user) else Q(pk__in=[])


def _visible(user: User | AnonymousUser) -> Q:
    """Published competitions, plus the drafts this user hosts (superusers see every draft)."""
    if not user.is_authenticated:
        return Q(is_published=True)
    if user.is_superuser:
        return Q()
    return Q(is_published=True) | Q(Exists(Competition.hosts.through.objects.filter(
        competition_id=OuterRef("pk"), user_id=user.pk)))


def _participant_count() -> Coalesce:
    """How many people joined (accepted the rules), leaving out the accounts behind host and baseline teams: a
    competition with one participant and a baseline row has 1 joined, not 2."""
    from .models import Team, TeamMembership

    bots = TeamMembership.objects.filter(competition_id=OuterRef("competition_id"),
                                         team__kind__in=[Team.Kind.HOST, Team.Kind.BASELINE]).values("user_id")
    joined = (RulesAcceptance.objects.filter(competition_id=OuterRef("pk")).exclude(user_id__in=bots)
              .values("competition_id").annotate(count=Count("pk")).values("count"))
    return Coalesce(Subquery(joined), 0)


def competition_list(*, user: User | AnonymousUser) -> QuerySet[Competition]:
    return (Competition.objects.filter(_visible(user))
            .annotate(participant_count=_participant_count())
            .order_by("-start_at"))


def competition_participant_count(*, competition: Competition) -> int:
    return Competition.objects.filter(pk=competition.pk).values_list(_participant_count(), flat=True).get()


def competition_get(*, slug: str, user: User | AnonymousUser, with_solution: bool = False) -> Competition:
    """Raises Competition.DoesNotExist for unknown slugs and for drafts the user may not see. No annotations:
    every API call and upload goes through here. with_solution brings the solution's row in the same query (an
    upload validates against it: one query less per upload)."""
    competitions = Competition.objects.select_related("solution") if with_solution else Competition.objects
    competition = competitions.get(slug=slug)
    # _visible's rule, checked in Python: a published competition then costs one plain query, not a subquery.
    if not (competition.is_published or user.is_authenticated and (
            user.is_superuser or competition.hosts.filter(pk=user.pk).exists())):
        raise Competition.DoesNotExist(f"No competition {slug!r} visible to this user.")
    return competition


def rules_accepted(*, user: User | AnonymousUser, competition: Competition) -> bool:
    if not user.is_authenticated:
        return False
    return RulesAcceptance.objects.filter(user=user, competition=competition).exists()


def data_file_list(*, competition: Competition) -> QuerySet[DataFile]:
    return competition.data_files.order_by("name")


def data_file_get(*, competition: Competition, name: str) -> DataFile:
    return competition.data_files.get(name=name)


def board_visible(*, competition: Competition, split: str, user: User | AnonymousUser) -> bool:
    """The public board is for everyone; the private one for hosts and staff until the host finalizes."""
    return split == "public" or competition.finalized_at is not None or user_is_host(user=user,
                                                                                      competition=competition)


@dataclass
class BoardPage:
    rows: list
    page: int
    pages: int
    ranked_count: int


def leaderboard_page(*, competition: Competition, split: str, page: int = 1, per_page: int = 50) -> BoardPage:
    """One page of a board. Ranked rows are numbered from the offset; the unranked host and baseline rows whose
    score falls within the page are merged in, marked with rank None."""
    from .services.leaderboards import board_order

    ranked = board_order(competition, split).filter(is_ranked=True)
    count = ranked.count()
    pages = max(1, -(-count // per_page))
    page = min(max(1, page), pages)
    offset = (page - 1) * per_page
    # Pick the page's ids from the covering index first, then load those rows with their teams: a deep page
    # then costs an index walk, not a join and sort of the whole board.
    ids = list(ranked.values_list("pk", flat=True)[offset:offset + per_page])
    rows = list(board_order(competition, split).filter(pk__in=ids).select_related("team"))
    for position, row in enumerate(rows, start=offset + 1):
        row.rank = position
    marked = board_order(competition, split).filter(is_ranked=False).select_related("team")
    if rows and page > 1:
        marked = marked.filter(sort_key__gte=rows[0].sort_key)
    if rows and page < pages:
        marked = marked.filter(sort_key__lte=rows[-1].sort_key)
    for row in marked:
        row.rank = None
        rows.append(row)
    rows.sort(key=lambda r: (r.sort_key, r.submitted_at, r.rank is None))
    return BoardPage(rows=rows, page=page, pages=pages, ranked_count=count)


def team_rank(*, team, split: str) -> int | None:
    """The team's position among the ranked rows of a board (1 for the leader), or None without a ranked row."""
    from .models import LeaderboardEntry
    from .services.leaderboards import board_order

    entry = LeaderboardEntry.objects.filter(competition_id=team.competition_id, split=split, team=team,
                                            is_ranked=True).first()
    if entry is None:
        return None
    same_score = Q(sort_key=entry.sort_key)
    ahead = (Q(sort_key__lt=entry.sort_key) | same_score & Q(submitted_at__lt=entry.submitted_at)
             | same_score & Q(submitted_at=entry.submitted_at, team_id__lt=entry.team_id))
    return board_order(team.competition, split).filter(ahead, is_ranked=True).count() + 1


def team_submissions(*, team) -> QuerySet:
    from .models import Submission

    return (Submission.objects.filter(team=team).select_related("submitted_by")
            .prefetch_related("scores").order_by("-created_at"))


def team_submission_get(*, user: User | AnonymousUser, **lookup):
    """A submission of the user's own team, or None: other teams' submissions do not exist for them."""
    from .models import Submission
    from .services.teams import team_of

    submission = (Submission.objects.select_related("competition", "team", "submitted_by")
                  .prefetch_related("scores").filter(**lookup).first())
    if submission is None or not user.is_authenticated:
        return None
    return submission if team_of(competition=submission.competition, user=user) == submission.team else None


def competition_history(*, competition: Competition, limit: int = 10) -> list:
    """Finalizations and reopenings, newest first, with who did them and why: shown on the leaderboard."""
    from .models import CompetitionEvent

    return list(CompetitionEvent.objects.filter(competition=competition).select_related("actor")[:limit])

