"""Messages between the two sides of a request: the staff notification, staff answers relayed to the
owner, owner follow-ups relayed to the request's thread in the staff group.

Every message sent about a request is remembered, so that a reply to it reaches that request."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, filters

from bot.desk import outbox, workflow
from bot.desk.models import RelayKind, RelaySide, Status, SupportRequest
from bot.errors import StorageError
from bot.render import desk, texts
from bot.render.html import esc
from handlers import keyboards
from handlers.callbacks import parse
from handlers.context import Context
from handlers.guards import is_staff, refuse
from handlers.send import NO_PREVIEW, in_db, reply, send

log = logging.getLogger(__name__)
ANSWERING = "answering_request"  # user_data: the request whose staff the owner's next message goes to
TICKET_CODE = re.compile(r"\bYC-\d{4}-\d{6}\b")
STARS = "⭐"


def actor(update: Update) -> workflow.Actor:
    """The staff member (or owner) acting in this update."""
    user = update.effective_user
    assert user is not None
    return workflow.Actor(user.id, user.full_name or "Cán bộ")


def desk_buttons(request: SupportRequest) -> InlineKeyboardMarkup | None:
    """The buttons staff still need under a request ([Nhận xử lý] [Đã giải quyết] while it is new)."""
    assert request.id is not None
    labels = {"take": (texts.STAFF_BUTTON_TAKE, "sa"), "resolve": (texts.STAFF_BUTTON_RESOLVE, "sr")}
    row = [keyboards.button(*labels[action], request.id) for action in workflow.desk_actions(request)]
    return InlineKeyboardMarkup([row]) if row else None


async def remember(
    context: Context, request: SupportRequest, sent: Message | None, side: RelaySide, kind: RelayKind | None = None
) -> None:
    """Map a message sent about a request to it, so that a reply to that message reaches the request."""
    if sent is None:
        return
    assert request.id is not None
    request_id, chat_id, message_id = request.id, sent.chat_id, sent.message_id
    await in_db(
        context,
        lambda s: workflow.delivered(
            s, request_id=request_id, chat_id=chat_id, message_id=message_id, side=side, kind=kind
        ),
    )


async def show_status(context: Context, request: SupportRequest, pressed: Message | None = None) -> None:
    """Edit the staff notification to where the request stands now (and the buttons of the card a
    button was pressed on, when that is another one, e.g. a /yc card)."""
    assert request.id is not None
    request_id, markup = request.id, desk_buttons(request)
    try:
        found = await in_db(context, lambda s: workflow.notification_of(s, request_id=request_id))
        if found is not None:
            text = desk.notification(context.bot_data.snapshot.kb, request)
            await context.bot.edit_message_text(
                text,
                found[0],
                found[1],
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
        if pressed is not None and (pressed.chat_id, pressed.message_id) != found:
            await context.bot.edit_message_reply_markup(pressed.chat_id, pressed.message_id, reply_markup=markup)
    except (TelegramError, StorageError) as exc:
        log.warning("Status of %s not shown on its notification: %s", request.code, type(exc).__name__)


async def relay_reply(update: Update, context: Context) -> None:
    """A reply to a message about a request: staff → owner, owner → staff thread. Stops other handlers."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.reply_to_message is None:
        return
    replied = message.reply_to_message
    if replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    if filters.COMMAND.check_update(update):
        return  # a command sent as a reply is for the bot (e.g. /yc CODE), not for the other side
    found = await in_db(context, lambda s: workflow.relay_target(s, chat_id=chat.id, message_id=replied.message_id))
    if found is None:
        user_id = update.effective_user.id if update.effective_user else None
        if is_staff(context, user_id) and TICKET_CODE.search(replied.text or ""):
            # e.g. a reminder or an inbox page: it names requests but belongs to none of them.
            await reply(update, context, texts.STAFF_REPLY_WHERE)
            raise ApplicationHandlerStop
        return
    request, side = found
    text = (message.text or message.caption or "").strip()
    if update.edited_message is not None:  # what the other side already got cannot be taken back
        await reply(update, context, texts.EDIT_NOT_RELAYED)
    elif text and side == RelaySide.STAFF:
        if is_staff(context, update.effective_user.id if update.effective_user else None):
            await staff_reply(update, context, request, text)
        else:
            await refuse(update, context, "reply")
    elif text:
        await _owner_followup(update, context, request.id or 0, text)
    raise ApplicationHandlerStop


async def route(update: Update, context: Context) -> None:
    """Messages for the other side of a request: what the owner types after «Trả lời cán bộ», and
    replies to messages about a request (see relay_reply). Stops other handlers when it relays."""
    message = update.message  # not an edit
    if message is not None and context.user_data is not None:
        answering = context.user_data.pop(ANSWERING, None)
        text = (message.text or "").strip()
        if answering is not None and text and not filters.COMMAND.check_update(update):
            await _owner_followup(update, context, int(answering), text)
            raise ApplicationHandlerStop
    await relay_reply(update, context)  # a command cancels the pending answer and goes on as usual


