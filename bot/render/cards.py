"""Rendering answers as Telegram HTML (every dynamic piece escaped) and as plain text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date

from bot.eligibility.engine import PolicyVerdict
from bot.matching.matcher import Match
from bot.policies.loader import KnowledgeBase
from bot.policies.schema import Office, Policy, SupportItem

TELEGRAM_LIMIT = 4096
NOT_SET = "chưa cập nhật"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def esc(text: object) -> str:
    """Escape any text for Telegram HTML."""
    return html.escape(str(text), quote=False)


def markup_to_html(text: str) -> str:
    """Convert the policy answer markup (paragraphs, '- ' bullets, **bold**) to Telegram HTML."""
    lines = []
    for line in esc(text.strip()).splitlines():
        stripped = line.strip()
        lines.append(f"• {stripped[2:]}" if stripped.startswith("- ") else stripped)
    return _BOLD.sub(r"<b>\1</b>", "\n".join(lines))


def html_to_plain(text: str) -> str:
    """Strip tags and unescape: what a console user sees."""
    return html.unescape(_TAG.sub("", text))


def format_vnd(amount: int | float) -> str:
    """Vietnamese money format: 600.000.000 đ."""
    return f"{round(amount):,}".replace(",", ".") + " đ"


def format_date(day: date | None) -> str:
    """dd/mm/yyyy, or a note when the date is unknown."""
    return day.strftime("%d/%m/%Y") if day else "chưa xác nhận"


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {esc(item)}" for item in items)


def support_line(support: SupportItem, today: date) -> str | None:
    """One support item as it stands on `today` (HTML), or None when not yet in force."""
    value = support.value_on(today)
    if value is None:
        return None
    parts = []
    if value.rate_percent is not None:
        parts.append(f"tối đa {value.rate_percent:g}% chi phí")
    if value.cap_vnd is not None:
        parts.append(f"không quá {format_vnd(value.cap_vnd)}/{esc(support.unit)}")
    figure = ", ".join(parts) if parts else "mức cụ thể chưa được xác nhận"
    line = f"• {esc(support.item)}: <b>{figure}</b> (từ {format_date(value.effective_from)})"
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
        dates.append(f"ban hành {format_date(doc.issued)}")
    if doc.effective:
        dates.append(f"hiệu lực {format_date(doc.effective)}")
    return text + (f" ({'; '.join(dates)})" if dates else "")


def answer_card(kb: KnowledgeBase, policy: Policy, today: date) -> str:
    """The answer card: title, short answer, support, conditions, documents, legal basis, as-of date."""
    parts = [f"<b>{esc(policy.title)}</b>", esc(policy.summary)]
    lines = [line for s in policy.support if (line := support_line(s, today))]
    if lines:
        parts.append("💰 <b>Mức hỗ trợ</b>\n" + "\n".join(lines))
    if policy.conditions:
        parts.append("✅ <b>Điều kiện chính</b>\n" + _bullets(policy.conditions))
    if policy.documents:
        parts.append("📄 <b>Hồ sơ cần chuẩn bị</b>\n" + _bullets(policy.documents))
    parts.append(
        "⚖️ <b>Căn cứ pháp lý</b>\n" + "\n".join(legal_line(kb, ref.doc, ref.article) for ref in policy.legal_basis)
    )
    if policy.needs_confirmation:
        parts.append(f"⚠️ <b>Cần xác nhận:</b> <i>{esc(policy.needs_confirmation)}</i>")
    parts.append(f"<i>Thông tin đúng đến ngày {format_date(kb.as_of(policy))}.</i>")
    return "\n\n".join(parts)


def answer_detail(kb: KnowledgeBase, policy: Policy) -> str:
    """The full answer text of a policy."""
    return f"<b>{esc(policy.title)}</b>\n\n{markup_to_html(policy.answer)}"


def contact_text(office: Office) -> str:
    """The office's contact details; unset fields say so instead of inventing anything."""
    lines = [f"🏢 {esc(office.name)}"] + ([f"🏛 {esc(office.parent)}"] if office.parent else [])
    rows = [
        ("📍 Địa chỉ", office.address),
        ("☎️ Điện thoại", office.phone),
        ("✉️ Email", office.email),
        ("🌐 Website", office.website),
        ("🕘 Giờ làm việc", office.hours),
    ]
    lines += [f"{label}: {esc(value) if value else f'<i>{NOT_SET}</i>'}" for label, value in rows]
    text = "📞 <b>Liên hệ</b>\n" + "\n".join(lines)
    if office.needs_confirmation:
        text += f"\n\n<i>{esc(office.needs_confirmation)}</i>"
    return text


def suggestion_text(kb: KnowledgeBase, matches: Iterable[Match]) -> str:
    """'Did you mean' with policy titles (never ids)."""
    titles = [kb.policies[m.policy_id].title for m in matches]
    return "🤔 Có phải bạn muốn hỏi về:\n" + "\n".join(f"• {esc(t)}" for t in titles)


