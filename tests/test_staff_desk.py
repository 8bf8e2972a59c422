"""The staff desk through the real Application and the HTTP Bot API stand-in.

Staff member 900 ("Minh") works in the staff group -100; the business owner is user 100 ("Lan").
Replies are Telegram replies (reply_to_message = the message the bot sent), buttons are the
callback data the bot put on its messages, and forged senders are plain other user ids.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from telegram.ext import ContextTypes

from bot import localtime
from bot.desk import repo as storage
from bot.desk.db import session_scope
from bot.desk.models import QuestionLog, Status, SupportRequest, utcnow
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from console.standin import SentCall
from handlers import staff
from tests.support.desk import (
    OWNER_ID,
    STAFF_CHAT_ID,
    STAFF_GROUP,
    STAFF_ID,
    STRANGER_ID,
    Desk,
    desk_settings,
    in_chat,
    running_desk,
    sent_to,
)
from tests.support.replies import EXPIRED, REFUSED

STARS = ["1⭐", "2⭐", "3⭐", "4⭐", "5⭐"]
DESK_BUTTONS = ["🙋 Nhận xử lý", "✅ Đã giải quyết"]
ANSWER = "Chào chị Lan, chị chuẩn bị đơn đề nghị và báo giá thiết bị, nộp tại Trung tâm nhé."
FOLLOW_UP = "Dạ cho em hỏi báo giá cần mấy bản ạ?"


def staff_reply(code: str, text: str) -> str:
    return (f"💬 <b>Cán bộ trả lời yêu cầu {code}:</b>\n{text}\n\n<i>Muốn hỏi thêm, bạn bấm «↩️ Trả lời cán bộ» "
            "hoặc trả lời tin nhắn này.</i>")


def relayed(code: str) -> str:
    return f"📨 Đã gửi câu trả lời cho người hỏi ({code})."


def follow_up(code: str, text: str) -> str:
    return f"↩️ <b>{code}</b> — người hỏi nhắn thêm:\n{text}"


def follow_up_sent(code: str) -> str:
    return f"Đã chuyển tin nhắn của bạn tới cán bộ phụ trách yêu cầu {code}."


def not_found(code: str) -> str:
    return f"Không tìm thấy yêu cầu «{code}»."


def messages(calls: list[SentCall]) -> list[SentCall]:
    return [call for call in calls if call.method == "sendMessage"]


def answers(calls: list[SentCall]) -> list[tuple[str | None, bool]]:
    """(text, show_alert) of each answerCallbackQuery."""
    return [
        (c.params.get("text"), c.params.get("show_alert") is True)
        for c in calls
        if c.method == "answerCallbackQuery"
    ]


@pytest.fixture
async def desk(data_dir: Path, shipped: Snapshot) -> AsyncIterator[Desk]:
    async with running_desk(desk_settings(data_dir), KnowledgeStore(shipped)) as running:
        yield running


@pytest.fixture
async def desk_on_each_db(tmp_path: Path, shipped: Snapshot, db_url: str) -> AsyncIterator[Desk]:
    async with running_desk(desk_settings(tmp_path / "data", db_url), KnowledgeStore(shipped)) as running:
        yield running


async def press(desk: Desk, on: SentCall | dict[str, Any], data: str, *, user_id: int = STAFF_ID,
                first_name: str = "Minh", expect: int = 2) -> list[SentCall]:
    return await desk.bot.send(desk.api.callback(data, on, user_id=user_id, first_name=first_name), expect=expect)


async def run_job(desk: Desk, callback: Callable[[ContextTypes.DEFAULT_TYPE], Awaitable[None]]) -> None:
    """Run `callback` once through the application's job queue and wait until it has finished."""
    done = asyncio.Event()

    async def job(context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await callback(context)
        finally:
            done.set()

    assert desk.bot.app.job_queue is not None
    desk.bot.app.job_queue.run_once(job, 0)
    await asyncio.wait_for(done.wait(), 10)


def sent_at(request: Any) -> str:
    """When a request was sent, as the staff group reads it (Vietnam time)."""
    return localtime.format_moment(request.created_at, "%H:%M %d/%m/%Y")


# ----- relays both ways ----------------------------------------------------------------------------
async def test_a_staff_reply_reaches_the_owner_and_the_owners_reply_comes_back_to_the_thread(
    desk_on_each_db: Desk,
) -> None:
    desk = desk_on_each_db
    code, notification = await desk.submit()

    calls = await desk.staff_says(ANSWER, reply_to=notification, expect=3)  # and the notification is edited
    assert [(int(c.params["chat_id"]), c.text) for c in messages(calls)] == [
        (OWNER_ID, staff_reply(code, ANSWER)),
        (STAFF_CHAT_ID, relayed(code)),
    ]
    stored = desk.request(code)
    assert (stored.status, stored.assignee_id, stored.assignee_name) == (Status.WAITING_USER, STAFF_ID, "Minh")
    assert stored.first_response_at is not None
    assert desk.trail(code)[1:] == [
        ("assignment", STAFF_ID, None, None),
        ("status_change", STAFF_ID, "in_progress", None),
        ("staff_reply", STAFF_ID, None, ANSWER),
        ("status_change", STAFF_ID, "waiting_user", None),
    ]

    # The owner replies to the relayed answer: it goes to the staff thread, as a reply to the notification.
    to_owner = messages(calls)[0]  # (the notification is edited first, before the outbox sends the answer)
    calls = await desk.say(FOLLOW_UP, reply_to=in_chat(to_owner, OWNER_ID), expect=2)
    [staff_side] = [c for c in messages(calls) if int(c.params["chat_id"]) == STAFF_CHAT_ID]
    assert staff_side.text == follow_up(code, FOLLOW_UP)
    assert staff_side.params["reply_parameters"]["message_id"] == notification.params["_message"]["message_id"]
    assert sent_to(calls, OWNER_ID) == [follow_up_sent(code)]
    assert desk.request(code).status == Status.IN_PROGRESS
    assert desk.trail(code)[-2:] == [
        ("user_message", OWNER_ID, None, FOLLOW_UP),
        ("status_change", OWNER_ID, "in_progress", None),
    ]

    # Staff can answer the follow-up by replying to it in the group.
    calls = await desk.staff_says("Chị nộp 1 bản chính là đủ.", reply_to=staff_side, expect=2)
    assert sent_to(calls, OWNER_ID) == [staff_reply(code, "Chị nộp 1 bản chính là đủ.")]


@pytest.mark.parametrize(
    "text",
    ["hỗ trợ mua máy móc được bao nhiêu", "xin chào", "chi phí"],  # an answer card, small talk, "did you mean"
)
async def test_replies_in_a_request_thread_are_not_answered_as_questions(desk: Desk, text: str) -> None:
    code, notification = await desk.submit()
    [to_owner, _] = messages(await desk.staff_says(ANSWER, reply_to=notification, expect=3))
    calls = await desk.say(text, reply_to=in_chat(to_owner, OWNER_ID), expect=2)
    assert sorted(c.text for c in messages(calls)) == sorted([follow_up(code, text), follow_up_sent(code)])
    assert desk.bot.app.bot_data.question_log.pending() == 0
    await asyncio.to_thread(desk.bot.app.bot_data.question_log.flush)
    with session_scope(desk.engine) as session:
        assert session.exec(select(QuestionLog)).all() == []


async def test_a_command_sent_as_a_reply_to_a_notification_is_run_not_relayed(desk: Desk) -> None:
    code, notification = await desk.submit()
    [details] = await desk.staff_says(f"/yc {code}", reply_to=notification)
    assert details.text.startswith(f"🆕 <b>Yêu cầu mới {code}</b>\n")
    assert sent_to(desk.api.sent, OWNER_ID)[-1].startswith("✅ Đã nhận yêu cầu")  # the owner got nothing new
    assert [kind for kind, *_ in desk.trail(code)] == ["created"]


async def test_a_reply_after_resolution_is_not_relayed(desk: Desk) -> None:
    code, notification = await desk.submit()
    [to_owner, _] = messages(await desk.staff_says(ANSWER, reply_to=notification, expect=3))
    await press(desk, notification, f"sr:{desk.request(code).id}", expect=4)
    calls = await desk.say(FOLLOW_UP, reply_to=in_chat(to_owner, OWNER_ID))
    assert [c.text for c in messages(calls)] == [
        f"Yêu cầu {code} đã đóng. Nếu còn thắc mắc, bạn gửi yêu cầu mới bằng /yeucau nhé."
    ]
    assert "user_message" not in [kind for kind, *_ in desk.trail(code)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/traloi", "Cách dùng: /traloi YC-2026-000123 nội dung trả lời"),
        ("/traloi {code}", "Cách dùng: /traloi YC-2026-000123 nội dung trả lời"),
        ("/traloi YC-1999-999999 Chị nộp hồ sơ nhé", not_found("YC-1999-999999")),
        ("/traloi {code} Chị nộp hồ sơ tại Trung tâm nhé", "relayed"),
        ("/traloi {lower} Chị nộp hồ sơ tại Trung tâm nhé", "relayed"),
    ],
)
async def test_traloi_answers_a_request_by_its_code(desk: Desk, typed: str, expected: str) -> None:
    code, _ = await desk.submit()
    command = typed.format(code=code, lower=code.lower())
    if expected != "relayed":
        [reply] = await desk.staff_says(command)
        assert reply.text == expected
        return
    calls = await desk.staff_says(command, expect=3)
    assert [(int(c.params["chat_id"]), c.text) for c in messages(calls)] == [
        (OWNER_ID, staff_reply(code, "Chị nộp hồ sơ tại Trung tâm nhé")),
        (STAFF_CHAT_ID, relayed(code)),
    ]
    assert desk.trail(code)[3] == ("staff_reply", STAFF_ID, None, "Chị nộp hồ sơ tại Trung tâm nhé")


