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

from bot.eligibility import conditions
from bot.language.money import parse_money
from bot.policies.loader import KnowledgeBase
from bot.policies.schema import Fact, Policy, Rule

Verdict = Literal["eligible", "ineligible", "unknown"]
Profile = Mapping[str, Any]
# Each active rule of a policy with its value for one profile (None: cannot tell yet).
RuleValues = list[tuple[Rule, bool | None]]


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


def _cite(text: str, legal: str) -> str:
    """A reason with its legal reference: 'Reason (Điều …).'"""
    return f"{text.rstrip('.')} ({legal})."


def _verdict(values: RuleValues) -> Verdict:
    results = [value for _, value in values]
    if False in results:
        return "ineligible"
    return "unknown" if None in results else "eligible"


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

    def profile_from(self, raw: Mapping[Any, Any]) -> dict[str, Any]:
        """Validate a whole profile (fact id → value); raises ValueError listing every problem."""
        profile, problems = {}, []
        for fact, value in raw.items():
            try:
                profile[str(fact)] = self.coerce(str(fact), value)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))
        return profile

    # ----- evaluation ------------------------------------------------------------------
    def rules(self, policy: Policy, day: date) -> list[Rule]:
        """The rules of a policy in force on `day` (common rules first)."""
        assert policy.eligibility is not None
        rules = list(self.kb.facts.common_rules) if policy.eligibility.common else []
        return [r for r in [*rules, *policy.eligibility.rules] if r.active_on(day)]

    def checkable(self) -> list[str]:
        """Ids of the policies that have eligibility rules."""
        return [pid for pid, p in self.kb.policies.items() if p.eligibility is not None]

    def _values(self, policy: Policy, profile: Profile, day: date) -> RuleValues:
        return [(rule, conditions.evaluate(rule.when, profile, self.shared)) for rule in self.rules(policy, day)]

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
        """Verdict, reasons, missing facts and amount for each policy (each rule evaluated once)."""
        results = {}
        for policy_id in policy_ids:
            policy = self.kb.policies[policy_id]
            values = self._values(policy, profile, day)
            verdict = _verdict(values)
            if verdict == "ineligible":
                reasons = tuple(_cite(rule.failed, rule.legal) for rule, value in values if value is False)
            else:
                reasons = tuple(_cite(rule.passed, rule.legal) for rule, value in values if value is True)
            amount, notes = self.amount(policy, profile, day) if verdict == "eligible" else (None, ())
            priorities = tuple(
                _cite(p.reason, p.legal)
                for p in self.kb.facts.priorities
                if verdict != "ineligible" and p.active_on(day) and conditions.evaluate(p.when, profile, self.shared)
            )
            missing = tuple(self._missing(policy, profile, day, values))
            results[policy_id] = PolicyVerdict(policy_id, verdict, reasons, missing, amount, notes, priorities)
        return results

    # ----- what to ask -----------------------------------------------------------------
    def _candidates(self, fact: str, rule: Rule) -> list[Any]:
        spec = self.facts[fact]
        if spec.type == "choice":
            return list(spec.options)
        if spec.type == "yes_no":
            return [True, False]
        return sorted(conditions.thresholds(rule.when, fact, self.shared) | {0})

    def _cost_matters(self, policy: Policy, profile: Profile, day: date) -> str | None:
        """The cost fact, when it is unknown and a rate makes the amount depend on it."""
        amount = policy.eligibility.amount if policy.eligibility else None
        if amount is None or profile.get(amount.cost_fact) is not None:
            return None
        item = next((s for s in policy.support if s.id == amount.support), None)
        value = item.value_on(day) if item else None
        return amount.cost_fact if value is not None and value.rate_percent is not None else None

    @staticmethod
    def _open(values: RuleValues) -> list[Rule]:
        """Rules that cannot be decided yet, when nothing has already failed."""
        if any(value is False for _, value in values):
            return []
        return [rule for rule, value in values if value is None]

    def _settles(self, rule: Rule, profile: Profile, fact: str) -> list[bool]:
        """For each possible answer to `fact`: does it decide this rule?"""
        return [
            conditions.evaluate(rule.when, {**profile, fact: value}, self.shared) is not None
            for value in self._candidates(fact, rule)
        ]

    def _rule_questions(self, rule: Rule, profile: Profile) -> list[str]:
        """Unknown facts of an open rule that can decide it on their own; all of them if none can."""
        known = {k for k, v in profile.items() if v is not None}
        unknown = sorted(conditions.facts_in(rule.when, self.shared) - known, key=self.fact_order.__getitem__)
        deciding = [fact for fact in unknown if any(self._settles(rule, profile, fact))]
        return deciding or unknown

    def _missing(self, policy: Policy, profile: Profile, day: date, values: RuleValues) -> list[str]:
        missing: list[str] = []
        for rule in self._open(values):
            missing += [f for f in self._rule_questions(rule, profile) if f not in missing]
        if _verdict(values) == "eligible" and (cost_fact := self._cost_matters(policy, profile, day)):
            missing.append(cost_fact)
        return sorted(missing, key=self.fact_order.__getitem__)

    def missing_facts(self, policy: Policy, profile: Profile, day: date) -> list[str]:
        """Unknown facts whose answer could still change this policy's result (verdict or amount)."""
        return self._missing(policy, profile, day, self._values(policy, profile, day))

    def next_question(self, profile: Profile, policy_ids: Iterable[str], day: date) -> str | None:
        """The fact to ask next, or None when every requested result is settled.

        Preference: the fact that decides the most open rules whatever the answer, then the one
        that decides them for the largest share of answers; amount-only questions come last.
        """
        scores: dict[str, list[float]] = {}
        for policy_id in policy_ids:
            policy = self.kb.policies[policy_id]
            values = self._values(policy, profile, day)
            for fact in self._missing(policy, profile, day, values):
                scores.setdefault(fact, [0, 0.0])
            for rule in self._open(values):
                for fact in self._rule_questions(rule, profile):
                    settled = self._settles(rule, profile, fact)
                    scores[fact][0] += all(settled)
                    scores[fact][1] += sum(settled) / len(settled) if settled else 0.0
        if not scores:
            return None
        return max(scores, key=lambda fact: (scores[fact][0], scores[fact][1], -self.fact_order[fact]))
