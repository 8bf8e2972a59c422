"""The guided check as a sequence of questions: which to ask next, how many there can still be
(so "Câu 2/5" never promises fewer questions than will come), and the commune asked as one
free-text question in place of the two abstract location questions.

Pure: the Telegram conversation (handlers/eligibility.py) keeps the state and renders the steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.eligibility import amounts
from bot.eligibility.engine import COMMUNE, PLACE, PLACE_CODE, EligibilityEngine, known_facts, unanswerable

PLACE_QUESTION = COMMUNE  # the name of the commune question in the list of questions asked


@dataclass(frozen=True)
class Step:
    """What to ask next: a fact, the commune (`fact` is then PLACE_QUESTION), or nothing (done)."""

    fact: str | None
    number: int  # this question's number, from 1
    total: int  # at most this many questions in all

    @property
    def done(self) -> bool:
        return self.fact is None


class Interview:
    """Plans the questions of one check (one or more policies, one day)."""

    def __init__(self, engine: EligibilityEngine, policy_ids: Iterable[str], day: date) -> None:
        self.engine = engine
        self.policy_ids = [pid for pid in policy_ids if pid in engine.checkable()]
        self.day = day

    def _relevant(self, profile: Mapping[str, Any]) -> set[str]:
        """Every fact that could still be asked: those of undecided rules of policies not yet
        ruled out, and those that could change an amount."""
        known, blocked = known_facts(profile), unanswerable(profile)
        engine, found = self.engine, set()
        for policy_id in self.policy_ids:
            policy = engine.kb.policies[policy_id]
            values = [(rule, engine.rule_value(rule, known)) for rule in engine.rules(policy, self.day)]
            if any(value is False for _, value in values):
                continue
            for rule, value in values:
                if value is None:
                    found |= engine.rule_facts(rule)
            found |= amounts.potential_questions(policy, self.day, engine.shared)
        return {fact for fact in found if fact in engine.facts} - set(known) - blocked

    def remaining(self, profile: Mapping[str, Any], place_tried: bool) -> int:
        """At most how many questions are still to come (the commune counts once for its facts)."""
        relevant = self._relevant(profile)
        location = set(self.engine.location_facts())
        if not place_tried and relevant & location:
            return len(relevant - location) + 1
        return len(relevant)

    def next_step(self, profile: Mapping[str, Any], answered: int, place_tried: bool) -> Step:
        """The next question after `answered` questions, or a finished step."""
        fact = self.engine.next_question(profile, self.policy_ids, self.day)
        if fact is None:
            return Step(None, answered, answered)
        if fact in self.engine.location_facts() and not place_tried:
            fact = PLACE_QUESTION
        return Step(fact, answered + 1, answered + self.remaining(profile, place_tried))


def forget_place(profile: dict[str, Any], engine: EligibilityEngine) -> None:
    """Drop what the commune set (going back to the commune question)."""
    for fact in (*engine.location_facts(), PLACE, PLACE_CODE):
        profile.pop(fact, None)
