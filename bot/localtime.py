"""Vietnam time for everything a person sees; the database keeps aware UTC timestamps.

Ticket history, exports, /kbstatus, reminders, the day rules are evaluated on and the year in ticket
codes are all in Asia/Ho_Chi_Minh: a request sent at 06:30 on 1 January in Lâm Đồng is a request
of the new year, though it is still 23:30 on 31 December in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _vietnam() -> tzinfo:
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:  # a machine without tz data: Vietnam has kept UTC+7, no DST, since 1975
        return timezone(timedelta(hours=7), "ICT")


VIETNAM = _vietnam()


def local(moment: datetime) -> datetime:
    """A stored timestamp in Vietnam time (a naive one is taken as UTC, as SQLite may return it)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM)


def now() -> datetime:
    """The current time in Vietnam."""
    return datetime.now(VIETNAM)


def today() -> date:
    """Today's date in Vietnam: the day rules and support levels are evaluated on."""
    return now().date()


def start_of_day(day: date) -> datetime:
    """Midnight of a Vietnam day, as an aware UTC timestamp (for `--since DAY` queries)."""
    return datetime.combine(day, time.min, tzinfo=VIETNAM).astimezone(UTC)


def format_moment(moment: datetime, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored timestamp as a person in Vietnam reads it."""
    return local(moment).strftime(pattern)
