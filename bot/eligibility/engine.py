"""Eligibility engine: verdicts from dated YAML rules, amounts from confirmed figures only, and
which question to ask next.

A missing fact is unknown, never false or zero; a fact answered "không biết" (DONT_KNOW) is never
asked again. A policy is ineligible as soon as one active rule fails; "unknown" while a question
can still settle it; "needs_confirmation" when only staff can settle it (a rule's `confirm_when`
case, or an answer the owner did not know); eligible when every rule passes. The next question is
the unknown fact that settles the most requested verdicts, whatever the answer.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from bot.eligibility import amounts, conditions
from bot.eligibility.amounts import Estimate
from bot.language.money import MAX_VND, parse_money
from bot.language.places import Place, PlaceIndex
from bot.language.text import fold
from bot.policies.loader import KnowledgeBase
from bot.policies.schema import Fact, Policy, Rule

Verdict = Literal["eligible", "ineligible", "unknown", "needs_confirmation"]
Profile = Mapping[str, Any]
DONT_KNOW = "khong_biet"  # the answer "Không biết / chưa rõ", for a fact of any type
CONFIRM = "confirm"  # a rule's value when the sources cannot settle the case
COMMUNE = "commune"  # a profile key: the commune as typed; it sets the location facts
PLACE = "xa_phuong"  # a profile key: the unit the commune was matched to, as shown to the owner
PLACE_CODE = "xa_phuong_ma"  # a profile key: that unit's official code (when one unit was matched)
RuleValue = bool | None | str
MAX_COMBINATIONS = 4096  # answers tried when only several facts together could settle a rule
# Each active rule of a policy with its value for one profile.
RuleValues = list[tuple[Rule, RuleValue]]


@dataclass(frozen=True)
class PolicyVerdict:
    """The outcome for one policy on one date."""

    policy_id: str
    verdict: Verdict
    reasons: tuple[str, ...]
    missing_facts: tuple[str, ...]
    estimate: Estimate | None = None
    to_confirm: tuple[str, ...] = ()  # what staff must confirm, in plain words
    priorities: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()  # after ❌: what the owner can do

    @property
    def max_support_vnd(self) -> int | None:
        """The estimated support: only for an eligible verdict, from a confirmed rate and a known cost."""
        return self.estimate.amount_vnd if self.estimate and self.verdict == "eligible" else None

    def as_json(self) -> dict[str, Any]:
        shown = self.estimate if self.verdict in ("eligible", "needs_confirmation") else None
        return {
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "missing_facts": list(self.missing_facts),
            "max_support_vnd": self.max_support_vnd,
            "cap_vnd": shown.cap_vnd if shown else None,
            "rate_percent": shown.rate_percent if shown else None,
            "amount_basis": shown.basis if shown else None,
            "needs_confirmation": list(self.to_confirm),
            "next_steps": list(self.next_steps),
        }


def _cite(text: str, legal: str) -> str:
    """A reason with its legal reference: 'Reason (Điều …).'"""
    return f"{text.rstrip('.')} ({legal})."


def known_facts(profile: Profile) -> dict[str, Any]:
    """The answers that say something (not missing, not "không biết")."""
    return {k: v for k, v in profile.items() if v is not None and v != DONT_KNOW}


def unanswerable(profile: Profile) -> set[str]:
    """The facts the owner answered "không biết"."""
    return {k for k, v in profile.items() if v == DONT_KNOW}


class EligibilityEngine:
    """Evaluates the rules of one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.facts: dict[str, Fact] = kb.facts.facts
        self.shared = kb.facts.conditions
        self.fact_order = {name: index for index, name in enumerate(self.facts)}

    # ----- profiles --------------------------------------------------------------------
    def coerce(self, fact: str, value: Any) -> Any:
        """A profile value in its proper type; raises ValueError with a plain message."""
        spec = self.facts.get(fact)
        if spec is None:
            raise ValueError(f"dữ kiện '{fact}' không tồn tại")
        if value is None or value == DONT_KNOW:
            return value
        if spec.type == "choice":
            if not isinstance(value, str) or value not in spec.options:  # a list or a table is not an option
                raise ValueError(f"'{value}' không phải lựa chọn của '{fact}' ({', '.join(spec.options)})")
            return value
        if spec.type == "yes_no":
            if not isinstance(value, bool):
                raise ValueError(f"'{fact}' chỉ nhận true hoặc false")
            return value
        if isinstance(value, str) and spec.type == "money":
            parsed = parse_money(value)
            if parsed is None:
                raise ValueError(f"không đọc được số tiền '{value}' của '{fact}' (ví dụ: 500000000 hoặc \"500tr\")")
            return parsed
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < MAX_VND:
            raise ValueError(f"'{fact}' cần một số không âm, tối đa 15 chữ số")  # also .nan, .inf, 10^309
        return value

    def profile_from(self, raw: Mapping[Any, Any]) -> dict[str, Any]:
        """Validate a whole profile (fact id → value, and optionally `commune: "<free text>"`);
        raises ValueError listing every problem."""
        profile: dict[str, Any] = {}
        problems = []
        for fact, value in raw.items():
            if str(fact) == COMMUNE:
                continue
            try:
                profile[str(fact)] = self.coerce(str(fact), value)
            except ValueError as exc:
                problems.append(str(exc))
        if raw.get(COMMUNE) is not None:
            places = self.find_places(str(raw[COMMUNE]))
            if not places:
                problems.append(f"không tìm thấy xã, phường, đặc khu «{raw[COMMUNE]}» trong danh sách hiện hành")
            else:
                profile = {**self.place_facts(places), **profile}  # facts given explicitly win
        if problems:
            raise ValueError("; ".join(problems))
        return profile

    # ----- the commune -----------------------------------------------------------------
    def find_places(self, text: str) -> list[Place]:
        """Units matching a typed commune, best first (empty when the knowledge base has no location)."""
        location = self.kb.facts.location
        if location is None:
            return []
        return PlaceIndex.official().lookup(text, location.former_provinces)

    def place_by_code(self, code: int | None) -> Place | None:
        """A unit of the official list by its code."""
        return PlaceIndex.official().by_code.get(code) if code is not None else None

    def place_label(self, place: Place) -> str:
        location = self.kb.facts.location
        return place.label(location.central_cities if location else ())

    def place_facts(self, places: list[Place]) -> dict[str, Any]:
        """The location facts a match sets: those every candidate agrees on (the best one's label)."""
        location = self.kb.facts.location
        if location is None or not places:
            return {}
        cities = {fold(c) for c in location.central_cities}
        units = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}
        facts: dict[str, Any] = {PLACE: self.place_label(places[0])}
        if len(places) == 1:
            facts[PLACE_CODE] = places[0].code
        unit = {units.get(p.unit) for p in places}
        city = {fold(p.province) in cities for p in places}
        if len(unit) == 1 and None not in unit:
            facts[location.unit_fact] = unit.pop()
        if len(city) == 1:
            facts[location.province_fact] = "thanh_pho_truc_thuoc_trung_uong" if city.pop() else "tinh"
        return facts

    def location_facts(self) -> tuple[str, ...]:
        """The facts a commune answers (asked as one free-text question)."""
        location = self.kb.facts.location
        return (location.unit_fact, location.province_fact) if location else ()

    # ----- evaluation ------------------------------------------------------------------
    def rules(self, policy: Policy, day: date) -> list[Rule]:
        """The rules of a policy in force on `day`: the common rules (a policy rule that `replaces`
        one takes its place), then the policy's own."""
        assert policy.eligibility is not None
        common = list(self.kb.facts.common_rules) if policy.eligibility.common else []
        replacing = {old: rule for rule in policy.eligibility.rules for old in rule.replaces}
        rules: list[Rule] = []
        for rule in common:
            chosen = replacing.get(rule.id, rule)
            if chosen not in rules:
                rules.append(chosen)
        rules += [rule for rule in policy.eligibility.rules if rule not in rules]
        return [rule for rule in rules if rule.active_on(day)]

    def checkable(self) -> list[str]:
        """Ids of the policies that have eligibility rules."""
        return [pid for pid, p in self.kb.policies.items() if p.eligibility is not None]

    def rule_value(self, rule: Rule, known: Profile) -> RuleValue:
        """True, False, None (cannot tell yet) or CONFIRM (only staff can tell)."""
        value = conditions.evaluate(rule.when, known, self.shared)
        if value is True or rule.confirm_when is None:
            return value
        confirm = conditions.evaluate(rule.confirm_when, known, self.shared)
        if confirm is True:
            return CONFIRM
        return None if confirm is None else value

    def _values(self, policy: Policy, known: Profile, day: date) -> RuleValues:
        return [(rule, self.rule_value(rule, known)) for rule in self.rules(policy, day)]

    def rule_facts(self, rule: Rule) -> set[str]:
        found = conditions.facts_in(rule.when, self.shared)
        return found | (conditions.facts_in(rule.confirm_when, self.shared) if rule.confirm_when else set())

    def _verdict(self, values: RuleValues, known: Profile, blocked: set[str]) -> Verdict:
        results = [value for _, value in values]
        if any(value is False for value in results):
            return "ineligible"
        open_rules = [rule for rule, value in values if value is None]
        if any(self._rule_questions(rule, known, blocked) for rule in open_rules):
            return "unknown"
        if open_rules or CONFIRM in results:
            return "needs_confirmation"
        return "eligible"

    def _confirm_notes(self, values: RuleValues, blocked: set[str]) -> tuple[str, ...]:
        notes: list[str] = []
        for rule, value in values:
            if value == CONFIRM and rule.needs_confirmation:
                notes.append(_cite(rule.needs_confirmation, rule.legal))
            elif value is None:
                for fact in sorted(self.rule_facts(rule) & blocked, key=self.fact_order.__getitem__):
                    note = f"{self.facts[fact].question} (bạn trả lời: chưa rõ)"
                    if note not in notes:
                        notes.append(note)
        return tuple(notes)

    def evaluate(self, profile: Profile, policy_ids: Iterable[str], day: date) -> dict[str, PolicyVerdict]:
        """Verdict, reasons, missing facts and amount for each policy (each rule evaluated once)."""
        known, blocked = known_facts(profile), unanswerable(profile)
        results = {}
        for policy_id in policy_ids:
            policy = self.kb.policies[policy_id]
            values = self._values(policy, known, day)
            verdict = self._verdict(values, known, blocked)
            if verdict == "ineligible":
                reasons = tuple(_cite(rule.failed, rule.legal) for rule, value in values if value is False)
                steps = tuple(dict.fromkeys(r.next_step for r, v in values if v is False and r.next_step))
            else:
                reasons = tuple(_cite(rule.passed, rule.legal) for rule, value in values if value is True)
                steps = ()
            confirm = self._confirm_notes(values, blocked) if verdict == "needs_confirmation" else ()
            shown = verdict in ("eligible", "needs_confirmation")
            estimate = amounts.estimate(policy, known, day, self.shared) if shown else None
            priorities = tuple(
                _cite(p.reason, p.legal)
                for p in self.kb.facts.priorities
                if verdict != "ineligible" and p.active_on(day) and conditions.evaluate(p.when, known, self.shared)
            )
            missing = tuple(self._missing(policy, known, blocked, day, values))
            results[policy_id] = PolicyVerdict(
                policy_id, verdict, reasons, missing, estimate, confirm, priorities, steps
            )
        return results

    # ----- what to ask -----------------------------------------------------------------
    def _candidates(self, fact: str, rule: Rule) -> list[Any]:
        spec = self.facts[fact]
        if spec.type == "choice":
            return list(spec.options)
        if spec.type == "yes_no":
            return [True, False]
        found = conditions.thresholds(rule.when, fact, self.shared)
        if rule.confirm_when is not None:
            found |= conditions.thresholds(rule.confirm_when, fact, self.shared)
        return sorted(found | {0})

    @staticmethod
    def _open(values: RuleValues) -> list[Rule]:
        """Rules that cannot be decided yet, when nothing has already failed."""
        if any(value is False for _, value in values):
            return []
        return [rule for rule, value in values if value is None]

    def _settles(self, rule: Rule, known: Profile, fact: str) -> list[bool]:
        """For each possible answer to `fact`: does it decide this rule?"""
        return [self.rule_value(rule, {**known, fact: value}) is not None for value in self._candidates(fact, rule)]

    def _rule_questions(self, rule: Rule, known: Profile, blocked: set[str]) -> list[str]:
        """Askable facts of an open rule that can decide it on their own; all of them if only
        together they can; none when even all answers could not (a "không biết" blocks it)."""
        unknown = sorted(self.rule_facts(rule) - set(known) - blocked, key=self.fact_order.__getitem__)
        deciding = [fact for fact in unknown if any(self._settles(rule, known, fact))]
        if deciding or not unknown:
            return deciding
        return unknown if self._can_settle(rule, known, unknown) else []

    def _can_settle(self, rule: Rule, known: Profile, facts: list[str]) -> bool:
        """Whether some answers to all of `facts` together decide the rule."""
        options = [self._candidates(fact, rule) for fact in facts]
        if math.prod(len(o) for o in options) > MAX_COMBINATIONS:
            return True  # too many to try: assume the answers can settle it
        return any(
            self.rule_value(rule, {**known, **dict(zip(facts, answers, strict=True))}) is not None
            for answers in itertools.product(*options)
        )

    def _missing(self, policy: Policy, known: Profile, blocked: set[str], day: date, values: RuleValues) -> list[str]:
        missing: list[str] = []
        for rule in self._open(values):
            missing += [f for f in self._rule_questions(rule, known, blocked) if f not in missing]
        if self._verdict(values, known, blocked) in ("eligible", "needs_confirmation"):
            extra = amounts.amount_questions(policy, known, day, self.shared, blocked)
            missing += [f for f in extra if f not in missing and f in self.facts]
        return sorted(missing, key=self.fact_order.__getitem__)

    def missing_facts(self, policy: Policy, profile: Profile, day: date) -> list[str]:
        """Unknown facts whose answer could still change this policy's result (verdict or amount)."""
        known, blocked = known_facts(profile), unanswerable(profile)
        return self._missing(policy, known, blocked, day, self._values(policy, known, day))

    def next_question(self, profile: Profile, policy_ids: Iterable[str], day: date) -> str | None:
        """The fact to ask next, or None when every requested result is settled.

        Preference: the fact that decides the most open rules whatever the answer, then the one
        that decides them for the largest share of answers; amount-only questions come last.
        """
        known, blocked = known_facts(profile), unanswerable(profile)
        scores: dict[str, list[float]] = {}
        for policy_id in policy_ids:
            policy = self.kb.policies[policy_id]
            values = self._values(policy, known, day)
            for fact in self._missing(policy, known, blocked, day, values):
                scores.setdefault(fact, [0, 0.0])
            for rule in self._open(values):
                for fact in self._rule_questions(rule, known, blocked):
                    settled = self._settles(rule, known, fact)
                    scores[fact][0] += all(settled)
                    scores[fact][1] += sum(settled) / len(settled) if settled else 0.0
        if not scores:
            return None
        return max(scores, key=lambda fact: (scores[fact][0], scores[fact][1], -self.fact_order[fact]))
