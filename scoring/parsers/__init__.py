"""Strict parsers for submission and solution files.

Each parser returns a `Table` of rows in file order with their line numbers, so later checks (unknown,
duplicate or missing ids, labels) can name the line a participant has to fix.
"""

import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np


class LazyIds(Sequence[str]):
    """A file's ids, split out of its text only when something reads them.

    Matching fixed-width ids by their bytes (`scoring.fixed_ids`) needs only the count; the list of 314,000
    strings is then built only for the dict path or a message that names an id.
    """

    def __init__(self, split: Callable[[], list[str]], count: int) -> None:
        self._split, self._count = split, count

    @functools.cached_property
    def _ids(self) -> list[str]:
        return self._split()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self._ids[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)


@dataclass(frozen=True, eq=False)
class Table:
    """Rows read from a file, in file order.

    Attributes:
      ids: The id of each row, as text.
      values: Format-specific values, one per row (an array or a list).
      lines: The 1-based line number where each row starts.
      usage: The raw ``Usage`` cell of each row (solutions only; None when the column is absent).
      id_words: The ids' bytes as uint64 words when every id has the same width (the bulk CSV path sets it),
        for `scoring.fixed_ids`; None otherwise.
    """

    ids: Sequence[str]
    values: Any
    lines: np.ndarray
    usage: list[str] | None = None
    id_words: np.ndarray | None = None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (usable as a decorator).

    Parsing creates hundreds of thousands of small lists and dicts, each allocation batch triggering a
    collection that walks them all again (it doubles JSON Lines parsing time); they form no cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
