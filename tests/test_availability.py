"""Keep answering under abuse (issue 13): an update the library cannot parse, a busy group, a
knowledge-base folder with a FIFO or a device file in it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.logsafe import quiet_libraries
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from tests.support.botapi import BotHarness, running_bot
from tests.support.replies import HELP

SECRET = "Chị Lan nhắn riêng: số nhà 12 ngõ Hoa"
# A poll_answer as an older Bot API server sends it (no option_persistent_ids): python-telegram-bot 22
# refuses to build it, and used to refuse the whole getUpdates batch with it, over and over.
OLD_POLL_ANSWER = {"poll_answer": {"poll_id": "1", "user": {"id": 300, "is_bot": False, "first_name": "An"},
                                   "option_ids": [0]}}


@pytest.fixture
async def bot(settings: Settings, shipped: Snapshot) -> AsyncIterator[BotHarness]:
    async with running_bot(settings, KnowledgeStore(shipped)) as harness:
        yield harness


async def test_an_update_the_library_cannot_parse_is_skipped_and_the_bot_keeps_answering(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    quiet_libraries("DEBUG")  # as `run` configures logging at LOG_LEVEL=DEBUG
    await bot.api.push(OLD_POLL_ANSWER)
    [answer] = await bot.send({"message": bot.api.message(SECRET, user_id=301)})
    assert answer.params["chat_id"] in (301, "301")
    [reply] = await bot.say("/help")
    assert reply.text == HELP
    assert bot.api.updates_served <= 6  # each update served about once: no tight retry loop
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "Chị Lan" not in logged and "ngõ Hoa" not in logged
    assert "Skipped update 1" in logged
