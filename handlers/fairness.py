"""Fair use of the update slots: a busy group must not hold the slots that private chats need.

A reply to a group waits for that group's Telegram quota (about 20 messages a minute, enforced by
python-telegram-bot's rate limiter), and the update being answered keeps its slot while it waits.
With a plain pool of 32 slots, one group sending /help 160 times filled them all and private chats
waited minutes. Here each group chat gets at most GROUP_SLOTS of the working slots at a time; its
other updates wait in that group's own line, without a slot, and a group whose line is already
GROUP_BACKLOG long loses the newest updates (they could only be answered minutes late). Private
chats are not queued per chat (their users are held by the per-user spam limit), and the staff
group never loses an update."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

GROUP_SLOTS = 2
GROUP_BACKLOG = 18  # with GROUP_SLOTS: one minute of a group's quota (20 messages)
ACCEPTED = 4096  # updates taken from the queue at once (waiting in a line costs only memory)


@dataclass
class _GroupLine:
    turns: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(GROUP_SLOTS))
    waiting: int = 0
    users: int = 0


class FairUpdateProcessor(BaseUpdateProcessor):
    """`slots` updates processed at once, at most GROUP_SLOTS of them from any one group chat."""

    def __init__(self, slots: int, staff_chat_id: int | None) -> None:
        super().__init__(ACCEPTED)
        self.slots = slots
        self.staff_chat_id = staff_chat_id
        self._working: asyncio.Semaphore | None = None
        self._groups: dict[int, _GroupLine] = {}
        self.dropped = 0

    async def initialize(self) -> None:
        """Create the working slots on the running loop."""
        self._working = asyncio.Semaphore(self.slots)

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def _work(self, coroutine: Awaitable[Any]) -> None:
        assert self._working is not None, "initialize() first"
        async with self._working:
            await coroutine

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Private chats (and updates without a chat) straight to a working slot; a group's in its line."""
        chat = update.effective_chat if isinstance(update, Update) else None
        # The rate limiter counts a chat as a group by its negative id, whatever its type says.
        if not isinstance(update, Update) or chat is None or chat.id > 0:
            await self._work(coroutine)
            return
        line = self._groups.setdefault(chat.id, _GroupLine())
        if line.waiting >= GROUP_BACKLOG and chat.id != self.staff_chat_id:
            self.dropped += 1
            if isinstance(coroutine, Coroutine):
                coroutine.close()  # never started: nothing to clean up
            log.warning("Update %s of busy group %s dropped (%d waiting)", update.update_id, chat.id, line.waiting)
            return
        line.users += 1
        line.waiting += 1
        waiting = True
        try:
            async with line.turns:
                line.waiting, waiting = line.waiting - 1, False
                await self._work(coroutine)
        finally:
            line.users -= 1
            line.waiting -= waiting
            if line.users == 0:
                del self._groups[chat.id]
