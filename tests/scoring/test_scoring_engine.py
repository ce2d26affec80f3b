import gzip
import io
import json
import random
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from scoring.engine import read_submission_ids, score_submission, split_preview, validate_submission
from scoring.metrics.macro_f1 import macro_f1
from scoring.metrics.map_at_k import map_at_k
from scoring.solution import load_solution


def f1_case(seed: int, n: int = 200):
    rng = np.random.default_rng(seed)
    ids = [f"{i:016x}.jpg" for i in rng.permutation(10**6)[:n]]
    y_true, y_pred = rng.integers(0, 17, n), rng.integers(0, 17, n)
    solution = "ID,target\n" + "".join(f"{i},{t}\n" for i, t in zip(ids, y_true))
    order = rng.permutation(n)
    submission = "ID,target\n" + "".join(f"{ids[i]},{y_pred[i]}\n" for i in order)
    return solution.encode(), submission.encode(), y_true, y_pred


def score(solution, data, metric_key, params=None, filename="submission.csv"):
    return score_submission(solution=solution, data=data, filename=filename, metric_key=metric_key, params=params or {})


@pytest.mark.parametrize("seed", range(5))
def test_score_submission_matches_scoring_each_split_separately(seed):
    solution_data, submission, y_true, y_pred = f1_case(seed)
    solution = load_solution(data=solution_data, metric_key="macro_f1", params={"labels": list(range(17))}, seed=seed)

    results = score(solution, submission, "macro_f1", {"labels": list(range(17))})

    for split, mask in (("public", solution.is_public), ("private", ~solution.is_public)):
        expected = macro_f1(y_true=y_true[mask], y_pred=y_pred[mask], labels=range(17))
        assert results[split].score == pytest.approx(expected.score, abs=1e-12)


def test_score_submission_splits_map_rows_by_usage(map_solution):
    data = b'{"eval_id": 2, "topk": ["x", "d3"]}\n{"eval_id": 0, "topk": ["d2"]}\n{"eval_id": 1, "topk": []}\n'

    results = score(map_solution, data, "map_at_k")

    assert results["public"].score == 1.0
    expected = map_at_k(relevant=[frozenset(), frozenset({"d3"})], topk=[[], ["x", "d3"]], k=3)
    assert results["private"].score == expected.score == 0.75


def test_score_submission_splits_rouge_rows_by_usage(rouge_solution):
    data = ",fname,summary\n0,test_1,두 사람은 영화를 봅니다.\n1,test_0,#Person1#은 이사를 합니다.\n".encode()

    results = score(rouge_solution, data, "rouge")

    assert set(results) == {"public", "private"}
    assert results["public"].parts["rouge1"] > results["public"].parts["rouge2"] > 0
    assert 0 < results["public"].score < 100


def test_score_submission_omits_a_split_without_rows():
    solution_data, submission, _, _ = f1_case(0, n=20)
    params = {"labels": list(range(17))}
    solution = load_solution(data=solution_data, metric_key="macro_f1", params=params, public_fraction=1.0)

    assert set(score(solution, submission, "macro_f1", params)) == {"public"}


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("submission.csv", data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "transform",
    [
        lambda d: d,
        lambda d: b"\xef\xbb\xbf" + d,
        lambda d: d.replace(b"\n", b"\r\n"),
        lambda d: d.rstrip(b"\n"),
        lambda d: d.replace(b"\n", b"\n\n"),
        lambda d: d.replace(b"ID,target", b'"ID","target"'),
        gz,
        zipped,
    ],
    ids=["plain", "bom", "crlf", "no final newline", "blank lines", "quoted header", "gzip", "zip"],
)
def test_it_accepts_every_encoding_of_the_same_file(transform):
    solution_data, submission, _, _ = f1_case(1)
    params = {"labels": list(range(17))}
    solution = load_solution(data=solution_data, metric_key="macro_f1", params=params)

    assert score(solution, transform(submission), "macro_f1", params) == score(solution, submission, "macro_f1", params)


