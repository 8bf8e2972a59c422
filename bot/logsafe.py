"""Logging set-up that keeps secrets and phone numbers out of the logs."""

from __future__ import annotations

import logging
import re

from bot.language.phone import redact_phones

# Bot tokens look like 123456789:AA...; no \b before the digits: in a Bot API URL the token follows
# "/bot" directly ("…/bot123456:AA…/getMe").
_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{20,}")


def redact(text: str) -> str:
    """Text with tokens and phone numbers replaced by placeholders."""
    return redact_phones(_TOKEN.sub("[token]", text))


class RedactingFilter(logging.Filter):
    """Rewrites every record's final message (and traceback) through `redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


# Libraries whose lower levels log what users typed or the token, whatever LOG_LEVEL says:
# python-telegram-bot logs every update and every Bot API call with its parameters at DEBUG,
# httpx every request URL (which contains the token) at INFO.
LIBRARY_FLOORS = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "alembic": logging.WARNING,
}


class NoUpdateContents(logging.Filter):
    """python-telegram-bot logs a whole update it could not parse ("Received data was …") at
    CRITICAL, whatever the level: its messages and names must not reach the logs."""

    MARK = "Received data was"

    def filter(self, record: logging.LogRecord) -> bool:
        if self.MARK in str(record.msg):
            before = str(record.msg).split(self.MARK, 1)[0]
            record.msg = before + "Received data not logged (it carries people's messages)."
            record.args = None
        return True


# The loggers of python-telegram-bot that print received data (the Bot's getUpdates, the webhook).
UPDATE_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater")
_NO_UPDATE_CONTENTS = NoUpdateContents()


def quiet_libraries(level: str) -> None:
    """Keep the libraries of LIBRARY_FLOORS at their floor even when `level` is lower; never let
    python-telegram-bot print the contents of an update."""
    wanted = logging.getLevelName(level.upper())
    wanted = wanted if isinstance(wanted, int) else logging.INFO
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, wanted))
    for name in UPDATE_LOGGERS:
        logger = logging.getLogger(name)
        if _NO_UPDATE_CONTENTS not in logger.filters:
            logger.addFilter(_NO_UPDATE_CONTENTS)


def configure_logging(level: str) -> None:
    """Root logging with redaction; library lines that would carry message texts or the token are muted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    quiet_libraries(level)