# ----- take, resolve, rate -------------------------------------------------------------------------
async def test_taking_a_request_tells_the_group_and_the_owner(desk: Desk) -> None:
    code, notification = await desk.submit()
    calls = await press(desk, notification, f"sa:{desk.request(code).id}", expect=4)
    assert answers(calls) == [(None, False)]
    assert [(int(c.params["chat_id"]), c.text) for c in messages(calls)] == [
        (STAFF_CHAT_ID, f"👍 Minh đã nhận xử lý {code}."),
        (OWNER_ID, f"🔔 Yêu cầu <b>{code}</b> đã được cán bộ Minh tiếp nhận xử lý."),
    ]
    stored = desk.request(code)
    assert (stored.status, stored.assignee_id, stored.assignee_name) == (Status.IN_PROGRESS, STAFF_ID, "Minh")
    assert stored.first_response_at is not None


async def test_resolving_asks_the_owner_for_one_rating_from_the_owner_only(desk: Desk) -> None:
    code, notification = await desk.submit()
    request_id = desk.request(code).id
    calls = await press(desk, notification, f"sr:{request_id}", expect=4)
    group, owner = messages(calls)
    assert group.text == f"✅ Minh đã đánh dấu {code} là đã giải quyết."
    assert owner.text == f"✅ Yêu cầu <b>{code}</b> đã được giải quyết. Bạn hài lòng với câu trả lời ở mức nào?"
    assert owner.button_texts() == STARS
    stored = desk.request(code)
    assert stored.status == Status.RESOLVED and stored.resolved_at is not None

    # Someone else pressing the owner's stars (forged callback) changes nothing.
    calls = await press(desk, owner, f"rt:{request_id}:1", user_id=STRANGER_ID, first_name="Hùng", expect=1)
    assert answers(calls) == [(EXPIRED, True)]
    assert desk.request(code).rating is None

    calls = await press(desk, owner, f"rt:{request_id}:4", user_id=OWNER_ID, first_name="Lan", expect=3)
    assert answers(calls) == [(None, False)]
    assert sent_to(calls, OWNER_ID) == ["Cảm ơn bạn đã đánh giá ⭐⭐⭐⭐!"]
    assert sent_to(calls, STAFF_CHAT_ID) == [f"⭐ Người hỏi đánh giá {code}: 4/5."]
    # Only once.
    calls = await press(desk, owner, f"rt:{request_id}:5", user_id=OWNER_ID, first_name="Lan", expect=1)
    assert answers(calls) == [(EXPIRED, True)]
    assert desk.request(code).rating == 4
    assert [event for event in desk.trail(code) if event[0] == "rating"] == [("rating", OWNER_ID, None, "4")]

    # The request is over: its buttons say so.
    [reply] = messages(await press(desk, notification, f"sa:{request_id}"))
    assert reply.text == f"Yêu cầu {code} đã kết thúc (✅ Đã giải quyết)."


