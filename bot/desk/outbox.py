"""The outbox: messages committed with the step that caused them (a new request for the staff group,
a staff answer for the owner, an owner's follow-up for the staff thread), delivered by a background
task after the commit and again after a restart. Small functions taking the session; the caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.desk import repo
from bot.desk.models import Outbox, OutboxKind, RelayKind, RelaySide, utcnow

SIDE = {
    OutboxKind.STAFF_NEW: RelaySide.STAFF,
    OutboxKind.STAFF_FOLLOWUP: RelaySide.STAFF,
    OutboxKind.OWNER_REPLY: RelaySide.OWNER,
}


def enqueue(
    session: Session,
    *,
    request_id: int,
    kind: OutboxKind,
    chat_id: int,
    text: str | None = None,
    notify_chat_id: int | None = None,
) -> Outbox:
    """A message to deliver once the caller's transaction commits."""
    item = Outbox(request_id=request_id, kind=kind, chat_id=chat_id, text=text, notify_chat_id=notify_chat_id)
    session.add(item)
    return item


def outcome(session: Session, *, item_id: int) -> bool | None:
    """Whether a message went out: True once Telegram took it, False once given up, None while waiting."""
    item = session.get(Outbox, item_id)
    if item is None or (item.sent_at is None and item.failed_at is None):
        return None
    return item.sent_at is not None


def due(session: Session, *, now: datetime | None = None, limit: int = 200) -> Sequence[Outbox]:
    """Undelivered messages whose next attempt is due, oldest first (a chat's messages in order)."""
    query = select(Outbox).where(
        col(Outbox.sent_at).is_(None), col(Outbox.failed_at).is_(None), Outbox.next_attempt_at <= (now or utcnow())
    )
    return session.exec(query.order_by(col(Outbox.id)).limit(limit)).all()


def pending(session: Session) -> int:
    """How many messages still wait for delivery."""
    query = select(func.count()).select_from(Outbox)
    return session.exec(query.where(col(Outbox.sent_at).is_(None), col(Outbox.failed_at).is_(None))).one()


def sent(session: Session, *, item_id: int, message_id: int) -> None:
    """Telegram accepted the message: remember it for replies to reach the request."""
    item = session.get(Outbox, item_id)
    if item is None:
        return
    item.sent_at = utcnow()
    session.add(item)
    kind = OutboxKind(item.kind)
    repo.record_relay(
        session,
        request_id=item.request_id,
        chat_id=item.chat_id,
        message_id=message_id,
        side=SIDE[kind],
        kind=RelayKind.NOTIFICATION if kind == OutboxKind.STAFF_NEW else None,  # edited as the request moves on
    )


def retry_later(session: Session, *, item_id: int, delay: float, error: str) -> None:
    """The message could not go out yet (Telegram unreachable): try again after `delay` seconds."""
    item = session.get(Outbox, item_id)
    if item is None:
        return
    item.attempts += 1
    item.next_attempt_at = utcnow() + timedelta(seconds=delay)
    item.error = error[:100]
    session.add(item)


def give_up(session: Session, *, item_id: int, error: str) -> None:
    """The message will never be sent (refused by Telegram, or it may already have arrived)."""
    item = session.get(Outbox, item_id)
    if item is None:
        return
    item.attempts += 1
    item.failed_at = utcnow()
    item.error = error[:100]
    session.add(item)
