"""The staff desk: notifications, replies relayed both ways, status changes, /inbox, /yc, reminders.

Every staff command and button checks the sender against STAFF_USER_IDS; others get a neutral
refusal and the attempt is logged (user id only, never message text or phone numbers).
"""

from __future__ import annotations

import contextlib
import logging
import math
from datetime import date, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from bot.desk import repo as storage
from bot.desk.models import OPEN_STATUSES, RequestEvent, Status, SupportRequest, utcnow
from bot.render import texts
from bot.render.cards import VERDICT_ICONS, esc, format_date
from handlers import keyboards
from handlers.callbacks import parse
from handlers.common import in_db, send_html, send_to, settings, snapshot

log = logging.getLogger(__name__)
INBOX_PAGE = 8
STARS = "⭐"


def is_staff(context: ContextTypes.DEFAULT_TYPE, user_id: int | None) -> bool:
    return user_id is not None and user_id in settings(context).staff_user_ids


async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> None:
    """Neutral refusal, logged with the user id only."""
    user_id = update.effective_user.id if update.effective_user else None
    log.warning("Refused staff action %s to user %s", action, user_id)
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STAFF_REFUSED, show_alert=True)
    else:
        await send_html(update, context, texts.STAFF_REFUSED)


def _staff_name(update: Update) -> str:
    user = update.effective_user
    return user.full_name if user else "Cán bộ"


def _request_card(context: ContextTypes.DEFAULT_TYPE, request: SupportRequest) -> str:
    kb = snapshot(context).kb
    topic = kb.policies[request.topic_policy_id].title if request.topic_policy_id in kb.policies else "—"
    check = ""
    if request.eligibility:
        verdicts = ", ".join(
            f"{VERDICT_ICONS.get(v.get('verdict', ''), '?')} {esc(kb.policies[pid].title if pid in kb.policies else pid)}"  # noqa: E501
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
        commune=esc(request.commune),
        topic=esc(topic),
        question=esc(request.question),
        check=check,
    )


def _desk_buttons(request: SupportRequest) -> InlineKeyboardMarkup:
    assert request.id is not None
    return InlineKeyboardMarkup(
        [
            [
                keyboards.button(texts.STAFF_BUTTON_TAKE, "sa", request.id),
                keyboards.button(texts.STAFF_BUTTON_RESOLVE, "sr", request.id),
            ]
        ]
    )


async def notify_new(context: ContextTypes.DEFAULT_TYPE, request: SupportRequest) -> None:
    """Post a new request in the staff group (a failure here loses nothing: /inbox still lists it)."""
    chat_id = settings(context).staff_chat_id
    if chat_id is None:
        return
    try:
        sent = await send_to(context, chat_id, _request_card(context, request), _desk_buttons(request))
        assert request.id is not None
        request_id = request.id

        def remember(session: Session) -> None:
            storage.record_relay(
                session, request_id=request_id, chat_id=chat_id, message_id=sent.message_id, side="staff"
            )
            session.commit()

        await in_db(context, remember)
    except (TelegramError, SQLAlchemyError) as exc:
        log.warning("Staff notification for %s failed: %s", request.code, type(exc).__name__)


async def relay_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply to a message about a request: staff → owner, owner → staff thread. Stops other handlers."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or message.reply_to_message is None:
        return
    replied = message.reply_to_message
    if replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    if filters.COMMAND.check_update(update):
        return  # a command sent as a reply is for the bot (e.g. /yc CODE), not for the other side
    found = await in_db(context, lambda s: storage.find_relay(s, chat_id=chat.id, message_id=replied.message_id))
    if found is None:
        return
    request, side = found
    text = (message.text or message.caption or "").strip()
    if not text:
        raise ApplicationHandlerStop
    if side == "staff":
        if not is_staff(context, update.effective_user.id if update.effective_user else None):
            await refuse(update, context, "reply")
        else:
            await _staff_reply(update, context, request, text)
    else:
        await _owner_followup(update, context, request, text)
    raise ApplicationHandlerStop


