"""Eligibility engine: three-valued verdicts from dated YAML rules, and which question to ask next.

A missing fact is unknown, never false or zero. A policy is ineligible as soon as one active
rule fails, eligible when all pass, and "unknown" otherwise. The next question is the unknown
fact that settles the most requested verdicts, whatever the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from bot.language.money import parse_money
from bot.policies.loader import KnowledgeBase
from bot.policies.schema import Condition, Fact, Policy, Rule

Verdict = Literal["eligible", "ineligible", "unknown"]
Profile = Mapping[str, Any]


@dataclass(frozen=True)
class PolicyVerdict:
    """The outcome for one policy on one date."""

    policy_id: str
    verdict: Verdict
    reasons: tuple[str, ...]
    missing_facts: tuple[str, ...]
    max_support_vnd: int | None
    needs_confirmation: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "missing_facts": list(self.missing_facts),
            "max_support_vnd": self.max_support_vnd,
        }


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    number = float(actual)
    return {"lt": number < expected, "lte": number <= expected, "gt": number > expected, "gte": number >= expected}[op]


def _cite(text: str, legal: str) -> str:
    """A reason with its legal reference: 'Reason (Điều …).'"""
    return f"{text.rstrip('.')} ({legal})."


class EligibilityEngine:
    """Evaluates the rules of one knowledge-base snapshot."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.facts: dict[str, Fact] = kb.facts.facts
        self.conditions = kb.facts.conditions
        self.fact_order = {name: index for index, name in enumerate(self.facts)}

    def coerce(self, fact: str, value: Any) -> Any:
        """A profile value in its proper type; raises ValueError with a plain message."""
        spec = self.facts.get(fact)
        if spec is None:
            raise ValueError(f"dữ kiện '{fact}' không tồn tại")
        if value is None:
            return None
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
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"'{fact}' cần một số không âm")
        return value

    def profile_from(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a whole profile (fact id → value); raises ValueError listing every problem."""
        profile, problems = {}, []
        for fact, value in raw.items():
            try:
                profile[fact] = self.coerce(str(fact), value)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))
        return profile

    # ----- evaluation ------------------------------------------------------------------
    def evaluate_condition(self, condition: Condition, profile: Profile) -> bool | None:
        """Kleene three-valued logic: None means "cannot tell yet"."""
        if condition.all_ is not None:
            values = [self.evaluate_condition(c, profile) for c in condition.all_]
            return False if False in values else (None if None in values else True)
        if condition.any_ is not None:
            values = [self.evaluate_condition(c, profile) for c in condition.any_]
            return True if True in values else (None if None in values else False)
        if condition.not_ is not None:
            value = self.evaluate_condition(condition.not_, profile)
            return None if value is None else not value
        if condition.ref is not None:
            return self.evaluate_condition(self.conditions[condition.ref], profile)
        assert condition.fact is not None
        actual = profile.get(condition.fact)
        if actual is None:
            return None
        op, expected = condition.operator
        return _compare(op, actual, expected)

    def rules(self, policy: Policy, day: date) -> list[Rule]:
        """The rules of a policy in force on `day` (common rules first)."""
        assert policy.eligibility is not None
        rules = list(self.kb.facts.common_rules) if policy.eligibility.common else []
        return [r for r in [*rules, *policy.eligibility.rules] if r.active_on(day)]

    def checkable(self) -> list[str]:
        """Ids of the policies that have eligibility rules."""
        return [pid for pid, p in self.kb.policies.items() if p.eligibility is not None]

    def _verdict(self, policy: Policy, profile: Profile, day: date) -> Verdict:
        values = [self.evaluate_condition(rule.when, profile) for rule in self.rules(policy, day)]
        if False in values:
            return "ineligible"
        return "unknown" if None in values else "eligible"

    def amount(self, policy: Policy, profile: Profile, day: date) -> tuple[int | None, tuple[str, ...]]:
        """Estimated maximum support and the confirmation notes attached to the figures used."""
        if policy.eligibility is None or policy.eligibility.amount is None:
            return None, ()
        amount = policy.eligibility.amount
        item = next(s for s in policy.support if s.id == amount.support)
        value = item.value_on(day)
        if value is None:
            return None, ()
        notes = (value.needs_confirmation,) if value.needs_confirmation else ()
        cost = profile.get(amount.cost_fact)
        if value.rate_percent is not None and cost is not None:
            supported = float(cost) * value.rate_percent / 100
            capped = min(supported, value.cap_vnd) if value.cap_vnd is not None else supported
            return round(capped), notes
        if value.cap_vnd is not None and cost is not None:
            # Without a confirmed rate, support still never exceeds the cost itself.
            return min(value.cap_vnd, round(float(cost))), notes
        return value.cap_vnd, notes

    def evaluate(self, profile: Profile, policy_ids: Iterable[str], day: date) -> dict[str, PolicyVerdict]:
        """Verdict, reasons, missing facts and amount for each policy."""
        results = {}
        for policy_id in policy_ids:
            policy = self.kb.policies[policy_id]
            rules = self.rules(policy, day)
            values = [self.evaluate_condition(rule.when, profile) for rule in rules]
            verdict = self._verdict(policy, profile, day)
            if verdict == "ineligible":
                reasons = tuple(_cite(r.failed, r.legal) for r, v in zip(rules, values, strict=True) if v is False)
            else:
                reasons = tuple(_cite(r.passed, r.legal) for r, v in zip(rules, values, strict=True) if v is True)
            amount, notes = self.amount(policy, profile, day) if verdict == "eligible" else (None, ())
            priorities = tuple(
                _cite(p.reason, p.legal)
                for p in self.kb.facts.priorities
                if verdict != "ineligible" and p.active_on(day) and self.evaluate_condition(p.when, profile)
            )
            results[policy_id] = PolicyVerdict(
                policy_id,
                verdict,
                reasons,
                tuple(self.missing_facts(policy, profile, day)),
                amount,
                notes,
                priorities,
            )
        return results

    # ----- what to ask -----------------------------------------------------------------
    def _facts_in(self, condition: Condition) -> set[str]:
        if condition.fact is not None:
            return {condition.fact}
        if condition.ref is not None:
            return self._facts_in(self.conditions[condition.ref])
        children = condition.all_ or condition.any_ or ([condition.not_] if condition.not_ else [])
        return set().union(*(self._facts_in(c) for c in children)) if children else set()

    def _thresholds(self, condition: Condition, fact: str) -> set[float]:
        if condition.fact == fact:
            op, value = condition.operator
            if op in ("lt", "lte", "gt", "gte") and isinstance(value, int | float):
                return {value - 1, value, value + 1}
            return set()
        if condition.ref is not None:
            return self._thresholds(self.conditions[condition.ref], fact)
        children = condition.all_ or condition.any_ or ([condition.not_] if condition.not_ else [])
        return set().union(*(self._thresholds(c, fact) for c in children)) if children else set()

    def _candidates(self, fact: str, rules: list[Rule]) -> list[Any]:
        spec = self.facts[fact]
        if spec.type == "choice":
            return list(spec.options)
        if spec.type == "yes_no":
            return [True, False]
        thresholds = set().union(*(self._thresholds(r.when, fact) for r in rules)) if rules else set()
        return sorted(thresholds | {0})

    def _matters_for_amount(self, policy: Policy, profile: Profile, day: date, fact: str) -> bool:
        amount = policy.eligibility.amount if policy.eligibility else None
        if amount is None or amount.cost_fact != fact or profile.get(fact) is not None:
            return False
        item = next((s for s in policy.support if s.id == amount.support), None)
        value = item.value_on(day) if item else None
        return value is not None and value.rate_percent is not None

    def _open_rules(self, policy: Policy, profile: Profile, day: date) -> list[Rule]:
        """Rules that cannot be decided yet, when nothing has already failed."""
        rules = self.rules(policy, day)
        values = [self.evaluate_condition(rule.when, profile) for rule in rules]
        if False in values:
            return []
        return [rule for rule, value in zip(rules, values, strict=True) if value is None]

    def _settles(self, rule: Rule, profile: Profile, fact: str) -> list[bool]:
        """For each possible answer to `fact`: does it decide this rule?"""
        return [
            self.evaluate_condition(rule.when, {**profile, fact: value}) is not None
            for value in self._candidates(fact, [rule])
        ]

    def _rule_questions(self, rule: Rule, profile: Profile) -> list[str]:
        """Unknown facts of an open rule that can decide it on their own; all of them if none can."""
        known = {k for k, v in profile.items() if v is not None}
        unknown = sorted(self._facts_in(rule.when) - known, key=self.fact_order.__getitem__)
        deciding = [fact for fact in unknown if any(self._settles(rule, profile, fact))]
        return deciding or unknown

    def missing_facts(self, policy: Policy, profile: Profile, day: date) -> list[str]:
        """Unknown facts whose answer could still change this policy's result (verdict or amount)."""
        missing: list[str] = []
        for rule in self._open_rules(policy, profile, day):
            missing += [f for f in self._rule_questions(rule, profile) if f not in missing]
        if self._verdict(policy, profile, day) == "eligible" and policy.eligibility and policy.eligibility.amount:
            cost_fact = policy.eligibility.amount.cost_fact
            if self._matters_for_amount(policy, profile, day, cost_fact):
                missing.append(cost_fact)
        return sorted(missing, key=self.fact_order.__getitem__)

    def next_question(self, profile: Profile, policy_ids: Iterable[str], day: date) -> str | None:
        """The fact to ask next, or None when every requested result is settled.

        Preference: the fact that decides the most open rules whatever the answer, then the one
        that decides them for the largest share of answers; amount-only questions come last.
        """
        policies = [self.kb.policies[pid] for pid in policy_ids]
        scores: dict[str, list[float]] = {}
        for policy in policies:
            for fact in self.missing_facts(policy, profile, day):
                scores.setdefault(fact, [0, 0.0])
            for rule in self._open_rules(policy, profile, day):
                for fact in self._rule_questions(rule, profile):
                    settled = self._settles(rule, profile, fact)
                    scores[fact][0] += all(settled)
                    scores[fact][1] += sum(settled) / len(settled) if settled else 0.0
        if not scores:
            return None
        return max(scores, key=lambda fact: (scores[fact][0], scores[fact][1], -self.fact_order[fact]))
