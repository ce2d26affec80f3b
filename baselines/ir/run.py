"""``python -m baselines.ir run``: BM25 + multilingual dense retrieval over each conversation's user turns (the
last one weighted most), fused; small talk answered with no document; writes ``submission.csv`` (JSON Lines, as
the bootcamp's) and ``metrics.json``. The weights' defaults were chosen by ``python -m baselines.ir tune``."""

import json
import os
import sys
import time
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass
from pathlib import Path

from baselines.common import (maybe_submit, parse_config, pick_device, prepare_output, read_jsonl, require_files,
                              seed_everything, write_metrics)
from baselines.trivial import data_folder, last_user_turn
from scoring.metrics.map_at_k import map_at_k

from . import pipeline
from .chitchat import ChitchatDetector
from .config import IrConfig, tuned_bars
from .dense import PACKAGED_MODEL, DenseRetriever, EmbeddingCache, build_encoder
from .llm import LlmClient, LlmError, client_from_env
from .queries import standalone_query
from .sparse import Bm25sRetriever, Ranking, elasticsearch_retriever, kiwi_terms

SLUG = "science-retrieval"
LAYOUT = ("documents.jsonl ({docid, src, content} per line), eval.jsonl ({eval_id, msg: [{role, content}, ...]} "
          "per line): the bootcamp's folder as distributed, or a bundle with these under data/")


@dataclass
class Question:
    eval_id: int
    messages: list[dict]
    query: str  # the standalone query the retrievers get
    chitchat: bool | None = None  # the LLM's verdict; None: the detector decides after retrieval
    answer: str = ""


def main(argv=None) -> dict:
    config = parse_config(IrConfig, argv, prog="python -m baselines.ir run", description=__doc__,
                          layout=LAYOUT)
    out = prepare_output(config)
    seed_everything(config.seed)
    started = time.perf_counter()

    documents, questions, llm_failures = load_questions(config)
    contents = [d["content"] for d in documents]
    doc_terms = kiwi_terms(contents)
    cache = EmbeddingCache(config.cache_dir or None)
    weights = weights_of(config)
    with ExitStack() as stack:
        sparse, dense, backends = open_retrievers(config, contents, doc_terms, cache, stack)
        evidence = pipeline.gather([turns_of(q) for q in questions], sparse=sparse, dense=dense,
                                   candidates=config.candidates)
    detector = ChitchatDetector(doc_terms)
    rankings = pipeline.rank(evidence, weights, dense=dense, detector=detector, fusion=config.fusion,
                             rrf_k=config.rrf_k, candidates=config.candidates)
    final = rankings[config.retriever]
    chitchat = decide_chitchat(config, questions, evidence, rankings, detector, weights)

    submission = out / "submission.csv"
    write_submission(submission, questions, final, chitchat, documents, top_k=config.top_k)
    metrics = {"questions": len(questions), "retriever": config.retriever, **backends,
               "rewritten_queries": sum(q.query != last_user_turn(q.messages) for q in questions),
               "chitchat_detected": sum(chitchat), "llm_failures": llm_failures,
               "embedding_cache": {"hits": cache.hits, "misses": cache.misses}}
    if config.qrels:
        metrics |= evaluate(read_qrels(config.qrels), questions, rankings, chitchat, documents, top_k=config.top_k)
    metrics["run_seconds"] = round(time.perf_counter() - started, 1)
    write_metrics(out, metrics)
    print(json.dumps(metrics, indent=2, ensure_ascii=False))
    print(f"Wrote {submission}")
    maybe_submit(config, submission, default_competition=SLUG,
                 default_description=f"baselines.ir: {config.retriever} ({config.fusion}) retrieval")
    return metrics


def read_qrels(path: Path) -> dict[int, frozenset[str]]:
    """``eval_id`` -> relevant docids; other keys (the demo solution's ``Usage``) are ignored."""
    return {int(row["eval_id"]): frozenset(row["relevant"]) for row in read_jsonl(path)}


def load_questions(config: IrConfig) -> tuple[list[dict], list[Question], int]:
    """The documents, a standalone query per conversation and how many LLM requests fell back."""
    folder = data_folder(config.data_dir)
    require_files(folder, ("documents.jsonl", "eval.jsonl"), layout=LAYOUT)
    documents = read_jsonl(folder / "documents.jsonl")
    llm, status = client_from_env(config.llm_model, timeout=config.llm_timeout)
    print(status)
    questions, failures = [], 0
    for row in read_jsonl(folder / "eval.jsonl"):
        query = standalone_query(row["msg"], min_terms=config.rewrite_min_terms)
        questions.append(Question(row["eval_id"], row["msg"], query))
        if llm is not None and not ask_llm(llm, questions[-1]):
            failures += 1
    return documents, questions, failures


def ask_llm(llm: LlmClient, question: Question) -> bool:
    """Takes the LLM's query and verdict; False (the deterministic ones kept) when it failed."""
    try:
        understood = llm.understand(question.messages)
    except LlmError as error:
        print(f"eval_id {question.eval_id}: LLM failed, deterministic path used ({error})", file=sys.stderr)
        return False
    question.query, question.chitchat, question.answer = (understood.standalone_query, understood.chitchat,
                                                          understood.answer)
    return True


