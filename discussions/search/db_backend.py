"""Search in the database: PostgreSQL full-text search on PostgreSQL, FTS5 on SQLite (migration 0003)."""

from django.contrib.postgres.search import SearchQuery as PgQuery
from django.contrib.postgres.search import SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet

from ..models import SearchDocument
from . import Hit, SearchQuery, SearchResults, snippet_of

MAX_CANDIDATES = 500
FTS_TABLE = "discussions_searchdocument_fts"


class DatabaseBackend:
    name = "database"

    def _scope(self, query: SearchQuery) -> QuerySet[SearchDocument]:
        documents = SearchDocument.objects.filter(doc_type__in=query.doc_types)
        if query.competition_id is not None:
            return documents.filter(competition_id=query.competition_id)
        return documents.filter(Q(competition__isnull=True) | Q(competition_id__in=query.visible_competition_ids))

    def search(self, query: SearchQuery) -> SearchResults:
        if not query.terms:
            return SearchResults(backend=self.name)
        documents = self._scope(query)
        if connection.vendor == "postgresql":
            ranked = self._postgres(documents, query)
        else:
            ranked = self._sqlite_fts5(documents, query)
        total = len(ranked)
        page = ranked[query.offset:query.offset + query.limit]
        hits = [Hit(doc_type=d.doc_type, object_id=d.object_id, title=d.title, url=d.url,
                    snippet=snippet_of(d.body, query.text.lower().split(), markdown=d.doc_type != "code"),
                    competition_id=d.competition_id, score=float(score)) for d, score in page]
        return SearchResults(hits=hits, total=total, backend=self.name)

    def _postgres(self, documents, query: SearchQuery) -> list[tuple[SearchDocument, float]]:
        # The terms are Podium's analysed tokens (letters and digits only); the 'simple' configuration keeps them
        # as they are, and every term must match.
        vector = SearchVector("terms", config="simple")
        tsquery = None
        for term in dict.fromkeys(query.terms):
            part = PgQuery(term, config="simple", search_type="plain")
            tsquery = part if tsquery is None else tsquery & part
        rows = (documents.annotate(vector=vector).filter(vector=tsquery)
                .annotate(rank=SearchRank(F("vector"), tsquery)).order_by("-rank", "-created_at")[:MAX_CANDIDATES])
        return [(row, row.rank) for row in rows]

    def _sqlite_fts5(self, documents, query: SearchQuery) -> list[tuple[SearchDocument, float]]:
        # Every term must match, as a whole token (quoted, so FTS5 reads no operators from user text).
        match = " AND ".join('"' + term.replace('"', '""') + '"' for term in dict.fromkeys(query.terms))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                           f"ORDER BY bm25({FTS_TABLE}) LIMIT %s", [match, MAX_CANDIDATES * 4])
            ranks = {rowid: -rank for rowid, rank in cursor.fetchall()}  # bm25() is lower for better matches
        rows = documents.filter(pk__in=list(ranks))
        return sorted(((row, ranks[row.pk]) for row in rows),
                      key=lambda pair: (-pair[1], -pair[0].created_at.timestamp()))[:MAX_CANDIDATES]
