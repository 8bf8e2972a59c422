"""The web inbox: requests filtered, searched and paged, with counts per status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from bot import localtime
from bot.desk.models import OPEN_STATUSES, Status, SupportRequest, utcnow
from bot.language.text import fold

OPEN = "open"  # the default status filter: every open status
ALL = "all"


@dataclass(frozen=True)
class InboxFilter:
    """What the staff member asked to see (every field optional; the default is open requests)."""

    status: str = OPEN
    topic: str | None = None
    commune: str | None = None  # part of the commune as typed or as matched
    province: str | None = None
    since: date | None = None  # Vietnam days, inclusive
    until: date | None = None
    assignee: str | None = None  # "me" or "none"
    overdue: bool = False
    text: str | None = None  # in the name, business, code or question, diacritics and case aside


@dataclass(frozen=True)
class InboxPage:
    total: int  # requests matching the filter
    rows: list[SupportRequest]
    by_status: dict[str, int]  # every request by status, whatever the filter


def _start_of(day: date) -> datetime:
    return localtime.start_of_day(day)


def _query(flt: InboxFilter, *, me: int, overdue_hours: float, now: datetime) -> Any:
    query = select(SupportRequest)
    if flt.status == OPEN:
        query = query.where(col(SupportRequest.status).in_([s.value for s in OPEN_STATUSES]))
    elif flt.status != ALL:
        query = query.where(SupportRequest.status == flt.status)
    if flt.topic:
        query = query.where(SupportRequest.topic_policy_id == flt.topic)
    if flt.commune:
        like = f"%{flt.commune.strip()}%"
        query = query.where(or_(col(SupportRequest.commune).ilike(like), col(SupportRequest.commune_name).ilike(like)))
    if flt.province:
        query = query.where(SupportRequest.province == flt.province)
    if flt.since:
        query = query.where(SupportRequest.created_at >= _start_of(flt.since))
    if flt.until:
        query = query.where(SupportRequest.created_at < _start_of(flt.until + timedelta(days=1)))
    if flt.assignee == "me":
        query = query.where(SupportRequest.assignee_id == me)
    elif flt.assignee == "none":
        query = query.where(col(SupportRequest.assignee_id).is_(None))
    if flt.overdue:
        query = query.where(
            col(SupportRequest.status).in_([s.value for s in OPEN_STATUSES]),
            col(SupportRequest.first_response_at).is_(None),
            SupportRequest.created_at < now - timedelta(hours=overdue_hours),
        )
    return query


def _searched(rows: Sequence[SupportRequest], text: str) -> list[SupportRequest]:
    """Rows whose name, business, code or question contains `text`, with or without diacritics (owners
    type "Nguyen Thi Lan", staff search "nguyễn"): folded in Python, which SQLite cannot do."""
    needle = fold(text)
    return [r for r in rows if needle in fold(f"{r.name} {r.business_name} {r.code} {r.question}")]


def matching(session: Session, *, flt: InboxFilter, me: int, overdue_hours: float) -> list[SupportRequest]:
    """Every request the filter selects, oldest first (for exports)."""
    query = _query(flt, me=me, overdue_hours=overdue_hours, now=utcnow())
    rows = list(session.exec(query.order_by(col(SupportRequest.id))).all())
    return _searched(rows, flt.text) if flt.text and flt.text.strip() else rows


def page(
    session: Session, *, flt: InboxFilter, me: int, overdue_hours: float, number: int, size: int
) -> InboxPage:
    """One page (0-based) of the requests the filter selects, oldest first."""
    if flt.text and flt.text.strip():
        found = matching(session, flt=flt, me=me, overdue_hours=overdue_hours)
        total, rows = len(found), found[number * size : (number + 1) * size]
    else:
        query = _query(flt, me=me, overdue_hours=overdue_hours, now=utcnow())
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = list(session.exec(query.order_by(col(SupportRequest.id)).offset(number * size).limit(size)).all())
    counts = session.exec(select(SupportRequest.status, func.count()).group_by(SupportRequest.status)).all()
    by_status = {s.value: 0 for s in Status} | dict(counts)
    return InboxPage(total, rows, by_status)


def provinces(session: Session) -> list[str]:
    """The provinces requests came from, for the filter's choices."""
    rows = session.exec(select(SupportRequest.province).where(col(SupportRequest.province).is_not(None)).distinct())
    return sorted(p for p in rows.all() if p)