async def _staff_reply(update: Update, context: ContextTypes.DEFAULT_TYPE, request: SupportRequest, text: str) -> None:
    user = update.effective_user
    assert user is not None and request.id is not None
    name = _staff_name(update)
    request_id = request.id

    def record(session: Session) -> SupportRequest:
        current = storage.get_by_id(session, request_id=request_id)
        assert current is not None
        if current.assignee_id is None:
            storage.assign(session, request=current, actor_id=user.id, actor_name=name)
        storage.add_event(session, request=current, kind="staff_reply", actor_id=user.id, actor_name=name, text=text)
        if current.status in (Status.NEW, Status.IN_PROGRESS):
            storage.change_status(
                session, request=current, status=Status.WAITING_USER, actor_id=user.id, actor_name=name
            )
        session.commit()
        return current

    current = await in_db(context, record)
    try:
        sent = await send_to(
            context, current.telegram_chat_id, texts.OWNER_STAFF_REPLY.format(code=esc(current.code), text=esc(text))
        )
    except TelegramError:
        await send_html(update, context, texts.STAFF_SEND_FAILED.format(code=esc(current.code)))
        return
    await _remember(context, request_id, current.telegram_chat_id, sent.message_id, "owner")
    await send_html(update, context, texts.STAFF_RELAYED.format(code=esc(current.code)))


async def _owner_followup(
    update: Update, context: ContextTypes.DEFAULT_TYPE, request: SupportRequest, text: str
) -> None:
    user = update.effective_user
    assert user is not None and request.id is not None
    if user.id != request.telegram_user_id:
        return
    if request.status not in OPEN_STATUSES:
        await send_html(update, context, texts.OWNER_FOLLOWUP_CLOSED.format(code=esc(request.code)))
        return
    request_id = request.id

    def record(session: Session) -> None:
        current = storage.get_by_id(session, request_id=request_id)
        assert current is not None
        storage.add_event(
            session, request=current, kind="user_message", actor_id=user.id, actor_name=current.name, text=text
        )
        if current.status == Status.WAITING_USER:
            storage.change_status(
                session, request=current, status=Status.IN_PROGRESS, actor_id=user.id, actor_name=current.name
            )
        session.commit()

    await in_db(context, record)
    chat_id = settings(context).staff_chat_id
    if chat_id is not None:
        # In the background, like new-request notifications: the staff group is rate limited by Telegram.
        context.application.create_task(_to_staff_thread(context, request, text, chat_id), update=update)
    await send_html(update, context, texts.OWNER_FOLLOWUP_SENT.format(code=esc(request.code)))


async def _to_staff_thread(
    context: ContextTypes.DEFAULT_TYPE, request: SupportRequest, text: str, chat_id: int
) -> None:
    """Post the owner's message (already in the audit trail) as a reply in the request's staff thread."""
    assert request.id is not None
    request_id = request.id
    try:
        thread = await in_db(context, lambda s: storage.staff_thread(s, request_id=request_id, chat_id=chat_id))
        sent = await send_to(
            context, chat_id, texts.STAFF_FOLLOWUP.format(code=esc(request.code), text=esc(text)), reply_to=thread
        )
        await _remember(context, request_id, chat_id, sent.message_id, "staff")
    except (TelegramError, SQLAlchemyError) as exc:
        log.warning("Follow-up on %s not posted to the staff group: %s", request.code, type(exc).__name__)


async def _remember(
    context: ContextTypes.DEFAULT_TYPE, request_id: int, chat_id: int, message_id: int, side: str
) -> None:
    def record(session: Session) -> None:
        storage.record_relay(session, request_id=request_id, chat_id=chat_id, message_id=message_id, side=side)
        session.commit()

    await in_db(context, record)


async def desk_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """[Nhận xử lý] / [Đã giải quyết] on a notification, and inbox pages: staff only."""
    query = update.callback_query
    assert query is not None
    pressed = parse(query.data)
    if pressed is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    if not is_staff(context, update.effective_user.id if update.effective_user else None):
        await refuse(update, context, pressed.action)
        return
    if pressed.action == "ip":
        await query.answer()
        await _send_inbox(update, context, pressed.page)
        return
    request = await in_db(context, lambda s: storage.get_by_id(s, request_id=pressed.request or 0))
    if request is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    await query.answer()
    status = Status.IN_PROGRESS if pressed.action == "sa" else Status.RESOLVED
    await set_status(update, context, request, status)


