"""ROUGE against several references per row (the bootcamp's Korean dialogue summarization).

For each row, ROUGE-1, ROUGE-2 and ROUGE-L F1 are computed against every reference and averaged over the
references; each is then averaged over rows, and the score is ``100 * (R1 + R2 + RL) / 3``. Text is
tokenized by `scoring.tokenizers` (Kiwi morphemes by default) and references only once, when the solution
is loaded.

Solution file: CSV with an id column ``fname``, the reference columns (by default every column whose name
starts with ``summary``, e.g. ``summary1,summary2,summary3``) and optionally ``Usage``; other columns (a
leading unnamed index, ``dialogue``, ...) are ignored. Every reference cell must be non-blank.

Params: ``tokenizer`` (default ``"kiwi"``), ``reference_columns`` (list of names), ``allow_empty`` (accept
blank predicted summaries, which score 0; default False), ``max_chars`` (longest predicted summary).
"""

from typing import Any

import numpy as np

from scoring.errors import SolutionFormatError
from scoring.messages import gettext_noop
from scoring.metrics.rouge_index import References, index_references, rouge_f1
from scoring.metrics.spec import MetricSpec
from scoring.parsers import Table
from scoring.parsers.csv_rows import read_sheet
from scoring.parsers.summary import parse_summaries
from scoring.result import MetricResult, RowScores
from scoring.tokenizers import get_tokenizer

PARTS = ("rouge1", "rouge2", "rougeL")
MAX_SUMMARY_CHARS = 10_000


def rouge_aggregate(*, rouge1: float, rouge2: float, rouge_l: float) -> float:
    """The leaderboard score from the three mean F1 values (fractions): ``100 * (R1 + R2 + RL) / 3``."""
    return 100 * (rouge1 + rouge2 + rouge_l) / 3


def rouge(*, references: References, predictions: list[list[str]], rows: np.ndarray) -> MetricResult:
    """Score the tokenized i-th prediction against the references of solution row ``rows[i]``.

    Returns:
      The aggregate score, with the mean ROUGE-1/2/L F1 (fractions) as parts ``rouge1``, ``rouge2``, ``rougeL``.
    """
    if not len(rows):
        return MetricResult(score=0.0, parts=dict.fromkeys(PARTS, 0.0))
    per_row = rouge_f1(references=references, predictions=predictions, rows=rows).mean(axis=1)
    means = per_row.mean(axis=0)
    rouge1, rouge2, rouge_l = map(float, means)
    # Each row's share of the aggregate: the score is the mean of 100 * (R1 + R2 + RL) / 3 over rows.
    contributions = per_row.sum(axis=1) * (100 / 3)
    return MetricResult(
        score=rouge_aggregate(rouge1=rouge1, rouge2=rouge2, rouge_l=rouge_l), parts=dict(zip(PARTS, means.tolist())),
        rows=RowScores(values=contributions),
    )


def score(*, answers: References, predictions: list[str], rows: np.ndarray) -> MetricResult:
    tokens = get_tokenizer(answers.tokenizer).tokenize_many([predictions[row] for row in rows])
    return rouge(references=answers, predictions=tokens, rows=rows)


def load_answers(*, text: str, params: dict[str, Any]) -> Table:
    _check_submission_params(params)
    sheet = read_sheet(text=text)
    ids = sheet.column("fname")
    columns = _reference_columns(sheet.header, params["reference_columns"])
    texts = [[row[sheet.header.index(name)] for name in columns] for row in sheet.rows]
    _check_references(texts, columns=columns, lines=sheet.lines)
    tokenizer_name = _tokenizer_name(params["tokenizer"])
    flat = get_tokenizer(tokenizer_name).tokenize_many([text for row in texts for text in row])
    tokens = [flat[i : i + len(columns)] for i in range(0, len(flat), len(columns))]
    references = index_references(tokens=tokens, tokenizer=tokenizer_name)
    return Table(ids=ids, values=references, lines=sheet.lines, usage=sheet.optional_column("Usage"))


def _reference_columns(header: list[str], names: Any) -> list[str]:
    if names is None:
        names = [name for name in header if name.startswith("summary")]
        if not names:
            raise SolutionFormatError("solution.no_reference_columns", line=1, header=",".join(header))
        return names
    if not isinstance(names, list | tuple) or not names or any(type(name) is not str for name in names):
        raise SolutionFormatError("metric.reference_columns")
    missing = [name for name in names if name not in header]
    if missing:
        raise SolutionFormatError("solution.missing_reference_columns", line=1, columns=", ".join(missing))
    return list(names)


def _check_references(texts: list[list[str]], *, columns: list[str], lines: np.ndarray) -> None:
    for row, line in zip(texts, lines.tolist()):
        for text, column in zip(row, columns):
            if not text.strip():
                raise SolutionFormatError("solution.empty_reference", line=line, column=column)


def _tokenizer_name(name: Any) -> str:
    if type(name) is not str or not name:
        raise SolutionFormatError("metric.tokenizer_name")
    return name


def _check_submission_params(params: dict[str, Any]) -> None:
    if type(params["allow_empty"]) is not bool:
        raise SolutionFormatError("metric.allow_empty")
    if type(params["max_chars"]) is not int or params["max_chars"] <= 0:
        raise SolutionFormatError("metric.positive_integer", name="max_chars")


def _parse(*, text: str, params: dict[str, Any]) -> Table:
    _check_submission_params(params)
    return parse_summaries(text=text, allow_empty=params["allow_empty"], max_chars=params["max_chars"])


SPEC = MetricSpec(
    key="rouge",
    label="ROUGE-1/2/L (mean F1 x 100)",
    greater_is_better=True,
    id_name="fname",
    submission_format=gettext_noop(
        "CSV with header fname,summary (or ,fname,summary with an index column): one summary per fname"),
    solution_format="CSV with columns fname, one or more summary* reference columns, and optionally Usage",
    default_params={
        "tokenizer": "kiwi",
        "reference_columns": None,
        "allow_empty": False,
        "max_chars": MAX_SUMMARY_CHARS,
    },
    load_answers=load_answers,
    parse_submission=_parse,
    score=score,
)