def test_it_accepts_a_blank_summary_when_allowed_and_scores_it_zero():
    solution_data = "fname,summary,Usage\nt0,영화를 봅니다,Public\nt1,영화를 봅니다,Private\n".encode()
    solution = load_solution(data=solution_data, metric_key="rouge", params={"allow_empty": True})
    data = "fname,summary\nt0,영화를 봅니다\nt1,\n".encode()

    results = score(solution, data, "rouge", {"allow_empty": True})

    assert results["public"].score == 100.0
    assert results["private"].score == 0.0


def test_it_accepts_rouge_files_with_and_without_the_index_column(rouge_solution):
    with_index = ',fname,summary\n0,test_0,"이사를, 합니다."\n1,test_1,영화를 봅니다.\n'.encode()
    without = 'fname,summary\ntest_0,"이사를, 합니다."\ntest_1,영화를 봅니다.\n'.encode()

    assert score(rouge_solution, with_index, "rouge") == score(rouge_solution, without, "rouge")


def test_it_reads_json_lines_in_a_csv_named_file_and_ignores_extra_keys(map_solution):
    line = {"eval_id": 0, "standalone_query": "질문", "topk": ["d1"], "answer": "답", "references": [{"score": 1.2}]}
    data = (
        json.dumps(line, ensure_ascii=False) + "\r\n\n" + '{"eval_id": 1, "topk": []}\n{"eval_id": 2, "topk": []}'
    ).encode()

    assert (
        validate_submission(solution=map_solution, data=data, filename="output.csv", metric_key="map_at_k", params={})
        == 3
    )


def test_validate_submission_returns_the_row_count(f1_solution):
    data = ("ID,target\n" + "".join(f"img{i}.jpg,0\n" for i in range(34))).encode()

    count = validate_submission(solution=f1_solution, data=data, filename="s.csv", metric_key="macro_f1", params={})

    assert count == 34


def test_read_submission_ids_reads_structure_without_a_solution():
    data = b",fname,summary\n0,test_1,\xec\x95\x88\xeb\x85\x95\n1,test_0,x\n"

    assert read_submission_ids(data=data, filename="sample_submission.csv", metric_key="rouge", params={}) == [
        "test_1",
        "test_0",
    ]


def test_split_preview_counts_rows(f1_solution):
    assert split_preview(f1_solution) == {"rows": 34, "public": 17, "private": 17}


def test_it_reads_the_same_rows_on_the_fast_and_strict_csv_paths():
    rng = random.Random(0)
    rows = [f"id{i},{rng.randint(-5, 20)}" for i in range(300)]
    plain = ("ID,target\n" + "\n".join(rows) + "\n").encode()
    quoted = plain.replace(b"id1,", b'"id1",')  # a quote sends the file down the strict path
    solution = load_solution(data=plain, metric_key="macro_f1", params={})

    assert score(solution, quoted, "macro_f1") == score(solution, plain, "macro_f1")


def test_it_imports_no_django():
    code = "import sys, scoring.engine, scoring.cache; assert not any(m.startswith('django') for m in sys.modules)"

    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_metric_returns_rows_whose_mean_or_confusion_gives_its_score(rouge_solution, map_solution):
    """What the bootstrap resamples must reproduce the score exactly on the original rows."""
    from scoring.bootstrap import replicates

    rouge_data = ",fname,summary\n0,test_1,두 사람은 영화를 봅니다.\n1,test_0,#Person1#은 이사를 합니다.\n".encode()
    map_data = b'{"eval_id": 2, "topk": ["x", "d3"]}\n{"eval_id": 0, "topk": ["d2"]}\n{"eval_id": 1, "topk": []}\n'
    solution_data, submission, _, _ = f1_case(5)
    f1_solution = load_solution(data=solution_data, metric_key="macro_f1", params={"labels": list(range(17))})
    for solution, data, key in ((rouge_solution, rouge_data, "rouge"), (map_solution, map_data, "map_at_k"),
                                (f1_solution, submission, "macro_f1")):
        for result in score(solution, data, key).values():
            identity = np.ones((1, len(result.rows)))  # one "resample" that draws every row once
            assert replicates(result.rows, identity)[0] == pytest.approx(result.score, abs=1e-9), key
