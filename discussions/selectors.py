"""Reads of the community app."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from competitions.models import Competition, LeaderboardEntry, RulesAcceptance, Score, Submission, TeamMembership
from competitions.selectors import competition_list
from competitions.services.teams import team_of

from . import search as search_api
from .models import CodeComment, CodeEntry, CodeVersion, CodeVote, Post, PostVote, Topic
from .search.analysis import analyze

SORTS = {
    "hot": ("-is_pinned", "-hot_score", "-pk"),
    "new": ("-is_pinned", "-created_at", "-pk"),
    "top": ("-is_pinned", "-vote_count", "-created_at", "-pk"),
}
CODE_SORTS = {"hot": ("-vote_count", "-updated_at"), "new": ("-created_at",), "top": ("-vote_count", "-fork_count")}
MAX_THREAD_DEPTH = 6  # deeper replies are drawn at this depth


@dataclass(frozen=True)
class FinalStanding:
    rank: int
    medal: str | None  # "gold", "silver", "bronze" or None


def final_standing_for(*, competition: Competition, user: User) -> FinalStanding | None:
    """The final private rank and medal of ``user``'s team in ``competition``, once the host has finalized it.

    None before finalization and for users without a ranked team. The user's current team counts (after a merge,
    the merged team); otherwise the last team they left.
    """
    if competition.finalized_at is None:
        return None
    membership = (TeamMembership.objects.filter(competition=competition, user=user)
                  .order_by(F("left_at").desc(nulls_first=True), "-joined_at").first())
    if membership is None:
        return None
    entry = LeaderboardEntry.objects.filter(competition=competition, team_id=membership.team_id,
                                            split=LeaderboardEntry.Split.PRIVATE, final_rank__isnull=False).first()
    if entry is None:
        return None
    return FinalStanding(rank=entry.final_rank, medal=entry.medal or None)


def _visible_competitions(user: User | AnonymousUser) -> QuerySet[Competition]:
    return competition_list(user=user)


def topic_list(*, user: User | AnonymousUser, competition: Competition | None, sort: str = "hot",
               kind: str = "") -> QuerySet[Topic]:
    """Live topics of one forum (``competition`` None: the site-wide forum), pinned ones first."""
    topics = Topic.objects.filter(competition=competition, is_deleted=False).select_related("author")
    if kind:
        topics = topics.filter(kind=kind)
    return topics.order_by(*SORTS.get(sort, SORTS["hot"]))


def topic_get(*, user: User | AnonymousUser, pk: int) -> Topic:
    """Raises Topic.DoesNotExist for unknown topics and topics of competitions the user may not see."""
    topic = Topic.objects.select_related("author", "competition").get(pk=pk)
    if topic.competition_id and not _visible_competitions(user).filter(pk=topic.competition_id).exists():
        raise Topic.DoesNotExist
    return topic


def _with_my_votes(posts: QuerySet[Post], user) -> QuerySet[Post]:
    if not user.is_authenticated:
        return posts
    return posts.annotate(voted=Exists(PostVote.objects.filter(post=OuterRef("pk"), user=user)))


@dataclass
class ThreadNode:
    post: Post
    depth: int


def post_thread(*, topic: Topic, user: User | AnonymousUser) -> list[ThreadNode]:
    """The topic's posts in thread order (depth-first, oldest first), in two queries whatever the depth."""
    posts = list(_with_my_votes(topic.posts.select_related("author"), user).order_by("created_at", "pk"))
    children: dict[int | None, list[Post]] = {}
    for post in posts:
        children.setdefault(post.parent_id, []).append(post)
    ordered: list[ThreadNode] = []
    stack = [(post, 0) for post in reversed(children.get(None, []))]
    while stack:
        post, depth = stack.pop()
        ordered.append(ThreadNode(post=post, depth=min(depth, MAX_THREAD_DEPTH)))
        stack.extend((child, depth + 1) for child in reversed(children.get(post.pk, [])))
    return ordered


