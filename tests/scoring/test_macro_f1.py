import numpy as np
import pytest
from sklearn.metrics import f1_score

from scoring.metrics.macro_f1 import macro_f1


@pytest.mark.parametrize("seed", range(60))
def test_macro_f1_matches_sklearn_on_random_cases(seed):
    rng = np.random.default_rng(seed)
    n_labels = int(rng.integers(1, 20))
    if seed % 2:  # consecutive labels take the arithmetic path, others a binary search
        first = int(rng.integers(-2, 3))
        labels = list(range(first, first + n_labels))
    else:
        labels = sorted(rng.choice(np.arange(-2, 25), size=n_labels, replace=False).tolist())
    n = int(rng.integers(1, 400))
    y_true = rng.choice(labels, size=n)
    # Mostly right, sometimes another label, sometimes a value outside the label set.
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(-3, 26, size=n))

    expected = f1_score(y_true, y_pred, average="macro", labels=labels, zero_division=0)

    assert macro_f1(y_true=y_true, y_pred=y_pred, labels=labels).score == pytest.approx(expected, abs=1e-9)


def test_macro_f1_hand_computed():
    # Label 0: TP 1, 2 true, 1 predicted -> 2/3. Label 1: TP 2, 2 true, 3 predicted -> 4/5.
    result = macro_f1(y_true=np.array([0, 0, 1, 1]), y_pred=np.array([0, 1, 1, 1]), labels=[0, 1])

    assert result.score == pytest.approx((2 / 3 + 4 / 5) / 2)


def test_macro_f1_counts_a_label_that_never_occurs_as_zero():
    result = macro_f1(y_true=np.array([0, 1]), y_pred=np.array([0, 1]), labels=[0, 1, 2])

    assert result.score == pytest.approx(2 / 3)


def test_macro_f1_of_perfect_bootcamp_predictions_is_one():
    y = np.arange(3140) % 17

    assert macro_f1(y_true=y, y_pred=y, labels=range(17)).score == 1.0


def test_macro_f1_of_empty_input_is_zero():
    empty = np.array([], dtype=np.int64)

    assert macro_f1(y_true=empty, y_pred=empty, labels=[0, 1]).score == 0.0
