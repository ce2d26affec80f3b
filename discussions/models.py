"""Community: forum topics and threaded posts, shared code with versions and forks, votes, and the search table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition


class Topic(models.Model):
    """A thread. Its opening post holds the text; ``competition`` is null in the site-wide forum."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")
        WRITEUP = "writeup", _("Solution write-up")

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="topics")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="topics")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    is_pinned = models.BooleanField(verbose_name=_("is pinned"), default=False)
    is_deleted = models.BooleanField(verbose_name=_("is deleted"), default=False)
    # Denormalized for sorting; recomputed in a transaction by the services (never trusted from input).
    vote_count = models.IntegerField(verbose_name=_("vote count"), default=0)
    reply_count = models.PositiveIntegerField(verbose_name=_("reply count"), default=0)
    hot_score = models.FloatField(verbose_name=_("hot score"), default=0.0, db_index=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(verbose_name=_("last activity at"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["competition", "-is_pinned", "-hot_score"], name="topic_forum_hot")]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """The opening post of a topic (``parent`` null, ``is_opening``) or a reply, threaded through ``parent``."""

    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="posts")
    body = models.TextField(verbose_name=_("body"))
    is_opening = models.BooleanField(verbose_name=_("is opening"), default=False)
    is_deleted = models.BooleanField(verbose_name=_("is deleted"), default=False)
    vote_count = models.IntegerField(verbose_name=_("vote count"), default=0)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(verbose_name=_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(verbose_name=_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Post {self.pk} in topic {self.topic_id}"


class PostVote(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="post_votes")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("post vote")
        verbose_name_plural = _("post votes")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_vote_per_user_per_post")]


def code_version_path(instance: "CodeVersion", filename: str) -> str:
    return f"code/{instance.entry_id}/v{instance.number}/{filename}"


class CodeEntry(models.Model):
    class Kind(models.TextChoices):
        NOTEBOOK = "notebook", _("Notebook")
        SCRIPT = "script", _("Script")

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="code_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="code_entries")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices)
    forked_from = models.ForeignKey("CodeVersion", verbose_name=_("forked from"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="forks")
    vote_count = models.IntegerField(verbose_name=_("vote count"), default=0)
    fork_count = models.PositiveIntegerField(verbose_name=_("fork count"), default=0)
    comment_count = models.PositiveIntegerField(verbose_name=_("comment count"), default=0)
    version_count = models.PositiveIntegerField(verbose_name=_("version count"), default=0)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("code entry")
        verbose_name_plural = _("code entries")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class CodeVersion(models.Model):
    """One upload. The original file stays in the default storage; ``html`` is what Podium's renderer made of it."""

    entry = models.ForeignKey(CodeEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(verbose_name=_("number"))
    file = models.FileField(verbose_name=_("file"), upload_to=code_version_path, max_length=500)
    filename = models.CharField(verbose_name=_("filename"), max_length=255)
    size = models.PositiveIntegerField(verbose_name=_("size"))
    sha256 = models.CharField(verbose_name=_("sha256"), max_length=64)
    message = models.CharField(verbose_name=_("message"), max_length=300, blank=True)
    html = models.TextField(verbose_name=_("html"), editable=False)
    text = models.TextField(verbose_name=_("text"), editable=False,
                            help_text=_("Source and markdown text, for search."))
    submission = models.ForeignKey("competitions.Submission", verbose_name=_("submission"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   help_text=_("A submission made from this version, whose public score the page "
                                               "shows."))
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("code version")
        verbose_name_plural = _("code versions")
        ordering = ["entry", "-number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="unique_code_version_number")]

    def __str__(self) -> str:
        return f"{self.entry} v{self.number}"

    @property
    def note(self) -> str:
        """The author's note; a first version without one is called so in the reader's language (stored empty,
        so that it is not frozen in the language its author happened to read)."""
        if not self.message and self.number == 1:
            return gettext("First version")
        return self.message


class CodeVote(models.Model):
    entry = models.ForeignKey(CodeEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="code_votes")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("code vote")
        verbose_name_plural = _("code votes")
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="one_vote_per_user_per_code")]


class CodeComment(models.Model):
    entry = models.ForeignKey(CodeEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="code_comments")
    body = models.TextField(verbose_name=_("body"))
    is_deleted = models.BooleanField(verbose_name=_("is deleted"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("code comment")
        verbose_name_plural = _("code comments")
        ordering = ["created_at", "pk"]


class RateEvent(models.Model):
    """One write a user made, kept for the per-user rate limits (pruned as they age out)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    action = models.CharField(verbose_name=_("action"), max_length=10)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rate event")
        verbose_name_plural = _("rate events")
        indexes = [models.Index(fields=["user", "action", "created_at"], name="rate_event_lookup")]


class SearchDocument(models.Model):
    """What search sees of a topic, a reply or a code entry: written in the same transaction as the object.

    ``terms`` holds Podium's analysis (Porter stems for Latin words, Kiwi morphemes for Korean), space-separated
    and padded, so that every backend matches the same tokens.
    """

    class Type(models.TextChoices):
        TOPIC = "topic", _("Topic")
        POST = "post", _("Reply")
        CODE = "code", _("Code")

    doc_type = models.CharField(verbose_name=_("doc type"), max_length=5, choices=Type.choices)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    body = models.TextField(verbose_name=_("body"))
    terms = models.TextField(verbose_name=_("terms"))
    url = models.CharField(verbose_name=_("url"), max_length=300)
    created_at = models.DateTimeField(verbose_name=_("created at"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"], name="unique_search_document")]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.object_id}"

    @property
    def key(self) -> str:
        return f"{self.doc_type}-{self.object_id}"
