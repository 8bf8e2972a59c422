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
from array import array
from dataclasses import dataclass, replace
from functools import partial

import numpy as np
from scipy import sparse

from bot.language.money import amount_positions
from bot.language.places import place_phrases
from bot.language.smalltalk import SmallTalkReader
from bot.language.text import Normalizer, fold
from bot.matching.evidence import evidence
from bot.matching.features import (
    best_of,
    column_dot,
    column_dot_and_presence,
    content_bigrams,
    row_normalize,
    surface_features,
)
from bot.matching.leave_one_out import match_without
from bot.matching.results import NEAR_TIE, Band, Match, MatchResult
from bot.matching.words import WordReader, pair_of
from bot.policies.loader import KnowledgeBase

__all__ = ["NEAR_TIE", "Band", "Match", "MatchResult", "Matcher"]

WEIGHT_NEAREST = 0.45
WEIGHT_CENTROID = 0.25
WEIGHT_COVERAGE = 0.30
TOP_K = 3
# Matches remembered by text: a long message is matched whole, by its question sentence and by the
# halves of a two-question split, which repeat the same pieces. Bounded like the typo cache.
MATCH_CACHE_SIZE = 1_000
# Features remembered by text: only a message's own parts are asked for twice.
FEATURE_CACHE_SIZE = 64
# What the workshop makes (the lexicon's products) weighs this share of its weight in a question.
PRODUCT_SHARE = 0.4
# Rarity saturates: IDF adds this share of the classes to every feature's count (and to the total).
IDF_FLOOR = 0.02
# Top two closer than NEAR_TIE (results.py): "did you mean" with both, even above the answer threshold,
# and even a little below the suggest threshold (TIE_FLOOR of it): two relevant topics split the score.
TIE_FLOOR = 0.75
# A question whose most informative word weighs less than this share of the rarest word's weight is
# too generic to answer directly ("hỗ trợ": 0.55 of 3.4 on the shipped knowledge base).
GENERIC_SHARE = 0.3
# Below the answer threshold (down to LEAD_SHARE of it), a lead of CLEAR_LEAD answers (0.7, 0.11; was 0.8,
# 0.15: 30 more long messages on the sets; the wrong leads were two questions, kept by replies.lead_only).
LEAD_SHARE = 0.7
CLEAR_LEAD = 0.11


@dataclass(frozen=True)
class _Class:
    id: str
    in_scope: bool
    texts: tuple[str, ...]  # title, keywords, examples
    named: int  # how many of the texts name the topic (the title and the keywords)