def weights_of(config: IrConfig) -> pipeline.Weights:
    threshold, cue_threshold = tuned_bars(config.retriever)
    return pipeline.Weights(
        last_turn=config.last_turn_weight, sparse_low=config.sparse_weight, sparse_high=config.sparse_weight_covered,
        chitchat_dense=config.chitchat_dense_weight,
        chitchat_threshold=threshold if config.chitchat_threshold is None else config.chitchat_threshold,
        chitchat_cue_threshold=cue_threshold if config.chitchat_cue_threshold is None else config.chitchat_cue_threshold)


def turns_of(question: Question) -> tuple[str, str]:
    """The LLM's standalone query stands alone; otherwise the conversation's last and earlier user turns."""
    if question.chitchat is not None:
        return question.query, ""
    return pipeline.split_turns(question.messages)


def open_retrievers(config: IrConfig, contents: list[str], doc_terms: list[list[str]], cache: EmbeddingCache,
                    stack: ExitStack):
    """``(sparse, dense, backends)``: the retrievers the config asks for (``None`` for one it does not) and
    which backend and model each is."""
    sparse = dense = None
    backends = {}
    if config.retriever in ("sparse", "hybrid"):
        sparse = stack.enter_context(_sparse(config, contents, doc_terms))
        backends["sparse_backend"] = sparse.name
    if config.retriever in ("dense", "hybrid"):
        encoder = build_encoder(config.dense_model, device=pick_device(config.device)
                                if config.dense_model != PACKAGED_MODEL else "cpu",
                                batch_size=config.batch_size, threads=config.threads)
        dense = DenseRetriever(contents, encoder=encoder, cache=cache, query_prefix=config.dense_query_prefix,
                               document_prefix=config.dense_document_prefix)
        backends["dense_model"] = dense.name
    return sparse, dense, backends


def _sparse(config: IrConfig, contents: list[str], doc_terms: list[list[str]]):
    """Elasticsearch when ``ELASTICSEARCH_URL`` is set (a context manager that deletes its index), else bm25s."""
    if url := os.environ.get("ELASTICSEARCH_URL", "").strip():
        return elasticsearch_retriever(url, contents, doc_terms, analyzer=config.es_analyzer, k1=config.bm25_k1,
                                       b=config.bm25_b)
    return nullcontext(Bm25sRetriever(doc_terms, k1=config.bm25_k1, b=config.bm25_b))


def decide_chitchat(config: IrConfig, questions: list[Question], evidence: pipeline.Evidence,
                    rankings: dict[str, list[Ranking]], detector: ChitchatDetector,
                    weights: pipeline.Weights) -> list[bool]:
    """The LLM's verdict where it gave one, else the detector's on the conversation and its top documents."""
    if not config.chitchat:
        return [False] * len(questions)
    texts = [" ".join(pipeline.split_turns(q.messages)[::-1]).strip() for q in questions]
    found = pipeline.small_talk(evidence, rankings, texts, weights, detector=detector, final=config.retriever,
                                top_k=config.top_k)
    return [q.chitchat if q.chitchat is not None else verdict for q, verdict in zip(questions, found)]


def write_submission(path: Path, questions: list[Question], rankings: list[Ranking], chitchat: list[bool],
                     documents: list[dict], *, top_k: int) -> None:
    """JSON Lines in eval.jsonl's order, in a file named .csv as the bootcamp's; small talk gets no document."""
    lines = []
    for question, ranking, chat in zip(questions, rankings, chitchat):
        hits = [] if chat else ranking[:top_k]
        lines.append(json.dumps({
            "eval_id": question.eval_id, "standalone_query": question.query,
            "topk": [documents[doc]["docid"] for doc, _ in hits], "answer": question.answer,
            "references": [{"score": round(score, 4), "content": documents[doc]["content"]} for doc, score in hits],
        }, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def evaluate(qrels: dict[int, frozenset[str]], questions: list[Question], rankings: dict[str, list[Ranking]],
             chitchat: list[bool], documents: list[dict], *, top_k: int) -> dict:
    """MAP@3 on the judged questions for each retriever (small talk answered as decided), and how the chit-chat
    decisions compare with the judgments (no relevant document = small talk)."""
    judged = [i for i, q in enumerate(questions) if q.eval_id in qrels]
    relevant = [qrels[questions[i].eval_id] for i in judged]
    scores = {}
    for name, ranking in rankings.items():
        topk = [[] if chitchat[i] else [documents[doc]["docid"] for doc, _ in ranking[i][:top_k]] for i in judged]
        scores[name] = round(map_at_k(relevant=relevant, topk=topk, k=top_k).score, 4)
    said, truth = [chitchat[i] for i in judged], [not r for r in relevant]
    return {"judged_questions": len(judged), "map_at_3": scores,
            "chitchat_judged": {"true_positive": sum(s and t for s, t in zip(said, truth)),
                                "false_positive": sum(s and not t for s, t in zip(said, truth)),
                                "false_negative": sum(t and not s for s, t in zip(said, truth))}}
