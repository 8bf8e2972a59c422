"""The one error handler: log the failure with its update id (never its contents), apologise briefly."""

from __future__ import annotations

import html
import logging
import traceback

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.render import texts
from handlers.context import Context
from handlers.transport import safe_to_retry

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log the failure with its update id; give the user a short apology, never a trace."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if maybe_delivered(error):
        # A time-out or an answer lost on the way back: the reply has most likely reached the user,
        # and an apology for it (or a second copy) would be wrong.
        log.warning("Update %s: a reply's fate is unknown (%s); no apology", update_id, type(error).__name__)
        return
    trace = "".join(traceback.format_exception(error)) if error else ""
    log.error("Update %s failed: %s\n%s", update_id, html.escape(repr(error)), trace)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
        except Exception:  # the apology itself may fail while Telegram is down
            log.warning("Could not send the apology for update %s", update_id)


def maybe_delivered(error: BaseException | None) -> bool:
    """A send that failed after Telegram may have received it (not refused, not surely unsent)."""
    return (
        isinstance(error, NetworkError) and not isinstance(error, BadRequest | Forbidden) and not safe_to_retry(error)
    )
