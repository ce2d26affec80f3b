import random

import pytest

from benchmarks.scoring import organizers_map
from scoring.metrics.map_at_k import average_precision, map_at_k


@pytest.mark.parametrize("seed", range(60))
def test_map_at_k_matches_the_organizers_loop(seed):
    rng = random.Random(seed)
    docs = [f"doc{i}" for i in range(rng.randint(1, 12))]
    gt = {i: rng.sample(docs, rng.randint(0, min(3, len(docs)))) for i in range(rng.randint(1, 80))}
    pred = [{"eval_id": i, "topk": rng.choices(docs, k=rng.randint(0, 5))} for i in gt]

    result = map_at_k(relevant=[frozenset(gt[p["eval_id"]]) for p in pred], topk=[p["topk"] for p in pred], k=3)

    assert result.score == pytest.approx(organizers_map(gt, pred), abs=1e-9)


def test_average_precision_divides_by_hits_not_by_relevant_count():
    assert average_precision(relevant=frozenset("abcd"), topk=["a"], k=3) == 1.0
    assert average_precision(relevant=frozenset("a"), topk=["x", "a", "y"], k=3) == 0.5
    assert average_precision(relevant=frozenset("ab"), topk=["a", "x", "b"], k=3) == pytest.approx((1 + 2 / 3) / 2)


def test_average_precision_rewards_an_empty_answer_to_chit_chat():
    assert average_precision(relevant=frozenset(), topk=[], k=3) == 1.0
    assert average_precision(relevant=frozenset(), topk=["a"], k=3) == 0.0
    assert average_precision(relevant=frozenset("a"), topk=[], k=3) == 0.0


def test_average_precision_looks_at_the_first_k_only():
    assert average_precision(relevant=frozenset("a"), topk=["x", "y", "z", "a"], k=3) == 0.0
    assert average_precision(relevant=frozenset("a"), topk=["x", "a"], k=1) == 0.0


def test_average_precision_counts_a_repeated_hit_like_the_organizers():
    assert average_precision(relevant=frozenset("a"), topk=["a", "a", "x"], k=3) == 1.0


def test_map_at_k_of_no_queries_is_zero():
    assert map_at_k(relevant=[], topk=[], k=3).score == 0.0
