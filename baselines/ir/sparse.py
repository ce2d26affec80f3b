"""BM25: Elasticsearch with the nori analyzer when ``ELASTICSEARCH_URL`` is set, else bm25s over Kiwi morphemes.

Both take the questions as text and return, per question, ``(document index, score)`` pairs, best first. Documents
no query term matches are left out, so that a fusion does not count them as BM25 votes.
"""

import difflib
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from baselines.trivial import terms

from .queries import analyze, split_particle

Ranking = list[tuple[int, float]]
ES_BATCH = 100  # questions per _msearch request
VARIANT_CUTOFF = 0.8  # difflib ratio: 리보오솜 ~ 리보솜 is 0.86, 이탈리아 ~ 이탈리아어 0.89, 수소 ~ 수소폭탄 0.67


def kiwi_terms(texts: list[str]) -> list[list[str]]:
    """BM25 terms: lower-cased Kiwi morphemes without punctuation, an unknown noun's particle cut off."""
    return terms([[form for m in morphemes for form in split_particle(m)] for morphemes in analyze(texts)])


class SpellingVariants:
    """Maps a question's word that no document has to the collection's closest word of about its length that
    starts alike (리보오솜 -> 리보솜): students spell transliterations their own way."""

    def __init__(self, doc_terms: list[list[str]]) -> None:
        self._vocabulary = {term for terms in doc_terms for term in terms}
        self._by_start = defaultdict(list)
        for term in sorted(self._vocabulary):
            self._by_start[term[0]].append(term)

    def __call__(self, term: str) -> str:
        if term in self._vocabulary or len(term) < 3:
            return term
        alike = [word for word in self._by_start.get(term[0], ()) if abs(len(word) - len(term)) <= 1]
        match = difflib.get_close_matches(term, alike, n=1, cutoff=VARIANT_CUTOFF)
        return match[0] if match else term


class Bm25sRetriever:
    name = "bm25s over Kiwi morphemes"

    def __init__(self, doc_terms: list[list[str]], *, k1: float, b: float) -> None:
        import bm25s  # noqa: PLC0415

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self._size = len(doc_terms)
        self._variants = SpellingVariants(doc_terms)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        self._bm25.index(doc_terms, show_progress=False)

    def search(self, texts: list[str], k: int) -> list[Ranking]:
        if not texts:
            return []
        queries = [[self._variants(term) for term in terms] for terms in kiwi_terms(texts)]
        found, scores = self._bm25.retrieve(queries, k=min(k, self._size), show_progress=False)
        return [[(doc, score) for doc, score in zip(row, values) if score > 0]
                for row, values in zip(found.tolist(), scores.tolist())]


class ElasticsearchRetriever:
    """A throw-away index on the server; ``kiwi`` sends Kiwi morphemes pre-split for servers without nori."""

    def __init__(self, client, index: str, *, analyzer: str) -> None:
        self._client, self._index, self.analyzer = client, index, analyzer
        self.name = f"Elasticsearch ({'nori' if analyzer == 'nori' else 'Kiwi morphemes'})"

    def _query_text(self, texts: list[str]) -> list[str]:
        return texts if self.analyzer == "nori" else [" ".join(t) for t in kiwi_terms(texts)]

    def search(self, texts: list[str], k: int) -> list[Ranking]:
        rankings = []
        queries = self._query_text(texts)
        for start in range(0, len(queries), ES_BATCH):
            searches = []
            for text in queries[start:start + ES_BATCH]:
                searches += [{"index": self._index},
                             {"query": {"match": {"content": text}}, "size": k, "_source": False}]
            response = self._client.msearch(searches=searches)
            rankings += [[(int(hit["_id"]), float(hit["_score"])) for hit in answer["hits"]["hits"]]
                         for answer in response["responses"]]
        return rankings


def has_nori(client) -> bool:
    """Whether the server has the analysis-nori plugin (an optional plugin in Elasticsearch)."""
    from elasticsearch import BadRequestError  # noqa: PLC0415

    try:
        client.indices.analyze(tokenizer="nori_tokenizer", text="과학")
    except BadRequestError:
        return False
    return True


def index_settings(analyzer: str, *, k1: float, b: float) -> dict:
    """nori as Elasticsearch's Korean baselines set it up (compound nouns kept and split, particles and endings
    dropped); otherwise a whitespace analyzer over the Kiwi morphemes the client sends."""
    if analyzer == "nori":
        analysis = {"tokenizer": {"nori_mixed": {"type": "nori_tokenizer", "decompound_mode": "mixed"}},
                    "analyzer": {"korean": {"type": "custom", "tokenizer": "nori_mixed",
                                            "filter": ["nori_part_of_speech", "nori_readingform", "lowercase"]}}}
    else:
        analysis = {"analyzer": {"korean": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}}}
    return {"number_of_shards": 1, "analysis": analysis,
            "similarity": {"default": {"type": "BM25", "k1": k1, "b": b}}}


@contextmanager
def elasticsearch_retriever(url: str, contents: list[str], doc_terms: list[list[str]], *, analyzer: str,
                            k1: float, b: float) -> Iterator[ElasticsearchRetriever]:
    """Creates a per-run index, indexes the documents (``_id`` = their position) and deletes it afterwards."""
    from elasticsearch import Elasticsearch, helpers  # noqa: PLC0415

    client = Elasticsearch(url, request_timeout=120)
    index = f"podium-ir-{uuid.uuid4().hex[:12]}"
    try:
        analyzer = _resolve_analyzer(client, analyzer)
        client.indices.create(index=index, settings=index_settings(analyzer, k1=k1, b=b),
                              mappings={"properties": {"content": {"type": "text", "analyzer": "korean"}}})
        texts = contents if analyzer == "nori" else [" ".join(t) for t in doc_terms]
        helpers.bulk(client, ({"_index": index, "_id": str(i), "content": text} for i, text in enumerate(texts)),
                     refresh=True)
        yield ElasticsearchRetriever(client, index, analyzer=analyzer)
    finally:
        client.indices.delete(index=index, ignore_unavailable=True)
        client.close()


def _resolve_analyzer(client, analyzer: str) -> str:
    if analyzer == "kiwi":
        return "kiwi"
    if has_nori(client):
        return "nori"
    if analyzer == "nori":
        raise SystemExit("The Elasticsearch server has no nori analyzer: install the analysis-nori plugin, or run "
                         "with --es-analyzer kiwi (Kiwi morphemes sent pre-split).")
    return "kiwi"
