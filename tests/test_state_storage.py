"""What the database keeps for durability: drafts stored once by their id, the outbox, conversation
state, and the retention purge reaching all of them. On SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select

from bot.desk import outbox, repo, state, workflow
from bot.desk.db import run_in_session, session_scope
from bot.desk.models import Outbox, OutboxKind, RelaySide, utcnow
from bot.snapshot import Snapshot

OWNER, STAFF_CHAT = 100, -100
DRAFT: dict[str, Any] = {
    "name": "Nguyễn Thị Lan",
    "business": "Hộ kinh doanh Bánh tráng Tư Lan",
    "commune": "xã Hàm Thuận Bắc, tỉnh Lâm Đồng",
    "phone": "0912345678",
    "question": "Cơ sở tôi muốn mua máy sấy bánh tráng thì được hỗ trợ bao nhiêu?",
}


def press(engine: Engine, snapshot: Snapshot, draft_id: str) -> str:
    """«✅ Gửi» on the summary of `draft_id`: the stored request's code."""

    def store(session: Any) -> str:
        confirmed = workflow.confirmed_draft(session, draft_id=draft_id, user_id=OWNER)
        if confirmed is None:
            found = workflow.find_by_draft(session, draft_id=draft_id, user_id=OWNER)
            assert found is not None
            return found.code or ""
        request = workflow.submit(
            session,
            snapshot=snapshot,
            user_id=OWNER,
            chat_id=OWNER,
            draft=confirmed,
            draft_id=draft_id,
            staff_chat_id=STAFF_CHAT,
        )
        return request.code or ""

    return run_in_session(engine, store)


def test_a_draft_pressed_again_is_the_same_request_with_one_staff_notification(
    engine: Engine, shipped: Snapshot
) -> None:
    run_in_session(engine, lambda s: workflow.keep_draft(s, draft_id="a" * 16, user_id=OWNER, draft=DRAFT))
    first, again = press(engine, shipped, "a" * 16), press(engine, shipped, "a" * 16)
    assert first == again
    with session_scope(engine) as session:
        [request] = repo.list_requests(session)
        assert (request.code, request.draft_id, request.question) == (first, "a" * 16, DRAFT["question"])
        assert [(item.kind, item.chat_id) for item in outbox.due(session)] == [(OutboxKind.STAFF_NEW, STAFF_CHAT)]
        assert state.get_draft(session, draft_id="a" * 16) is None  # the owner's details are not kept twice


def test_someone_elses_draft_id_stores_nothing(engine: Engine) -> None:
    run_in_session(engine, lambda s: workflow.keep_draft(s, draft_id="b" * 16, user_id=OWNER, draft=DRAFT))
    with session_scope(engine) as session:
        assert workflow.confirmed_draft(session, draft_id="b" * 16, user_id=OWNER + 1) is None
        assert workflow.find_by_draft(session, draft_id="b" * 16, user_id=OWNER + 1) is None


def test_the_outbox_hands_out_due_messages_in_order_and_remembers_what_went_out(
    engine: Engine, shipped: Snapshot
) -> None:
    run_in_session(engine, lambda s: workflow.keep_draft(s, draft_id="c" * 16, user_id=OWNER, draft=DRAFT))
    code = press(engine, shipped, "c" * 16)

    def answer(session: Any) -> None:
        request = repo.get_by_code(session, code=code)
        assert request is not None and request.id is not None
        staff = workflow.Actor(900, "Minh")
        workflow.staff_reply(
            session, request_id=request.id, staff=staff, text="Mời chị lên.", notify_chat_id=STAFF_CHAT
        )

    run_in_session(engine, answer)
    with session_scope(engine) as session:
        new, reply = outbox.due(session)
    assert (new.kind, reply.kind, reply.chat_id, reply.text) == (
        OutboxKind.STAFF_NEW,
        OutboxKind.OWNER_REPLY,
        OWNER,
        "Mời chị lên.",
    )
    assert new.id is not None and reply.id is not None
    run_in_session(engine, lambda s: outbox.sent(s, item_id=new.id or 0, message_id=5001))
    run_in_session(engine, lambda s: outbox.retry_later(s, item_id=reply.id or 0, delay=60, error="ServerError"))
    with session_scope(engine) as session:
        assert outbox.due(session) == []  # one sent, one not due yet
        assert outbox.pending(session) == 1
        assert outbox.due(session, now=utcnow() + timedelta(seconds=61))[0].id == reply.id
        found = workflow.relay_target(session, chat_id=STAFF_CHAT, message_id=5001)
        assert found is not None and found[1] == RelaySide.STAFF
    run_in_session(engine, lambda s: outbox.give_up(s, item_id=reply.id or 0, error="TimedOut"))
    with session_scope(engine) as session:
        assert outbox.pending(session) == 0


def test_conversation_state_round_trips_and_none_deletes_it(engine: Engine) -> None:
    key = state.conversation_key("support_request", (100, 100))
    run_in_session(engine, lambda s: state.save(s, kind=state.CONVERSATION, key=key, data=3))
    run_in_session(engine, lambda s: state.save(s, kind=state.USER, key="100", data={"contact": {"name": "Lan"}}))
    with session_scope(engine) as session:
        assert state.load_conversations(session) == {"support_request": {(100, 100): 3}}
        assert state.load(session, kind=state.USER) == {"100": {"contact": {"name": "Lan"}}}
    run_in_session(engine, lambda s: state.save(s, kind=state.CONVERSATION, key=key, data=None))
    with session_scope(engine) as session:
        assert state.load_conversations(session) == {}


def test_purge_reaches_conversation_state_drafts_and_the_outbox(engine: Engine, shipped: Snapshot) -> None:
    run_in_session(engine, lambda s: workflow.keep_draft(s, draft_id="d" * 16, user_id=OWNER, draft=DRAFT))
    press(engine, shipped, "d" * 16)
    run_in_session(engine, lambda s: workflow.keep_draft(s, draft_id="e" * 16, user_id=OWNER, draft=DRAFT))
    run_in_session(engine, lambda s: state.save(s, kind=state.USER, key="100", data={"contact": DRAFT}))
    later = utcnow() + timedelta(days=1)
    assert run_in_session(engine, lambda s: repo.purge(s, before=later)) == 1
    with session_scope(engine) as session:
        assert repo.list_requests(session) == []
        assert session.exec(select(Outbox)).all() == []
        assert state.get_draft(session, draft_id="e" * 16) is None
        assert state.load(session, kind=state.USER) == {}
