"""Logging set-up that keeps secrets and phone numbers out of the logs."""

from __future__ import annotations

import logging
import re

# Bot tokens look like 123456789:AA...; Vietnamese phone numbers like 0912 345 678 or +84 912345678.
_TOKEN = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{20,}")
_PHONE = re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\w.])")


def redact(text: str) -> str:
    """Text with tokens and phone numbers replaced by placeholders."""
    return _PHONE.sub("[phone]", _TOKEN.sub("[token]", text))


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


def configure_logging(level: str) -> None:
    """Root logging with redaction; httpx request lines (which contain the token URL) are muted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
