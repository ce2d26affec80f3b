"""Bootstrap confidence intervals and paired comparisons of leaderboard scores, from per-row results.

A resample draws ``size`` rows with replacement; it is represented by how often it drew each row (a row of
`resample_counts`). The draws are ``numpy.random.default_rng(seed).integers(0, n_rows, size=(resamples, size))``,
exactly what a direct bootstrap takes, so both see the same resamples. Every submission of a competition is
resampled with the same seed, so two teams' replicate scores are paired: resample b holds the same rows for both,
and the difference of their replicates is a paired bootstrap of the difference of their scores.

Decomposable scores (a mean of per-row values) are replicated with one matrix-vector product; macro F1 from the
resampled confusion counts (true, predicted and correct counts per label: one matrix product).
"""

import functools
from dataclasses import dataclass

import numpy as np

from scoring.result import RowScores

RESAMPLES = 1000
LEVEL = 0.95
# Resample counts are kept per process as uint8 (a row drawn 256 times or more in one resample is beyond any
# real size), up to this many cells (64 MB), and multiplied out as float64 in blocks of about _BLOCK_CELLS cells:
# few large matrix products (small ones cost BLAS far more per cell), never all the counts as floats at once.
_CACHED_CELLS = 64_000_000
_BLOCK_CELLS = 4_000_000


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


def resample_counts(*, n_rows: int, resamples: int = RESAMPLES, seed: int = 0, size: int | None = None) -> np.ndarray:
    """Shape (resamples, n_rows), uint8: how often each row was drawn in each resample of ``size`` draws
    (``n_rows`` by default). Read-only, and cached: every submission of a competition reuses the same counts."""
    size = n_rows if size is None else size
    if resamples * n_rows <= _CACHED_CELLS:
        return _cached_counts(n_rows, resamples, seed, size)
    return _counts(n_rows, resamples, seed, size)


@functools.lru_cache(maxsize=8)
def _cached_counts(n_rows: int, resamples: int, seed: int, size: int) -> np.ndarray:
    counts = _counts(n_rows, resamples, seed, size)
    counts.setflags(write=False)
    return counts


def _counts(n_rows: int, resamples: int, seed: int, size: int) -> np.ndarray:
    draws = np.random.default_rng(seed).integers(0, n_rows, size=(resamples, size))
    offsets = (np.arange(resamples, dtype=np.int64) * n_rows)[:, None]
    flat = np.bincount((draws + offsets).ravel(), minlength=resamples * n_rows)
    return flat.reshape(resamples, n_rows).astype(np.uint8)


def replicates(rows: RowScores, counts: np.ndarray) -> np.ndarray:
    """The score recomputed on every resample: shape (resamples,)."""
    if rows.values is not None:
        return _blocks(counts, rows.values[:, None])[:, 0] / counts.sum(axis=1, dtype=np.int64)
    return _macro_f1_replicates(rows, counts)


def _blocks(counts: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """counts @ matrix in float64, a block of resamples at a time (the uint8 counts never all become floats)."""
    block = max(1, _BLOCK_CELLS // max(1, counts.shape[1]))
    return np.vstack([counts[start:start + block].astype(np.float64) @ matrix
                      for start in range(0, counts.shape[0], block)])


def _macro_f1_replicates(rows: RowScores, counts: np.ndarray) -> np.ndarray:
    n = rows.n_labels
    if n == 0:
        return np.zeros(counts.shape[0])
    labels = np.arange(n)
    true = (rows.true_index[:, None] == labels).astype(np.float64)  # rows x labels
    predicted = (rows.pred_index[:, None] == labels).astype(np.float64)
    tallies = _blocks(counts, np.hstack([true * predicted, true, predicted]))  # resamples x (correct|true|predicted)
    correct, support = tallies[:, :n], tallies[:, n:2 * n] + tallies[:, 2 * n:]
    f1 = np.divide(2 * correct, support, out=np.zeros_like(correct), where=support > 0)
    return f1.mean(axis=1)


def interval(values: np.ndarray, level: float = LEVEL) -> Interval:
    """The percentile interval of replicate scores."""
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return Interval(low=float(low), high=float(high))


def tied(*, team: np.ndarray, leader: np.ndarray, greater_is_better: bool, level: float = LEVEL) -> bool:
    """Paired bootstrap: whether the leader's lead over the team is within noise, i.e. the percentile interval
    of (leader - team) on the same resamples reaches zero."""
    lead = leader - team if greater_is_better else team - leader
    return interval(lead, level).low <= 0


@dataclass(frozen=True, eq=False)
class PublicUncertainty:
    """What Podium keeps of a public score's noise. Built from public rows only, never from private ones.

    Attributes:
      interval: The percentile interval of the public score.
      replicates: The public score on each resample, paired across the competition's submissions (same seed).
      at_private_size: The score on public rows resampled at the private split's size: a stand-in for a private
        board of that size, for the shake-up risk estimate before the deadline.
    """

    interval: Interval
    replicates: np.ndarray
    at_private_size: np.ndarray


def public_uncertainty(rows: RowScores, *, private_rows: int, resamples: int = RESAMPLES,
                       seed: int = 0) -> PublicUncertainty:
    public = replicates(rows, resample_counts(n_rows=len(rows), resamples=resamples, seed=seed))
    simulated = replicates(rows, resample_counts(n_rows=len(rows), resamples=resamples, seed=seed + 1,
                                                 size=max(1, private_rows)))
    return PublicUncertainty(interval=interval(public), replicates=public.astype(np.float32),
                             at_private_size=simulated.astype(np.float32))
