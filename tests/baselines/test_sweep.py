"""Learning-curve sweeps: the grid, the CSV and the plot, and tiny real sweeps of both trainers."""

import csv

import numpy as np

from baselines import sweep
from baselines.cv import sweep as cv_sweep
from baselines.nlp import sweep as nlp_sweep

from .test_nlp_trainer import SMOKE


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_subset_is_stratified_seeded_and_keeps_every_label():
    labels = ["a"] * 80 + ["b"] * 16 + ["c"] * 4

    quarter = sweep.subset(labels, 0.25, seed=3)

    assert sorted(np.bincount([ord(labels[i]) - ord("a") for i in quarter]).tolist()) == [1, 4, 20]
    np.testing.assert_array_equal(quarter, sweep.subset(labels, 0.25, seed=3))
    assert not np.array_equal(quarter, sweep.subset(labels, 0.25, seed=4))
    assert len(sweep.subset(labels, 1.0, seed=0)) == 100


def test_the_sweep_trains_every_point_and_writes_the_csv_and_the_plot(tmp_path):
    seen = []

    def train_point(point):
        seen.append(point)
        rows = round(200 * point.fraction)
        return rows, 0.9, 0.5 + point.fraction / 4 + point.multiplier / 100 + point.seed / 1000

    results = sweep.run_sweep(train_point, fractions=[1.0, 0.5], multipliers=[1, 5], seeds=[0, 1], out=tmp_path,
                              metric="macro F1")

    assert len(seen) == len(results) == 8
    assert sweep.read_csv(tmp_path / "sweep.csv") == results
    rows = _rows(tmp_path / "sweep.csv")
    assert [(r["fraction"], r["multiplier"], r["seed"]) for r in rows][:3] == [("0.5", "1", "0"), ("0.5", "1", "1"),
                                                                               ("0.5", "5", "0")]
    assert all(abs(float(r["gap"]) - (float(r["train_score"]) - float(r["validation_score"]))) < 1e-9 for r in rows)
    assert (tmp_path / "sweep.png").read_bytes().startswith(b"\x89PNG")


def test_a_tiny_cv_sweep_writes_its_curves(bundles, tmp_path):
    results = cv_sweep.main(["--data-dir", str(bundles["cv"]), "--out-dir", str(tmp_path), "--image-size", "32",
                             "--epochs", "1", "--fractions", "0.25", "1.0", "--multipliers", "1", "2", "--seeds",
                             "0", "--checkpoint", "none", "--batch-size", "64", "--threads", "1"])

    rows = _rows(tmp_path / "sweep.csv")
    assert len(rows) == len(results) == 4
    assert int(rows[0]["train_rows"]) < int(rows[-1]["train_rows"])
    assert all(0.0 <= float(r["validation_score"]) <= 1.0 for r in rows)
    assert (tmp_path / "sweep.png").stat().st_size > 10_000


def test_a_tiny_nlp_sweep_writes_its_curves(bundles, tmp_path):
    cut = SMOKE.index("--max-train-samples")
    options = SMOKE[:cut] + SMOKE[cut + 2:]  # the sweep draws its own fractions of train.csv
    results = nlp_sweep.main(["--data-dir", str(bundles["nlp"]), "--out-dir", str(tmp_path), *options,
                              "--fractions", "0.05", "0.1", "--seeds", "0", "--train-eval-rows", "8"])

    rows = _rows(tmp_path / "sweep.csv")
    assert [int(r["train_rows"]) for r in rows] == [20, 40] == [r.train_rows for r in results]
    assert all(r["multiplier"] == "1" for r in rows)
    assert (tmp_path / "sweep.png").stat().st_size > 10_000
    assert not (tmp_path / "points").exists()
