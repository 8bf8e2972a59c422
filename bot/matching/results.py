"""What the matcher says about one question: the ranked policies and the band."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Band = Literal["answer", "suggest", "none"]


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
