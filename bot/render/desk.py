"""What staff, admins and owners read about support requests and the knowledge base: the staff
notification card, history, inbox pages, an owner's list, the request summary, statistics, status."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from bot import localtime
from bot.desk.models import OPEN_STATUSES, RequestEvent, Status, SupportRequest
from bot.desk.stats import PeriodStats
from bot.desk.workflow import OwnerView
from bot.errors import Issue
from bot.language.text import fold
from bot.policies.loader import KnowledgeBase
from bot.render import texts
from bot.render.cards import format_date
from bot.render.html import esc

MAX_ERRORS_SHOWN = 15
NOTHING = "• (chưa có)"


def commune_shown(kb: KnowledgeBase, commune: str, name: str | None, province: str | None) -> str:
    """The commune as staff and the owner see it: the matched unit ("Xã Hàm Thuận Bắc, tỉnh Lâm Đồng"),
    and what was typed when it says something else."""
    if not name:
        return commune
    location = kb.facts.location
    cities = {fold(city) for city in location.central_cities} if location else set()
    kind = "thành phố" if province and fold(province) in cities else "tỉnh"
    matched = f"{name}, {kind} {province}" if province else name
    return matched if fold(commune) == fold(matched) else f"{matched} («{commune}»)"


def staff_title(name: str) -> str:
    """How the owner reads a staff member: "cán bộ Minh" (a Telegram name "Cán bộ Minh" is not doubled)."""
    words = name.split()
    if fold(" ".join(words[:2])) == "can bo":
        words = words[2:]
    elif words and fold(words[0]) == "cb":
        words = words[1:]
    return " ".join(["cán bộ", *words])


def _title(kb: KnowledgeBase, policy_id: str | None, missing: str) -> str:
    return kb.policies[policy_id].title if policy_id in kb.policies else (policy_id or missing)


def request_card(kb: KnowledgeBase, request: SupportRequest) -> str:
    """The staff notification of a new request: who, where, what, and the eligibility result."""
    check = ""
    if request.eligibility:
        verdicts = ", ".join(
            f"{texts.VERDICT_ICONS.get(v.get('verdict', ''), '?')} {esc(_title(kb, pid, pid))}"
            for pid, v in request.eligibility.get("verdicts", {}).items()
        )
        checked = request.eligibility.get("date", "")
        with contextlib.suppress(ValueError):
            checked = format_date(date.fromisoformat(checked))
        check = texts.STAFF_CHECK.format(date=esc(checked), verdicts=verdicts)
    return texts.STAFF_NEW.format(
        code=esc(request.code),
        name=esc(request.name),
        phone=esc(request.phone),
        business=esc(request.business_name),
        form=esc(request.business_form or "chưa rõ loại hình"),
        commune=esc(commune_shown(kb, request.commune, request.commune_name, request.province)),
        topic=esc(kb.policies[request.topic_policy_id].title if request.topic_policy_id in kb.policies else "—"),
        question=esc(request.question),
        check=check,
    )


def notification(kb: KnowledgeBase, request: SupportRequest) -> str:
    """The staff notification as it reads now: headed by where the request stands and who has it
    (a resolved one no longer says "🆕 Yêu cầu mới" nor invites a reply)."""
    card = request_card(kb, request)
    if request.status == Status.NEW:
        return card
    body = card.split("\n", 1)[1]
    if request.status not in OPEN_STATUSES:
        body = body.split("\n\n<i>")[0]
    stage = Status.IN_PROGRESS if request.status in OPEN_STATUSES else request.status
    who = f" — {esc(request.assignee_name)}" if request.assignee_name else ""
    head = texts.STAFF_CARD_HEAD.format(status=texts.STAFF_STATUS_LABELS[stage], code=esc(request.code), who=who)
    return f"{head}\n{body}"


def event_line(event: RequestEvent) -> str:
    """One line of a request's history."""
    when = localtime.format_moment(event.created_at, "%d/%m %H:%M")
    who = esc(event.actor_name or "")
    if event.kind == "status_change":
        labels = texts.STAFF_STATUS_LABELS
        what = f"{labels.get(event.status_from or '', '')} → {labels.get(event.status_to or '', '')}"
    else:
        what = texts.EVENT_LABELS.get(event.kind, event.kind)
    shown = event.text and event.kind in ("staff_reply", "user_message", "rating")
    detail = f": {esc((event.text or '')[:200])}" if shown else ""
    return f"• {when} {who} — {what}{detail}"


def request_page(kb: KnowledgeBase, request: SupportRequest, events: Sequence[RequestEvent]) -> str:
    """/yc CODE: the request, its status and history."""
    status = texts.STAFF_STATUS_LABELS.get(request.status, request.status)
    text = notification(kb, request).split("\n\n<i>")[0]
    text += f"\n\n📌 Trạng thái: {status}" + (f" — {esc(request.assignee_name)}" if request.assignee_name else "")
    if request.rating:
        text += f"\n⭐ Đánh giá: {request.rating}/5"
    return text + "\n\n🕘 <b>Lịch sử</b>\n" + "\n".join(event_line(e) for e in events)