async def set_status(
    update: Update, context: ContextTypes.DEFAULT_TYPE, request: SupportRequest, status: Status
) -> None:
    """Take or resolve a request, tell the staff chat and the owner."""
    user = update.effective_user
    assert user is not None and request.id is not None
    if request.status not in OPEN_STATUSES:
        label = texts.STAFF_STATUS_LABELS.get(request.status, request.status)
        await send_html(update, context, texts.STAFF_ALREADY_CLOSED.format(code=esc(request.code), status=label))
        return
    name = _staff_name(update)
    request_id = request.id

    def record(session: Session) -> SupportRequest:
        current = storage.get_by_id(session, request_id=request_id)
        assert current is not None
        if status == Status.IN_PROGRESS:
            storage.assign(session, request=current, actor_id=user.id, actor_name=name)
        else:
            storage.change_status(session, request=current, status=status, actor_id=user.id, actor_name=name)
        session.commit()
        return current

    current = await in_db(context, record)
    staff_text = texts.STAFF_TAKEN if status == Status.IN_PROGRESS else texts.STAFF_RESOLVED
    await send_html(update, context, staff_text.format(staff=esc(name), code=esc(current.code)))
    try:
        if status == Status.IN_PROGRESS:
            await send_to(
                context, current.telegram_chat_id, texts.OWNER_TAKEN.format(code=esc(current.code), staff=esc(name))
            )
        else:
            stars = InlineKeyboardMarkup([[keyboards.button(f"{n}{STARS}", "rt", request_id, n) for n in range(1, 6)]])
            await send_to(context, current.telegram_chat_id, texts.OWNER_RESOLVED.format(code=esc(current.code)), stars)
    except TelegramError as exc:
        log.warning("Owner of %s not notified: %s", current.code, type(exc).__name__)


