"""What a business owner reads: answer cards, contact details, "did you mean", the honest don't-know,
and eligibility results, as Telegram HTML with every dynamic piece escaped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.eligibility.engine import PolicyVerdict
from bot.policies.loader import KnowledgeBase
from bot.policies.schema import Office, Policy, SupportItem
from bot.render import texts
from bot.render.html import esc, markup_to_html


def format_vnd(amount: int | float) -> str:
    """Vietnamese money format: 600.000.000 đ."""
    return f"{round(amount):,}".replace(",", ".") + " đ"


def format_date(day: date | None) -> str:
    """dd/mm/yyyy, or a note when the date is unknown."""
    return day.strftime("%d/%m/%Y") if day else texts.DATE_UNKNOWN


def bullets(items: Iterable[str]) -> str:
    """Escaped items as "• " lines."""
    return "\n".join(f"• {esc(item)}" for item in items)


def support_line(support: SupportItem, today: date) -> str | None:
    """One support item as it stands on `today` (HTML), or None when not yet in force."""
    value = support.value_on(today)
    if value is None:
        return None
    parts = []
    if value.rate_percent is not None:
        parts.append(texts.SUPPORT_RATE.format(rate=f"{value.rate_percent:g}"))
    if value.cap_vnd is not None:
        parts.append(texts.SUPPORT_CAP.format(amount=format_vnd(value.cap_vnd), unit=esc(support.unit)))
    figure = ", ".join(parts) if parts else texts.SUPPORT_UNCONFIRMED
    line = texts.SUPPORT_LINE.format(item=esc(support.item), figure=figure, date=format_date(value.effective_from))
    if value.needs_confirmation:
        line += f"\n  ⚠️ <i>{esc(value.needs_confirmation)}</i>"
    return line


def legal_line(kb: KnowledgeBase, doc_id: str, article: str | None) -> str:
    """A citation with issue and effective dates."""
    doc = kb.legal[doc_id]
    text = f"• {esc(doc.number)}"
    if article:
        text += f", {esc(article)}"
    dates = []
    if doc.issued:
        dates.append(texts.LEGAL_ISSUED.format(date=format_date(doc.issued)))
    if doc.effective:
        dates.append(texts.LEGAL_EFFECTIVE.format(date=format_date(doc.effective)))
    return text + (f" ({'; '.join(dates)})" if dates else "")


def answer_card(kb: KnowledgeBase, policy: Policy, today: date) -> str:
    """The answer card: title, short answer, support, conditions, documents, legal basis, as-of date."""
    parts = [f"<b>{esc(policy.title)}</b>", esc(policy.summary)]
    lines = [line for s in policy.support if (line := support_line(s, today))]
    if lines:
        parts.append(texts.CARD_SUPPORT + "\n" + "\n".join(lines))
    if policy.conditions:
        parts.append(texts.CARD_CONDITIONS + "\n" + bullets(policy.conditions))
    if policy.documents:
        parts.append(texts.CARD_DOCUMENTS + "\n" + bullets(policy.documents))
    citations = "\n".join(legal_line(kb, ref.doc, ref.article) for ref in policy.legal_basis)
    parts.append(texts.CARD_LEGAL + "\n" + citations)
    if policy.needs_confirmation:
        parts.append(texts.CARD_CONFIRM.format(note=esc(policy.needs_confirmation)))
    parts.append(texts.CARD_AS_OF.format(date=format_date(kb.as_of(policy))))
    return "\n\n".join(parts)


def answer_detail(policy: Policy) -> str:
    """The full answer text of a policy."""
    return f"<b>{esc(policy.title)}</b>\n\n{markup_to_html(policy.answer)}"


def contact_text(office: Office) -> str:
    """The office's contact details; unset fields say so instead of inventing anything."""
    lines = [f"🏢 {esc(office.name)}"] + ([f"🏛 {esc(office.parent)}"] if office.parent else [])
    for key, label in texts.CONTACT_LABELS.items():
        value = getattr(office, key)
        lines.append(f"{label}: {esc(value) if value else f'<i>{texts.NOT_SET}</i>'}")
    text = texts.CONTACT_TITLE + "\n" + "\n".join(lines)
    if office.needs_confirmation:
        text += f"\n\n<i>{esc(office.needs_confirmation)}</i>"
    return text


def suggestion_text(kb: KnowledgeBase, policy_ids: Iterable[str]) -> str:
    """'Did you mean' with policy titles (never ids)."""
    return texts.SUGGEST_TITLE + "\n" + bullets(kb.policies[pid].title for pid in policy_ids)


def unknown_text(kb: KnowledgeBase) -> str:
    """The honest don't-know answer with the contact details."""
    return texts.UNKNOWN + contact_text(kb.office)


def _verdict_lines(kb: KnowledgeBase, verdict: PolicyVerdict) -> list[str]:
    policy = kb.policies[verdict.policy_id]
    icon, label = texts.VERDICT_ICONS[verdict.verdict], texts.VERDICT_LABELS[verdict.verdict]
    lines = [f"{icon} <b>{esc(policy.title)}</b>: {label}"]
    lines += [f"• {esc(reason)}" for reason in verdict.reasons]
    lines += [f"⭐ {esc(reason)}" for reason in verdict.priorities]
    if verdict.verdict == "eligible":
        if verdict.max_support_vnd is not None:
            lines.append(texts.CHECK_MAX_SUPPORT.format(amount=format_vnd(verdict.max_support_vnd)))
        else:
            lines.append(texts.CHECK_AMOUNT_UNCONFIRMED)
        lines += [f"⚠️ <i>{esc(note)}</i>" for note in verdict.needs_confirmation]
        if policy.documents:
            lines.append(texts.CHECK_DOCUMENTS + "\n" + bullets(policy.documents))
    elif verdict.verdict == "unknown" and verdict.missing_facts:
        questions = [kb.facts.facts[f].question for f in verdict.missing_facts]
        lines.append(texts.CHECK_NEED_TO_KNOW + "\n" + bullets(questions))
    return lines


def eligibility_report(kb: KnowledgeBase, verdicts: dict[str, PolicyVerdict], day: date) -> str:
    """Per policy ✅ / ❌ / ❔ with reasons, estimated maximum support and documents to prepare."""
    parts = [texts.CHECK_RESULT_TITLE.format(date=format_date(day))]
    parts += ["\n".join(_verdict_lines(kb, verdict)) for verdict in verdicts.values()]
    parts.append(texts.CHECK_DISCLAIMER)
    return "\n\n".join(parts)
