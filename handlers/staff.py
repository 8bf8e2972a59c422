"""The staff desk in Telegram: [Nhận xử lý] / [Đã giải quyết], /inbox, /yc, /traloi, reminders, and
the owner's rating after resolution. Staff commands and buttons are guarded by `staff_only`."""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.desk import workflow
from bot.desk.models import RelaySide, Status, SupportRequest, utcnow
from bot.errors import StorageError
from bot.render import desk, texts
from bot.render.html import esc
from handlers import keyboards
from handlers.callbacks import parse
from handlers.context import Context
from handlers.guards import staff_only
from handlers.relay import actor, desk_buttons, remember, show_status, staff_reply, tell_owner
from handlers.send import in_db, reply, send

log = logging.getLogger(__name__)
INBOX_PAGE = 8
STARS = "⭐"


@staff_only
async def desk_button(update: Update, context: Context) -> None:
    """[Nhận xử lý] / [Đã giải quyết] on a notification, and inbox pages."""
    query = update.callback_query
    assert query is not None
    pressed = parse(query.data)
    if pressed is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    if pressed.action == "ip":
        await query.answer()
        await _send_inbox(update, context, pressed.page)
        return
    step = workflow.take if pressed.action == "sa" else workflow.resolve
    request_id, staff = pressed.request or 0, actor(update)
    outcome = await in_db(context, lambda s: step(s, request_id=request_id, staff=staff))
    if outcome.refusal == workflow.Refusal.NOT_FOUND:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    if outcome.refusal == workflow.Refusal.ALREADY_TAKEN:
        taken = outcome.request
        assert taken is not None
        alert = texts.STAFF_ALREADY_TAKEN.format(code=taken.code, staff=taken.assignee_name)
        await query.answer(alert, show_alert=True)
        return
    await query.answer()
    await _announce(update, context, outcome, Status.IN_PROGRESS if pressed.action == "sa" else Status.RESOLVED)


async def _announce(update: Update, context: Context, outcome: workflow.Outcome, status: Status) -> None:
    """Tell the staff chat and the owner that a request was taken or resolved (or that it had ended),
    and show it on the notification. Every message sent is mapped to the request, so replies to it relay."""
    request = outcome.request
    assert request is not None and request.id is not None
    if outcome.refusal == workflow.Refusal.CLOSED:
        label = texts.STAFF_STATUS_LABELS.get(request.status, request.status)
        ended = await reply(update, context, texts.STAFF_ALREADY_CLOSED.format(code=esc(request.code), status=label))
        await remember(context, request, ended, RelaySide.STAFF)
        return
    name = actor(update).name
    staff_text = texts.STAFF_TAKEN if status == Status.IN_PROGRESS else texts.STAFF_RESOLVED
    notice = await reply(update, context, staff_text.format(staff=esc(name), code=esc(request.code)))
    await remember(context, request, notice, RelaySide.STAFF)
    pressed = update.callback_query.message if update.callback_query else None
    await show_status(context, request, pressed if isinstance(pressed, Message) else None)
    await tell_owner(context, request, status, name)


async def rating(update: Update, context: Context) -> None:
    """The owner's 1–5 rating after resolution (only the owner, only once)."""
    query = update.callback_query
    assert query is not None
    pressed, user = parse(query.data), update.effective_user
    if pressed is None or user is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    request_id, value = pressed.request or 0, int(pressed.choice or 0)
    outcome = await in_db(context, lambda s: workflow.rate(s, request_id=request_id, owner_id=user.id, rating=value))
    if outcome.refusal is not None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    await query.answer()
    await reply(update, context, texts.RATING_THANKS.format(stars=STARS * value))
    chat_id = context.bot_data.settings.staff_chat_id
    if chat_id is not None:
        rated = texts.STAFF_RATED.format(code=esc(outcome.done.code), rating=value)
        context.application.create_task(_rated(context, outcome.done, chat_id, rated), update=update)


async def _rated(context: Context, request: SupportRequest, chat_id: int, text: str) -> None:
    """Tell the staff group the owner's rating (a reply to it still reaches the owner)."""
    try:
        await remember(context, request, await send(context, chat_id, text), RelaySide.STAFF)
    except (TelegramError, StorageError) as exc:
        log.warning("Rating of %s not posted to the staff group: %s", request.code, type(exc).__name__)


@staff_only
async def inbox(update: Update, context: Context) -> None:
    """/inbox: open requests, oldest first, paginated."""
    await _send_inbox(update, context, 0)


async def _send_inbox(update: Update, context: Context, page: int) -> None:
    total, rows = await in_db(context, lambda s: workflow.open_requests(s, page=page, size=INBOX_PAGE))
    if total == 0:
        await reply(update, context, texts.STAFF_INBOX_EMPTY)
        return
    pages = max(1, math.ceil(total / INBOX_PAGE))
    shown = min(page, pages - 1)
    nav = []
    if page > 0:
        nav.append(keyboards.button(texts.BUTTON_PREV, "ip", page - 1))
    if page < pages - 1:
        nav.append(keyboards.button(texts.BUTTON_NEXT, "ip", page + 1))
    markup = InlineKeyboardMarkup([nav]) if nav else None
    await reply(update, context, desk.inbox_page(rows, total, shown, pages), markup)


@staff_only
async def show(update: Update, context: Context) -> None:
    """/yc CODE: one request with its history."""
    if not context.args:
        await reply(update, context, texts.STAFF_USAGE_YC)
        return
    code = context.args[0]
    request, history = await in_db(context, lambda s: workflow.request_with_history(s, code=code))
    if request is None:
        await reply(update, context, texts.STAFF_NOT_FOUND.format(code=esc(code[:30])))
        return
    page = await reply(
        update, context, desk.request_page(context.bot_data.snapshot.kb, request, history), desk_buttons(request)
    )
    await remember(context, request, page, RelaySide.STAFF)  # a reply to the card answers the owner


@staff_only
async def reply_by_code(update: Update, context: Context) -> None:
    """/traloi CODE text: answer a request without replying to its notification."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=2) if message else []
    if len(parts) < 3:
        await reply(update, context, texts.STAFF_USAGE_REPLY)
        return
    request = await in_db(context, lambda s: workflow.find(s, code=parts[1]))
    if request is None:
        await reply(update, context, texts.STAFF_NOT_FOUND.format(code=esc(parts[1][:30])))
        return
    await staff_reply(update, context, request, parts[2].strip())


async def remind(context: Context) -> None:
    """JobQueue: remind the staff group of requests nobody has taken for too long."""
    config = context.bot_data.settings
    if config.staff_chat_id is None:
        return
    before = utcnow() - timedelta(hours=config.reminder_after_hours)
    try:
        codes = await in_db(context, lambda s: workflow.reminders_due(s, before=before))
    except StorageError as exc:
        log.warning("Reminder skipped: %s", type(exc).__name__)
        return
    if codes:
        await send(context, config.staff_chat_id, desk.reminder(codes, config.reminder_after_hours))
