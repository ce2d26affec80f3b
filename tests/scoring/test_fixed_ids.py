"""Fixed-width id matching: the same rows as the dict path, or a hand-over to it, never a wrong pairing."""

import numpy as np
import pytest

from scoring import fixed_ids
from scoring.align import align_rows
from scoring.errors import SubmissionFormatError
from scoring.parsers.id_target import parse_id_target
from scoring.solution import load_solution

LABELS = {"labels": list(range(3))}


def _solution(ids):
    text = "ID,target\n" + "".join(f"{value},{index % 3}\n" for index, value in enumerate(ids))
    return load_solution(data=text.encode(), metric_key="macro_f1", params=LABELS)


def _table(ids):
    return parse_id_target(text="ID,target\n" + "".join(f"{value},1\n" for value in ids))


def _ids(n, seed=0):
    rng = np.random.default_rng(seed)
    return [f"{value:016x}.jpg" for value in rng.choice(2**40, n, replace=False)]


def test_a_shuffled_file_is_paired_row_for_row():
    ids = _ids(1000)
    shuffled = [ids[i] for i in np.random.default_rng(1).permutation(1000)]
    table = _table(shuffled)

    order = align_rows(solution=_solution(ids), table=table, id_name="ID")

    assert table.id_words is not None
    assert [table.ids[row] for row in order] == ids


def test_ids_of_different_widths_keep_the_dict_path():
    ids = ["a.jpg", "bb.jpg", "ccc.jpg"]

    assert _solution(ids).fixed_ids is None
    assert _table(ids[::-1]).id_words is None
    assert align_rows(solution=_solution(ids), table=_table(ids[::-1]), id_name="ID").tolist() == [2, 1, 0]


@pytest.mark.parametrize(("submitted", "message"), [
    (lambda ids: ids[:-1] + [ids[0]], "duplicate ID"),
    (lambda ids: ids[:-1] + ["ffffffffffffffff.jpg"], "unknown ID 'ffffffffffffffff.jpg'"),
])
def test_a_wrong_file_of_the_same_width_still_gets_its_message(submitted, message):
    ids = _ids(50)

    with pytest.raises(SubmissionFormatError, match=message):
        align_rows(solution=_solution(ids), table=_table(submitted(ids)[::-1]), id_name="ID")


def test_a_hash_collision_hands_over_to_the_dict_path(monkeypatch):
    ids = _ids(200)
    monkeypatch.setattr(fixed_ids, "_hash", lambda words: np.zeros(len(words), dtype=np.uint64))
    solution = _solution(ids)
    table = _table(ids[::-1])

    assert solution.fixed_ids.positions(table.id_words) is None  # every hash collides; the words disagree
    assert align_rows(solution=solution, table=table, id_name="ID").tolist() == list(range(199, -1, -1))


def test_a_file_matched_by_its_bytes_never_splits_out_its_ids():
    ids = _ids(100)
    table = _table(ids[::-1])

    align_rows(solution=_solution(ids), table=table, id_name="ID")

    assert "_ids" not in vars(table.ids)  # the LazyIds list was never built
    assert list(table.ids) == ids[::-1] and table.ids[0] == ids[-1] and len(table.ids) == 100