def code_list(*, competition: Competition, sort: str = "hot") -> QuerySet[CodeEntry]:
    return (CodeEntry.objects.filter(competition=competition).select_related("author")
            .order_by(*CODE_SORTS.get(sort, CODE_SORTS["hot"])))


def code_get(*, user: User | AnonymousUser, pk: int) -> CodeEntry:
    entry = CodeEntry.objects.select_related("author", "competition", "forked_from__entry__author").get(pk=pk)
    if not _visible_competitions(user).filter(pk=entry.competition_id).exists():
        raise CodeEntry.DoesNotExist
    return entry


def code_version_get(*, entry: CodeEntry, number: int | None = None) -> CodeVersion:
    versions = entry.versions.all()
    return versions.get(number=number) if number else versions.order_by("-number").first()


def code_voted(*, entry: CodeEntry, user: User | AnonymousUser) -> bool:
    return user.is_authenticated and CodeVote.objects.filter(entry=entry, user=user).exists()


def code_comments(*, entry: CodeEntry) -> QuerySet[CodeComment]:
    return entry.comments.select_related("author").order_by("created_at", "pk")


def code_forks(*, entry: CodeEntry) -> QuerySet[CodeEntry]:
    return CodeEntry.objects.filter(forked_from__entry=entry).select_related("author").order_by("-created_at")


@dataclass
class Profile:
    profile_user: User
    topics: list[Topic]
    code: list[CodeEntry]
    competitions: list[tuple[Competition, FinalStanding | None]]  # final standing once finalized


def user_profile(*, username: str, viewer: User | AnonymousUser) -> Profile:
    """Raises User.DoesNotExist. Lists only what ``viewer`` may see."""
    profile_user = User.objects.get(username=username, is_active=True)
    visible = _visible_competitions(viewer)
    topics = list(Topic.objects.filter(author=profile_user, is_deleted=False)
                  .filter(Q(competition__isnull=True) | Q(competition__in=visible))
                  .select_related("competition").order_by("-created_at")[:50])
    code = list(CodeEntry.objects.filter(author=profile_user, competition__in=visible)
                .select_related("competition").order_by("-updated_at")[:50])
    joined = RulesAcceptance.objects.filter(user=profile_user, competition__in=visible).select_related("competition")
    competitions = [(acceptance.competition, final_standing_for(competition=acceptance.competition, user=profile_user))
                    for acceptance in joined.order_by("-accepted_at")]
    return Profile(profile_user=profile_user, topics=topics, code=code, competitions=competitions)


def search(*, user: User | AnonymousUser, text: str, competition: Competition | None = None,
           doc_types: list[str] | None = None, page: int = 1) -> search_api.SearchResults:
    text = (text or "").replace("\x00", "").strip()[:search_api.MAX_QUERY_CHARS]
    page = max(1, page)
    query = search_api.SearchQuery(
        terms=analyze(text), text=text,
        competition_id=competition.pk if competition else None,
        visible_competition_ids=[] if competition else list(_visible_competitions(user).values_list("pk", flat=True)),
        doc_types=doc_types or ["topic", "post", "code"],
        limit=search_api.PAGE_SIZE, offset=(page - 1) * search_api.PAGE_SIZE,
    )
    return search_api.get_backend().search(query)


def linked_public_score(*, version: CodeVersion) -> float | None:
    """The public score of the submission made from this version, once it is scored (never the private one)."""
    if version.submission_id is None:
        return None
    score = (Score.objects.filter(submission_id=version.submission_id, split="public", is_active=True,
                                  submission__status=Submission.Status.SCORED).values_list("value", flat=True).first())
    return score


def linkable_submissions(*, entry: CodeEntry, user: User | AnonymousUser) -> list:
    """The author's team's scored submissions, to link one to a version."""
    if not user.is_authenticated or user.pk != entry.author_id:
        return []
    team = team_of(competition=entry.competition, user=user)
    if team is None:
        return []
    return list(team.submissions.filter(status=Submission.Status.SCORED).order_by("-created_at")[:20])
