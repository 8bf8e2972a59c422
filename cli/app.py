"""The click group, the parameter types shared by the commands, and Vietnamese usage errors."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot import localtime
from bot.config import Settings, get_settings
from bot.logsafe import configure_logging

if TYPE_CHECKING:
    from sqlalchemy import Engine


class DateType(click.ParamType[date]):
    """A calendar date typed as YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"«{value}» không phải ngày có thật dạng YYYY-MM-DD (ví dụ 2026-03-01)", param, ctx)


DATE = DateType()


def start_of(day: date | None) -> datetime | None:
    """Midnight of a Vietnam day (as UTC), for "since" filters: staff count days in Vietnam time."""
    return localtime.start_of_day(day) if day else None


def existing(kind: str = "file") -> click.Path:
    """A path that must exist (a file or a folder)."""
    return click.Path(exists=True, file_okay=kind == "file", dir_okay=kind == "dir", path_type=Path)


def _describe(mistake: click.UsageError) -> str:
    if isinstance(mistake, click.NoSuchOption):
        hint = f" Có phải ý bạn là: {', '.join(sorted(mistake.possibilities))}?" if mistake.possibilities else ""
        return f"không có tùy chọn {mistake.option_name}.{hint}"
    if isinstance(mistake, click.MissingParameter):
        return f"thiếu {_param_hint(mistake)}."
    if isinstance(mistake, click.BadParameter):
        return f"giá trị không hợp lệ cho {_param_hint(mistake)}: {_bad_value(mistake)}"
    if named := re.match(r"No such command '(.+)'", mistake.message):
        return f"không có lệnh «{named.group(1)}»."
    if "Missing command" in mistake.message:
        return "thiếu tên lệnh."
    if "Got unexpected extra argument" in mistake.message:
        return "thừa đối số (nếu câu hỏi có dấu cách, hãy đặt trong dấu nháy \"...\")."
    return mistake.message


def _param_hint(mistake: click.BadParameter | click.MissingParameter) -> str:
    param = mistake.param
    if param is None:
        return "tham số"
    if isinstance(param, click.Option):
        return f"tùy chọn {param.opts[0]}"
    return f"đối số {(param.name or '').upper()}"


def _bad_value(mistake: click.BadParameter) -> str:
    param_type = mistake.param.type if mistake.param is not None else None
    if isinstance(param_type, click.Choice):
        return f"phải là một trong: {', '.join(map(str, param_type.choices))}"
    if isinstance(param_type, click.IntRange) and param_type.min is not None:
        return f"phải là số ngày từ {param_type.min} trở lên"
    if isinstance(param_type, click.types.IntParamType):
        return "phải là một số nguyên"
    if isinstance(param_type, click.Path):
        return "không tìm thấy tệp hoặc thư mục này"
    return mistake.message


def usage_message(mistake: click.UsageError) -> str:
    """A mistyped command, explained in Vietnamese, with the way to the help."""
    command = mistake.ctx.command_path if mistake.ctx is not None else "main.py"
    return f"Lỗi: {_describe(mistake)}\nXem hướng dẫn: python {command} --help"


@click.group(help="Trợ lý khuyến công trên Telegram: trả lời câu hỏi, kiểm tra điều kiện, tiếp nhận yêu cầu.")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Settings and logging for every command."""
    settings = get_settings()
    configure_logging(settings.log_level)
    ctx.obj = settings


NOT_MIGRATED = "cơ sở dữ liệu chưa có lược đồ mới nhất. Chạy `python main.py db upgrade` trước."


def unreachable(exc: Exception) -> click.ClickException:
    """A database failure as a failure of the command (exit 1), without a traceback."""
    return click.ClickException(
        f"không kết nối được cơ sở dữ liệu ({type(exc).__name__}). Kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu."
    )


def database_of(settings: Settings) -> Engine:
    """The configured database, ready: the embedded SQLite migrates itself; an explicit DATABASE_URL
    must already be at the newest schema (never run on one the bot cannot use)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.desk.db import make_engine, schema_is_current, upgrade

    engine = make_engine(settings.db_url)
    try:
        if settings.database_url is None:
            upgrade(engine)
        elif not schema_is_current(engine):
            raise click.ClickException(NOT_MIGRATED)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise unreachable(exc) from None
    except click.ClickException:
        engine.dispose()
        raise
    return engine


def settings_of(ctx: click.Context) -> Settings:
    """The settings the group loaded."""
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings

