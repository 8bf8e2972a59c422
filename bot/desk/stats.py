"""Statistics for admins: questions per day, share answered, top policies, requests by status,
time to the first staff response."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot import localtime
from bot.desk.models import QuestionLog, SupportRequest


@dataclass(frozen=True)
class PeriodStats:
    """What happened since a moment: the numbers behind /thongke."""

    questions_per_day: dict[str, int]  # ISO day → questions, in date order
    questions: int
    answered: int
    top_policies: list[tuple[str, int]]  # answered questions by policy id, most asked first
    requests_by_status: dict[str, int]
    hours_to_first_response: list[float]

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.questions if self.questions else None

    @property
    def median_first_response_hours(self) -> float | None:
        hours = self.hours_to_first_response
        return statistics.median(hours) if hours else None


def question_stats(session: Session, *, since: datetime) -> list[tuple[str, int, int, str | None]]:
    """(day, questions, answered, top policy id) rows of the question log since `since`."""
    query = select(QuestionLog.created_at, QuestionLog.answered, QuestionLog.top_policy_id).where(
        QuestionLog.created_at >= since
    )
    rows = session.exec(query)
    return [(localtime.local(created).date().isoformat(), 1, int(answered), top) for created, answered, top in rows]


def request_stats(session: Session, *, since: datetime) -> tuple[dict[str, int], list[float]]:
    """Requests by status, and hours to the first staff response, for requests created since `since`."""
    query = select(SupportRequest.status, SupportRequest.created_at, SupportRequest.first_response_at).where(
        SupportRequest.created_at >= since
    )
    by_status: Counter[str] = Counter()
    hours: list[float] = []
    for status, created, first in session.exec(query):
        by_status[status] += 1
        if first is not None:
            hours.append((first - created).total_seconds() / 3600)
    return dict(by_status), hours


def period_stats(session: Session, *, since: datetime, top: int = 5) -> PeriodStats:
    """Everything /thongke shows, for the period since `since`."""
    questions = question_stats(session, since=since)
    by_status, hours = request_stats(session, since=since)
    per_day: Counter[str] = Counter(day for day, _, _, _ in questions)
    tops: Counter[str] = Counter(policy for _, _, answered, policy in questions if answered and policy)
    return PeriodStats(
        questions_per_day=dict(sorted(per_day.items())),
        questions=len(questions),
        answered=sum(answered for _, _, answered, _ in questions),
        top_policies=tops.most_common(top),
        requests_by_status=dict(sorted(by_status.items())),
        hours_to_first_response=hours,
    )
