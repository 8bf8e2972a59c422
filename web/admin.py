"""Admin pages: statistics with charts, and the knowledge base with "reload now" (the publish gate)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bot import localtime
from bot.desk import repo, stats
from bot.desk.models import utcnow
from bot.render import charts, texts
from web.pages import message, page
from web.security import User
from web.services import WebServices

PERIODS = (7, 30, 90)
BAND_LABELS = {"answer": "Trả lời ngay", "suggest": "Gợi ý «Có phải bạn muốn hỏi…»", "none": "Chưa có thông tin"}


def _services(request: Request) -> WebServices:
    services: WebServices = request.app.state.services
    return services


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


async def stats_page(request: Request, user: User) -> Response:
    """GET /stats?days=N: the period's numbers, each chart with its figures."""
    services = _services(request)
    raw = request.query_params.get("days", "7")
    days = int(raw) if raw.isdigit() and int(raw) in PERIODS else 7
    await asyncio.to_thread(services.question_log.flush)
    since = utcnow() - timedelta(days=days)
    found = await services.db(lambda s: stats.desk_stats(s, since=since))
    kb = services.store.current.kb

    def title(policy_id: str | None) -> str:
        if policy_id is None:
            return "Không rõ chủ đề"
        return kb.policies[policy_id].title if policy_id in kb.policies else policy_id

    snapshot = services.store.current

    def ranked(question: str) -> list[tuple[str, str]]:
        first = [m.policy_id for m in snapshot.matcher.match(question).matches]
        ordered = first + [pid for pid in snapshot.kb.policies if pid not in first]
        return [(pid, title(pid)) for pid in ordered]

    period = found.period
    per_day = [(day[8:10] + "/" + day[5:7], count) for day, count in period.questions_per_day.items()]
    total_bands = sum(found.bands.values())
    band_items = [(BAND_LABELS[band], count) for band, count in found.bands.items()]
    median = period.median_first_response_hours
    return page(
        "stats.html",
        user,
        days=days,
        periods=PERIODS,
        period=period,
        median=f"{median:.1f} giờ" if median is not None else "—",
        bands=[(label, count, _percent(count, total_bands)) for label, count in band_items],
        unanswered=[(example, count, ranked(example)) for _, count, example in found.unanswered],
        charts={
            "per_day": charts.columns(per_day, title="Câu hỏi mỗi ngày"),
            "bands": charts.bars(band_items, title="Cách bot trả lời"),
            "topics": charts.bars([(title(p), n) for p, n in period.top_policies], title="Chủ đề được hỏi nhiều"),
            "status": charts.bars(
                [(texts.STATUS_PLAIN.get(s, s), n) for s, n in period.requests_by_status.items()],
                title="Yêu cầu theo trạng thái",
            ),
            "places": charts.bars(found.requests_by_place, title="Yêu cầu theo xã/phường"),
            "request_topics": charts.bars(
                [(title(p), n) for p, n in found.requests_by_topic], title="Yêu cầu theo chủ đề"
            ),
            "ratings": charts.bars([(f"{n} ⭐", c) for n, c in found.ratings.items()], title="Đánh giá của người hỏi"),
        },
        top_policies=[(title(p), n) for p, n in period.top_policies],
        by_status=[(texts.STATUS_PLAIN.get(s, s), n) for s, n in period.requests_by_status.items()],
        places=found.requests_by_place,
        request_topics=[(title(p), n) for p, n in found.requests_by_topic],
        ratings=found.ratings,
        answered_share=_percent(period.answered, period.questions),
    )


def _kb_view(services: WebServices) -> dict[str, Any]:
    store = services.store
    kb = store.current.kb
    return {
        "version": kb.version,
        "loaded_at": localtime.format_moment(kb.loaded_at, "%d/%m/%Y %H:%M:%S"),
        "policies": len(kb.policies),
        "examples": sum(len(p.examples) for p in kb.policies.values()),
        "legal": len(kb.legal),
        "warnings": [str(issue) for issue in kb.warnings],
        "errors": [str(issue) for issue in store.last_error.errors] if store.last_error else [],
    }


async def kb_page(request: Request, user: User) -> Response:
    """GET /kb: the live version, when it was loaded, the last check's errors and warnings."""
    return page("kb.html", user, outcome=None, **_kb_view(_services(request)))


async def kb_reload(request: Request, user: User) -> Response:
    """POST /kb/reload: check and publish the policies folder now, as /reload does."""
    services = _services(request)
    report, swapped = await services.telegram.reload()
    if not report.ok():
        outcome = ("error", "Thay đổi chưa được áp dụng: kiểm tra báo lỗi bên dưới. Phiên bản đang chạy giữ nguyên.")
    elif swapped:
        outcome = ("ok", "Đã kiểm tra và áp dụng phiên bản mới.")
    else:
        outcome = ("ok", "Đã kiểm tra: không có thay đổi, phiên bản đang chạy giữ nguyên.")
    return page("kb.html", user, outcome=outcome, **_kb_view(services))


async def add_example(request: Request, user: User) -> Response:
    """POST /stats/example: an unanswered question becomes an example of a policy, through the publish gate."""
    services = _services(request)
    form = await request.form()
    question, policy_id = form.get("question"), form.get("policy")
    since = utcnow() - timedelta(days=max(PERIODS))
    asked = await services.db(lambda s: repo.unanswered(s, since=since, top=100))
    kb = services.store.current.kb
    if not isinstance(question, str) or question not in {example for _, _, example in asked} or (
        not isinstance(policy_id, str) or policy_id not in kb.policies
    ):
        return message(user, "Không thực hiện", "Câu hỏi hoặc chính sách không còn trong danh sách.", 400)
    report = await services.telegram.add_example(policy_id, question)
    return page(
        "example.html",
        user,
        ok=report.ok(),
        question=question,
        policy=kb.policies[policy_id].title,
        version=services.store.current.kb.version,
        errors=[str(issue) for issue in report.errors],
    )


Action = Callable[[Request, User], Awaitable[Response]]
ROUTES: list[tuple[str, Action, list[str]]] = [
    ("/stats", stats_page, ["GET"]),
    ("/stats/example", add_example, ["POST"]),
    ("/kb", kb_page, ["GET"]),
    ("/kb/reload", kb_reload, ["POST"]),
]
