"""Small helpers shared by the handlers: the live snapshot and sending HTML safely."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session
from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.desk.db import session_scope
from bot.policies.store import KnowledgeStore
from bot.render.cards import split_message
from bot.snapshot import Snapshot

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
T = TypeVar("T")


def store(context: ContextTypes.DEFAULT_TYPE) -> KnowledgeStore:
    """The knowledge store of this application."""
    return context.application.bot_data["store"]  # type: ignore[no-any-return]


def snapshot(context: ContextTypes.DEFAULT_TYPE) -> Snapshot:
    """The knowledge-base version to use for this whole update."""
    return store(context).current


def settings(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.application.bot_data["settings"]  # type: ignore[no-any-return]


async def send_html(
    update: Update, context: ContextTypes.DEFAULT_TYPE, html: str, markup: Markup | None = None
) -> Message | None:
    """Send HTML to the chat of the update, split under Telegram's limit; buttons on the last part."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_message(html)
    sent = None
    for index, part in enumerate(parts):
        sent = await context.bot.send_message(
            chat.id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if index == len(parts) - 1 else None,
            disable_web_page_preview=True,
        )
    return sent


def engine(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    return context.application.bot_data["engine"]  # type: ignore[no-any-return]


async def in_db(context: ContextTypes.DEFAULT_TYPE, work: Callable[[Session], T]) -> T:
    """Run `work(session)` in a worker thread (never blocking the event loop); `work` commits."""

    def run() -> T:
        with session_scope(engine(context)) as session:
            return work(session)

    return await asyncio.to_thread(run)


async def send_to(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    html: str,
    markup: Markup | None = None,
    reply_to: int | None = None,
) -> Message:
    """Send HTML to any chat (used for staff notifications and relays); returns the last part sent."""
    parts = split_message(html)
    sent = None
    for index, part in enumerate(parts):
        sent = await context.bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if index == len(parts) - 1 else None,
            disable_web_page_preview=True,
            reply_to_message_id=reply_to if index == 0 else None,
            allow_sending_without_reply=True,
        )
    assert sent is not None
    return sent