async def test_a_rating_for_an_open_request_is_refused(desk: Desk) -> None:
    code, _ = await desk.submit()
    forged = {"message_id": 1, "date": 1_700_000_000, "chat": {"id": OWNER_ID, "type": "private"},
              "from": desk.api.bot, "text": "…"}
    calls = await press(desk, forged, f"rt:{desk.request(code).id}:5", user_id=OWNER_ID, expect=1)
    assert answers(calls) == [(EXPIRED, True)]
    assert desk.request(code).rating is None


@pytest.mark.parametrize("data", ["sa:987654", "sr:987654"])
async def test_a_button_for_a_request_that_does_not_exist_has_expired(desk: Desk, data: str) -> None:
    forged = {"message_id": 1, "date": 1_700_000_000, "chat": {"id": STAFF_CHAT_ID, "type": "supergroup"},
              "from": desk.api.bot, "text": "…"}
    calls = await press(desk, forged, data, expect=1)
    assert answers(calls) == [(EXPIRED, True)]


# ----- /inbox and /yc ------------------------------------------------------------------------------
def inbox_line(request: SupportRequest, status: str = "🆕 Mới tiếp nhận") -> str:
    sent = localtime.format_moment(request.created_at, "%d/%m/%Y")
    return (f"• <b>{request.code}</b> {sent} — {request.name}, {request.commune}: {status}\n"
            f"  {request.question}")


