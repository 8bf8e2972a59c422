"""Routes a free-text Vietnamese question to a policy, or says honestly that it does not know.

The index is built once per knowledge-base load. Each class (a policy, or an out-of-scope topic
from `_out_of_scope.yaml`) is described by units: its title, each keyword and each example
question. Features are the question's canonical tokens and token pairs, weighted by how rare they
are across classes ("hỗ trợ" is everywhere and weighs almost nothing; "dây chuyền" weighs a lot).
A class scores by a blend of:
  * nearest unit: cosine between the question and its closest example / title / keyword;
  * centroid: cosine between the question and all of the class's text;
  * coverage: the share of the question's weight that the class's vocabulary explains.
Unknown words that look like a typo of a known word are corrected with rapidfuzz first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from bot.knowledge import KnowledgeBase
from bot.text import Normalizer, bigrams

Band = Literal["answer", "suggest", "none"]

WEIGHT_NEAREST = 0.45
WEIGHT_CENTROID = 0.25
WEIGHT_COVERAGE = 0.30
TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 80.0
TOP_K = 3


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
        class_starts: list[int] = []
        class_vocab: list[set[str]] = []
        for cls in classes:
            class_starts.append(len(unit_features))
            vocab: set[str] = set()
            for text in cls.texts:
                feats = sorted(set(_features(self.normalizer.normalize(text))))
                if not feats:
                    continue
                unit_features.append(feats)
                unit_texts.append(text)
                vocab.update(feats)
            class_vocab.append(vocab)
        self.unit_texts = unit_texts
        self.class_starts = np.array(class_starts, dtype=np.int64)

        self.vocab: dict[str, int] = {}
        document_frequency: dict[str, int] = {}
        for vocab in class_vocab:
            for feat in vocab:
                document_frequency[feat] = document_frequency.get(feat, 0) + 1
        for feat in sorted(document_frequency):
            self.vocab[feat] = len(self.vocab)
        n = len(classes)
        self.idf = np.zeros(len(self.vocab))
        for feat, df in document_frequency.items():
            self.idf[self.vocab[feat]] = math.log((n + 1) / (df + 0.5))
        # A word no class knows still carries meaning the knowledge base cannot explain.
        self.unknown_idf = float(np.median(self.idf)) if len(self.idf) else 1.0
        self.unigrams = sorted(f for f in self.vocab if "_" not in f)
        self.feature_names = sorted(self.vocab, key=self.vocab.__getitem__)

        self.units = self._matrix(unit_features, normalize=True).tocsc()
        centroid = self._matrix([sorted(v) for v in class_vocab], normalize=False)
        # Centroid weights: each feature counted once per unit that uses it.
        counts = sparse.lil_matrix((n, len(self.vocab)))
        unit_class = np.repeat(np.arange(n), np.diff(np.append(self.class_starts, len(unit_features))))
        self.unit_class = unit_class
        for unit, feats in enumerate(unit_features):
            for feat in feats:
                counts[unit_class[unit], self.vocab[feat]] += 1
        weighted = sparse.csr_matrix(counts).multiply(self.idf).tocsr()
        self.centroids = _row_normalize(weighted).tocsc()
        self.class_vocab = centroid.tocsc()
        self.class_columns = [frozenset(self.vocab[f] for f in vocab) for vocab in class_vocab]
        self._typo_cache: dict[str, str | None] = {}
        # reduceat needs every class to own at least one unit.
        self._has_units = np.diff(np.append(self.class_starts, len(unit_features))) > 0

    def _matrix(self, rows: list[list[str]], normalize: bool) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for feats in rows:
            for feat in feats:
                column = self.vocab[feat]
                indices.append(column)
                data.append(self.idf[column] if normalize else 1.0)
            indptr.append(len(indices))
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.vocab)))
        return _row_normalize(matrix) if normalize else matrix

    def _correct(self, token: str) -> str | None:
        """The known word a typo most likely meant, or None."""
        if token in self._typo_cache:
            return self._typo_cache[token]
        found = None
        if len(token) >= TYPO_MIN_LENGTH and not token.isdigit():
            hit = process.extractOne(token, self.unigrams, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            found = hit[0] if hit else None
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
        total_mass = known_mass + len(unknown) * self.unknown_idf**2
        if known_mass <= 0:
            return MatchResult("none", (), normalized=text_key)
        q = weights / math.sqrt(known_mass)
        unit_scores = _column_dot(self.units, columns, q)
        nearest = np.zeros(len(self.class_ids))
        nearest[self._has_units] = np.maximum.reduceat(unit_scores, self.class_starts[self._has_units])
        centroid = _column_dot(self.centroids, columns, q)
        coverage = _column_dot(self.class_vocab, columns, weights**2) / total_mass
        scores = WEIGHT_NEAREST * nearest + WEIGHT_CENTROID * centroid + WEIGHT_COVERAGE * coverage
        result = self._decide(scores, columns, weights, unit_scores)
        return replace(result, normalized=text_key)

    def _decide(
        self, scores: np.ndarray, columns: np.ndarray, weights: np.ndarray, unit_scores: np.ndarray
    ) -> MatchResult:
        order = np.argsort(-scores, kind="stable")
        best_out = next((i for i in order if not self.in_scope[i]), None)
        ranked = [i for i in order if self.in_scope[i]][:TOP_K]
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
