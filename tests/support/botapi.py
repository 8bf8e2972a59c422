"""The Bot API stand-in served over HTTP on 127.0.0.1, and harnesses running the real bot against it.

Nothing here sleeps a fixed time: a harness waits for the calls a test expects, then for the bot to
settle (`settled`), so that an unexpected extra call is always seen and "nothing was sent" is checked
once the bot has finished with the update, not after a guess at how long that takes.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import httpx
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.httputil import parse_body_arguments
from tornado.web import Application as TornadoApp
from tornado.web import RequestHandler

from bot.config import Settings
from bot.policies.store import KnowledgeStore
from console.standin import TOKEN, BotApiStandIn, SentCall, decode_params
from handlers.application import build_application
from tests.support.standin import FaultyStandIn
from tests.support.wait import eventually

TELEGRAM_TAGS = frozenset({"b", "i", "u", "s", "code", "pre", "a"})
TELEGRAM_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
MESSAGE_LIMIT = 4096
_ENTITY = re.compile(r"&([^;\s&<]*)(;?)")
_NUMERIC_ENTITY = re.compile(r"#\d+|#x[0-9a-fA-F]+")
_TAG = re.compile(r"<[^>]*>")


class _TelegramHtml(HTMLParser):
    """Checks text the way Telegram's HTML parse mode does: known tags, balanced, escaped text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"unsupported tag <{tag}>")
        if attrs and (tag != "a" or [name for name, _ in attrs] != ["href"]):
            self.problems.append(f"unsupported attributes on <{tag}>: {attrs}")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing tag <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> does not close the last open tag ({self.open})")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                self.problems.append(f"unescaped {char!r} in text {data!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in TELEGRAM_ENTITIES:
            self.problems.append(f"unsupported entity &{name};")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.problems.append("declaration")


def telegram_html_problems(text: str) -> list[str]:
    """Why Telegram would refuse `text` with parse_mode HTML (empty when it is accepted)."""
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    problems = parser.problems
    if parser.open:
        problems.append(f"unclosed tags {parser.open}")
    for name, semicolon in _ENTITY.findall(text):
        if not semicolon or not (name in TELEGRAM_ENTITIES or _NUMERIC_ENTITY.fullmatch(name)):
            problems.append(f"bad entity &{name}{semicolon}")
    return problems


def rejection(method: str, params: dict[str, Any]) -> str | None:
    """The 400 description Telegram would answer a message with, or None when it is accepted."""
    if method not in ("sendMessage", "editMessageText"):
        return None
    text = str(params.get("text", ""))
    html_mode = params.get("parse_mode") == "HTML"
    if html_mode and (problems := telegram_html_problems(text)):
        return f"Bad Request: can't parse entities: {problems[0]}"
    visible = html.unescape(_TAG.sub("", text)) if html_mode else text
    if not visible.strip():
        return "Bad Request: message text is empty"
    if len(visible.encode("utf-16-le")) // 2 > MESSAGE_LIMIT:  # Telegram counts UTF-16 code units
        return "Bad Request: message is too long"
    return None


class _BotApiHandler(RequestHandler):
    """POST /bot<token>/<method> → the stand-in."""

    def initialize(self, standin: BotApiStandIn, token: str = TOKEN) -> None:
        self.standin = standin
        self.token = token

    async def post(self, token: str, method: str) -> None:
        if isinstance(self.standin, FaultyStandIn) and self.standin.take_drop(method):
            # A dropped connection: close the socket without any response.
            assert self.request.connection is not None
            self.request.connection.close()  # type: ignore[attr-defined]
            return
        if token != self.token:
            self.set_status(401)
            self.finish({"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        arguments: dict[str, list[bytes]] = {}
        files: dict[str, Any] = {}
        parse_body_arguments(self.request.headers.get("Content-Type", ""), self.request.body, arguments, files)
        params = decode_params({key: values[-1] for key, values in arguments.items()})
        if not arguments and self.request.body[:1] == b"{":
            params = dict(json.loads(self.request.body))  # a JSON body carries typed values as they are
        if problem := rejection(method, params):
            # Telegram refuses what it cannot display; the bot sees the same 400 it would in production.
            self.set_status(400)
            self.finish({"ok": False, "error_code": 400, "description": problem})
            return
        status, body = await self.standin.call(method, params)
        if isinstance(self.standin, FaultyStandIn) and self.standin.take_drop(method, "lost_response"):
            # Served, but the answer never reaches the bot: the connection closes first.
            assert self.request.connection is not None
            self.request.connection.close()  # type: ignore[attr-defined]
            return
        self.set_status(status)
        self.finish(body)


@asynccontextmanager
async def serve(standin: BotApiStandIn, token: str = TOKEN) -> AsyncIterator[str]:
    """Serve the stand-in on a free loopback port; yields the base_url for python-telegram-bot.

    Like Telegram, it answers 401 to any token but `token` (the stand-in's own by default)."""
    app = TornadoApp([(r"/bot([^/]+)/(\w+)", _BotApiHandler, {"standin": standin, "token": token})])
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


def in_progress(app: Application) -> int:  # type: ignore[type-arg]
    """Work the Application has not finished: queued updates, and tasks it started with
    `create_task` that are still pending (each update being processed is one, so are the
    notifications handlers send off with `context.application.create_task`)."""
    # python-telegram-bot keeps those tasks (to await them on stop) in a name-mangled set.
    tasks: set[asyncio.Task[Any]] = app._Application__create_task_tasks  # type: ignore[attr-defined]
    busy = sum(not task.done() for task in tasks)
    return app.update_queue.qsize() + app.update_processor.current_concurrent_updates + busy


def idle(app: Application, api: BotApiStandIn) -> bool:  # type: ignore[type-arg]
    """True when the bot has nothing left to do that could still reach the stand-in: every pushed
    update confirmed by a later getUpdates (so it is in the Application's queue or done), the queue
    empty, no update being processed, no task of the Application pending, no Bot API call held up,
    nothing committed to the outbox on its way."""
    held_up = api.serving if isinstance(api, FaultyStandIn) else 0
    outbox_idle = app.bot_data.outbox_idle() if hasattr(app.bot_data, "outbox_idle") else True
    return api.unconfirmed_updates == 0 and in_progress(app) == 0 and held_up == 0 and outbox_idle


async def settled(app: Application, api: BotApiStandIn, timeout: float = 10.0) -> None:  # type: ignore[type-arg]
    """Wait until the bot is idle (see `idle`): whatever it was going to send has been sent."""
    await eventually(lambda: idle(app, api), timeout, what="the bot idle")


@dataclass
class BotHarness:
    """The real Application polling the HTTP stand-in; helpers to talk to it like a user."""

    api: BotApiStandIn
    app: Application  # type: ignore[type-arg]

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until the bot has finished with every update pushed so far."""
        await settled(self.app, self.api, timeout)

    async def send(self, payload: dict[str, Any], *, expect: int = 1, timeout: float = 10.0) -> list[SentCall]:
        """Push an update, wait until `expect` more Bot API calls have been made and the bot is
        idle again (so an unexpected extra call is among them); return them all."""
        before = len(self.api.sent)
        await self.api.push(payload)
        await self.api.wait_sent(before + expect, timeout)
        await self.settled(timeout)
        return self.api.sent[before:]

    async def say(self, text: str | None, *, expect: int = 1, **kwargs: Any) -> list[SentCall]:
        """A user message; returns the calls the bot made in answer."""
        return await self.send({"message": self.api.message(text, **kwargs)}, expect=expect)

    async def press(self, data: str, on: SentCall, *, expect: int = 2, user_id: int = 100) -> list[SentCall]:
        """Press a button on a message the bot sent (answerCallbackQuery + reply by default)."""
        return await self.send(self.api.callback(data, on, user_id=user_id), expect=expect)

    async def quiet(self, payload: dict[str, Any]) -> list[SentCall]:
        """Push an update and return whatever the bot sent for it once it is done (expected: nothing)."""
        before = len(self.api.sent)
        await self.api.push(payload)
        await self.settled()
        return self.api.sent[before:]


@asynccontextmanager
async def running_bot(settings: Settings, store: KnowledgeStore, api: BotApiStandIn | None = None) -> AsyncIterator[BotHarness]:
    """Start the real bot (long polling) against a fresh HTTP stand-in; stop it afterwards."""
    api = api or BotApiStandIn()
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else TOKEN
    async with serve(api, token) as base_url:
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
            if app.post_stop:
                await app.post_stop(app)
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)


# ----- webhook -------------------------------------------------------------------------------------
WEBHOOK_SECRET = "s3cret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class WebhookBot:
    """The real Application in webhook mode, the stand-in it calls, and a client posting updates to it."""

    api: BotApiStandIn
    app: Application  # type: ignore[type-arg]
    client: httpx.AsyncClient

    async def post(self, *, json: Any = None, content: bytes | None = None,
                   headers: dict[str, str] | None = None) -> httpx.Response:
        """POST to the webhook as Telegram would; once answered, the update is queued (or refused)."""
        return await self.client.post("/telegram", json=json, content=content, headers=headers)

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until the bot has finished with every update posted so far."""
        await settled(self.app, self.api, timeout)


@asynccontextmanager
async def webhook_bot(settings: Settings, store: KnowledgeStore) -> AsyncIterator[WebhookBot]:
    """The bot in webhook mode (PTB's own server, with the secret token) and a client posting to it."""
    api = BotApiStandIn()
    async with serve(api) as base_url:
        app = build_application(settings, store, base_url=base_url)
        await app.initialize()
        await app.start()
        port = free_port()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="telegram",
            secret_token=WEBHOOK_SECRET,
            webhook_url="https://bot.example.org/telegram",
        )
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                yield WebhookBot(api, app, client)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
