"""The bot under trouble: Bot API faults, a failing handler, spam, restarts and the webhook transport.

Same real `Application` as in production, talking HTTP to the Bot API stand-in (tests/support/botapi.py);
the faults are served by tests/support/standin.py.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.config import Settings
from bot.policies.store import KnowledgeStore
from bot.snapshot import Snapshot
from console.standin import BotApiStandIn
from handlers.transport import without_echoed_extras
from tests.support.botapi import WEBHOOK_SECRET, BotHarness, running_bot, webhook_bot
from tests.support.replies import CONTACT, ERROR, HELP, UNKNOWN_COMMAND
from tests.support.standin import Fault, FaultyStandIn
from tests.support.wait import eventually

TOO_FAST = "Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ một chút rồi gửi tiếp nhé. 🙏"
SEND = frozenset({"sendMessage"})
POLL = frozenset({"getUpdates"})


@pytest.fixture
async def bot(settings: Settings, shipped: Snapshot) -> AsyncIterator[BotHarness]:
    """The bot behind a stand-in that serves the faults a test appends to `bot.api.faults`."""
    async with running_bot(settings, KnowledgeStore(shipped), FaultyStandIn()) as harness:
        yield harness


def faulty(bot: BotHarness) -> FaultyStandIn:
    assert isinstance(bot.api, FaultyStandIn)
    return bot.api


def chat_texts(api: BotApiStandIn, chat_id: int = 100) -> list[str]:
    return [call.text for call in api.messages(chat_id)]


# ----- Bot API faults -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fault",
    [
        Fault("retry_after", methods=SEND, retry_after=1),
        Fault("server_error", times=2, methods=SEND),
        Fault("slow", methods=SEND, delay=1.0),
        Fault("lost_response", methods=SEND),  # Telegram got it: sending it again would be a second copy
    ],
    ids=["429-retry-after", "two-500s", "slow", "answer-lost"],
)
async def test_a_reply_arrives_exactly_once_despite_bot_api_trouble(bot: BotHarness, fault: Fault) -> None:
    expected_failures = fault.times
    faulty(bot).faults.append(fault)
    [reply] = await bot.say("/help")
    assert reply.text == HELP
    assert faulty(bot).failures_served == expected_failures
    # A later message is the barrier: any retry of the first one would have been sent by now.
    await bot.say("/lienhe")
    assert chat_texts(bot.api) == [HELP, CONTACT]


@pytest.mark.parametrize(
    "fault",
    [Fault("server_error", methods=POLL), Fault("retry_after", methods=POLL, retry_after=1)],
    ids=["500", "429-retry-after"],
)
async def test_polling_carries_on_after_get_updates_fails(bot: BotHarness, fault: Fault) -> None:
    faulty(bot).faults.append(fault)
    # Wake the long poll in flight (with an update the bot ignores) so the next one meets the fault.
    await bot.api.push({"message": bot.api.message("người trong nhóm nói chuyện", chat_id=-4001, chat_type="group")})
    await eventually(lambda: fault.times == 0)
    [reply] = await bot.say("/help")
    assert reply.text == HELP
    assert chat_texts(bot.api) == [HELP]


# ----- a failing handler --------------------------------------------------------------------------
async def explode(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A handler with a bug."""
    raise RuntimeError("boom")


