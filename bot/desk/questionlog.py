"""The question log, written off the reply path: rows are buffered and flushed in batches."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
from collections import deque
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.desk.db import session_scope
from bot.desk.models import QuestionLog, utcnow
from bot.desk.repo import log_questions
from bot.files import ensure_private
from bot.language.phone import redact_phones
from bot.matching.matcher import MatchResult

log = logging.getLogger(__name__)
MAX_BUFFER = 20_000


def user_key(user_id: int, salt: str) -> str:
    """A pseudonymous, stable key for a user: the log never stores the Telegram id."""
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


class QuestionLogWriter:
    """Collects question-log rows in memory; `flush` writes them in one transaction."""

    def __init__(self, engine: Engine, salt: str, spill_file: Path | None = None) -> None:
        self.engine = engine
        self.salt = salt
        # Where rows go when the bot stops while the database is down (`spill`); written back by `recover`.
        self.spill_file = spill_file
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

    def spill(self) -> int:
        """On stop, rows the database did not take are appended to the spill file (0600, phone numbers
        already redacted) instead of being lost; the next start writes them (`recover`)."""
        with self._lock:
            if self.spill_file is None or not self._rows:
                return 0
            rows = [self._row(*row).model_dump(mode="json", exclude={"id"}) for row in self._rows]
            try:
                ensure_private(self.spill_file)
                with self.spill_file.open("a", encoding="utf-8") as file:
                    file.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
                    file.flush()
                    os.fsync(file.fileno())
            except OSError as exc:
                log.warning("Question log lost (%d rows): spill file not written: %s", len(rows), type(exc).__name__)
                return 0
            self._rows.clear()
            return len(rows)

    def recover(self) -> int:
        """Write the rows a previous run spilled, then remove the spill file (kept if the database fails)."""
        path = self.spill_file
        if path is None or not path.is_file():
            return 0
        with self._lock:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
                entries = [QuestionLog.model_validate(json.loads(line)) for line in lines if line.strip()]
            except (OSError, ValueError) as exc:
                log.warning("Spilled question log not readable, set aside: %s", type(exc).__name__)
                path.replace(path.with_name(path.name + ".corrupt"))
                return 0
            try:
                with session_scope(self.engine) as session:
                    log_questions(session, entries=entries)
                    session.commit()
            except SQLAlchemyError as exc:
                log.warning("Spilled question log kept for later (%d rows): %s", len(entries), type(exc).__name__)
                return 0
            path.unlink()
            return len(entries)

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
