"""The request workflow as plain functions, on an in-memory SQLite database (milliseconds per test).

The same steps run through Telegram in test_staff_desk.py and test_requests_flow.py; here each rule
of the workflow is checked on its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from bot.desk import repo, workflow
from bot.desk.models import EventKind, RelaySide, Status, SupportRequest, utcnow
from bot.desk.workflow import Actor, Refusal
from bot.snapshot import Snapshot

OWNER = 100
STAFF = Actor(900, "Cán bộ Minh")
DRAFT: dict[str, Any] = {
    "name": "Nguyễn Thị Lan",
    "business": "Hộ kinh doanh Bánh tráng Tư Lan",
    "commune": "xã Hàm Thuận Bắc, tỉnh Lâm Đồng",
    "phone": "0912345678",
    "question": "Cơ sở tôi muốn mua máy sấy bánh tráng thì được hỗ trợ bao nhiêu?",
    "topic": "may-moc-thiet-bi",
}


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def request_id(session: Session, shipped: Snapshot) -> int:
    request = workflow.submit(session, snapshot=shipped, user_id=OWNER, chat_id=OWNER, draft=DRAFT)
    session.commit()
    assert request.id is not None
    return request.id


def kinds(session: Session, request_id: int) -> list[str]:
    return [event.kind for event in repo.events_of(session, request_id=request_id)]


def test_a_submitted_draft_gets_a_code_its_topic_and_the_matcher_best_guesses(
    session: Session, shipped: Snapshot
) -> None:
    check = {"date": "2026-03-01", "profile": {"loai_hinh": "ho_kinh_doanh"}, "verdicts": {}}
    request = workflow.submit(session, snapshot=shipped, user_id=OWNER, chat_id=OWNER, draft={**DRAFT, "check": check})
    assert request.code == f"YC-{request.created_at.year}-{request.id:06d}"
    assert (request.topic_policy_id, request.status) == ("may-moc-thiet-bi", Status.NEW)
    assert request.business_form == shipped.kb.facts.facts["loai_hinh"].options["ho_kinh_doanh"]
    assert request.matches is not None and request.matches[0]["policy_id"] == "may-moc-thiet-bi"
    assert request.id is not None and kinds(session, request.id) == [EventKind.CREATED]


def test_an_unknown_topic_is_filed_as_a_general_question(session: Session, shipped: Snapshot) -> None:
    draft = {**DRAFT, "topic": "no-such-policy"}
    assert workflow.submit(session, snapshot=shipped, user_id=OWNER, chat_id=OWNER, draft=draft).topic_policy_id is None


def test_taking_assigns_the_request_and_counts_as_the_first_response(session: Session, request_id: int) -> None:
    request = workflow.take(session, request_id=request_id, staff=STAFF).done
    assert (request.status, request.assignee_id, request.assignee_name) == (Status.IN_PROGRESS, 900, "Cán bộ Minh")
    assert request.first_response_at is not None
    assert kinds(session, request_id) == ["created", "assignment", "status_change"]


def test_a_staff_reply_takes_an_untaken_request_and_waits_for_the_owner(session: Session, request_id: int) -> None:
    request = workflow.staff_reply(session, request_id=request_id, staff=STAFF, text="Anh mang hồ sơ lên nhé.").done
    assert (request.status, request.assignee_id) == (Status.WAITING_USER, 900)
    assert kinds(session, request_id) == ["created", "assignment", "status_change", "staff_reply", "status_change"]


def test_the_owners_follow_up_brings_the_request_back_to_the_staff(session: Session, request_id: int) -> None:
    workflow.staff_reply(session, request_id=request_id, staff=STAFF, text="Anh cần bản gốc.")
    request = workflow.owner_followup(session, request_id=request_id, owner_id=OWNER, text="Dạ vâng ạ").done
    assert request.status == Status.IN_PROGRESS
    assert kinds(session, request_id)[-2:] == ["user_message", "status_change"]


@pytest.mark.parametrize(
    ("step", "refusal"),
    [
        (lambda s, rid: workflow.owner_followup(s, request_id=rid, owner_id=555, text="tôi là người khác"),
         Refusal.NOT_OWNER),
        (lambda s, rid: workflow.rate(s, request_id=rid, owner_id=OWNER, rating=5), Refusal.NOT_RESOLVED),
        (lambda s, rid: workflow.rate(s, request_id=rid, owner_id=555, rating=5), Refusal.NOT_OWNER),
        (lambda s, rid: workflow.take(s, request_id=rid + 99, staff=STAFF), Refusal.NOT_FOUND),
    ],
)
def test_steps_that_are_not_allowed_are_refused_and_change_nothing(
    session: Session, request_id: int, step: Any, refusal: Refusal
) -> None:
    assert step(session, request_id).refusal == refusal
    assert kinds(session, request_id) == ["created"]


def test_a_resolved_request_cannot_be_taken_or_resolved_again_and_is_rated_once(
    session: Session, request_id: int
) -> None:
    assert workflow.resolve(session, request_id=request_id, staff=STAFF).done.resolved_at is not None
    assert workflow.take(session, request_id=request_id, staff=STAFF).refusal == Refusal.CLOSED
    assert workflow.resolve(session, request_id=request_id, staff=STAFF).refusal == Refusal.CLOSED
    assert workflow.owner_followup(session, request_id=request_id, owner_id=OWNER, text="còn nữa").refusal == (
        Refusal.CLOSED
    )
    assert workflow.rate(session, request_id=request_id, owner_id=OWNER, rating=4).done.rating == 4
    assert workflow.rate(session, request_id=request_id, owner_id=OWNER, rating=1).refusal == Refusal.ALREADY_RATED


def test_reminders_are_due_once_for_new_requests_nobody_took(session: Session, request_id: int) -> None:
    request = repo.get_by_id(session, request_id=request_id)
    assert request is not None
    request.created_at = utcnow() - timedelta(hours=30)
    assert workflow.reminders_due(session, before=utcnow() - timedelta(hours=24)) == [(request.code, request.created_at)]
    # The next check, half an hour later: reminded since its cut-off, so not again.
    assert workflow.reminders_due(session, before=utcnow() - timedelta(hours=23, minutes=30)) == []
    workflow.take(session, request_id=request_id, staff=STAFF)
    assert workflow.reminders_due(session, before=utcnow() + timedelta(days=2)) == []


def test_a_reply_to_a_remembered_message_finds_its_request_and_side(session: Session, request_id: int) -> None:
    workflow.delivered(session, request_id=request_id, chat_id=-100, message_id=7, side=RelaySide.STAFF)
    found = workflow.relay_target(session, chat_id=-100, message_id=7)
    assert found is not None and (found[0].id, found[1]) == (request_id, RelaySide.STAFF)
    assert workflow.staff_thread(session, request_id=request_id, chat_id=-100) == 7
    assert workflow.relay_target(session, chat_id=-100, message_id=8) is None


def test_an_owner_sees_their_own_requests_newest_first(session: Session, shipped: Snapshot, request_id: int) -> None:
    later = {**DRAFT, "question": "Còn hỗ trợ tham gia hội chợ thì thế nào?"}
    second: SupportRequest = workflow.submit(session, snapshot=shipped, user_id=OWNER, chat_id=OWNER, draft=later)
    workflow.submit(session, snapshot=shipped, user_id=555, chat_id=555, draft=DRAFT)
    assert [r.id for r in workflow.owner_requests(session, user_id=OWNER)] == [second.id, request_id]


def test_the_same_question_sent_again_while_its_request_is_open_is_that_request(
    session: Session, shipped: Snapshot, request_id: int
) -> None:
    # A press whose answer was lost, pressed again from a summary made anew (another draft id).
    again = workflow.submit(session, snapshot=shipped, user_id=OWNER, chat_id=OWNER, draft=DRAFT, draft_id="b" * 16)
    assert again.id == request_id
    assert [r.id for r in workflow.owner_requests(session, user_id=OWNER)] == [request_id]
    assert workflow.resolve(session, request_id=request_id, staff=STAFF).refusal is None
    asked_anew = workflow.submit(session, snapshot=shipped, user_id=OWNER, chat_id=OWNER, draft=DRAFT)
    assert asked_anew.id != request_id  # once resolved, the same question is a new request
