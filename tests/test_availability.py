"""Keep answering under abuse (issue 13): an update the library cannot parse, a busy group, a
knowledge-base folder with a FIFO or a device file in it."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from bot.config import Settings
from bot.logsafe import quiet_libraries
from bot.policies.loader import validate
from bot.policies.store import KnowledgeStore
from bot.policies.yamlsafe import YamlError, load_yaml_file
from bot.snapshot import Snapshot
from tests.support.botapi import WEBHOOK_SECRET, BotHarness, running_bot, webhook_bot
from tests.support.replies import HELP
from tests.support.wait import eventually

T = TypeVar("T")
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


# ----- FIFOs and device files in policies/ ---------------------------------------------------------
NOT_REGULAR = "không phải tệp thường (FIFO, thiết bị hay thư mục): hãy bỏ nó ra khỏi thư mục chính sách"


def finishes(work: Callable[[], T], timeout: float = 20.0) -> T:
    """`work()` run in a daemon thread: a read that blocks forever fails the test instead of hanging it."""
    results: list[T] = []
    raised: list[BaseException] = []

    def target() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # handed to the test's thread
            raised.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if raised:
        raise raised[0]
    assert results, f"still blocked after {timeout:.0f}s"
    return results[0]


def test_a_fifo_in_the_policies_folder_is_an_error_not_a_hang(minimal_kb: Path) -> None:
    os.mkfifo(minimal_kb / "zz-fifo.yaml")
    kb, issues = finishes(lambda: validate(minimal_kb))
    assert kb is None
    assert [str(i) for i in issues if i.severity == "error"] == [f"zz-fifo.yaml:1: {NOT_REGULAR}"]


def test_a_symlink_to_a_device_is_an_error_and_is_not_read(minimal_kb: Path) -> None:
    (minimal_kb / "_lexicon.yaml").unlink()
    (minimal_kb / "_lexicon.yaml").symlink_to("/dev/zero")
    kb, issues = finishes(lambda: validate(minimal_kb))
    assert kb is None
    assert [str(i) for i in issues if i.severity == "error"] == [f"_lexicon.yaml:1: {NOT_REGULAR}"]


def test_a_profile_or_case_file_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    with pytest.raises(YamlError) as refused:
        finishes(lambda: load_yaml_file(fifo))
    assert refused.value.message == NOT_REGULAR.replace(": hãy bỏ nó ra khỏi thư mục chính sách", "")


def test_hot_reload_recovers_once_the_fifo_is_gone(minimal_kb: Path, data_dir: Path) -> None:
    settings = Settings(_env_file=None, policies_dir=minimal_kb, data_dir=data_dir, eligibility_cases_dir=None)
    store = KnowledgeStore.load(settings)
    fifo = minimal_kb / "zz-fifo.yaml"
    os.mkfifo(fifo)
    refused = finishes(lambda: store.reload(settings, None))
    assert not refused.ok()
    fifo.unlink()
    path = minimal_kb / "may-moc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Hỗ trợ máy móc thiết bị", "Hỗ trợ mua máy móc"),
                    encoding="utf-8")
    published = finishes(lambda: store.reload(settings, None))
    assert published.ok()
    assert store.current.kb.policies["may-moc"].title == "Hỗ trợ mua máy móc"


# ----- a busy group ------------------------------------------------------------------------------------
FLOOD_GROUP = -1002000


async def test_a_private_question_is_answered_while_a_group_floods_the_bot(settings: Settings, shipped: Snapshot) -> None:
    # Eight members of one supergroup send /help 20 times each: within the per-user limit, far beyond
    # the 20 messages a minute Telegram lets the bot send to one group.
    async with running_bot(settings, KnowledgeStore(shipped)) as bot:
        for member in range(8):
            for _ in range(20):
                await bot.api.push({"message": bot.api.message("/help", user_id=2000 + member, first_name="Thành viên",
                                                               chat_id=FLOOD_GROUP, chat_type="supergroup")})
        await eventually(lambda: bot.api.unconfirmed_updates == 0, what="the flood taken in")
        await bot.api.push({"message": bot.api.message("/help", user_id=100)})
        # A few seconds at most, not the minutes it takes the group's quota to let 160 answers through.
        await eventually(lambda: bool(bot.api.messages(100)), timeout=10.0, what="the private answer")
        assert bot.api.messages(100)[0].text == HELP
        await bot.settled(timeout=60.0)
        answered = len(bot.api.messages(FLOOD_GROUP))
        # The group got about its minute of quota; the rest was dropped, not queued for minutes.
        assert 1 <= answered <= 30, answered


async def test_an_unparseable_webhook_update_is_not_logged_with_its_contents(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    quiet_libraries("DEBUG")
    broken = {"update_id": 7, **OLD_POLL_ANSWER}
    broken["poll_answer"] = {**broken["poll_answer"], "user": {"id": 300, "is_bot": False, "first_name": SECRET}}
    async with webhook_bot(settings, KnowledgeStore(shipped)) as hook:
        refused = await hook.post(json=broken, headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        assert refused.status_code == 400
        answered = await hook.post(json={"update_id": 8, "message": hook.api.message("/help")},
                                   headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        assert answered.status_code == 200
        await hook.settled()
        assert [reply.text for reply in hook.api.messages()] == [HELP]
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "Chị Lan" not in logged and "ngõ Hoa" not in logged
    assert "Received data not logged" in logged
