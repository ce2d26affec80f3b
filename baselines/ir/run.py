"""``python -m baselines.ir run``: a standalone query per conversation, BM25 + dense retrieval fused, small talk
answered with no document; writes ``submission.csv`` (JSON Lines, as the bootcamp's) and ``metrics.json``."""

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

from .chitchat import ChitchatDetector
from .config import IrConfig
from .dense import DenseRetriever
from .fusion import fuse
from .llm import LlmClient, LlmError, client_from_env
from .queries import analyze, standalone_query
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
    rankings, backends = retrieve(config, contents, doc_terms, [q.query for q in questions])
    final = rankings[config.retriever]
    chitchat = decide_chitchat(config, questions, doc_terms, final)

    submission = out / "submission.csv"
    write_submission(submission, questions, final, chitchat, documents, top_k=config.top_k)
    metrics = {"questions": len(questions), "retriever": config.retriever, **backends,
               "rewritten_queries": sum(q.query != last_user_turn(q.messages) for q in questions),
               "chitchat_detected": sum(chitchat), "llm_failures": llm_failures}
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


def retrieve(config: IrConfig, contents: list[str], doc_terms: list[list[str]],
             queries: list[str]) -> tuple[dict[str, list[Ranking]], dict[str, str]]:
    """Each retriever's candidates per query (``sparse``, ``dense``, and ``hybrid`` fused from them) and which
    backend and model ran."""
    rankings, backends = {}, {}
    with ExitStack() as stack:
        if config.retriever in ("sparse", "hybrid"):
            sparse = stack.enter_context(_sparse(config, contents, doc_terms))
            rankings["sparse"], backends["sparse_backend"] = sparse.search(queries, config.candidates), sparse.name
        if config.retriever in ("dense", "hybrid"):
            dense = DenseRetriever(contents, model=config.dense_model, device=pick_device(config.device),
                                   batch_size=config.batch_size, query_prefix=config.dense_query_prefix,
                                   document_prefix=config.dense_document_prefix)
            rankings["dense"], backends["dense_model"] = dense.search(queries, config.candidates), dense.name
    if config.retriever == "hybrid":
        rankings["hybrid"] = [fuse(s, d, method=config.fusion, rrf_k=config.rrf_k, sparse_weight=config.sparse_weight)
                              for s, d in zip(rankings["sparse"], rankings["dense"])]
    return rankings, backends


def _sparse(config: IrConfig, contents: list[str], doc_terms: list[list[str]]):
    """Elasticsearch when ``ELASTICSEARCH_URL`` is set (a context manager that deletes its index), else bm25s."""
    if url := os.environ.get("ELASTICSEARCH_URL", "").strip():
        return elasticsearch_retriever(url, contents, doc_terms, analyzer=config.es_analyzer, k1=config.bm25_k1,
                                       b=config.bm25_b)
    return nullcontext(Bm25sRetriever(doc_terms, k1=config.bm25_k1, b=config.bm25_b))


def decide_chitchat(config: IrConfig, questions: list[Question], doc_terms: list[list[str]],
                    rankings: list[Ranking]) -> list[bool]:
    """The LLM's verdict where it gave one, else the detector's on the query and its top documents."""
    if not config.chitchat:
        return [False] * len(questions)
    detector = ChitchatDetector(doc_terms, threshold=config.chitchat_threshold,
                                cue_threshold=config.chitchat_cue_threshold)
    morphemes = analyze([q.query for q in questions])
    return [q.chitchat if q.chitchat is not None else
            detector.is_chitchat(q.query, words, [doc for doc, _ in ranking[:config.top_k]])
            for q, words, ranking in zip(questions, morphemes, rankings)]


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
