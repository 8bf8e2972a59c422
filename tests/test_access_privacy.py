"""Access and privacy (issue 13): staff and admin commands only where their answers are private,
question-log text without phone numbers, retention of everything personal, data files 0600."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.desk import repo as storage
from bot.desk.db import session_scope
from bot.desk.models import QuestionLog, utcnow
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from handlers import privacy
from tests.support.desk import OWNER_ID, STAFF_CHAT_ID, STAFF_ID, Desk, desk_settings, running_desk
from tests.support.wait import eventually

PUBLIC_GROUP = {"chat_id": -5000, "chat_type": "supergroup"}
WRONG_CHAT = "Lệnh này chỉ dùng trong nhóm cán bộ hoặc trong tin nhắn riêng với bot."


async def run_job(desk: Desk, job: Callable[[Any], Awaitable[None]]) -> None:
    """Run a JobQueue callback now, with the context the job queue would give it."""
    app = desk.bot.app
    await job(app.context_types.context(app))


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


async def test_logged_questions_keep_no_phone_number(desk: Desk) -> None:
    await desk.say("Số em là 0912 345 678, máy móc có được hỗ trợ không?")
    writer = desk.bot.app.bot_data.question_log
    await asyncio.to_thread(writer.flush)
    with session_scope(desk.engine) as session:
        [row] = session.exec(select(QuestionLog)).all()
    assert "0912" not in row.question and "678" not in row.question
    assert "[phone]" in row.question
    assert "0912" not in row.normalized and "678" not in row.normalized


async def test_the_database_holding_requests_and_conversation_state_is_readable_by_its_owner_only(desk: Desk) -> None:
    await desk.say("/start")
    database = desk.settings.data_dir / "khuyencong.db"
    await eventually(database.exists, what="the database created")
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


async def test_a_contact_is_forgotten_once_its_requests_are_purged(desk: Desk) -> None:
    await desk.submit()
    user_data = desk.bot.app.user_data
    assert user_data[OWNER_ID]["contact"]["phone"]
    with session_scope(desk.engine) as session:
        assert storage.purge(session, before=utcnow() + timedelta(days=1)) == 1
        session.commit()
    await run_job(desk, privacy.forget_stale_contacts)
    assert "contact" not in user_data[OWNER_ID]


async def test_a_contact_is_kept_while_a_request_of_its_owner_is_kept(desk: Desk) -> None:
    await desk.submit()
    await run_job(desk, privacy.forget_stale_contacts)
    assert desk.bot.app.user_data[OWNER_ID]["contact"]["phone"]


async def test_control_characters_typed_into_a_request_are_not_stored(desk: Desk) -> None:
    code, _ = await desk.submit("Hỏi về máy\x1b[2J móc\x07 được hỗ trợ bao nhiêu?", first_name="Lan\x1b]0;x\x07")
    request = desk.request(code)
    for text in (request.name, request.business_name, request.question):
        assert not any(ord(char) < 32 or 127 <= ord(char) < 160 for char in text), repr(text)
    assert request.question == "Hỏi về máy[2J móc được hỗ trợ bao nhiêu?"
