"""How the bot talks to Telegram and keeps conversation state: flood limits with retries of transient
errors, and a pickle persistence that writes once per cycle."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.ext import AIORateLimiter, PersistenceInput, PicklePersistence

from bot.files import ensure_private
from handlers.context import BotServices, ChatData, UserData

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


class BatchedPicklePersistence(PicklePersistence[UserData, ChatData, BotServices]):
    """PicklePersistence that writes its file once per persistence cycle.

    Stock PicklePersistence (on_flush=False) rewrites the whole file for every user, chat and
    conversation that changed: with n active users that is n dumps of n users every cycle, and
    at a few hundred users the event loop spends its time pickling. Here the changes are kept in
    memory (on_flush=True) and a single dump follows once the cycle's updates are in."""

    def __init__(
        self, filepath: Path, *, store_data: PersistenceInput | None = None, update_interval: float = 60
    ) -> None:
        super().__init__(filepath, store_data=store_data, on_flush=True, update_interval=update_interval)
        self._dump_pending: asyncio.Task[None] | None = None

    def _dump_singlefile(self) -> None:
        ensure_private(self.filepath)  # opened for writing after this, the file keeps its mode 0600
        super()._dump_singlefile()

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
