"""Strict parsers for submission and solution files.

Each parser returns a `Table` of rows in file order with their line numbers, so later checks (unknown,
duplicate or missing ids, labels) can name the line a participant has to fix.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class Table:
    """Rows read from a file, in file order.

    Attributes:
      ids: The id of each row, as text.
      values: Format-specific values, one per row (an array or a list).
      lines: The 1-based line number where each row starts.
      usage: The raw ``Usage`` cell of each row (solutions only; None when the column is absent).
    """

    ids: list[str]
    values: Any
    lines: np.ndarray
    usage: list[str] | None = None
