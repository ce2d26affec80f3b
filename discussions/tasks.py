"""Celery tasks of the community app: thin adapters that copy search rows into Elasticsearch."""

import logging

from celery import shared_task
from elasticsearch import ConnectionError as SearchConnectionError
from elasticsearch import ConnectionTimeout

from .models import SearchDocument
from .search import backend_name, get_backend

logger = logging.getLogger(__name__)


@shared_task(name="discussions.sync_search_document", bind=True, acks_late=True, max_retries=5)
def task_sync_search_document(self, *, doc_type: str, object_id: int) -> None:
    """Idempotent: puts the row's current state in the index, or removes it when the row is gone."""
    if backend_name() != "elasticsearch":
        return
    backend = get_backend()
    document = SearchDocument.objects.filter(doc_type=doc_type, object_id=object_id).first()
    try:
        if document is None:
            backend.remove(doc_type=doc_type, object_id=object_id)
        else:
            backend.put(document)
    except (SearchConnectionError, ConnectionTimeout) as error:
        logger.warning("Search index unreachable for %s %s; retrying.", doc_type, object_id)
        raise self.retry(exc=error, countdown=30) from error
