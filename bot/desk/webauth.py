"""Web desk sign-in: one-time links bound to a Telegram user, and the browser sessions they open.

The secrets (link tokens, session cookies) are random; the database keeps only their SHA-256, so a
copy of the database signs nobody in. Whether the user is still staff or admin is not stored here:
the web layer checks the current settings on every request."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.desk.models import WebLoginToken, WebSession, utcnow


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    """A live session: who, and the CSRF token every form of that session must carry."""

    user_id: int
    name: str
    csrf_token: str
    expires_at: datetime


def issue_link_token(session: Session, *, user_id: int, name: str, valid_for: timedelta) -> str:
    """A new one-time sign-in token for `user_id` (returned once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        WebLoginToken(
            token_hash=_hash(token), telegram_user_id=user_id, name=name[:200], created_at=now,
            expires_at=now + valid_for,
        )
    )
    # Old links are of no use to anyone: keep the table small.
    session.execute(delete(WebLoginToken).where(col(WebLoginToken.expires_at) < now - timedelta(days=1)))
    return token


def redeem_link_token(session: Session, *, token: str, session_for: timedelta) -> tuple[str, SignedIn] | None:
    """Use a sign-in token once: (the new session's cookie secret, the session), or None when the token
    is unknown, already used or expired."""
    now = utcnow()
    link = session.exec(select(WebLoginToken).where(WebLoginToken.token_hash == _hash(token))).first()
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    link.used_at = now
    session.add(link)
    cookie = secrets.token_urlsafe(32)
    signed_in = SignedIn(link.telegram_user_id, link.name, secrets.token_urlsafe(32), now + session_for)
    session.add(
        WebSession(
            token_hash=_hash(cookie), telegram_user_id=signed_in.user_id, name=signed_in.name,
            csrf_token=signed_in.csrf_token, created_at=now, expires_at=signed_in.expires_at,
        )
    )
    session.execute(delete(WebSession).where(col(WebSession.expires_at) < now))
    return cookie, signed_in


def session_of(session: Session, *, cookie: str) -> SignedIn | None:
    """The live session a cookie belongs to (None when unknown or expired)."""
    row = session.exec(select(WebSession).where(WebSession.token_hash == _hash(cookie))).first()
    if row is None or row.expires_at <= utcnow():
        return None
    return SignedIn(row.telegram_user_id, row.name, row.csrf_token, row.expires_at)


def sign_out(session: Session, *, cookie: str) -> None:
    """End the session of a cookie."""
    session.execute(delete(WebSession).where(col(WebSession.token_hash) == _hash(cookie)))


def known_names(session: Session, *, user_ids: set[int]) -> dict[int, str]:
    """The names staff signed in with (to offer them as assignees), by Telegram id."""
    rows = session.exec(
        select(WebLoginToken.telegram_user_id, WebLoginToken.name)
        .where(col(WebLoginToken.telegram_user_id).in_(user_ids))
        .order_by(col(WebLoginToken.id))
    )
    return dict(rows.all())
