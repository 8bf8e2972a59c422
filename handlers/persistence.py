"""Conversation state in the database: python-telegram-bot's per-user data and conversation states
as rows of `conversation_state` (bot/desk/state.py), each write one transaction.

PTB writes what changed once per `update_interval`; a step that must not be lost (the summary
before "✅ Gửi", the stored request) commits its state itself with `commit_step`, in the same
transaction as the data it records."""

from __future__ import annotations

import asyncio
import copy
import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.desk import state
from bot.desk.db import Engine, Session
from bot.errors import StorageError
from handlers.context import BotServices, ChatData, Context, UserData
from handlers.send import in_db, run_db

log = logging.getLogger(__name__)
T = TypeVar("T")


class DatabasePersistence(BasePersistence[UserData, ChatData, BotServices]):
    """User data, chat data and conversation states in the database (bot data is never persisted)."""

    def __init__(
        self,
        engine: Engine,
        *,
        update_interval: float = 1.0,
        legacy_file: Path | None = None,
        committed_by_steps: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, callback_data=False), update_interval=update_interval
        )
        self.engine = engine
        self.legacy_file = legacy_file
        # Conversations whose every state change is committed by its step (commit_step): the periodic
        # write, whose snapshot may be older than such a commit yet land after it, must not roll them back.
        self.committed_by_steps = committed_by_steps
        self._unsaved: dict[tuple[str, str], Any] = {}  # writes a database failure held back, newest data
        self._empty_chats: set[int] = set()  # chats whose row is known to be absent (no chat data)

    async def _run(self, work: Callable[[Session], T]) -> T:
        return await run_db(self.engine, work)

    async def _save(self, kind: str, key: str, data: Any) -> None:
        """Write one row, with any held back by an earlier failure; a failure now is logged and
        the rows are written with the next successful write (or `flush`) instead.

        PTB writes each dirty user and chat in its own call, all gathered at once: the first call
        lets the others of its round add their rows, then writes them all in one transaction (one
        commit a round instead of two per active chat — a large part of the bot's CPU under load)."""
        self._unsaved[(kind, key)] = data
        await asyncio.sleep(0)
        if not self._unsaved:
            return  # an earlier call of this round took the row
        pending, self._unsaved = self._unsaved, {}

        def write(session: Session) -> None:
            state.save_all(session, rows=pending)

        try:
            await self._run(write)
        except StorageError as exc:
            self._unsaved = pending | self._unsaved
            log.warning("Conversation state not saved (%d rows held back): %s", len(self._unsaved), exc)

    async def get_user_data(self) -> dict[int, UserData]:
        await self._import_legacy_file()
        rows = await self._run(lambda s: state.load(s, kind=state.USER))
        return {int(key): dict(data or {}) for key, data in rows.items()}

    async def get_chat_data(self) -> dict[int, ChatData]:
        rows = await self._run(lambda s: state.load(s, kind=state.CHAT))
        return {int(key): dict(data or {}) for key, data in rows.items()}

    async def get_bot_data(self) -> BotServices:
        raise NotImplementedError("bot data is never persisted")  # store_data.bot_data is False

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        found = await self._run(state.load_conversations)
        return dict(found.get(name, {}))

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        if name in self.committed_by_steps:
            return
        await self._save(state.CONVERSATION, state.conversation_key(name, tuple(key)), new_state)

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        await self._save(state.USER, str(user_id), data)

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        # PTB offers every active chat's data each round, and almost every chat has none: a chat
        # already stored as empty is not deleted again and again.
        if not data and chat_id in self._empty_chats:
            return
        await self._save(state.CHAT, str(chat_id), data or None)
        if data:
            self._empty_chats.discard(chat_id)
        else:
            self._empty_chats.add(chat_id)

    async def update_bot_data(self, data: BotServices) -> None:
        """Never called: bot data is not persisted."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Never called: callback data is not persisted."""

    async def drop_chat_data(self, chat_id: int) -> None:
        await self._save(state.CHAT, str(chat_id), None)
        self._empty_chats.add(chat_id)

    async def drop_user_data(self, user_id: int) -> None:
        await self._save(state.USER, str(user_id), None)

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing to refresh: this process is the only writer of its users' rows."""

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        """Nothing to refresh."""

    async def refresh_bot_data(self, bot_data: BotServices) -> None:
        """Nothing to refresh."""

    async def flush(self) -> None:
        """On shutdown: one more try for the rows a database failure held back."""
        if self._unsaved:
            kind, key = next(iter(self._unsaved))
            await self._save(kind, key, self._unsaved[(kind, key)])

    async def _import_legacy_file(self) -> None:
        """Move the state of an older version (data/conversations.pickle) into the database once; a file
        that cannot be read (cut short by a kill or a full disk) is reported and set aside, never fatal."""
        path = self.legacy_file
        if path is None or not path.exists():
            return
        try:
            with path.open("rb") as file:
                legacy = pickle.load(file)
            users, conversations = dict(legacy.get("user_data", {})), dict(legacy.get("conversations", {}))
        except Exception as exc:
            aside = path.with_suffix(".corrupt")
            path.replace(aside)
            log.error("Conversation state file unreadable (%s): set aside as %s", type(exc).__name__, aside.name)
            return

        def move(session: Session) -> None:
            for user_id, data in users.items():
                state.save(session, kind=state.USER, key=str(user_id), data=data)
            for name, states in conversations.items():
                for key, value in states.items():
                    state.save(session, kind=state.CONVERSATION, key=state.conversation_key(name, key), data=value)

        await self._run(move)
        path.replace(path.with_suffix(".imported"))
        log.info("Conversation state of %d users moved from %s into the database", len(users), path.name)


async def commit_step(
    update: Update,
    context: Context,
    conversation: str,
    new_state: object | None,
    work: Callable[[Session], T] | None = None,
    then: Callable[[T | None], UserData] | None = None,
) -> T | None:
    """Commit `work` with the user's data and this conversation's next state, in one transaction,
    before the user is shown the step's reply (raises StorageError when the database fails).
    `then(result)` gives the user's data after the step (computed in the transaction, applied once it commits)."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None and context.user_data is not None
    data = copy.deepcopy(context.user_data)
    key = (chat.id, user.id)
    after: list[UserData] = []

    def step(session: Session) -> T | None:
        result = work(session) if work is not None else None
        after[:] = [then(result)] if then is not None else [data]
        state.save_user_step(
            session, user_id=user.id, user_data=after[0], conversation=conversation, key=key, state=new_state
        )
        return result

    result = await in_db(context, step)
    if then is not None:
        context.user_data.clear()
        context.user_data.update(after[0])
    return result
