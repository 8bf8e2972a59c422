"""Data access: small functions taking the session as a keyword argument; the caller commits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from bot import localtime
from bot.desk import state
from bot.desk.models import (
    OPEN_STATUSES,
    EventKind,
    Outbox,
    QuestionLog,
    RelayKind,
    RelayMessage,
    RelaySide,
    RequestEvent,
    Status,
    SupportRequest,
    utcnow,
)


def _id(request: SupportRequest) -> int:
    assert request.id is not None, "the request must be flushed first"
    return request.id


def ticket_code(request: SupportRequest) -> str:
    """YC-<year>-<6-digit id>: unique, sortable, easy to read out on the phone (the year in Vietnam time)."""
    assert request.id is not None
    return f"YC-{localtime.local(request.created_at).year}-{request.id:06d}"


def create_request(session: Session, **fields: Any) -> SupportRequest:
    """Insert a request with its ticket code and 'created' event (flushed, not committed)."""
    request = SupportRequest(**fields)
    session.add(request)
    session.flush()
    request.code = ticket_code(request)
    session.add(
        RequestEvent(
            request_id=_id(request),
            kind=EventKind.CREATED,
            actor_id=request.telegram_user_id,
            actor_name=request.name,
            text=request.question,
            status_to=Status.NEW,
        )
    )
    session.flush()
    return request


def get_by_code(session: Session, *, code: str) -> SupportRequest | None:
    return session.exec(select(SupportRequest).where(SupportRequest.code == code.strip().upper())).first()


def get_by_draft(session: Session, *, draft_id: str) -> SupportRequest | None:
    return session.exec(select(SupportRequest).where(SupportRequest.draft_id == draft_id)).first()


def open_request_asking(session: Session, *, user_id: int, question: str) -> SupportRequest | None:
    """This owner's open request with exactly this question, if any."""
    query = select(SupportRequest).where(
        SupportRequest.telegram_user_id == user_id,
        SupportRequest.question == question,
        col(SupportRequest.status).in_([s.value for s in OPEN_STATUSES]),
    )
    return session.exec(query.order_by(col(SupportRequest.id).desc())).first()


def get_by_id(session: Session, *, request_id: int) -> SupportRequest | None:
    return session.get(SupportRequest, request_id)


