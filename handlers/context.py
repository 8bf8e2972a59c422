"""Typed application state: what every handler reaches through `context.bot_data`."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.desk.db import Engine
from bot.desk.questionlog import QuestionLogWriter
from bot.policies.store import KnowledgeStore
from bot.ratelimit import SlidingWindowLimiter
from bot.snapshot import Snapshot

if TYPE_CHECKING:
    from web.server import WebDesk


class BotServices:
    """The bot's services, shared by all updates (python-telegram-bot's `bot_data`, never persisted).

    python-telegram-bot creates it without arguments; `build_application` binds the services."""

    settings: Settings
    store: KnowledgeStore
    engine: Engine
    question_log: QuestionLogWriter
    spam_limiter: SlidingWindowLimiter

    def __init__(self) -> None:
        self.watcher: asyncio.Task[None] | None = None
        self.web: WebDesk | None = None  # the web desk, while it is served
        # Users whose "✅ Gửi" is being stored right now: a second tap must not store a second request.
        self.sending: set[int] = set()
        self.stopping = False  # set on SIGTERM: sends stop retrying, the outbox waits for the next start
        self.delivery: asyncio.Task[None] | None = None
        self.outbox_ready = asyncio.Event()  # set after a commit that put messages in the outbox
        self.outbox_scanning = False
        self.outbox_workers: dict[int, asyncio.Task[None]] = {}  # chat id → its delivery under way
        self.outbox_done: dict[int, asyncio.Event] = {}  # outbox id → set when its delivery ends (a waiting web reply)

    def bind(
        self,
        *,
        settings: Settings,
        store: KnowledgeStore,
        engine: Engine,
        question_log: QuestionLogWriter,
        spam_limiter: SlidingWindowLimiter,
    ) -> None:
        self.settings = settings
        self.store = store
        self.engine = engine
        self.question_log = question_log
        self.spam_limiter = spam_limiter

    def outbox_idle(self) -> bool:
        """Nothing committed to the outbox is on its way right now (what is due later waits)."""
        busy = self.outbox_ready.is_set() or self.outbox_scanning
        return not busy and all(task.done() for task in self.outbox_workers.values())

    @property
    def snapshot(self) -> Snapshot:
        """The knowledge-base version to use for this whole update (take it once per update)."""
        return self.store.current


UserData = dict[Any, Any]
ChatData = dict[Any, Any]
Context = CallbackContext[ExtBot[None], UserData, ChatData, BotServices]
# python-telegram-bot's generics cannot follow a builder through `.context_types` and `.rate_limiter`
# (the bot becomes ExtBot[int], the job queue keeps its default context): what handlers rely on is
# the typed bot_data, so the Application is typed by that.
BotApplication = Application[Any, Any, UserData, ChatData, BotServices, Any]
CONTEXT_TYPES: ContextTypes[Context, UserData, ChatData, BotServices] = ContextTypes(bot_data=BotServices)
