"""The support-request workflow as plain functions: submit, take, staff reply, owner follow-up,
resolve, rate, reminders due. Each takes the session as a keyword argument and leaves the commit
to its caller (one transaction per step); refusals come back as an `Outcome`, never as exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from bot.desk import outbox, repo, state
from bot.desk.models import (
    OPEN_STATUSES,
    EventKind,
    OutboxKind,
    RelayKind,
    RelaySide,
    RequestEvent,
    Status,
    SupportRequest,
    utcnow,
)
from bot.language.places import Place
from bot.language.text import without_controls
from bot.snapshot import Snapshot

# The fields of a request the owner fills in; a draft is complete when it has them all.
DRAFT_FIELDS = ("name", "business", "commune", "phone", "question")
# What the typed commune matched in the official list of units (absent when nothing matched).
COMMUNE_FIELDS = ("commune_code", "commune_name", "province")


def commune_fields(places: Sequence[Place]) -> dict[str, Any]:
    """The normalised commune of a draft: only when the typed text matched exactly one unit."""
    if len(places) != 1:
        return {}
    place = places[0]
    return {"commune_code": place.code, "commune_name": place.name, "province": place.province}


@dataclass(frozen=True)
class Actor:
    """Who does something: a Telegram user id and the name shown in the audit trail."""

    id: int
    name: str


class Refusal(StrEnum):
    """Why a step was not taken."""

    NOT_FOUND = "not_found"
    CLOSED = "closed"
    NOT_OWNER = "not_owner"
    ALREADY_RATED = "already_rated"
    NOT_RESOLVED = "not_resolved"
    ALREADY_TAKEN = "already_taken"


@dataclass(frozen=True)
class Outcome:
    """The request after a step, or why the step was refused (`request` is then as it was, or None)."""

    request: SupportRequest | None
    refusal: Refusal | None = None
    outbox_id: int | None = None  # the message the step put in the outbox (a staff reply), to follow

    @property
    def done(self) -> SupportRequest:
        """The request of a step that was taken."""
        assert self.request is not None and self.refusal is None
        return self.request


def desk_actions(request: SupportRequest) -> tuple[str, ...]:
    """The buttons staff still need under a request: take and resolve while new, resolve once taken."""
    if request.status == Status.NEW:
        return ("take", "resolve")
    return ("resolve",) if request.status in OPEN_STATUSES else ()


def _load(session: Session, request_id: int) -> SupportRequest | None:
    return repo.get_by_id(session, request_id=request_id)


def submit(
    session: Session,
    *,
    snapshot: Snapshot,
    user_id: int,
    chat_id: int,
    draft: Mapping[str, Any],
    draft_id: str | None = None,
    staff_chat_id: int | None = None,
) -> SupportRequest:
    """Store a complete draft as a new request with its ticket code and 'created' event, and its staff
    notification in the outbox. The same `draft_id` again (a second press, or after a restart)
    returns the request already stored; so does the same question from the same owner while their
    request for it is open (a press whose answer was lost, pressed again from a summary made anew)."""
    if draft_id is not None and (stored := repo.get_by_draft(session, draft_id=draft_id)) is not None:
        state.drop_draft(session, draft_id=draft_id)  # (made again by an update handed out twice)
        return stored
    question = without_controls(str(draft["question"]))
    if (same := repo.open_request_asking(session, user_id=user_id, question=question)) is not None:
        if draft_id is not None:
            state.drop_draft(session, draft_id=draft_id)
        return same
    request = _create(session, snapshot=snapshot, user_id=user_id, chat_id=chat_id, draft=draft, draft_id=draft_id)
    if draft_id is not None:
        state.drop_draft(session, draft_id=draft_id)
    if staff_chat_id is not None:
        assert request.id is not None
        outbox.enqueue(session, request_id=request.id, kind=OutboxKind.STAFF_NEW, chat_id=staff_chat_id)
    return request


def keep_draft(session: Session, *, draft_id: str, user_id: int, draft: Mapping[str, Any]) -> None:
    """Keep a complete form as its summary shows it, for its "✅ Gửi" to store."""
    state.store_draft(session, draft_id=draft_id, user_id=user_id, draft=draft)


def forget_draft(session: Session, *, draft_id: str) -> None:
    """A summary edited or cancelled: its "✅ Gửi" no longer stores anything."""
    state.drop_draft(session, draft_id=draft_id)


def find_by_draft(session: Session, *, draft_id: str, user_id: int) -> SupportRequest | None:
    """The request stored from this draft (its owner's only)."""
    found = repo.get_by_draft(session, draft_id=draft_id)
    return found if found is not None and found.telegram_user_id == user_id else None


def confirmed_draft(session: Session, *, draft_id: str, user_id: int) -> dict[str, Any] | None:
    """The form its owner saw in the summary with this id (None when unknown or someone else's)."""
    found = state.get_draft(session, draft_id=draft_id)
    return dict(found.data) if found is not None and found.telegram_user_id == user_id else None


def _create(
    session: Session,
    *,
    snapshot: Snapshot,
    user_id: int,
    chat_id: int,
    draft: Mapping[str, Any],
    draft_id: str | None,
) -> SupportRequest:
    kb = snapshot.kb
    check = draft.get("check")
    form = (check or {}).get("profile", {}).get("loai_hinh")
    form_fact = kb.facts.facts.get("loai_hinh")
    matches = snapshot.matcher.match(draft["question"]).matches
    typed = {key: without_controls(str(draft[key])) for key in ("name", "business", "commune", "phone", "question")}
    return repo.create_request(
        session,
        telegram_user_id=user_id,
        telegram_chat_id=chat_id,
        name=typed["name"],
        business_name=typed["business"],
        business_form=form_fact.options.get(form, form) if form and form_fact else form,  # its label
        commune=typed["commune"],
        commune_code=draft.get("commune_code"),
        commune_name=draft.get("commune_name"),
        province=draft.get("province"),
        phone=typed["phone"],
        topic_policy_id=draft.get("topic") if draft.get("topic") in kb.policies else None,
        question=typed["question"],
        matches=[{"policy_id": m.policy_id, "score": m.score} for m in matches],
        eligibility=check,
        draft_id=draft_id,
    )


def take(session: Session, *, request_id: int, staff: Actor) -> Outcome:
    """A staff member takes an open request: assigned to them, in progress."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    if request.status not in OPEN_STATUSES:
        return Outcome(request, Refusal.CLOSED)
    if request.assignee_id is not None:  # a second press (or a colleague's) changes nothing, tells no one
        return Outcome(request, Refusal.ALREADY_TAKEN)
    repo.assign(session, request=request, actor_id=staff.id, actor_name=staff.name)
    return Outcome(request)


def resolve(session: Session, *, request_id: int, staff: Actor) -> Outcome:
    """A staff member marks an open request as resolved."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    if request.status not in OPEN_STATUSES:
        return Outcome(request, Refusal.CLOSED)
    repo.change_status(session, request=request, status=Status.RESOLVED, actor_id=staff.id, actor_name=staff.name)
    return Outcome(request)


def assign_to(session: Session, *, request_id: int, staff: Actor, assignee: Actor) -> Outcome:
    """A staff member gives an open request to a colleague (the trail says who gave it)."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    if request.status not in OPEN_STATUSES:
        return Outcome(request, Refusal.CLOSED)
    event = repo.assign(session, request=request, actor_id=assignee.id, actor_name=assignee.name)
    if assignee.id != staff.id:
        event.text = staff.name
    return Outcome(request)


def reopen(session: Session, *, request_id: int, staff: Actor) -> Outcome:
    """A staff member reopens a resolved or closed request: back in progress."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    if request.status in OPEN_STATUSES:
        return Outcome(request, Refusal.NOT_RESOLVED)
    repo.change_status(session, request=request, status=Status.IN_PROGRESS, actor_id=staff.id, actor_name=staff.name)
    return Outcome(request)


def add_note(session: Session, *, request_id: int, staff: Actor, text: str) -> Outcome:
    """An internal note on a request, for colleagues only (the owner never sees it)."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    repo.add_event(session, request=request, kind=EventKind.NOTE, actor_id=staff.id, actor_name=staff.name, text=text)
    return Outcome(request)


def staff_reply(
    session: Session, *, request_id: int, staff: Actor, text: str, notify_chat_id: int | None = None
) -> Outcome:
    """A staff answer: recorded (taking the request if nobody has), in the outbox for the owner
    (`notify_chat_id` is told whether it went out), then the owner's turn."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    item = outbox.enqueue(
        session,
        request_id=request_id,
        kind=OutboxKind.OWNER_REPLY,
        chat_id=request.telegram_chat_id,
        text=text,
        notify_chat_id=notify_chat_id,
    )
    if request.assignee_id is None:
        repo.assign(session, request=request, actor_id=staff.id, actor_name=staff.name)
    repo.add_event(
        session, request=request, kind=EventKind.STAFF_REPLY, actor_id=staff.id, actor_name=staff.name,
        text=without_controls(text),
    )
    if request.status in (Status.NEW, Status.IN_PROGRESS):
        repo.change_status(
            session, request=request, status=Status.WAITING_USER, actor_id=staff.id, actor_name=staff.name
        )
    session.flush()  # the outbox id, for a caller that waits for the delivery
    return Outcome(request, outbox_id=item.id)


