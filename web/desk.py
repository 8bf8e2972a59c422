"""Staff pages: the inbox (filters, search, paging, CSV/XLSX of the filter) and a request's page
(thread, take / assign / resolve / reopen, reply relayed to the owner in Telegram, internal notes)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot import localtime
from bot.desk import exports, inbox, webauth, workflow
from bot.desk.models import OPEN_STATUSES, Status, SupportRequest
from bot.render import texts
from bot.render.desk import commune_shown
from web.pages import NOTICES, message, page
from web.security import User
from web.services import WebServices

PAGE_SIZE = 25
FILTER_KEYS = ("status", "topic", "commune", "province", "since", "until", "assignee", "overdue", "q")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_TEXT = 4000


def _services(request: Request) -> WebServices:
    services: WebServices = request.app.state.services
    return services


def _day(value: str | None) -> date | None:
    with contextlib.suppress(ValueError, TypeError):
        return date.fromisoformat(value or "")
    return None


def filter_of(request: Request) -> tuple[inbox.InboxFilter, dict[str, str]]:
    """The inbox filter from the query string, and the parameters that were set (for links)."""
    params = {key: request.query_params.get(key, "").strip()[:200] for key in FILTER_KEYS}
    statuses = {inbox.OPEN, inbox.ALL, *(s.value for s in Status)}
    flt = inbox.InboxFilter(
        status=params["status"] if params["status"] in statuses else inbox.OPEN,
        topic=params["topic"] or None,
        commune=params["commune"] or None,
        province=params["province"] or None,
        since=_day(params["since"]),
        until=_day(params["until"]),
        assignee=params["assignee"] if params["assignee"] in ("me", "none") else None,
        overdue=params["overdue"] == "1",
        text=params["q"] or None,
    )
    return flt, {key: value for key, value in params.items() if value}


async def inbox_page(request: Request, user: User) -> Response:
    """GET /inbox: requests matching the filter, oldest first, PAGE_SIZE a page."""
    services = _services(request)
    flt, params = filter_of(request)
    raw_page = request.query_params.get("page", "1")
    number = max(0, int(raw_page) - 1) if raw_page.isdigit() else 0
    hours = services.settings.reminder_after_hours
    found = await services.db(
        lambda s: inbox.page(s, flt=flt, me=user.id, overdue_hours=hours, number=number, size=PAGE_SIZE)
    )
    provinces = await services.db(inbox.provinces)
    pages = max(1, math.ceil(found.total / PAGE_SIZE))
    query = urlencode(params)
    kb = services.store.current.kb
    return page(
        "inbox.html",
        user,
        found=found,
        flt=flt,
        params=params,
        query=query,
        number=min(number, pages - 1) + 1,
        pages=pages,
        link=lambda n: "/inbox?" + urlencode({**params, "page": n}),
        topics=[(pid, policy.title) for pid, policy in kb.policies.items()],
        titles={pid: policy.title for pid, policy in kb.policies.items()},
        provinces=provinces,
        statuses=[s.value for s in Status],
        overdue_hours=hours,
        open_statuses=[s.value for s in OPEN_STATUSES],
    )


async def _export(request: Request, user: User, write: Callable[[list[SupportRequest], Path], None], suffix: str,
                  media_type: str) -> Response:
    services = _services(request)
    flt, _ = filter_of(request)
    hours = services.settings.reminder_after_hours
    rows = await services.db(lambda s: list(inbox.matching(s, flt=flt, me=user.id, overdue_hours=hours)))

    def build() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"export{suffix}"
            write(rows, path)
            return path.read_bytes()

    body = await asyncio.to_thread(build)
    name = f"yeu-cau-{localtime.today().isoformat()}{suffix}"
    return Response(body, media_type=media_type, headers={"content-disposition": f'attachment; filename="{name}"'})


async def export_csv(request: Request, user: User) -> Response:
    """GET /inbox.csv: the current filter as CSV (UTF-8 with BOM, for Excel)."""
    return await _export(request, user, exports.export_csv, ".csv", "text/csv; charset=utf-8")


async def export_xlsx(request: Request, user: User) -> Response:
    """GET /inbox.xlsx: the current filter as an Excel workbook."""
    return await _export(request, user, exports.export_xlsx, ".xlsx", XLSX)


def _eligibility(services: WebServices, request: SupportRequest) -> tuple[str, list[tuple[str, str]]] | None:
    if not request.eligibility:
        return None
    kb = services.store.current.kb
    verdicts = [
        (texts.VERDICT_ICONS.get(v.get("verdict", ""), "?"), kb.policies[pid].title if pid in kb.policies else pid)
        for pid, v in request.eligibility.get("verdicts", {}).items()
    ]
    checked = str(request.eligibility.get("date", ""))
    with contextlib.suppress(ValueError):
        checked = date.fromisoformat(checked).strftime("%d/%m/%Y")
    return checked, verdicts


async def request_page(request: Request, user: User) -> Response:
    """GET /requests/{code}: the whole thread and what staff can do with it."""
    services = _services(request)
    code = request.path_params["code"]
    found, history = await services.db(lambda s: workflow.request_with_history(s, code=code))
    if found is None:
        return message(user, "Không tìm thấy", f"Không tìm thấy yêu cầu «{code[:30]}».", 404)
    staff_ids = set(services.settings.staff_user_ids)
    names = await services.db(lambda s: webauth.known_names(s, user_ids=staff_ids))
    kb = services.store.current.kb
    notice = NOTICES.get(request.query_params.get("done", ""))
    chosen = request.query_params.get("canned", "")
    prefill = kb.canned_replies[int(chosen)].text if chosen.isdigit() and int(chosen) < len(kb.canned_replies) else ""
    return page(
        "request.html",
        user,
        req=found,
        history=history,
        notice=notice,
        is_open=found.status in OPEN_STATUSES,
        commune=commune_shown(kb, found.commune, found.commune_name, found.province),
        topic=kb.policies[found.topic_policy_id].title if found.topic_policy_id in kb.policies else "—",
        eligibility=_eligibility(services, found),
        colleagues=sorted((names.get(i, f"Cán bộ {i}"), i) for i in staff_ids),
        canned=kb.canned_replies,
        prefill=prefill,
        staff_labels=texts.STAFF_STATUS_LABELS,
    )


def _back(code: str, done: str) -> Response:
    return RedirectResponse(f"/requests/{code}?done={done}", status_code=303)


async def _text(request: Request) -> str:
    value = (await request.form()).get("text")
    return value.strip()[:MAX_TEXT] if isinstance(value, str) else ""


async def _find(services: WebServices, code: str) -> SupportRequest | None:
    return await services.db(lambda s: workflow.find(s, code=code))


Action = Callable[[Request, User], Awaitable[Response]]


def _on_request(act: Callable[[Request, User, WebServices, SupportRequest], Awaitable[str]]) -> Action:
    """A POST on one request: find it, act, come back to its page with the outcome's notice."""

    async def endpoint(request: Request, user: User) -> Response:
        services = _services(request)
        found = await _find(services, request.path_params["code"])
        if found is None or found.id is None or found.code is None:
            return message(user, "Không tìm thấy", "Không tìm thấy yêu cầu này.", 404)
        return _back(found.code, await act(request, user, services, found))

    return endpoint


