"""Routes a free-text Vietnamese question to a policy, or says honestly that it does not know.

The index is built once per knowledge-base load. Each class (a policy, or an out-of-scope topic
from `_out_of_scope.yaml`) is described by units: its title, each keyword and each example
question. Features are the question's canonical tokens and token pairs, weighted by how rare they
are across classes ("hỗ trợ" is everywhere and weighs almost nothing; "dây chuyền" weighs a lot).
Rarity saturates: each count gets a pseudo-count of IDF_FLOOR × the number of classes, so no
weight exceeds about log(1 + 1 / IDF_FLOOR).
A class scores by a blend of:
  * nearest unit: cosine between the question and its closest example / title / keyword;
  * centroid: cosine between the question and all of the class's text;
  * coverage: the share of the question's (linear) weight that the class's vocabulary explains.
Unknown words that look like a typo of a known word are corrected with rapidfuzz first.

Why saturation and linear coverage: on a large knowledge base (thousands of policies, many of them
alike) most features occur in a single text, often by accident (a stray word, or a pair such as
"day may" from both "dạy may" and "dây mây"). Plain IDF grows with the number of classes, so such a
one-off came to outweigh the words several policies share and the question is really about, and
squaring the weights in coverage let it dominate that term too. On the shipped knowledge base
(30 classes) the pseudo-count is 0.6 of a class and changes little; see bench/results/matcher.md
for 1,000 and 10,000 policies.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from bot.language.text import Normalizer, bigrams
from bot.policies.loader import KnowledgeBase

Band = Literal["answer", "suggest", "none"]

WEIGHT_NEAREST = 0.45
WEIGHT_CENTROID = 0.25
WEIGHT_COVERAGE = 0.30
TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 80.0
TYPO_CACHE_SIZE = 10_000  # words remembered (users' typos are endless: the cache must not grow with them)
TOP_K = 3
# Rarity saturates: IDF adds this share of the classes to every feature's count (and to the total).
IDF_FLOOR = 0.02


@dataclass(frozen=True)
class Match:
    """One ranked policy: id, score in 0..1, and the words and example that matched."""

    policy_id: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict for one question."""

    band: Band
    matches: tuple[Match, ...]
    out_of_scope: str | None = None
    normalized: str = ""

    @property
    def top(self) -> Match | None:
        return self.matches[0] if self.matches else None


@dataclass(frozen=True)
class _Class:
    id: str
    in_scope: bool
    texts: tuple[str, ...]


def _features(tokens: list[str]) -> list[str]:
    return [*tokens, *bigrams(tokens)]


