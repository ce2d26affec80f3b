"""Benchmark Podium's scoring against the straightforward reference stack, in the same process.

Run from the repository root::

    python -m benchmarks.scoring [--quick]

For each metric at the bootcamp's size and larger, it times parse + score of `scoring.engine.score_submission`
(solution loaded once through the cache, as a worker does) against the reference stack: pandas.read_csv +
sklearn ``f1_score``; pandas + rouge-score's RougeScorer calling a Kiwi tokenizer object per pair; the
organizers' MAP loop over ``json.loads`` lines. Both score the same public and private rows. Times are the
best of several runs; peak memory is measured by tracemalloc in a separate run (Python and numpy
allocations, not Kiwi's C++ heap). Data are synthetic, from fixed seeds. ``--quick`` runs bootcamp sizes only.
"""

import argparse
import csv
import io
import json
import os
import platform
import random
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rouge_score.rouge_scorer import RougeScorer
from sklearn.metrics import f1_score

from scoring.cache import get_solution
from scoring.engine import score_submission
from scoring.tokenizers import get_tokenizer

ROUGE_TYPES = ["rouge1", "rouge2", "rougeL"]
TOLERANCE = 1e-9
KOREAN_NOUNS = (
    "학생 선생님 회사 사무실 집 병원 의사 친구 어머니 아버지 여행 비행기 기차 음식 식당 커피 영화 음악 책 도서관 "
    "날씨 주말 토요일 내일 오늘 돈 은행 계좌 카드 전화 이메일 회의 보고서 계획 문제 해결 도움 약속 시간 면접 "
    "직장 가족 아이 선물 생일 파티 쇼핑 옷 가격 예약 호텔 방 열쇠 버스 택시 공항 여권 수업 시험 숙제"
).split()
PARTICLES = "은 는 이 가 을 를 에게 에서 와 과 의 로 도".split()
PREDICATES = (
    "이야기합니다 설명합니다 제안합니다 동의합니다 거절합니다 추천합니다 예약합니다 걱정합니다 도와주겠다고 "
    "약속합니다 묻습니다 확인합니다 결정했습니다 만나기로 했습니다 원합니다 불평합니다 감사합니다"
).split()
SPEAKERS = ("#Person1#", "#Person2#")


@dataclass
class Case:
    metric: str
    size: str
    solution: bytes
    submission: bytes
    params: dict
    make_reference: Callable[[np.ndarray], Callable[[], dict]]
    repeats: int = 5
    texts: list[str] = field(default_factory=list)  # predicted summaries, to time Kiwi alone


@dataclass
class Row:
    case: Case
    load_ms: float
    podium_ms: float
    reference_ms: float
    podium_peak: int
    reference_peak: int
    agrees: bool


# --- Synthetic data -----------------------------------------------------------------------------------------


def f1_case(*, n: int, shuffled: bool = False) -> Case:
    """Bootcamp CV shape: 16-hex ids, 17 imbalanced classes, a 93%-accurate submission in sample order."""
    rng = np.random.default_rng(n)
    ids = [f"{value:016x}.jpg" for value in (rng.integers(0, 2**39, n) << 24) | np.arange(n)]
    weights = np.array([100.0] * 17)
    weights[[1, 13, 14]] = [46, 74, 50]
    y_true = rng.choice(17, size=n, p=weights / weights.sum())
    y_pred = np.where(rng.random(n) < 0.93, y_true, rng.integers(0, 17, n))
    order = rng.permutation(n) if shuffled else np.arange(n)
    solution = "ID,target\n" + "".join(f"{i},{t}\n" for i, t in zip(ids, y_true))
    submission = "ID,target\n" + "".join(f"{ids[i]},{y_pred[i]}\n" for i in order)
    size = f"{n:,} rows" + (", shuffled" if shuffled else "")
    params = {"labels": list(range(17))}
    return Case("macro_f1", size, solution.encode(), submission.encode(), params, _f1_reference(solution, submission))


def korean_summary(rng: random.Random) -> str:
    """A summary of 15-40 words in the bootcamp's style (speaker tags, noun+particle words, a predicate)."""
    n_words = rng.randint(15, 40)
    words = [rng.choice(SPEAKERS) + rng.choice(("은", "는", "이", "가"))]
    words += [rng.choice(KOREAN_NOUNS) + rng.choice(PARTICLES) for _ in range(n_words - 2)]
    return " ".join([*words, rng.choice(PREDICATES)]) + "."


def paraphrase(rng: random.Random, summary: str) -> str:
    """A prediction like the references: most words kept, some replaced or dropped."""
    words = [w if rng.random() < 0.6 else rng.choice(KOREAN_NOUNS) + rng.choice(PARTICLES) for w in summary.split()]
    return " ".join(w for w in words if rng.random() < 0.9) or summary


