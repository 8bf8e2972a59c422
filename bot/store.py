"""The knowledge base currently served, swapped atomically on reload."""

from __future__ import annotations

from bot.config import Settings
from bot.core import Snapshot, build_snapshot


class KnowledgeStore:
    """Holds the live snapshot. Readers take `current` once per question, so a question in
    flight finishes on the version it started with even if a reload swaps it meanwhile."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._current = snapshot

    @property
    def current(self) -> Snapshot:
        return self._current

    def swap(self, snapshot: Snapshot) -> Snapshot:
        """Publish a new snapshot; returns the previous one."""
        previous, self._current = self._current, snapshot
        return previous

    @classmethod
    def load(cls, settings: Settings) -> KnowledgeStore:
        """Build from the configured folder; raises KnowledgeBaseError when it does not validate."""
        return cls(build_snapshot(settings))
