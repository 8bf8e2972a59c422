"""Who may do what, checked before any handler acts: staff and admin guards, the per-user spam limit,
and the filter for messages addressed to the bot in groups."""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, filters

from bot.render import texts
from handlers.context import Context
from handlers.send import reply

log = logging.getLogger(__name__)
R = TypeVar("R")
Callback = Callable[[Update, Context], Coroutine[Any, Any, R]]


def is_staff(context: Context, user_id: int | None) -> bool:
    return user_id is not None and user_id in context.bot_data.settings.staff_user_ids


def is_admin(context: Context, user_id: int | None) -> bool:
    return user_id is not None and user_id in context.bot_data.settings.admin_user_ids


async def refuse(update: Update, context: Context, action: str) -> None:
    """Neutral refusal, logged with the user id only (never message text or phone numbers)."""
    user_id = update.effective_user.id if update.effective_user else None
    log.warning("Refused staff action %s to user %s", action, user_id)
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STAFF_REFUSED, show_alert=True)
    else:
        await reply(update, context, texts.STAFF_REFUSED)


def _action(update: Update, fallback: str) -> str:
    """What was attempted, for the log: the button's action or the command's name."""
    if update.callback_query is not None and update.callback_query.data:
        return update.callback_query.data.split(":", 1)[0]
    text = update.effective_message.text if update.effective_message else None
    if text and text.startswith("/"):
        return text.split()[0][1:].split("@", 1)[0]
    return fallback


def private_to_staff(update: Update, context: Context) -> bool:
    """Staff and admin answers carry names, phone numbers and figures: only the staff group and
    private chats may see them, never a public group a staff member happens to type in."""
    chat = update.effective_chat
    return chat is None or chat.type == "private" or chat.id == context.bot_data.settings.staff_chat_id


async def refuse_chat(update: Update, context: Context, action: str) -> None:
    """The command is right but the chat is not: say where it works, show nothing else."""
    log.warning("Refused staff action %s outside the staff chats (chat %s)", action,
                update.effective_chat.id if update.effective_chat else None)
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STAFF_WRONG_CHAT, show_alert=True)
    else:
        await reply(update, context, texts.STAFF_WRONG_CHAT)


def _guard(allowed: Callable[[Context, int | None], bool]) -> Callable[[Callback[Any]], Callback[Any]]:
    def decorate(callback: Callback[R]) -> Callback[R | None]:
        @functools.wraps(callback)
        async def guarded(update: Update, context: Context) -> R | None:
            user_id = update.effective_user.id if update.effective_user else None
            if not allowed(context, user_id):
                await refuse(update, context, _action(update, callback.__name__))
                return None
            if not private_to_staff(update, context):
                await refuse_chat(update, context, _action(update, callback.__name__))
                return None
            return await callback(update, context)

        return guarded

    return decorate


staff_only = _guard(is_staff)
admin_only = _guard(is_admin)


async def limit_spam(update: Update, context: Context) -> None:
    """Stop a user who sends too much, with one polite notice per window."""
    user = update.effective_user
    if user is None:
        return
    limiter = context.bot_data.spam_limiter
    # When the user sent it (Telegram's date), not when it arrived: after an outage the backlog of
    # messages typed at a normal pace arrives at once and must not look like a flood.
    now = time.time()
    if update.message is not None and update.message.date is not None:
        now = min(now, update.message.date.timestamp())
    if limiter.allow(user.id, now):
        return
    if limiter.should_notify(user.id, now):
        if update.callback_query is not None:
            await update.callback_query.answer(texts.TOO_FAST)
        elif update.effective_chat is not None and update.effective_chat.type == "private":
            await reply(update, context, texts.TOO_FAST)
    raise ApplicationHandlerStop


class AddressedToBot(filters.MessageFilter):
    """Private chats always; in groups only messages that mention the bot or reply to it."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == "private":
            return True
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        text = message.text or message.caption or ""
        # "@khuyencong_bot_cu" is another bot: the name must end where a word ends.
        return bool(bot.username) and re.search(rf"@{re.escape(bot.username)}\b", text, re.IGNORECASE) is not None