def _actor(user: User) -> workflow.Actor:
    return workflow.Actor(user.id, user.name)


async def _reply(request: Request, user: User, services: WebServices, found: SupportRequest) -> str:
    text = await _text(request)
    if not text:
        return "empty"
    sent = await services.telegram.reply_to_owner(found, _actor(user), text)
    return "queued" if sent is None else "sent" if sent else "not_sent"


async def _note(request: Request, user: User, services: WebServices, found: SupportRequest) -> str:
    text = await _text(request)
    if not text:
        return "empty"
    request_id = found.id or 0
    await services.db(lambda s: workflow.add_note(s, request_id=request_id, staff=_actor(user), text=text))
    return "noted"


async def _step(services: WebServices, user: User, found: SupportRequest, step: Any, status: Status,
                done: str) -> str:
    request_id = found.id or 0
    outcome: workflow.Outcome = await services.db(lambda s: step(s, request_id=request_id, staff=_actor(user)))
    if outcome.refusal is not None:
        return "closed"
    await services.telegram.tell_owner(outcome.done, status, user.name)
    return done


async def _take(_request: Request, user: User, services: WebServices, found: SupportRequest) -> str:
    return await _step(services, user, found, workflow.take, Status.IN_PROGRESS, "taken")


async def _resolve(_request: Request, user: User, services: WebServices, found: SupportRequest) -> str:
    return await _step(services, user, found, workflow.resolve, Status.RESOLVED, "resolved")


async def _reopen(_request: Request, user: User, services: WebServices, found: SupportRequest) -> str:
    request_id = found.id or 0
    outcome = await services.db(lambda s: workflow.reopen(s, request_id=request_id, staff=_actor(user)))
    return "closed" if outcome.refusal is not None else "reopened"


async def _assign(request: Request, user: User, services: WebServices, found: SupportRequest) -> str:
    chosen = (await request.form()).get("assignee")
    if not isinstance(chosen, str) or not chosen.isdigit() or int(chosen) not in services.settings.staff_user_ids:
        return "empty"
    staff_id = int(chosen)
    names = await services.db(lambda s: webauth.known_names(s, user_ids={staff_id}))
    assignee = workflow.Actor(staff_id, names.get(staff_id, f"Cán bộ {staff_id}"))
    request_id = found.id or 0
    outcome = await services.db(
        lambda s: workflow.assign_to(s, request_id=request_id, staff=_actor(user), assignee=assignee)
    )
    return "closed" if outcome.refusal is not None else "assigned"


ROUTES: list[tuple[str, Action, list[str]]] = [
    ("/inbox", inbox_page, ["GET"]),
    ("/inbox.csv", export_csv, ["GET"]),
    ("/inbox.xlsx", export_xlsx, ["GET"]),
    ("/requests/{code}", request_page, ["GET"]),
    ("/requests/{code}/reply", _on_request(_reply), ["POST"]),
    ("/requests/{code}/note", _on_request(_note), ["POST"]),
    ("/requests/{code}/take", _on_request(_take), ["POST"]),
    ("/requests/{code}/assign", _on_request(_assign), ["POST"]),
    ("/requests/{code}/resolve", _on_request(_resolve), ["POST"]),
    ("/requests/{code}/reopen", _on_request(_reopen), ["POST"]),
]
