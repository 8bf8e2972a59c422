"""Building the python-telegram-bot Application and wiring every handler in one place."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
import traceback
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, Message, Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.desk.db import make_engine, upgrade
from bot.desk.questionlog import QuestionLogWriter
from bot.policies.store import KnowledgeStore
from bot.ratelimit import SlidingWindowLimiter
from bot.render import texts
from console.standin import TOKEN as STANDIN_TOKEN
from handlers import admin, eligibility, qa, requests, staff
from handlers.common import send_html

log = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    """PTB's flood limiter (which retries 429 `retry_after`), plus retries of transient
    network errors with exponential back-off. Time-outs are not retried: the request may
    have reached Telegram, and a second copy of a message is worse than a late error."""

    def __init__(self, max_per_second: float, network_retries: int, backoff: float = 0.5) -> None:
        super().__init__(overall_max_rate=max_per_second, overall_time_period=1, max_retries=network_retries)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except TimedOut:
                raise
            except NetworkError as exc:
                if attempt == self.network_retries:
                    raise
                delay = min(self.backoff * 2**attempt, 8.0)
                log.warning("Bot API %s failed (%s); retry %d in %.1fs", endpoint, exc, attempt + 1, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


class BatchedPicklePersistence(PicklePersistence):  # type: ignore[type-arg]
    """PicklePersistence that writes its file once per persistence cycle.

    Stock PicklePersistence (on_flush=False) rewrites the whole file for every user, chat and
    conversation that changed: with n active users that is n dumps of n users every cycle, and
    at a few hundred users the event loop spends its time pickling. Here the changes are kept in
    memory (on_flush=True) and a single dump follows once the cycle's updates are in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, on_flush=True, **kwargs)
        self._dump_pending: asyncio.Task[None] | None = None

    def _dump_soon(self) -> None:
        if self._dump_pending is None or self._dump_pending.done():
            # Queued behind the cycle's other update_* calls, which the Application gathers together.
            self._dump_pending = asyncio.get_running_loop().create_task(self.flush())

    async def update_user_data(self, user_id: int, data: Any) -> None:
        await super().update_user_data(user_id, data)
        self._dump_soon()

    async def update_chat_data(self, chat_id: int, data: Any) -> None:
        await super().update_chat_data(chat_id, data)
        self._dump_soon()

    async def update_bot_data(self, data: Any) -> None:
        await super().update_bot_data(data)
        self._dump_soon()

    async def update_callback_data(self, data: Any) -> None:
        await super().update_callback_data(data)
        self._dump_soon()

    async def update_conversation(self, name: str, key: Any, new_state: object | None) -> None:
        await super().update_conversation(name, key, new_state)
        self._dump_soon()

    async def drop_chat_data(self, chat_id: int) -> None:
        await super().drop_chat_data(chat_id)
        self._dump_soon()

    async def drop_user_data(self, user_id: int) -> None:
        await super().drop_user_data(user_id)
        self._dump_soon()


class AddressedToBot(filters.MessageFilter):
    """Private chats always; in groups only messages that mention the bot or reply to it."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == "private":
            return True
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        text = message.text or message.caption or ""
        # "@khuyencong_bot_cu" is another bot: the name must end where a word ends.
        return bool(bot.username) and re.search(rf"@{re.escape(bot.username)}\b", text, re.IGNORECASE) is not None


async def limit_spam(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop a user who sends too much, with one polite notice per window."""
    user = update.effective_user
    if user is None:
        return
    limiter: SlidingWindowLimiter = context.application.bot_data["spam_limiter"]
    now = time.monotonic()
    if limiter.allow(user.id, now):
        return
    if limiter.should_notify(user.id, now):
        if update.callback_query is not None:
            await update.callback_query.answer(texts.TOO_FAST)
        elif update.effective_chat is not None and update.effective_chat.type == "private":
            await send_html(update, context, texts.TOO_FAST)
    raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its update id; give the user a short apology, never a trace."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    trace = "".join(traceback.format_exception(error)) if error else ""
    log.error("Update %s failed: %s\n%s", update_id, html.escape(repr(error)), trace)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
        except Exception:  # the apology itself may fail while Telegram is down
            log.warning("Could not send the apology for update %s", update_id)


