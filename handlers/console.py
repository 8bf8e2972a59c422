"""Console chat: the same Application and handlers, talking to an in-process Bot API stand-in.

Prints the bot's messages as plain text with numbered buttons; the user types text, a
command, or a button number.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import Any, TextIO

from telegram import Update

from bot.config import Settings
from bot.render import html_to_plain
from bot.store import KnowledgeStore
from handlers.app import build_application
from handlers.standin import BotApiStandIn, InProcessRequest, SentCall

PROMPT = "Bạn: "
INTRO = "Trò chuyện với trợ lý khuyến công. Gõ câu hỏi, lệnh (/start, /help…) hoặc số của nút. Ctrl+D để thoát.\n"


def render_call(call: SentCall, numbering_from: int) -> tuple[str, list[dict[str, Any]]]:
    """Plain text of one bot message with its buttons numbered from `numbering_from`."""
    lines = [html_to_plain(call.text)]
    buttons = [button for row in call.buttons for button in row]
    for offset, button in enumerate(buttons):
        lines.append(f"  [{numbering_from + offset}] {button['text']}")
    return "\n".join(lines), buttons


class ConsoleChat:
    """One console user talking to the bot."""

    def __init__(self, settings: Settings, store: KnowledgeStore, out: TextIO = sys.stdout) -> None:
        self.api = BotApiStandIn()
        request = InProcessRequest(self.api)
        self.app = build_application(settings, store, request=request, updates_request=InProcessRequest(self.api))
        self.out = out
        self.buttons: list[tuple[dict[str, Any], SentCall]] = []
        self.user_id = 100

    async def __aenter__(self) -> ConsoleChat:
        await self.app.initialize()
        if self.app.post_init:
            await self.app.post_init(self.app)
        await self.app.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.app.stop()
        await self.app.shutdown()

    def _payload(self, line: str) -> dict[str, Any]:
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            button, message = self.buttons[int(line) - 1]
            if "callback_data" in button:
                return self.api.callback(button["callback_data"], message, user_id=self.user_id)
            line = button["text"]
        return {"message": self.api.message(line, user_id=self.user_id, first_name="bạn")}

    async def send(self, line: str) -> list[str]:
        """Process one line typed by the user; returns the printed bot messages."""
        before = len(self.api.sent)
        payload = await self.api.push(self._payload(line))
        await self.app.process_update(Update.de_json(payload, self.app.bot))
        await asyncio.sleep(0)  # let the update's own tasks finish
        printed = []
        new_buttons: list[tuple[dict[str, Any], SentCall]] = []
        for call in self.api.sent[before:]:
            if call.method == "answerCallbackQuery" and call.params.get("text"):
                printed.append(f"⚠️ {call.params['text']}")
            if call.method not in ("sendMessage", "editMessageText"):
                continue
            text, buttons = render_call(call, len(new_buttons) + 1)
            new_buttons += [(b, call) for b in buttons]
            printed.append(text)
        if new_buttons:
            self.buttons = new_buttons
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
