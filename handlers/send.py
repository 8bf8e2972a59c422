"""Sending to Telegram: one `send` for every message the bot writes (split under Telegram's limit,
buttons on the last part, link previews off), and `in_db` for database work off the event loop."""

# Database calls run in a pool of their own: a database that hangs (a network partition) fills it,
# not the default pool that also resolves Telegram's host name; and each call has a deadline.

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from telegram import (
    Bot,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode

from bot.desk.db import Engine, Session, run_in_session
from bot.errors import StorageError
from bot.render.html import split_message
from handlers.context import Context

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
T = TypeVar("T")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
DB_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="db")
DB_DEADLINE_SECONDS = 10.0


async def send(
    context: Context, chat_id: int, html: str, markup: Markup | None = None, reply_to: int | None = None
) -> Message:
    """Send HTML to a chat; returns the last part sent. `reply_to` threads the first part under a message
    (sent anyway if that message is gone)."""
    return await send_with(context.bot, chat_id, html, markup, reply_to=reply_to)


async def send_with(
    bot: Bot, chat_id: int, html: str, markup: Markup | None = None, *, reply_to: int | None = None
) -> Message:
    """`send` with a given bot, for work outside an update (the outbox)."""
    parts = split_message(html)
    sent: Message | None = None
    for index, part in enumerate(parts):
        sent = await bot.send_message(
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
    raises StorageError when the database fails or does not answer within db_timeout_seconds."""
    return await run_db(context.bot_data.engine, work, context.bot_data.settings.db_timeout_seconds)


async def run_db(engine: Engine, work: Callable[[Session], T], deadline: float = DB_DEADLINE_SECONDS) -> T:
    """`run_in_session` in the database pool, given up (StorageError) after `deadline` seconds; the
    call may still complete later, so each step must be safe to repeat (drafts are keyed, for one)."""
    call = asyncio.get_running_loop().run_in_executor(DB_POOL, partial(run_in_session, engine, work))
    try:
        return await asyncio.wait_for(asyncio.shield(call), deadline)
    except TimeoutError as exc:
        raise StorageError("timeout") from exc
