"""``python -m baselines.ir tune``: chooses the IR baseline's weights on validation collections and writes them to
``tuned.yaml``, where the run's defaults come from.

The validation collections are demo data generated with other seeds than the competition's (seed 0), so the
weights are never fitted to the questions they are scored on. Two stages, each a grid search on MAP@3:
1. the last turn's weight and the fusion's two BM25 weights, on the science questions (what retrieval decides);
2. with those rankings fixed, the small-talk detector's dense weight and its two bars, on all questions.
"""

import argparse
import itertools
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import yaml

from baselines.common import read_jsonl
from baselines.demo_data import generate

from . import pipeline
from .chitchat import ChitchatDetector, has_small_talk_cue
from .config import TUNED_FILE
from .dense import PACKAGED_MODEL, DenseRetriever, EmbeddingCache, build_encoder
from .sparse import Bm25sRetriever, kiwi_terms

LAST_TURN = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
SPARSE_LOW = tuple(round(float(x), 1) for x in np.arange(0.0, 0.61, 0.1))
SPARSE_HIGH = tuple(round(float(x), 1) for x in np.arange(0.5, 1.01, 0.1))
DENSE_WEIGHT = (0.0, 0.5, 1.0, 1.5, 2.0)
THRESHOLD = tuple(round(float(x), 2) for x in np.arange(0.1, 1.51, 0.05))
CUE_MARGIN = (0.0, 0.1, 0.2, 0.3, 0.5)
CANDIDATES, TOP_K = 50, 3


@dataclass
class Collection:
    """One validation collection: its retrievers' evidence per question and the judgments."""

    evidence: pipeline.Evidence
    dense: DenseRetriever
    docids: list[str]
    relevant: list[frozenset[str]]
    texts: list[str]
    detector: ChitchatDetector

    def rank(self, weights: pipeline.Weights):
        return pipeline.rank(self.evidence, weights, dense=self.dense, detector=self.detector, fusion="weighted",
                             rrf_k=60, candidates=CANDIDATES)


def load_collection(folder: Path, *, encoder, cache: EmbeddingCache) -> Collection:
    documents = read_jsonl(folder / "data" / "documents.jsonl")
    judged = {row["eval_id"]: frozenset(row["relevant"]) for row in read_jsonl(folder / "solution.jsonl")}
    conversations = read_jsonl(folder / "data" / "eval.jsonl")
    contents = [d["content"] for d in documents]
    doc_terms = kiwi_terms(contents)
    dense = DenseRetriever(contents, encoder=encoder, cache=cache)
    turns = [pipeline.split_turns(row["msg"]) for row in conversations]
    evidence = pipeline.gather(turns, sparse=Bm25sRetriever(doc_terms, k1=1.2, b=0.75), dense=dense,
                               candidates=CANDIDATES)
    return Collection(evidence, dense, [d["docid"] for d in documents],
                      [judged[row["eval_id"]] for row in conversations],
                      [f"{earlier} {last}".strip() for last, earlier in turns], ChitchatDetector(doc_terms))


def average_precision(topk: list[str], relevant: frozenset[str]) -> float:
    """The organizers' AP@3 for a question that has relevant documents (divided by hits, not by |relevant|)."""
    hits, total = 0, 0.0
    for rank, docid in enumerate(topk[:TOP_K], 1):
        if docid in relevant:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def retrieval_score(collections: list[Collection], last_turn: float, low: float, high: float) -> float:
    """Mean AP@3 over the science questions of every collection."""
    weights = pipeline.Weights(last_turn, low, high, 0.0, 0.0, 0.0)
    scores = []
    for c in collections:
        for ranking, relevant in zip(c.rank(weights)["hybrid"], c.relevant):
            if relevant:
                scores.append(average_precision([c.docids[d] for d, _ in ranking], relevant))
    return float(np.mean(scores))


@dataclass
class DetectorInputs:
    """Per question of all collections: what the detector sees and what answering it would score."""

    coverage: np.ndarray
    similarity: np.ndarray
    cue: np.ndarray
    answered: np.ndarray  # AP@3 of the documents returned (0 for small talk)
    silent: np.ndarray  # the score of returning nothing (1 for small talk, else 0)


