from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, eq=False)
class RowScores:
    """What a split's score is made of, row by row, so that it can be recomputed on resampled rows.

    Decomposable metrics (ROUGE, MAP@k) give ``values``: each row's contribution, whose mean is the score. Macro F1
    is not decomposable: it gives each row's true and predicted label index (``n_labels`` for a value outside
    the label set), from which resampled confusion counts give resampled scores (scoring.bootstrap).
    """

    values: np.ndarray | None = None
    true_index: np.ndarray | None = None
    pred_index: np.ndarray | None = None
    n_labels: int = 0

    def __len__(self) -> int:
        return len(self.values) if self.values is not None else len(self.true_index)


@dataclass(frozen=True)
class MetricResult:
    """A split's score, plus its named components (e.g. ``rouge1``) where the metric has them, and its rows."""

    score: float
    parts: dict[str, float] = field(default_factory=dict)
    rows: RowScores | None = field(default=None, compare=False, repr=False)
