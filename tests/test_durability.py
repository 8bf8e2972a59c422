"""Durability: the bot process is SIGKILLed in the middle of a stream of requests; every ticket a
user was told about must be in the database, and the bot must start again on the same data folder.

The bot runs as a real subprocess (tests/support/durability_bot.py) polling the HTTP Bot API stand-in
served here; many business owners send complete requests at the same time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.config import PROJECT_ROOT
from bot.desk import repo as storage
from bot.desk.db import make_engine, session_scope
from console.standin import SentCall
from tests.support.botapi import serve
from tests.support.desk import ACK, STAFF_CHAT_ID, AuditingStandIn
from tests.support.wait import eventually

USERS = 40
KILL_AFTER_ACKS = 60  # well into the stream: most owners are on their second or third request
STEP_TIMEOUT = 20.0


@dataclass
class Owner:
    """One business owner sending request after request; knows where they are in the flow."""

    api: AuditingStandIn
    user_id: int
    received: int = 0
    waiting: bool = False
    sent_requests: int = 0

    async def step(self, payload: dict[str, object], replies: int) -> None:
        """Send an update and wait for the bot's `replies` messages in this chat."""
        self.waiting = True
        await self.api.push(payload)
        self.received += replies
        await self.api.wait_chat(self.user_id, self.received, STEP_TIMEOUT)
        self.waiting = False

    async def say(self, text: str, replies: int = 1) -> None:
        await self.step({"message": self.api.message(text, user_id=self.user_id, first_name="Chủ cơ sở")}, replies)

    def last_message(self) -> SentCall:
        return self.api.messages(self.user_id)[-1]

    async def request(self, number: int) -> None:
        """One complete request (the first one asks everything, the next ones only the question)."""
        await self.say("/yeucau", replies=2)
        if number == 0:
            await self.say(f"Chủ cơ sở {self.user_id}")
            await self.say(f"Cơ sở sản xuất số {self.user_id}")
            await self.say("xã Hàm Thuận, tỉnh Lâm Đồng")
            await self.say("0912 345 678", replies=2)
        await self.say(f"Yêu cầu số {number} của cơ sở {self.user_id}: xin hỏi thủ tục hỗ trợ máy móc?")
        summary = self.last_message()
        self.sent_requests += 1
        await self.step(self.api.callback("rs", summary, user_id=self.user_id, first_name="Chủ cơ sở"), 1)
        assert ACK.match(self.last_message().text), self.last_message().text

    async def keep_asking(self) -> None:
        number = 0
        while True:
            await self.request(number)
            number += 1


def acknowledged(api: AuditingStandIn) -> list[str]:
    """Every ticket code the bot told a user about, as Telegram received them."""
    return [found[1] for call in api.messages() if (found := ACK.match(call.text))]


def bot_env() -> dict[str, str]:
    """The test's environment without anything that would point the bot elsewhere."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "DATA_DIR")}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    return env


async def start_bot(base_url: str, data_dir: Path, log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as stderr:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.support.durability_bot", base_url, str(data_dir),
            cwd=PROJECT_ROOT, env=bot_env(), stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )


async def polling(api: AuditingStandIn, proc: asyncio.subprocess.Process, log: Path) -> None:
    """Wait until the bot process has started long polling."""
    def started() -> bool:
        if proc.returncode is not None:
            raise AssertionError(f"the bot exited with {proc.returncode}:\n{log.read_text()}")
        return any(call.method == "deleteWebhook" for call in api.sent)

    await eventually(started, 60)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
async def test_every_acknowledged_request_survives_a_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    db_url = f"sqlite:///{data_dir / 'khuyencong.db'}"
    log = tmp_path / "bot.log"
    api = AuditingStandIn(audit_url=db_url)
    async with serve(api) as base_url:
        proc = await start_bot(base_url, data_dir, log)
        try:
            await polling(api, proc, log)
            owners = [Owner(api, 10_000 + n) for n in range(USERS)]
            tasks = [asyncio.create_task(owner.keep_asking()) for owner in owners]
            await eventually(lambda: len(acknowledged(api)) >= KILL_AFTER_ACKS, 60)
            in_flight = sum(owner.waiting for owner in owners)
            proc.send_signal(signal.SIGKILL)
            assert await proc.wait() == -signal.SIGKILL
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert all(isinstance(r, asyncio.CancelledError) for r in results), results  # no flow went wrong before

    told = acknowledged(api)
    assert len(told) >= KILL_AFTER_ACKS and len(set(told)) == len(told)
    assert in_flight > USERS // 2  # the kill landed in the middle of the stream
    # Each acknowledgement found its ticket already committed, seen from another process...
    assert api.acknowledged == dict.fromkeys(told, True)
    # ...and after the kill, every one of them is in the database, which is intact.
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        with session_scope(engine) as session:
            stored = {request.code for request in storage.list_requests(session)}
        assert set(told) <= stored
        pressed = sum(owner.sent_requests for owner in owners)
        assert len(told) <= len(stored) <= pressed
    finally:
        engine.dispose()

    # The bot starts again on the same folder and goes on numbering after the last ticket.
    again = AuditingStandIn(audit_url=db_url)
    async with serve(again) as base_url:
        proc = await start_bot(base_url, data_dir, log)
        try:
            await polling(again, proc, log)
            newcomer = Owner(again, 20_000)
            await newcomer.request(0)
        finally:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 30)
    [code] = acknowledged(again)
    assert code not in stored and code > max(stored)
    assert len(again.messages(STAFF_CHAT_ID)) == 1