def owner_followup(
    session: Session, *, request_id: int, owner_id: int, text: str, staff_chat_id: int | None = None
) -> Outcome:
    """The owner writes more on their open request; it goes back to the staff (through the outbox)."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    if owner_id != request.telegram_user_id:
        return Outcome(request, Refusal.NOT_OWNER)
    if request.status not in OPEN_STATUSES:
        return Outcome(request, Refusal.CLOSED)
    repo.add_event(
        session, request=request, kind=EventKind.USER_MESSAGE, actor_id=owner_id, actor_name=request.name,
        text=without_controls(text),
    )
    if staff_chat_id is not None:
        outbox.enqueue(session, request_id=request_id, kind=OutboxKind.STAFF_FOLLOWUP, chat_id=staff_chat_id, text=text)
    if request.status == Status.WAITING_USER:
        repo.change_status(
            session, request=request, status=Status.IN_PROGRESS, actor_id=owner_id, actor_name=request.name
        )
    return Outcome(request)


def may_follow_up(session: Session, *, request_id: int, owner_id: int) -> Outcome:
    """Whether the owner can still write on a request (before asking them to type it)."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    if owner_id != request.telegram_user_id:
        return Outcome(request, Refusal.NOT_OWNER)
    if request.status not in OPEN_STATUSES:
        return Outcome(request, Refusal.CLOSED)
    return Outcome(request)


