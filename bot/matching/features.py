"""The matcher's features and sparse arithmetic: words and word pairs as typed, with their reading."""

from __future__ import annotations

import itertools

import numpy as np
from scipy import sparse

from bot.language.text import fold, is_plain, tokenize
from bot.policies.loader import KnowledgeBase


def content_bigrams(kb: KnowledgeBase) -> set[str]:
    """Word pairs of the policies' titles, keywords and summaries (ordinary words, not places)."""
    pairs: set[str] = set()
    for policy in kb.policies.values():
        for text in (policy.title, policy.summary, *policy.keywords):
            words = tokenize(text)
            pairs.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return pairs


def surface_features(tokens: list[str]) -> dict[str, str | None]:
    """Folded unigrams and bigrams of normalised tokens → their reading as typed (None when any
    part was typed without diacritics: such a feature may be any reading)."""
    out: dict[str, str | None] = {}
    folded = [fold(t) for t in tokens]
    plain = [is_plain(t) for t in tokens]
    for i, token in enumerate(tokens):
        _merge(out, folded[i], None if plain[i] else token)
    for i in range(len(tokens) - 1):
        reading = None if plain[i] or plain[i + 1] else f"{tokens[i]}_{tokens[i + 1]}"
        _merge(out, f"{folded[i]}_{folded[i + 1]}", reading)
    return out


def _merge(out: dict[str, str | None], folded: str, reading: str | None) -> None:
    # Two readings of one folded word in a single text: keep it open to any reading.
    if folded in out and out[folded] != reading:
        out[folded] = None
    else:
        out[folded] = reading


# Entries above which scipy's compiled product beats a bincount despite building a matrix for it.
COMPILED_FROM = 20_000


def _entries(matrix: sparse.csc_matrix, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions in the CSC arrays of every stored entry of `columns`, column after column, and
    each column's entry count: one gather in numpy (scipy's column slicing costs more than the sums)."""
    # Array methods, not numpy's functions: on a question's few dozen columns the wrappers cost more.
    starts = matrix.indptr[columns]
    lengths = matrix.indptr[columns + 1] - starts
    ends = lengths.cumsum()
    return (starts - (ends - lengths)).repeat(lengths) + np.arange(int(ends[-1]) if len(ends) else 0), lengths


def _product(matrix: sparse.csc_matrix, rows: np.ndarray, values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    # Few entries: a bincount; many (a large knowledge base): scipy's compiled product on a small CSC
    # matrix of those columns. Both sum in the same order.
    if len(rows) < COMPILED_FROM:
        return np.bincount(rows, weights=values, minlength=matrix.shape[0])
    indptr = np.zeros(len(lengths) + 1, dtype=matrix.indptr.dtype)
    np.cumsum(lengths, out=indptr[1:])
    picked = sparse.csc_matrix((values, rows, indptr), shape=(matrix.shape[0], len(lengths)))
    return np.asarray(picked @ np.ones(len(lengths)), dtype=np.float64)


def column_dot(matrix: sparse.csc_matrix, columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """matrix[:, columns] @ weights, straight from the CSC arrays."""
    at, lengths = _entries(matrix, columns)
    values = matrix.data[at] * weights.repeat(lengths)
    return _product(matrix, matrix.indices[at], values, lengths)


def column_dot_and_presence(
    matrix: sparse.csc_matrix, columns: np.ndarray, weights: np.ndarray, presence_weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """matrix[:, columns] @ weights, and (matrix[:, columns] != 0) @ presence_weights: which rows hold
    each column, weighted. One gather serves both (the centroids and the class vocabulary share it)."""
    at, lengths = _entries(matrix, columns)
    rows = matrix.indices[at]
    dot = _product(matrix, rows, matrix.data[at] * weights.repeat(lengths), lengths)
    return dot, _product(matrix, rows, np.asarray(presence_weights, dtype=np.float64).repeat(lengths), lengths)


def row_normalize(
    matrix: sparse.csr_matrix, weights: np.ndarray, counted: np.ndarray, chunk: int = 1 << 20
) -> sparse.csr_matrix:
    """The matrix with each column scaled by its weight and each row to unit length over the `counted`
    columns (the folded ones; readings are copies), in place. Rows go in blocks of about `chunk`
    entries, so the float64 temporaries stay small on a large knowledge base."""
    indptr, rows = matrix.indptr, matrix.shape[0]
    first = 0
    while first < rows:
        last = int(np.searchsorted(indptr, indptr[first] + chunk, side="right")) - 1
        last = min(max(last, first + 1), rows)
        a, b = int(indptr[first]), int(indptr[last])
        data, indices = matrix.data[a:b], matrix.indices[a:b]
        data *= weights[indices]
        row_of = np.repeat(np.arange(last - first, dtype=np.int32), np.diff(indptr[first : last + 1]))
        squares = np.where(counted[indices], data.astype(np.float64) ** 2, 0.0)
        norms = np.sqrt(np.bincount(row_of, weights=squares, minlength=last - first))
        norms[norms == 0] = 1.0
        data /= norms[row_of]
        first = last
    return matrix
