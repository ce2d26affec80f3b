"""Keeps SearchDocument rows in step with topics, replies and code, in the caller's transaction.

The database backend searches these rows directly; when Elasticsearch is the backend, a Celery task published on
commit copies the row into the index (or removes it there).
"""

from django.db import transaction
from django.urls import reverse

from ..models import CodeEntry, Post, SearchDocument
from . import backend_name
from .analysis import analyze_to_field


def _publish(doc_type: str, object_id: int) -> None:
    if backend_name() != "elasticsearch":
        return
    from ..tasks import task_sync_search_document  # noqa: PLC0415 -- tasks import this module

    transaction.on_commit(lambda: task_sync_search_document.delay(doc_type=doc_type, object_id=object_id))


def _upsert(*, doc_type: str, object_id: int, competition_id: int | None, title: str, body: str, url: str,
            created_at) -> None:
    SearchDocument.objects.update_or_create(
        doc_type=doc_type, object_id=object_id,
        defaults={"competition_id": competition_id, "title": title[:200], "body": body, "url": url,
                  "terms": analyze_to_field(f"{title}\n{body}"), "created_at": created_at},
    )
    _publish(doc_type, object_id)


def search_document_remove(*, doc_type: str, object_id: int) -> None:
    SearchDocument.objects.filter(doc_type=doc_type, object_id=object_id).delete()
    _publish(doc_type, object_id)


def post_index(*, post: Post) -> None:
    """The opening post indexes as its topic; a reply as a post that links to its anchor in the thread."""
    topic = post.topic
    doc_type, object_id = ("topic", topic.pk) if post.is_opening else ("post", post.pk)
    if post.is_deleted or topic.is_deleted:
        search_document_remove(doc_type=doc_type, object_id=object_id)
        return
    url = reverse("discussions:topic", args=[topic.pk])
    title = topic.title if post.is_opening else f"Re: {topic.title}"
    if not post.is_opening:
        url = f"{url}#post-{post.pk}"
    _upsert(doc_type=doc_type, object_id=object_id, competition_id=topic.competition_id, title=title,
            body=post.body, url=url, created_at=post.created_at)


def code_index(*, entry: CodeEntry, text: str) -> None:
    _upsert(doc_type="code", object_id=entry.pk, competition_id=entry.competition_id, title=entry.title,
            body=text, url=reverse("discussions:code", args=[entry.pk]), created_at=entry.created_at)
