"""Rendering pages: Jinja2 with autoescaping on, the layout's user and CSRF token, fixed notices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from bot import localtime
from bot.render import texts
from web.security import User

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["vn_time"] = lambda moment, pattern="%d/%m/%Y %H:%M": (
    localtime.format_moment(moment, pattern) if moment else "—"
)
_env.globals["status_labels"] = texts.STATUS_PLAIN
_env.globals["event_labels"] = texts.EVENT_LABELS

# What a redirect after an action may show: a key, never text from the request.
NOTICES = {
    "sent": ("ok", "Đã gửi câu trả lời tới người hỏi qua Telegram."),
    "queued": ("ok", "Đã lưu câu trả lời; bot sẽ gửi qua Telegram ngay khi gửi được."),
    "not_sent": ("error", "Đã lưu câu trả lời nhưng chưa gửi được qua Telegram. Hãy thử lại sau."),
    "noted": ("ok", "Đã lưu ghi chú nội bộ (người hỏi không thấy)."),
    "taken": ("ok", "Bạn đã nhận xử lý yêu cầu này."),
    "assigned": ("ok", "Đã giao yêu cầu cho cán bộ."),
    "resolved": ("ok", "Đã đánh dấu đã giải quyết; người hỏi được mời đánh giá."),
    "reopened": ("ok", "Đã mở lại yêu cầu."),
    "closed": ("error", "Yêu cầu đã kết thúc, không thực hiện được thao tác này."),
    "empty": ("error", "Nội dung đang trống."),
}


def page(template: str, user: User | None, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A full page with the layout (navigation for the user's roles, their CSRF token)."""
    html = _env.get_template(template).render(user=user, **context)
    return HTMLResponse(html, status_code=status_code)


def message(user: User | None, title: str, text: str, status_code: int) -> HTMLResponse:
    """A page that only says something (refusals, expired links, errors)."""
    return page("message.html", user, status_code, title=title, text=text)
