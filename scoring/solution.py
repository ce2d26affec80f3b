"""Loading a host's solution file: the hidden answers, prepared once, and the public/private split.

The formats are documented in each metric's module (`scoring.metrics.macro_f1`, `.rouge`, `.map_at_k`).
Rows come from the ``Usage`` column (``Public``/``Private``, any case) when the solution has one;
otherwise a seeded random split puts ``round(public_fraction * n)`` rows in public.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scoring.errors import SolutionFormatError, shown
from scoring.fixed_ids import FixedWidthIds
from scoring.metrics import METRICS, get_metric
from scoring.parsers import Table, gc_paused
from scoring.parsers.decompress import read_text


@dataclass(frozen=True, eq=False)
class Solution:
    """A loaded solution.

    Attributes:
      ids: Row ids in solution order.
      is_public: Boolean array, True for rows on the public leaderboard.
      answers: The metric's prepared answers (e.g. references tokenized and indexed for ROUGE).
      sha256: Hex digest of the uploaded bytes.
      index: Id -> row position.
      fixed_ids: The ids as fixed-width words when they all share one ASCII width (else None).
    """

    ids: tuple[str, ...]
    is_public: np.ndarray
    answers: Any
    sha256: str
    fixed_ids: FixedWidthIds | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fixed_ids", FixedWidthIds.build(self.ids))

    @functools.cached_property
    def index(self) -> dict[str, int]:
        """Built on first use: files whose ids `fixed_ids` matches never need it."""
        return dict(zip(self.ids, range(len(self.ids))))


@gc_paused()
def load_solution(
    *, data: bytes, metric_key: str, params: dict, public_fraction: float = 0.5, seed: int = 0
) -> Solution:
    """Parse and prepare a solution file.

    Raises:
      SolutionFormatError: For an unknown metric or parameter, an unreadable file, a missing column,
        a duplicate id, a bad Usage value or a bad public_fraction.
    """
    try:
        spec = get_metric(metric_key)
    except KeyError:
        raise SolutionFormatError("metric.unknown", key=repr(metric_key), known=", ".join(sorted(METRICS))) from None
    params = spec.resolve_params(params)
    text = read_text(data=data, max_bytes=params["max_bytes"], error=SolutionFormatError)
    table = spec.load_answers(text=text, params=params)
    _check_ids(table)
    if table.usage is None:
        is_public = random_split(n_rows=len(table.ids), public_fraction=public_fraction, seed=seed)
    else:
        is_public = _usage_split(table)
    return Solution(
        ids=tuple(table.ids), is_public=is_public, answers=table.values, sha256=hashlib.sha256(data).hexdigest()
    )


def random_split(*, n_rows: int, public_fraction: float, seed: int) -> np.ndarray:
    """Mark ``round(public_fraction * n_rows)`` rows public, chosen by ``numpy.random.default_rng(seed)``."""
    if not 0 <= public_fraction <= 1:
        raise SolutionFormatError("solution.public_fraction", value=str(public_fraction))
    is_public = np.zeros(n_rows, dtype=bool)
    is_public[np.random.default_rng(seed).permutation(n_rows)[: round(public_fraction * n_rows)]] = True
    return is_public


def _usage_split(table: Table) -> np.ndarray:
    usage = [value.strip().lower() for value in table.usage]
    for value, raw, line in zip(usage, table.usage, table.lines.tolist()):
        if value not in ("public", "private"):
            raise SolutionFormatError("solution.usage", line=line, value=shown(raw))
    return np.array(usage) == "public"


def _check_ids(table: Table) -> None:
    if not table.ids:
        raise SolutionFormatError("solution.empty")
    if len(set(table.ids)) == len(table.ids):
        return
    first_line: dict[str, int] = {}
    for row_id, line in zip(table.ids, table.lines.tolist()):
        if row_id in first_line:
            raise SolutionFormatError("solution.duplicate_id", line=line, value=shown(row_id),
                                      first_line=first_line[row_id])
        first_line[row_id] = line
