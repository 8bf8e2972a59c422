"""What a match shows as its evidence (`ask --json`, the publish check's reasons): the informative
question words a policy knows and its closest title, keyword or example. Worked out on demand only:
it costs more than the scoring."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from bot.matching.matcher import Matcher


def evidence(
    matcher: Matcher, cls: int, columns: np.ndarray, weights: np.ndarray, closest: int | None
) -> tuple[str, ...]:
    """The informative query words class `cls` knows, longest first, and its closest unit."""
    rows = matcher.class_rows
    known = rows.indices[rows.indptr[cls] : rows.indptr[cls + 1]]
    at = np.minimum(np.searchsorted(known, columns), max(len(known) - 1, 0))
    vocab = set(columns[known[at] == columns].tolist()) if len(known) else set()
    terms = sorted(
        dict.fromkeys(
            matcher.feature_names[c].replace("_", " ")
            for c, w in zip(columns.tolist(), weights.tolist(), strict=True)
            if c in vocab and w > 0.5
        ),
        key=len,
        reverse=True,
    )[:5]
    return tuple(terms) if closest is None else (*terms, f"~ {matcher.unit_texts[closest]}")
