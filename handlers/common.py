"""Small helpers shared by the handlers: the live snapshot and sending HTML safely."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.core import Snapshot
from bot.render import split_message
from bot.store import KnowledgeStore

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


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
