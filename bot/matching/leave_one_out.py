"""Leave-one-out routing for the publish check: a question scored as if one unit (an example) were
not in the index, without rebuilding it."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from bot.matching.features import column_dot, column_dot_and_presence
from bot.matching.results import MatchResult

if TYPE_CHECKING:
    from bot.matching.matcher import Matcher


def unit_of(matcher: Matcher, class_id: str, text: str) -> int | None:
    """The row of a class's title, keyword or example in the index (None when it has no words)."""
    cls = matcher._class_row[class_id]
    start = int(matcher.class_starts[cls])
    end = start + int(np.count_nonzero(matcher.unit_class == cls))
    return next((row for row in range(start, end) if matcher.unit_texts[row] == text), None)


def match_without(matcher: Matcher, row: int, columns: np.ndarray, weights: np.ndarray, unknown: int) -> MatchResult:
    """The match as if unit `row` were not in the index: its class rebuilt from its other units, and
    the rarity of the words only that unit gave its class recomputed (unit norms kept as they are)."""
    from bot.matching.matcher import WEIGHT_CENTROID, WEIGHT_COVERAGE, WEIGHT_NEAREST  # imported here: no cycle
    if matcher._unit_rows is None:
        matcher._unit_rows = matcher.units.tocsr()
    cls = int(matcher.unit_class[row])
    start = int(matcher.class_starts[cls])
    others = [r for r in range(start, start + int(np.count_nonzero(matcher.unit_class == cls))) if r != row]
    pattern = matcher._unit_rows[others] if others else sparse.csr_matrix((0, len(matcher.vocab)))
    pattern.data[:] = 1.0
    counts = np.asarray(pattern.sum(axis=0)).ravel()
    own = np.zeros(len(matcher.vocab), dtype=bool)
    own[matcher._unit_rows[row].indices] = True
    folded = matcher._folded_of[columns]
    only_here = own[folded] & (counts[folded] == 0)
    total, pseudo = matcher._idf_constants
    frequency = matcher._document_frequency[folded] - only_here
    # Words only that unit has are unknown without it: out of the question's vector, counted as unknown.
    seen = frequency > 0
    unknown += sum("_" not in matcher.feature_names[c] for c in columns[~seen])
    columns, frequency = columns[seen], frequency[seen]
    idf = np.log(total / (frequency + pseudo))
    ratio = idf / matcher.idf[columns]
    weights = weights[seen] * ratio
    known_mass = float(weights @ weights)
    if not len(columns) or known_mass <= 0:
        return MatchResult("none", ())
    linear_mass = float(weights.sum()) + unknown * matcher.unknown_idf
    q = weights / math.sqrt(known_mass)
    unit_scores = column_dot(matcher.units, columns, q * ratio, compared_only=True)  # maxima and their places only
    unit_scores[row] = 0.0
    nearest = np.zeros(len(matcher.class_ids))
    nearest[matcher._has_units] = np.maximum.reduceat(unit_scores, matcher.class_starts[matcher._has_units])
    centroid, known_weight = column_dot_and_presence(matcher.centroids, columns, q * ratio, weights)
    coverage = known_weight / linear_mass
    if others:
        weighted = counts * matcher.idf
        norm = math.sqrt(float((weighted[matcher._folded] ** 2).sum())) or 1.0
        centroid[cls] = float((counts[columns] * idf) @ q) / norm
        coverage[cls] = float(weights[counts[columns] > 0].sum()) / linear_mass
        nearest[cls] = float(unit_scores[others].max())
    else:
        nearest[cls] = centroid[cls] = coverage[cls] = 0.0
    scores = WEIGHT_NEAREST * nearest + WEIGHT_CENTROID * centroid + WEIGHT_COVERAGE * coverage
    return matcher._decide(scores, columns, weights, unit_scores)
