"""What the matcher says about one question: the ranked policies and the band."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Band = Literal["answer", "suggest", "none"]
# Top two closer than this: neither is clearly meant (the matcher offers both; see matcher.py).
NEAR_TIE = 0.05


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
