"""Learning curves, the notes' own experiment ("is 50% of the data enough?"): train on fractions of the training
data (and, for CV, augmentation multipliers) with several seeds against one fixed validation set, then plot the
validation score and the train-validation gap against the number of training rows, with the spread across seeds.

The trainers' ``sweep`` commands (``python -m baselines.cv sweep``, ``python -m baselines.nlp sweep``) give this
module one function that trains a point and returns its scores; it runs the grid, writes ``sweep.csv`` after
every point (an interrupted sweep keeps what it finished) and ``sweep.png``.
"""

import csv
import itertools
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Point:
    fraction: float
    multiplier: int
    seed: int


@dataclass(frozen=True)
class Result:
    fraction: float
    multiplier: int
    seed: int
    train_rows: int
    train_score: float
    validation_score: float
    gap: float  # train - validation: how much of what was learned does not carry over
    seconds: float


def subset(labels: list, fraction: float, seed: int) -> np.ndarray:
    """Indices of ``fraction`` of the rows, stratified by ``labels`` (at least one row per label), seeded."""
    rng = np.random.default_rng(seed)
    groups = defaultdict(list)
    for index, label in enumerate(labels):
        groups[label].append(index)
    chosen = []
    for label in sorted(groups, key=str):
        members = rng.permutation(groups[label])
        chosen.extend(members[:max(1, round(fraction * len(members)))].tolist())
    return np.array(sorted(chosen), dtype=np.int64)


def run_sweep(train_point: Callable[[Point], tuple[int, float, float]], *, fractions: list[float],
              multipliers: list[int], seeds: list[int], out: Path, metric: str) -> list[Result]:
    """Trains every (fraction, multiplier, seed); ``train_point`` returns (train rows, train score, validation
    score)."""
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for fraction, multiplier, seed in itertools.product(sorted(fractions), sorted(multipliers), seeds):
        started = time.perf_counter()
        rows, train_score, validation_score = train_point(Point(fraction, multiplier, seed))
        results.append(Result(fraction, multiplier, seed, rows, round(train_score, 4), round(validation_score, 4),
                              round(train_score - validation_score, 4), round(time.perf_counter() - started, 1)))
        print(f"{fraction:.0%} x{multiplier} seed {seed}: {rows} rows, train {train_score:.4f}, validation "
              f"{validation_score:.4f} ({results[-1].seconds:.0f} s)", flush=True)
        write_csv(out / "sweep.csv", results)
    plot(out / "sweep.png", results, metric=metric)
    return results


def write_csv(path: Path, results: list[Result]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(Result)], lineterminator="\n")
        writer.writeheader()
        writer.writerows(asdict(result) for result in results)


def read_csv(path: Path) -> list[Result]:
    """A sweep's results back from its CSV (to plot it again)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Result(**{f.name: f.type(row[f.name])
                          for f in fields(Result)}) for row in csv.DictReader(handle)]


def plot(path: Path, results: list[Result], *, metric: str) -> None:
    """Left: validation score against training rows; right: the train-validation gap. One line per augmentation
    multiplier: the mean over seeds, the band from the lowest to the highest seed."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for multiplier in sorted({r.multiplier for r in results}):
        mine = [r for r in results if r.multiplier == multiplier]
        rows = sorted({r.train_rows for r in mine})
        label = f"augmentation x{multiplier}" if len({r.multiplier for r in results}) > 1 else "seeds' mean"
        for ax, field in zip(axes, ("validation_score", "gap")):
            values = [[getattr(r, field) for r in mine if r.train_rows == n] for n in rows]
            ax.plot(rows, [np.mean(v) for v in values], marker="o", label=label)
            ax.fill_between(rows, [min(v) for v in values], [max(v) for v in values], alpha=0.2)
    seeds = len({r.seed for r in results})
    axes[0].set(xlabel="training rows", ylabel=f"validation {metric}", title=f"Validation {metric} ({seeds} seeds)")
    axes[1].set(xlabel="training rows", ylabel=f"train - validation {metric}", title="Generalization gap")
    axes[1].axhline(0, color="grey", linewidth=0.8)
    sizes = sorted({r.train_rows for r in results})
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xticks(sizes, [str(n) for n in sizes])  # the rows actually trained on, not powers of ten
        ax.minorticks_off()
        ax.grid(alpha=0.3)
    axes[0].legend()
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
