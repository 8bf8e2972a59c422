"""Sending to Telegram: one `send` for every message the bot writes (split under Telegram's limit,
buttons on the last part, link previews off), and `in_db` for database work off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from telegram import (
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode

from bot.desk.db import Session, run_in_session
from bot.render.html import split_message
from handlers.context import Context

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
T = TypeVar("T")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send(
    context: Context, chat_id: int, html: str, markup: Markup | None = None, reply_to: int | None = None
) -> Message:
    """Send HTML to a chat; returns the last part sent. `reply_to` threads the first part under a message
    (sent anyway if that message is gone)."""
    parts = split_message(html)
    sent: Message | None = None
    for index, part in enumerate(parts):
        sent = await context.bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if index == len(parts) - 1 else None,
            link_preview_options=NO_PREVIEW,
            reply_parameters=(
                ReplyParameters(reply_to, allow_sending_without_reply=True)
                if reply_to is not None and index == 0
                else None
            ),
        )
    assert sent is not None
    return sent


async def reply(update: Update, context: Context, html: str, markup: Markup | None = None) -> Message | None:
    """Send HTML to the chat the update came from (nothing when it has none)."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await send(context, chat.id, html, markup)


async def in_db(context: Context, work: Callable[[Session], T]) -> T:
    """Run `work(session)` in a worker thread (never blocking the event loop) and commit what it did;
    raises StorageError when the database fails."""
    return await asyncio.to_thread(run_in_session, context.bot_data.engine, work)
