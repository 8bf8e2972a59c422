"""Building the one python-telegram-bot Application that every transport uses (polling, webhook,
console, tests): services bound in typed `bot_data`, handlers from `register`, jobs scheduled."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import signal
from functools import cache
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.config import Settings
from bot.desk.db import Engine, make_engine, upgrade
from bot.desk.questionlog import QuestionLogWriter
from bot.policies.store import KnowledgeStore
from bot.ratelimit import SlidingWindowLimiter
from bot.render import texts
from console.standin import TOKEN as STANDIN_TOKEN
from handlers import admin, delivery, privacy, register, staff, webdesk
from handlers.context import CONTEXT_TYPES, BotApplication, Context
from handlers.drafts import CONVERSATION
from handlers.fairness import FairUpdateProcessor
from handlers.persistence import DatabasePersistence
from handlers.transport import RetryingRateLimiter, TelegramRequest
from handlers.updates import SkippingUpdatesRequest

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
    """Register the command list shown in Telegram's menu; start watching the policies folder, the web
    desk and the outbox; write the question-log rows a previous run spilled."""
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in texts.COMMANDS])
    services = app.bot_data
    await asyncio.to_thread(services.question_log.recover)
    if services.settings.watch_policies and services.watcher is None:
        services.watcher = asyncio.get_running_loop().create_task(admin.watch_policies(app))
    await webdesk.start(app)
    delivery.start(app)


async def post_stop(app: BotApplication) -> None:
    """Stop delivering the outbox: what is left waits in the database for the next start."""
    await delivery.stop(app)


async def post_shutdown(app: BotApplication) -> None:
    """Stop the web desk and the policy watcher; write what is left of the question log; close the database."""
    await webdesk.stop(app)
    watcher, app.bot_data.watcher = app.bot_data.watcher, None
    if watcher is not None:
        watcher.cancel()
    await asyncio.to_thread(app.bot_data.question_log.flush)
    await asyncio.to_thread(app.bot_data.question_log.spill)  # what the database did not take (an outage)
    await asyncio.to_thread(app.bot_data.engine.dispose)


def stop_quickly_on_signals(app: BotApplication) -> None:
    """For `run_polling` / `run_webhook`: SIGTERM (and SIGINT) stop the bot within seconds. Sends stop
    retrying at once and the outbox stops delivering: what is left there goes out after the next start
    (python-telegram-bot's own handler would let every retry and the staff group's backlog run out first)."""
    chained = app.post_init

    async def post_init(app: BotApplication) -> None:
        if chained is not None:
            await chained(app)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, _stop_now, app)  # replaces python-telegram-bot's handler

    app.post_init = post_init


def _stop_now(app: BotApplication) -> None:
    logging.getLogger(__name__).info("Stop signal: stopping (undelivered messages stay in the outbox)")
    app.bot_data.stopping = True
    app.bot_data.outbox_ready.set()
    app.stop_running()


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
    engine = make_engine(settings.db_url)
    if settings.database_url is None:
        upgrade(engine)  # the embedded default migrates itself; production runs `main.py db upgrade`
    limiter = RetryingRateLimiter(
        settings.flood_max_per_second,
        settings.network_retries,
        retry_seconds=settings.send_retry_seconds,
        backoff_max=settings.send_backoff_max_seconds,
        group_max_per_minute=settings.group_max_per_minute,
    )
    app = _builder(settings, engine, limiter, base_url, request, updates_request, persistence).build()
    limiter.stopping = lambda: app.bot_data.stopping
    app.bot_data.bind(
        settings=settings,
        store=store,
        engine=engine,
        question_log=QuestionLogWriter(
            engine, settings.user_key_salt.get_secret_value(), spill_file=settings.question_log_spill_file
        ),
        spam_limiter=SlidingWindowLimiter(settings.user_message_limit, settings.user_message_window_seconds),
    )
    register(app)
    assert app.job_queue is not None
    app.job_queue.run_repeating(flush_question_log, interval=2.0, first=2.0, name="question-log")
    app.job_queue.run_repeating(return_freed_memory, interval=60.0, first=60.0, name="malloc-trim")
    app.job_queue.run_repeating(
        privacy.forget_stale_contacts, interval=privacy.CHECK_EVERY_SECONDS, first=120, name="stale-contacts"
    )
    app.job_queue.run_repeating(
        staff.remind, interval=settings.reminder_check_minutes * 60, first=60, name="staff-reminder"
    )
    return app


def _builder(
    settings: Settings,
    engine: Engine,
    limiter: RetryingRateLimiter,
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
        .rate_limiter(limiter)
        .concurrent_updates(FairUpdateProcessor(32, settings.staff_chat_id))
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    else:
        # httpcore scans every pooled connection on each request: a small pool of kept-alive
        # connections is faster than PTB's default 256 under load; waiting for one is fine.
        sending = TelegramRequest(connection_pool_size=8, pool_timeout=10.0)
        builder = builder.request(sending).get_updates_request(SkippingUpdatesRequest(connection_pool_size=1))
    if persistence:
        legacy = settings.state_file if settings.state_file.exists() else None
        # The request form commits each step's state itself (handlers/drafts.py).
        steps = frozenset({CONVERSATION})
        builder = builder.persistence(DatabasePersistence(engine, legacy_file=legacy, committed_by_steps=steps))
    return builder
