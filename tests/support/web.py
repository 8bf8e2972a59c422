"""The bot with its web desk served on a free loopback port, and a browser-less client for its routes.

Staff member 900 ("Minh") and admin 901 ("Hà") get their sign-in links from the bot itself, with
/web in a private chat over the Bot API stand-in, exactly as people do."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.config import Settings
from bot.policies.store import KnowledgeStore
from tests.support.botapi import free_port, running_bot
from tests.support.desk import STAFF_ID, AuditingStandIn, Desk, desk_settings

ADMIN_ID = 901
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/login\?t=[\w-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def web_settings(data_dir: Path, database_url: str | None = None, **overrides: Any) -> Settings:
    """desk_settings with the web desk on a free port and admin 901."""
    values: dict[str, Any] = {"web_enabled": True, "web_port": free_port(), "admin_user_ids": {ADMIN_ID}}
    values.update(overrides)
    return desk_settings(data_dir, database_url, **values)


@dataclass
class BlockingStandIn(AuditingStandIn):
    """The auditing stand-in where some users have blocked the bot (Telegram answers 403)."""

    blocked: set[int] = field(default_factory=set)

    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "sendMessage" and int(params.get("chat_id", 0)) in self.blocked:
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        return await super().call(method, params)


@dataclass
class WebDesk:
    """A running bot with its web desk."""

    desk: Desk

    @property
    def api(self) -> BlockingStandIn:
        assert isinstance(self.desk.api, BlockingStandIn)
        return self.desk.api

    @property
    def url(self) -> str:
        return self.desk.settings.web_url

    async def link(self, user_id: int = STAFF_ID, first_name: str = "Minh") -> str:
        """The sign-in link the bot sends for /web in a private chat."""
        [sent] = await self.desk.say("/web", user_id=user_id, first_name=first_name)
        found = LINK.search(sent.text)
        assert found is not None, sent.text
        return html.unescape(found[1])

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, follow_redirects=False)

    @asynccontextmanager
    async def signed_in(self, user_id: int = STAFF_ID, first_name: str = "Minh") -> AsyncIterator[httpx.AsyncClient]:
        """A client with a session of `user_id` (opened through its /web link)."""
        token = (await self.link(user_id, first_name)).split("t=", 1)[1]
        async with self.client() as client:
            response = await client.post("/login", data={"t": token})
            assert response.status_code == 303, response.text
            yield client


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found is not None, page[:500]
    return found[1]


@asynccontextmanager
async def running_web_desk(settings: Settings, store: KnowledgeStore) -> AsyncIterator[WebDesk]:
    """The real bot with its web desk, behind the auditing stand-in (see tests/support/desk.py)."""
    api = BlockingStandIn(audit_url=settings.db_url)
    async with running_bot(settings, store, api) as harness:
        try:
            yield WebDesk(Desk(harness, settings))
        finally:
            engine = harness.app.bot_data.engine
    engine.dispose()
