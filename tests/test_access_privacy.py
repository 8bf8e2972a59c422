"""Access and privacy (issue 13): staff and admin commands only where their answers are private,
question-log text without phone numbers, retention of everything personal, data files 0600."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from tests.support.desk import STAFF_CHAT_ID, STAFF_ID, Desk, desk_settings, running_desk

PUBLIC_GROUP = {"chat_id": -5000, "chat_type": "supergroup"}
WRONG_CHAT = "Lệnh này chỉ dùng trong nhóm cán bộ hoặc trong tin nhắn riêng với bot."


@pytest.fixture
async def desk(data_dir: Path, shipped: Snapshot) -> AsyncIterator[Desk]:
    settings = desk_settings(data_dir, admin_user_ids={STAFF_ID})
    async with running_desk(settings, KnowledgeStore(shipped)) as running:
        yield running


@pytest.mark.parametrize("command", ["/yc {code}", "/inbox", "/traloi {code} Chị chuẩn bị đơn nhé.", "/kbstatus",
                                     "/thongke", "/unanswered"])
async def test_staff_and_admin_commands_are_not_served_in_a_public_group(desk: Desk, command: str) -> None:
    request = desk.create()
    [answer] = await desk.say(command.format(code=request.code), user_id=STAFF_ID, first_name="Minh", **PUBLIC_GROUP)
    assert answer.params["chat_id"] in (-5000, "-5000")
    assert answer.text == WRONG_CHAT
    assert request.name not in answer.text and request.phone not in answer.text
    assert [event[0] for event in desk.trail(request.code)] == ["created"]


@pytest.mark.parametrize("where", [{"chat_id": STAFF_CHAT_ID, "chat_type": "supergroup"}, {}], ids=["staff-group", "private"])
async def test_staff_commands_still_work_in_the_staff_group_and_in_private(desk: Desk, where: dict[str, object]) -> None:
    request = desk.create()
    [card] = await desk.say(f"/yc {request.code}", user_id=STAFF_ID, first_name="Minh", **where)
    assert request.name in card.text
