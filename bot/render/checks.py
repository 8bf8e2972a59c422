"""The result of an eligibility check as the owner reads it: a recap of the answers, then per policy
✅ / ❌ / ❓ / ❔ with reasons, the money in one line (a calculation only from a confirmed rate), the
documents to prepare, what staff must confirm and, after ❌, the next step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.eligibility.amounts import Estimate
from bot.eligibility.engine import DONT_KNOW, PLACE, PolicyVerdict
from bot.policies.loader import KnowledgeBase
from bot.render import texts
from bot.render.cards import bullets, format_date, format_percent, format_vnd
from bot.render.html import esc


def answer_label(kb: KnowledgeBase, fact_id: str, value: Any) -> str:
    """An answer as the owner gave it: the option's label, Có / Không, money in words."""
    fact = kb.facts.facts.get(fact_id)
    if value == DONT_KNOW:
        return texts.BUTTON_DONT_KNOW
    if fact is None:
        return str(value)
    if fact.type == "choice":
        return fact.options.get(value, str(value))
    if fact.type == "yes_no":
        return texts.BUTTON_YES if value else texts.BUTTON_NO
    if fact.type == "money" and isinstance(value, int | float):
        return format_vnd(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def recap(kb: KnowledgeBase, profile: Mapping[str, Any]) -> str:
    """ "Bạn đã trả lời": each answer with its short label, in the order the facts are listed."""
    lines = []
    derived: tuple[str, ...] = ()
    if profile.get(PLACE):
        lines.append(f"• {texts.RECAP_PLACE}: {esc(profile[PLACE])}")
        location = kb.facts.location
        derived = (location.unit_fact, location.province_fact) if location else ()  # said by the commune
    for fact_id, fact in kb.facts.facts.items():
        if fact_id in profile and profile[fact_id] is not None and fact_id not in derived:
            label = fact.label or fact.question
            lines.append(f"• {esc(label)}: {esc(answer_label(kb, fact_id, profile[fact_id]))}")
    return texts.CHECK_RECAP + "\n" + "\n".join(lines) if lines else ""


def money_line(found: Estimate) -> str:
    """The money in one line: the calculation, the rate, the cap labelled as a cap, or nothing confirmed."""
    unit = esc(found.unit)
    if found.basis == "calculated" and found.amount_vnd is not None and found.cost_vnd is not None:
        rate = format_percent(found.rate_percent or 0)
        product = format_vnd(found.cost_vnd * (found.rate_percent or 0) / 100)
        if found.capped and found.cap_vnd is not None:
            return texts.CHECK_CALC_CAPPED.format(
                rate=rate, cost=format_vnd(found.cost_vnd), product=product, cap=format_vnd(found.cap_vnd), unit=unit
            )
        line = texts.CHECK_CALC.format(rate=rate, cost=format_vnd(found.cost_vnd), amount=format_vnd(found.amount_vnd))
        if found.cap_vnd is not None:
            line += texts.CHECK_CALC_CAP_NOTE.format(cap=format_vnd(found.cap_vnd), unit=unit)
        return line
    if found.basis == "rate" and found.rate_percent is not None:
        cap = texts.CHECK_RATE_CAP.format(cap=format_vnd(found.cap_vnd), unit=unit) if found.cap_vnd else ""
        return texts.CHECK_RATE_ONLY.format(rate=format_percent(found.rate_percent), cap=cap)
    if found.basis == "cap" and found.cap_vnd is not None:
        return texts.CHECK_CAP_ONLY.format(cap=format_vnd(found.cap_vnd), unit=unit)
    return texts.CHECK_AMOUNT_UNCONFIRMED


def _questions(kb: KnowledgeBase, facts: tuple[str, ...]) -> str:
    return bullets(kb.facts.facts[f].question for f in facts if f in kb.facts.facts)


def _verdict_lines(kb: KnowledgeBase, verdict: PolicyVerdict) -> list[str]:
    policy = kb.policies[verdict.policy_id]
    icon, label = texts.VERDICT_ICONS[verdict.verdict], texts.VERDICT_LABELS[verdict.verdict]
    lines = [f"{icon} <b>{esc(policy.title)}</b>: {label}"]
    lines += [f"• {esc(reason)}" for reason in verdict.reasons]
    lines += [f"⭐ {esc(reason)}" for reason in verdict.priorities]
    if verdict.verdict == "needs_confirmation":
        lines.append(texts.CHECK_TO_CONFIRM + "\n" + bullets(verdict.to_confirm))
    if verdict.verdict in ("eligible", "needs_confirmation"):
        lines.append(money_line(verdict.estimate) if verdict.estimate else texts.CHECK_AMOUNT_UNCONFIRMED)
        if verdict.missing_facts:
            lines.append(texts.CHECK_AMOUNT_NEEDS + "\n" + _questions(kb, verdict.missing_facts))
        if policy.documents:
            lines.append(texts.CHECK_DOCUMENTS + "\n" + bullets(policy.documents))
    elif verdict.verdict == "unknown" and verdict.missing_facts:
        lines.append(texts.CHECK_NEED_TO_KNOW + "\n" + _questions(kb, verdict.missing_facts))
    elif verdict.verdict == "ineligible":
        steps = verdict.next_steps or (texts.CHECK_NEXT_STEP_DEFAULT,)
        lines.append(texts.CHECK_NEXT_STEP + "\n" + bullets(steps))
    return lines


def eligibility_report(
    kb: KnowledgeBase, verdicts: dict[str, PolicyVerdict], day: date, profile: Mapping[str, Any] | None = None
) -> str:
    """The whole result: title, recap of the answers (when given), each policy, the disclaimer."""
    parts = [texts.CHECK_RESULT_TITLE.format(date=format_date(day))]
    if profile and (answers := recap(kb, profile)):
        parts.append(answers)
    parts += ["\n".join(_verdict_lines(kb, verdict)) for verdict in verdicts.values()]
    parts.append(texts.CHECK_DISCLAIMER)
    return "\n\n".join(parts)
