import gzip
import re

import numpy as np
import pytest

from scoring.errors import SolutionFormatError
from scoring.solution import load_solution, random_split

F1_SOLUTION = "ID,target\n" + "".join(f"r{i},{i % 3}\n" for i in range(101))


def test_it_reads_the_usage_column_in_any_case():
    data = b"ID,target,Usage\na,0,Public\nb,1,private\nc,2, PUBLIC \n"

    solution = load_solution(data=data, metric_key="macro_f1", params={})

    assert solution.ids == ("a", "b", "c")
    assert solution.is_public.tolist() == [True, False, True]


def test_it_splits_without_usage_at_the_requested_fraction():
    solution = load_solution(data=F1_SOLUTION.encode(), metric_key="macro_f1", params={}, public_fraction=0.3)

    assert solution.is_public.sum() == round(0.3 * 101)


def test_random_split_is_deterministic_per_seed():
    first = random_split(n_rows=500, public_fraction=0.5, seed=7)

    assert np.array_equal(first, random_split(n_rows=500, public_fraction=0.5, seed=7))
    assert not np.array_equal(first, random_split(n_rows=500, public_fraction=0.5, seed=8))
    assert first.sum() == 250


def test_it_hashes_the_uploaded_bytes():
    data = F1_SOLUTION.encode()

    solution = load_solution(data=data, metric_key="macro_f1", params={})

    assert re.fullmatch(r"[0-9a-f]{64}", solution.sha256)
    assert solution.sha256 != load_solution(data=data + b"r101,0\n", metric_key="macro_f1", params={}).sha256


def test_it_reads_a_gzipped_solution():
    solution = load_solution(data=gzip.compress(F1_SOLUTION.encode()), metric_key="macro_f1", params={})

    assert len(solution.ids) == 101


def test_it_takes_the_labels_default_from_the_solution():
    solution = load_solution(data=F1_SOLUTION.encode(), metric_key="macro_f1", params={})

    assert solution.answers.labels.tolist() == [0, 1, 2]


def test_it_reads_a_rouge_solution_with_an_index_column_and_extra_columns():
    data = ",fname,dialogue,summary1,summary2,Usage\n0,t0,대화,요약 하나,요약 둘,Public\n".encode()

    solution = load_solution(data=data, metric_key="rouge", params={"tokenizer": "whitespace"})

    assert solution.ids == ("t0",)
    assert solution.answers.lengths.tolist() == [[2, 2]]


def test_it_reads_a_map_solution_with_chit_chat():
    data = b'{"eval_id": 3, "relevant": []}\n\n{"eval_id": 5, "relevant": ["a", "b"]}\n'

    solution = load_solution(data=data, metric_key="map_at_k", params={"k": 5})

    assert solution.ids == ("3", "5")
    assert solution.answers.relevant == (frozenset(), frozenset({"a", "b"}))
    assert solution.answers.k == 5


BAD_SOLUTIONS = [
    ("unknown metric", "accuracy", b"ID,target\na,0\n", {}, "Unknown metric 'accuracy'; known metrics: macro_f1"),
    ("unknown param", "macro_f1", b"ID,target\na,0\n", {"k": 3}, "Unknown parameter(s) for macro_f1: k"),
    ("bad max_bytes", "macro_f1", b"ID,target\na,0\n", {"max_bytes": "1"}, "max_bytes must be a positive integer"),
    ("non-UTF-8", "macro_f1", b"ID,target\n\xff,0\n", {}, "not UTF-8 text"),
    ("empty", "macro_f1", b"", {}, "The file is empty."),
    ("missing column", "macro_f1", b"ID,label\na,0\n", {}, "missing column 'target'; the header is 'ID,label'"),
    ("no rows", "macro_f1", b"ID,target\n", {}, "header but no rows"),
    ("duplicate id", "macro_f1", b"ID,target\na,0\nb,1\na,2\n", {}, "Line 4: duplicate id 'a' (first on line 2)."),
    (
        "bad usage",
        "macro_f1",
        b"ID,target,Usage\na,0,Public\nb,1,Ignored\n",
        {},
        "Line 3: Usage must be Public or Private, found 'Ignored'.",
    ),
    ("text target", "macro_f1", b"ID,target\na,x\n", {}, "Line 2: target must be an integer label, found 'x'."),
    ("ragged row", "macro_f1", b"ID,target\na,0,1\n", {}, "Line 2: expected 2 columns (ID,target), found 3."),
    ("labels not ints", "macro_f1", b"ID,target\na,0\n", {"labels": ["0"]}, "labels must be a non-empty list"),
    ("labels repeat", "macro_f1", b"ID,target\na,0\n", {"labels": [0, 0]}, "labels must not repeat"),
    (
        "target outside labels",
        "macro_f1",
        b"ID,target\na,0\nb,5\n",
        {"labels": [0, 1]},
        "Line 3: target 5 is not one of labels.",
    ),
    ("no reference column", "rouge", b"fname,text\na,x\n", {}, "no reference columns (names starting with 'summary')"),
    (
        "named reference missing",
        "rouge",
        b"fname,summary\na,x\n",
        {"reference_columns": ["gold"]},
        "missing reference column(s) gold",
    ),
    ("empty reference", "rouge", b"fname,summary1,summary2\na,x,\n", {}, "Line 2: the reference in summary2 is empty."),
    ("missing fname", "rouge", b"id,summary\na,x\n", {}, "missing column 'fname'"),
    ("unknown tokenizer", "rouge", b"fname,summary\na,x\n", {"tokenizer": "mecab"}, "Unknown tokenizer 'mecab'"),
    ("bad allow_empty", "rouge", b"fname,summary\na,x\n", {"allow_empty": "yes"}, "allow_empty must be true or false"),
    ("bad k", "map_at_k", b'{"eval_id": 1, "relevant": []}\n', {"k": 0}, "k must be a positive integer"),
    ("map bad json", "map_at_k", b'{"eval_id": 1, "relevant": [}\n', {}, "Line 1: not valid JSON"),
    ("map relevant missing", "map_at_k", b'{"eval_id": 1}\n', {}, "Line 1: missing 'relevant'."),
    ("map eval_id text", "map_at_k", b'{"eval_id": "1", "relevant": []}\n', {}, "eval_id must be an integer"),
    (
        "map usage on some lines",
        "map_at_k",
        b'{"eval_id": 1, "relevant": [], "Usage": "Public"}\n{"eval_id": 2, "relevant": []}\n',
        {},
        'Line 2: Usage must be "Public" or "Private" on every line.',
    ),
    (
        "map duplicate",
        "map_at_k",
        b'{"eval_id": 1, "relevant": []}\n{"eval_id": 1, "relevant": []}\n',
        {},
        "Line 2: duplicate id '1' (first on line 1).",
    ),
]


@pytest.mark.parametrize(
    ("metric_key", "data", "params", "message"), [case[1:] for case in BAD_SOLUTIONS], ids=[c[0] for c in BAD_SOLUTIONS]
)
def test_load_solution_rejects_a_bad_solution(metric_key, data, params, message):
    with pytest.raises(SolutionFormatError, match=re.escape(message)):
        load_solution(data=data, metric_key=metric_key, params=params)


def test_load_solution_rejects_a_public_fraction_outside_0_to_1():
    with pytest.raises(SolutionFormatError, match="public_fraction must be between 0 and 1"):
        load_solution(data=F1_SOLUTION.encode(), metric_key="macro_f1", params={}, public_fraction=1.5)
