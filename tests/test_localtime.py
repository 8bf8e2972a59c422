"""Vietnam time for everything a person reads; UTC in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from bot import localtime
from bot.desk import repo
from bot.desk.db import make_engine, upgrade
from bot.desk.exports import rows
from bot.render.desk import event_line


def test_a_stored_utc_moment_is_shown_in_vietnam_time() -> None:
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert localtime.format_moment(moment) == "01/01/2027 06:30"
    assert localtime.format_moment(moment.replace(tzinfo=None)) == "01/01/2027 06:30"  # naive = UTC (SQLite)


def test_a_vietnam_day_starts_at_17_00_utc_the_day_before() -> None:
    assert localtime.start_of_day(date(2026, 3, 10)) == datetime(2026, 3, 9, 17, 0, tzinfo=UTC)


@pytest.fixture
def session() -> Iterator[Session]:
    """A migrated in-memory database, closed after the test."""
    engine = make_engine("sqlite://")
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def test_a_request_sent_at_new_year_in_vietnam_belongs_to_the_new_year(session: Session) -> None:
    new_year = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)  # 01:00 on 1 January 2027 in Lâm Đồng
    request = repo.create_request(
        session, telegram_user_id=1, telegram_chat_id=1, name="Lan", business_name="Cơ sở", commune="xã",
        phone="0912345678", question="Câu hỏi năm mới?", created_at=new_year,
    )
    assert request.code is not None and request.code.startswith("YC-2027-")
    [row] = rows([request])
    assert row[1] == "01/01/2027 01:00"  # the export column "Ngày gửi"
    [created] = repo.events_of(session, request_id=request.id or 0)
    created.created_at = new_year
    assert event_line(created).startswith("• 01/01 01:00 Lan — tạo yêu cầu")
