"""The question log, written off the reply path: rows are buffered and flushed in batches."""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections import deque
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.desk.db import session_scope
from bot.desk.models import QuestionLog, utcnow
from bot.desk.repo import log_questions
from bot.language.phone import redact_phones
from bot.matching.matcher import MatchResult

log = logging.getLogger(__name__)
MAX_BUFFER = 20_000


def user_key(user_id: int, salt: str) -> str:
    """A pseudonymous, stable key for a user: the log never stores the Telegram id."""
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


class QuestionLogWriter:
    """Collects question-log rows in memory; `flush` writes them in one transaction."""

    def __init__(self, engine: Engine, salt: str) -> None:
        self.engine = engine
        self.salt = salt
        # Plain tuples on the hot path; model objects are built by `flush`, in a worker thread.
        self._rows: deque[tuple[int, str, str, MatchResult, str, datetime]] = deque(maxlen=MAX_BUFFER)
        self._lock = threading.Lock()

    def record(self, user_id: int, question: str, normalized: str, result: MatchResult, kb_version: str) -> None:
        """Queue one asked question (cheap: no I/O, no object building)."""
        self._rows.append((user_id, question, normalized, result, kb_version, utcnow()))

    def _row(
        self, user_id: int, question: str, normalized: str, result: MatchResult, kb_version: str, created_at: datetime
    ) -> QuestionLog:
        top = result.top
        return QuestionLog(
            user_key=user_key(user_id, self.salt),
            # People type their phone numbers into questions; the log is for counting questions.
            question=redact_phones(question),
            normalized=redact_phones(normalized),
            top_policy_id=top.policy_id if top else None,
            score=top.score if top else 0.0,
            band=result.band,
            answered=result.band == "answer",
            kb_version=kb_version,
            created_at=created_at,
        )

    def pending(self) -> int:
        return len(self._rows)

    def flush(self) -> int:
        """Write what is queued; on a database error the rows stay queued for the next try."""
        with self._lock:
            batch = list(self._rows)
            if not batch:
                return 0
            try:
                with session_scope(self.engine) as session:
                    log_questions(session, entries=[self._row(*row) for row in batch])
                    session.commit()
            except SQLAlchemyError as exc:
                log.warning("Question log not written (%d rows kept for later): %s", len(batch), type(exc).__name__)
                return 0
            for _ in batch:
                self._rows.popleft()
            return len(batch)
