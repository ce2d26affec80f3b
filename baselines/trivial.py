"""Trivial baselines: the floor of each leaderboard, computed from the competition's own files.

    python -m baselines.trivial cv  DATA_DIR --out submission.csv   # all zeros (the sample submission)
    python -m baselines.trivial nlp DATA_DIR --out submission.csv   # the first N turns as the summary
    python -m baselines.trivial ir  DATA_DIR --out submission.csv   # BM25 over Kiwi morphemes, last user turn

``DATA_DIR`` is a bootcamp folder as distributed (or a generated bundle, whose ``data/`` is then used). Each
writes a file in the competition's submission format. ``make run`` seeds them as marked, unranked baseline rows;
the trainers in ``baselines/{cv,nlp,ir}`` have to beat them by a clear margin.
"""

import argparse
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

from baselines.common import csv_bytes, read_csv, read_jsonl

LEAD_TURNS = 2
TOP_K = 3
TURN_START = re.compile(r"\s*(?=#Person\d+#\s*:)")
SPEAKER = re.compile(r"^#Person\d+#\s*:\s*")


def data_folder(path: Path) -> Path:
    """The bootcamp files' folder: ``path`` itself, or its ``data/`` when ``path`` is a bundle."""
    path = Path(path)
    return path / "data" if (path / "competition.yaml").is_file() and (path / "data").is_dir() else path


def cv_all_zeros(data_dir: Path) -> bytes:
    """Class 0 for every test image, in the sample submission's order: ``ID,target``."""
    rows = read_csv(data_folder(data_dir) / "sample_submission.csv")
    return csv_bytes(["ID", "target"], [(row["ID"], 0) for row in rows])


def split_turns(dialogue: str) -> list[str]:
    """``#PersonN#: ...`` turns, whether the dialogue has one turn per line or no line breaks at all."""
    return [turn.strip() for turn in TURN_START.split(dialogue.strip()) if turn.strip()]


def lead_summary(dialogue: str, *, turns: int = LEAD_TURNS, speakers: bool = True) -> str:
    """The first ``turns`` turns, personal-data masks kept; ``speakers=False`` drops each turn's leading
    ``#PersonN#:`` as the organizers' lead baselines did."""
    lead = split_turns(dialogue)[:turns]
    if not speakers:
        lead = [SPEAKER.sub("", turn) for turn in lead]
    return " ".join(lead) or dialogue.strip()


def nlp_lead_turns(data_dir: Path, *, turns: int = LEAD_TURNS) -> bytes:
    """``,fname,summary`` (the sample submission's index column) with the first turns of each test dialogue."""
    rows = read_csv(data_folder(data_dir) / "test.csv")
    summaries = [lead_summary(row["dialogue"], turns=turns) for row in rows]
    return csv_bytes(["", "fname", "summary"],
                      [(index, row["fname"], summary) for index, (row, summary) in enumerate(zip(rows, summaries))])


def last_user_turn(messages: list[dict]) -> str:
    return next((m["content"] for m in reversed(messages) if m.get("role") == "user"), messages[-1]["content"])


def ir_bm25(data_dir: Path, *, k: int = TOP_K, tokenizer: str = "kiwi") -> bytes:
    """BM25 (bm25s) over Kiwi morphemes; the query is the last user turn as is, never rewritten, and the top
    ``k`` documents are always returned (chit-chat included, which such a baseline cannot recognise).
    JSON Lines: ``{"eval_id", "standalone_query", "topk", "answer", "references"}``.
    """
    import bm25s  # noqa: PLC0415 -- only this baseline needs it

    from scoring.tokenizers import get_tokenizer  # noqa: PLC0415

    folder = data_folder(data_dir)
    documents = read_jsonl(folder / "documents.jsonl")
    queries = read_jsonl(folder / "eval.jsonl")
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
    tokenize = get_tokenizer(tokenizer).tokenize_many
    retriever = bm25s.BM25()
    retriever.index(terms(tokenize([d["content"] for d in documents])), show_progress=False)
    texts = [last_user_turn(q["msg"]) for q in queries]
    found, scores = retriever.retrieve(terms(tokenize(texts)), k=min(k, len(documents)), show_progress=False)
    lines = []
    for query, text, ranks, values in zip(queries, texts, found.tolist(), scores.tolist()):
        hits = [documents[rank] for rank in ranks]
        lines.append(json.dumps({
            "eval_id": query["eval_id"], "standalone_query": text, "topk": [d["docid"] for d in hits], "answer": "",
            "references": [{"score": round(v, 4), "content": d["content"]} for d, v in zip(hits, values)],
        }, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def terms(token_lists: list[list[str]]) -> list[list[str]]:
    """Lower-cased morphemes without punctuation; a query left with none keeps a placeholder term."""
    kept = [[t.lower() for t in tokens if any(c.isalnum() for c in t)] for tokens in token_lists]
    return [t or ["\u2205"] for t in kept]


TRIVIAL: dict[str, tuple[str, Callable[[Path], bytes]]] = {
    "cv": ("all_zeros.csv", cv_all_zeros),
    "nlp": ("lead_turns.csv", nlp_lead_turns),
    "ir": ("bm25_submission.csv", ir_bm25),
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m baselines.trivial", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=TRIVIAL)
    parser.add_argument("data_dir", type=Path, help="the competition's data folder (or a generated bundle)")
    parser.add_argument("--out", type=Path, help="submission file to write (default: the baseline's name)")
    args = parser.parse_args(argv)
    name, build = TRIVIAL[args.kind]
    out = args.out or Path(name)
    out.write_bytes(build(args.data_dir))
    print(f"Wrote {out}")


if __name__ == "__main__":
    main()