async def post_init(app: Application) -> None:  # type: ignore[type-arg]
    """Register the command list shown in Telegram's menu; start watching the policies folder."""
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in texts.COMMANDS])
    if app.bot_data["settings"].watch_policies and "watcher" not in app.bot_data:
        app.bot_data["watcher"] = asyncio.get_running_loop().create_task(admin.watch_policies(app))


async def flush_question_log(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: write the buffered question log in a worker thread."""
    writer: QuestionLogWriter = context.application.bot_data["question_log"]
    if writer.pending():
        await asyncio.to_thread(writer.flush)


async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    """Stop watching the policies; write what is left of the question log."""
    watcher = app.bot_data.pop("watcher", None)
    if watcher is not None:
        watcher.cancel()
    await asyncio.to_thread(app.bot_data["question_log"].flush)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """All handler wiring: guards first, then commands, buttons, text, everything else."""
    addressed = AddressedToBot()
    app.add_handler(TypeHandler(Update, limit_spam), group=-2)
    # Replies to messages about a request go to the other side and stop there (group -1).
    app.add_handler(MessageHandler(filters.REPLY & (filters.TEXT | filters.CAPTION), staff.relay_reply), group=-1)
    # The request form first: a user who starts /yeucau in the middle of an eligibility check gets
    # their typed answers to the form (the check keeps its buttons), not "please use the buttons".
    app.add_handler(requests.conversation())
    app.add_handler(eligibility.conversation())
    app.add_handler(CommandHandler("yeucaucuatoi", requests.my_requests))
    app.add_handler(CommandHandler("inbox", staff.inbox))
    app.add_handler(CommandHandler("yc", staff.show))
    app.add_handler(CommandHandler("traloi", staff.reply_by_code))
    app.add_handler(CallbackQueryHandler(staff.desk_button, pattern=r"^(sa|sr|ip):"))
    app.add_handler(CallbackQueryHandler(staff.rating, pattern=r"^rt:"))
    app.add_handler(CommandHandler("reload", admin.reload_command))
    app.add_handler(CommandHandler("kbstatus", admin.kb_status))
    app.add_handler(CommandHandler("unanswered", admin.unanswered))
    app.add_handler(CommandHandler("thongke", admin.stats))
    app.add_handler(CallbackQueryHandler(admin.unanswered_button, pattern=r"^u[ax]:"))
    app.add_handler(CommandHandler("start", qa.start))
    app.add_handler(CommandHandler("help", qa.help_command))
    app.add_handler(CommandHandler("cancel", qa.cancel))
    app.add_handler(CommandHandler("lienhe", qa.contact))
    app.add_handler(CommandHandler("chinhsach", qa.browse))
    app.add_handler(CallbackQueryHandler(qa.button))
    app.add_handler(MessageHandler(filters.COMMAND & addressed, qa.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & addressed, qa.question))
    app.add_handler(MessageHandler(~filters.TEXT & filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, qa.not_text))
    app.add_error_handler(on_error)


def build_application(
    settings: Settings,
    store: KnowledgeStore,
    *,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    persistence: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The one Application every transport uses (polling, webhook, console, tests)."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else STANDIN_TOKEN
    builder = (
        Application.builder()
        .token(token)
        .base_url(base_url or settings.telegram_api_base_url)
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
        builder = builder.persistence(
            BatchedPicklePersistence(
                settings.state_file, store_data=PersistenceInput(bot_data=False), update_interval=5
            )
        )
    app = builder.build()
    engine = make_engine(settings.db_url)
    if settings.database_url is None:
        upgrade(engine)  # the embedded default migrates itself; production runs `main.py db upgrade`
    app.bot_data["engine"] = engine
    app.bot_data["question_log"] = QuestionLogWriter(engine, settings.user_key_salt.get_secret_value())
    app.bot_data["store"] = store
    app.bot_data["settings"] = settings
    app.bot_data["spam_limiter"] = SlidingWindowLimiter(
        settings.user_message_limit, settings.user_message_window_seconds
    )
    register(app)
    assert app.job_queue is not None
    app.job_queue.run_repeating(flush_question_log, interval=2.0, first=2.0, name="question-log")
    app.job_queue.run_repeating(
        staff.remind, interval=settings.reminder_check_minutes * 60, first=60, name="staff-reminder"
    )
    return app
