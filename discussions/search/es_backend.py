"""Elasticsearch 8 backend, through the official client.

The mapping analyses ``title`` and ``body`` in English and, where the cluster has the ``analysis-nori`` plugin,
again in Korean (``.ko`` sub-fields). ``terms`` holds Podium's own analysis (Kiwi morphemes for Korean) under a
whitespace analyzer, so that Korean matches on clusters without nori too (noida-db, the server CI uses, has none).
Every query term must be in ``terms`` (the same rule as the database backend); the analysed fields rank the hits.
"""

import functools
import logging

from django.conf import settings
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError

from ..models import SearchDocument
from . import Hit, SearchQuery, SearchResults, elasticsearch_url, snippet_of

logger = logging.getLogger(__name__)
DEFAULT_INDEX = "podium-community"


def index_name() -> str:
    return getattr(settings, "PODIUM_SEARCH_INDEX", "") or DEFAULT_INDEX


def _mapping(*, nori: bool) -> tuple[dict, dict]:
    analyzers = {"podium_terms": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}}
    text = {"type": "text", "analyzer": "english"}
    if nori:
        analyzers["podium_korean"] = {"type": "custom", "tokenizer": "nori_tokenizer",
                                      "filter": ["nori_part_of_speech", "lowercase"]}
        text = {**text, "fields": {"ko": {"type": "text", "analyzer": "podium_korean"}}}
    settings_ = {"number_of_shards": 1, "analysis": {"analyzer": analyzers}}
    mappings = {"properties": {
        "doc_type": {"type": "keyword"},
        "competition": {"type": "keyword"},
        "title": text,
        "body": text,
        "terms": {"type": "text", "analyzer": "podium_terms"},
        "url": {"type": "keyword", "index": False},
        "created_at": {"type": "date"},
    }}
    return settings_, mappings


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, *, client: Elasticsearch, index: str):
        self.client = client
        self.index = index
        self._ready = False

    @classmethod
    @functools.cache
    def _cached(cls, url: str, index: str) -> "ElasticsearchBackend":
        return cls(client=Elasticsearch(url, request_timeout=10), index=index)

    @classmethod
    def default(cls) -> "ElasticsearchBackend":
        return cls._cached(elasticsearch_url(), index_name())

    def ensure_index(self) -> None:
        if self._ready or self.client.indices.exists(index=self.index):
            self._ready = True
            return
        try:
            self.client.indices.create(index=self.index, **dict(zip(("settings", "mappings"), _mapping(nori=True))))
        except BadRequestError as error:
            if "resource_already_exists" in str(error):
                self._ready = True
                return
            if "nori" not in str(error):
                raise
            logger.info("Elasticsearch has no analysis-nori plugin: Korean is matched through Kiwi morphemes.")
            self.client.indices.create(index=self.index, **dict(zip(("settings", "mappings"), _mapping(nori=False))))
        self._ready = True

    def drop_index(self) -> None:
        self.client.indices.delete(index=self.index, ignore_unavailable=True)
        self._ready = False

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.index)

    def put(self, document: SearchDocument) -> None:
        self.ensure_index()
        self.client.index(index=self.index, id=document.key, document={
            "doc_type": document.doc_type,
            "competition": str(document.competition_id) if document.competition_id else None,
            "title": document.title, "body": document.body, "terms": document.terms.strip(),
            "url": document.url, "created_at": document.created_at.isoformat(), "object_id": document.object_id,
        })

    def remove(self, *, doc_type: str, object_id: int) -> None:
        self.ensure_index()
        try:
            self.client.delete(index=self.index, id=f"{doc_type}-{object_id}")
        except NotFoundError:
            pass

    def _filters(self, query: SearchQuery) -> list[dict]:
        filters = [{"terms": {"doc_type": query.doc_types}}]
        if query.competition_id is not None:
            filters.append({"term": {"competition": str(query.competition_id)}})
        else:
            filters.append({"bool": {"should": [
                {"terms": {"competition": [str(pk) for pk in query.visible_competition_ids]}},
                {"bool": {"must_not": {"exists": {"field": "competition"}}}},
            ], "minimum_should_match": 1}})
        return filters

    def search(self, query: SearchQuery) -> SearchResults:
        if not query.terms:
            return SearchResults(backend=self.name)
        self.ensure_index()
        body = {
            "bool": {
                "must": [{"match": {"terms": {"query": " ".join(query.terms), "operator": "and"}}}],
                "should": [{"multi_match": {"query": query.text,
                                            "fields": ["title^3", "body", "title.ko^3", "body.ko"]}}],
                "filter": self._filters(query),
            }
        }
        response = self.client.search(index=self.index, query=body, from_=query.offset, size=query.limit,
                                      track_total_hits=True)
        words = query.text.lower().split()
        hits = []
        for raw in response["hits"]["hits"]:
            source = raw["_source"]
            competition = source.get("competition")
            hits.append(Hit(doc_type=source["doc_type"], object_id=int(source["object_id"]), title=source["title"],
                            snippet=snippet_of(source["body"], words, markdown=source["doc_type"] != "code"),
                            url=source["url"],
                            competition_id=int(competition) if competition else None, score=raw["_score"] or 0.0))
        return SearchResults(hits=hits, total=response["hits"]["total"]["value"], backend=self.name)
