"""Support amounts: which support item applies, and what may be said about the money.

Only confirmed figures are used. A support value's `rate_percent` is a confirmed share of the
cost; its `cap_vnd` a confirmed ceiling. An estimate (rate × cost, capped) exists only when a
rate is confirmed and the cost is known. Without a confirmed rate nothing is derived from the
cost: the cap is shown as a cap, and the share of the cost is left to the centre to confirm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from bot.eligibility import conditions
from bot.policies.schema import Condition, Policy, SupportItem, SupportValue

# What the figures allow: a calculation, a confirmed rate without the cost, a cap alone, or nothing.
Basis = Literal["calculated", "rate", "cap", "unconfirmed"]


@dataclass(frozen=True)
class Estimate:
    """The money side of one verdict, from the support item in force on the day."""

    support_id: str
    item: str
    unit: str
    basis: Basis
    rate_percent: float | None = None  # confirmed share of the cost
    cap_vnd: int | None = None  # confirmed ceiling per unit
    cost_vnd: float | None = None  # the owner's planned cost, when told
    amount_vnd: int | None = None  # rate × cost, capped: only when `basis` is "calculated"
    note: str | None = None  # the figure's needs_confirmation note

    @property
    def capped(self) -> bool:
        """Whether the cap, not the rate, set the amount."""
        if self.amount_vnd is None or self.cap_vnd is None or self.rate_percent is None or self.cost_vnd is None:
            return False
        return self.cost_vnd * self.rate_percent / 100 > self.cap_vnd

    def as_json(self) -> dict[str, Any]:
        return {
            "support": self.support_id,
            "basis": self.basis,
            "rate_percent": self.rate_percent,
            "cap_vnd": self.cap_vnd,
            "cost_vnd": self.cost_vnd,
            "amount_vnd": self.amount_vnd,
        }


def support_item(policy: Policy, support_id: str) -> SupportItem | None:
    return next((s for s in policy.support if s.id == support_id), None)


def chosen_support(
    policy: Policy, profile: Mapping[str, Any], day: date, shared: Mapping[str, Condition]
) -> str | None:
    """The support item that applies to this profile on `day` (an alternative with no figure in
    force yet falls back to the default); None while a deciding fact is still unknown."""
    assert policy.eligibility is not None and policy.eligibility.amount is not None
    amount = policy.eligibility.amount
    for choice in amount.choices:
        if figures(policy, choice.support, day) is None:
            continue
        value = conditions.evaluate(choice.when, profile, shared)
        if value is None:
            return None
        if value:
            return choice.support
    return amount.support


def estimate_from(item: SupportItem, value: SupportValue, cost: float | None) -> Estimate:
    """What may be said about the money for one support value and an optional cost."""
    rate, cap = value.rate_percent, value.cap_vnd
    if rate is not None and cost is not None:
        supported = float(cost) * rate / 100
        amount = round(min(supported, cap) if cap is not None else supported)
        basis: Basis = "calculated"
    else:
        amount = None
        basis = "rate" if rate is not None else "cap" if cap is not None else "unconfirmed"
    return Estimate(
        support_id=item.id,
        item=item.item,
        unit=item.unit,
        basis=basis,
        rate_percent=rate,
        cap_vnd=cap,
        cost_vnd=cost,
        amount_vnd=amount,
        note=value.needs_confirmation,
    )


def estimate(policy: Policy, profile: Mapping[str, Any], day: date, shared: Mapping[str, Condition]) -> Estimate | None:
    """The estimate for a profile on `day` (the default item while the choice is undecided), or None
    (no amount rule, nothing in force)."""
    if policy.eligibility is None or policy.eligibility.amount is None:
        return None
    support_id = chosen_support(policy, profile, day, shared) or policy.eligibility.amount.support
    item = support_item(policy, support_id)
    value = item.value_on(day) if item else None
    if item is None or value is None:
        return None
    cost = profile.get(policy.eligibility.amount.cost_fact)
    return estimate_from(item, value, float(cost) if isinstance(cost, int | float) else None)


def figures(policy: Policy, support_id: str, day: date) -> tuple[float | None, int | None] | None:
    """(rate, cap) in force for one support item, for comparing the alternatives."""
    item = support_item(policy, support_id)
    value = item.value_on(day) if item else None
    return (value.rate_percent, value.cap_vnd) if value else None


def amount_questions(
    policy: Policy, profile: Mapping[str, Any], day: date, shared: Mapping[str, Condition], unanswerable: set[str]
) -> list[str]:
    """Facts whose answer changes the amount: the deciding fact of the choices (when the items'
    figures differ), then the cost (when a confirmed rate is in force)."""
    if policy.eligibility is None or policy.eligibility.amount is None:
        return []
    amount = policy.eligibility.amount
    questions: list[str] = []
    if chosen_support(policy, profile, day, shared) is None:
        alternatives = {figures(policy, s, day) for s in [amount.support, *(c.support for c in amount.choices)]}
        if len(alternatives - {None}) > 1:
            known = {k for k, v in profile.items() if v is not None}
            for choice in amount.choices:
                questions += sorted(conditions.facts_in(choice.when, shared) - known - unanswerable)
        return questions
    found = estimate(policy, profile, day, shared)
    cost_open = found is not None and found.rate_percent is not None and found.cost_vnd is None
    if cost_open and amount.cost_fact not in unanswerable:
        questions.append(amount.cost_fact)
    return questions


def potential_questions(policy: Policy, day: date, shared: Mapping[str, Condition]) -> set[str]:
    """Every fact that could change this policy's amount on `day`, whatever the other answers:
    the deciding facts of choices between items with different figures, and the cost when a
    confirmed rate is in force for one of the items."""
    if policy.eligibility is None or policy.eligibility.amount is None:
        return set()
    amount = policy.eligibility.amount
    items = [amount.support, *(choice.support for choice in amount.choices)]
    found: set[str] = set()
    if len({figures(policy, s, day) for s in items} - {None}) > 1:
        for choice in amount.choices:
            found |= conditions.facts_in(choice.when, shared)
    if any((f := figures(policy, s, day)) is not None and f[0] is not None for s in items):
        found.add(amount.cost_fact)
    return found
