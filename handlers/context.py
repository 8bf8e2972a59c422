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
