"""A knowledge-base snapshot: the validated content, its matcher index and eligibility engine, and
the answer cards rendered from it. What every transport answers from; never changed once built."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot import kbcache
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

    def __getstate__(self) -> dict[str, Any]:
        # Pickled into the on-disk cache (bot.kbcache): the rendered cards are per process and per day.
        return {**self.__dict__, "_cards": {}}

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


def cache_dir(settings: Settings) -> Path:
    """Where built snapshots and check reports are kept between runs (see bot.kbcache)."""
    return settings.data_dir / "cache"


def loaded_now(snapshot: Snapshot) -> Snapshot:
    """A snapshot taken from the cache, stamped as loaded now (what /kbstatus shows as the load time)."""
    # A fresh object nobody else holds yet: setting the frozen field in place is safe.
    object.__setattr__(snapshot.kb, "loaded_at", datetime.now(UTC))
    return snapshot


def build_snapshot(settings: Settings, directory: Path | None = None) -> Snapshot:
    """Load, validate and index (no example routing: see bot.policies.gate for the publish gate);
    raises KnowledgeBaseError with every problem on failure. Cached on disk by content (bot.kbcache)."""
    folder = directory or settings.policies_dir
    thresholds = (settings.answer_threshold, settings.suggest_threshold)

    def build() -> Snapshot:
        return snapshot_of(load_knowledge_base(folder), settings)

    return loaded_now(kbcache.cached(cache_dir(settings), "snapshot", (folder,), thresholds, build))
