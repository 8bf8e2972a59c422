"""Who is asking, and the rules every response follows: the session cookie, roles checked against
the current settings on every request, CSRF tokens on every POST, security headers, and a per-address
limit on the sign-in route."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.desk import webauth
from bot.ratelimit import SlidingWindowLimiter
from web.services import WebServices

log = logging.getLogger(__name__)
COOKIE = "kc_desk"
HEADERS = {
    # No inline script anywhere (there is no script at all); styles from our own stylesheet only.
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",  # a sign-in link never leaks through the Referer header
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
}


class Role(StrEnum):
    STAFF = "staff"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    """The signed-in person and what the current settings let them do."""

    id: int
    name: str
    csrf_token: str
    staff: bool
    admin: bool

    def may(self, role: Role) -> bool:
        return self.staff if role == Role.STAFF else self.admin


class SecurityHeaders:
    """ASGI middleware: the same headers on every response, pages and errors alike."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


async def current_user(request: Request, services: WebServices) -> User | None:
    """The user of the request's session, with roles from the settings as they are now (None when
    not signed in, expired, or no longer staff or admin)."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    found = await services.db(lambda s: webauth.session_of(s, cookie=cookie))
    if found is None:
        return None
    staff, admin = services.is_staff(found.user_id), services.is_admin(found.user_id)
    if not (staff or admin):
        return None
    return User(found.user_id, found.name, found.csrf_token, staff, admin)


def csrf_ok(user: User, form: FormData) -> bool:
    """The form carries this session's CSRF token."""
    sent = form.get("csrf")
    return isinstance(sent, str) and secrets.compare_digest(sent.encode(), user.csrf_token.encode())


def set_session_cookie(response: Response, cookie: str, *, secure: bool, max_age: int) -> None:
    response.set_cookie(COOKIE, cookie, max_age=max_age, httponly=True, secure=secure, samesite="lax", path="/")


class SignInLimiter:
    """At most `limit` sign-in attempts per client address per minute (addresses kept hashed)."""

    def __init__(self, limit: int = 10, window: float = 60.0) -> None:
        self.limiter = SlidingWindowLimiter(limit, window)

    def allow(self, request: Request) -> bool:
        address = request.client.host if request.client else ""
        key = int.from_bytes(hashlib.sha256(address.encode()).digest()[:8], "big")
        allowed = self.limiter.allow(key, time.monotonic())
        if not allowed:
            log.warning("Sign-in attempts over the limit from one address")
        return allowed
