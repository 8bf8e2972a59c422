"""Messages between the two sides of a request: the staff notification, staff answers relayed to the
owner, owner follow-ups relayed to the request's thread in the staff group.

Every message sent about a request is remembered, so that a reply to it reaches that request."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, filters

from bot.desk import workflow
from bot.desk.models import RelaySide, SupportRequest
from bot.render import texts
from bot.render.html import esc
from handlers import keyboards
from handlers.context import Context
from handlers.guards import is_staff, refuse
from handlers.send import in_db, reply

log = logging.getLogger(__name__)


def actor(update: Update) -> workflow.Actor:
    """The staff member (or owner) acting in this update."""
    user = update.effective_user
    assert user is not None
    return workflow.Actor(user.id, user.full_name or "Cán bộ")


def desk_buttons(request: SupportRequest) -> InlineKeyboardMarkup:
    """[Nhận xử lý] [Đã giải quyết] under a request."""
    assert request.id is not None
    take = keyboards.button(texts.STAFF_BUTTON_TAKE, "sa", request.id)
    return InlineKeyboardMarkup([[take, keyboards.button(texts.STAFF_BUTTON_RESOLVE, "sr", request.id)]])


async def _remember(context: Context, request_id: int, chat_id: int, message_id: int, side: RelaySide) -> None:
    await in_db(
        context,
        lambda s: workflow.delivered(s, request_id=request_id, chat_id=chat_id, message_id=message_id, side=side),
    )


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
        return
    request, side = found
    text = (message.text or message.caption or "").strip()
    if text and side == RelaySide.STAFF:
        if is_staff(context, update.effective_user.id if update.effective_user else None):
            await staff_reply(update, context, request, text)
        else:
            await refuse(update, context, "reply")
    elif text:
        await _owner_followup(update, context, request, text)
    raise ApplicationHandlerStop


async def staff_reply(update: Update, context: Context, request: SupportRequest, text: str) -> None:
    """Record a staff answer with its message to the owner (the outbox, handlers/delivery.py, sends it
    and tells this chat whether it went out)."""
    assert request.id is not None and update.effective_chat is not None
    request_id, staff, chat_id = request.id, actor(update), update.effective_chat.id
    await in_db(
        context,
        lambda s: workflow.staff_reply(s, request_id=request_id, staff=staff, text=text, notify_chat_id=chat_id),
    )
    context.bot_data.outbox_ready.set()


async def _owner_followup(update: Update, context: Context, request: SupportRequest, text: str) -> None:
    assert request.id is not None and update.effective_user is not None
    request_id, owner_id = request.id, update.effective_user.id
    staff_chat = context.bot_data.settings.staff_chat_id
    outcome = await in_db(
        context,
        lambda s: workflow.owner_followup(
            s, request_id=request_id, owner_id=owner_id, text=text, staff_chat_id=staff_chat
        ),
    )
    if outcome.refusal == workflow.Refusal.CLOSED:
        await reply(update, context, texts.OWNER_FOLLOWUP_CLOSED.format(code=esc(request.code)))
    if outcome.refusal is not None:
        return
    context.bot_data.outbox_ready.set()  # the staff group is rate limited by Telegram: the outbox waits
    await reply(update, context, texts.OWNER_FOLLOWUP_SENT.format(code=esc(request.code)))