def rate(session: Session, *, request_id: int, owner_id: int, rating: int) -> Outcome:
    """The owner's 1–5 rating of a resolved request: only the owner, only once."""
    request = _load(session, request_id)
    if request is None:
        return Outcome(None, Refusal.NOT_FOUND)
    if request.telegram_user_id != owner_id:
        return Outcome(request, Refusal.NOT_OWNER)
    if request.rating:
        return Outcome(request, Refusal.ALREADY_RATED)
    if request.status not in (Status.RESOLVED, Status.CLOSED):  # the stars are only sent on resolution
        return Outcome(request, Refusal.NOT_RESOLVED)
    repo.set_rating(session, request=request, rating=rating, actor_id=owner_id)
    return Outcome(request)


def reminders_due(session: Session, *, before: datetime) -> list[tuple[str, datetime]]:
    """(code, sent at) of new requests nobody has taken since `before`; they are marked as reminded now."""
    rows = repo.untouched(session, before=before)
    now = utcnow()
    for row in rows:
        row.reminded_at = now
        session.add(row)
    return [(row.code or "", row.created_at) for row in rows]


def relay_target(session: Session, *, chat_id: int, message_id: int) -> tuple[SupportRequest, RelaySide] | None:
    """The request a replied-to message belongs to, and the side it was sent to."""
    return repo.find_relay(session, chat_id=chat_id, message_id=message_id)


def delivered(
    session: Session, *, request_id: int, chat_id: int, message_id: int, side: RelaySide, kind: RelayKind | None = None
) -> None:
    """Remember a message sent about a request (every one: the notification, notices, cards, answers),
    so that a reply to any of them reaches that request."""
    repo.record_relay(session, request_id=request_id, chat_id=chat_id, message_id=message_id, side=side, kind=kind)


def notification_of(session: Session, *, request_id: int) -> tuple[int, int] | None:
    """(chat id, message id) of the request's staff notification, to show it where the request stands."""
    return repo.notification(session, request_id=request_id)


def owner_requests(session: Session, *, user_id: int, limit: int = 20) -> Sequence[SupportRequest]:
    """A business owner's own requests, newest first."""
    return repo.list_requests(session, user_id=user_id, newest_first=True, limit=limit)


@dataclass(frozen=True)
class OwnerView:
    """What an owner sees of their requests: the newest ones with the staff answers so far."""

    total: int
    requests: list[tuple[SupportRequest, list[str]]]


def owner_view(session: Session, *, user_id: int, limit: int = 5) -> OwnerView:
    """An owner's newest requests (at most `limit`, for a phone) with every staff answer, oldest first."""
    rows = list(owner_requests(session, user_id=user_id, limit=limit))
    answers = repo.staff_answers(session, request_ids=[row.id for row in rows if row.id is not None])
    total = repo.count_of_user(session, user_id=user_id) if len(rows) == limit else len(rows)
    return OwnerView(total, [(row, answers.get(row.id or 0, [])) for row in rows])


def staff_thread(session: Session, *, request_id: int, chat_id: int) -> int | None:
    """The message id of the request's notification in the staff chat, to thread follow-ups under it."""
    return repo.staff_thread(session, request_id=request_id, chat_id=chat_id)


def open_requests(session: Session, *, page: int, size: int) -> tuple[int, list[SupportRequest]]:
    """One page of open requests, oldest first, and how many are open in all."""
    rows = repo.list_requests(session, open_only=True, offset=page * size, limit=size)
    return repo.count_open(session), list(rows)


def request_with_history(session: Session, *, code: str) -> tuple[SupportRequest | None, list[RequestEvent]]:
    """A request by its ticket code with its audit trail (None when there is no such code)."""
    request = repo.get_by_code(session, code=code)
    if request is None or request.id is None:
        return None, []
    return request, list(repo.events_of(session, request_id=request.id))


def find(session: Session, *, code: str) -> SupportRequest | None:
    """A request by its ticket code (case and spaces do not matter)."""
    return repo.get_by_code(session, code=code)
