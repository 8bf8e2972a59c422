"""Commands that run the bot or its database: run, chat, db upgrade / revision."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING

import click

from bot.errors import KnowledgeBaseError
from cli.app import database_of, settings_of

if TYPE_CHECKING:
    from bot.policies.store import KnowledgeStore

log = logging.getLogger(__name__)
DEFAULT_SALT_REFUSED = (
    "USER_KEY_SALT chưa được đặt: khóa ẩn danh của nhật ký câu hỏi sẽ dùng muối mặc định và có thể bị dò ngược. "
    "Đặt USER_KEY_SALT là một chuỗi bí mật ngẫu nhiên."
)


def _store(ctx: click.Context) -> KnowledgeStore:
    """The knowledge store, started through the publish gate; exit 1 listing the errors otherwise."""
    from bot.policies.store import KnowledgeStore

    try:
        return KnowledgeStore.load(settings_of(ctx))
    except KnowledgeBaseError as exc:
        click.echo(f"Cơ sở tri thức không qua được kiểm tra ({len(exc.issues)} lỗi):", err=True)
        for issue in exc.issues:
            click.echo(f"  {issue}", err=True)
        ctx.exit(1)


@click.command(help="Trò chuyện với bot trong cửa sổ dòng lệnh (không cần token).")
@click.pass_context
def chat(ctx: click.Context) -> int:
    """The console chat: the real Application against an in-process Bot API."""
    from console.chat import PROMPT, run_console

    # Library chatter (application started, scheduler…) would drown the conversation.
    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    store = _store(ctx)
    read_line = (lambda: input(PROMPT)) if sys.stdin.isatty() else input
    asyncio.run(run_console(settings_of(ctx), store, read_line))
    return 0


@click.command(help="Chạy bot Telegram (long polling, hoặc webhook với --webhook-url).")
@click.option("--webhook-url", help="địa chỉ HTTPS công khai mà Telegram gửi cập nhật tới")
@click.option("--listen", help="địa chỉ lắng nghe (mặc định WEBHOOK_LISTEN)")
@click.option("--port", type=int, help="cổng lắng nghe (mặc định WEBHOOK_PORT)")
@click.option("--url-path", default="telegram", show_default=True, help="đường dẫn webhook cục bộ")
@click.pass_context
def run(ctx: click.Context, webhook_url: str | None, listen: str | None, port: int | None, url_path: str) -> int:
    """Serve Telegram."""
    from telegram import Update

    from handlers.application import build_application, stop_quickly_on_signals

    settings = settings_of(ctx)
    if settings.telegram_bot_token is None:
        click.echo("Chưa có TELEGRAM_BOT_TOKEN. Đặt biến môi trường này, hoặc dùng `python main.py chat`.", err=True)
        return 2
    secret = settings.webhook_secret_token.get_secret_value() if settings.webhook_secret_token else None
    if webhook_url and not secret:
        click.echo("Chế độ webhook cần WEBHOOK_SECRET_TOKEN.", err=True)
        return 2
    if settings.default_salt:
        if settings.database_url is not None:  # production: refuse rather than log reversible keys
            raise click.ClickException(DEFAULT_SALT_REFUSED)
        log.warning("USER_KEY_SALT is not set: the question log's user keys use the public default salt")
    database_of(settings).dispose()  # reachable and migrated, or exit 1 saying what to do
    app = build_application(settings, _store(ctx))
    stop_quickly_on_signals(app)
    if webhook_url:
        app.run_webhook(
            listen=listen or settings.webhook_listen,
            port=port or settings.webhook_port,
            url_path=url_path,
            webhook_url=webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


@click.group(help="Cơ sở dữ liệu: cập nhật lược đồ, tạo bản cập nhật mới.")
def db() -> None:
    """The `db` group."""


@db.command(help="Áp dụng các bản cập nhật lược đồ (Alembic) cho DATABASE_URL.")
@click.pass_context
def upgrade(ctx: click.Context) -> int:
    """Migrate the configured database to the newest schema."""
    from bot.desk.db import make_engine
    from bot.desk.db import upgrade as migrate

    engine = make_engine(settings_of(ctx).db_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    click.echo("Cơ sở dữ liệu đã được cập nhật lên phiên bản mới nhất.")
    return 0


@db.command(help="Tạo bản cập nhật lược đồ mới trong migrations/versions từ thay đổi của bot/desk/models.py.")
@click.option("-m", "--message", required=True, help="mô tả ngắn bằng tiếng Anh, ví dụ 'add outbox'")
@click.pass_context
def revision(ctx: click.Context, message: str) -> int:
    """Autogenerate a migration against the configured database (which must be at the newest schema)."""
    from bot.desk.db import make_engine, new_revision

    engine = make_engine(settings_of(ctx).db_url)
    try:
        path = new_revision(engine, message)
    finally:
        engine.dispose()
    click.echo(f"Đã tạo {path}. Đọc lại tệp trước khi commit.")
    return 0
