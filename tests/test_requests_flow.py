"""Business owners' support requests through the real Application and the HTTP Bot API stand-in.

Each test plays a business owner (user 100, "Lan") in a private chat and asserts on what Telegram
receives: exact texts, buttons, and the staff group's notification. The stand-in checks, at the
moment the acknowledgement arrives, that the ticket is already committed (a separate connection).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlmodel import select

from bot import localtime
from bot.desk.db import make_engine, session_scope
from bot.desk.models import QuestionLog, Status, utcnow
from bot.logsafe import LIBRARY_FLOORS, quiet_libraries
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from console.standin import TOKEN, SentCall
from tests.support.desk import (
    ACK,
    OWNER_ID,
    STAFF_CHAT_ID,
    STRANGER_ID,
    Desk,
    data_of,
    desk_settings,
    running_desk,
    sent_to,
)
from tests.support.replies import CANCELLED, EXPIRED

# ----- what the owner and the staff see ------------------------------------------------------------
INTRO = "✉️ <b>Gửi câu hỏi cho cán bộ khuyến công</b>\nTôi cần vài thông tin để cán bộ liên hệ lại với bạn."
ASK_NAME = "Bạn vui lòng cho biết <b>họ tên</b> của bạn:"
ASK_BUSINESS = "Tên <b>cơ sở sản xuất / doanh nghiệp</b> của bạn là gì? (ví dụ: Hộ kinh doanh Bánh tráng Tư Lan)"
ASK_COMMUNE = "Cơ sở ở <b>xã/phường/đặc khu nào, tỉnh/thành nào</b>? (ví dụ: xã Hàm Thuận Bắc, tỉnh Lâm Đồng)"
ASK_PHONE = (
    "Số <b>điện thoại</b> để cán bộ liên hệ? Bạn bấm nút «📱 Chia sẻ số điện thoại» bên dưới, "
    "hoặc gõ số (ví dụ: 0912 345 678)."
)
PHONE_OK = "Đã nhận số điện thoại. 👍"
NOT_OWN_CONTACT = "Bạn vui lòng chia sẻ số điện thoại của chính mình (bấm nút bên dưới) hoặc gõ số."
ASK_QUESTION = "Bạn vui lòng gõ <b>nội dung câu hỏi</b> cần cán bộ giải đáp:"
TOO_SHORT = "Nội dung hơi ngắn. Bạn mô tả rõ hơn một chút giúp tôi nhé."
DB_DOWN = (
    "⚠️ Hệ thống đang gặp sự cố nên yêu cầu của bạn <b>chưa được gửi</b>. "
    "Bạn vui lòng bấm «✅ Gửi» lại sau ít phút."
)
PRIVATE_ONLY = "Để bảo mật thông tin, bạn vui lòng nhắn riêng cho tôi để gửi yêu cầu."
MY_REQUESTS_NONE = "Bạn chưa gửi yêu cầu nào. Gõ /yeucau để gửi câu hỏi cho cán bộ."
SUMMARY_BUTTONS = ["✅ Gửi", "✏️ Sửa lại", "Hủy"]
DESK_BUTTONS = ["🙋 Nhận xử lý", "✅ Đã giải quyết"]
SHARE_PHONE_KEYBOARD = [[{"text": "📱 Chia sẻ số điện thoại", "request_contact": True}]]

MAY_MOC = "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ"
MAY_MOC_QUESTION = "hỗ trợ mua máy móc được bao nhiêu"
BUSINESS = "Hộ kinh doanh Bánh tráng Tư Lan"
COMMUNE = "xã Hàm Thuận, tỉnh Lâm Đồng"
# What the owner and staff see: the unit the typed commune matched in the official list.
COMMUNE_SHOWN = "Xã Hàm Thuận, tỉnh Lâm Đồng"
PHONE = "0912345678"
OWN_CONTACT = {"phone_number": "84912345678", "first_name": "Lan", "user_id": OWNER_ID}


def bad_phone(typed: str) -> str:
    return f"Số «{typed}» chưa đúng dạng số điện thoại Việt Nam. Bạn gõ lại giúp tôi, ví dụ: 0912 345 678."


def keep_question(question: str) -> str:
    return f"Câu hỏi của bạn:\n<i>{question}</i>\n\nBấm «Giữ nguyên» hoặc gõ lại nội dung khác."


def summary(*, name: str = "Lan", business: str = BUSINESS, commune: str = COMMUNE_SHOWN, phone: str = PHONE,
            topic: str = MAY_MOC, question: str = MAY_MOC_QUESTION, check: str = "") -> str:
    return (
        "📝 <b>Xin kiểm tra lại thông tin</b>\n"
        f"• Họ tên: {name}\n• Cơ sở: {business}\n• Địa bàn: {commune}\n• Điện thoại: {phone}\n"
        f"• Chủ đề: {topic}\n• Câu hỏi: {question}{check}\n\nThông tin này chỉ cán bộ khuyến công xem được."
    )


def received(code: str) -> str:
    return (
        f"✅ Đã nhận yêu cầu <b>{code}</b>.\nCán bộ Trung tâm Khuyến công sẽ trả lời bạn trong khoảng "
        "<b>2 ngày làm việc</b>. Khi có trả lời, tôi sẽ nhắn bạn ngay tại đây.\n"
        "Xem tình trạng: /yeucaucuatoi"
    )


def staff_card(code: str, *, name: str = "Lan", phone: str = PHONE, business: str = BUSINESS,
               form: str = "chưa rõ loại hình", commune: str = COMMUNE_SHOWN, topic: str = MAY_MOC,
               question: str = MAY_MOC_QUESTION, check: str = "") -> str:
    return (
        f"🆕 <b>Yêu cầu mới {code}</b>\n"
        f"👤 {name} — ☎️ {phone}\n🏭 {business} ({form})\n📍 {commune}\n📚 Chủ đề: {topic}\n"
        f"❓ {question}{check}\n\n<i>Trả lời tin nhắn này để gửi câu trả lời cho người hỏi.</i>"
    )


def messages(calls: list[SentCall]) -> list[SentCall]:
    return [call for call in calls if call.method == "sendMessage"]


def only_message(calls: list[SentCall]) -> SentCall:
    [message] = messages(calls)
    return message


def contact(**fields: Any) -> dict[str, Any]:
    return {"contact": fields}


# ----- fixtures ------------------------------------------------------------------------------------
@pytest.fixture
async def desk(data_dir: Path, shipped: Snapshot) -> AsyncIterator[Desk]:
    """The bot on its embedded SQLite database (in a data folder where it is already migrated)."""
    async with running_desk(desk_settings(data_dir), KnowledgeStore(shipped)) as running:
        yield running


@pytest.fixture
async def desk_on_each_db(tmp_path: Path, shipped: Snapshot, db_url: str) -> AsyncIterator[Desk]:
    """The bot on DATABASE_URL: SQLite, and PostgreSQL when TEST_DATABASE_URL is set (migrated beforehand)."""
    async with running_desk(desk_settings(tmp_path / "data", db_url), KnowledgeStore(shipped)) as running:
        yield running


async def to_summary_from_a_card(desk: Desk) -> SentCall:
    """Ask a question, press "Hỏi cán bộ" on the answer card, fill the form; returns the summary."""
    [card] = await desk.say(MAY_MOC_QUESTION)
    intro, ask_name = messages(await desk.tap(card, "✉️ Hỏi cán bộ", expect=3))
    assert (intro.text, ask_name.text, ask_name.button_texts()) == (INTRO, ASK_NAME, ["Dùng tên «Lan»"])
    [ask_business] = messages(await desk.tap(ask_name, "Dùng tên «Lan»"))
    assert ask_business.text == ASK_BUSINESS
    [ask_commune] = await desk.say(BUSINESS)
    assert ask_commune.text == ASK_COMMUNE
    [ask_phone] = await desk.say(COMMUNE)
    assert (ask_phone.text, ask_phone.buttons) == (ASK_PHONE, SHARE_PHONE_KEYBOARD)
    phone_ok, keep = await desk.say(None, expect=2, extra=contact(**OWN_CONTACT))
    assert (phone_ok.text, phone_ok.params["reply_markup"]) == (PHONE_OK, {"remove_keyboard": True})
    assert (keep.text, keep.button_texts()) == (keep_question(MAY_MOC_QUESTION), ["Giữ nguyên"])
    return only_message(await desk.tap(keep, "Giữ nguyên"))


async def to_phone_question(desk: Desk) -> None:
    """/yeucau, then name, business and commune typed."""
    assert [c.text for c in await desk.say("/yeucau", expect=2)] == [INTRO, ASK_NAME]
    await desk.say("Nguyễn Thị Lan")
    await desk.say(BUSINESS)
    [ask_phone] = await desk.say(COMMUNE)
    assert ask_phone.text == ASK_PHONE


# ----- the whole request ---------------------------------------------------------------------------
async def test_a_request_from_an_answer_card_is_stored_before_it_is_acknowledged(desk_on_each_db: Desk) -> None:
    desk = desk_on_each_db
    form = await to_summary_from_a_card(desk)
    assert form.text == summary()
    assert form.button_texts() == SUMMARY_BUTTONS
    assert desk.requests() == []  # nothing is stored before "Gửi"

    calls = await desk.tap(form, "✅ Gửi", expect=3)
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage", "sendMessage"]
    ack, notification = calls[1], calls[2]
    found = ACK.match(ack.text)
    assert found is not None
    code = found[1]
    assert ack.text == received(code) and int(ack.params["chat_id"]) == OWNER_ID
    assert desk.api.acknowledged == {code: True}  # committed before the owner was told

    assert int(notification.params["chat_id"]) == STAFF_CHAT_ID
    assert notification.text == staff_card(code)
    assert notification.button_texts() == DESK_BUTTONS

    [stored] = desk.requests()
    assert (stored.code, stored.telegram_user_id, stored.telegram_chat_id, stored.status) == (
        code, OWNER_ID, OWNER_ID, Status.NEW)
    assert (stored.name, stored.business_name, stored.commune, stored.phone) == ("Lan", BUSINESS, COMMUNE, PHONE)
    assert (stored.topic_policy_id, stored.question, stored.eligibility) == ("may-moc-thiet-bi", MAY_MOC_QUESTION, None)
    assert stored.matches and stored.matches[0]["policy_id"] == "may-moc-thiet-bi"
    assert desk.trail(code) == [("created", OWNER_ID, "new", MAY_MOC_QUESTION)]


@pytest.mark.parametrize("typed", ["0912 345 678", "+84912345678", "0912.345.678", "+84 912-345-678", "84912345678"])
async def test_a_typed_phone_number_is_accepted_in_the_usual_forms(desk: Desk, typed: str) -> None:
    await to_phone_question(desk)
    phone_ok, ask_question = await desk.say(typed, expect=2)
    assert (phone_ok.text, ask_question.text) == (PHONE_OK, ASK_QUESTION)
    [form] = await desk.say("Xin hỏi thủ tục đăng ký đề án khuyến công?")
    assert "\n• Điện thoại: 0912345678\n" in form.text
    await desk.tap(form, "✅ Gửi", expect=3)
    assert [r.phone for r in desk.requests()] == ["0912345678"]


@pytest.mark.parametrize("typed", ["12345", "0912 345", "+1 202 555 0100", "số của tôi", "0012345678", "<b>0912</b>"])
async def test_a_number_that_is_not_vietnamese_is_asked_again_with_an_example(desk: Desk, typed: str) -> None:
    await to_phone_question(desk)
    [again] = await desk.say(typed)
    assert again.text == bad_phone(typed.replace("<", "&lt;").replace(">", "&gt;"))
    phone_ok, _ = await desk.say("0912 345 678", expect=2)
    assert phone_ok.text == PHONE_OK


@pytest.mark.parametrize(
    "shared",
    [
        {"phone_number": "0987654321", "first_name": "Hùng", "user_id": STRANGER_ID},  # another Telegram user
        {"phone_number": "0987654321", "first_name": "Hùng"},  # a card from the address book: not the user's own
    ],
    ids=["someone-else", "address-book-card"],
)
async def test_only_the_users_own_contact_is_accepted(desk: Desk, shared: dict[str, Any]) -> None:
    await to_phone_question(desk)
    [refused] = await desk.say(None, extra=contact(**shared))
    assert refused.text == NOT_OWN_CONTACT
    phone_ok, ask_question = await desk.say(None, expect=2, extra=contact(**OWN_CONTACT))
    assert (phone_ok.text, ask_question.text) == (PHONE_OK, ASK_QUESTION)


async def test_a_second_request_asks_nothing_already_known(desk: Desk) -> None:
    first = await to_summary_from_a_card(desk)
    await desk.tap(first, "✅ Gửi", expect=3)

    assert [c.text for c in await desk.say("/yeucau", expect=2)] == [INTRO, ASK_QUESTION]
    [form] = await desk.say("Xin hỏi hồ sơ xin hỗ trợ hội chợ gồm những gì?")
    assert form.text == summary(question="Xin hỏi hồ sơ xin hỗ trợ hội chợ gồm những gì?")
    calls = await desk.tap(form, "✅ Gửi", expect=3)
    codes = [r.code for r in desk.requests()]
    assert len(codes) == 2 and received(codes[1] or "") in sent_to(calls, OWNER_ID)


async def test_edit_asks_everything_again_and_the_summary_shows_the_new_details(desk: Desk) -> None:
    form = await to_summary_from_a_card(desk)
    calls = await desk.tap(form, "✏️ Sửa lại")
    ask_name = only_message(calls)
    assert (ask_name.text, ask_name.button_texts()) == (ASK_NAME, ["Dùng tên «Lan»"])
    await desk.say("Trần Văn Tư")
    await desk.say("HTX Gốm Bàu Trúc")
    await desk.say("phường Đô Vinh")
    phone_ok, keep = await desk.say("0283 829 1234", expect=2)
    # The question asked at the start is offered again; typing another one replaces it.
    assert (phone_ok.text, keep.text, keep.button_texts()) == (PHONE_OK, keep_question(MAY_MOC_QUESTION), ["Giữ nguyên"])
    [form] = await desk.say("Cho hỏi máy nhào đất có được hỗ trợ không?")
    assert form.text == summary(name="Trần Văn Tư", business="HTX Gốm Bàu Trúc",
                                commune="Phường Đô Vinh, tỉnh Khánh Hòa («phường Đô Vinh»)",
                                phone="02838291234", question="Cho hỏi máy nhào đất có được hỗ trợ không?")
    await desk.tap(form, "✅ Gửi", expect=3)
    [stored] = desk.requests()
    assert (stored.name, stored.business_name, stored.phone) == ("Trần Văn Tư", "HTX Gốm Bàu Trúc", "02838291234")


async def test_cancel_stores_nothing_and_the_old_send_button_expires(desk: Desk) -> None:
    form = await to_summary_from_a_card(desk)
    calls = await desk.tap(form, "Hủy")
    assert only_message(calls).text == CANCELLED
    late = await desk.tap(form, "✅ Gửi", expect=1)
    assert [(c.method, c.params.get("text")) for c in late] == [("answerCallbackQuery", EXPIRED)]
    assert desk.requests() == []
    assert desk.api.messages(STAFF_CHAT_ID) == []


async def test_a_too_short_question_is_asked_again(desk: Desk) -> None:
    await to_phone_question(desk)
    await desk.say("0912 345 678", expect=2)
    [again] = await desk.say("máy?")
    assert again.text == TOO_SHORT
    [form] = await desk.say("Máy sấy nông sản có được hỗ trợ không?")
    assert form.text.startswith("📝 <b>Xin kiểm tra lại thông tin</b>")


async def test_requests_are_made_in_private_chats_only(desk: Desk) -> None:
    [reply] = await desk.say("/yeucau", chat_id=-4001, chat_type="group")
    assert reply.text == PRIVATE_ONLY


async def test_my_requests_lists_the_users_own_requests_newest_first_with_status(desk: Desk) -> None:
    [none] = await desk.say("/yeucaucuatoi")
    assert none.text == MY_REQUESTS_NONE

    older = desk.create(topic_policy_id="hoi-cho-trien-lam", created_at=utcnow() - timedelta(days=3),
                        status=Status.RESOLVED)
    newer = desk.create(status=Status.WAITING_USER)
    desk.create(telegram_user_id=STRANGER_ID, telegram_chat_id=STRANGER_ID)  # someone else's
    [listing] = await desk.say("/yeucaucuatoi")
    assert listing.text == (
        "📂 <b>Yêu cầu của bạn</b>\n\n"
        f"• <b>{newer.code}</b> ({localtime.format_moment(newer.created_at, '%d/%m/%Y')}): 💬 Chờ bạn phản hồi\n"
        "  ❓ Xin hỏi thủ tục đăng ký đề án khuyến công?\n"
        "  <i>Chưa có trả lời của cán bộ.</i>\n\n"
        f"• <b>{older.code}</b> ({localtime.format_moment(older.created_at, '%d/%m/%Y')}): ✅ Đã giải quyết\n"
        "  📚 Hỗ trợ tham gia hội chợ, triển lãm hàng công nghiệp nông thôn\n"
        "  ❓ Xin hỏi thủ tục đăng ký đề án khuyến công?\n"
        "  <i>Chưa có trả lời của cán bộ.</i>"
    )


async def test_an_eligibility_result_travels_with_the_request(desk: Desk) -> None:
    [chooser] = await desk.say("/kiemtra")
    q1 = only_message(await desk.tap(chooser, MAY_MOC))
    q2 = only_message(await desk.tap(q1, "Hộ kinh doanh"))
    q3 = only_message(await desk.tap(q2, "Có"))
    only_message(await desk.tap(q3, "Cơ khí, điện, điện tử; lắp ráp, sửa chữa máy móc; công nghi…"))
    [understood] = await desk.say("ham thuan, lam dong")
    q5 = only_message(await desk.tap(understood, "📍 Xã Hàm Thuận, tỉnh Lâm Đồng"))
    result = only_message(await desk.tap(q5, "Máy móc, thiết bị đơn lẻ"))
    assert f"✅ <b>{MAY_MOC}</b>: Có thể được hỗ trợ" in result.text

    intro, ask_name = messages(await desk.tap(result, "✉️ Gửi yêu cầu hỗ trợ kèm kết quả này", expect=3))
    assert (intro.text, ask_name.text) == (INTRO, ASK_NAME)
    await desk.say("Nguyễn Thị Lan")
    # The commune the check matched is not asked again: the phone is next.
    await desk.say(BUSINESS, expect=1)
    await desk.say("0912345678", expect=2)
    [form] = await desk.say("Tôi cần hỗ trợ mua máy cán bột, thủ tục thế nào?")
    today = localtime.today()
    assert form.text == summary(name="Nguyễn Thị Lan", question="Tôi cần hỗ trợ mua máy cán bột, thủ tục thế nào?",
                                check=f"\n• Kèm kết quả kiểm tra điều kiện ngày {today:%d/%m/%Y}")
    calls = await desk.tap(form, "✅ Gửi", expect=3)
    [stored] = desk.requests()
    assert stored.code is not None
    assert sent_to(calls, STAFF_CHAT_ID) == [
        staff_card(stored.code, name="Nguyễn Thị Lan", form="Hộ kinh doanh",
                   question="Tôi cần hỗ trợ mua máy cán bột, thủ tục thế nào?",
                   check=f"\n📋 Kiểm tra điều kiện ({today:%d/%m/%Y}): ✅ {MAY_MOC}")
    ]
    assert stored.business_form == "Hộ kinh doanh"
    assert stored.topic_policy_id == "may-moc-thiet-bi"
    assert stored.eligibility is not None
    assert stored.eligibility["date"] == today.isoformat()
    assert stored.eligibility["profile"] == {
        "loai_hinh": "ho_kinh_doanh", "truc_tiep_san_xuat": True, "nganh_nghe": "co_khi_dien_dien_tu",
        "xa_phuong": "Xã Hàm Thuận, tỉnh Lâm Đồng", "xa_phuong_ma": 23059, "dia_ban": "xa", "thuoc": "tinh",
        "quy_mo_dau_tu": "may_don_le",
    }
    assert (stored.commune, stored.commune_code, stored.commune_name, stored.province) == (
        "Xã Hàm Thuận, tỉnh Lâm Đồng", 23059, "Xã Hàm Thuận", "Lâm Đồng"
    )
    verdict = stored.eligibility["verdicts"]["may-moc-thiet-bi"]
    assert (verdict["verdict"], verdict["max_support_vnd"], verdict["cap_vnd"]) == ("eligible", None, 300_000_000)


# ----- when the database is down -------------------------------------------------------------------
@pytest.mark.parametrize(
    "broken_url",
    ["sqlite:////nonexistent-folder/khuyencong.db", "postgresql+psycopg://postgres@127.0.0.1:1/khuyencong"],
    ids=["sqlite-missing-folder", "postgresql-closed-port"],
)
async def test_when_the_database_is_down_nothing_is_acknowledged_and_send_works_later(
    desk: Desk, broken_url: str
) -> None:
    form = await to_summary_from_a_card(desk)
    working = desk.bot.app.bot_data.engine
    broken = create_engine(broken_url) if broken_url.startswith("sqlite") else make_engine(broken_url)
    desk.bot.app.bot_data.engine = broken
    calls = await desk.tap(form, "✅ Gửi")  # returns once the bot is done with the press: nothing else follows
    assert [c.text for c in messages(calls)] == [DB_DOWN]
    assert not any(ACK.match(c.text) for c in desk.api.messages())
    assert desk.api.messages(STAFF_CHAT_ID) == []

    # Again, still down: the same plain message; the form is still there.
    assert [c.text for c in messages(await desk.tap(form, "✅ Gửi"))] == [DB_DOWN]

    desk.bot.app.bot_data.engine = working
    broken.dispose()
    calls = await desk.tap(form, "✅ Gửi", expect=3)
    [stored] = desk.requests()
    assert stored.code is not None
    assert sent_to(calls, OWNER_ID) == [received(stored.code)]
    assert desk.api.acknowledged == {stored.code: True}
    assert len(desk.api.messages(STAFF_CHAT_ID)) == 1


async def test_pressing_send_twice_quickly_stores_one_request(desk: Desk) -> None:
    form = await to_summary_from_a_card(desk)
    before = len(desk.api.sent)
    for _ in range(2):
        await desk.api.push(desk.api.callback(data_of(form, "✅ Gửi"), form))
    await desk.api.wait_sent(before + 4)  # two answers, one acknowledgement, one notification
    await desk.bot.settled()  # and nothing more
    calls = desk.api.sent[before:]
    assert [c.method for c in calls].count("answerCallbackQuery") == 2
    [stored] = desk.requests()
    assert stored.code is not None
    assert sent_to(calls, OWNER_ID) == [received(stored.code)]
    assert len(sent_to(calls, STAFF_CHAT_ID)) == 1
    assert ["Xin lỗi, đã có lỗi" not in text for text in sent_to(calls, OWNER_ID)] == [True]


# ----- privacy -------------------------------------------------------------------------------------
@pytest.fixture
def production_log_levels() -> Iterator[None]:
    """The library log levels `configure_logging` applies, with LOG_LEVEL=DEBUG; restored afterwards."""
    saved = {name: logging.getLogger(name).level for name in LIBRARY_FLOORS}
    quiet_libraries("DEBUG")
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


async def test_logs_never_contain_phone_numbers_request_texts_or_the_token(
    data_dir: Path, shipped: Snapshot, caplog: pytest.LogCaptureFixture, production_log_levels: None
) -> None:
    caplog.set_level(logging.DEBUG)
    question = "Cơ sở nhà tôi làm nước mắm Phan Thiết muốn mua nồi chưng cất thì sao"
    follow_up = "Tôi gửi thêm: cơ sở có 12 lao động"
    answer = "Chào chị Lan, chị chuẩn bị đơn đề nghị và báo giá thiết bị nhé"
    settings = desk_settings(data_dir)
    async with running_desk(settings, KnowledgeStore(shipped)) as desk:
        await desk.say(question)  # logged in the question log, never in the logs
        code, notification = await desk.submit(question)
        relayed, _ = [c for c in await desk.staff_says(answer, reply_to=notification, expect=3)
                      if c.method == "sendMessage"]
        await desk.say(follow_up, reply_to=relayed.params["_message"], expect=2)
        await desk.staff_says(f"/yc {code}")
        await desk.bot.send(desk.api.callback(f"sa:{desk.requests()[0].id}", notification, user_id=STRANGER_ID))
        await asyncio.to_thread(desk.bot.app.bot_data.question_log.flush)

    # tornado serves the stand-in: it is Telegram's side, not the bot's.
    records = [r for r in caplog.records if not r.name.startswith("tornado")]
    assert any(r.name == "handlers.requests" and code and code in r.getMessage() for r in records)
    assert any(r.name == "handlers.guards" and str(STRANGER_ID) in r.getMessage() for r in records)
    secrets = [PHONE, "912345678", "0912 345 678", question, follow_up, answer, BUSINESS, TOKEN, TOKEN.split(":")[1]]
    for record in records:
        logged = record.getMessage() + (record.exc_text or "")
        for secret in secrets:
            assert secret not in logged, (record.name, logged)


async def test_the_form_answers_are_not_logged_as_questions(desk: Desk) -> None:
    form = await to_summary_from_a_card(desk)
    await desk.tap(form, "✅ Gửi", expect=3)
    await asyncio.to_thread(desk.bot.app.bot_data.question_log.flush)
    with session_scope(desk.engine) as session:
        logged = [row.question for row in session.exec(select(QuestionLog))]
    assert logged == [MAY_MOC_QUESTION]
