"""Matching ids of one fixed width (the bootcamp's ``0123456789abcdef.jpg``) by array operations.

Looking 314,000 freshly parsed id strings up in a dict costs a cache miss or two per id once a shuffled file's
order stops matching the solution's. Here each id's bytes become a few 64-bit words, hashed column-wise, found
by binary search among the solution's sorted hashes, and every match is confirmed word for word, so a hash
collision can only send the file to the dict path, never pair the wrong rows.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MAX_WIDTH = 64  # longer ids are rare; they keep the dict path
_MIX = np.uint64(0x9E3779B97F4A7C15)


def id_words(matrix: np.ndarray) -> np.ndarray:
    """``(n, width)`` uint8 id bytes as ``(n, ceil(width / 8))`` uint64 words (zero-padded)."""
    n, width = matrix.shape
    padded = np.zeros((n, -(-width // 8) * 8), dtype=np.uint8)
    padded[:, :width] = matrix
    return padded.view(np.uint64)


def _hash(words: np.ndarray) -> np.ndarray:
    hashed = words[:, 0].copy()
    for column in range(1, words.shape[1]):
        hashed = (hashed * _MIX) ^ words[:, column]
    return hashed


@dataclass(frozen=True, eq=False)
class FixedWidthIds:
    """The solution's ids when they are ASCII and all ``width`` characters long."""

    width: int
    words: np.ndarray  # (n, w) uint64, solution order
    sorted_hashes: np.ndarray
    order: np.ndarray  # solution row of each sorted hash

    @classmethod
    def build(cls, ids: Sequence[str]) -> "FixedWidthIds | None":
        if not ids:
            return None
        width = len(ids[0])
        joined = "".join(ids)
        if not (0 < width <= MAX_WIDTH and joined.isascii() and len(joined) == width * len(ids)
                and all(len(value) == width for value in ids)):
            return None
        words = id_words(np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(len(ids), width))
        hashes = _hash(words)
        order = np.argsort(hashes, kind="stable")
        return cls(width=width, words=words, sorted_hashes=hashes[order], order=order)

    def positions(self, words: np.ndarray) -> np.ndarray | None:
        """Solution row of each submitted id when the file holds each solution id exactly once; else None (the
        caller's dict path then names what is missing, unknown or repeated).

        Such a file's sorted hashes equal the solution's, so sorting pairs the rows without a search.
        """
        if words.shape != self.words.shape:
            return None
        if np.array_equal(words, self.words):  # the sample submission's order: nothing to sort
            return np.arange(len(words))
        hashes = _hash(words)
        submitted = np.argsort(hashes)
        if not np.array_equal(hashes[submitted], self.sorted_hashes):
            return None
        rows = np.empty(len(words), dtype=np.int64)
        rows[submitted] = self.order
        if not np.array_equal(self.words[rows], words):
            return None  # a hash collision: the dict path decides
        return rows
