"""Commands for staff and admins over the desk: requests list / show / export / purge, unanswered."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot import localtime
from bot.language.text import without_controls
from bot.render import texts
from cli.app import DATE, database_of, settings_of, start_of, unreachable

if TYPE_CHECKING:
    from sqlmodel import Session

STATUSES = click.Choice(list(texts.STATUS_PLAIN))


@contextmanager
def _session(ctx: click.Context) -> Iterator[Session]:
    """A session on the configured database, its connections closed when the command ends."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.desk.db import session_scope

    engine = database_of(settings_of(ctx))
    try:
        with session_scope(engine) as session:
            yield session
    except SQLAlchemyError as exc:
        raise unreachable(exc) from None
    finally:
        engine.dispose()


@click.group(help="Yêu cầu hỗ trợ: liệt kê, xem, xuất báo cáo, xóa theo thời hạn lưu.")
def requests() -> None:
    """The `requests` group."""


@requests.command(name="list", help="Các yêu cầu, cũ nhất trước.")
@click.option("--status", type=STATUSES, help="chỉ yêu cầu ở trạng thái này")
@click.option("--since", type=DATE, help="chỉ yêu cầu gửi từ ngày này (YYYY-MM-DD)")
@click.option("--json", "as_json", is_flag=True, help="in dạng JSON")
@click.pass_context
def list_requests(ctx: click.Context, status: str | None, since: date | None, as_json: bool) -> int:
    """One line (or JSON object) per request."""
    from bot.desk import repo
    from bot.desk.exports import COLUMNS, rows

    with _session(ctx) as session:
        found = repo.list_requests(session, status=status, since=start_of(since))
    if as_json:
        records = [dict(zip([c for c, _ in COLUMNS], row, strict=True)) for row in rows(found)]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2, default=str))
        return 0
    for request in found:
        label = texts.STATUS_PLAIN.get(request.status, request.status)
        day = localtime.format_moment(request.created_at, "%d/%m/%Y")
        name, commune = without_controls(request.name), without_controls(request.commune)
        click.echo(f"{request.code}  {day}  {label:<14}  {name} — {commune}")
    click.echo(f"{len(found)} yêu cầu.")
    return 0


@requests.command(help="Một yêu cầu với toàn bộ lịch sử.")
@click.argument("code")
@click.pass_context
def show(ctx: click.Context, code: str) -> int:
    """The request's fields and its audit trail."""
    from bot.desk import workflow
    from bot.desk.exports import COLUMNS, rows

    with _session(ctx) as session:
        request, events = workflow.request_with_history(session, code=code)
    if request is None:
        click.echo(f"Không tìm thấy yêu cầu {code}.", err=True)
        return 1
    for (_, header), value in zip(COLUMNS, rows([request])[0], strict=True):
        click.echo(f"{header:>18}: {value}")
    click.echo("\nLịch sử:")
    for event in events:
        change = f" {event.status_from} → {event.status_to}" if event.kind == "status_change" else ""
        said = f": {without_controls(event.text)}" if event.text else ""
        when = localtime.format_moment(event.created_at)
        click.echo(f"  {when}  {event.kind}{change}  {without_controls(event.actor_name or '')}{said}")
    return 0


@requests.command(help="Xuất báo cáo CSV (mở được bằng Excel) hoặc XLSX.")
@click.option("--format", "kind", type=click.Choice(["csv", "xlsx"]), required=True, help="csv hoặc xlsx")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="tệp kết quả")
@click.option("--status", type=STATUSES, help="chỉ yêu cầu ở trạng thái này")
@click.option("--since", type=DATE, help="chỉ yêu cầu gửi từ ngày này (YYYY-MM-DD)")
@click.pass_context
def export(ctx: click.Context, kind: str, out: Path, status: str | None, since: date | None) -> int:
    """One row per request, Vietnamese headers."""
    from bot.desk import repo
    from bot.desk.exports import export_csv, export_xlsx

    with _session(ctx) as session:
        found = repo.list_requests(session, status=status, since=start_of(since))
    try:
        (export_csv if kind == "csv" else export_xlsx)(found, out)
    except OSError as exc:
        reason = {FileNotFoundError: "thư mục không tồn tại", PermissionError: "không có quyền ghi",
                  IsADirectoryError: "đây là một thư mục"}.get(type(exc), exc.strerror or type(exc).__name__)
        raise click.ClickException(f"không ghi được tệp {out}: {reason}.") from None
    click.echo(f"Đã xuất {len(found)} yêu cầu ra {out}.")
    return 0


@requests.command(help="Thời hạn lưu: xóa các yêu cầu cũ cùng lịch sử của chúng, và các câu hỏi đã ghi cũ hơn.")
@click.option("--older-than", "days", type=click.IntRange(min=1), required=True, metavar="DAYS", help="số ngày (≥ 1)")
@click.option("--yes", is_flag=True, help="xác nhận xóa (không hỏi lại)")
@click.pass_context
def purge(ctx: click.Context, days: int, yes: bool) -> int:
    """Delete requests and logged questions created more than `days` ago (one retention for both)."""
    from bot.desk import repo

    before = datetime.now(UTC) - timedelta(days=days)
    day = localtime.format_moment(before, "%d/%m/%Y")
    if not yes:
        if not sys.stdin.isatty():
            raise click.ClickException("xóa dữ liệu không hoàn tác được: thêm --yes để xác nhận.")
        click.confirm(f"Xóa vĩnh viễn các yêu cầu và câu hỏi đã ghi tạo trước {day}?", abort=True)
    with _session(ctx) as session:
        removed = repo.purge(session, before=before)
        questions = repo.purge_questions(session, before=before)
        session.commit()
    click.echo(f"Đã xóa {removed} yêu cầu và {questions} câu hỏi đã ghi, tạo trước {day}.")
    return 0


@click.command(help="Các câu hỏi bot chưa trả lời được, nhiều nhất trước.")
@click.option("--since", type=DATE, help="từ ngày (YYYY-MM-DD)")
@click.option("--top", type=int, default=20, show_default=True, help="số câu")
@click.option("--json", "as_json", is_flag=True, help="in dạng JSON")
@click.pass_context
def unanswered(ctx: click.Context, since: date | None, top: int, as_json: bool) -> int:
    """Grouped by normalised text, for admins to turn into examples."""
    from bot.desk import repo

    with _session(ctx) as session:
        found = repo.unanswered(session, since=start_of(since), top=top)
    if as_json:
        payload = [{"normalized": n, "count": c, "example": e} for n, c, e in found]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for normalized, count, example in found:
        click.echo(f"{count:>5}  {example}   [{normalized}]")
    if not found:
        click.echo("Chưa có câu hỏi nào chưa được trả lời.")
    return 0