class Matcher:
    """Immutable index over one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase, answer_threshold: float, suggest_threshold: float) -> None:
        if suggest_threshold > answer_threshold:
            raise ValueError("suggest_threshold must not exceed answer_threshold")
        self.answer_threshold = answer_threshold
        self.suggest_threshold = suggest_threshold
        self.normalizer = Normalizer(kb.lexicon)
        self.small_talk = SmallTalkReader(kb.lexicon, self.normalizer)
        # Place names say where, not what: "xưởng ở Phan Thiết" must not lean towards a policy whose
        # examples name a province. Commune names that are ordinary words of the content are kept.
        location = kb.facts.location
        self.normalizer.drop_places(*place_phrases(location.former_provinces if location else (), content_bigrams(kb)))
        classes = [_Class(p.id, True, (p.title, *p.keywords, *p.examples), 1 + len(p.keywords))
                   for p in kb.policies.values()]
        classes += [_Class(tid, False, (t.title, *t.keywords, *t.examples), 1 + len(t.keywords))
                    for tid, t in kb.out_of_scope.items()]
        self._build(classes)

    def _build(self, classes: list[_Class]) -> None:
        self.class_ids = [c.id for c in classes]
        self._class_row = {cid: row for row, cid in enumerate(self.class_ids)}  # list.index is O(classes)
        self.in_scope = np.array([c.in_scope for c in classes], dtype=bool)
        self._inside = np.flatnonzero(self.in_scope)
        self._outside = np.flatnonzero(~self.in_scope)
        vocab: dict[str, int] = {}
        folded_of: array[int] = array("l")  # column → its folded column (itself when folded)
        readings: dict[int, list[int]] = {}  # folded column → columns of its accented readings

        def column(name: str, folded: int | None = None) -> int:
            found = vocab.get(name)
            if found is None:
                found = vocab[name] = len(vocab)
                folded_of.append(found if folded is None else folded)
                if folded is not None:
                    readings.setdefault(folded, []).append(found)
            return found

        # Pass 1: per unit, each feature's folded column and its reading (-1: typed without diacritics).
        unit_texts: list[str] = []
        unit_class: array[int] = array("l")
        unit_ends: array[int] = array("l")
        unit_folded: array[int] = array("i")
        unit_reading: array[int] = array("i")
        topic_class: array[int] = array("i")  # (class, folded column) of every title and keyword feature
        topic_column: array[int] = array("i")
        for index, cls in enumerate(classes):
            for at, text in enumerate(cls.texts):
                features = surface_features(self.normalizer.normalize(text))
                if not features:
                    continue
                for folded_name, reading in features.items():
                    folded = column(folded_name)
                    written = column(reading, folded) if reading else -1
                    if at < cls.named:  # a topic word, folded and as written ("trạm" names no "trăm")
                        topic_class.extend((index, index) if written >= 0 else (index,))
                        topic_column.extend((folded, written) if written >= 0 else (folded,))
                    unit_folded.append(folded)
                    unit_reading.append(written)
                unit_ends.append(len(unit_folded))
                unit_texts.append(text)
                unit_class.append(index)
        # Pass 2 (vectorised): entries. A feature counts for its folded column and its own reading; one
        # typed plain counts for every reading (it may be any of them).
        ends = np.frombuffer(unit_ends, dtype=np.int64)
        owner = np.repeat(np.arange(len(ends), dtype=np.int32), np.diff(ends, prepend=0))
        folded_cols = np.frombuffer(unit_folded, dtype=np.int32)
        reading_cols = np.frombuffer(unit_reading, dtype=np.int32)
        own = reading_cols >= 0
        # Readings of each folded column as CSR arrays: starts[f] .. starts[f + 1] in `listed`.
        per_folded = np.zeros(len(vocab) + 1, dtype=np.int64)
        for key, columns in readings.items():
            per_folded[key + 1] = len(columns)
        starts = np.cumsum(per_folded)
        listed = np.zeros(int(starts[-1]), dtype=np.int32)
        for key, columns in readings.items():
            listed[starts[key] : starts[key] + len(columns)] = columns
        plain_folded, plain_owner = folded_cols[~own], owner[~own]
        counts = starts[plain_folded + 1] - starts[plain_folded]
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        rows = np.concatenate([owner, owner[own], np.repeat(plain_owner, counts)])
        plain_readings = listed[np.repeat(starts[plain_folded], counts) + offsets]
        cols = np.concatenate([folded_cols, reading_cols[own], plain_readings])
        del unit_folded, unit_reading, folded_cols, reading_cols, owner, own, plain_folded, plain_owner, counts
        del offsets, plain_readings, listed, starts, per_folded, ends
        # Built here, where the entry lists can be freed before the weighting allocates its arrays. Handed
        # over in an attribute, not a local of this frame: _finish frees the row-major counts once it has
        # weighed them into their column-major copy (61 MiB on 10,000 policies).
        self._unit_counts: sparse.csr_matrix | None = sparse.csr_matrix(
            (np.ones(len(cols), dtype=np.float32), (rows, cols)), (len(unit_texts), len(vocab))
        )
        del rows, cols, unit_ends
        # A sparse matrix, not a set per class: on 10,000 policies sets of ints cost tens of MiB.
        pairs = (np.frombuffer(topic_class, dtype=np.int32), np.frombuffer(topic_column, dtype=np.int32))
        self._topics = sparse.csr_matrix((np.ones(len(topic_column), dtype=np.int8), pairs), (len(classes), len(vocab)))
        del pairs, topic_class, topic_column
        self._finish(classes, vocab, np.frombuffer(folded_of, dtype=np.int64), unit_texts, unit_class)

    def _finish(
        self,
        classes: list[_Class],
        vocab: dict[str, int],
        folded_of: np.ndarray,
        unit_texts: list[str],
        unit_class_array: array[int],
    ) -> None:
        units, self._unit_counts = self._unit_counts, None  # the counts by unit (row), weighed below
        assert units is not None
        self.unit_texts = unit_texts
        self.unit_class = np.frombuffer(unit_class_array, dtype=np.int64).copy()
        n = len(classes)
        units_per_class = np.bincount(self.unit_class, minlength=n)
        self.class_starts = (np.cumsum(units_per_class) - units_per_class).astype(np.int64)
        # reduceat needs every class to own at least one unit.
        self._has_units = units_per_class > 0
        self._with_units = np.flatnonzero(self._has_units)  # …and where their units start, for the nearest one
        self._first_units = self.class_starts[self._has_units]
        self.vocab = vocab
        self.feature_names = [""] * len(vocab)
        for name, col in vocab.items():
            self.feature_names[col] = name
        folded_mask = folded_of == np.arange(len(vocab))
        # Centroid weights: each feature counted once per unit that uses it (class × unit indicator
        # times the units, no second list of entries).
        membership = sparse.csr_matrix(
            (np.ones(len(unit_texts), dtype=np.float32), (self.unit_class, np.arange(len(unit_texts)))),
            shape=(n, len(unit_texts)),
        )
        counts = (membership @ units).tocsr()
        del membership
        document_frequency = np.where(folded_mask, np.bincount(counts.indices, minlength=len(vocab)), 0)
        # The floor is a pseudo-count that grows with the knowledge base (added above and below, so
        # a feature every class uses still weighs a little, never less than nothing). Among 10,000
        # classes a feature seen once now weighs 3.9 instead of 8.8, a feature 500 of them share
        # 2.7 instead of 3.0; no weight exceeds log(1 + 1 / IDF_FLOOR) ≈ 3.9.
        floor = IDF_FLOOR * n
        idf = np.log((n + 1 + floor) / (document_frequency + 0.5 + floor))
        self.idf = idf[folded_of]  # a reading weighs what its folded word weighs
        self._folded_of = folded_of
        self._idf_constants = (n + 1 + floor, 0.5 + floor)
        self._generic_floor = GENERIC_SHARE * math.log(self._idf_constants[0] / self._idf_constants[1])
        self._document_frequency = document_frequency  # of folded columns (0 for readings)
        # A word no class knows still carries meaning the knowledge base cannot explain.
        known = self.idf[folded_of == np.arange(len(vocab))]
        self.unknown_idf = float(np.median(known)) if len(known) else 1.0
        self.unigrams = [f for f in self.feature_names if "_" not in f and f.isascii()]
        self.accented_unigrams = [f for f in self.feature_names if "_" not in f and not f.isascii()]
        self._folded = folded_mask
        self._unit_rows: sparse.csr_matrix | None = None  # built on demand for leave-one-out
        self.units = row_normalize(units, self.idf, folded_mask).tocsc()
        del units  # the last reference to the row-major copy
        self.centroids = row_normalize(counts, self.idf, folded_mask).tocsc()
        # Every stored centroid weight is positive, so the centroids' pattern is also the class vocabulary:
        # the row-major counts become it in place, by class (row), for the evidence. Only where its entries
        # are is read: one byte each instead of a float32 copy of the counts.
        counts.data = np.ones(len(counts.data), dtype=bool)
        counts.sort_indices()  # searched with searchsorted
        self.class_rows = counts
        del counts
        self._match_cache: dict[str, MatchResult] = {}
        self._feature_cache: dict[str, tuple[list[tuple[str, float]], list[str], list[str]]] = {}
        # Words the normaliser drops: a typo of one is dropped too (see bot.matching.words); units using each word.
        meaningless = set(self.normalizer.stopwords) | {p[0] for p in self.normalizer.fillers if len(p) == 1}
        used = np.diff(self.units.indptr)
        self.words = WordReader(vocab, self.unigrams, self.accented_unigrams, meaningless, used)
        self.normalizer.read_telex(self.feature_names)

    def query_features(self, text: str) -> tuple[list[tuple[str, float]], list[str], list[str]]:
        """(known features with their weight factor, unknown tokens, normalised tokens) of a question.
        A few are remembered (a message's halves are matched, then asked whether they name a topic)."""
        found = self._feature_cache.get(text)
        if found is None:
            if len(self._feature_cache) >= FEATURE_CACHE_SIZE:
                self._feature_cache.clear()
            found = self._feature_cache[text] = self._query_features(text)
        return found

    def _query_features(self, text: str) -> tuple[list[tuple[str, float]], list[str], list[str]]:
        resolved: list[tuple[str, float] | None] = []
        unknown = []
        normalized = self.normalizer.normalize(text)
        products = self.normalizer.product_positions(normalized)
        amounts = amount_positions(normalized)  # no evidence of an example quoting the figure ("…tối đa 50 triệu…")
        for at, (token, found) in enumerate(zip(normalized, self.words.read(normalized), strict=True)):
            if found == "drop":
                continue
            if at in amounts:  # "máy giá 50 triệu": how much, not about what (and it parts no word pair)
                found = None
            if found is None:
                unknown.append(token)
            elif at in products:
                found = (found[0], found[1] * PRODUCT_SHARE)
            if found is not None or not token.isdigit():  # a count ("mua 4 máy") parts no word pair
                resolved.append(found)
        feats = dict(found for found in resolved if found is not None)
        vocab = self.vocab
        for a, b in itertools.pairwise(resolved):
            if a is None or b is None:
                continue
            # Both read with diacritics: only that reading (or units typed plain); otherwise folded.
            pair = pair_of(a[0], b[0])
            if pair in vocab:
                feats.setdefault(pair, min(a[1], b[1]))
        return list(feats.items()), unknown, normalized

    def names_topic(self, class_id: str, text: str) -> bool:
        """Whether a question names what a class is about: an informative word or pair of its (one
        weighing at least GENERIC_SHARE of the rarest) that the class's title or keywords use. Words
        only its examples use do not count: "có mất phí không" meets "mất phí" in an example about
        fair booths, but asks about no topic of its own."""
        row = self._class_row[class_id]
        topic = set(self._topics.indices[self._topics.indptr[row] : self._topics.indptr[row + 1]].tolist())
        feats = self.query_features(text)[0]
        # A word read with its diacritics names the topic in that reading only; one typed plain, in any.
        return any(
            self.vocab[name] in topic and float(self.idf[self.vocab[name]]) * factor >= self._generic_floor
            for name, factor in feats
        )

    def match(self, text: str, leave_out: int | None = None) -> MatchResult:
        """Rank policies for a question and choose the band (`leave_out`: a unit row to score as if
        it were not in the index, for the publish check's leave-one-out routing of examples)."""
        text = text[:2000]
        if leave_out is None:
            cached = self._match_cache.get(text)
            if cached is None:
                cached = self._match(text)
                if len(self._match_cache) >= MATCH_CACHE_SIZE:
                    self._match_cache.clear()
                self._match_cache[text] = cached
            return cached
        return self._match(text, leave_out)

    def __getstate__(self) -> dict[str, object]:
        # Remembered matches stay out of the on-disk cache (bot/kbcache.py): memos calling back into this matcher.
        return {**self.__dict__, "_match_cache": {}, "_feature_cache": {}}

    def clear_cache(self) -> None:
        """Forget the remembered matches and features (the benchmark starts each pass cold)."""
        self._match_cache.clear()
        self._feature_cache.clear()

    def _match(self, text: str, leave_out: int | None = None) -> MatchResult:
        feats, unknown, normalized = self.query_features(text)
        text_key = " ".join(fold(token) for token in normalized)
        # Only folded look-alikes of words typed with other diacritics ("đà lạt": "da", "đan lát"): none known.
        if not feats or (not unknown and self.words.only_look_alikes(normalized, [f for _, f in feats])):
            return MatchResult("none", (), normalized=text_key)
        columns = np.array([self.vocab[f] for f, _ in feats])
        weights = self.idf[columns] * np.array([factor for _, factor in feats])
        known_mass = float(weights @ weights)
        linear_mass = float(weights.sum()) + len(unknown) * self.unknown_idf
        if known_mass <= 0:
            return MatchResult("none", (), normalized=text_key)
        if leave_out is not None:
            result = match_without(self, leave_out, columns, weights, len(unknown))
            return replace(result, normalized=text_key)
        q = weights / math.sqrt(known_mass)
        unit_scores = column_dot(self.units, columns, q, compared_only=True)  # maxima and their places only
        nearest = np.zeros(len(self.class_ids))
        nearest[self._with_units] = np.maximum.reduceat(unit_scores, self._first_units)
        # Coverage is linear, not squared: squared, the question's rarest feature is most of its mass.
        centroid, known_weight = column_dot_and_presence(self.centroids, columns, q, weights)
        coverage = known_weight / linear_mass
        scores = WEIGHT_NEAREST * nearest + WEIGHT_CENTROID * centroid + WEIGHT_COVERAGE * coverage
        return self._decide(scores, columns, weights, unit_scores, text_key)

    def _decide(
        self, scores: np.ndarray, columns: np.ndarray, weights: np.ndarray, unit_scores: np.ndarray,
        normalized: str = "",
    ) -> MatchResult:
        # Only the best few are needed, not a full ranking (it has an entry for every class): the best
        # out-of-scope topic and the TOP_K best policies, ties going to the class listed first.
        outside = self._outside
        best_out = int(outside[scores[outside].argmax()]) if len(outside) else None
        ranked = best_of(scores, self._inside, TOP_K)
        matches = tuple(
            Match(
                self.class_ids[i],
                round(min(score, 1.0), 4),
                partial(evidence, self, i, columns, weights, self._closest_unit(i, unit_scores)),
            )
            for i, score in zip(ranked, scores[ranked].tolist(), strict=True)
            if score > 0
        )
        top = matches[0].score if matches else 0.0
        if best_out is not None and scores[best_out] >= top and scores[best_out] > 0:
            return MatchResult("none", matches, self.class_ids[best_out], normalized)
        second = matches[1].score if len(matches) > 1 else 0.0
        # Two policies nearly tied: neither is clearly meant, so offer both.
        tied = second > 0 and top - second < NEAR_TIE
        # Only generic words ("hỗ trợ", "bao nhiêu"): never a direct answer, whatever the score.
        generic = float(weights.max()) < self._generic_floor if len(weights) else True
        if self.answers(top, second) and not generic:
            return MatchResult("answer", matches, normalized=normalized)
        if top >= self.suggest_threshold or (tied and second >= TIE_FLOOR * self.suggest_threshold):
            return MatchResult("suggest", matches, normalized=normalized)
        return MatchResult("none", matches, normalized=normalized)

    def answers(self, top: float, second: float) -> bool:
        """Whether `top` over `second` answers: no near tie; the answer threshold, or a lead (CLEAR_LEAD)."""
        if second > 0 and top - second < NEAR_TIE:
            return False
        # A long, chatty question spreads its weight and scores lower; under the suggest threshold no lead counts.
        lead_floor = max(LEAD_SHARE * self.answer_threshold, self.suggest_threshold)
        return top >= self.answer_threshold or (top >= lead_floor and top - second >= CLEAR_LEAD)

    def _closest_unit(self, cls: int, unit_scores: np.ndarray) -> int | None:
        """The row of the class's unit nearest to the question (None when the class has no units)."""
        start = int(self.class_starts[cls])
        end = int(self.class_starts[cls + 1]) if cls + 1 < len(self.class_starts) else len(self.unit_texts)
        return start + int(unit_scores[start:end].argmax()) if end > start else None
