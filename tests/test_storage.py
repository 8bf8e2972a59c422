"""Data access on the real databases: SQLite and (with TEST_DATABASE_URL) PostgreSQL, both migrated by Alembic.

Every test here runs once per database; nothing is mocked.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, create_engine, select

from bot.config import Settings
from bot.desk import repo as storage
from bot.desk.db import MIGRATIONS, make_engine, session_scope, upgrade
from bot.desk.models import QuestionLog, RelayMessage, RequestEvent, Status, SupportRequest, utcnow
from bot.desk.questionlog import QuestionLogWriter, user_key
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from handlers.application import build_application
from tests.support.kb import SHIPPED_KB

CODE = re.compile(r"YC-(\d{4})-(\d{6})")
INJECTION = "'; DROP TABLE support_request; --"
NOW = datetime.now(UTC)


def fields(**overrides: Any) -> dict[str, Any]:
    """A complete request as the bot stores it; `overrides` change or add fields."""
    values: dict[str, Any] = {
        "telegram_user_id": 100,
        "telegram_chat_id": 100,
        "name": "Nguyễn Thị Lan",
        "business_name": "Hộ kinh doanh Bánh tráng Tư Lan",
        "commune": "xã Hàm Thuận, tỉnh Lâm Đồng",
        "phone": "0912345678",
        "topic_policy_id": "may-moc-thiet-bi",
        "question": "Cơ sở tôi muốn mua máy sấy bánh tráng thì được hỗ trợ bao nhiêu?",
        "matches": [{"policy_id": "may-moc-thiet-bi", "score": 0.71}],
    }
    values.update(overrides)
    return values


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as session:
        yield session


def create(session: Session, **overrides: Any) -> SupportRequest:
    request = storage.create_request(session, **fields(**overrides))
    session.commit()
    return request


def reread(engine: Engine, code: str) -> SupportRequest:
    """The request as a fresh session reads it back from the database."""
    with session_scope(engine) as fresh:
        found = storage.get_by_code(fresh, code=code)
        assert found is not None
        return found


def events(engine: Engine, request_id: int) -> list[RequestEvent]:
    with session_scope(engine) as fresh:
        return list(storage.events_of(fresh, request_id=request_id))


# ----- requests and their codes --------------------------------------------------------------------
def test_create_request_assigns_a_ticket_code_and_a_created_event(engine: Engine, session: Session) -> None:
    before = utcnow()
    request = create(session)
    assert request.id is not None and request.code is not None
    match = CODE.fullmatch(request.code)
    assert match and match.groups() == (str(request.created_at.year), f"{request.id:06d}")

    stored = reread(engine, request.code)
    assert (stored.status, stored.name, stored.phone) == ("new", "Nguyễn Thị Lan", "0912345678")
    assert stored.matches == [{"policy_id": "may-moc-thiet-bi", "score": 0.71}]
    assert stored.created_at.tzinfo is not None and before <= stored.created_at <= utcnow()
    assert stored.first_response_at is None and stored.assignee_id is None and stored.rating is None

    [created] = events(engine, request.id)
    assert (created.kind, created.actor_id, created.actor_name, created.status_to, created.text) == (
        "created", 100, "Nguyễn Thị Lan", "new", fields()["question"]
    )


def test_ticket_codes_are_unique_and_in_creation_order(engine: Engine, session: Session) -> None:
    codes = [create(session, telegram_user_id=100 + n).code for n in range(5)]
    assert len(set(codes)) == 5
    assert codes == sorted(codes)
    with session_scope(engine) as fresh:
        assert [r.code for r in storage.list_requests(fresh)] == codes


def test_a_code_is_found_whatever_the_case_and_spacing(session: Session) -> None:
    request = create(session)
    assert request.code is not None
    for typed in (request.code.lower(), f"  {request.code} "):
        found = storage.get_by_code(session, code=typed)
        assert found is not None and found.id == request.id
    assert storage.get_by_code(session, code="YC-2000-999999") is None


def test_a_request_that_would_not_be_committed_leaves_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        storage.create_request(session, **fields())
        # no commit: the session closes and rolls back
    with session_scope(engine) as session:
        assert storage.list_requests(session) == []


# ----- listings ------------------------------------------------------------------------------------
@pytest.fixture
def mixed(session: Session) -> dict[str, SupportRequest]:
    """Five requests of two users, created over ten days, in every status."""
    made = {
        "old_new": create(session, created_at=NOW - timedelta(days=10)),
        "old_resolved": create(session, created_at=NOW - timedelta(days=9), status=Status.RESOLVED),
        "mid_in_progress": create(session, created_at=NOW - timedelta(days=5), status=Status.IN_PROGRESS,
                                  telegram_user_id=200, telegram_chat_id=200),
        "new_waiting": create(session, created_at=NOW - timedelta(days=1), status=Status.WAITING_USER),
        "new_closed": create(session, created_at=NOW - timedelta(hours=1), status=Status.CLOSED,
                             telegram_user_id=200, telegram_chat_id=200),
    }
    return made


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["old_new", "old_resolved", "mid_in_progress", "new_waiting", "new_closed"]),
        ({"status": "resolved"}, ["old_resolved"]),
        ({"status": "new"}, ["old_new"]),
        ({"open_only": True}, ["old_new", "mid_in_progress", "new_waiting"]),
        ({"since": NOW - timedelta(days=6)}, ["mid_in_progress", "new_waiting", "new_closed"]),
        ({"since": NOW - timedelta(days=6), "open_only": True}, ["mid_in_progress", "new_waiting"]),
        ({"user_id": 200}, ["mid_in_progress", "new_closed"]),
        ({"user_id": 200, "newest_first": True}, ["new_closed", "mid_in_progress"]),
        ({"user_id": 999}, []),
        ({"open_only": True, "offset": 1, "limit": 1}, ["mid_in_progress"]),
        ({"newest_first": True, "limit": 2}, ["new_closed", "new_waiting"]),
    ],
)
def test_list_requests_filters(
    session: Session, mixed: dict[str, SupportRequest], filters: dict[str, Any], expected: list[str]
) -> None:
    names = {request.id: name for name, request in mixed.items()}
    assert [names[r.id] for r in storage.list_requests(session, **filters)] == expected


def test_count_open_counts_new_in_progress_and_waiting(session: Session, mixed: dict[str, SupportRequest]) -> None:
    assert storage.count_open(session) == 3


# ----- audit trail ---------------------------------------------------------------------------------
def test_assign_reply_and_status_changes_are_recorded_with_who_and_when(engine: Engine, session: Session) -> None:
    request = create(session)
    assert request.id is not None and request.code is not None
    start = utcnow()
    storage.assign(session, request=request, actor_id=900, actor_name="Cán bộ Minh")
    session.commit()
    storage.add_event(session, request=request, kind="staff_reply", actor_id=900, actor_name="Cán bộ Minh",
                      text="Anh/chị mang hồ sơ lên Trung tâm nhé.")
    storage.change_status(session, request=request, status=Status.WAITING_USER, actor_id=900, actor_name="Cán bộ Minh")
    session.commit()
    storage.add_event(session, request=request, kind="user_message", actor_id=100, actor_name="Nguyễn Thị Lan",
                      text="Cần mang bản gốc không ạ?")
    storage.change_status(session, request=request, status=Status.RESOLVED, actor_id=900, actor_name="Cán bộ Minh")
    session.commit()
    end = utcnow()

    trail = events(engine, request.id)
    assert [(e.kind, e.actor_id, e.actor_name, e.status_from, e.status_to, e.text) for e in trail] == [
        ("created", 100, "Nguyễn Thị Lan", None, "new", fields()["question"]),
        ("assignment", 900, "Cán bộ Minh", None, None, None),
        ("status_change", 900, "Cán bộ Minh", "new", "in_progress", None),
        ("staff_reply", 900, "Cán bộ Minh", None, None, "Anh/chị mang hồ sơ lên Trung tâm nhé."),
        ("status_change", 900, "Cán bộ Minh", "in_progress", "waiting_user", None),
        ("user_message", 100, "Nguyễn Thị Lan", None, None, "Cần mang bản gốc không ạ?"),
        ("status_change", 900, "Cán bộ Minh", "waiting_user", "resolved", None),
    ]
    assert all(start <= e.created_at <= end for e in trail[1:])
    assert [e.created_at for e in trail] == sorted(e.created_at for e in trail)

    stored = reread(engine, request.code)
    assert (stored.status, stored.assignee_id, stored.assignee_name) == ("resolved", 900, "Cán bộ Minh")
    assert stored.resolved_at is not None and start <= stored.resolved_at <= end
    assert stored.updated_at == stored.resolved_at


def test_changing_to_the_same_status_records_nothing(engine: Engine, session: Session) -> None:
    request = create(session)
    assert request.id is not None
    assert storage.change_status(session, request=request, status=Status.NEW, actor_id=900, actor_name="X") is None
    session.commit()
    assert [e.kind for e in events(engine, request.id)] == ["created"]


@pytest.mark.parametrize(
    ("steps", "first_response_kind"),
    [
        (["user_message", "staff_reply", "staff_reply"], "staff_reply"),  # not the owner's message
        (["assign", "staff_reply"], "assignment"),  # taking the request is already a response
        (["user_message", "note"], None),
    ],
)
def test_first_response_at_is_the_first_staff_action(
    engine: Engine, session: Session, steps: list[str], first_response_kind: str | None
) -> None:
    request = create(session)
    assert request.id is not None and request.code is not None
    for step in steps:
        if step == "assign":
            storage.assign(session, request=request, actor_id=900, actor_name="Cán bộ Minh")
        else:
            storage.add_event(session, request=request, kind=step, actor_id=900, actor_name="Cán bộ Minh", text="…")
        session.commit()
    trail = events(engine, request.id)
    first = next((e.created_at for e in trail if e.kind == first_response_kind), None)
    assert reread(engine, request.code).first_response_at == first


def test_a_rating_is_stored_with_an_event(engine: Engine, session: Session) -> None:
    request = create(session, status=Status.RESOLVED)
    assert request.id is not None and request.code is not None
    storage.set_rating(session, request=request, rating=4, actor_id=100)
    session.commit()
    assert reread(engine, request.code).rating == 4
    assert [(e.kind, e.actor_id, e.text) for e in events(engine, request.id)][-1] == ("rating", 100, "4")


# ----- relays --------------------------------------------------------------------------------------
def test_relayed_messages_lead_back_to_their_request(session: Session) -> None:
    first, second = create(session), create(session, telegram_user_id=200, telegram_chat_id=200)
    assert first.id is not None and second.id is not None
    storage.record_relay(session, request_id=first.id, chat_id=-100, message_id=5001, side="staff")
    storage.record_relay(session, request_id=first.id, chat_id=100, message_id=5002, side="owner")
    storage.record_relay(session, request_id=first.id, chat_id=-100, message_id=5003, side="staff")  # a follow-up
    storage.record_relay(session, request_id=second.id, chat_id=-100, message_id=5004, side="staff")
    session.commit()

    found = storage.find_relay(session, chat_id=-100, message_id=5003)
    assert found is not None and (found[0].id, found[1]) == (first.id, "staff")
    found = storage.find_relay(session, chat_id=100, message_id=5002)
    assert found is not None and (found[0].id, found[1]) == (first.id, "owner")
    # Message ids are per chat: the same id in another chat is another message.
    assert storage.find_relay(session, chat_id=100, message_id=5001) is None
    assert storage.find_relay(session, chat_id=-100, message_id=1) is None

    # The staff thread is the request's first message in the staff chat (its notification).
    assert storage.staff_thread(session, request_id=first.id, chat_id=-100) == 5001
    assert storage.staff_thread(session, request_id=second.id, chat_id=-100) == 5004
    assert storage.staff_thread(session, request_id=first.id, chat_id=-999) is None


def test_a_message_can_belong_to_one_request_only(session: Session) -> None:
    first, second = create(session), create(session)
    assert first.id is not None and second.id is not None
    storage.record_relay(session, request_id=first.id, chat_id=-100, message_id=7, side="staff")
    session.commit()
    storage.record_relay(session, request_id=second.id, chat_id=-100, message_id=7, side="staff")
    with pytest.raises(IntegrityError):
        session.commit()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(RequestEvent(request_id=424242, kind="created"))
        with pytest.raises(IntegrityError):
            session.commit()


# ----- reminders and retention ---------------------------------------------------------------------
def test_untouched_lists_old_new_requests_not_reminded_since(session: Session) -> None:
    before = NOW - timedelta(hours=24)
    made = {
        "old": create(session, created_at=NOW - timedelta(hours=30)),
        "old_taken": create(session, created_at=NOW - timedelta(hours=30), status=Status.IN_PROGRESS),
        "old_resolved": create(session, created_at=NOW - timedelta(hours=30), status=Status.RESOLVED),
        "recent": create(session, created_at=NOW - timedelta(hours=2)),
        "reminded_just_now": create(session, created_at=NOW - timedelta(hours=48), reminded_at=NOW),
        "reminded_long_ago": create(
            session, created_at=NOW - timedelta(hours=72), reminded_at=NOW - timedelta(hours=25)
        ),
    }
    names = {request.id: name for name, request in made.items()}
    assert [names[r.id] for r in storage.untouched(session, before=before)] == ["old", "reminded_long_ago"]


def test_purge_deletes_old_requests_with_their_history(engine: Engine, session: Session) -> None:
    old = create(session, created_at=NOW - timedelta(days=400))
    recent = create(session, created_at=NOW - timedelta(days=10))
    for request in (old, recent):
        assert request.id is not None
        storage.assign(session, request=request, actor_id=900, actor_name="Cán bộ Minh")
        storage.record_relay(session, request_id=request.id, chat_id=-100, message_id=request.id, side="staff")
    session.commit()

    assert storage.purge(session, before=NOW - timedelta(days=365)) == 1
    session.commit()
    assert storage.purge(session, before=NOW - timedelta(days=365)) == 0
    with session_scope(engine) as fresh:
        assert [r.id for r in storage.list_requests(fresh)] == [recent.id]
        assert {e.request_id for e in fresh.exec(select(RequestEvent))} == {recent.id}
        assert {r.request_id for r in fresh.exec(select(RelayMessage))} == {recent.id}


# ----- question log --------------------------------------------------------------------------------
def log_questions(engine: Engine, shipped: Snapshot, asked: list[tuple[int, str]]) -> QuestionLogWriter:
    writer = QuestionLogWriter(engine, "muối-thử")
    for user_id, question in asked:
        result = shipped.matcher.match(question)
        normalized = result.normalized  # what the handler logs: folded, so "giá vàng" and "gia vang" group
        writer.record(user_id, question, normalized, result, shipped.kb.version)
    return writer


def test_the_question_log_is_written_in_one_batch_under_a_pseudonymous_key(
    engine: Engine, shipped: Snapshot
) -> None:
    writer = log_questions(engine, shipped, [(100, "hỗ trợ mua máy móc được bao nhiêu"), (200, "giá vàng hôm nay")])
    assert writer.pending() == 2
    assert writer.flush() == 2
    assert writer.pending() == 0
    assert writer.flush() == 0
    with session_scope(engine) as session:
        rows = session.exec(select(QuestionLog).order_by(QuestionLog.id)).all()
    assert [(r.question, r.band, r.answered, r.top_policy_id) for r in rows] == [
        ("hỗ trợ mua máy móc được bao nhiêu", "answer", True, "may-moc-thiet-bi"),
        ("giá vàng hôm nay", "none", False, rows[1].top_policy_id),
    ]
    assert rows[0].score >= 0.45 and rows[0].kb_version == shipped.kb.version
    assert rows[0].user_key == user_key(100, "muối-thử") != user_key(200, "muối-thử")
    assert all("100" not in r.user_key and len(r.user_key) == 32 for r in rows)
    assert user_key(100, "another-salt") != rows[0].user_key


def test_unanswered_groups_by_normalised_text_most_frequent_first(engine: Engine, shipped: Snapshot) -> None:
    asked = [
        (1, "giá vàng hôm nay"),
        (2, "Giá vàng hôm nay?"),
        (3, "gia vang hom nay"),
        (4, "thời tiết ngày mai"),
        (5, "thời tiết ngày mai"),
        (6, "xyzzy qwerty"),
        (7, "hỗ trợ mua máy móc được bao nhiêu"),  # answered: never listed
        (8, "hỗ trợ mua máy móc được bao nhiêu"),
        (9, "hỗ trợ mua máy móc được bao nhiêu"),
        (9, "hỗ trợ mua máy móc được bao nhiêu"),
    ]
    writer = log_questions(engine, shipped, asked)
    writer.flush()
    with session_scope(engine) as session:
        found = storage.unanswered(session, since=None, top=10)
        top_two = storage.unanswered(session, since=None, top=2)
        future = storage.unanswered(session, since=NOW + timedelta(days=1), top=10)
    assert [(count, example) for _, count, example in found] == [
        (3, "giá vàng hôm nay"),
        (2, "thời tiết ngày mai"),
        (1, "xyzzy qwerty"),
    ]
    assert found[0][0] == " ".join(shipped.matcher.normalizer.normalize("gia vang hom nay"))
    assert top_two == found[:2]
    assert future == []


def test_questions_that_normalise_to_nothing_do_not_take_a_place_in_the_top(
    engine: Engine, shipped: Snapshot
) -> None:
    writer = log_questions(engine, shipped, [(1, "???"), (2, "???"), (3, "!!!"), (4, "giá vàng hôm nay")])
    writer.flush()
    with session_scope(engine) as session:
        found = storage.unanswered(session, since=None, top=1)
    assert [(count, example) for _, count, example in found] == [(1, "giá vàng hôm nay")]


def test_the_question_log_keeps_its_rows_while_the_database_is_down(
    engine: Engine, shipped: Snapshot, tmp_path: Path
) -> None:
    writer = log_questions(engine, shipped, [(1, "giá vàng hôm nay")])
    writer.engine = create_engine(f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    assert writer.flush() == 0
    assert writer.pending() == 1
    writer.engine = engine
    assert writer.flush() == 1
    with session_scope(engine) as session:
        assert [r.question for r in session.exec(select(QuestionLog))] == ["giá vàng hôm nay"]


# ----- what users type -----------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["name", "business_name", "commune", "question"])
def test_sql_looking_input_is_stored_literally(engine: Engine, session: Session, field: str) -> None:
    request = create(session, **{field: INJECTION})
    assert request.code is not None
    assert getattr(reread(engine, request.code), field) == INJECTION
    assert storage.get_by_code(session, code=INJECTION) is None
    assert storage.list_requests(session, status=INJECTION) == []
    assert "support_request" in inspect(engine).get_table_names()
    assert len(storage.list_requests(session)) == 1


@pytest.mark.parametrize(
    "value",
    [
        "Nguyễn Thị Ánh Tuyết",
        "Cơ sở Đúc đồng Phước Kiều — làng nghề 400 năm",
        "Hợp tác xã Dệt thổ cẩm K'Long Bưng 🧵",
        unicodedata.normalize("NFD", "Phường Đông Hải"),  # decomposed diacritics are kept as typed
        "Câu hỏi nhiều dòng:\n- máy sấy\n- máy đóng gói\t(50% chi phí?)",
    ],
)
def test_vietnamese_text_round_trips_exactly(engine: Engine, session: Session, value: str) -> None:
    eligibility = {"date": "2026-03-01", "profile": {"loai_hinh": "ho_kinh_doanh", "ghi_chu": value},
                   "verdicts": {"may-moc-thiet-bi": {"verdict": "eligible", "reasons": [value]}}}
    request = create(session, name=value, question=value, eligibility=eligibility)
    assert request.code is not None
    stored = reread(engine, request.code)
    assert (stored.name, stored.question) == (value, value)
    assert stored.eligibility == eligibility


# ----- the database itself -------------------------------------------------------------------------
def head() -> str | None:
    """The newest migration in migrations/versions."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_sqlite_runs_with_wal_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'khuyencong.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        pragmas = {name: connection.execute(text(f"PRAGMA {name}")).scalar() for name in
                   ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")}
    engine.dispose()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 30000}


