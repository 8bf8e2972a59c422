"""A Bot API stand-in: an in-memory Telegram server that records what the bot sends.

The console chat drives the real `Application` through it in-process (`InProcessRequest`);
the tests serve the same stand-in over HTTP on 127.0.0.1 and point `base_url` at it (their
fault-injecting subclass lives in tests/support/standin.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData
from typing_extensions import override

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Trợ lý khuyến công", "username": "khuyencong_bot"}
TOKEN = "7000000001:STANDIN-token-for-local-use-only"

@dataclass
class SentCall:
    """One Bot API call the bot made (everything except getUpdates)."""

    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[list[dict[str, Any]]]:
        markup = self.params.get("reply_markup") or {}
        return markup.get("inline_keyboard") or markup.get("keyboard") or []

    def button_texts(self) -> list[str]:
        return [button["text"] for row in self.buttons for button in row]


@dataclass
class BotApiStandIn:
    """The server side of the Bot API, kept in memory."""

    bot: dict[str, Any] = field(default_factory=lambda: dict(BOT_USER))
    sent: list[SentCall] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._chats: dict[int, dict[str, Any]] = {}
        self.updates_served = 0
        self.sent_per_chat: dict[int, int] = {}

    # ----- feeding updates -------------------------------------------------------------
    async def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (an update_id is assigned)."""
        update = {"update_id": next(self._update_ids), **update}
        for key in ("message", "edited_message"):
            if key in update:
                self._chats[update[key]["chat"]["id"]] = update[key]["chat"]
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def message(
        self,
        text: str | None,
        *,
        user_id: int = 100,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Lan",
        reply_to: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A message payload as Telegram would send it (text None for non-text messages)."""
        chat_id = chat_id if chat_id is not None else user_id
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = "Nhóm thử"
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"},
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(extra or {})
        return message

    def callback(
        self, data: str, on: SentCall | dict[str, Any], *, user_id: int = 100, first_name: str = "Lan"
    ) -> dict[str, Any]:
        """A callback query pressing a button with `data` on a message the bot sent."""
        message = on if isinstance(on, dict) else on.params.get("_message", {})
        return {
            "callback_query": {
                "id": str(next(self._message_ids)),
                "from": {"id": user_id, "is_bot": False, "first_name": first_name},
                "chat_instance": "standin",
                "data": data,
                "message": message,
            }
        }

    # ----- waiting for the bot ---------------------------------------------------------
    async def wait_sent(self, count: int, timeout: float = 10.0) -> list[SentCall]:
        """Wait until at least `count` calls were recorded; return them all."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.sent) >= count), timeout)
        return list(self.sent)

    async def wait_chat(self, chat_id: int, count: int, timeout: float = 10.0) -> None:
        """Wait until the bot has sent `count` messages to one chat."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.sent_per_chat.get(chat_id, 0) >= count), timeout)

    def messages(self, chat_id: int | None = None) -> list[SentCall]:
        """sendMessage / editMessageText calls, optionally for one chat."""
        return [
            call
            for call in self.sent
            if call.method in ("sendMessage", "editMessageText")
            and (chat_id is None or int(call.params.get("chat_id", 0)) == chat_id)
        ]

    @property
    def unconfirmed_updates(self) -> int:
        """Updates pushed that the bot has not confirmed yet (by asking getUpdates for a later offset)."""
        return len(self._updates)

    # ----- serving the Bot API ---------------------------------------------------------
    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Serve one Bot API method; returns (HTTP status, JSON body)."""
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self._get_updates(params)}
        result = self._handle(method, params)
        if result is None:
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: unknown method {method}"}
        async with self._changed:
            self._changed.notify_all()
        return 200, {"ok": True, "result": result}

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._updates)), min(timeout, 1.0))
            batch = list(self._updates[: int(params.get("limit") or 100)])
        self.updates_served += len(batch)
        return batch

    def _handle(self, method: str, params: dict[str, Any]) -> Any:
        simple: dict[str, Callable[[], Any]] = {
            "getMe": lambda: self.bot,
            "deleteWebhook": lambda: True,
            "setWebhook": lambda: True,
            "answerCallbackQuery": lambda: True,
            "sendChatAction": lambda: True,
            "deleteMessage": lambda: True,
            "getMyCommands": lambda: self.commands,
            "close": lambda: True,
            "logOut": lambda: True,
        }
        if method == "setMyCommands":
            self.commands = params.get("commands") or []
            self.sent.append(SentCall(method, params))
            return True
        if method in simple:
            self.sent.append(SentCall(method, params))
            return simple[method]()
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params.get("chat_id", 0))
            chat = self._chats.get(chat_id, {"id": chat_id, "type": "private"})
            message_id = int(params["message_id"]) if "message_id" in params else next(self._message_ids)
            message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": self.bot}
            if "text" in params:
                message["text"] = params["text"]
            markup = params.get("reply_markup")
            if isinstance(markup, dict) and "inline_keyboard" in markup:  # Telegram echoes inline keyboards only
                message["reply_markup"] = markup
            self.sent.append(SentCall(method, {**params, "_message": message}))
            self.sent_per_chat[chat_id] = self.sent_per_chat.get(chat_id, 0) + 1
            return message
        return None


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Bot API parameters arrive as strings; nested objects are JSON-encoded."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params


class InProcessRequest(BaseRequest):
    """python-telegram-bot request backend that talks to a stand-in in the same process."""

    def __init__(self, standin: BotApiStandIn) -> None:
        self.standin = standin

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @override
    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = decode_params(dict(request_data.json_parameters)) if request_data else {}
        status, body = await self.standin.call(endpoint, params)
        return status, json.dumps(body).encode()
