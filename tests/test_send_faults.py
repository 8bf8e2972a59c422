"""Honest retries: a send is repeated only when Telegram cannot have processed it, an outage much
longer than the old retry budget loses no reply, and a database partition gets a clear answer.

The real bot polls the HTTP Bot API stand-in (tests/support/standin.py plays Telegram in trouble);
the partition is a TCP proxy in front of PostgreSQL that stops passing bytes without closing anything.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

import pytest
from sqlalchemy import make_url

from bot.config import Settings
from bot.policies.store import KnowledgeStore
from bot.render import texts
from bot.snapshot import Snapshot
from console.standin import SentCall
from tests.support.botapi import BotHarness, running_bot
from tests.support.db import needs_postgres
from tests.support.desk import ACK, STAFF_CHAT_ID, STAFF_ID
from tests.support.reload import STREAM_QUESTIONS, ask_each, failed_updates, reply_of
from tests.support.replies import ERROR
from tests.support.standin import Fault, FaultyStandIn
from tests.support.tcpproxy import TcpProxy
from tests.support.wait import eventually

SEND, POLL = frozenset({"sendMessage"}), frozenset({"getUpdates"})
EVERY_CALL = 1_000_000  # a fault that lasts until it is cleared


def quiet_settings(settings: Settings, **overrides: object) -> Settings:
    return settings.model_copy(update={"user_message_limit": 1_000_000, "watch_policies": False, **overrides})


async def test_answers_whose_response_is_lost_arrive_once_and_without_an_apology(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram delivers each message but every answer to the bot is lost: nothing is sent twice."""
    api = FaultyStandIn()
    async with running_bot(quiet_settings(settings), KnowledgeStore(shipped), api) as bot:
        reference = await ask_each(bot, user_id=6000)
        api.faults.append(Fault("lost_response", times=EVERY_CALL, methods=SEND))
        asked = {6100 + n: STREAM_QUESTIONS[n % len(STREAM_QUESTIONS)] for n in range(10)}
        for user_id, question in asked.items():
            await bot.api.push({"message": bot.api.message(question, user_id=user_id)})
        await eventually(lambda: all(bot.api.messages(u) for u in asked), 20, what="every answer")
        await bot.settled()
        lost = api.failures_served
        api.faults.clear()
        [help_reply] = await bot.say("/help", user_id=6200)  # a barrier: a late copy would be out by now
        assert help_reply.text == texts.HELP
    print(f"\n[lost answers] {len(asked)} answers, {lost} answers lost on the way back, copies: 0")  # noqa: T201
    assert lost >= len(asked)
    for user_id, question in asked.items():
        assert [reply_of(call) for call in bot.api.messages(user_id)] == [reference[question]], user_id
    assert not any(call.text == ERROR for call in bot.api.messages())
    assert failed_updates(caplog) == []


async def outage(api: FaultyStandIn, seconds: float) -> None:
    """Telegram answers 500 and 429 to everything for `seconds`, in turns, then recovers."""
    kinds = [("server_error", {}), ("retry_after", {"retry_after": 1})]
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    try:
        turn = 0
        while loop.time() < end:
            kind, extra = kinds[turn % len(kinds)]
            api.faults[:] = [Fault(kind, times=EVERY_CALL, **extra)]  # type: ignore[arg-type]
            await asyncio.sleep(min(1.0, end - loop.time()))
            turn += 1
    finally:
        api.faults.clear()


