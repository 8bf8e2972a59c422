"""What the matcher says about one question: the ranked policies and the band."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Band = Literal["answer", "suggest", "none"]
# Top two closer than this: neither is clearly meant (the matcher offers both; see matcher.py).
NEAR_TIE = 0.05
# A question part in the whole's band must score this much more to replace it: closer is the same evidence.
FOCUS_MARGIN = 0.01
_BAND_RANK = {"answer": 2, "suggest": 1, "none": 0}


def _no_evidence() -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class Match:
    """One ranked policy: id, score in 0..1, and how to tell the words and example that matched."""

    policy_id: str
    score: float
    # Worked out on demand: only `ask --json` shows it, and it costs more than the scoring (see matcher.py).
    explain: Callable[[], tuple[str, ...]] = field(default=_no_evidence, compare=False, repr=False)

    @property
    def evidence(self) -> tuple[str, ...]:
        """The informative question words this policy knows, longest first, and its closest unit."""
        return self.explain()


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

    @property
    def tied(self) -> bool:
        """Whether the best two policies are too close to tell apart."""
        return len(self.matches) > 1 and self.matches[0].score - self.matches[1].score < NEAR_TIE

    def clearer_than(self, whole: MatchResult) -> bool:
        """Whether this match of a question part says more clearly than the whole message's what is
        asked: a better band, or the same band with a higher score (an out-of-scope question sentence
        counts as clear)."""
        if self.out_of_scope is not None and whole.band != "answer":
            return True
        f_top, w_top = self.top, whole.top
        if _BAND_RANK[self.band] != _BAND_RANK[whole.band]:
            return _BAND_RANK[self.band] > _BAND_RANK[whole.band] and self.out_of_scope is None
        if f_top is None or (w_top is not None and f_top.score <= w_top.score + FOCUS_MARGIN):
            return False
        # A part that cannot tell two policies apart is no clearer than a whole that can.
        return w_top is None or not self.tied or whole.tied