async def test_inbox_lists_open_requests_oldest_first_eight_per_page(desk: Desk) -> None:
    [empty] = await desk.staff_says("/inbox")
    assert empty.text == "📥 Không có yêu cầu nào đang mở. 🎉"

    start = utcnow() - timedelta(days=20)
    made = []
    for n in range(12):
        status = Status.RESOLVED if n in (2, 7) else Status.IN_PROGRESS if n == 4 else Status.NEW
        made.append(desk.create(name=f"Chủ cơ sở {n:02d}", question=f"Câu hỏi số {n:02d} về hồ sơ khuyến công",
                                created_at=start + timedelta(days=n), status=status))
    open_requests = [r for n, r in enumerate(made) if n not in (2, 7)]

    def line(request: SupportRequest) -> str:
        return inbox_line(request, "🔄 Đang xử lý" if request.status == Status.IN_PROGRESS else "🆕 Mới tiếp nhận")

    [first] = await desk.staff_says("/inbox")
    assert first.text == "\n".join(
        ["📥 <b>Yêu cầu đang mở</b> (10), cũ nhất trước — trang 1/2", *map(line, open_requests[:8])]
    )
    assert first.button_texts() == ["Trang sau ➡️"]
    second = messages(await press(desk, first, "ip:1"))[0]
    assert second.text == "\n".join(
        ["📥 <b>Yêu cầu đang mở</b> (10), cũ nhất trước — trang 2/2", *map(line, open_requests[8:])]
    )
    assert second.button_texts() == ["⬅️ Trang trước"]
    again = messages(await press(desk, second, "ip:0"))[0]
    assert again.text == first.text