def detector_inputs(collections: list[Collection], weights: pipeline.Weights, *, final: str) -> DetectorInputs:
    """``final``: the ranking whose top documents are returned (``hybrid``, or ``sparse`` for a BM25-only run,
    whose detector then has no dense similarity)."""
    rows = []
    for c in collections:
        rankings = c.rank(weights)
        if final == "sparse":
            rankings["dense"] = [[] for _ in rankings["sparse"]]
        for i, ranking in enumerate(rankings[final]):
            words, top = c.evidence.morphemes[i], [d for d, _ in ranking[:TOP_K]]
            rows.append((c.detector.coverage(words, top), rankings["dense"][i][0][1] if rankings["dense"][i] else 0,
                         has_small_talk_cue(c.texts[i], words),
                         average_precision([c.docids[d] for d in top], c.relevant[i]) if c.relevant[i] else 0.0,
                         0.0 if c.relevant[i] else 1.0))
    return DetectorInputs(*(np.array(column, dtype=float) for column in zip(*rows)))


def detector_score(inputs: DetectorInputs, dense_weight: float, threshold: float, cue_threshold: float) -> float:
    evidence = inputs.coverage + dense_weight * inputs.similarity
    chitchat = evidence < np.where(inputs.cue > 0, cue_threshold, threshold)
    return float(np.where(chitchat, inputs.silent, inputs.answered).mean())


def choose(collections: list[Collection]) -> tuple[dict, dict]:
    """The best weights (first in grid order on ties), the detector's bars for a BM25-only run, and the
    validation MAP@3 of each stage."""
    grid = [(w, low, high) for w, low, high in itertools.product(LAST_TURN, SPARSE_LOW, SPARSE_HIGH) if low <= high]
    retrieval = {point: retrieval_score(collections, *point) for point in grid}
    last_turn, low, high = max(retrieval, key=retrieval.get)
    fixed = pipeline.Weights(last_turn, low, high, 0.0, 0.0, 0.0)
    (dense_weight, threshold, cue_threshold), score = best_detector(detector_inputs(collections, fixed,
                                                                                    final="hybrid"), DENSE_WEIGHT)
    (_, sparse_threshold, sparse_cue), sparse_score = best_detector(detector_inputs(collections, fixed,
                                                                                    final="sparse"), (0.0,))
    tuned = asdict(pipeline.Weights(last_turn, low, high, dense_weight, threshold, cue_threshold))
    tuned["sparse_only"] = {"chitchat_threshold": sparse_threshold, "chitchat_cue_threshold": sparse_cue}
    return tuned, {"science_map_at_3": round(retrieval[(last_turn, low, high)], 4), "map_at_3": score,
                   "sparse_only_map_at_3": sparse_score, "collections": len(collections)}


def best_detector(inputs: DetectorInputs, dense_weights) -> tuple[tuple[float, float, float], float]:
    grid = [(d, t, round(t + m, 2)) for d, t, m in itertools.product(dense_weights, THRESHOLD, CUE_MARGIN)]
    scores = [detector_score(inputs, *point) for point in grid]
    best = int(np.argmax(scores))
    return grid[best], round(scores[best], 4)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m baselines.ir tune", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2],
                        help="demo-data seeds of the validation collections (never 0, the competition's)")
    parser.add_argument("--sizes", choices=("small", "full"), nargs="+", default=["small", "full"],
                        help="one collection per seed and size: small (300 documents) is the hosted demo's size, "
                             "full (4,272) the bootcamp's")
    parser.add_argument("--out", type=Path, default=TUNED_FILE, help="where the chosen weights are written")
    parser.add_argument("--cache-dir", default="", help="embedding cache folder (default: none)")
    args = parser.parse_args(argv)
    encoder, cache = build_encoder(PACKAGED_MODEL), EmbeddingCache(args.cache_dir or None)
    with tempfile.TemporaryDirectory() as tmp:
        collections = [load_collection(generate("ir", out=Path(tmp) / f"{size}-{seed}", seed=seed, size=size),
                                       encoder=encoder, cache=cache)
                       for size, seed in itertools.product(args.sizes, args.seeds)]
    tuned, validation = choose(collections)
    text = (f"# Written by `python -m baselines.ir tune --seeds {' '.join(map(str, args.seeds))} --sizes "
            f"{' '.join(args.sizes)}`: chosen on those demo collections, not the competition's (seed 0).\n"
            f"# Validation MAP@3: {validation}\n" + yaml.safe_dump(tuned, sort_keys=False))
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return tuned
