"""ROUGE-1/2/L F1 between tokenized predictions and references that were tokenized and indexed once.

The numbers equal rouge-score's ``RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=...)`` for the same
tokens, but the work is laid out for many rows at once:

- Tokens become integer ids from the references' vocabulary; a prediction token no reference has gets the
  spare id ``len(vocab)``, which can never match.
- n-gram overlaps are counted for all (row, reference) pairs together by looking up the prediction's
  (pair, n-gram) keys in the references' sorted key table.
- LCS lengths use the bit-parallel algorithm of Hyyrö (2004) on Python integers: one pass over the
  prediction, a few integer operations per token.
"""

from dataclasses import dataclass
from itertools import chain

import numpy as np


@dataclass(frozen=True, eq=False)
class GramCounts:
    """Sorted ``pair * size + gram`` keys of every reference n-gram, and how often each occurs."""

    keys: np.ndarray
    counts: np.ndarray
    size: int

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Reference count of each key (0 when the reference lacks it)."""
        if not self.keys.size:
            return np.zeros(keys.size, dtype=np.int64)
        position = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        return np.where(self.keys[position] == keys, self.counts[position], 0)


@dataclass(frozen=True, eq=False)
class References:
    """Tokenized references of every solution row, ``n_refs`` per row.

    Attributes:
      tokenizer: Name of the tokenizer that produced them; predictions must use the same one.
      vocab: Token -> id.
      flat: All reference token ids, pair after pair (pair = row * n_refs + reference).
      starts: Offset of each pair in ``flat``, shape (rows, n_refs).
      lengths: Token count of each pair, shape (rows, n_refs).
      bigram_codes: Sorted distinct ``first * (len(vocab) + 1) + second`` codes of reference bigrams.
      unigrams, bigrams: Reference n-gram counts.
    """

    tokenizer: str
    vocab: dict[str, int]
    flat: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray
    bigram_codes: np.ndarray
    unigrams: GramCounts
    bigrams: GramCounts

    @property
    def n_refs(self) -> int:
        return self.lengths.shape[1]


def index_references(*, tokens: list[list[list[str]]], tokenizer: str) -> References:
    """Index references given as ``tokens[row][reference] -> list of tokens`` (the same count per row)."""
    vocab: dict[str, int] = {}
    pairs = [sequence for row in tokens for sequence in row]
    flat = np.fromiter((vocab.setdefault(t, len(vocab)) for t in chain.from_iterable(pairs)), dtype=np.int64)
    lengths = np.fromiter(map(len, pairs), dtype=np.int64, count=len(pairs))
    owner = np.repeat(np.arange(len(pairs)), lengths)
    unigram_size = len(vocab) + 1
    codes, code_owner = _bigram_codes(flat, owner, unigram_size)
    bigram_codes = np.unique(codes)
    return References(
        tokenizer=tokenizer,
        vocab=vocab,
        flat=flat,
        starts=(np.cumsum(lengths) - lengths).reshape(len(tokens), -1),
        lengths=lengths.reshape(len(tokens), -1),
        bigram_codes=bigram_codes,
        unigrams=_gram_counts(owner, flat, unigram_size),
        bigrams=_gram_counts(code_owner, np.searchsorted(bigram_codes, codes), bigram_codes.size + 1),
    )


def _bigram_codes(flat: np.ndarray, owner: np.ndarray, unigram_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of consecutive token pairs within one sequence, and the sequence each belongs to."""
    same = owner[:-1] == owner[1:]
    return flat[:-1][same] * unigram_size + flat[1:][same], owner[:-1][same]


def _gram_counts(owner: np.ndarray, grams: np.ndarray, size: int) -> GramCounts:
    keys, counts = np.unique(owner * size + grams, return_counts=True)
    return GramCounts(keys=keys, counts=counts, size=size)