async def answer_button(update: Update, context: Context) -> None:
    """«↩️ Trả lời cán bộ» under a staff answer: the owner's next message goes to the staff."""
    query, user = update.callback_query, update.effective_user
    assert query is not None
    pressed = parse(query.data)
    if pressed is None or user is None or context.user_data is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    request_id = pressed.request or 0
    outcome = await in_db(context, lambda s: workflow.may_follow_up(s, request_id=request_id, owner_id=user.id))
    if outcome.refusal in (workflow.Refusal.NOT_FOUND, workflow.Refusal.NOT_OWNER):
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    await query.answer()
    request = outcome.request
    assert request is not None
    if outcome.refusal == workflow.Refusal.CLOSED:
        await reply(update, context, texts.OWNER_FOLLOWUP_CLOSED.format(code=esc(request.code)))
        return
    context.user_data[ANSWERING] = request_id
    prompt = await reply(update, context, texts.OWNER_ANSWER_PROMPT.format(code=esc(request.code)))
    await remember(context, request, prompt, RelaySide.OWNER)


async def deliver_staff_reply(
    context: Context,
    request: SupportRequest,
    staff: workflow.Actor,
    text: str,
    notify_chat_id: int | None = None,
    wait_seconds: float = 0.0,
) -> tuple[SupportRequest, bool | None]:
    """THE way a staff answer reaches an owner (a reply in the group, /traloi, the web desk): recorded
    in the audit trail with its message in the outbox, in one transaction; the delivery task sends it
    with the «Trả lời cán bộ» button and tells `notify_chat_id` whether it went out. The notification
    then shows the request taken. Returns the request and, when waited for up to `wait_seconds`,
    whether the owner got it (None: still in the outbox)."""
    assert request.id is not None
    request_id, was_new = request.id, request.assignee_id is None
    outcome = await in_db(
        context,
        lambda s: workflow.staff_reply(s, request_id=request_id, staff=staff, text=text, notify_chat_id=notify_chat_id),
    )
    context.bot_data.outbox_ready.set()
    if was_new:  # the answer took the request (even if it cannot be delivered): the notification says so
        await show_status(context, outcome.done)
    delivered = None
    if wait_seconds > 0 and outcome.outbox_id is not None:
        delivered = await delivery_outcome(context, outcome.outbox_id, wait_seconds)
    return outcome.done, delivered


async def delivery_outcome(context: Context, item_id: int, wait_seconds: float) -> bool | None:
    """Whether an outbox message went out (None: not yet), waiting up to `wait_seconds` for the delivery
    task; the database has the last word, so a delivery that finished before the wait began counts."""
    waiters = context.bot_data.outbox_done
    done = waiters.setdefault(item_id, asyncio.Event())
    try:
        if (known := await in_db(context, lambda s: outbox.outcome(s, item_id=item_id))) is not None:
            return known
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), wait_seconds)
    finally:
        waiters.pop(item_id, None)
    return await in_db(context, lambda s: outbox.outcome(s, item_id=item_id))


async def staff_reply(update: Update, context: Context, request: SupportRequest, text: str) -> None:
    """Relay a staff answer to the owner; the outbox tells this chat whether it went out."""
    assert update.effective_chat is not None
    await deliver_staff_reply(context, request, actor(update), text, notify_chat_id=update.effective_chat.id)


async def tell_owner(context: Context, request: SupportRequest, status: Status, staff_name: str) -> None:
    """Tell the owner their request was taken or resolved (with the 1–5 stars); failures are logged."""
    assert request.id is not None
    try:
        if status == Status.IN_PROGRESS:
            taken = texts.OWNER_TAKEN.format(code=esc(request.code), staff=esc(desk.staff_title(staff_name)))
            sent = await send(context, request.telegram_chat_id, taken)
        else:
            stars = [keyboards.button(f"{n}{STARS}", "rt", request.id, n) for n in range(1, 6)]
            resolved = texts.OWNER_RESOLVED.format(code=esc(request.code))
            sent = await send(context, request.telegram_chat_id, resolved, InlineKeyboardMarkup([stars]))
        await remember(context, request, sent, RelaySide.OWNER)
    except (TelegramError, StorageError) as exc:
        log.warning("Owner of %s not notified: %s", request.code, type(exc).__name__)


async def _owner_followup(update: Update, context: Context, request_id: int, text: str) -> None:
    assert update.effective_user is not None
    owner_id, staff_chat = update.effective_user.id, context.bot_data.settings.staff_chat_id
    outcome = await in_db(
        context,
        lambda s: workflow.owner_followup(
            s, request_id=request_id, owner_id=owner_id, text=text, staff_chat_id=staff_chat
        ),
    )
    request = outcome.request
    if outcome.refusal == workflow.Refusal.CLOSED and request is not None:
        await reply(update, context, texts.OWNER_FOLLOWUP_CLOSED.format(code=esc(request.code)))
    if outcome.refusal is not None or request is None:
        return
    context.bot_data.outbox_ready.set()  # the staff group is rate limited by Telegram: the outbox waits
    sent = await reply(update, context, texts.OWNER_FOLLOWUP_SENT.format(code=esc(request.code)))
    await remember(context, request, sent, RelaySide.OWNER)
