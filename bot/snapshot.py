"""A knowledge-base snapshot: the validated content, its matcher index and eligibility engine, and
the answer cards rendered from it. What every transport answers from; never changed once built."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.eligibility.engine import EligibilityEngine
from bot.matching.matcher import Matcher
from bot.policies.loader import KnowledgeBase, load_knowledge_base
from bot.render.cards import answer_card

MAX_CARDS = 1024


@dataclass(frozen=True)
class Snapshot:
    """One validated knowledge base and what is built from it."""

    kb: KnowledgeBase
    matcher: Matcher
    engine: EligibilityEngine = field(init=False, compare=False, repr=False)
    # Rendered answer cards by (policy, day): the same question is asked often. Per snapshot, so a
    # reload (a new snapshot) can never serve a card of the old content.
    _cards: dict[tuple[str, date], str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "engine", EligibilityEngine(self.kb))

    def answer_card(self, policy_id: str, today: date) -> str:
        """The answer card of a policy as it stands on `today`, rendered once per day."""
        key = (policy_id, today)
        card = self._cards.get(key)
        if card is None:
            if len(self._cards) >= MAX_CARDS:
                self._cards.clear()
            card = self._cards[key] = answer_card(self.kb, self.kb.policies[policy_id], today)
        return card


def snapshot_of(kb: KnowledgeBase, settings: Settings) -> Snapshot:
    """The snapshot of an already validated knowledge base."""
    return Snapshot(kb, Matcher(kb, settings.answer_threshold, settings.suggest_threshold))


def build_snapshot(settings: Settings, directory: Path | None = None) -> Snapshot:
    """Load, validate and index (no example routing: see bot.policies.gate for the publish gate);
    raises KnowledgeBaseError with every problem on failure."""
    return snapshot_of(load_knowledge_base(directory or settings.policies_dir), settings)