async def rating(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The owner's 1–5 rating after resolution (only the owner, only once)."""
    query = update.callback_query
    assert query is not None
    pressed = parse(query.data)
    user = update.effective_user
    request = await in_db(context, lambda s: storage.get_by_id(s, request_id=pressed.request or 0)) if pressed else None
    if (
        pressed is None
        or request is None
        or user is None
        or request.telegram_user_id != user.id
        or request.rating
        or request.status not in (Status.RESOLVED, Status.CLOSED)  # the stars are only sent on resolution
    ):
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    await query.answer()
    value = int(pressed.choice or 0)
    request_id = request.id

    def record(session: Session) -> None:
        current = storage.get_by_id(session, request_id=request_id or 0)
        assert current is not None
        storage.set_rating(session, request=current, rating=value, actor_id=user.id)
        session.commit()

    await in_db(context, record)
    await send_html(update, context, texts.RATING_THANKS.format(stars=STARS * value))
    chat_id = settings(context).staff_chat_id
    if chat_id is not None:
        rated = texts.STAFF_RATED.format(code=esc(request.code), rating=value)
        context.application.create_task(send_to(context, chat_id, rated), update=update)


async def inbox(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/inbox: open requests, oldest first, paginated (staff only)."""
    if not is_staff(context, update.effective_user.id if update.effective_user else None):
        await refuse(update, context, "inbox")
        return
    await _send_inbox(update, context, 0)


async def _send_inbox(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int) -> None:
    def load(session: Session) -> tuple[int, list[SupportRequest]]:
        total = storage.count_open(session)
        rows = storage.list_requests(session, open_only=True, offset=page * INBOX_PAGE, limit=INBOX_PAGE)
        return total, list(rows)

    total, rows = await in_db(context, load)
    if total == 0:
        await send_html(update, context, texts.STAFF_INBOX_EMPTY)
        return
    pages = max(1, math.ceil(total / INBOX_PAGE))
    lines = [texts.STAFF_INBOX.format(total=total, page=min(page, pages - 1) + 1, pages=pages)]
    for request in rows:
        status = texts.STAFF_STATUS_LABELS.get(request.status, request.status)
        lines.append(
            f"• <b>{esc(request.code)}</b> {format_date(request.created_at.date())} — {esc(request.name)}, "
            f"{esc(request.commune)}: {status}\n  {esc(request.question[:120])}"
        )
    nav = []
    if page > 0:
        nav.append(keyboards.button(texts.BUTTON_PREV, "ip", page - 1))
    if page < pages - 1:
        nav.append(keyboards.button(texts.BUTTON_NEXT, "ip", page + 1))
    await send_html(update, context, "\n".join(lines), InlineKeyboardMarkup([nav]) if nav else None)


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/yc CODE: one request with its history (staff only)."""
    if not is_staff(context, update.effective_user.id if update.effective_user else None):
        await refuse(update, context, "yc")
        return
    if not context.args:
        await send_html(update, context, texts.STAFF_USAGE_YC)
        return
    code = context.args[0]

    def load(session: Session) -> tuple[SupportRequest | None, list[str]]:
        request = storage.get_by_code(session, code=code)
        if request is None or request.id is None:
            return None, []
        return request, [_event_line(e) for e in storage.events_of(session, request_id=request.id)]

    request, history = await in_db(context, load)
    if request is None:
        await send_html(update, context, texts.STAFF_NOT_FOUND.format(code=esc(code[:30])))
        return
    status = texts.STAFF_STATUS_LABELS.get(request.status, request.status)
    text = _request_card(context, request).split("\n\n<i>")[0]
    text += f"\n\n📌 Trạng thái: {status}" + (f" — {esc(request.assignee_name)}" if request.assignee_name else "")
    if request.rating:
        text += f"\n⭐ Đánh giá: {request.rating}/5"
    text += "\n\n🕘 <b>Lịch sử</b>\n" + "\n".join(history)
    markup = _desk_buttons(request) if request.status in OPEN_STATUSES else None
    await send_html(update, context, text, markup)


def _event_line(event: RequestEvent) -> str:
    when = event.created_at.strftime("%d/%m %H:%M")
    who = esc(event.actor_name or "")
    labels = {
        "created": "tạo yêu cầu",
        "assignment": "nhận xử lý",
        "staff_reply": "cán bộ trả lời",
        "user_message": "người hỏi nhắn thêm",
        "rating": "đánh giá",
    }
    if event.kind == "status_change":
        labels_of = texts.STAFF_STATUS_LABELS
        what = f"{labels_of.get(event.status_from or '', '')} → {labels_of.get(event.status_to or '', '')}"
    else:
        what = labels.get(event.kind, event.kind)
    detail = (
        f": {esc(event.text[:200])}" if event.text and event.kind in ("staff_reply", "user_message", "rating") else ""
    )
    return f"• {when} {who} — {what}{detail}"


async def reply_by_code(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/traloi CODE text: answer a request without replying to its notification (staff only)."""
    if not is_staff(context, update.effective_user.id if update.effective_user else None):
        await refuse(update, context, "traloi")
        return
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=2) if message else []
    if len(parts) < 3:
        await send_html(update, context, texts.STAFF_USAGE_REPLY)
        return
    request = await in_db(context, lambda s: storage.get_by_code(s, code=parts[1]))
    if request is None:
        await send_html(update, context, texts.STAFF_NOT_FOUND.format(code=esc(parts[1][:30])))
        return
    await _staff_reply(update, context, request, parts[2].strip())


async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: remind the staff group of requests nobody has taken for too long."""
    config = settings(context)
    if config.staff_chat_id is None:
        return
    before = utcnow() - timedelta(hours=config.reminder_after_hours)

    def load(session: Session) -> list[str]:
        rows = storage.untouched(session, before=before)
        now = utcnow()
        for row in rows:
            row.reminded_at = now
            session.add(row)
        session.commit()
        return [row.code or "" for row in rows]

    try:
        codes = await in_db(context, load)
    except SQLAlchemyError as exc:
        log.warning("Reminder skipped: %s", type(exc).__name__)
        return
    if codes:
        text = texts.STAFF_REMINDER.format(
            count=len(codes), hours=config.reminder_after_hours, codes="\n".join(f"• {esc(c)}" for c in codes)
        )
        await send_to(context, config.staff_chat_id, text)
