"""The web desk's ASGI application: routes, the role guard, sign-in by a one-time link, sign-out."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.desk import webauth
from bot.errors import StorageError
from web import admin, desk
from web.pages import STATIC, message, page
from web.security import (
    COOKIE,
    Role,
    SecurityHeaders,
    SignInLimiter,
    User,
    csrf_ok,
    current_user,
    set_session_cookie,
)
from web.services import WebServices

log = logging.getLogger(__name__)
Handler = Callable[[Request, User], Awaitable[Response]]

SIGN_IN_TITLE = "Cần đăng nhập"
SIGN_IN_TEXT = "Gửi lệnh /web cho bot trong Telegram (chat riêng) để nhận liên kết đăng nhập."
REFUSED_TEXT = "Xin lỗi, bạn không có quyền xem trang này."
CSRF_TEXT = "Biểu mẫu đã cũ hoặc không hợp lệ. Hãy tải lại trang và thử lại."
LINK_TEXT = "Liên kết đăng nhập không hợp lệ, đã dùng hoặc đã hết hạn. Gửi /web cho bot để nhận liên kết mới."
TOO_MANY_TEXT = "Bạn thử đăng nhập quá nhiều lần. Vui lòng đợi một phút rồi thử lại."
STORAGE_TEXT = "Cơ sở dữ liệu đang gặp sự cố, chưa thực hiện được. Vui lòng thử lại sau ít phút."


def services_of(request: Request) -> WebServices:
    services: WebServices = request.app.state.services
    return services


def guarded(role: Role) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Check the session and the role on every request, and the CSRF token on every POST."""

    def decorate(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            user = await current_user(request, services_of(request))
            if user is None:
                return message(None, SIGN_IN_TITLE, SIGN_IN_TEXT, 401)
            if not user.may(role):
                log.warning("Refused web page %s to user %s", request.url.path.split("/")[1], user.id)
                return message(user, "Không có quyền", REFUSED_TEXT, 403)
            if request.method == "POST" and not csrf_ok(user, await request.form()):
                log.warning("Refused a web form without a valid CSRF token from user %s", user.id)
                return message(user, "Không thực hiện", CSRF_TEXT, 403)
            return await handler(request, user)

        return endpoint

    return decorate


async def home(request: Request) -> Response:
    """/ → the inbox for staff, the statistics for admins, the sign-in hint for anyone else."""
    user = await current_user(request, services_of(request))
    if user is None:
        return message(None, SIGN_IN_TITLE, SIGN_IN_TEXT, 401)
    return RedirectResponse("/inbox" if user.staff else "/stats", status_code=303)


async def sign_in_page(request: Request) -> Response:
    """GET /login?t=…: a button that signs in (a GET never uses the link, so link previews cannot)."""
    if not request.app.state.sign_in_limiter.allow(request):
        return message(None, "Đợi một chút", TOO_MANY_TEXT, 429)
    token = request.query_params.get("t", "")
    return page("login.html", None, token=token[:200])


async def sign_in(request: Request) -> Response:
    """POST /login: use the one-time link, open a session, go to the desk."""
    services = services_of(request)
    if not request.app.state.sign_in_limiter.allow(request):
        return message(None, "Đợi một chút", TOO_MANY_TEXT, 429)
    token = (await request.form()).get("t")
    if not isinstance(token, str) or not token or len(token) > 200:
        return message(None, "Không đăng nhập được", LINK_TEXT, 403)
    hours = services.settings.web_session_hours
    redeemed = await services.db(
        lambda s: webauth.redeem_link_token(s, token=token, session_for=timedelta(hours=hours))
    )
    if redeemed is None:
        log.warning("Refused a web sign-in link (unknown, used or expired)")
        return message(None, "Không đăng nhập được", LINK_TEXT, 403)
    cookie, signed_in = redeemed
    if not (services.is_staff(signed_in.user_id) or services.is_admin(signed_in.user_id)):
        await services.db(lambda s: webauth.sign_out(s, cookie=cookie))
        return message(None, "Không có quyền", REFUSED_TEXT, 403)
    log.info("Web desk sign-in by user %s", signed_in.user_id)
    response = RedirectResponse("/", status_code=303)
    secure = services.settings.web_url.startswith("https://") or request.url.scheme == "https"
    set_session_cookie(response, cookie, secure=secure, max_age=int(hours * 3600))
    return response


async def sign_out(request: Request) -> Response:
    """POST /logout (with the CSRF token): end the session."""
    services = services_of(request)
    user = await current_user(request, services)
    cookie = request.cookies.get(COOKIE)
    if user is not None and cookie and csrf_ok(user, await request.form()):
        await services.db(lambda s: webauth.sign_out(s, cookie=cookie))
    response = message(None, "Đã đăng xuất", "Bạn đã đăng xuất khỏi bàn làm việc.", 200)
    response.delete_cookie(COOKIE, path="/")
    return response


async def storage_failed(_request: Request, exc: Exception) -> Response:
    log.warning("Web desk request failed on the database: %s", type(exc).__name__)
    return message(None, "Sự cố", STORAGE_TEXT, 503)


async def not_found(_request: Request, _exc: Exception) -> Response:
    return message(None, "Không tìm thấy", "Không có trang này.", 404)


def routes() -> list[BaseRoute]:
    staff, admin_role = guarded(Role.STAFF), guarded(Role.ADMIN)
    return [
        Route("/", home),
        Route("/login", sign_in_page, methods=["GET"]),
        Route("/login", sign_in, methods=["POST"]),
        Route("/logout", sign_out, methods=["POST"]),
        *[Route(path, staff(view), methods=methods) for path, view, methods in desk.ROUTES],
        *[Route(path, admin_role(view), methods=methods) for path, view, methods in admin.ROUTES],
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def create_app(services: WebServices) -> Starlette:
    """The web desk on the bot's services."""
    app = Starlette(
        routes=routes(),
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={StorageError: storage_failed, 404: not_found},
    )
    app.state.services = services
    app.state.sign_in_limiter = SignInLimiter()
    return app
