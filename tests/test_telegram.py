"""The conversation through the real Application and the HTTP Bot API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.store import KnowledgeStore
from tests.botapi import BotHarness, running_bot


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[BotHarness]:
    async with running_bot(settings, KnowledgeStore.load(settings)) as harness:
        yield harness


async def test_start_greets_with_the_main_menu(bot: BotHarness) -> None:
    [reply] = await bot.say("/start")
    assert reply.method == "sendMessage"
    assert reply.params["parse_mode"] == "HTML"
    assert reply.text.startswith("Xin chào Lan! 👋\nTôi là trợ lý khuyến công của <b>")
    assert reply.button_texts() == ["📚 Tra cứu chính sách", "✅ Kiểm tra điều kiện", "✉️ Gửi câu hỏi cho cán bộ", "📞 Liên hệ"]
