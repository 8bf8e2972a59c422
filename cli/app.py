"""The click group, the parameter types shared by the commands, and Vietnamese usage errors."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from bot import localtime
from bot.config import Settings, get_settings
from bot.logsafe import configure_logging


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


def settings_of(ctx: click.Context) -> Settings:
    """The settings the group loaded."""
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings

