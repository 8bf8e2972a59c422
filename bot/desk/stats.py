"""Statistics for admins: questions per day, share answered, top policies, requests by status,
time to the first staff response."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot import localtime
from bot.desk import repo
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


@dataclass(frozen=True)
class DeskStats:
    """The web desk's statistics page: the /thongke numbers and their breakdowns."""

    period: PeriodStats
    bands: dict[str, int]  # answer / suggest / none → questions
    unanswered: list[tuple[str, int, str]]  # (normalised, count, an example), most frequent first
    requests_by_place: list[tuple[str, int]]  # commune (as matched, else as typed), most first
    requests_by_topic: list[tuple[str | None, int]]  # policy id (None: no topic), most first
    ratings: dict[int, int]  # 1..5 → how many


def desk_stats(session: Session, *, since: datetime, top: int = 10) -> DeskStats:
    """Everything the statistics page shows, for the period since `since`."""
    bands: Counter[str] = Counter(session.exec(select(QuestionLog.band).where(QuestionLog.created_at >= since)))
    query = select(
        SupportRequest.commune_name, SupportRequest.commune, SupportRequest.topic_policy_id, SupportRequest.rating
    ).where(SupportRequest.created_at >= since)
    places: Counter[str] = Counter()
    topics: Counter[str | None] = Counter()
    ratings: Counter[int] = Counter()
    for matched, typed, topic, rating in session.exec(query):
        places[matched or typed.strip()] += 1
        topics[topic] += 1
        if rating:
            ratings[rating] += 1
    return DeskStats(
        period=period_stats(session, since=since, top=top),
        bands={band: bands.get(band, 0) for band in ("answer", "suggest", "none")},
        unanswered=repo.unanswered(session, since=since, top=top),
        requests_by_place=places.most_common(top),
        requests_by_topic=topics.most_common(top),
        ratings={n: ratings.get(n, 0) for n in range(1, 6)},
    )
