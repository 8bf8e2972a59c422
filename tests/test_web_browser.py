"""The web desk in a real headless browser: Playwright driving Debian's chromium (never a downloaded
browser). A staff member signs in through the /web link the bot sent over the Bot API stand-in,
answers a request in the browser, and the owner gets the answer in Telegram; forged, reused and
expired links, a form without its CSRF token and a staff member on an admin page are refused.

Screenshots of the inbox, a request and the statistics go to $WEB_SCREENSHOTS_DIR when it is set
(`make screenshots` writes docs/screenshots/), else to the test's temporary folder."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.desk.db import session_scope
from bot.desk.models import QuestionLog, SupportRequest, WebLoginToken, utcnow
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from tests.support.desk import OWNER_ID, STAFF_ID
from tests.support.web import ADMIN_ID, WebDesk, running_web_desk, web_settings

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

from playwright.async_api import Browser, Page, async_playwright, expect  # noqa: E402

ANSWER = "Chào chị Lan, chị chuẩn bị đơn đề nghị và báo giá thiết bị, nộp tại Trung tâm nhé."
LINK_REFUSED = "Liên kết đăng nhập không hợp lệ, đã dùng hoặc đã hết hạn. Gửi /web cho bot để nhận liên kết mới."
pytestmark = pytest.mark.timeout(180)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def web(data_dir: Path, shipped: Snapshot) -> AsyncIterator[WebDesk]:
    async with running_web_desk(web_settings(data_dir), KnowledgeStore(shipped)) as running:
        yield running


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("WEB_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def sign_in(browser: Browser, link: str, *, phone: bool = False) -> Page:
    context = await browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    )
    page = await context.new_page()
    await page.goto(link)
    await page.click("#sign-in")
    return page


def busy_desk(web: WebDesk) -> None:
    """A few requests and questions, so the pages show what a working week looks like."""
    web.desk.create(name="Trần Văn Bình", business_name="HTX Mây tre đan Bình An", commune="phường Phan Thiết",
                    question="HTX muốn đi hội chợ ở Hà Nội thì được hỗ trợ chi phí gian hàng không?",
                    topic_policy_id="hoi-cho-trien-lam")
    web.desk.create(name="Lê Thị Cúc", business_name="Cơ sở nước mắm Cúc Hương", commune="Xã Hàm Thuận Bắc",
                    commune_name="Xã Hàm Thuận Bắc", province="Lâm Đồng",
                    question="Cơ sở sản xuất sạch hơn thì được hỗ trợ tư vấn thế nào?",
                    topic_policy_id="san-xuat-sach-hon", rating=5)
    now = utcnow()
    with session_scope(web.desk.engine) as session:
        for day in range(7):
            for n in range(3 + day % 4):
                answered = n % 3 != 2
                session.add(QuestionLog(
                    user_key=f"u{n}", question="hỗ trợ máy móc" if answered else "vay vốn ngân hàng",
                    normalized="ho tro may moc" if answered else "vay von ngan hang",
                    band="answer" if answered else "none", answered=answered,
                    top_policy_id="may-moc-thiet-bi" if answered else None,
                    created_at=now - timedelta(days=day, hours=1),
                ))
        session.commit()


async def test_staff_answers_a_request_in_the_browser_and_the_owner_gets_it(
    web: WebDesk, browser: Browser, shots: Path
) -> None:
    code, _ = await web.desk.submit()
    busy_desk(web)
    page = await sign_in(browser, await web.link())
    await expect(page.locator("h1")).to_have_text("Hộp yêu cầu")
    await expect(page.locator("table.requests tbody tr")).to_have_count(3)
    await page.screenshot(path=str(shots / "web-inbox.png"), full_page=True)

    await page.click(f"text={code}")
    await expect(page.locator("h1")).to_contain_text(code)
    await page.fill("#reply-text", ANSWER)
    before = len(web.desk.api.messages(OWNER_ID))
    await page.click("#send-reply")
    await expect(page.locator(".notice")).to_have_text("Đã gửi câu trả lời tới người hỏi qua Telegram.")
    await expect(page.locator(".thread")).to_contain_text(ANSWER)
    await page.screenshot(path=str(shots / "web-request.png"), full_page=True)

    [to_owner] = web.desk.api.messages(OWNER_ID)[before:]
    assert to_owner.text == (
        f"💬 <b>Cán bộ trả lời yêu cầu {code}:</b>\n{ANSWER}\n\n<i>Muốn hỏi thêm, bạn bấm «↩️ Trả lời cán bộ» hoặc trả lời tin nhắn này.</i>"
    )
    assert ("staff_reply", STAFF_ID, None, ANSWER) in web.desk.trail(code)

    phone = await sign_in(browser, await web.link(), phone=True)
    await expect(phone.locator("table.requests tbody tr")).to_have_count(3)
    await phone.screenshot(path=str(shots / "web-inbox-phone.png"), full_page=True)


async def test_admin_statistics_in_the_browser(web: WebDesk, browser: Browser, shots: Path) -> None:
    busy_desk(web)
    page = await sign_in(browser, await web.link(ADMIN_ID, "Hà"))
    await expect(page.locator("h1")).to_have_text("Thống kê 7 ngày qua")
    await expect(page.locator("svg.chart")).to_have_count(7)
    await page.screenshot(path=str(shots / "web-stats.png"), full_page=True)


async def test_refusals_in_the_browser(web: WebDesk, browser: Browser) -> None:
    # A forged link.
    forged = await sign_in(browser, f"{web.url}/login?t=forged-by-someone")
    await expect(forged.locator("main p")).to_have_text(LINK_REFUSED)
    # A link used twice.
    link = await web.link()
    page = await sign_in(browser, link)
    await expect(page.locator("h1")).to_have_text("Hộp yêu cầu")
    reused = await sign_in(browser, link)
    await expect(reused.locator("main p")).to_have_text(LINK_REFUSED)
    # An expired link.
    expired_link = await web.link()
    with session_scope(web.desk.engine) as session:
        for row in session.exec(select(WebLoginToken).where(WebLoginToken.used_at == None)):  # noqa: E711
            row.expires_at = utcnow() - timedelta(seconds=1)
            session.add(row)
        session.commit()
    expired = await sign_in(browser, expired_link)
    await expect(expired.locator("main p")).to_have_text(LINK_REFUSED)
    # Staff on an admin page.
    await page.goto(f"{web.url}/stats")
    await expect(page.locator("main p")).to_have_text("Xin lỗi, bạn không có quyền xem trang này.")
    # A form whose CSRF token was taken out.
    request = web.desk.create()
    await page.goto(f"{web.url}/requests/{request.code}")
    await page.locator("form.reply input[name=csrf]").first.evaluate("node => node.remove()")
    await page.fill("#reply-text", "Chào bạn")
    await page.click("#send-reply")
    await expect(page.locator("main p")).to_have_text("Biểu mẫu đã cũ hoặc không hợp lệ. Hãy tải lại trang và thử lại.")
    with session_scope(web.desk.engine) as session:
        stored = session.exec(select(SupportRequest).where(SupportRequest.id == request.id)).one()
    assert stored.first_response_at is None
