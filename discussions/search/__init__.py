"""Search across topics, replies and code: one interface, two backends.

- ``database`` (default): PostgreSQL full-text search, or a token match on SQLite, over SearchDocument rows.
- ``elasticsearch``: used when ``ELASTICSEARCH_URL`` is set (the environment, or a Django setting of that name);
  the index is fed from SearchDocument rows by a Celery task published on commit.

``PODIUM_SEARCH_BACKEND`` ("database" / "elasticsearch") forces one. Both backends match the same terms (see
``analysis``): every query term must be present; they may rank differently.
"""

import os
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings

PAGE_SIZE = 20
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class Hit:
    doc_type: str
    object_id: int
    title: str
    snippet: str
    url: str
    competition_id: int | None
    score: float


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    backend: str = ""


@dataclass(frozen=True)
class SearchQuery:
    terms: list[str]
    text: str
    competition_id: int | None  # one competition's documents only
    visible_competition_ids: list[int]  # otherwise: site-wide documents plus these competitions'
    doc_types: list[str]
    limit: int = PAGE_SIZE
    offset: int = 0


class SearchBackend(Protocol):
    name: str

    def search(self, query: SearchQuery) -> SearchResults: ...


def elasticsearch_url() -> str:
    return getattr(settings, "ELASTICSEARCH_URL", "") or os.environ.get("ELASTICSEARCH_URL", "")


def backend_name() -> str:
    forced = getattr(settings, "PODIUM_SEARCH_BACKEND", "")
    if forced:
        return forced
    return "elasticsearch" if elasticsearch_url() else "database"


def get_backend() -> SearchBackend:
    if backend_name() == "elasticsearch":
        from .es_backend import ElasticsearchBackend  # noqa: PLC0415 -- the client is only needed then

        return ElasticsearchBackend.default()
    from .db_backend import DatabaseBackend  # noqa: PLC0415

    return DatabaseBackend()


def snippet_of(body: str, terms: list[str], *, length: int = 220, markdown: bool = True) -> str:
    """Plain text around the first query term found (the template escapes it and marks the terms).

    Topics and posts are markdown: the excerpt is the text a reader sees, never ``**``, ``|`` or code fences.
    Code is shown as written (``markdown=False``).
    """
    from competitions.rendering import markdown_plain_text  # noqa: PLC0415 -- keeps this module import-light

    flat = " ".join((markdown_plain_text(body) if markdown else body).split())
    lowered = flat.lower()
    start = min((i for i in (lowered.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, start - length // 3)
    text = flat[start:start + length]
    return ("…" if start else "") + text + ("…" if start + length < len(flat) else "")
