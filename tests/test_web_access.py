"""Web desk access: /web links from the bot, sessions, roles, CSRF, sign-in limits and headers,
through the real bot (Application + Bot API stand-in) serving its web desk on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from bot.desk.db import session_scope
from bot.desk.models import WebLoginToken, WebSession, utcnow
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from tests.support.desk import STAFF_CHAT_ID, STAFF_GROUP, STAFF_ID, STRANGER_ID, desk_settings, running_desk
from tests.support.replies import REFUSED
from tests.support.web import ADMIN_ID, WebDesk, csrf_of, running_web_desk, web_settings

LINK_REFUSED = "Liên kết đăng nhập không hợp lệ, đã dùng hoặc đã hết hạn. Gửi /web cho bot để nhận liên kết mới."


@pytest.fixture
async def web(data_dir: Path, shipped: Snapshot) -> AsyncIterator[WebDesk]:
    async with running_web_desk(web_settings(data_dir), KnowledgeStore(shipped)) as running:
        yield running


async def test_web_sends_staff_a_one_time_link_in_private(web: WebDesk) -> None:
    [sent] = await web.desk.say("/web", user_id=STAFF_ID, first_name="Minh")
    assert sent.text.startswith("🖥 <b>Bàn làm việc trên web</b>\nhttp://127.0.0.1:")
    assert "Liên kết dùng được một lần, trong 10 phút, chỉ cho tài khoản của bạn." in sent.text
    assert sent.buttons == []  # Telegram refuses URL buttons to 127.0.0.1: the link is in the text


async def test_web_refuses_strangers_and_groups(web: WebDesk) -> None:
    [refused] = await web.desk.say("/web", user_id=STRANGER_ID)
    assert refused.text == REFUSED
    [in_group] = await web.desk.say("/web", user_id=STAFF_ID, **STAFF_GROUP)
    assert int(in_group.params["chat_id"]) == STAFF_CHAT_ID
    assert in_group.text == "Vì an toàn, hãy gửi /web cho bot trong chat riêng để nhận liên kết đăng nhập."


async def test_a_link_signs_in_once_with_a_safe_cookie(web: WebDesk) -> None:
    token = (await web.link()).split("t=", 1)[1]
    async with web.client() as client:
        confirm = await client.get(f"/login?t={token}")
        assert confirm.status_code == 200 and 'id="sign-in"' in confirm.text  # a GET does not use the link
        first = await client.post("/login", data={"t": token})
        assert first.status_code == 303 and first.headers["location"] == "/"
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # plain HTTP here
        inbox = await client.get("/inbox")
        assert inbox.status_code == 200 and "<h1>Hộp yêu cầu</h1>" in inbox.text
    async with web.client() as other:
        again = await other.post("/login", data={"t": token})
        assert again.status_code == 403 and LINK_REFUSED in again.text
        assert "set-cookie" not in again.headers


@pytest.mark.parametrize("token", ["forged-token-that-nobody-issued", "", "x" * 500])
async def test_forged_links_are_refused(web: WebDesk, token: str) -> None:
    async with web.client() as client:
        response = await client.post("/login", data={"t": token})
        assert response.status_code == 403 and LINK_REFUSED in response.text
        assert (await client.get("/inbox")).status_code == 401


async def test_an_expired_link_is_refused(web: WebDesk) -> None:
    token = (await web.link()).split("t=", 1)[1]
    with session_scope(web.desk.engine) as session:
        for row in session.exec(select(WebLoginToken)):
            row.expires_at = utcnow() - timedelta(seconds=1)
            session.add(row)
        session.commit()
    async with web.client() as client:
        response = await client.post("/login", data={"t": token})
        assert response.status_code == 403 and LINK_REFUSED in response.text


async def test_pages_need_a_session(web: WebDesk) -> None:
    async with web.client() as client:
        for path in ("/", "/inbox", "/inbox.csv", "/stats", "/kb"):
            response = await client.get(path)
            assert response.status_code == 401, path
            assert "Gửi lệnh /web cho bot trong Telegram (chat riêng) để nhận liên kết đăng nhập." in response.text


async def test_staff_cannot_open_admin_pages(web: WebDesk) -> None:
    async with web.signed_in() as client:
        for path in ("/stats", "/kb"):
            response = await client.get(path)
            assert response.status_code == 403 and "Xin lỗi, bạn không có quyền xem trang này." in response.text
        page = await client.get("/inbox")
        refused = await client.post("/kb/reload", data={"csrf": csrf_of(page.text)})
        assert refused.status_code == 403


async def test_admins_see_statistics_but_not_the_inbox(web: WebDesk) -> None:
    async with web.signed_in(ADMIN_ID, "Hà") as client:
        home = await client.get("/")
        assert home.headers["location"] == "/stats"
        assert (await client.get("/stats")).status_code == 200
        assert (await client.get("/kb")).status_code == 200
        assert (await client.get("/inbox")).status_code == 403


async def test_a_post_without_the_csrf_token_is_refused(web: WebDesk) -> None:
    code = web.desk.create().code
    async with web.signed_in() as client:
        for data in ({"text": "Chào bạn"}, {"text": "Chào bạn", "csrf": "forged"}):
            response = await client.post(f"/requests/{code}/reply", data=data)
            assert response.status_code == 403
            assert "Biểu mẫu đã cũ hoặc không hợp lệ. Hãy tải lại trang và thử lại." in response.text
    assert [kind for kind, *_ in web.desk.trail(code or "")] == ["created"]
    assert web.desk.api.messages(100) == []


async def test_staff_removed_from_the_settings_lose_access_at_the_next_request(web: WebDesk) -> None:
    async with web.signed_in() as client:
        assert (await client.get("/inbox")).status_code == 200
        web.desk.settings.staff_user_ids.discard(STAFF_ID)
        assert (await client.get("/inbox")).status_code == 401


async def test_sign_out_ends_the_session(web: WebDesk) -> None:
    async with web.signed_in() as client:
        page = await client.get("/inbox")
        out = await client.post("/logout", data={"csrf": csrf_of(page.text)})
        assert out.status_code == 200 and "Bạn đã đăng xuất khỏi bàn làm việc." in out.text
        assert (await client.get("/inbox")).status_code == 401


async def test_sign_in_attempts_are_limited_per_address(web: WebDesk) -> None:
    async with web.client() as client:
        statuses = [(await client.post("/login", data={"t": f"guess-{n}"})).status_code for n in range(12)]
    assert statuses == [403] * 10 + [429, 429]


async def test_every_response_carries_the_security_headers(web: WebDesk) -> None:
    async with web.client() as client:
        for path in ("/", "/login?t=abc", "/static/style.css", "/nowhere"):
            headers = (await client.get(path)).headers
            assert "frame-ancestors 'none'" in headers["content-security-policy"], path
            assert "script-src" not in headers["content-security-policy"] and "unsafe-inline" not in headers[
                "content-security-policy"]
            assert headers["x-frame-options"] == "DENY"
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "no-referrer"


async def test_with_a_public_address_the_link_is_also_a_button_and_the_cookie_secure(
    data_dir: Path, shipped: Snapshot
) -> None:
    settings = web_settings(data_dir, web_base_url="https://desk.example.vn/")
    async with running_web_desk(settings, KnowledgeStore(shipped)) as web:
        [sent] = await web.desk.say("/web", user_id=STAFF_ID, first_name="Minh")
        url = sent.text.split("\n")[1]
        assert url.startswith("https://desk.example.vn/login?t=")
        assert sent.buttons == [[{"text": "🖥 Mở bàn làm việc", "url": url}]]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.web_port}") as client:
            response = await client.post("/login", data={"t": url.split("t=", 1)[1]})
        assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


async def test_web_says_so_when_the_desk_is_off(data_dir: Path, shipped: Snapshot) -> None:
    async with running_desk(desk_settings(data_dir), KnowledgeStore(shipped)) as desk:
        [sent] = await desk.say("/web", user_id=STAFF_ID)
    assert sent.text == "Bàn làm việc trên web chưa được bật (WEB_ENABLED)."


async def test_an_expired_session_signs_out(web: WebDesk) -> None:
    async with web.signed_in() as client:
        assert (await client.get("/inbox")).status_code == 200
        with session_scope(web.desk.engine) as session:
            for row in session.exec(select(WebSession)):
                row.expires_at = utcnow() - timedelta(seconds=1)
                session.add(row)
            session.commit()
        assert (await client.get("/inbox")).status_code == 401