async def test_a_compressed_three_minute_outage_loses_no_reply(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture
) -> None:
    """The 3-minute outage scaled down: back-off capped at 0.2 s instead of 8 s, the outage 6 s
    instead of 180 s, so each reply is retried far more often than the 8 retries that used to
    lose it; nothing an owner asked is lost or doubled."""
    config = quiet_settings(settings, send_backoff_max_seconds=0.2, send_retry_seconds=60.0)
    rng = random.Random(3)
    api = FaultyStandIn()
    async with running_bot(config, KnowledgeStore(shipped), api) as bot:
        reference = await ask_each(bot, user_id=6000)
        asked = {6300 + n: rng.choice(STREAM_QUESTIONS) for n in range(8)}
        # The questions reach the bot, then Telegram goes down before any answer can be sent.
        api.faults.append(Fault("server_error", times=EVERY_CALL, methods=SEND))
        for user_id, question in asked.items():
            await bot.api.push({"message": bot.api.message(question, user_id=user_id)})
        await eventually(lambda: bot.api.unconfirmed_updates == 0, what="the questions fetched")
        await outage(api, 6.0)
        served = api.failures_served
        await eventually(lambda: all(bot.api.messages(u) for u in asked), 30, what="every answer")
        await bot.settled()
    print(f"\n[outage] {len(asked)} replies in flight, {served} failed attempts served, all delivered once")  # noqa: T201
    assert served > 8 * len(asked)  # far more than the old retry budget
    for user_id, question in asked.items():
        assert [reply_of(call) for call in bot.api.messages(user_id)] == [reference[question]], user_id
    assert failed_updates(caplog) == []


async def to_summary(bot: BotHarness, user_id: int) -> SentCall:
    """/yeucau up to the summary with its «✅ Gửi» button."""
    who = {"user_id": user_id, "first_name": "Lan"}
    await bot.say("/yeucau", expect=2, **who)
    for text in (f"Nguyễn Thị Lan {user_id}", "Cơ sở bánh tráng Tư Lan", "xã Hàm Thuận, tỉnh Lâm Đồng"):
        await bot.say(text, **who)
    await bot.say("0912 345 678", expect=2, **who)
    [summary] = await bot.say("Xin hỏi thủ tục đăng ký đề án khuyến công như thế nào?", **who)
    return summary


def send_button(summary: SentCall) -> str:
    return next(b["callback_data"] for row in summary.buttons for b in row if b["text"] == texts.REQ_BUTTON_SEND)


@needs_postgres
async def test_a_database_partition_gets_a_clear_answer_in_seconds_and_gui_again_stores_once(
    settings: Settings, shipped: Snapshot, postgres_db_url: str
) -> None:
    server = make_url(postgres_db_url)
    async with TcpProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        url = make_url(postgres_db_url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        config = quiet_settings(
            settings, database_url=url, staff_user_ids={STAFF_ID}, staff_chat_id=STAFF_CHAT_ID, db_timeout_seconds=1.5
        )
        async with running_bot(config, KnowledgeStore(shipped)) as bot:
            reference = await ask_each(bot, user_id=7000)
            summary = await to_summary(bot, 100)
            proxy.stall()  # packets vanish: no error, no reset, nothing
            calls = await bot.press(send_button(summary), summary, user_id=100, expect=2)
            assert [(c.method, c.text) for c in calls] == [("answerCallbackQuery", ""), ("sendMessage", texts.REQ_DB_DOWN)]
            # Answers need no database: they keep flowing during the partition.
            [reply] = await bot.say(STREAM_QUESTIONS[0], user_id=7100)
            assert reply_of(reply) == reference[STREAM_QUESTIONS[0]]
            await proxy.restore()
            # «✅ Gửi» again: one request, whether or not the first attempt got through in the end.
            await bot.send(bot.api.callback(send_button(summary), summary, user_id=100), expect=3, timeout=20)
            await bot.settled()
    acks = [found[1] for call in bot.api.messages(100) if (found := ACK.match(call.text))]
    notified = Counter(code for call in bot.api.messages(STAFF_CHAT_ID) for code in acks if code in call.text)
    assert len(acks) == 1 and notified == {acks[0]: 1}


async def test_the_backlog_after_an_outage_is_not_taken_for_a_flood(settings: Settings, shipped: Snapshot) -> None:
    """25 messages typed one every 4 s while the bot could not fetch them arrive at once: the spam
    limit (20 a minute) counts when they were sent, so every one is answered."""
    config = settings.model_copy(update={"user_message_limit": 20, "watch_policies": False})
    async with running_bot(config, KnowledgeStore(shipped)) as bot:
        typed_from = int(time.time()) - 100
        for n in range(25):
            message = bot.api.message("/help", user_id=6400)
            message["date"] = typed_from + 4 * n
            await bot.api.push({"message": message})
        await bot.api.wait_chat(6400, 25, 20)
        await bot.settled()
    assert [call.text for call in bot.api.messages(6400)] == [texts.HELP] * 25