def unknown_text(kb: KnowledgeBase) -> str:
    """The honest don't-know answer with the contact details."""
    return (
        "Xin lỗi, hiện tôi <b>chưa có thông tin</b> để trả lời chính xác câu hỏi này. "
        "Tôi có thể chuyển câu hỏi cho cán bộ khuyến công, hoặc bạn liên hệ trực tiếp:\n\n"
        + contact_text(kb.office)
    )


_TAG_TOKEN = re.compile(r"<(/?)([a-z]+)[^>]*>")
# Room for closing and re-opening the formatting tags that a cut leaves open.
_TAG_RESERVE = 64


def _units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji beyond U+FFFF counts twice)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split at paragraph boundaries (then lines, then words) so each part fits Telegram's limit.

    A tag left open by a cut is closed at the end of its part and re-opened in the next, so
    every part is valid Telegram HTML on its own. Lengths are counted as Telegram does (UTF-16).
    """
    parts = _split(text, limit)
    if "<" not in text:
        return parts
    balanced = _rebalance(parts)
    if all(_units(part) <= limit for part in balanced):
        return balanced
    return _rebalance(_split(text, max(limit - _TAG_RESERVE, limit // 2)))


def _rebalance(parts: list[str]) -> list[str]:
    balanced = []
    open_tags: list[tuple[str, str]] = []  # (name, full opening tag)
    for part in parts:
        prefix = "".join(tag for _, tag in open_tags)
        for match in _TAG_TOKEN.finditer(part):
            closing, name = match.group(1), match.group(2)
            if not closing:
                open_tags.append((name, match.group(0)))
            elif open_tags and open_tags[-1][0] == name:
                open_tags.pop()
        suffix = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        balanced.append(prefix + part + suffix)
    return balanced


def _split(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        pieces = [paragraph] if _units(paragraph) <= limit else _hard_split(paragraph, limit)
        for piece in pieces:
            candidate = f"{current}\n\n{piece}" if current else piece
            if _units(candidate) <= limit:
                current = candidate
            else:
                parts.append(current)
                current = piece
    if current:
        parts.append(current)
    return parts or [""]


def _hard_split(paragraph: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for line in paragraph.split("\n"):
        while _units(line) > limit:
            cut = _safe_cut(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if _units(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return pieces


def _safe_cut(line: str, limit: int) -> int:
    """A cut position that does not fall inside an HTML entity or tag (the part before it fits `limit`)."""
    cut = len(line.encode("utf-16-le", "surrogatepass")[: 2 * limit].decode("utf-16-le", errors="ignore"))
    amp, lt = line.rfind("&", 0, cut), line.rfind("<", 0, cut)
    if amp != -1 and ";" not in line[amp:cut]:
        cut = amp
    if lt != -1 and ">" not in line[lt:cut]:
        cut = min(cut, lt)
    space = line.rfind(" ", 0, cut)
    return space if space > cut // 2 else max(cut, 1)


VERDICT_ICONS = {"eligible": "✅", "ineligible": "❌", "unknown": "❔"}
VERDICT_LABELS = {
    "eligible": "Có thể được hỗ trợ",
    "ineligible": "Chưa đủ điều kiện",
    "unknown": "Chưa đủ thông tin để kết luận",
}


def eligibility_report(kb: KnowledgeBase, verdicts: dict[str, PolicyVerdict], day: date) -> str:
    """Per policy ✅ / ❌ / ❔ with reasons, estimated maximum support and documents to prepare."""
    parts = [f"📋 <b>Kết quả kiểm tra điều kiện</b> (theo quy định ngày {format_date(day)})"]
    for verdict in verdicts.values():
        policy = kb.policies[verdict.policy_id]
        lines = [f"{VERDICT_ICONS[verdict.verdict]} <b>{esc(policy.title)}</b>: {VERDICT_LABELS[verdict.verdict]}"]
        lines += [f"• {esc(reason)}" for reason in verdict.reasons]
        lines += [f"⭐ {esc(reason)}" for reason in verdict.priorities]
        if verdict.verdict == "eligible":
            if verdict.max_support_vnd is not None:
                lines.append(f"💰 Hỗ trợ tối đa ước tính: <b>{format_vnd(verdict.max_support_vnd)}</b>")
            else:
                lines.append("💰 Mức hỗ trợ cụ thể chưa được xác nhận; cán bộ sẽ tư vấn thêm.")
            lines += [f"⚠️ <i>{esc(note)}</i>" for note in verdict.needs_confirmation]
            if policy.documents:
                lines.append("📄 Hồ sơ cần chuẩn bị:\n" + _bullets(policy.documents))
        elif verdict.verdict == "unknown" and verdict.missing_facts:
            questions = [kb.facts.facts[f].question for f in verdict.missing_facts]
            lines.append("Cần biết thêm:\n" + _bullets(questions))
        parts.append("\n".join(lines))
    parts.append("<i>Đây là kết quả ước tính tự động; quyết định hỗ trợ do cơ quan có thẩm quyền phê duyệt.</i>")
    return "\n\n".join(parts)