async def test_yc_shows_a_request_with_its_history(desk: Desk) -> None:
    code, notification = await desk.submit()
    await desk.staff_says(ANSWER, reply_to=notification, expect=3)
    [details] = await desk.staff_says(f"/yc {code.lower()}")
    request = desk.request(code)
    assert request.id is not None
    with session_scope(desk.engine) as session:
        when = [localtime.format_moment(e.created_at, "%d/%m %H:%M") for e in storage.events_of(session, request_id=request.id)]
    assert details.text == (
        f"🔄 Đang xử lý <b>{code}</b> — Minh\n"
        "👤 Lan Nguyễn — ☎️ 0912345678\n🏭 Cơ sở của Lan (chưa rõ loại hình)\n📍 Xã Hàm Thuận, tỉnh Lâm Đồng\n"
        "📚 Chủ đề: —\n❓ Xin hỏi thủ tục đăng ký đề án khuyến công như thế nào?"
        "\n\n📌 Trạng thái: 💬 Chờ người hỏi phản hồi — Minh"
        "\n\n🕘 <b>Lịch sử</b>\n"
        f"• {when[0]} Lan Nguyễn — tạo yêu cầu\n"
        f"• {when[1]} Minh — nhận xử lý\n"
        f"• {when[2]} Minh — 🆕 Mới tiếp nhận → 🔄 Đang xử lý\n"
        f"• {when[3]} Minh — cán bộ trả lời: {ANSWER}\n"
        f"• {when[4]} Minh — 🔄 Đang xử lý → 💬 Chờ người hỏi phản hồi"
    )
    assert details.button_texts() == ["✅ Đã giải quyết"]  # it was taken by the answer


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/yc", "Cách dùng: /yc YC-2026-000123"),
        ("/yc YC-1999-000001", not_found("YC-1999-000001")),
        ("/yc '; DROP TABLE support_request; --", not_found("';")),
        ("/yc <b>", not_found("&lt;b&gt;")),
    ],
)
async def test_yc_with_no_or_an_unknown_code(desk: Desk, typed: str, expected: str) -> None:
    [reply] = await desk.staff_says(typed)
    assert reply.text == expected


# ----- reminders -----------------------------------------------------------------------------------
async def test_requests_nobody_took_are_reminded_once(desk: Desk) -> None:
    old = desk.create(created_at=utcnow() - timedelta(hours=30))
    desk.create(created_at=utcnow() - timedelta(hours=30), status=Status.IN_PROGRESS)  # taken
    desk.create(created_at=utcnow() - timedelta(hours=2))  # not yet due
    before = len(desk.api.messages(STAFF_CHAT_ID))

    await run_job(desk, staff.remind)
    reminders = desk.api.messages(STAFF_CHAT_ID)[before:]
    assert [r.text for r in reminders] == [
        f"⏰ <b>Nhắc việc:</b> 1 yêu cầu chưa có ai nhận sau 24 giờ:\n• {old.code} (gửi lúc {sent_at(old)})"
    ]
    assert old.code is not None and desk.request(old.code).reminded_at is not None

    await run_job(desk, staff.remind)  # the next check: nothing new to remind
    assert len(desk.api.messages(STAFF_CHAT_ID)) == before + 1


async def test_reminders_list_every_request_due(desk: Desk) -> None:
    due = [desk.create(created_at=utcnow() - timedelta(hours=h)) for h in (50, 26)]
    await run_job(desk, staff.remind)
    [reminder] = desk.api.messages(STAFF_CHAT_ID)
    assert reminder.text == (
        f"⏰ <b>Nhắc việc:</b> 2 yêu cầu chưa có ai nhận sau 24 giờ:\n"
        f"• {due[0].code} (gửi lúc {sent_at(due[0])})\n• {due[1].code} (gửi lúc {sent_at(due[1])})"
    )