def test_migrations_create_every_table_and_can_run_again(blank_db_url: str) -> None:
    fresh = make_engine(blank_db_url)
    try:
        upgrade(fresh)
        upgrade(fresh)  # already at head: nothing to do, nothing fails
        tables = set(inspect(fresh).get_table_names())
        assert {"support_request", "request_event", "relay_message", "question_log", "alembic_version"} <= tables
        with fresh.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head()]
    finally:
        fresh.dispose()


def test_the_bot_migrates_its_embedded_database_itself_on_a_new_data_folder(tmp_path: Path, shipped: Snapshot) -> None:
    # Every other bot test starts on a copy of an already migrated database (tests/support/db.py).
    settings = Settings(_env_file=None, policies_dir=SHIPPED_KB, data_dir=tmp_path / "new-data", watch_policies=False)
    app = build_application(settings, KnowledgeStore(shipped))
    engine = app.bot_data.engine
    try:
        assert engine.url.database == str(tmp_path / "new-data" / "khuyencong.db")
        assert {"support_request", "request_event", "relay_message", "question_log"} <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head()]
    finally:
        engine.dispose()


def test_an_unreachable_database_raises_a_sqlalchemy_error(tmp_path: Path) -> None:
    broken = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")
    with pytest.raises(OperationalError), session_scope(broken) as session:
        storage.create_request(session, **fields())


def test_question_log_rows_the_database_refuses_at_stop_are_spilled_and_written_at_the_next_start(
    engine: Engine, shipped: Snapshot, tmp_path: Path
) -> None:
    spill = tmp_path / "data" / "question-log.spill.jsonl"
    unreachable = create_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    down = QuestionLogWriter(unreachable, "muối-thử", spill_file=spill)
    result = shipped.matcher.match("gọi 0912345678 hỏi hỗ trợ máy móc")
    down.record(100, "gọi 0912345678 hỏi hỗ trợ máy móc", result.normalized, result, shipped.kb.version)
    assert down.flush() == 0 and down.pending() == 1
    assert down.spill() == 1 and down.pending() == 0
    assert stat.S_IMODE(spill.stat().st_mode) == 0o600
    assert "0912345678" not in spill.read_text(encoding="utf-8")

    assert QuestionLogWriter(engine, "muối-thử", spill_file=spill).recover() == 1
    assert not spill.exists()
    with session_scope(engine) as session:
        rows = session.exec(select(QuestionLog)).all()
    assert [(r.user_key, r.top_policy_id, r.answered) for r in rows] == [
        (user_key(100, "muối-thử"), "may-moc-thiet-bi", True)
    ]
    assert "0912345678" not in rows[0].question