def rouge_f1(*, references: References, predictions: list[list[str]], rows: np.ndarray) -> np.ndarray:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of the i-th prediction against each reference of solution row ``rows[i]``.

    Args:
      references: The indexed references.
      predictions: Tokens of each prediction.
      rows: Solution row of each prediction.
    Returns:
      Array of shape (len(rows), n_refs, 3).
    """
    rows = np.asarray(rows, dtype=np.int64)
    encoded, lcs = _encode_with_lcs(references, predictions, rows)
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    flat = np.fromiter(chain.from_iterable(encoded), dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(encoded)), lengths)
    pairs = rows[:, None] * references.n_refs + np.arange(references.n_refs)
    codes, code_owner = _bigram_codes(flat, owner, len(references.vocab) + 1)
    bigrams = _bigram_ids(references.bigram_codes, codes)
    reference_lengths = references.lengths[rows]
    return np.stack(
        [
            _fmeasure(_overlap(references.unigrams, owner, flat, pairs), lengths, reference_lengths),
            _fmeasure(
                _overlap(references.bigrams, code_owner, bigrams, pairs),
                np.maximum(lengths - 1, 0),
                np.maximum(reference_lengths - 1, 0),
            ),
            _fmeasure(lcs, lengths, reference_lengths),
        ],
        axis=-1,
    )


def _encode_with_lcs(
    references: References, predictions: list[list[str]], rows: np.ndarray
) -> tuple[list[list[int]], np.ndarray]:
    """Token ids of each prediction, and its LCS length with each reference of its row."""
    unknown = len(references.vocab)
    starts, lengths = references.starts[rows].tolist(), references.lengths[rows].tolist()
    encoded, lcs = [], np.zeros((len(rows), references.n_refs))
    for i, tokens in enumerate(predictions):
        ids = [references.vocab.get(token, unknown) for token in tokens]
        encoded.append(ids)
        for j, (start, length) in enumerate(zip(starts[i], lengths[i])):
            lcs[i, j] = lcs_length(references.flat[start : start + length].tolist(), ids)
    return encoded, lcs


def _bigram_ids(reference_codes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Id of each bigram code among the references' bigrams, or ``len(reference_codes)`` when absent."""
    position = np.searchsorted(reference_codes, codes)
    found = reference_codes[np.minimum(position, reference_codes.size - 1)] == codes if reference_codes.size else False
    return np.where(found, position, reference_codes.size)


def _overlap(counts: GramCounts, owner: np.ndarray, grams: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Clipped n-gram overlap of each prediction with each of its row's references, shape (rows, n_refs)."""
    keys, predicted = np.unique(owner * counts.size + grams, return_counts=True)
    prediction, gram = np.divmod(keys, counts.size)
    overlap = np.zeros(pairs.shape)
    for reference in range(pairs.shape[1]):
        common = np.minimum(predicted, counts.lookup(pairs[prediction, reference] * counts.size + gram))
        overlap[:, reference] = np.bincount(prediction, weights=common, minlength=pairs.shape[0])
    return overlap


def _fmeasure(matches: np.ndarray, predicted: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """rouge-score's F1: precision = matches / max(predicted, 1), recall = matches / max(reference, 1)."""
    precision = matches / np.maximum(predicted, 1)[:, None]
    recall = matches / np.maximum(reference, 1)
    total = precision + recall
    return np.divide(2 * precision * recall, total, out=np.zeros_like(total), where=total > 0)


def lcs_length(reference: list[int], prediction: list[int]) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyrö 2004).

    Bit i of ``v`` is 1 while reference position i is not yet used by the LCS; each prediction token
    updates all positions at once, and the LCS length is the number of bits that became 0.
    """
    positions: dict[int, int] = {}
    for i, token in enumerate(reference):
        positions[token] = positions.get(token, 0) | 1 << i
    full = (1 << len(reference)) - 1
    v = full
    for token in prediction:
        matches = positions.get(token)
        if matches:
            u = v & matches
            v = ((v + u) | (v - u)) & full
    return len(reference) - v.bit_count()