# ----- access control ------------------------------------------------------------------------------
def snapshot_of(desk: Desk) -> list[tuple[Any, ...]]:
    """Everything staff actions could change: requests with their state, and every event."""
    with session_scope(desk.engine) as session:
        rows = [
            (r.id, r.status, r.assignee_id, r.first_response_at, r.resolved_at, r.rating, r.updated_at)
            for r in storage.list_requests(session)
        ]
        events = [(e.request_id, e.kind) for r in rows for e in storage.events_of(session, request_id=r[0])]
    return [*rows, *events]


FORGERS = {
    "stranger-in-group": {"user_id": STRANGER_ID, "first_name": "Hùng", **STAFF_GROUP},
    "owner-in-private": {"user_id": OWNER_ID, "first_name": "Lan"},
}
ATTEMPTS = [
    # (what, how, text or callback data, action logged)
    ("inbox", "command", "/inbox", "inbox"),
    ("yc", "command", "/yc {code}", "yc"),
    ("traloi", "command", "/traloi {code} Chị yên tâm, hồ sơ đã được duyệt", "traloi"),
    ("take", "button", "sa:{id}", "sa"),
    ("resolve", "button", "sr:{id}", "sr"),
    ("inbox-page", "button", "ip:1", "ip"),
]


@pytest.mark.parametrize("forger", list(FORGERS))
@pytest.mark.parametrize(("what", "how", "template", "action"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
async def test_staff_commands_and_buttons_refuse_everyone_else(
    desk: Desk, caplog: pytest.LogCaptureFixture, forger: str, what: str, how: str, template: str, action: str
) -> None:
    caplog.set_level(logging.INFO)
    request = desk.create()
    desk.create(name="Người khác")
    before = snapshot_of(desk)
    sender = FORGERS[forger]
    payload = template.format(code=request.code, id=request.id)
    if how == "command":
        calls = await desk.say(payload, **sender)
        assert [(c.method, c.text) for c in calls] == [("sendMessage", REFUSED)]
        chat = sender.get("chat_id", sender["user_id"])
        assert int(calls[0].params["chat_id"]) == chat
    else:
        chat = {"id": sender.get("chat_id", OWNER_ID), "type": sender.get("chat_type", "private")}
        message = {"message_id": 1, "date": 1_700_000_000, "chat": chat, "from": desk.api.bot, "text": "…"}
        calls = await desk.bot.send(
            desk.api.callback(payload, message, user_id=sender["user_id"], first_name=sender["first_name"])
        )
        assert answers(calls) == [(REFUSED, True)]
        assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert snapshot_of(desk) == before
    refusals = [r.getMessage() for r in caplog.records if r.name == "handlers.guards" and r.levelno == logging.WARNING]
    assert refusals == [f"Refused staff action {action} to user {sender['user_id']}"]


async def test_a_reply_to_a_notification_by_someone_not_staff_is_refused(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    code, notification = await desk.submit()
    before = snapshot_of(desk)
    owner_messages = len(sent_to(desk.api.sent, OWNER_ID))
    calls = await desk.staff_says("Tôi trả lời thay cán bộ nhé", reply_to=notification, user_id=STRANGER_ID,
                                  first_name="Hùng")
    assert [(c.method, int(c.params["chat_id"]), c.text) for c in calls] == [("sendMessage", STAFF_CHAT_ID, REFUSED)]
    assert len(sent_to(desk.api.sent, OWNER_ID)) == owner_messages
    assert snapshot_of(desk) == before
    refusals = [r.getMessage() for r in caplog.records if r.name == "handlers.guards" and r.levelno == logging.WARNING]
    assert refusals == [f"Refused staff action reply to user {STRANGER_ID}"]
    assert desk.request(code).status == Status.NEW
