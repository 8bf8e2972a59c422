"""Conversation state and request drafts in the database: small functions taking the session as a
keyword argument; the caller commits (with the step the state records, when there is one)."""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from bot.desk.models import ConversationState, RequestDraft, utcnow

USER, CHAT, CONVERSATION = "user", "chat", "conversation"


def conversation_key(name: str, key: tuple[Hashable, ...]) -> str:
    """The row key of one conversation: its handler's name and python-telegram-bot's key (chat, user…)."""
    return json.dumps([name, *key], ensure_ascii=False)


def load(session: Session, *, kind: str) -> dict[str, Any]:
    """Every stored row of a kind: key → data."""
    rows = session.exec(select(ConversationState).where(ConversationState.kind == kind))
    return {row.key: row.data for row in rows}


def load_conversations(session: Session) -> dict[str, dict[tuple[Any, ...], object]]:
    """Every stored conversation state: handler name → {key: state}."""
    found: dict[str, dict[tuple[Any, ...], object]] = {}
    for raw, data in load(session, kind=CONVERSATION).items():
        name, *key = json.loads(raw)
        found.setdefault(name, {})[tuple(key)] = data
    return found


def save(session: Session, *, kind: str, key: str, data: Any) -> None:
    """Store (or replace) one row; `data` None deletes it. An upsert: two writers of the same row at
    once (a step's commit and the periodic persistence) never collide."""
    save_all(session, rows={(kind, key): data})


def save_all(session: Session, *, rows: Mapping[tuple[str, str], Any]) -> None:
    """`save` for many (kind, key) → data rows: the upserts go as one executemany."""
    upserts = []
    for (kind, key), data in rows.items():
        if data is None:
            session.execute(
                delete(ConversationState).where(col(ConversationState.kind) == kind, col(ConversationState.key) == key)
            )
        else:
            upserts.append({"kind": kind, "key": key, "data": json.loads(json.dumps(data, default=str)),
                            "updated_at": utcnow()})
    if not upserts:
        return
    dialect = session.get_bind().dialect.name
    statement = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(ConversationState)
    upsert = statement.on_conflict_do_update(
        index_elements=["kind", "key"],
        set_={"data": statement.excluded.data, "updated_at": statement.excluded.updated_at},
    )
    session.execute(upsert, upserts)


def save_user_step(
    session: Session,
    *,
    user_id: int,
    user_data: Mapping[str, Any],
    conversation: str,
    key: tuple[Any, ...],
    state: object | None,
) -> None:
    """A user's data and one conversation's state, in the caller's transaction."""
    save(session, kind=USER, key=str(user_id), data=dict(user_data))
    save(session, kind=CONVERSATION, key=conversation_key(conversation, key), data=state)


def store_draft(session: Session, *, draft_id: str, user_id: int, draft: Mapping[str, Any]) -> None:
    """Keep a complete form exactly as its summary shows it, for "✅ Gửi" to store."""
    session.merge(RequestDraft(id=draft_id, telegram_user_id=user_id, data=json.loads(json.dumps(draft))))


def get_draft(session: Session, *, draft_id: str) -> RequestDraft | None:
    return session.get(RequestDraft, draft_id)


def drop_draft(session: Session, *, draft_id: str) -> None:
    session.execute(delete(RequestDraft).where(col(RequestDraft.id) == draft_id))


def purge(session: Session, *, before: datetime) -> int:
    """Retention: delete conversation state and drafts untouched since `before`; returns how many rows."""
    states = session.execute(delete(ConversationState).where(col(ConversationState.updated_at) < before))
    drafts = session.execute(delete(RequestDraft).where(col(RequestDraft.created_at) < before))
    return int(getattr(states, "rowcount", 0) or 0) + int(getattr(drafts, "rowcount", 0) or 0)
