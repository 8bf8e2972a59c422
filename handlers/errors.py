"""The one error handler: log the failure with its update id (never its contents), apologise briefly."""

from __future__ import annotations

import html
import logging
import traceback

from telegram import Update

from bot.render import texts
from handlers.context import Context

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log the failure with its update id; give the user a short apology, never a trace."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    trace = "".join(traceback.format_exception(error)) if error else ""
    log.error("Update %s failed: %s\n%s", update_id, html.escape(repr(error)), trace)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
        except Exception:  # the apology itself may fail while Telegram is down
            log.warning("Could not send the apology for update %s", update_id)
