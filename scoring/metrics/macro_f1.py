"""Macro F1 over a label set: the unweighted mean of per-label F1 (the bootcamp's document classification).

Solution file: CSV with columns ``ID`` and ``target`` (an integer label) and optionally ``Usage``
(``Public``/``Private``, any case); other columns are ignored. Example::

    ID,target,Usage
    002f99746285dfdd.jpg,3,Public

Params: ``labels``, the integer labels averaged over (default: the distinct targets of the solution; the
bootcamp uses 0..16). A submitted label outside the set is rejected with the line that holds it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.errors import SolutionFormatError, SubmissionFormatError, shown
from scoring.messages import gettext_noop, part
from scoring.metrics.spec import MetricSpec
from scoring.parsers import Table
from scoring.parsers.csv_rows import read_sheet
from scoring.parsers.id_target import integer_label, parse_id_target
from scoring.result import MetricResult, RowScores


@dataclass(frozen=True, eq=False)
class F1Answers:
    y_true: np.ndarray
    labels: np.ndarray


def macro_f1(*, y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[int] | np.ndarray) -> MetricResult:
    """Equals sklearn's ``f1_score(y_true, y_pred, average="macro", labels=labels, zero_division=0)``.

    Per label, F1 = 2·TP / (true count + predicted count), read off one (L+1)-square confusion matrix whose
    last row and column collect values outside ``labels``; a label that never occurs scores 0.
    """
    labels = np.unique(np.asarray(labels, dtype=np.int64))
    n = labels.size
    true_index, pred_index = _label_index(y_true, labels), _label_index(y_pred, labels)
    confusion = np.bincount(true_index * (n + 1) + pred_index, minlength=(n + 1) ** 2).reshape(n + 1, n + 1)
    return MetricResult(score=f1_from_confusion(confusion, n),
                        rows=RowScores(true_index=true_index, pred_index=pred_index, n_labels=n))


def f1_from_confusion(confusion: np.ndarray, n_labels: int) -> float:
    """Macro F1 from an (L+1)-square confusion matrix: per label 2·TP / (true count + predicted count)."""
    n = n_labels
    support = confusion.sum(axis=1)[:n] + confusion.sum(axis=0)[:n]
    f1 = np.divide(2 * np.diagonal(confusion)[:n], support, out=np.zeros(n), where=support > 0)
    return float(f1.mean()) if n else 0.0


def _label_index(values: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Index of each value in the sorted ``labels``, or ``len(labels)`` when it is not one of them."""
    n = labels.size
    if n and labels[-1] - labels[0] + 1 == n:  # consecutive labels (the usual 0..L-1): plain arithmetic
        index = values - labels[0]
        return np.where((index >= 0) & (index < n), index, n)
    index = np.searchsorted(labels, values)
    found = labels[np.minimum(index, n - 1)] == values if n else np.zeros(len(values), dtype=bool)
    return np.where(found, index, n)


def load_answers(*, text: str, params: dict[str, Any]) -> Table:
    sheet = read_sheet(text=text)
    ids = sheet.column("ID")
    y_true = np.array([_solution_label(value, line) for value, line in zip(sheet.column("target"), sheet.lines)])
    labels = _labels(params["labels"], y_true=y_true, lines=sheet.lines)
    answers = F1Answers(y_true=y_true.astype(np.int64), labels=labels)
    return Table(ids=ids, values=answers, lines=sheet.lines, usage=sheet.optional_column("Usage"))


def _solution_label(value: str, line: int) -> int:
    label = integer_label(value)
    if label is None:
        raise SolutionFormatError("solution.label_not_integer", line=line, value=shown(value))
    return label


def _labels(labels: Any, *, y_true: np.ndarray, lines: np.ndarray) -> np.ndarray:
    if labels is None:
        return np.unique(y_true)
    if not isinstance(labels, list | tuple) or not labels or any(type(label) is not int for label in labels):
        raise SolutionFormatError("metric.labels")
    if len(set(labels)) != len(labels):
        raise SolutionFormatError("metric.labels_repeat")
    allowed = np.unique(np.array(labels, dtype=np.int64))
    outside = np.flatnonzero(~np.isin(y_true, allowed))
    if outside.size:
        line = int(lines[outside[0]])
        raise SolutionFormatError("solution.label_outside", line=line, value=y_true[outside[0]])
    return allowed


def check_labels(*, answers: F1Answers, table: Table) -> None:
    outside = np.flatnonzero(~np.isin(table.values, answers.labels))
    if outside.size:
        line = int(table.lines[outside[0]])
        raise SubmissionFormatError("label.invalid", line=line, value=table.values[outside[0]],
                                    labels=describe_labels(answers.labels))


def describe_labels(labels: np.ndarray) -> str | dict:
    """The allowed labels as a message parameter: a range, or the first 20."""
    if labels[-1] - labels[0] + 1 == labels.size:
        return part("labels.range", low=labels[0], high=labels[-1])
    listed = ", ".join(map(str, labels[:20]))
    return listed if labels.size <= 20 else part("labels.listed_more", listed=listed, count=f"{labels.size:,}")


def score(*, answers: F1Answers, predictions: np.ndarray, rows: np.ndarray) -> MetricResult:
    return macro_f1(y_true=answers.y_true[rows], y_pred=predictions[rows], labels=answers.labels)


SPEC = MetricSpec(
    key="macro_f1",
    label="Macro F1",
    greater_is_better=True,
    id_name="ID",
    submission_format=gettext_noop("CSV with header ID,target: one row per test id and an integer class label"),
    solution_format="CSV with columns ID,target (integer label) and optionally Usage (Public/Private)",
    default_params={"labels": None},
    load_answers=load_answers,
    parse_submission=lambda *, text, params: parse_id_target(text=text),
    score=score,
    check_submission=check_labels,
)
