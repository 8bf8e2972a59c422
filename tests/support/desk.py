"""The bot with its staff desk, for the request and staff-desk tests.

The real Application with a staff member (900) and a staff group (-100), behind a Bot API stand-in
that checks, when an acknowledgement reaches Telegram, that its ticket is already in the database.
The databases come from tests/support/db.py (fixtures `data_dir`, `db_url`, `engine`…).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot.config import Settings
from bot.desk import repo as storage
from bot.desk.db import make_engine, session_scope
from bot.desk.models import SupportRequest
from bot.policies.store import KnowledgeStore
from bot.render import texts
from console.standin import BotApiStandIn, SentCall
from tests.support.botapi import BotHarness, running_bot
from tests.support.kb import SHIPPED_KB

# ----- the bot with a staff desk ---------------------------------------------------------------------
OWNER_ID = 100
STAFF_ID = 900
STAFF_CHAT_ID = -100
STRANGER_ID = 555
STAFF_GROUP = {"chat_id": STAFF_CHAT_ID, "chat_type": "supergroup"}
ACK = re.compile(r"^✅ Đã nhận yêu cầu <b>(YC-\d{4}-\d{6})</b>\.")


def desk_settings(data_dir: Path, database_url: str | None = None, **overrides: Any) -> Settings:
    """Shipped policies, staff 900 in staff group -100, room for long conversations under the spam limit."""
    values: dict[str, Any] = {
        "policies_dir": SHIPPED_KB,
        "data_dir": data_dir,
        "database_url": database_url,
        "staff_user_ids": {STAFF_ID},
        "staff_chat_id": STAFF_CHAT_ID,
        "user_message_limit": 1000,
        "watch_policies": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class AuditingStandIn(BotApiStandIn):
    """The Bot API stand-in that, at the moment an acknowledgement "Đã nhận yêu cầu YC-…" reaches
    Telegram, looks the code up in the database through a connection of its own."""

    audit_url: str | None = None
    acknowledged: dict[str, bool] = field(default_factory=dict)

    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        found = ACK.match(str(params.get("text", ""))) if method == "sendMessage" else None
        if found is not None and self.audit_url is not None:
            audit = make_engine(self.audit_url)
            try:
                with session_scope(audit) as session:
                    self.acknowledged[found[1]] = storage.get_by_code(session, code=found[1]) is not None
            finally:
                audit.dispose()
        return await super().call(method, params)


@dataclass
class Desk:
    """A running bot with its staff desk, its database and helpers to play owner and staff."""

    bot: BotHarness
    settings: Settings

    @property
    def api(self) -> AuditingStandIn:
        assert isinstance(self.bot.api, AuditingStandIn)
        return self.bot.api

    @property
    def engine(self) -> Engine:
        return self.bot.app.bot_data.engine  # type: ignore[no-any-return]

    def requests(self) -> list[SupportRequest]:
        with session_scope(self.engine) as session:
            return list(storage.list_requests(session))

    def request(self, code: str) -> SupportRequest:
        with session_scope(self.engine) as session:
            found = storage.get_by_code(session, code=code)
        assert found is not None, code
        return found

    def trail(self, code: str) -> list[tuple[str, int | None, str | None, str | None]]:
        """(kind, actor id, status_to, text) of every event of a request."""
        request = self.request(code)
        assert request.id is not None
        with session_scope(self.engine) as session:
            return [(e.kind, e.actor_id, e.status_to, e.text) for e in storage.events_of(session, request_id=request.id)]

    def create(self, **overrides: Any) -> SupportRequest:
        """A request stored directly (no notification), for listings and reminders."""
        values: dict[str, Any] = {
            "telegram_user_id": OWNER_ID,
            "telegram_chat_id": OWNER_ID,
            "name": "Nguyễn Thị Lan",
            "business_name": "Cơ sở Bánh tráng Tư Lan",
            "commune": "xã Hàm Thuận",
            "phone": "0912345678",
            "question": "Xin hỏi thủ tục đăng ký đề án khuyến công?",
        }
        values.update(overrides)
        with session_scope(self.engine) as session:
            request = storage.create_request(session, **values)
            session.commit()
        return request

    async def say(self, text: str | None, *, expect: int = 1, **kwargs: Any) -> list[SentCall]:
        return await self.bot.say(text, expect=expect, **kwargs)

    async def tap(self, on: SentCall, label: str, *, expect: int = 2, user_id: int = OWNER_ID,
                  first_name: str = "Lan") -> list[SentCall]:
        """Press the button labelled `label` on a message the bot sent."""
        return await self.bot.send(self.api.callback(data_of(on, label), on, user_id=user_id, first_name=first_name),
                                   expect=expect)

    async def staff_says(self, text: str, *, reply_to: SentCall | None = None, expect: int = 1,
                         user_id: int = STAFF_ID, first_name: str = "Minh") -> list[SentCall]:
        """A message in the staff group (optionally a Telegram reply to a message the bot sent there)."""
        replied = in_chat(reply_to, STAFF_CHAT_ID) if reply_to is not None else None
        return await self.bot.say(text, expect=expect, user_id=user_id, first_name=first_name, reply_to=replied,
                                  **STAFF_GROUP)

    async def submit(self, question: str = "Xin hỏi thủ tục đăng ký đề án khuyến công như thế nào?", *,
                     user_id: int = OWNER_ID, first_name: str = "Lan") -> tuple[str, SentCall]:
        """/yeucau with everything typed; returns the ticket code and the staff notification."""
        who = {"user_id": user_id, "first_name": first_name}
        intro = await self.say("/yeucau", expect=2, **who)
        if intro[-1].text == texts.REQ_ASK_NAME:
            await self.say(f"{first_name} Nguyễn", **who)
            await self.say(f"Cơ sở của {first_name}", **who)
            await self.say("xã Hàm Thuận, tỉnh Lâm Đồng", **who)
            await self.say("0912 345 678", expect=2, **who)
        [summary] = await self.say(question, **who)
        calls = await self.tap(summary, texts.REQ_BUTTON_SEND, expect=3, user_id=user_id, first_name=first_name)
        [ack] = [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == user_id]
        [notification] = [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == STAFF_CHAT_ID]
        found = ACK.match(ack.text)
        assert found is not None, ack.text
        return found[1], notification


def data_of(call: SentCall, label: str) -> str:
    """The callback data of the button labelled `label` on a message the bot sent."""
    for row in call.buttons:
        for button in row:
            if button["text"] == label:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {call.button_texts()}")


def in_chat(call: SentCall, chat_id: int) -> dict[str, Any]:
    """The message the bot sent, as Telegram includes it in reply_to_message (with its real chat)."""
    message = dict(call.params["_message"])
    chat: dict[str, Any] = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    chat.update({"first_name": "Lan"} if chat_id > 0 else {"title": "Cán bộ khuyến công"})
    message["chat"] = chat
    return message


def sent_to(calls: list[SentCall], chat_id: int) -> list[str]:
    """Texts of the messages among `calls` that went to one chat."""
    return [c.text for c in calls if c.method == "sendMessage" and int(c.params.get("chat_id", 0)) == chat_id]


@asynccontextmanager
async def running_desk(settings: Settings, store: KnowledgeStore) -> AsyncIterator[Desk]:
    """The real bot on `settings`' database, behind the auditing stand-in."""
    api = AuditingStandIn(audit_url=settings.db_url)
    async with running_bot(settings, store, api) as harness:
        try:
            yield Desk(harness, settings)
        finally:
            engine = harness.app.bot_data.engine
    engine.dispose()  # no idle connection outlives the test (a PostgreSQL schema is dropped after it)