def rouge_case(*, n: int) -> Case:
    """Bootcamp NLP shape: 3 references per dialogue, first half public, ``,fname,summary`` submissions."""
    rng = random.Random(n)
    references = [[korean_summary(rng) for _ in range(3)] for _ in range(n)]
    solution = _csv(
        ["fname", "summary1", "summary2", "summary3", "Usage"],
        ([f"test_{i}", *refs, "Public" if i < (n + 1) // 2 else "Private"] for i, refs in enumerate(references)),
    )
    texts = [paraphrase(rng, refs[0]) for refs in references]
    submission = _csv(["", "fname", "summary"], ([i, f"test_{i}", text] for i, text in enumerate(texts)))
    reference = _rouge_reference(solution, submission)
    repeats = 5 if n < 1000 else 2
    return Case("rouge", f"{n:,} x 3 refs", solution, submission, {}, reference, repeats=repeats, texts=texts)


def map_case(*, n: int) -> Case:
    """Bootcamp IR shape: 4,272 documents, ~9% chit-chat, JSONL lines with query, topk and answer."""
    rng = random.Random(n)
    docs = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(4272)]
    relevant = [[] if rng.random() < 0.09 else rng.sample(docs, rng.choice((1, 1, 1, 2, 3))) for _ in range(n)]
    usage = ["Public" if rng.random() < 0.5 else "Private" for _ in range(n)]
    solution = "".join(
        json.dumps({"eval_id": i, "relevant": r, "Usage": u}) + "\n" for i, (r, u) in enumerate(zip(relevant, usage))
    )
    submission = "".join(_map_line(rng, i, r, docs) + "\n" for i, r in enumerate(relevant))
    reference = _map_reference(solution, submission)
    return Case("map_at_k", f"{n:,} queries", solution.encode(), submission.encode(), {}, reference)


def _map_line(rng: random.Random, eval_id: int, relevant: list[str], docs: list[str]) -> str:
    if not relevant:
        topk = [] if rng.random() < 0.7 else rng.sample(docs, 3)
    else:
        topk = rng.sample(docs, 3)
        if rng.random() < 0.8:
            topk[rng.choice((0, 0, 0, 1, 2))] = relevant[0]
    line = {
        "eval_id": eval_id,
        "standalone_query": "평형 분극비가 무엇이고 실험에서 어떻게 측정하나요?",
        "topk": topk,
        "answer": "평형 분극비는 두 상태 사이의 분포를 나타내는 값으로, 주어진 온도에서의 평형 상태를 설명합니다.",
    }
    return json.dumps(line, ensure_ascii=False)


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


# --- Reference stacks ---------------------------------------------------------------------------------------


def _f1_reference(solution: str, submission: str) -> Callable[[np.ndarray], Callable[[], dict]]:
    def make(is_public: np.ndarray) -> Callable[[], dict]:
        truth = pd.read_csv(io.StringIO(solution))
        data = submission.encode()

        def run() -> dict:
            predicted = pd.read_csv(io.BytesIO(data))
            merged = truth.merge(predicted, on="ID", how="left", suffixes=("_true", "_pred"))
            return {
                split: f1_score(
                    merged["target_true"][mask],
                    merged["target_pred"][mask],
                    average="macro",
                    labels=list(range(17)),
                    zero_division=0,
                )
                for split, mask in (("public", is_public), ("private", ~is_public))
            }

        return run

    return make


def _rouge_reference(solution: bytes, submission: bytes) -> Callable[[np.ndarray], Callable[[], dict]]:
    def make(is_public: np.ndarray) -> Callable[[], dict]:
        truth = pd.read_csv(io.BytesIO(solution))
        scorer = RougeScorer(ROUGE_TYPES, tokenizer=get_tokenizer("kiwi"))  # its .tokenize is called per text

        def run() -> dict:
            predicted = pd.read_csv(io.BytesIO(submission))
            merged = truth.merge(predicted[["fname", "summary"]], on="fname", how="left")
            per_row = []
            for refs, prediction in zip(
                merged[["summary1", "summary2", "summary3"]].itertuples(index=False), merged["summary"]
            ):
                scores = [scorer.score(ref, prediction) for ref in refs]
                per_row.append([sum(s[t].fmeasure for s in scores) / len(scores) for t in ROUGE_TYPES])
            per_row = np.array(per_row)
            return {
                split: dict(zip(ROUGE_TYPES, per_row[mask].mean(axis=0)))
                for split, mask in (("public", is_public), ("private", ~is_public))
            }

        return run

    return make


def organizers_map(gt: dict, pred: list[dict]) -> float:
    """The organizers' MAP@3 loop, transcribed as published (also the golden tests' reference)."""
    sum_average_precision = 0
    for j in pred:
        if gt[j["eval_id"]]:
            hit_count = 0
            sum_precision = 0
            for i, docid in enumerate(j["topk"][:3]):
                if docid in gt[j["eval_id"]]:
                    hit_count += 1
                    sum_precision += hit_count / (i + 1)
            average_precision = sum_precision / hit_count if hit_count > 0 else 0
        else:
            average_precision = 0 if j["topk"] else 1
        sum_average_precision += average_precision
    return sum_average_precision / len(pred)


def _map_reference(solution: str, submission: str) -> Callable[[np.ndarray], Callable[[], dict]]:
    def make(is_public: np.ndarray) -> Callable[[], dict]:
        records = [json.loads(line) for line in solution.splitlines()]
        gt = {r["eval_id"]: r["relevant"] for r in records}
        public = {r["eval_id"] for r, flag in zip(records, is_public) if flag}
        data = submission.encode()

        def run() -> dict:
            pred = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
            return {
                "public": organizers_map(gt, [p for p in pred if p["eval_id"] in public]),
                "private": organizers_map(gt, [p for p in pred if p["eval_id"] not in public]),
            }

        return run

    return make


# --- Measuring ----------------------------------------------------------------------------------------------


def best_of(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


def peak_memory(function: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def agrees(podium: dict, reference: dict) -> bool:
    """Same splits, and every number within TOLERANCE (ROUGE parts as fractions)."""
    if set(podium) != set(reference):
        return False
    for split, numbers in reference.items():
        got = podium[split].parts if isinstance(numbers, dict) else {"score": podium[split].score}
        expected = numbers if isinstance(numbers, dict) else {"score": numbers}
        if any(abs(got[name] - value) > TOLERANCE for name, value in expected.items()):
            return False
    return True


def run_case(case: Case) -> Row:
    started = time.perf_counter()
    solution = get_solution(data=case.solution, metric_key=case.metric, params=case.params, public_fraction=0.5, seed=0)
    load_ms = (time.perf_counter() - started) * 1000

    def podium() -> dict:
        return score_submission(
            solution=solution,
            data=case.submission,
            filename="submission.csv",
            metric_key=case.metric,
            params=case.params,
        )

    reference = case.make_reference(solution.is_public)
    podium_ms, podium_result = best_of(podium, case.repeats)
    reference_ms, reference_result = best_of(reference, 1)
    if reference_ms < 3000:
        reference_ms = min(reference_ms, best_of(reference, case.repeats - 1)[0])
    return Row(
        case,
        load_ms,
        podium_ms,
        reference_ms,
        peak_memory(podium),
        peak_memory(reference),
        agrees(podium_result, reference_result),
    )


def build_cases(*, quick: bool) -> list[Case]:
    if quick:
        return [f1_case(n=3140), rouge_case(n=499), map_case(n=220), map_case(n=100_000)]
    return [
        f1_case(n=3140),
        f1_case(n=314_000),
        f1_case(n=314_000, shuffled=True),
        rouge_case(n=499),
        rouge_case(n=4990),
        map_case(n=220),
        map_case(n=22_000),
        map_case(n=100_000),
    ]


def print_table(rows: list[Row]) -> None:
    header = ("metric", "size", "load ms", "podium ms", "reference ms", "ratio", "podium peak", "ref peak", "agree")
    lines = [header] + [
        (
            row.case.metric,
            row.case.size,
            f"{row.load_ms:,.0f}",
            f"{row.podium_ms:,.1f}",
            f"{row.reference_ms:,.1f}",
            f"{row.reference_ms / row.podium_ms:,.1f}x",
            _mib(row.podium_peak),
            _mib(row.reference_peak),
            "yes" if row.agrees else "NO",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for i, line in enumerate(lines):
        cells = [cell.ljust(width) if j < 2 else cell.rjust(width) for j, (cell, width) in enumerate(zip(line, widths))]
        print("  ".join(cells))
        if i == 0:
            print("  ".join("-" * width for width in widths))


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.1f} MiB"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="bootcamp sizes only (and MAP at 100,000 queries)")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU cores, numpy {np.__version__}, {_load()}")
    print("load ms: solution parse (+ Kiwi tokenization of references for ROUGE), once per worker via the cache.")
    if not args.quick:
        print("ROUGE runs at 10x (4,990 dialogues), not 100x: the reference stack alone would take ~10 min at 100x.")
    print()
    cases = build_cases(quick=args.quick)
    print_table([run_case(case) for case in cases])
    print()
    for case in cases:
        if case.texts:
            print(kiwi_note(case))
    print(f"At the end: {_load()}.")


def _load() -> str:
    """Other processes on the machine slow Kiwi's threads most; the load average says how busy it was."""
    return "load average " + " / ".join(f"{value:.2f}" for value in os.getloadavg())


def kiwi_note(case: Case) -> str:
    """How much of Podium's ROUGE time is Kiwi tokenizing the predictions (bounded by the CPU cores)."""
    tokenizer = get_tokenizer("kiwi")
    kiwi_ms = best_of(lambda: tokenizer.tokenize_many(case.texts), case.repeats)[0]
    mean_chars = sum(map(len, case.texts)) / len(case.texts)
    return (
        f"rouge {case.size}: Kiwi alone takes {kiwi_ms:,.0f} ms for the predictions ({mean_chars:.0f} characters each)."
    )


if __name__ == "__main__":
    main()
