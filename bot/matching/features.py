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


def _spans(matrix: sparse.csc_matrix, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each column's entries start in the CSC arrays, and how many it has."""
    starts = matrix.indptr[columns]
    return starts, matrix.indptr[columns + 1] - starts


def _gathered(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions of those entries, column after column: one gather in numpy instead of a slice per
    column (array methods, not numpy's functions: on a few dozen columns the wrappers cost more)."""
    ends = lengths.cumsum()
    positions: np.ndarray = (starts - (ends - lengths)).repeat(lengths) + np.arange(int(ends[-1]) if len(ends) else 0)
    return positions


def _picked(matrix: sparse.csc_matrix, starts: np.ndarray, lengths: np.ndarray) -> sparse.csc_matrix:
    """The columns as a small CSC matrix, copied slice by slice (a memory copy each: on a large
    knowledge base a common word's column holds many thousands of entries, too many to gather)."""
    spans = [slice(a, a + n) for a, n in zip(starts.tolist(), lengths.tolist(), strict=True)]
    indptr = np.zeros(len(spans) + 1, dtype=matrix.indptr.dtype)
    np.cumsum(lengths, out=indptr[1:])
    return sparse.csc_matrix(
        (np.concatenate([matrix.data[s] for s in spans]), np.concatenate([matrix.indices[s] for s in spans]), indptr),
        shape=(matrix.shape[0], len(spans)),
    )


def column_dot(
    matrix: sparse.csc_matrix, columns: np.ndarray, weights: np.ndarray, *, compared_only: bool = False
) -> np.ndarray:
    """matrix[:, columns] @ weights, straight from the CSC arrays (scipy's column slicing costs more than
    the arithmetic). Few entries: a bincount over them; many: scipy's compiled product. Both sum in
    the same order. `compared_only`: the caller only takes maxima and their places, so the compiled
    product may stay in the matrix's dtype (every float32 is a float64: the same maxima, the same places,
    without converting a value per row: 266,000 of them on 10,000 policies)."""
    starts, lengths = _spans(matrix, columns)
    if int(lengths.sum()) >= COMPILED_FROM:
        product = _picked(matrix, starts, lengths) @ weights.astype(matrix.dtype)
        return product if compared_only else np.asarray(product, dtype=np.float64)
    at = _gathered(starts, lengths)
    values = matrix.data[at] * weights.repeat(lengths)
    return np.bincount(matrix.indices[at], weights=values, minlength=matrix.shape[0])


def column_dot_and_presence(
    matrix: sparse.csc_matrix, columns: np.ndarray, weights: np.ndarray, presence_weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """matrix[:, columns] @ weights, and (matrix[:, columns] != 0) @ presence_weights: which rows hold
    each column, weighted. One gather serves both (the centroids and the class vocabulary share it)."""
    starts, lengths = _spans(matrix, columns)
    presence = np.asarray(presence_weights, dtype=np.float64)
    if int(lengths.sum()) >= COMPILED_FROM:
        picked = _picked(matrix, starts, lengths)
        dot = np.asarray(picked @ weights.astype(matrix.dtype), dtype=np.float64)
        ones = np.ones(len(picked.indices), dtype=matrix.dtype)
        pattern = sparse.csc_matrix((ones, picked.indices, picked.indptr), shape=picked.shape)
        return dot, np.asarray(pattern @ presence.astype(matrix.dtype), dtype=np.float64)
    at = _gathered(starts, lengths)
    rows = matrix.indices[at]
    values = matrix.data[at] * weights.repeat(lengths)
    return (
        np.bincount(rows, weights=values, minlength=matrix.shape[0]),
        np.bincount(rows, weights=presence.repeat(lengths), minlength=matrix.shape[0]),
    )


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


# Classes above which the best few are picked by a partition before sorting (below, sorting all is quicker).
PARTITION_FROM = 256


def best_of(scores: np.ndarray, among: np.ndarray, k: int) -> list[int]:
    """The `k` best of the classes `among` by score, best first, ties in class order (a stable sort's ranking)."""
    values = scores[among]
    if len(values) > PARTITION_FROM:
        kth = np.partition(values, len(values) - k)[len(values) - k]
        candidates = np.flatnonzero(values >= kth)
        best = candidates[np.argsort(-values[candidates], kind="stable")][:k]
    else:
        best = np.argsort(-values, kind="stable")[:k]  # every class a candidate: the same ranking
    ranked: list[int] = among[best].tolist()
    return ranked
