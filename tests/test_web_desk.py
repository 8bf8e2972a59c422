"""The web desk's staff and admin pages through the real bot: inbox filters, search, paging and
exports; a reply typed on the web reaching the owner in Telegram the way a group reply does; notes,
take, assign, resolve, reopen; statistics with charts; the knowledge base and its reload."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.desk.db import session_scope
from bot.desk.models import QuestionLog, Status, utcnow
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from tests.support.desk import OWNER_ID, STAFF_CHAT_ID, STAFF_ID, in_chat
from tests.support.web import ADMIN_ID, WebDesk, csrf_of, running_web_desk, web_settings

ANSWER = "Chào chị Lan, chị chuẩn bị đơn đề nghị & báo giá thiết bị <2 bản>, nộp tại Trung tâm nhé."
CODE = re.compile(r'href="/requests/(YC-\d{4}-\d{6})"')


@pytest.fixture
async def web(data_dir: Path, shipped: Snapshot) -> AsyncIterator[WebDesk]:
    async with running_web_desk(web_settings(data_dir), KnowledgeStore(shipped)) as running:
        yield running


def codes(page: str) -> list[str]:
    return CODE.findall(page)


async def test_inbox_lists_open_requests_oldest_first_with_counts(web: WebDesk) -> None:
    first = web.desk.create(name="Nguyễn Thị Lan")
    second = web.desk.create(name="Trần Văn Bình", business_name="HTX Mây tre Bình An")
    done = web.desk.create(name="Lê Thị Cúc")
    with session_scope(web.desk.engine) as session:
        row = session.get(type(done), done.id)
        assert row is not None
        row.status = Status.RESOLVED
        session.add(row)
        session.commit()
    async with web.signed_in() as client:
        page = (await client.get("/inbox")).text
        assert codes(page) == [first.code, second.code]
        assert "Mới: <b>2</b>" in page and "Đã giải quyết: <b>1</b>" in page
        everything = (await client.get("/inbox?status=all")).text
        assert codes(everything) == [first.code, second.code, done.code]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=bình+an", [1]),  # business name, any case
        ("q=BINH+AN", [1]),  # without diacritics
        ("q=trần+văn", [1]),
        ("q=ĐĂNG+KÝ", [0, 1]),  # question text, non-ASCII capitals
        ("q=YC-", [0, 1, 2]),
        ("q=máy+sấy", [2]),  # question text
        ("commune=Phan", [1]),
        ("province=Lâm+Đồng", [0]),
        ("assignee=none", [0, 1]),
        ("assignee=me", [2]),
        ("topic=may-moc-thiet-bi", [2]),
        ("overdue=1", [0]),
    ],
)
async def test_inbox_filters_and_search(web: WebDesk, query: str, expected: list[int]) -> None:
    made = [
        web.desk.create(commune="Hàm Thuận Bắc", commune_name="Xã Hàm Thuận Bắc", province="Lâm Đồng"),
        web.desk.create(name="Trần Văn Bình", business_name="HTX Mây tre Bình An", commune="phường Phan Thiết"),
        web.desk.create(question="Hỗ trợ mua máy sấy nông sản thế nào?", topic_policy_id="may-moc-thiet-bi"),
    ]
    with session_scope(web.desk.engine) as session:
        old = session.get(type(made[0]), made[0].id)
        mine = session.get(type(made[2]), made[2].id)
        assert old is not None and mine is not None
        old.created_at = utcnow() - timedelta(hours=30)
        mine.assignee_id, mine.assignee_name, mine.first_response_at = STAFF_ID, "Minh", utcnow()
        session.add_all([old, mine])
        session.commit()
    async with web.signed_in() as client:
        page = (await client.get(f"/inbox?{query}")).text
    assert codes(page) == [made[i].code for i in expected]


async def test_inbox_pages_of_25(web: WebDesk) -> None:
    made = [web.desk.create() for _ in range(27)]
    async with web.signed_in() as client:
        first = (await client.get("/inbox")).text
        second = (await client.get("/inbox?page=2")).text
    assert codes(first) == [r.code for r in made[:25]] and "trang 1/2" in first and "Trang sau →" in first
    assert codes(second) == [r.code for r in made[25:]] and "← Trang trước" in second


async def test_exports_follow_the_current_filter(web: WebDesk) -> None:
    web.desk.create(name="Nguyễn Thị Lan")
    wanted = web.desk.create(name="=HYPERLINK(1)", business_name="HTX Mây tre Bình An")
    async with web.signed_in() as client:
        as_csv = await client.get("/inbox.csv?q=Bình+An")
        as_xlsx = await client.get("/inbox.xlsx?q=Bình+An")
    assert as_csv.headers["content-disposition"].startswith('attachment; filename="yeu-cau-')
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã yêu cầu", "Ngày gửi", "Trạng thái", "Họ tên"]
    assert [(r[0], r[3]) for r in rows[1:]] == [(wanted.code, "'=HYPERLINK(1)")]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][:4:3] == [wanted.code, "=HYPERLINK(1)"]


async def test_a_reply_on_the_web_reaches_the_owner_like_a_group_reply(web: WebDesk) -> None:
    code, notification = await web.desk.submit()
    async with web.signed_in() as client:
        page = await client.get(f"/requests/{code}")
        assert page.status_code == 200 and "Xin hỏi thủ tục đăng ký đề án khuyến công như thế nào?" in page.text
        before = len(web.desk.api.sent)
        sent = await client.post(f"/requests/{code}/reply", data={"text": ANSWER, "csrf": csrf_of(page.text)})
        assert sent.status_code == 303 and sent.headers["location"] == f"/requests/{code}?done=sent"
        shown = (await client.get(sent.headers["location"])).text
    assert "Đã gửi câu trả lời tới người hỏi qua Telegram." in shown
    assert "chị chuẩn bị đơn đề nghị &amp; báo giá thiết bị &lt;2 bản&gt;" in shown  # escaped on the page too
    [to_owner] = [c for c in web.desk.api.sent[before:] if c.method == "sendMessage"]
    assert int(to_owner.params["chat_id"]) == OWNER_ID
    assert to_owner.text == (
        f"💬 <b>Cán bộ trả lời yêu cầu {code}:</b>\nChào chị Lan, chị chuẩn bị đơn đề nghị &amp; báo giá thiết bị "
        "&lt;2 bản&gt;, nộp tại Trung tâm nhé.\n\n<i>Muốn hỏi thêm, bạn bấm «↩️ Trả lời cán bộ» hoặc trả lời tin nhắn này.</i>"
    )
    assert to_owner.button_texts() == ["↩️ Trả lời cán bộ"]
    trail = web.desk.trail(code)
    assert ("staff_reply", STAFF_ID, None, ANSWER) in trail
    assert web.desk.request(code).status == Status.WAITING_USER
    # The owner's answer to the relayed message comes back to the staff thread, as for a group reply.
    calls = await web.desk.say("Dạ cho em hỏi báo giá cần mấy bản ạ?", reply_to=in_chat(to_owner, OWNER_ID), expect=2)
    assert any(int(c.params["chat_id"]) == STAFF_CHAT_ID and c.params.get("reply_parameters") for c in calls)
    assert notification.method == "sendMessage"


async def test_a_reply_telegram_refuses_is_kept_and_reported_not_sent(web: WebDesk) -> None:
    code, _ = await web.desk.submit()
    web.api.blocked.add(OWNER_ID)
    async with web.signed_in() as client:
        page = await client.get(f"/requests/{code}")
        sent = await client.post(f"/requests/{code}/reply", data={"text": "Chào bạn", "csrf": csrf_of(page.text)})
        shown = (await client.get(sent.headers["location"])).text
    assert "Đã lưu câu trả lời nhưng chưa gửi được qua Telegram. Hãy thử lại sau." in shown
    assert ("staff_reply", STAFF_ID, None, "Chào bạn") in web.desk.trail(code)


async def test_notes_stay_internal_and_steps_are_in_the_trail(web: WebDesk) -> None:
    code, _ = await web.desk.submit()
    async with web.signed_in() as client:
        csrf = csrf_of((await client.get(f"/requests/{code}")).text)
        before = len(web.desk.api.messages(OWNER_ID))
        await client.post(f"/requests/{code}/note", data={"text": "Đã gọi, hẹn thứ Hai", "csrf": csrf})
        assert len(web.desk.api.messages(OWNER_ID)) == before  # the owner never sees a note
        await client.post(f"/requests/{code}/take", data={"csrf": csrf})
        await client.post(f"/requests/{code}/assign", data={"assignee": str(STAFF_ID), "csrf": csrf})
        await client.post(f"/requests/{code}/resolve", data={"csrf": csrf})
        await web.desk.bot.settled()
        await client.post(f"/requests/{code}/reopen", data={"csrf": csrf})
        page = (await client.get(f"/requests/{code}")).text
    kinds = [(kind, status) for kind, _, status, _ in web.desk.trail(code)]
    assert ("note", None) in kinds and ("status_change", "resolved") in kinds
    assert kinds[-1] == ("status_change", "in_progress")
    assert "Đã gọi, hẹn thứ Hai" in page
    [mine] = await web.desk.say("/yeucaucuatoi")
    assert code in mine.text and "Đã gọi, hẹn thứ Hai" not in mine.text  # the owner never sees a note
    owner_texts = [c.text for c in web.desk.api.messages(OWNER_ID)]
    assert f"🔔 Yêu cầu <b>{code}</b> đã được cán bộ Minh tiếp nhận xử lý." in owner_texts
    assert f"✅ Yêu cầu <b>{code}</b> đã được giải quyết. Bạn hài lòng với câu trả lời ở mức nào?" in owner_texts


async def test_statistics_show_charts_with_their_numbers(web: WebDesk) -> None:
    web.desk.create(commune="Hàm Thuận Bắc", commune_name="Xã Hàm Thuận Bắc", province="Lâm Đồng", rating=5)
    with session_scope(web.desk.engine) as session:
        session.add_all([
            QuestionLog(user_key="a", question="vay vốn <ngân hàng>", normalized="vay von ngan hang", band="none",
                        answered=False),
            QuestionLog(user_key="a", question="máy móc", normalized="may moc", band="answer", answered=True,
                        top_policy_id="may-moc-thiet-bi"),
        ])
        session.commit()
    async with web.signed_in(ADMIN_ID, "Hà") as client:
        page = (await client.get("/stats")).text
    assert page.count("<svg") == 7
    assert "Câu hỏi: <b>2</b>" in page and "Trả lời ngay: <b>50%</b>" in page
    assert "vay vốn &lt;ngân hàng&gt;" in page and "<ngân hàng>" not in page
    assert "Xã Hàm Thuận Bắc" in page


async def test_the_knowledge_base_page_and_reload(web: WebDesk) -> None:
    async with web.signed_in(ADMIN_ID, "Hà") as client:
        page = await client.get("/kb")
        version = web.desk.bot.app.bot_data.store.current.kb.version
        assert f"<code>{version}</code>" in page.text
        reloaded = await client.post("/kb/reload", data={"csrf": csrf_of(page.text)})
    assert "Đã kiểm tra: không có thay đổi, phiên bản đang chạy giữ nguyên." in reloaded.text


async def test_a_canned_reply_fills_the_reply_box(web: WebDesk) -> None:
    code = web.desk.create().code
    async with web.signed_in() as client:
        page = (await client.get(f"/requests/{code}?canned=2")).text
        beyond = (await client.get(f"/requests/{code}?canned=99")).text
    assert f'<a href="/requests/{code}?canned=0">Đã nhận, đang kiểm tra</a>' in page
    assert ('placeholder="Nội dung trả lời">Chào bạn, cán bộ sẽ gọi điện cho bạn theo số điện thoại bạn đã để lại'
            in page)
    assert 'placeholder="Nội dung trả lời"></textarea>' in beyond


async def test_an_unanswered_question_becomes_an_example_from_the_statistics(
    tmp_path: Path, live_kb: Path
) -> None:
    store = KnowledgeStore.load(web_settings(tmp_path / "data", policies_dir=live_kb))
    settings = web_settings(tmp_path / "data", policies_dir=live_kb, eligibility_cases_dir=None)
    async with running_web_desk(settings, store) as web:
        question = "cho em hỏi về trợ giá mua máy đóng gói"
        with session_scope(web.desk.engine) as session:
            session.add(QuestionLog(user_key="a", question=question, normalized="tro gia may dong goi", band="none",
                                    answered=False))
            session.commit()
        async with web.signed_in(ADMIN_ID, "Hà") as client:
            page = (await client.get("/stats")).text
            assert f'name="question" value="{question}"' in page
            added = await client.post("/stats/example", data={
                "question": question, "policy": "may-moc-thiet-bi", "csrf": csrf_of(page)})
            forged = await client.post("/stats/example", data={
                "question": "a question nobody asked", "policy": "may-moc-thiet-bi", "csrf": csrf_of(page)})
        assert added.status_code == 200 and "Đã thêm «cho em hỏi về trợ giá mua máy đóng gói»" in added.text
        assert question in (live_kb / "may-moc-thiet-bi.yaml").read_text(encoding="utf-8")
        assert question in web.desk.bot.app.bot_data.store.current.kb.policies["may-moc-thiet-bi"].examples
        assert forged.status_code == 400


@pytest.fixture
async def web_on_each_db(tmp_path: Path, shipped: Snapshot, db_url: str) -> AsyncIterator[WebDesk]:
    async with running_web_desk(web_settings(tmp_path / "data", db_url), KnowledgeStore(shipped)) as running:
        yield running


async def test_sign_in_search_and_a_reply_on_each_database(web_on_each_db: WebDesk) -> None:
    web = web_on_each_db
    web.desk.create(name="Nguyễn Thị Lan")
    wanted = web.desk.create(name="Trần Văn Bình", business_name="HTX Mây tre Bình An")
    async with web.signed_in() as client:
        page = (await client.get("/inbox?q=bình+an&status=all&assignee=none&overdue=")).text
        assert codes(page) == [wanted.code]
        detail = (await client.get(f"/requests/{wanted.code}")).text
        sent = await client.post(f"/requests/{wanted.code}/reply", data={"text": "Chào anh", "csrf": csrf_of(detail)})
    assert sent.headers["location"].endswith("?done=sent")
    assert ("staff_reply", STAFF_ID, None, "Chào anh") in web.desk.trail(wanted.code or "")
