"""What a business owner reads about a policy: the answer card (a first message a phone can show,
with details, documents and legal basis behind buttons), contact details, "did you mean" and the
honest don't-know, as Telegram HTML with every dynamic piece escaped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.eligibility.amounts import estimate_from
from bot.policies.loader import KnowledgeBase
from bot.policies.schema import Office, Policy, SupportItem
from bot.render import texts
from bot.render.html import esc, markup_to_html

FIRST_MESSAGE_LIMIT = 900  # characters: what a phone shows without scrolling far


def _decimal(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")


def format_vnd(amount: int | float) -> str:
    """One money style everywhere: '300 triệu đồng', '1,5 tỷ đồng', '2.500 đồng'."""
    value = round(amount)
    if value >= 1_000_000_000 and value % 1_000_000 == 0:
        return f"{_decimal(value / 1_000_000_000)} tỷ đồng"
    if 1_000_000 <= value < 1_000_000_000 and value % 1_000 == 0:
        return f"{_decimal(value / 1_000_000)} triệu đồng"
    return f"{value:,}".replace(",", ".") + " đồng"


def format_percent(rate: float) -> str:
    return f"{_decimal(rate)}%"


def format_date(day: date | None) -> str:
    """dd/mm/yyyy, or a note when the date is unknown."""
    return day.strftime("%d/%m/%Y") if day else texts.DATE_UNKNOWN


def bullets(items: Iterable[str]) -> str:
    """Escaped items as "• " lines."""
    return "\n".join(f"• {esc(item)}" for item in items)


def support_figure(support: SupportItem, today: date) -> str | None:
    """The figure of a support item in force on `today` (HTML), or None when not yet in force:
    a confirmed rate with its cap, a cap labelled as a cap, or "to be confirmed"."""
    value = support.value_on(today)
    if value is None:
        return None
    found = estimate_from(support, value, None)
    unit = esc(support.unit)
    if found.rate_percent is not None and found.cap_vnd is not None:
        rate, cap = format_percent(found.rate_percent), format_vnd(found.cap_vnd)
        return texts.FIGURE_RATE_CAP.format(rate=rate, cap=cap, unit=unit)
    if found.rate_percent is not None:
        return texts.FIGURE_RATE.format(rate=format_percent(found.rate_percent))
    if found.cap_vnd is not None:
        return texts.FIGURE_CAP.format(cap=format_vnd(found.cap_vnd), unit=unit)
    return texts.FIGURE_UNCONFIRMED


def support_line(support: SupportItem, today: date, *, with_note: bool = False) -> str | None:
    """One support item as it stands on `today` (HTML), or None when not yet in force."""
    figure = support_figure(support, today)
    value = support.value_on(today)
    if figure is None or value is None:
        return None
    line = texts.SUPPORT_LINE.format(item=esc(support.item), figure=figure, date=format_date(value.effective_from))
    if with_note and value.needs_confirmation:
        line += f"\n  <i>{esc(value.needs_confirmation)}</i>"
    if with_note and support.note:
        line += f"\n  {esc(support.note)}"
    return line


def _owner_support(policy: Policy, today: date) -> list[str]:
    """The money an establishment itself can receive (an organiser's budget is not support to it)."""
    lines = []
    for support in policy.support:
        figure = support_figure(support, today) if support.recipient == "establishment" else None
        if figure is not None and figure != texts.FIGURE_UNCONFIRMED:  # the caveat says what is unconfirmed
            lines.append(f"• {esc(support.item)}: <b>{figure}</b>")
    return lines


def _rate_unconfirmed(policy: Policy, today: date) -> bool:
    """Whether some establishment support has a cap but no confirmed share of the cost."""
    for support in policy.support:
        value = support.value_on(today)
        if support.recipient == "establishment" and value and value.cap_vnd and value.rate_percent is None:
            return True
    return False


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
    """The first message of an answer: what the owner can get, the key condition, the next step,
    the one caveat and the as-of date. Details, documents and legal basis are behind buttons."""
    parts = [f"<b>{esc(policy.title)}</b>", esc(policy.summary)]
    if policy.valid_until is not None and policy.valid_until < today:
        parts.append(texts.CARD_EXPIRED.format(date=format_date(policy.valid_until)))
    support = _owner_support(policy, today)
    if support:
        block = texts.CARD_SUPPORT + "\n" + "\n".join(support[:3])
        if _rate_unconfirmed(policy, today) and not policy.needs_confirmation:  # say it once
            block += "\n" + texts.CARD_RATE_UNCONFIRMED
        parts.append(block)
    lines = []
    if policy.conditions:
        lines.append(texts.CARD_KEY_CONDITION.format(condition=esc(policy.conditions[0])))
    lines.append(texts.CARD_NEXT_STEP.format(step=esc(policy.next_step or texts.DEFAULT_NEXT_STEP)))
    if policy.needs_confirmation:
        lines.append(texts.CARD_CONFIRM.format(note=esc(policy.needs_confirmation)))
    parts.append("\n".join(lines))
    if policy.show_contact:
        parts.append(contact_text(kb.office))
    parts.append(texts.CARD_AS_OF.format(date=format_date(kb.as_of(policy))))
    return "\n\n".join(parts)


def answer_detail(policy: Policy, today: date | None = None) -> str:
    """📖 Chi tiết: the full answer, every support item with its notes, all conditions."""
    parts = [f"<b>{esc(policy.title)}</b>", markup_to_html(policy.answer)]
    on = today or policy.last_reviewed
    for recipient, heading in (("establishment", texts.CARD_SUPPORT), ("organiser", texts.CARD_ORGANISER_BUDGET)):
        items = [s for s in policy.support if s.recipient == recipient]
        lines = [line for s in items if (line := support_line(s, on, with_note=True))]
        if lines:
            parts.append(heading + "\n" + "\n".join(lines))
    if policy.conditions:
        parts.append(texts.CARD_CONDITIONS + "\n" + bullets(policy.conditions))
    return "\n\n".join(parts)


def documents_text(policy: Policy) -> str:
    """📄 Hồ sơ: what to prepare (or an honest note when the policy lists nothing)."""
    body = bullets(policy.documents) if policy.documents else texts.CARD_NO_DOCUMENTS
    return f"<b>{esc(policy.title)}</b>\n\n{texts.CARD_DOCUMENTS}\n{body}"


def legal_text(kb: KnowledgeBase, policy: Policy) -> str:
    """⚖️ Căn cứ pháp lý: the citations with their dates, and how current the research is."""
    citations = "\n".join(legal_line(kb, ref.doc, ref.article) for ref in policy.legal_basis)
    as_of = texts.CARD_SOURCES_AS_OF.format(date=format_date(kb.as_of(policy)))
    return f"<b>{esc(policy.title)}</b>\n\n{texts.CARD_LEGAL}\n{citations}\n\n{as_of}"


def contact_text(office: Office) -> str:
    """The configured contact details; unset fields say so instead of inventing anything."""
    lines = [f"🏢 {esc(office.name)}"] + ([f"🏛 {esc(office.parent)}"] if office.parent else [])
    for key, label in texts.CONTACT_LABELS.items():
        value = getattr(office, key)
        lines.append(f"{label}: {esc(value) if value else f'<i>{texts.NOT_SET}</i>'}")
    text = texts.CONTACT_TITLE + "\n" + "\n".join(lines)
    if office.notice:
        text += f"\n\nℹ️ {esc(office.notice)}"
    return text


def suggestion_text(kb: KnowledgeBase, policy_ids: Iterable[str]) -> str:
    """'Did you mean' with policy titles (never ids)."""
    return texts.SUGGEST_TITLE + "\n" + bullets(kb.policies[pid].title for pid in policy_ids)


def unknown_text(kb: KnowledgeBase, out_of_scope: str | None = None) -> str:
    """The honest don't-know answer with the contact details; for an out-of-scope topic that says
    where to ask instead, that office first."""
    topic = kb.out_of_scope.get(out_of_scope) if out_of_scope else None
    if topic is not None and topic.where_to_ask:
        head = texts.OUT_OF_SCOPE.format(topic=esc(topic.title.lower()), where=esc(topic.where_to_ask))
        return head + contact_text(kb.office)
    return texts.UNKNOWN + contact_text(kb.office)


def two_topics_text(kb: KnowledgeBase, policy_ids: Iterable[str]) -> str:
    """'You asked two things' with both titles; the buttons open each answer."""
    return texts.TWO_TOPICS + "\n" + bullets(kb.policies[pid].title for pid in policy_ids)