def list_requests(
    session: Session,
    *,
    status: str | None = None,
    open_only: bool = False,
    since: datetime | None = None,
    user_id: int | None = None,
    offset: int = 0,
    limit: int | None = None,
    newest_first: bool = False,
) -> Sequence[SupportRequest]:
    """Requests filtered by status, creation date and owner; oldest first unless asked otherwise."""
    query = select(SupportRequest)
    if status is not None:
        query = query.where(SupportRequest.status == status)
    if open_only:
        query = query.where(col(SupportRequest.status).in_([s.value for s in OPEN_STATUSES]))
    if since is not None:
        query = query.where(SupportRequest.created_at >= since)
    if user_id is not None:
        query = query.where(SupportRequest.telegram_user_id == user_id)
    order = col(SupportRequest.id).desc() if newest_first else col(SupportRequest.id)
    query = query.order_by(order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return session.exec(query).all()


def count_open(session: Session) -> int:
    query = select(func.count()).select_from(SupportRequest)
    return session.exec(query.where(col(SupportRequest.status).in_([s.value for s in OPEN_STATUSES]))).one()


def add_event(
    session: Session,
    *,
    request: SupportRequest,
    kind: EventKind,
    actor_id: int | None,
    actor_name: str | None,
    text: str | None = None,
) -> RequestEvent:
    """Record a reply or follow-up; a staff reply also counts as the first response."""
    now = utcnow()
    event = RequestEvent(
        request_id=_id(request), kind=kind, actor_id=actor_id, actor_name=actor_name, text=text, created_at=now
    )
    session.add(event)
    request.updated_at = now
    if kind == EventKind.STAFF_REPLY and request.first_response_at is None:
        request.first_response_at = now
    session.add(request)
    return event


def change_status(
    session: Session, *, request: SupportRequest, status: Status, actor_id: int | None, actor_name: str | None
) -> RequestEvent | None:
    """Move a request to `status` (None when it already is there)."""
    if request.status == status:
        return None
    now = utcnow()
    event = RequestEvent(
        request_id=_id(request),
        kind=EventKind.STATUS_CHANGE,
        actor_id=actor_id,
        actor_name=actor_name,
        status_from=request.status,
        status_to=status,
        created_at=now,
    )
    request.status = status
    request.updated_at = now
    if status == Status.RESOLVED:
        request.resolved_at = now
    session.add(event)
    session.add(request)
    return event


def assign(session: Session, *, request: SupportRequest, actor_id: int, actor_name: str) -> RequestEvent:
    """A staff member takes the request; it moves to in_progress."""
    now = utcnow()
    request.assignee_id = actor_id
    request.assignee_name = actor_name
    event = RequestEvent(
        request_id=_id(request), kind=EventKind.ASSIGNMENT, actor_id=actor_id, actor_name=actor_name, created_at=now
    )
    session.add(event)
    if request.first_response_at is None:
        request.first_response_at = now
    change_status(session, request=request, status=Status.IN_PROGRESS, actor_id=actor_id, actor_name=actor_name)
    session.add(request)
    return event


def set_rating(session: Session, *, request: SupportRequest, rating: int, actor_id: int) -> None:
    request.rating = rating
    session.add(RequestEvent(request_id=_id(request), kind=EventKind.RATING, actor_id=actor_id, text=str(rating)))
    session.add(request)


def events_of(session: Session, *, request_id: int) -> Sequence[RequestEvent]:
    query = select(RequestEvent).where(RequestEvent.request_id == request_id)
    return session.exec(query.order_by(col(RequestEvent.id))).all()


def staff_answers(session: Session, *, request_ids: Sequence[int]) -> dict[int, list[str]]:
    """The staff answers of each request, oldest first."""
    query = select(RequestEvent).where(
        col(RequestEvent.request_id).in_(list(request_ids)), RequestEvent.kind == EventKind.STAFF_REPLY
    )
    answers: dict[int, list[str]] = {request_id: [] for request_id in request_ids}
    for event in session.exec(query.order_by(col(RequestEvent.id))):
        answers[event.request_id].append(event.text or "")
    return answers


def count_of_user(session: Session, *, user_id: int) -> int:
    query = select(func.count()).select_from(SupportRequest)
    return session.exec(query.where(SupportRequest.telegram_user_id == user_id)).one()


def record_relay(
    session: Session, *, request_id: int, chat_id: int, message_id: int, side: RelaySide, kind: RelayKind | None = None
) -> None:
    """Remember a message about a request so that replies to it reach that request."""
    session.add(RelayMessage(request_id=request_id, chat_id=chat_id, message_id=message_id, side=side, kind=kind))


def find_relay(session: Session, *, chat_id: int, message_id: int) -> tuple[SupportRequest, RelaySide] | None:
    """The request a replied-to message belongs to, and which side sent it."""
    relay = session.exec(
        select(RelayMessage).where(RelayMessage.chat_id == chat_id, RelayMessage.message_id == message_id)
    ).first()
    if relay is None:
        return None
    request = session.get(SupportRequest, relay.request_id)
    return (request, RelaySide(relay.side)) if request is not None else None


def notification(session: Session, *, request_id: int) -> tuple[int, int] | None:
    """(chat id, message id) of the request's staff notification, if it was delivered."""
    relay = session.exec(
        select(RelayMessage)
        .where(RelayMessage.request_id == request_id, RelayMessage.kind == RelayKind.NOTIFICATION)
        .order_by(col(RelayMessage.id))
    ).first()
    return (relay.chat_id, relay.message_id) if relay else None


def staff_thread(session: Session, *, request_id: int, chat_id: int) -> int | None:
    """The message id of the request's notification in the staff chat (else its first message there)."""
    relays = session.exec(
        select(RelayMessage)
        .where(
            RelayMessage.request_id == request_id,
            RelayMessage.chat_id == chat_id,
            RelayMessage.side == RelaySide.STAFF,
        )
        .order_by(col(RelayMessage.id))
    ).all()
    first = next((r for r in relays if r.kind == RelayKind.NOTIFICATION), relays[0] if relays else None)
    return first.message_id if first else None


def untouched(session: Session, *, before: datetime) -> Sequence[SupportRequest]:
    """New requests nobody has taken, created before `before` and not reminded since."""
    query = select(SupportRequest).where(
        SupportRequest.status == Status.NEW,
        SupportRequest.created_at < before,
        (col(SupportRequest.reminded_at).is_(None)) | (col(SupportRequest.reminded_at) < before),
    )
    return session.exec(query.order_by(col(SupportRequest.id))).all()


def purge(session: Session, *, before: datetime) -> int:
    """Delete requests (and their events, relays and outbox messages) created before `before`, and
    conversation state and drafts untouched since; returns how many requests."""
    state.purge(session, before=before)
    ids = session.exec(select(SupportRequest.id).where(SupportRequest.created_at < before)).all()
    if not ids:
        return 0
    for table in (RequestEvent, RelayMessage, Outbox):
        session.execute(delete(table).where(col(table.request_id).in_(ids)))
    session.execute(delete(SupportRequest).where(col(SupportRequest.id).in_(ids)))
    return len(ids)


def users_with_requests(session: Session, *, user_ids: Sequence[int]) -> set[int]:
    """Those of `user_ids` who have at least one request stored."""
    query = select(SupportRequest.telegram_user_id).where(col(SupportRequest.telegram_user_id).in_(user_ids))
    return set(session.exec(query.distinct()).all())


def purge_questions(session: Session, *, before: datetime) -> int:
    """Delete the question log's rows created before `before`; returns how many."""
    result = session.execute(delete(QuestionLog).where(col(QuestionLog.created_at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def log_questions(session: Session, *, entries: Sequence[QuestionLog]) -> None:
    """Append question-log rows in one multi-row INSERT (the ORM's unit of work would track each of
    the few hundred rows a flush carries under load, for ids nobody reads)."""
    if entries:
        session.execute(insert(QuestionLog), [entry.model_dump(exclude={"id"}) for entry in entries])


def unanswered(session: Session, *, since: datetime | None, top: int) -> list[tuple[str, int, str]]:
    """Most frequent not-answered questions grouped by normalised text: (normalised, count, an example)."""
    query = select(QuestionLog.normalized, QuestionLog.question).where(
        col(QuestionLog.answered).is_(False),
        QuestionLog.normalized != "",  # "???" says nothing to add
    )
    if since is not None:
        query = query.where(QuestionLog.created_at >= since)
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for normalized, question in session.exec(query.order_by(col(QuestionLog.id))):
        counts[normalized] += 1
        example.setdefault(normalized, question)
    return [(text, count, example[text]) for text, count in counts.most_common(top)]
