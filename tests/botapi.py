"""The Bot API stand-in served over HTTP on 127.0.0.1, and a harness running the real bot against it."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.httputil import parse_body_arguments
from tornado.web import Application as TornadoApp
from tornado.web import RequestHandler

from bot.config import Settings
from bot.store import KnowledgeStore
from handlers.app import build_application
from handlers.standin import TOKEN, BotApiStandIn, SentCall, decode_params


class _BotApiHandler(RequestHandler):
    """POST /bot<token>/<method> → the stand-in."""

    def initialize(self, standin: BotApiStandIn) -> None:
        self.standin = standin

    async def post(self, token: str, method: str) -> None:
        fault = self.standin.take_fault(method) if self._drops_next(method) else None
        if fault is not None:
            # A dropped connection: close the socket without any response.
            assert self.request.connection is not None
            self.request.connection.close()  # type: ignore[attr-defined]
            return
        if token != TOKEN:
            self.set_status(401)
            self.finish({"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        arguments: dict[str, list[bytes]] = {}
        files: dict[str, Any] = {}
        parse_body_arguments(self.request.headers.get("Content-Type", ""), self.request.body, arguments, files)
        params = decode_params({key: values[-1] for key, values in arguments.items()})
        if not arguments and self.request.body[:1] == b"{":
            params = decode_params(json.loads(self.request.body))
        status, body = await self.standin.call(method, params)
        self.set_status(status)
        self.finish(body)

    def _drops_next(self, method: str) -> bool:
        return any(f.kind == "drop" and f.applies_to(method) for f in self.standin.faults)


@asynccontextmanager
async def serve(standin: BotApiStandIn) -> AsyncIterator[str]:
    """Serve the stand-in on a free loopback port; yields the base_url for python-telegram-bot."""
    app = TornadoApp([(r"/bot([^/]+)/(\w+)", _BotApiHandler, {"standin": standin})])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.setblocking(False)
    port = sock.getsockname()[1]
    server = HTTPServer(app)
    server.add_sockets([sock])
    try:
        yield f"http://127.0.0.1:{port}/bot"
    finally:
        server.stop()
        await server.close_all_connections()


@dataclass
class BotHarness:
    """The real Application polling the HTTP stand-in; helpers to talk to it like a user."""

    api: BotApiStandIn
    app: Application  # type: ignore[type-arg]

    async def send(self, payload: dict[str, Any], *, expect: int = 1, timeout: float = 10.0) -> list[SentCall]:
        """Push an update and wait until `expect` more Bot API calls have been made; return them."""
        before = len(self.api.sent)
        await self.api.push(payload)
        await self.api.wait_sent(before + expect, timeout)
        await asyncio.sleep(0.05)  # let any unexpected extra call arrive, so tests see it
        return self.api.sent[before:]

    async def say(self, text: str | None, *, expect: int = 1, **kwargs: Any) -> list[SentCall]:
        """A user message; returns the calls the bot made in answer."""
        return await self.send({"message": self.api.message(text, **kwargs)}, expect=expect)

    async def press(self, data: str, on: SentCall, *, expect: int = 2, user_id: int = 100) -> list[SentCall]:
        """Press a button on a message the bot sent (answerCallbackQuery + reply by default)."""
        return await self.send(self.api.callback(data, on, user_id=user_id), expect=expect)

    async def quiet(self, payload: dict[str, Any], seconds: float = 0.4) -> list[SentCall]:
        """Push an update and return whatever the bot sent within `seconds` (expected: nothing)."""
        before = len(self.api.sent)
        await self.api.push(payload)
        await asyncio.sleep(seconds)
        return self.api.sent[before:]


@asynccontextmanager
async def running_bot(settings: Settings, store: KnowledgeStore, api: BotApiStandIn | None = None) -> AsyncIterator[BotHarness]:
    """Start the real bot (long polling) against a fresh HTTP stand-in; stop it afterwards."""
    api = api or BotApiStandIn()
    async with serve(api) as base_url:
        app = build_application(settings, store, base_url=base_url)
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield BotHarness(api, app)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