class Matcher:
    """Immutable index over one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase, answer_threshold: float, suggest_threshold: float) -> None:
        if suggest_threshold > answer_threshold:
            raise ValueError("suggest_threshold must not exceed answer_threshold")
        self.answer_threshold = answer_threshold
        self.suggest_threshold = suggest_threshold
        self.normalizer = Normalizer(kb.lexicon)
        classes = [_Class(p.id, True, (p.title, *p.keywords, *p.examples)) for p in kb.policies.values()] + [
            _Class(tid, False, (t.title, *t.keywords, *t.examples)) for tid, t in kb.out_of_scope.items()
        ]
        self._build(classes)

    def _build(self, classes: list[_Class]) -> None:
        self.class_ids = [c.id for c in classes]
        self.in_scope = np.array([c.in_scope for c in classes], dtype=bool)
        unit_features: list[list[str]] = []
        unit_texts: list[str] = []
        unit_class: list[int] = []
        for index, cls in enumerate(classes):
            for text in cls.texts:
                feats = sorted(set(_features(self.normalizer.normalize(text))))
                if not feats:
                    continue
                unit_features.append(feats)
                unit_texts.append(text)
                unit_class.append(index)
        self.unit_texts = unit_texts
        self.unit_class = np.array(unit_class, dtype=np.int64)
        n = len(classes)
        units_per_class = np.bincount(self.unit_class, minlength=n)
        self.class_starts = (np.cumsum(units_per_class) - units_per_class).astype(np.int64)
        # reduceat needs every class to own at least one unit.
        self._has_units = units_per_class > 0

        self.feature_names = sorted({feat for feats in unit_features for feat in feats})
        self.vocab = {feat: column for column, feat in enumerate(self.feature_names)}
        # One (unit, feature) entry per feature a unit uses, as COO arrays: building the matrices
        # from them keeps a 10,000-policy index build in seconds.
        rows = np.repeat(np.arange(len(unit_features)), [len(feats) for feats in unit_features])
        cols = np.array([self.vocab[feat] for feats in unit_features for feat in feats], dtype=np.int64)
        units = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(unit_features), len(self.vocab)))
        # Centroid weights: each feature counted once per unit that uses it (the constructor sums
        # the duplicates).
        counts = sparse.csr_matrix((np.ones(len(cols)), (self.unit_class[rows], cols)), shape=(n, len(self.vocab)))
        document_frequency = np.bincount(counts.indices, minlength=len(self.vocab))
        # The floor is a pseudo-count that grows with the knowledge base (added above and below, so
        # a feature every class uses still weighs a little, never less than nothing). Among 10,000
        # classes a feature seen once now weighs 3.9 instead of 8.8, a feature 500 of them share
        # 2.7 instead of 3.0; no weight exceeds log(1 + 1 / IDF_FLOOR) ≈ 3.9.
        floor = IDF_FLOOR * n
        self.idf = np.log((n + 1 + floor) / (document_frequency + 0.5 + floor))
        # A word no class knows still carries meaning the knowledge base cannot explain.
        self.unknown_idf = float(np.median(self.idf)) if len(self.idf) else 1.0
        self.unigrams = [f for f in self.feature_names if "_" not in f]

        self.units = _row_normalize(units.multiply(self.idf).tocsr()).tocsc()
        self.centroids = _row_normalize(counts.multiply(self.idf).tocsr()).tocsc()
        vocabulary = counts.copy()
        vocabulary.data[:] = 1.0
        self.class_vocab = vocabulary.tocsc()
        self.class_columns = [
            frozenset(vocabulary.indices[a:b].tolist()) for a, b in itertools.pairwise(vocabulary.indptr)
        ]
        self._typo_cache: dict[str, str | None] = {}

    def _correct(self, token: str) -> str | None:
        """The known word a typo most likely meant, or None."""
        if token in self._typo_cache:
            return self._typo_cache[token]
        found = None
        if len(token) >= TYPO_MIN_LENGTH and not token.isdigit():
            hit = process.extractOne(token, self.unigrams, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            found = hit[0] if hit else None
        if len(self._typo_cache) >= TYPO_CACHE_SIZE:
            self._typo_cache.clear()
        self._typo_cache[token] = found
        return found

    def query_features(self, text: str) -> tuple[list[str], list[str], list[str]]:
        """(known features, unknown tokens, normalised tokens) of a question, typos repaired."""
        tokens = []
        unknown = []
        normalized = self.normalizer.normalize(text)
        for token in normalized:
            if token in self.vocab:
                tokens.append(token)
                continue
            fixed = self._correct(token)
            if fixed is None:
                unknown.append(token)
            tokens.append(fixed or token)
        feats = [f for f in dict.fromkeys(_features(tokens)) if f in self.vocab]
        return feats, unknown, normalized

    def match(self, text: str) -> MatchResult:
        """Rank policies for a question and choose the band."""
        feats, unknown, normalized = self.query_features(text[:2000])
        text_key = " ".join(normalized)
        if not feats:
            return MatchResult("none", (), normalized=text_key)
        columns = np.array([self.vocab[f] for f in feats])
        weights = self.idf[columns]
        known_mass = float(weights @ weights)
        linear_mass = float(weights.sum()) + len(unknown) * self.unknown_idf
        if known_mass <= 0:
            return MatchResult("none", (), normalized=text_key)
        q = weights / math.sqrt(known_mass)
        unit_scores = _column_dot(self.units, columns, q)
        nearest = np.zeros(len(self.class_ids))
        nearest[self._has_units] = np.maximum.reduceat(unit_scores, self.class_starts[self._has_units])
        centroid = _column_dot(self.centroids, columns, q)
        # Linear, not squared: squared, the question's rarest feature is most of its mass.
        coverage = _column_dot(self.class_vocab, columns, weights) / linear_mass
        scores = WEIGHT_NEAREST * nearest + WEIGHT_CENTROID * centroid + WEIGHT_COVERAGE * coverage
        result = self._decide(scores, columns, weights, unit_scores)
        return replace(result, normalized=text_key)

    def _decide(
        self, scores: np.ndarray, columns: np.ndarray, weights: np.ndarray, unit_scores: np.ndarray
    ) -> MatchResult:
        order = np.argsort(-scores, kind="stable")
        # Masks, not a Python loop over the ranking: it has an entry for every class.
        outside = order[~self.in_scope[order]]
        best_out = int(outside[0]) if len(outside) else None
        ranked = [int(i) for i in order[self.in_scope[order]][:TOP_K]]
        matches = tuple(
            Match(
                self.class_ids[i],
                round(float(min(scores[i], 1.0)), 4),
                self._evidence(i, columns, weights, unit_scores),
            )
            for i in ranked
            if scores[i] > 0
        )
        top = matches[0].score if matches else 0.0
        if best_out is not None and scores[best_out] >= top and scores[best_out] > 0:
            return MatchResult("none", matches, out_of_scope=self.class_ids[best_out])
        if top >= self.answer_threshold:
            return MatchResult("answer", matches)
        if top >= self.suggest_threshold:
            return MatchResult("suggest", matches)
        return MatchResult("none", matches)

    def _evidence(self, cls: int, columns: np.ndarray, weights: np.ndarray, unit_scores: np.ndarray) -> tuple[str, ...]:
        """The informative query words this class knows, longest first, and its closest unit."""
        vocab = self.class_columns[cls]
        terms = sorted(
            (
                self.feature_names[c].replace("_", " ")
                for c, w in zip(columns, weights, strict=True)
                if c in vocab and w > 0.5
            ),
            key=len,
            reverse=True,
        )[:5]
        start = self.class_starts[cls]
        end = self.class_starts[cls + 1] if cls + 1 < len(self.class_starts) else len(self.unit_texts)
        if end <= start:
            return tuple(terms)
        return (*terms, f"~ {self.unit_texts[start + int(np.argmax(unit_scores[start:end]))]}")


def _column_dot(matrix: sparse.csc_matrix, columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """matrix[:, columns] @ weights through the CSC arrays directly (scipy's slicing costs more than
    the arithmetic for a handful of query columns)."""
    starts, ends = matrix.indptr[columns], matrix.indptr[columns + 1]
    rows = np.concatenate([matrix.indices[a:b] for a, b in zip(starts, ends, strict=True)])
    values = np.concatenate([matrix.data[a:b] * w for a, b, w in zip(starts, ends, weights, strict=True)])
    return np.bincount(rows, weights=values, minlength=matrix.shape[0])


def _row_normalize(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
