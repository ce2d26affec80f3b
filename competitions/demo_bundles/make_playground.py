"""Regenerates the small demo bundle `playground/` (run from the repository root; deterministic).

Three kinds of synthetic sensor readings; a participant predicts the kind. Small enough to commit, big enough to
give a leaderboard some spread.
"""

import csv
from pathlib import Path

import numpy as np

ROOT = Path(__file__).parent / "playground"
CLASSES = ["calm", "breezy", "stormy"]
FEATURES = ["temperature", "humidity", "pressure", "wind", "gusts"]


def _rows(rng: np.random.Generator, count: int):
    labels = rng.choice(len(CLASSES), size=count, p=[0.5, 0.3, 0.2])
    centers = np.array([[18, 55, 1015, 5, 8], [15, 65, 1008, 14, 22], [12, 85, 995, 28, 45]], dtype=float)
    spread = np.array([4, 10, 6, 5, 8], dtype=float)
    values = centers[labels] + rng.normal(size=(count, len(FEATURES))) * spread * 1.6
    ids = [f"{value:08x}" for value in rng.integers(0, 2**32, size=count)]
    return ids, values.round(2), labels


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    rng = np.random.default_rng(20261125)
    ids, values, labels = _rows(rng, 1000)
    train, test = slice(0, 600), slice(600, 1000)
    data = ROOT / "data"
    data.mkdir(parents=True, exist_ok=True)
    _write(data / "train.csv", ["ID", *FEATURES, "target"],
           [[i, *v, y] for i, v, y in zip(ids[train], values[train], labels[train])])
    _write(data / "test.csv", ["ID", *FEATURES], [[i, *v] for i, v in zip(ids[test], values[test])])
    _write(data / "sample_submission.csv", ["ID", "target"], [[i, 0] for i in ids[test]])
    _write(data / "meta.csv", ["target", "class_name"], list(enumerate(CLASSES)))
    usage = ["Public" if u < 0.5 else "Private" for u in rng.random(400)]
    _write(ROOT / "solution.csv", ["ID", "target", "Usage"],
           [[i, y, u] for i, y, u in zip(ids[test], labels[test], usage)])


if __name__ == "__main__":
    main()
