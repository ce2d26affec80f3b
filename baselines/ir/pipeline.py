"""What the run and the tuning share: each retriever's evidence per conversation, computed once, then combined
with the weights (``Weights``) into rankings and small-talk decisions.

A conversation is its last user turn and its earlier user turns. Both are searched: the last turn says what is
asked now, the earlier ones often name the topic ("DNA에 대해 알려줘." ... "그럼 그중 염기는?"). BM25 scores are
added as ``w * last + (1 - w) * earlier``; the dense query is the same mix of the two turns' embeddings. Assistant
turns are left out: they restate the topic at best and add chatter at worst.

The fusion trusts BM25 as far as the question's words are found: its weight runs from ``sparse_low`` (none of the
question's content words in BM25's best document: a translated or respelled topic, where the multilingual dense
model knows better) to ``sparse_high`` (all of them: a worked problem's numbers, a rare name, where the dense model
blurs). A single weight has to give up one of the two.
"""

from dataclasses import dataclass

import numpy as np

from baselines.trivial import last_user_turn

from .chitchat import ChitchatDetector
from .fusion import fuse
from .queries import Morpheme, analyze
from .sparse import Ranking


@dataclass(frozen=True)
class Weights:
    last_turn: float  # share of the last user turn against the earlier ones, in both retrievers
    sparse_low: float  # share of BM25 in the fusion when its best document has none of the question's words
    sparse_high: float  # ... when it has all of them (IDF-weighted coverage in between); dense gets the rest
    chitchat_dense: float  # how much the dense similarity counts next to the lexical coverage
    chitchat_threshold: float  # small talk below this evidence
    chitchat_cue_threshold: float  # the bar when the message has a small-talk cue


@dataclass
class Evidence:
    """Per conversation: BM25 rankings of its last and earlier user turns, their dense embeddings."""

    sparse_last: list[Ranking] | None
    sparse_earlier: list[Ranking] | None
    dense_last: np.ndarray | None
    dense_earlier: np.ndarray | None
    morphemes: list[list[Morpheme]]  # of the last and earlier user turns together: what the detector reads


def split_turns(messages: list[dict]) -> tuple[str, str]:
    """The last user turn and the earlier user turns joined ("" for a single turn)."""
    last = last_user_turn(messages)
    earlier = [m["content"] for m in messages[:-1] if m.get("role") == "user" and m["content"] != last]
    return last, " ".join(earlier)


def gather(turns: list[tuple[str, str]], *, sparse, dense, candidates: int) -> Evidence:
    """Searches each retriever given (``None`` for one not used) with both parts of every conversation."""
    lasts, earliers = [t[0] for t in turns], [t[1] for t in turns]
    sparse_earlier = None
    if sparse is not None:
        found = dict(zip((i for i, text in enumerate(earliers) if text),
                         sparse.search([text for text in earliers if text], candidates)))
        sparse_earlier = [found.get(i, []) for i in range(len(turns))]
    dense_earlier = None
    if dense is not None:
        dense_earlier = np.zeros((len(turns), 0))
        if any(earliers):
            vectors = dense.embed_queries([text or " " for text in earliers])
            dense_earlier = vectors * np.array([[bool(text)] for text in earliers])
    return Evidence(
        sparse_last=sparse.search(lasts, candidates) if sparse is not None else None, sparse_earlier=sparse_earlier,
        dense_last=dense.embed_queries(lasts) if dense is not None else None, dense_earlier=dense_earlier,
        morphemes=analyze([f"{earlier} {last}".strip() for last, earlier in turns]))


def rank(evidence: Evidence, weights: Weights, *, dense, detector: ChitchatDetector, fusion: str, rrf_k: int,
         candidates: int) -> dict[str, list[Ranking]]:
    """``sparse``, ``dense`` and (with both) ``hybrid`` rankings under these weights."""
    rankings = {}
    if evidence.sparse_last is not None:
        rankings["sparse"] = [_mix(last, earlier, weights.last_turn)
                              for last, earlier in zip(evidence.sparse_last, evidence.sparse_earlier)]
    if evidence.dense_last is not None:
        vectors = weights.last_turn * evidence.dense_last
        if evidence.dense_earlier.shape[1]:
            vectors = vectors + (1 - weights.last_turn) * evidence.dense_earlier
        rankings["dense"] = dense.search_vectors(vectors, candidates)
    if len(rankings) == 2:
        rankings["hybrid"] = [fuse(s, d, method=fusion, rrf_k=rrf_k, sparse_weight=share)
                              for s, d, share in zip(rankings["sparse"], rankings["dense"],
                                                     sparse_shares(evidence, rankings["sparse"], weights, detector))]
    return rankings


def sparse_shares(evidence: Evidence, sparse: list[Ranking], weights: Weights,
                   detector: ChitchatDetector) -> list[float]:
    """BM25's weight per question, from the share of its words in BM25's best document."""
    span = weights.sparse_high - weights.sparse_low
    return [weights.sparse_low + span * detector.coverage(words, [doc for doc, _ in ranking[:1]])
            for words, ranking in zip(evidence.morphemes, sparse)]


def _mix(last: Ranking, earlier: Ranking, weight: float) -> Ranking:
    if not earlier:
        return last
    scores: dict[int, float] = {}
    for ranking, share in ((last, weight), (earlier, 1 - weight)):
        for doc, score in ranking:
            scores[doc] = scores.get(doc, 0.0) + share * score
    return sorted(scores.items(), key=lambda item: -item[1])


def small_talk(evidence: Evidence, rankings: dict[str, list[Ranking]], texts: list[str], weights: Weights, *,
               detector: ChitchatDetector, final: str, top_k: int) -> list[bool]:
    """The detector's verdict per conversation: lexical coverage of the final top documents plus the dense
    similarity of the best document (0 without a dense retriever)."""
    best_dense = [r[0][1] if r else 0.0 for r in rankings["dense"]] if "dense" in rankings else [0.0] * len(texts)
    return [detector.is_chitchat(text, words, [doc for doc, _ in ranking[:top_k]], dense_similarity=similarity,
                                 dense_weight=weights.chitchat_dense, threshold=weights.chitchat_threshold,
                                 cue_threshold=weights.chitchat_cue_threshold)
            for text, words, ranking, similarity in zip(texts, evidence.morphemes, rankings[final], best_dense)]