async def test_a_handler_that_raises_gets_an_apology_and_a_logged_traceback(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    # A group of its own, ahead of every other, so that nothing else decides whether it runs.
    bot.app.add_handler(CommandHandler("boom", explode), group=min(bot.app.handlers) - 1)
    before = len(bot.api.sent)
    update = await bot.api.push({"message": bot.api.message("/boom")})
    await bot.api.wait_sent(before + 2)
    apology, carried_on = bot.api.sent[before:]
    assert apology.text == ERROR
    assert "parse_mode" not in apology.params
    # The failure is contained: the other handler groups still ran.
    assert carried_on.text == UNKNOWN_COMMAND
    [record] = [r for r in caplog.records if r.name == "handlers.errors" and r.levelno == logging.ERROR]
    logged = record.getMessage()
    assert logged.startswith(f"Update {update['update_id']} failed: ")
    assert "Traceback (most recent call last)" in logged
    assert 'raise RuntimeError("boom")' in logged
    assert "RuntimeError: boom" in logged


async def test_when_telegram_keeps_failing_past_the_retry_budget_the_user_gets_the_apology(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture
) -> None:
    no_retries = settings.model_copy(update={"network_retries": 0})
    async with running_bot(no_retries, KnowledgeStore(shipped), FaultyStandIn()) as bot:
        faulty(bot).faults.append(Fault("server_error", methods=SEND))
        [apology] = await bot.say("/help")
        assert apology.text == ERROR
        [reply] = await bot.say("/help")
        assert reply.text == HELP
    assert chat_texts(bot.api) == [ERROR, HELP]
    [record] = [r for r in caplog.records if r.name == "handlers.errors" and r.levelno == logging.ERROR]
    assert "ServerError" in record.getMessage()  # a 5xx (a NetworkError): surely not sent, so the apology


async def test_when_the_apology_fails_too_the_bot_logs_it_and_keeps_going(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture
) -> None:
    no_retries = settings.model_copy(update={"network_retries": 0})
    async with running_bot(no_retries, KnowledgeStore(shipped), FaultyStandIn()) as bot:
        fault = Fault("server_error", times=2, methods=SEND)
        faulty(bot).faults.append(fault)
        update = await bot.api.push({"message": bot.api.message("/help")})
        await eventually(lambda: fault.times == 0)
        await eventually(lambda: any("Could not send the apology" in r.getMessage() for r in caplog.records))
        [reply] = await bot.say("/lienhe")
        assert reply.text == CONTACT
    assert chat_texts(bot.api) == [CONTACT]
    assert f"Could not send the apology for update {update['update_id']}" in caplog.text


# ----- per-user spam limit ------------------------------------------------------------------------
@pytest.fixture
def strict(settings: Settings) -> Callable[[int], Settings]:
    def limited(limit: int) -> Settings:
        return settings.model_copy(update={"user_message_limit": limit, "user_message_window_seconds": 60})

    return limited


async def test_a_user_over_the_limit_is_told_once_then_ignored_and_others_are_unaffected(
    strict: Callable[[int], Settings], shipped: Snapshot
) -> None:
    async with running_bot(strict(3), KnowledgeStore(shipped)) as bot:
        for command in ("/help", "/lienhe", "/help"):
            [reply] = await bot.say(command)
            assert reply.text != TOO_FAST
        [notice] = await bot.say("hỗ trợ mua máy móc được bao nhiêu")
        assert notice.text == TOO_FAST
        assert notice.params["parse_mode"] == "HTML"
        assert await bot.quiet({"message": bot.api.message("hỗ trợ mua máy móc được bao nhiêu")}) == []
        [other] = await bot.say("/help", user_id=200)
        assert other.text == HELP
    assert chat_texts(bot.api) == [HELP, CONTACT, HELP, TOO_FAST]


async def test_a_blocked_users_button_press_gets_the_notice_as_a_toast(
    strict: Callable[[int], Settings], shipped: Snapshot
) -> None:
    async with running_bot(strict(1), KnowledgeStore(shipped)) as bot:
        [menu] = await bot.say("/start")
        calls = await bot.press("ct", menu, expect=1)
        assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", TOO_FAST)]
        assert await bot.quiet(bot.api.callback("ct", menu)) == []


async def test_a_blocked_user_in_a_group_gets_no_notice(strict: Callable[[int], Settings], shipped: Snapshot) -> None:
    group: dict[str, Any] = {"chat_id": -4001, "chat_type": "group"}
    async with running_bot(strict(1), KnowledgeStore(shipped)) as bot:
        [reply] = await bot.say("/help", **group)
        assert reply.text == HELP
        assert await bot.quiet({"message": bot.api.message("/help", **group)}) == []


# ----- conversation state across restarts ---------------------------------------------------------
async def test_the_last_question_survives_a_restart(settings: Settings, shipped: Snapshot) -> None:
    store = KnowledgeStore(shipped)
    async with running_bot(settings, store) as bot:
        await bot.say("hỗ trợ mua máy móc được bao nhiêu")
        await bot.say("chi phí", user_id=200)
    async with running_bot(settings, store) as restarted:
        assert restarted.app.user_data[100]["last_question"] == "hỗ trợ mua máy móc được bao nhiêu"
        assert restarted.app.user_data[100]["last_policy"] == "may-moc-thiet-bi"
        assert restarted.app.user_data[200]["last_question"] == "chi phí"
        [reply] = await restarted.say("/cancel")
    async with running_bot(settings, store) as again:
        assert "last_question" not in again.app.user_data[100]
        assert again.app.user_data[200]["last_question"] == "chi phí"
    assert reply.text == "Đã hủy. Bạn có thể gõ câu hỏi mới bất cứ lúc nào."


# ----- webhook ------------------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}], ids=["missing", "wrong"])
async def test_webhook_refuses_updates_without_the_secret_token(
    settings: Settings, shipped: Snapshot, headers: dict[str, str]
) -> None:
    async with webhook_bot(settings, KnowledgeStore(shipped)) as hook:
        response = await hook.post(json={"update_id": 1, "message": hook.api.message("/help")}, headers=headers)
        assert response.status_code == 403
        await hook.settled()
        assert hook.api.messages() == []


async def test_webhook_answers_updates_with_the_secret_token(settings: Settings, shipped: Snapshot) -> None:
    async with webhook_bot(settings, KnowledgeStore(shipped)) as hook:
        [set_webhook] = [call for call in hook.api.sent if call.method == "setWebhook"]
        assert set_webhook.params["url"] == "https://bot.example.org/telegram"
        assert set_webhook.params["secret_token"] == WEBHOOK_SECRET == "s3cret"
        response = await hook.post(
            json={"update_id": 1, "message": hook.api.message("/help")},
            headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"},
        )
        assert response.status_code == 200
        await hook.settled()
        [reply] = hook.api.messages()
        assert reply.text == HELP


async def test_a_send_dropped_before_any_answer_is_not_repeated_nor_apologised_for(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """The connection closes without an answer: the bot cannot know whether Telegram acted on it,
    so it neither sends it again (a possible second copy) nor apologises (for a reply that may be there)."""
    faulty(bot).faults.append(Fault("drop", methods=SEND))
    assert await bot.quiet({"message": bot.api.message("/help")}) == []
    [reply] = await bot.say("/lienhe")
    assert reply.text == CONTACT
    assert "a reply's fate is unknown" in caplog.text


# ----- what goes over the wire ------------------------------------------------------------------
async def test_an_answer_card_goes_out_as_json_with_its_keyboard_as_an_object(bot: BotHarness) -> None:
    [card] = await bot.say("mua máy móc có được hỗ trợ không")
    assert isinstance(card.params["reply_markup"], dict)  # a JSON body: no form-encoded strings
    assert card.params["link_preview_options"] == {"is_disabled": True}
    assert card.params["parse_mode"] == "HTML"
    again = await bot.say("mua máy móc có được hỗ trợ không")  # the cached keyboard, sent a second time
    assert again[0].params["reply_markup"] == card.params["reply_markup"]


@pytest.mark.parametrize(
    ("payload", "kept"),
    [
        (b'{"ok":true,"result":{"message_id":1,"text":"x","entities":[],"reply_markup":{"inline_keyboard":[]}}}',
         b'{"ok":true,"result":{"message_id":1,"text":"x"}}'),
        (b'{"ok":true,"result":true}', b'{"ok":true,"result":true}'),
        (b'{"ok":false,"description":"reply_markup is wrong"}', b'{"ok":false,"description":"reply_markup is wrong"}'),
        (b'not json "reply_markup"', b'not json "reply_markup"'),
    ],
    ids=["sent-message", "no-message", "error", "garbage"],
)
def test_only_the_keyboard_and_formatting_telegram_echoes_back_are_dropped(payload: bytes, kept: bytes) -> None:
    assert without_echoed_extras(payload) == kept
