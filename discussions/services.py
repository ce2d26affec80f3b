"""Writes of the community app: topics and replies, votes, pins, shared code with versions and forks, comments.

Every write checks who may do it, the size caps and the per-user rate limits (limits.py), then keeps the search
rows in the same transaction (search/indexing.py). Counters are updated with F() expressions after the unique
vote row is inserted or deleted, so concurrent votes never lose an update nor count twice.
"""

import hashlib
import math
from pathlib import PurePosixPath

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Competition, Submission
from competitions.selectors import user_is_host
from competitions.services.teams import team_of
from competitions.stored_files import stored_read

from .code_rendering import CodeFormatError, render_code
from .limits import rate_limit_hit
from .models import CodeComment, CodeEntry, CodeVersion, CodeVote, Post, PostVote, Topic
from .search.indexing import code_index, post_index

TITLE_MAX_CHARS = 200
POST_MAX_CHARS = 20_000
COMMENT_MAX_CHARS = 5_000
HOT_HALF_LIFE_SECONDS = 45_000  # Reddit's constant: ten times the votes is worth 12.5 hours of freshness


def hot_score(*, votes: int, created_at) -> float:
    return math.log10(1 + max(votes, 0)) + created_at.timestamp() / HOT_HALF_LIFE_SECONDS


def _clean_title(title: str) -> str:
    title = " ".join((title or "").replace("\x00", "").split())
    if not title:
        raise ValidationError({"title": _("Give your topic a title.")})
    if len(title) > TITLE_MAX_CHARS:
        raise ValidationError(
            {"title": _("Titles are at most {limit} characters (this one has {length}).").format(
                limit=TITLE_MAX_CHARS, length=len(title))})
    return title


def _clean_body(body: str, *, limit: int = POST_MAX_CHARS, field: str = "body") -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({field: _("Write something first.")})
    if len(body) > limit:
        raise ValidationError({field: _("Posts are at most {limit:,} characters (this one has {length:,}).").format(
            limit=limit, length=len(body))})
    return body


def can_moderate(*, user: User, topic: Topic) -> bool:
    if not user.is_authenticated:
        return False
    if topic.competition_id is None:
        return user.is_staff
    return user_is_host(user=user, competition=topic.competition)


# --- Topics and posts -----------------------------------------------------------------------------------------


@transaction.atomic
def topic_create(*, user: User, title: str, body: str, competition: Competition | None = None,
                 kind: str = Topic.Kind.DISCUSSION) -> Topic:
    if kind not in Topic.Kind.values:
        raise ValidationError({"kind": _("Unknown kind '{kind}': use one of {kinds}.").format(
            kind=kind, kinds=", ".join(Topic.Kind.values))})
    if kind == Topic.Kind.WRITEUP and competition is None:
        raise ValidationError({"kind": _("Solution write-ups belong to a competition's forum.")})
    title, body = _clean_title(title), _clean_body(body)
    rate_limit_hit(user=user, action="post")
    topic = Topic.objects.create(competition=competition, author=user, title=title, kind=kind)
    topic.hot_score = hot_score(votes=0, created_at=topic.created_at)
    topic.save(update_fields=["hot_score"])
    post = Post.objects.create(topic=topic, author=user, body=body, is_opening=True)
    post_index(post=post)
    return topic


@transaction.atomic
def post_reply(*, user: User, topic: Topic, body: str, parent: Post | None = None) -> Post:
    if topic.is_deleted:
        raise ValidationError(_("This topic was deleted; it takes no new replies."))
    if parent is not None and parent.topic_id != topic.pk:
        raise ValidationError({"parent": _("You can only reply to a post of the same topic.")})
    body = _clean_body(body)
    rate_limit_hit(user=user, action="post")
    post = Post.objects.create(topic=topic, author=user, body=body, parent=parent)
    Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1, last_activity_at=post.created_at)
    post_index(post=post)
    return post


