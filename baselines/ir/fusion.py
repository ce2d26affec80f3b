"""Fusing a BM25 ranking and a dense ranking of the same question into one.

- RRF (reciprocal rank fusion): a document scores ``w / (k + rank)`` in each list it appears in; only ranks
  count, so the two retrievers' incomparable scores need no calibration.
- Weighted: each list's scores are min-max normalized to [0, 1] per question, then ``w * sparse + (1 - w) *
  dense``; a document missing from a list gets 0 from it. It keeps how far ahead the best document is, which
  ranks throw away.
"""

from .sparse import Ranking


def rrf(sparse: Ranking, dense: Ranking, *, k: int, sparse_weight: float) -> Ranking:
    scores: dict[int, float] = {}
    for ranking, weight in ((sparse, sparse_weight), (dense, 1 - sparse_weight)):
        for rank, (doc, _) in enumerate(ranking, 1):
            scores[doc] = scores.get(doc, 0.0) + weight / (k + rank)
    return _sorted(scores)


def weighted(sparse: Ranking, dense: Ranking, *, sparse_weight: float) -> Ranking:
    scores: dict[int, float] = {}
    for ranking, weight in ((sparse, sparse_weight), (dense, 1 - sparse_weight)):
        for doc, score in _min_max(ranking):
            scores[doc] = scores.get(doc, 0.0) + weight * score
    return _sorted(scores)


def fuse(sparse: Ranking, dense: Ranking, *, method: str, rrf_k: int, sparse_weight: float) -> Ranking:
    if method == "rrf":
        return rrf(sparse, dense, k=rrf_k, sparse_weight=sparse_weight)
    return weighted(sparse, dense, sparse_weight=sparse_weight)


def _min_max(ranking: Ranking) -> Ranking:
    """Scores mapped to [0, 1]; a list whose scores are all equal maps to 1 (they are all the best it has)."""
    if not ranking:
        return []
    values = [score for _, score in ranking]
    low, high = min(values), max(values)
    return [(doc, (score - low) / (high - low) if high > low else 1.0) for doc, score in ranking]


def _sorted(scores: dict[int, float]) -> Ranking:
    """Best first; ties keep the order documents were first seen (the sparse list's order, then the dense's)."""
    return sorted(scores.items(), key=lambda item: -item[1])
