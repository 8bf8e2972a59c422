"""A knowledge-base snapshot with its matcher: what every transport answers from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.matching.matcher import Matcher
from bot.policies.loader import KnowledgeBase, load_knowledge_base


@dataclass(frozen=True)
class Snapshot:
    """One validated knowledge base and the index built from it; never mutated."""

    kb: KnowledgeBase
    matcher: Matcher


def build_snapshot(settings: Settings, directory: Path | None = None) -> Snapshot:
    """Load, validate and index; raises KnowledgeBaseError with every problem on failure."""
    kb = load_knowledge_base(directory or settings.policies_dir)
    return Snapshot(kb, Matcher(kb, settings.answer_threshold, settings.suggest_threshold))