@transaction.atomic
def post_edit(*, user: User, post: Post, body: str, title: str | None = None) -> Post:
    if post.author_id != user.pk:
        raise PermissionDenied(_("Only the author can edit a post."))
    if post.is_deleted:
        raise ValidationError(_("A deleted post cannot be edited."))
    post.body = _clean_body(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    if post.is_opening and title is not None:
        post.topic.title = _clean_title(title)
        post.topic.save(update_fields=["title"])
    post_index(post=post)
    return post


@transaction.atomic
def post_delete(*, user: User, post: Post) -> Post:
    """Soft delete: the row stays, so replies keep their place in the thread; its text is never shown again."""
    if post.author_id != user.pk and not can_moderate(user=user, topic=post.topic):
        raise PermissionDenied(_("Only the author or a host can delete a post."))
    if post.is_deleted:
        return post
    post.is_deleted, post.deleted_at = True, timezone.now()
    post.save(update_fields=["is_deleted", "deleted_at"])
    if post.is_opening:
        Topic.objects.filter(pk=post.topic_id).update(is_deleted=True, is_pinned=False)
        post.topic.is_deleted = True
        for reply in post.topic.posts.exclude(pk=post.pk).select_related("topic"):
            post_index(post=reply)  # a deleted topic leaves search with all its replies
    post_index(post=post)
    return post


@transaction.atomic
def topic_pin(*, user: User, topic: Topic, pinned: bool) -> Topic:
    if not can_moderate(user=user, topic=topic):
        raise PermissionDenied(_("Only the competition's hosts can pin topics."))
    topic.is_pinned = pinned and not topic.is_deleted
    topic.save(update_fields=["is_pinned"])
    return topic


def _refresh_topic_hotness(topic_id: int) -> None:
    topic = Topic.objects.select_for_update().get(pk=topic_id)
    topic.hot_score = hot_score(votes=topic.vote_count, created_at=topic.created_at)
    topic.save(update_fields=["hot_score"])


def post_vote(*, user: User, post: Post) -> bool:
    """Upvotes once; a second vote by the same user changes nothing. Returns whether a vote was added."""
    if post.author_id == user.pk:
        raise ValidationError(_("You cannot upvote your own post."))
    if post.is_deleted:
        raise ValidationError(_("Deleted posts take no votes."))
    rate_limit_hit(user=user, action="vote")
    try:
        with transaction.atomic():
            PostVote.objects.create(post=post, user=user)
            _post_count(post=post, delta=1)
    except IntegrityError:
        return False
    return True


def post_unvote(*, user: User, post: Post) -> bool:
    rate_limit_hit(user=user, action="vote")
    with transaction.atomic():
        deleted, _ = PostVote.objects.filter(post=post, user=user).delete()
        if deleted:
            _post_count(post=post, delta=-1)
    return bool(deleted)


def _post_count(*, post: Post, delta: int) -> None:
    Post.objects.filter(pk=post.pk).update(vote_count=F("vote_count") + delta)
    if post.is_opening:
        Topic.objects.filter(pk=post.topic_id).update(vote_count=F("vote_count") + delta)
        _refresh_topic_hotness(post.topic_id)


# --- Shared code ----------------------------------------------------------------------------------------------


def _render(filename: str, content: bytes):
    try:
        return render_code(filename=filename, content=content)
    except CodeFormatError as error:
        raise ValidationError({"file": str(error)}) from error


def _safe_filename(filename: str) -> str:
    name = PurePosixPath((filename or "").replace("\x00", "").replace("\\", "/")).name.strip()
    if not name or name in (".", ".."):
        raise ValidationError({"file": _("The file needs a name.")})
    return name[:200]


def _version_add(*, entry: CodeEntry, filename: str, content: bytes, message: str, rendered) -> CodeVersion:
    number = entry.version_count + 1
    version = CodeVersion(entry=entry, number=number, filename=filename, size=len(content),
                          sha256=hashlib.sha256(content).hexdigest(), message=message[:300],
                          html=rendered.html, text=rendered.text)
    version.file.save(filename, ContentFile(content), save=False)
    version.save()
    CodeEntry.objects.filter(pk=entry.pk).update(version_count=number, updated_at=version.created_at)
    entry.version_count, entry.updated_at = number, version.created_at
    return version


@transaction.atomic
def code_create(*, user: User, competition: Competition, title: str, filename: str, content: bytes,
                message: str = "") -> CodeEntry:
    title, filename = _clean_title(title), _safe_filename(filename)
    rendered = _render(filename, content)
    rate_limit_hit(user=user, action="post")
    entry = CodeEntry.objects.create(competition=competition, author=user, title=title, kind=rendered.kind)
    _version_add(entry=entry, filename=filename, content=content, message=message, rendered=rendered)
    code_index(entry=entry, text=rendered.text)
    return entry


@transaction.atomic
def code_version_add(*, user: User, entry: CodeEntry, filename: str, content: bytes, message: str = "") -> CodeVersion:
    if entry.author_id != user.pk:
        raise PermissionDenied(_("Only the author can upload new versions; fork it to make your own."))
    filename = _safe_filename(filename)
    rendered = _render(filename, content)
    if rendered.kind != entry.kind:
        raise ValidationError({"file": _("This entry is a {kind}; upload a {kind} file.").format(
            kind=entry.get_kind_display().lower())})
    rate_limit_hit(user=user, action="post")
    entry = CodeEntry.objects.select_for_update().get(pk=entry.pk)
    version = _version_add(entry=entry, filename=filename, content=content, message=message, rendered=rendered)
    code_index(entry=entry, text=rendered.text)
    return version


@transaction.atomic
def code_fork(*, user: User, version: CodeVersion) -> CodeEntry:
    """'Copy & edit': a new entry of the user's, whose first version is a copy of ``version``."""
    source = version.entry
    rate_limit_hit(user=user, action="post")
    content = stored_read(version.file.storage, version.file.name)
    rendered = _render(version.filename, content)
    # Written in the forker's language: the title and first note are theirs to read (and the title theirs to keep).
    suffix = _(" (fork)")
    room = TITLE_MAX_CHARS - len(suffix)
    title = source.title if len(source.title) <= room else source.title[:room - 1] + "…"
    entry = CodeEntry.objects.create(competition=source.competition, author=user, title=title + suffix,
                                     kind=source.kind, forked_from=version)
    message = _("Forked from {author}'s “{title}” version {number}").format(
        author=source.author.get_username(), title=source.title, number=version.number)
    _version_add(entry=entry, filename=version.filename, content=content, rendered=rendered, message=message)
    CodeEntry.objects.filter(pk=source.pk).update(fork_count=F("fork_count") + 1)
    code_index(entry=entry, text=rendered.text)
    return entry


def code_vote(*, user: User, entry: CodeEntry) -> bool:
    if entry.author_id == user.pk:
        raise ValidationError(_("You cannot upvote your own code."))
    rate_limit_hit(user=user, action="vote")
    try:
        with transaction.atomic():
            CodeVote.objects.create(entry=entry, user=user)
            CodeEntry.objects.filter(pk=entry.pk).update(vote_count=F("vote_count") + 1)
    except IntegrityError:
        return False
    return True


def code_unvote(*, user: User, entry: CodeEntry) -> bool:
    rate_limit_hit(user=user, action="vote")
    with transaction.atomic():
        deleted, _ = CodeVote.objects.filter(entry=entry, user=user).delete()
        if deleted:
            CodeEntry.objects.filter(pk=entry.pk).update(vote_count=F("vote_count") - 1)
    return bool(deleted)


@transaction.atomic
def code_comment_add(*, user: User, entry: CodeEntry, body: str) -> CodeComment:
    body = _clean_body(body, limit=COMMENT_MAX_CHARS)
    rate_limit_hit(user=user, action="post")
    comment = CodeComment.objects.create(entry=entry, author=user, body=body)
    CodeEntry.objects.filter(pk=entry.pk).update(comment_count=F("comment_count") + 1)
    return comment


def code_version_link_submission(*, user: User, version: CodeVersion, submission: Submission | None) -> CodeVersion:
    """Links a version to a submission made from it (or unlinks it); the page then shows its public score."""
    entry = version.entry
    if entry.author_id != user.pk:
        raise PermissionDenied(_("Only the author can link a submission to this code."))
    if submission is not None:
        team = team_of(competition=entry.competition, user=user)
        if submission.competition_id != entry.competition_id or team is None or submission.team_id != team.pk:
            raise ValidationError({"submission": _("Link one of your team's submissions to this competition.")})
    version.submission = submission
    version.save(update_fields=["submission"])
    return version
