"""What the web desk needs from the running bot, bound by handlers/webdesk.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.config import Settings
from bot.desk.db import Engine, Session, run_in_session
from bot.desk.models import Status, SupportRequest
from bot.desk.questionlog import QuestionLogWriter
from bot.desk.workflow import Actor
from bot.policies.gate import CheckReport
from bot.policies.store import KnowledgeStore

T = TypeVar("T")


@dataclass(frozen=True)
class TelegramSide:
    """The bot's own ways of reaching Telegram: the same functions the group desk uses."""

    # (the request as loaded, staff, text) → whether the owner got the message in Telegram (None: it is
    # still in the outbox, to be sent as soon as Telegram takes it)
    reply_to_owner: Callable[[SupportRequest, Actor, str], Awaitable[bool | None]]
    # Tell the owner their request was taken or resolved (and update its notification in the group).
    tell_owner: Callable[[SupportRequest, Status, str], Awaitable[None]]
    # The publish gate, as /reload runs it: (report, whether a new version went live).
    reload: Callable[[], Awaitable[tuple[CheckReport, bool]]]
    # Add an unanswered question to a policy's examples through the same gate (policy id, question).
    add_example: Callable[[str, str], Awaitable[CheckReport]]


@dataclass(frozen=True)
class WebServices:
    settings: Settings
    store: KnowledgeStore
    engine: Engine
    question_log: QuestionLogWriter
    telegram: TelegramSide

    async def db(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a worker thread and commit (StorageError when the database fails)."""
        return await asyncio.to_thread(run_in_session, self.engine, work)

    def is_staff(self, user_id: int) -> bool:
        return user_id in self.settings.staff_user_ids

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.settings.admin_user_ids
