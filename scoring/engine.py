"""What the Django side calls to validate and score submissions.

A submission is unpacked and decoded (`scoring.parsers.decompress`), parsed in the metric's format, checked
against the solution (label set, then ids: unknown, duplicate, missing), reordered to solution order, and
scored once per leaderboard split.
"""

from typing import Any

import numpy as np

from scoring.align import align_rows
from scoring.metrics import MetricSpec, get_metric
from scoring.parsers import Table, gc_paused
from scoring.parsers.decompress import read_text
from scoring.result import MetricResult
from scoring.solution import Solution

__all__ = ["MetricResult", "read_submission_ids", "score_submission", "split_preview", "validate_submission"]


@gc_paused()
def validate_submission(*, solution: Solution, data: bytes, filename: str, metric_key: str, params: dict) -> int:
    """Check a submission completely without scoring it.

    Returns:
      The number of rows.
    Raises:
      SubmissionFormatError: With a message for the participant.
    """
    _, table, _ = _read(solution=solution, data=data, filename=filename, metric_key=metric_key, params=params)
    return len(table.ids)


@gc_paused()
def score_submission(
    *, solution: Solution, data: bytes, filename: str, metric_key: str, params: dict
) -> dict[str, MetricResult]:
    """Parse once, score the public and the private rows.

    Returns:
      ``{"public": ..., "private": ...}``, leaving out a split with no rows.
    Raises:
      SubmissionFormatError: With a message for the participant.
    """
    spec, table, order = _read(solution=solution, data=data, filename=filename, metric_key=metric_key, params=params)
    predictions = _take(table.values, order)
    results = {}
    for split, mask in (("public", solution.is_public), ("private", ~solution.is_public)):
        rows = np.flatnonzero(mask)
        if rows.size:
            results[split] = spec.score(answers=solution.answers, predictions=predictions, rows=rows)
    return results


@gc_paused()
def read_submission_ids(*, data: bytes, filename: str, metric_key: str, params: dict) -> list[str]:
    """Ids of a file in the submission format, read without a solution (e.g. a bundle's sample submission)."""
    spec = get_metric(metric_key)
    return list(_parse(spec=spec, data=data, filename=filename, params=spec.resolve_params(params)).ids)


def split_preview(solution: Solution) -> dict[str, int]:
    n_public = int(solution.is_public.sum())
    return {"rows": len(solution.ids), "public": n_public, "private": len(solution.ids) - n_public}


def _read(
    *, solution: Solution, data: bytes, filename: str, metric_key: str, params: dict
) -> tuple[MetricSpec, Table, np.ndarray]:
    spec = get_metric(metric_key)
    table = _parse(spec=spec, data=data, filename=filename, params=spec.resolve_params(params))
    spec.check_submission(answers=solution.answers, table=table)
    return spec, table, align_rows(solution=solution, table=table, id_name=spec.id_name)


def _parse(*, spec: MetricSpec, data: bytes, filename: str, params: dict[str, Any]) -> Table:
    text = read_text(data=data, filename=filename, max_bytes=params["max_bytes"])
    return spec.parse_submission(text=text, params=params)


def _take(values: Any, order: np.ndarray) -> Any:
    if isinstance(values, np.ndarray):
        return values[order]
    return [values[i] for i in order.tolist()]
