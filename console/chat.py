"""Console chat: the same Application and handlers, talking to an in-process Bot API stand-in.

Prints the bot's messages as plain text with numbered buttons; the user types text, a command,
or a button number. The console can also play a staff member in the staff group, so the whole
request desk can be tried without Telegram:
  :canbo      act as a staff member in the staff group       :nguoidan  back to the business owner
  :tl <text>  reply to the bot's latest message in the current chat (relays a request thread)
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import Any, TextIO

from telegram import Update

from bot.config import Settings
from bot.policies.store import KnowledgeStore
from bot.render.html import html_to_plain
from console.standin import BotApiStandIn, InProcessRequest, SentCall
from handlers.application import build_application

PROMPT = "Bạn: "
INTRO = (
    "Trò chuyện với trợ lý khuyến công. Gõ câu hỏi, lệnh (/start, /help…) hoặc số của nút. Ctrl+D để thoát.\n"
    "Thử vai cán bộ: gõ :canbo (quay lại: :nguoidan); trả lời tin nhắn mới nhất của bot: :tl <nội dung>.\n"
)
OWNER_ID = 100
STAFF_ID = 900
STAFF_CHAT_ID = -100


def console_settings(settings: Settings) -> Settings:
    """The console plays both sides: make sure its staff member and group exist. It never serves the
    web desk (the real bot may be serving it on the same port)."""
    return settings.model_copy(
        update={
            "web_enabled": False,
            "staff_user_ids": settings.staff_user_ids or {STAFF_ID},
            "staff_chat_id": settings.staff_chat_id if settings.staff_chat_id is not None else STAFF_CHAT_ID,
        }
    )


def render_call(call: SentCall, numbering_from: int) -> tuple[str, list[dict[str, Any]]]:
    """Plain text of one bot message with its buttons numbered from `numbering_from`."""
    lines = [html_to_plain(call.text)]
    buttons = [button for row in call.buttons for button in row]
    for offset, button in enumerate(buttons):
        label = f"{button['text']} (chia sẻ liên hệ)" if button.get("request_contact") else button["text"]
        lines.append(f"  [{numbering_from + offset}] {label}")
    return "\n".join(lines), buttons


class ConsoleChat:
    """One console user (business owner, or staff member after :canbo) talking to the bot."""

    def __init__(self, settings: Settings, store: KnowledgeStore, out: TextIO = sys.stdout) -> None:
        self.settings = console_settings(settings)
        self.api = BotApiStandIn()
        self.app = build_application(
            self.settings, store, request=InProcessRequest(self.api), updates_request=InProcessRequest(self.api)
        )
        self.out = out
        self.buttons: dict[int, list[tuple[dict[str, Any], SentCall]]] = {}
        self.user_id = OWNER_ID
        self.as_staff = False

    async def __aenter__(self) -> ConsoleChat:
        await self.app.initialize()
        if self.app.post_init:
            await self.app.post_init(self.app)
        await self.app.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.app.stop()
        await self.app.shutdown()
        if self.app.post_shutdown:
            await self.app.post_shutdown(self.app)

    @property
    def chat_id(self) -> int:
        assert self.settings.staff_chat_id is not None
        return self.settings.staff_chat_id if self.as_staff else self.user_id

    def _last_bot_message(self) -> dict[str, Any] | None:
        for call in reversed(self.api.sent):
            if call.method == "sendMessage" and int(call.params.get("chat_id", 0)) == self.chat_id:
                return call.params.get("_message")
        return None

    def _payload(self, line: str) -> dict[str, Any]:
        chat_id, chat_type = self.chat_id, "group" if self.as_staff else "private"
        name = "Cán bộ Minh" if self.as_staff else "Lan"
        buttons = self.buttons.get(self.chat_id, [])
        if line.isdigit() and 1 <= int(line) <= len(buttons):
            button, message = buttons[int(line) - 1]
            if "callback_data" in button:
                return self.api.callback(button["callback_data"], message, user_id=self.user_id, first_name=name)
            if button.get("request_contact"):
                contact = {"phone_number": "+84912345678", "first_name": name, "user_id": self.user_id}
                return {
                    "message": self.api.message(
                        None,
                        user_id=self.user_id,
                        first_name=name,
                        extra={"contact": contact},
                        chat_id=chat_id,
                        chat_type=chat_type,
                    )
                }
            line = button["text"]
        reply_to = None
        if line.startswith(":tl "):
            reply_to, line = self._last_bot_message(), line[4:]
        typed = self.api.message(
            line, user_id=self.user_id, first_name=name, reply_to=reply_to, chat_id=chat_id, chat_type=chat_type
        )
        return {"message": typed}

    def _switch(self, line: str) -> list[str] | None:
        if line == ":canbo":
            self.as_staff, self.user_id = True, next(iter(self.settings.staff_user_ids))
            return ["(Bạn đang là cán bộ trong nhóm cán bộ. Thử /inbox, /yc MÃ, hoặc :tl <trả lời>.)"]
        if line == ":nguoidan":
            self.as_staff, self.user_id = False, OWNER_ID
            return ["(Bạn đang là chủ cơ sở.)"]
        return None

    async def send(self, line: str) -> list[str]:
        """Process one line typed by the user; returns the printed bot messages."""
        switched = self._switch(line)
        if switched is not None:
            return switched
        before = len(self.api.sent)
        payload = await self.api.push(self._payload(line))
        await self.app.process_update(Update.de_json(payload, self.app.bot))
        await asyncio.sleep(0)  # let the update's own tasks finish
        printed = []
        fresh: dict[int, list[tuple[dict[str, Any], SentCall]]] = {}
        for call in self.api.sent[before:]:
            if call.method == "answerCallbackQuery" and call.params.get("text"):
                printed.append(f"⚠️ {call.params['text']}")
            if call.method not in ("sendMessage", "editMessageText"):
                continue
            to_chat = int(call.params.get("chat_id", 0))
            chat_buttons = fresh.setdefault(to_chat, [])
            text, buttons = render_call(call, len(chat_buttons) + 1)
            chat_buttons += [(b, call) for b in buttons]
            if to_chat != self.chat_id:
                where = "[Nhóm cán bộ]" if to_chat == self.settings.staff_chat_id else "[Gửi chủ cơ sở]"
                text = f"{where} {text}"
            printed.append(text)
        # Each chat keeps the buttons of its latest message(s), so either role can press them later.
        self.buttons.update({chat: buttons for chat, buttons in fresh.items() if buttons})
        return printed


async def run_console(
    settings: Settings, store: KnowledgeStore, read_line: Callable[[], str] = input, out: TextIO = sys.stdout
) -> None:
    """The interactive loop (`python main.py chat`)."""
    loop = asyncio.get_running_loop()
    async with ConsoleChat(settings, store, out) as chat:
        print(INTRO, file=out)
        for text in await chat.send("/start"):
            print(f"🤖 {text}\n", file=out, flush=True)
        while True:
            try:
                line = (await loop.run_in_executor(None, read_line)).strip()
            except EOFError:
                return
            if not line:
                continue
            for text in await chat.send(line):
                print(f"🤖 {text}\n", file=out, flush=True)
