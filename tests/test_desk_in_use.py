"""The staff desk as staff and owners actually use it, through the real Application and the HTTP
Bot API stand-in: replies to any message about a request, repeated and edited actions, what the
notification says after a status change, topics, conversation boundaries, the owner's side.

Staff member 900 works in the staff group -100; the business owner is user 100 ("Lan").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from console.standin import SentCall
from tests.support.desk import OWNER_ID, STAFF_CHAT_ID, STAFF_ID, Desk, desk_settings, in_chat, running_desk, sent_to

ANSWER = "Chào chị Lan, chị chuẩn bị đơn đề nghị và báo giá thiết bị, nộp tại Trung tâm nhé."


@pytest.fixture
async def desk(data_dir: Path, shipped: Snapshot) -> AsyncIterator[Desk]:
    async with running_desk(desk_settings(data_dir), KnowledgeStore(shipped)) as running:
        yield running


async def press(desk: Desk, on: SentCall | dict[str, Any], data: str, *, user_id: int = STAFF_ID,
                first_name: str = "Minh", expect: int = 2) -> list[SentCall]:
    return await desk.bot.send(desk.api.callback(data, on, user_id=user_id, first_name=first_name), expect=expect)


def alerts(calls: list[SentCall]) -> list[str | None]:
    return [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"]


def methods(calls: list[SentCall]) -> list[str]:
    return [c.method for c in calls]


# ----- taking a request ------------------------------------------------------------------------------
async def test_pressing_take_again_tells_only_the_presser_and_not_the_owner(desk: Desk) -> None:
    # Failed before: the second press re-assigned the request and notified the owner again.
    code, notification = await desk.submit()
    request_id = desk.request(code).id
    await press(desk, notification, f"sa:{request_id}", expect=3)
    owner_before = sent_to(desk.api.sent, OWNER_ID)
    trail_before = desk.trail(code)

    calls = await press(desk, notification, f"sa:{request_id}", expect=1)
    assert methods(calls) == ["answerCallbackQuery"]
    assert alerts(calls) == [f"Yêu cầu {code} đã được Minh nhận xử lý rồi."]
    assert sent_to(desk.api.sent, OWNER_ID) == owner_before
    assert desk.trail(code) == trail_before


async def test_a_staff_name_starting_with_can_bo_is_not_doubled_for_the_owner(desk: Desk) -> None:
    # Failed before: "đã được cán bộ Cán bộ Minh tiếp nhận xử lý".
    code, notification = await desk.submit()
    calls = await press(desk, notification, f"sa:{desk.request(code).id}", first_name="Cán bộ Minh", expect=3)
    assert sent_to(calls, OWNER_ID) == [f"🔔 Yêu cầu <b>{code}</b> đã được cán bộ Minh tiếp nhận xử lý."]
    assert desk.request(code).assignee_name == "Cán bộ Minh"


# ----- edited messages -------------------------------------------------------------------------------
EDIT_NOT_RELAYED = "✏️ Tin nhắn đã sửa không được gửi lại. Nếu cần bổ sung, bạn gửi một tin nhắn mới nhé."


async def test_an_edited_staff_reply_is_not_relayed_a_second_time(desk: Desk) -> None:
    # Failed before: the edit reached the owner as a second answer and a second staff_reply event.
    code, notification = await desk.submit()
    staff_reply = desk.api.message(ANSWER, user_id=STAFF_ID, first_name="Minh", chat_id=STAFF_CHAT_ID,
                                   chat_type="supergroup", reply_to=in_chat(notification, STAFF_CHAT_ID))
    await desk.bot.send({"message": staff_reply}, expect=2)
    owner_before, trail_before = sent_to(desk.api.sent, OWNER_ID), desk.trail(code)

    edited = {**staff_reply, "text": ANSWER + " (sửa)", "edit_date": staff_reply["date"] + 5}
    calls = await desk.bot.send({"edited_message": edited})
    assert [(int(c.params["chat_id"]), c.text) for c in calls] == [(STAFF_CHAT_ID, EDIT_NOT_RELAYED)]
    assert sent_to(desk.api.sent, OWNER_ID) == owner_before
    assert desk.trail(code) == trail_before


# ----- the topic a request is filed under ------------------------------------------------------------
async def fill_form_after_handoff(desk: Desk, handoff: SentCall, label: str) -> SentCall:
    """Tap a handoff button, type every field, keep the suggested question; returns the summary."""
    await desk.tap(handoff, label, expect=3)
    for typed in ("Lan Nguyễn", "Cơ sở của Lan", "xã Hàm Thuận, tỉnh Lâm Đồng"):
        await desk.say(typed)
    [_, keep] = await desk.say("0912 345 678", expect=2)
    [_, summary] = await desk.tap(keep, "Giữ nguyên")
    return summary


async def test_a_fallback_question_is_not_filed_under_a_weak_match(desk: Desk) -> None:
    # Failed before: "thủ tục giấy tờ thế nào" is below the suggestion threshold, yet the request
    # was filed under its best match ("Thủ tục hồ sơ…").
    [fallback] = await desk.say("thủ tục giấy tờ thế nào")
    summary = await fill_form_after_handoff(desk, fallback, "✉️ Gửi câu hỏi cho cán bộ")
    assert "• Chủ đề: Câu hỏi chung\n• Câu hỏi: thủ tục giấy tờ thế nào" in summary.text


async def test_a_new_request_does_not_keep_the_topic_of_a_cancelled_one(desk: Desk) -> None:
    # Failed before: the request typed after cancelling one about machinery was filed under machinery.
    [card] = await desk.say("hỗ trợ mua máy móc được bao nhiêu")
    await desk.tap(card, "✉️ Hỏi cán bộ", expect=3)
    [cancelled] = await desk.say("/cancel")
    assert cancelled.text == "Đã hủy. Bạn có thể gõ câu hỏi mới bất cứ lúc nào."
    code, notification = await desk.submit()
    assert desk.request(code).topic_policy_id is None
    assert "📚 Chủ đề: —\n" in notification.text
