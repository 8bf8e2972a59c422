"""`main.py run` with a token serves Telegram and the web desk from one process, and stops both on
Ctrl+C: the real command in a subprocess, polling the HTTP Bot API stand-in."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from bot.config import PROJECT_ROOT
from console.standin import TOKEN, BotApiStandIn
from tests.support.botapi import free_port, serve
from tests.support.wait import eventually
from tests.support.web import LINK

pytestmark = pytest.mark.timeout(120)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
async def test_run_serves_telegram_and_the_web_desk_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    api = BotApiStandIn()
    port = free_port()
    log = tmp_path / "bot.log"
    async with serve(api) as base_url:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WEB_ENABLED", "WEB_BASE_URL")}
        env.update(
            PYTHONPATH=str(PROJECT_ROOT), TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=base_url,
            DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(port), STAFF_USER_IDS="900", WATCH_POLICIES="false",
        )
        with log.open("wb") as stderr:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "main.py", "run", cwd=PROJECT_ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=stderr,
            )
        try:
            def polling() -> bool:
                assert proc.returncode is None, log.read_text()
                return any(call.method == "deleteWebhook" for call in api.sent)

            await eventually(polling, 60, what="the bot polling")
            await api.push({"message": api.message("/web", user_id=900, first_name="Minh")})
            await eventually(lambda: any(LINK.search(c.text) for c in api.messages(900)), 30, what="the /web link")
            [link] = [found[1] for c in api.messages(900) if (found := LINK.search(c.text))]
            assert link.startswith(f"http://127.0.0.1:{port}/login?t=")
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                signed_in = await client.post("/login", data={"t": link.split("t=", 1)[1]})
                assert signed_in.status_code == 303
                assert (await client.get("/inbox")).status_code == 200
            proc.send_signal(signal.SIGINT)
            assert await asyncio.wait_for(proc.wait(), 60) == 0, log.read_text()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert "login?t=" not in log.read_text()  # sign-in links never reach the log
