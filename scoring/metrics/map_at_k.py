"""MAP@k exactly as the bootcamp's IR organizers defined it (not the textbook one).

Per submitted line, AP is the sum of precision at each hit within ``topk[:k]`` divided by the number of
hits (not by the number of relevant documents), or 0 without hits; a query with no relevant document
(chit-chat) scores 1 when ``topk`` is empty and 0 otherwise. The score is the mean over lines.

Solution file: JSON Lines, one per query::

    {"eval_id": 78, "relevant": ["c63b9e3a-..."], "Usage": "Public"}

``relevant`` may be empty; ``Usage`` is optional, but on every line when on one.

Params: ``k`` (default 3).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.errors import SolutionFormatError
from scoring.messages import gettext_noop
from scoring.metrics.spec import MetricSpec
from scoring.parsers import Table
from scoring.parsers.jsonl import eval_id_field, json_records, parse_topk, string_list_field
from scoring.result import MetricResult, RowScores


@dataclass(frozen=True, eq=False)
class MapAnswers:
    relevant: tuple[frozenset[str], ...]
    k: int


def average_precision(*, relevant: frozenset[str], topk: Sequence[str], k: int) -> float:
    if not relevant:
        return 0.0 if topk else 1.0
    hits = 0
    precision_sum = 0.0
    for rank, docid in enumerate(topk[:k], 1):
        if docid in relevant:
            hits += 1
            precision_sum += hits / rank
    return precision_sum / hits if hits else 0.0


def map_at_k(*, relevant: Sequence[frozenset[str]], topk: Sequence[Sequence[str]], k: int) -> MetricResult:
    """Mean of `average_precision` over queries; 0 for no queries."""
    precisions = [average_precision(relevant=r, topk=t, k=k) for r, t in zip(relevant, topk, strict=True)]
    return MetricResult(score=sum(precisions) / len(precisions) if precisions else 0.0,
                        rows=RowScores(values=np.asarray(precisions, dtype=np.float64)))


def score(*, answers: MapAnswers, predictions: list[list[str]], rows: np.ndarray) -> MetricResult:
    rows = rows.tolist()
    return map_at_k(relevant=[answers.relevant[r] for r in rows], topk=[predictions[r] for r in rows], k=answers.k)


def load_answers(*, text: str, params: dict[str, Any]) -> Table:
    k = params["k"]
    if type(k) is not int or k < 1:
        raise SolutionFormatError("metric.positive_integer", name="k")
    ids, relevant, usage, lines = [], [], [], []
    for line, record in json_records(text=text, error=SolutionFormatError):
        ids.append(eval_id_field(record, line=line, error=SolutionFormatError))
        relevant.append(frozenset(string_list_field(record, "relevant", line=line, error=SolutionFormatError)))
        usage.append(record.get("Usage"))
        lines.append(line)
    return Table(
        ids=ids, values=MapAnswers(relevant=tuple(relevant), k=k), lines=np.array(lines), usage=_usage(usage, lines)
    )


def _usage(usage: list[Any], lines: list[int]) -> list[str] | None:
    if all(value is None for value in usage):
        return None
    for value, line in zip(usage, lines):
        if type(value) is not str:
            raise SolutionFormatError("solution.usage_every_line", line=line)
    return usage


SPEC = MetricSpec(
    key="map_at_k",
    label="MAP@k",
    greater_is_better=True,
    id_name="eval_id",
    submission_format=gettext_noop(
        'JSON Lines (any file name, .csv included): one {"eval_id": int, "topk": ["docid", ...]} object per query'
    ),
    solution_format='JSON Lines: one {"eval_id": int, "relevant": ["docid", ...], "Usage": "Public"} object per query',
    default_params={"k": 3},
    load_answers=load_answers,
    parse_submission=lambda *, text, params: parse_topk(text=text),
    score=score,
)
