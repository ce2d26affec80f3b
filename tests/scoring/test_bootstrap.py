"""Golden tests: Podium's bootstrap equals a direct bootstrap (numpy draws, the metric recomputed on each resample)."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from scoring.bootstrap import interval, replicates, resample_counts, tied
from scoring.metrics.macro_f1 import macro_f1
from scoring.result import RowScores

SEED, RESAMPLES = 3, 200


def _direct_draws(n_rows: int, size: int | None = None) -> np.ndarray:
    return np.random.default_rng(SEED).integers(0, n_rows, size=(RESAMPLES, size or n_rows))


def test_macro_f1_replicates_equal_sklearn_on_each_resample():
    rng = np.random.default_rng(0)
    labels = list(range(17))
    y_true = rng.integers(0, 17, 3140)
    y_pred = np.where(rng.random(3140) < 0.7, y_true, rng.integers(0, 18, 3140))  # 17 is outside the label set
    rows = macro_f1(y_true=y_true, y_pred=y_pred, labels=labels).rows

    ours = replicates(rows, resample_counts(n_rows=3140, resamples=RESAMPLES, seed=SEED))
    direct = np.array([f1_score(y_true[draw], y_pred[draw], labels=labels, average="macro", zero_division=0)
                       for draw in _direct_draws(3140)])

    np.testing.assert_allclose(ours, direct, rtol=0, atol=1e-9)
    bounds = interval(ours)
    assert (bounds.low, bounds.high) == pytest.approx(tuple(np.percentile(direct, [2.5, 97.5])), abs=1e-9)


def test_mean_replicates_equal_the_direct_bootstrap_of_per_row_values():
    values = np.random.default_rng(1).random(499) * 100  # e.g. ROUGE contributions of 499 dialogues
    ours = replicates(RowScores(values=values), resample_counts(n_rows=499, resamples=RESAMPLES, seed=SEED))
    direct = values[_direct_draws(499)].mean(axis=1)
    np.testing.assert_allclose(ours, direct, rtol=0, atol=1e-9)


def test_resampling_at_another_size_draws_that_many_rows():
    counts = resample_counts(n_rows=100, resamples=50, seed=SEED, size=250)
    assert set(counts.sum(axis=1)) == {250}
    draws = np.random.default_rng(SEED).integers(0, 100, size=(50, 250))
    np.testing.assert_array_equal(counts[7], np.bincount(draws[7], minlength=100))
    assert counts.dtype == np.uint8 and not counts.flags.writeable


def test_the_same_seed_gives_the_same_resamples_to_every_submission():
    first = resample_counts(n_rows=300, resamples=100, seed=SEED)
    assert np.array_equal(first, resample_counts(n_rows=300, resamples=100, seed=SEED))
    assert not np.array_equal(first, resample_counts(n_rows=300, resamples=100, seed=SEED + 1))


def _team(correct_share: float, y_true: np.ndarray, noise: np.random.Generator) -> RowScores:
    y_pred = np.where(noise.random(y_true.size) < correct_share, y_true, (y_true + 1) % 3)
    return macro_f1(y_true=y_true, y_pred=y_pred, labels=[0, 1, 2]).rows


def test_the_paired_test_flags_a_clear_winner_and_a_tie():
    rng = np.random.default_rng(2)
    y_true = rng.integers(0, 3, 1000)
    counts = resample_counts(n_rows=1000, resamples=1000, seed=SEED)
    leader = _team(0.95, y_true, rng)
    clearly_behind = _team(0.60, y_true, rng)
    almost_same = RowScores(true_index=leader.true_index, pred_index=leader.pred_index.copy(), n_labels=3)
    almost_same.pred_index[:2] = (leader.true_index[:2] + 1) % 3  # two more rows wrong than the leader

    lead = replicates(leader, counts)
    assert not tied(team=replicates(clearly_behind, counts), leader=lead, greater_is_better=True)
    assert tied(team=replicates(almost_same, counts), leader=lead, greater_is_better=True)


def test_lower_is_better_flips_the_direction():
    counts = resample_counts(n_rows=500, resamples=500, seed=SEED)
    errors = np.random.default_rng(4).random(500)
    small, large = replicates(RowScores(values=errors), counts), replicates(RowScores(values=errors + 1), counts)
    assert not tied(team=large, leader=small, greater_is_better=False)
    assert tied(team=small, leader=large, greater_is_better=False)  # "leader" worse than the team: surely not ahead
