"""Building the one python-telegram-bot Application that every transport uses (polling, webhook,
console, tests): services bound in typed `bot_data`, handlers from `register`, jobs scheduled."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
from functools import cache
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder, PersistenceInput
from telegram.request import BaseRequest

from bot.config import Settings
from bot.desk.db import make_engine, upgrade
from bot.desk.questionlog import QuestionLogWriter
from bot.policies.store import KnowledgeStore
from bot.ratelimit import SlidingWindowLimiter
from bot.render import texts
from console.standin import TOKEN as STANDIN_TOKEN
from handlers import admin, register, staff
from handlers.context import CONTEXT_TYPES, BotApplication, Context
from handlers.transport import BatchedPicklePersistence, RetryingRateLimiter

M_ARENA_MAX = -8  # glibc's mallopt parameter number
MALLOC_ARENAS = 2


@cache
def _glibc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def limit_malloc_arenas() -> None:
    """Few malloc arenas for the worker threads (database work, the question-log flush): glibc gives
    each thread its own, up to 8 per core, and each keeps its freed memory, which showed as resident
    memory creeping up under steady load. No effect off glibc."""
    if (libc := _glibc()) is not None:
        libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)


async def return_freed_memory(_context: Context) -> None:
    """JobQueue: hand memory that Python freed back to the system (glibc keeps it otherwise)."""
    if (libc := _glibc()) is not None:
        libc.malloc_trim(0)


async def post_init(app: BotApplication) -> None:
    """Register the command list shown in Telegram's menu; start watching the policies folder."""
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in texts.COMMANDS])
    services = app.bot_data
    if services.settings.watch_policies and services.watcher is None:
        services.watcher = asyncio.get_running_loop().create_task(admin.watch_policies(app))


async def post_shutdown(app: BotApplication) -> None:
    """Stop watching the policies; write what is left of the question log; close database connections."""
    watcher, app.bot_data.watcher = app.bot_data.watcher, None
    if watcher is not None:
        watcher.cancel()
    await asyncio.to_thread(app.bot_data.question_log.flush)
    await asyncio.to_thread(app.bot_data.engine.dispose)


async def flush_question_log(context: Context) -> None:
    """JobQueue: write the buffered question log in a worker thread."""
    writer = context.bot_data.question_log
    if writer.pending():
        await asyncio.to_thread(writer.flush)


def build_application(
    settings: Settings,
    store: KnowledgeStore,
    *,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    persistence: bool = True,
) -> BotApplication:
    """The Application with its services, handlers and jobs."""
    limit_malloc_arenas()  # before any worker thread exists
    app = _builder(settings, base_url, request, updates_request, persistence).build()
    engine = make_engine(settings.db_url)
    if settings.database_url is None:
        upgrade(engine)  # the embedded default migrates itself; production runs `main.py db upgrade`
    app.bot_data.bind(
        settings=settings,
        store=store,
        engine=engine,
        question_log=QuestionLogWriter(engine, settings.user_key_salt.get_secret_value()),
        spam_limiter=SlidingWindowLimiter(settings.user_message_limit, settings.user_message_window_seconds),
    )
    register(app)
    assert app.job_queue is not None
    app.job_queue.run_repeating(flush_question_log, interval=2.0, first=2.0, name="question-log")
    app.job_queue.run_repeating(return_freed_memory, interval=60.0, first=60.0, name="malloc-trim")
    app.job_queue.run_repeating(
        staff.remind, interval=settings.reminder_check_minutes * 60, first=60, name="staff-reminder"
    )
    return app


def _builder(
    settings: Settings,
    base_url: str | None,
    request: BaseRequest | None,
    updates_request: BaseRequest | None,
    persistence: bool,
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else STANDIN_TOKEN
    builder = (
        Application.builder()
        .token(token)
        .base_url(base_url or settings.telegram_api_base_url)
        .context_types(CONTEXT_TYPES)
        .rate_limiter(RetryingRateLimiter(settings.flood_max_per_second, settings.network_retries))
        .concurrent_updates(32)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    else:
        # httpcore scans every pooled connection on each request: a small pool of kept-alive
        # connections is faster than PTB's default 256 under load; waiting for one is fine.
        builder = builder.connection_pool_size(8).pool_timeout(10.0)
    if persistence:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        state = BatchedPicklePersistence(
            settings.state_file, store_data=PersistenceInput(bot_data=False), update_interval=5
        )
        builder = builder.persistence(state)
    return builder