def inbox_page(requests: Iterable[SupportRequest], total: int, page: int, pages: int) -> str:
    """One page of open requests for /inbox."""
    lines = [texts.STAFF_INBOX.format(total=total, page=page + 1, pages=pages)]
    for request in requests:
        status = texts.STAFF_STATUS_LABELS.get(request.status, request.status)
        sent = localtime.format_moment(request.created_at, "%d/%m/%Y")
        lines.append(
            f"• <b>{esc(request.code)}</b> {sent} — {esc(request.name)}, "
            f"{esc(request.commune)}: {status}\n  {esc(request.question[:120])}"
        )
    return "\n".join(lines)


QUESTION_SHOWN = 120  # characters of each question and answer in /yeucaucuatoi, for a phone
ANSWERS_SHOWN = 2


def _short(text: str, limit: int = QUESTION_SHOWN) -> str:
    """One line of at most `limit` characters (escaped after cutting, so no entity is cut)."""
    line = " ".join(text.split())
    return esc(line if len(line) <= limit else line[: limit - 1].rstrip() + "…")


def owner_requests(kb: KnowledgeBase, view: OwnerView) -> str:
    """/yeucaucuatoi: a business owner's newest requests with their status, question and answers so far."""
    lines = [texts.MY_REQUESTS]
    for request, answers in view.requests:
        status = texts.STATUS_LABELS.get(request.status, request.status)
        sent = format_date(localtime.local(request.created_at).date())
        lines.append(f"\n• <b>{esc(request.code)}</b> ({sent}): {status}")
        if request.topic_policy_id in kb.policies:
            lines.append(f"  📚 {esc(kb.policies[request.topic_policy_id].title)}")
        lines.append(f"  ❓ {_short(request.question)}")
        if len(answers) > ANSWERS_SHOWN:
            lines.append("  " + texts.MY_REQUESTS_EARLIER.format(count=len(answers) - ANSWERS_SHOWN))
        lines += [f"  💬 {_short(answer)}" for answer in answers[-ANSWERS_SHOWN:]]
        if not answers:
            lines.append("  " + texts.MY_REQUESTS_NO_ANSWER)
    if view.total > len(view.requests):
        lines.append("\n" + texts.MY_REQUESTS_MORE.format(shown=len(view.requests), total=view.total))
    return "\n".join(lines)


def request_summary(kb: KnowledgeBase, draft: Mapping[str, Any]) -> str:
    """The request form's summary, shown before the owner presses "Gửi"."""
    topic = kb.policies[draft["topic"]].title if draft.get("topic") in kb.policies else texts.REQ_GENERAL_TOPIC
    check = draft.get("check")
    return texts.REQ_SUMMARY.format(
        name=esc(draft["name"]),
        business=esc(draft["business"]),
        commune=esc(commune_shown(kb, draft["commune"], draft.get("commune_name"), draft.get("province"))),
        phone=esc(draft["phone"]),
        topic=esc(topic),
        question=esc(draft["question"]),
        check=texts.REQ_SUMMARY_CHECK.format(date=format_date(date.fromisoformat(check["date"]))) if check else "",
    )


def period_stats(kb: KnowledgeBase, stats: PeriodStats) -> str:
    """/thongke."""
    per_day = "\n".join(
        f"• {format_date(date.fromisoformat(day))}: {count}" for day, count in stats.questions_per_day.items()
    )
    top = "\n".join(f"• {esc(_title(kb, pid, pid))}: {count}" for pid, count in stats.top_policies)
    requests = "\n".join(
        f"• {texts.STAFF_STATUS_LABELS.get(status, status)}: {count}"
        for status, count in stats.requests_by_status.items()
    )
    median = stats.median_first_response_hours
    share = stats.answered_share
    return texts.STATS.format(
        per_day=per_day or NOTHING,
        answered=f"{share:.0%}" if share is not None else "chưa có",
        top=top or NOTHING,
        requests=requests or NOTHING,
        median=f"{median:.1f} giờ" if median is not None else "chưa có",
    )


def reminder(due: Sequence[tuple[str, datetime]], hours: float) -> str:
    """The staff group's reminder of requests nobody has taken, with when each was sent (Vietnam time)."""
    listed = "\n".join(
        texts.STAFF_REMINDER_LINE.format(code=esc(code), sent=localtime.format_moment(sent, "%H:%M %d/%m/%Y"))
        for code, sent in due
    )
    return texts.STAFF_REMINDER.format(count=len(due), hours=hours, codes=listed)


def issues_list(issues: Sequence[Issue]) -> str:
    """Check errors for admins in Telegram, at most MAX_ERRORS_SHOWN of them."""
    lines = [f"• <code>{esc(issue)}</code>" for issue in issues[:MAX_ERRORS_SHOWN]]
    if len(issues) > MAX_ERRORS_SHOWN:
        lines.append(f"… và {len(issues) - MAX_ERRORS_SHOWN} lỗi khác (chạy <code>python main.py check</code>).")
    return "\n".join(lines)
