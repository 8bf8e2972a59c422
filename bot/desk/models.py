"""Database tables (SQLModel): support requests, their audit trail, relay threads, question log."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware now in UTC (SQLModel's UTCDateTime stores and returns aware UTC datetimes)."""
    return datetime.now(UTC)


class Status(StrEnum):
    """Lifecycle of a support request."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING_USER = "waiting_user"
    RESOLVED = "resolved"
    CLOSED = "closed"


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING_USER)


class EventKind(StrEnum):
    """What an audit-trail entry records."""

    CREATED = "created"
    ASSIGNMENT = "assignment"
    STATUS_CHANGE = "status_change"
    STAFF_REPLY = "staff_reply"
    USER_MESSAGE = "user_message"
    RATING = "rating"
    NOTE = "note"  # an internal note between staff: never sent to the owner


class RelaySide(StrEnum):
    """Who a relayed message was sent to: a reply to it comes from that side."""

    STAFF = "staff"
    OWNER = "owner"


class RelayKind(StrEnum):
    """What a message about a request is, when that matters after it was sent."""

    NOTIFICATION = "notification"  # the staff card of a new request: edited as the request moves on


class SupportRequest(SQLModel, table=True):
    """A business owner's request for a staff member to answer."""

    __tablename__ = "support_request"

    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, unique=True, index=True, max_length=20)
    # The draft the owner confirmed ("✅ Gửi" carries its id): pressing it again, or after a restart,
    # finds this request instead of storing a second one.
    draft_id: str | None = Field(default=None, unique=True, index=True, max_length=32)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    telegram_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    name: str = Field(max_length=200)
    business_name: str = Field(max_length=300)
    business_form: str | None = Field(default=None, max_length=100)
    commune: str = Field(max_length=200)  # as the owner typed it
    # The commune matched against the official list (None when nothing matched), for filtering and counts.
    commune_code: int | None = Field(default=None, index=True)
    commune_name: str | None = Field(default=None, max_length=200)  # "Xã Hàm Thuận Bắc"
    province: str | None = Field(default=None, max_length=100, index=True)  # "Lâm Đồng"
    phone: str = Field(max_length=20)
    topic_policy_id: str | None = Field(default=None, max_length=100)
    question: str = Field(sa_column=Column(Text, nullable=False))
    matches: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    eligibility: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    status: str = Field(default=Status.NEW, max_length=20, index=True)
    assignee_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    assignee_name: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    reminded_at: datetime | None = None
    rating: int | None = Field(default=None, ge=1, le=5)


class RequestEvent(SQLModel, table=True):
    """The audit trail: every reply, follow-up, status change and assignment, with who and when."""

    __tablename__ = "request_event"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(
        sa_column=Column(ForeignKey("support_request.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(max_length=30)  # an EventKind
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    actor_name: str | None = Field(default=None, max_length=200)
    text: str | None = Field(default=None, sa_column=Column(Text))
    status_from: str | None = Field(default=None, max_length=20)
    status_to: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class RelayMessage(SQLModel, table=True):
    """A message the bot sent about a request, so that a reply to it can be routed to that request."""

    __tablename__ = "relay_message"
    __table_args__ = (Index("ix_relay_chat_message", "chat_id", "message_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(
        sa_column=Column(ForeignKey("support_request.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    side: str = Field(max_length=10)  # a RelaySide
    kind: str | None = Field(default=None, max_length=20)  # a RelayKind, None for any other message


class QuestionLog(SQLModel, table=True):
    """Every question asked, under a pseudonymous user key, with what the matcher made of it."""

    __tablename__ = "question_log"

    id: int | None = Field(default=None, primary_key=True)
    user_key: str = Field(max_length=64, index=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    normalized: str = Field(sa_column=Column(Text, nullable=False))
    top_policy_id: str | None = Field(default=None, max_length=100)
    score: float = 0.0
    band: str = Field(max_length=10)
    answered: bool = Field(index=True)
    kb_version: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class WebLoginToken(SQLModel, table=True):
    """A one-time sign-in link for the web desk, bound to a Telegram user (only its hash is kept)."""

    __tablename__ = "web_login_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie carries the secret, the database only its hash."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    name: str = Field(max_length=200)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class ConversationState(SQLModel, table=True):
    """python-telegram-bot's per-user data and conversation states, one row per user or conversation.

    `kind` is "user" (key: the user id) or "conversation" (key: handler name and chat/user ids);
    written in a transaction per persistence step, so a kill never leaves half a row."""

    __tablename__ = "conversation_state"

    kind: str = Field(primary_key=True, max_length=20)
    key: str = Field(primary_key=True, max_length=100)
    data: Any = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow, index=True)


class RequestDraft(SQLModel, table=True):
    """A complete request form as shown to its owner in the summary, before "✅ Gửi"."""

    __tablename__ = "request_draft"

    id: str = Field(primary_key=True, max_length=32)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class OutboxKind(StrEnum):
    """What an outbox message is: it says which side it goes to and how its reply is routed."""

    STAFF_NEW = "staff_new"  # a new request in the staff group (with the desk buttons)
    STAFF_FOLLOWUP = "staff_followup"  # the owner's follow-up, threaded under the notification
    OWNER_REPLY = "owner_reply"  # a staff answer relayed to the owner


class Outbox(SQLModel, table=True):
    """A message to deliver, committed with the step that caused it and sent by the delivery task.

    `sent_at` is set once Telegram accepted it; `failed_at` once it cannot be (refused, or its
    fate unknown after a lost response: a second copy would be worse than none)."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(
        sa_column=Column(ForeignKey("support_request.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(max_length=20)  # an OutboxKind
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    # Who asked for it: told in their chat whether it went out (a staff reply), None when nobody waits.
    notify_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    text: str | None = Field(default=None, sa_column=Column(Text))  # a follow-up's or reply's text
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow, index=True)
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = None
    failed_at: datetime | None = None
    error: str | None = Field(default=None, max_length=100)
