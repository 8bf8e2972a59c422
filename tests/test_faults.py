"""Faults the bot must ride out: a Telegram outage, the database going away, policy files broken mid-reload.

Each test runs the real bot (long polling against the HTTP Bot API stand-in) and keeps users busy
while the fault lasts; afterwards every user has exactly the answers they would have had anyway.

The Telegram outage test lasts about 40 s (a 30 s outage, then the backlog): it is marked `slow`.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, make_url
from sqlmodel import select

from bot import localtime
from bot.config import Settings
from bot.desk import state
from bot.desk.db import make_engine, session_scope
from bot.desk.models import QuestionLog, RelayMessage, RequestEvent, SupportRequest
from bot.policies.gate import stale_content
from bot.policies.loader import load_knowledge_base
from bot.policies.store import KnowledgeStore
from bot.render import texts
from bot.snapshot import Snapshot
from console.standin import BotApiStandIn, SentCall
from tests.support.botapi import BotHarness, running_bot
from tests.support.db import needs_postgres
from tests.support.reload import (
    ADMIN,
    STREAM_QUESTIONS,
    QuestionStream,
    Reply,
    admin_told,
    ask_each,
    failed_updates,
    kb_status,
    line_of,
    reload_settings,
    reply_of,
    version_in,
)
from tests.support.replies import ERROR
from tests.support.standin import Fault, FaultyStandIn
from tests.support.tcpproxy import TcpProxy
from tests.support.wait import eventually

SEND, POLL = "sendMessage", "getUpdates"
BOTH = frozenset({SEND, POLL})
ACK = re.compile(r"^✅ Đã nhận yêu cầu <b>(YC-\d{4}-\d{6})</b>\.")
STAFF_ID, STAFF_CHAT = 900, -100


def reply_texts(api: BotApiStandIn, chat_id: int) -> list[Reply]:
    return [reply_of(call) for call in api.messages(chat_id)]


# ----- Telegram: a 30-second outage ---------------------------------------------------------------
def outage_windows() -> list[list[Fault]]:
    """2.5-second windows of trouble, on sending and on polling: 429s, 500s, answers lost on the way
    back (the call was served: it must not be repeated), slowness.

    Every fault repeats for its whole window (times is only a ceiling)."""

    def fault(kind: str, methods: frozenset[str], **kwargs: float) -> Fault:
        return Fault(kind, times=1_000_000, methods=methods, **kwargs)  # type: ignore[arg-type]

    send, poll = frozenset({SEND}), frozenset({POLL})
    return [
        [fault("retry_after", BOTH, retry_after=1)],
        [fault("server_error", BOTH)],
        [fault("lost_response", BOTH)],
        [fault("slow", BOTH, delay=2.0)],
        [fault("server_error", send), fault("lost_response", poll)],
        [fault("retry_after", send, retry_after=2), fault("server_error", poll)],
        [fault("lost_response", send), fault("slow", poll, delay=2.0)],
        [fault("server_error", BOTH)],
        [fault("slow", send, delay=1.5), fault("retry_after", poll, retry_after=1)],
        [fault("lost_response", BOTH)],
        [fault("retry_after", BOTH, retry_after=1)],
        [fault("server_error", BOTH)],
    ]


async def outage(api: FaultyStandIn, window: float = 2.5) -> None:
    """The stand-in misbehaves for len(outage_windows()) × `window` seconds (30 s), then recovers."""
    try:
        for faults in outage_windows():
            api.faults[:] = faults
            await asyncio.sleep(window)
    finally:
        api.faults.clear()


@pytest.mark.slow
@pytest.mark.timeout(300)  # the outage alone is 30 s of wall-clock time, whatever the machine
async def test_a_30_second_telegram_outage_delays_replies_but_each_arrives_exactly_once(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture
) -> None:
    """About 40 s: 6 users ask 4 questions each at random moments of a 30 s outage."""
    config = settings.model_copy(update={"user_message_limit": 1_000_000, "watch_policies": False})
    rng = random.Random(6)
    users = range(6001, 6007)
    asked: dict[int, list[str]] = {user: [] for user in users}
    api = FaultyStandIn()
    async with running_bot(config, KnowledgeStore(shipped), api) as bot:
        reference = await ask_each(bot, user_id=6000)
        trouble = asyncio.create_task(outage(api))

        async def user(user_id: int) -> None:
            for _ in range(4):
                await asyncio.sleep(rng.uniform(0.0, 6.5))
                question = rng.choice(STREAM_QUESTIONS)
                asked[user_id].append(question)
                await bot.api.push({"message": bot.api.message(question, user_id=user_id)})

        await asyncio.gather(*(user(user_id) for user_id in users))
        await trouble
        assert api.failures_served > 100
        served_during_outage = api.failures_served
        await eventually(lambda: all(len(bot.api.messages(u)) >= len(asked[u]) for u in users), timeout=60)
        [help_reply] = await bot.say("/help", user_id=6100)  # a barrier: any duplicate would be out by now
        assert help_reply.text == texts.HELP
        assert bot.app.running and bot.app.updater is not None and bot.app.updater.running
    assert api.failures_served == served_during_outage
    for user_id in users:
        assert Counter(reply_texts(bot.api, user_id)) == Counter(reference[q] for q in asked[user_id]), user_id
    assert failed_updates(caplog) == []


# ----- the database goes away ---------------------------------------------------------------------
def behind(proxy: TcpProxy, url: str) -> str:
    """The same database, reached through the proxy."""
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


async def fill_request_form(bot: BotHarness, user_id: int) -> SentCall:
    """/yeucau up to the summary with its «✅ Gửi» button (nothing is stored before that)."""
    who = {"user_id": user_id, "first_name": "Lan"}
    intro = await bot.say("/yeucau", expect=2, **who)
    assert [c.text for c in intro] == [texts.REQ_INTRO, texts.REQ_ASK_NAME]
    await bot.say(f"Nguyễn Thị Lan {user_id}", **who)
    await bot.say("Cơ sở bánh tráng Tư Lan", **who)
    await bot.say("xã Hàm Thuận, tỉnh Lâm Đồng", **who)
    await bot.say("0912 345 678", expect=2, **who)
    [summary] = await bot.say("Xin hỏi thủ tục đăng ký đề án khuyến công như thế nào?", **who)
    assert summary.button_texts()[0] == texts.REQ_BUTTON_SEND
    return summary


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return {
                table.__tablename__: session.exec(select(func.count()).select_from(table)).one()  # type: ignore[attr-defined]
                for table in (SupportRequest, RequestEvent, RelayMessage, QuestionLog)
            }
    finally:
        engine.dispose()


@needs_postgres
async def test_postgresql_going_away_keeps_answers_flowing_and_tells_request_senders_to_retry(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture, postgres_db_url: str
) -> None:
    server = make_url(postgres_db_url)
    async with TcpProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        url = behind(proxy, postgres_db_url)
        config = settings.model_copy(
            update={
                "database_url": url,
                "staff_user_ids": {STAFF_ID},
                "staff_chat_id": STAFF_CHAT,
                "user_message_limit": 1_000_000,
                "watch_policies": False,
            }
        )
        async with running_bot(config, KnowledgeStore(shipped)) as bot:
            writer = bot.app.bot_data.question_log
            reference = await ask_each(bot, user_id=7000)
            await eventually(lambda: writer.pending() == 0)  # the flush job writes every 2 s
            lan, minh = await fill_request_form(bot, 100), await fill_request_form(bot, 101)

            await proxy.cut()
            # Answers keep flowing; the question log keeps what it cannot write.
            for index, question in enumerate(STREAM_QUESTIONS * 2):
                [reply] = await bot.say(question, user_id=7100 + index)
                assert reply_of(reply) == reference[question]
            # A request sender is told it was not sent, and nothing says "received".
            for owner, summary in ((100, lan), (101, minh)):
                calls = await bot.press("rs", summary, user_id=owner)
                assert [(c.method, c.text) for c in calls] == [("answerCallbackQuery", ""), ("sendMessage", texts.REQ_DB_DOWN)]
            await eventually(lambda: "Question log not written" in caplog.text, timeout=10)
            assert writer.pending() == 2 * len(STREAM_QUESTIONS)

            await proxy.restore()
            # Pressing «✅ Gửi» again stores the request, once, and says so.
            calls = await bot.press("rs", lan, user_id=100, expect=3)
            [ack] = [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == 100]
            found = ACK.match(ack.text)
            assert found is not None, ack.text
            [notification] = [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == STAFF_CHAT]
            assert found[1] in notification.text
            # The question log catches up by itself.
            await eventually(lambda: writer.pending() == 0, timeout=10)
            stored = await asyncio.to_thread(counts, url)
        texts_to = {owner: [c.text for c in bot.api.messages(owner)] for owner in (100, 101)}
    assert [t for t in texts_to[100] if ACK.match(t)] == [ack.text]
    assert not any(ACK.match(t) for t in texts_to[101])  # never pressed again: never received
    assert texts_to[101][-1] == texts.REQ_DB_DOWN
    assert stored == {
        "support_request": 1,  # Lan's, once; nothing of the attempts made while the database was away
        "request_event": 1,
        "relay_message": 1,
        "question_log": 3 * len(STREAM_QUESTIONS),
    }
    assert failed_updates(caplog) == []


# ----- a policy file broken while the bot reloads -------------------------------------------------
def garbage(path: Path) -> str:
    path.write_bytes(bytes(range(256)) * 8)
    return f"{path.name}:2: tệp không phải văn bản UTF-8 (byte 0x80); hãy lưu lại với mã UTF-8"


def truncated(path: Path) -> str:
    """An editor that has written the first part of the file and not yet the rest."""
    content = path.read_text(encoding="utf-8")
    cut = content.index('  - "Khuyến công có mở lớp dạy nghề') + len('  - "Khuyến công có mở lớp')
    path.write_text(content[:cut], encoding="utf-8")
    return f"{path.name}:{content[:cut].count(chr(10)) + 1}: lỗi cú pháp YAML: tệp kết thúc giữa chừng (thiếu dấu nháy đóng?)"


def deleted(path: Path) -> str:
    path.unlink()
    folder = path.parent
    first, second = folder / "nang-luc-quan-ly.yaml", folder / "nghe-nhan-lang-nghe.yaml"
    return "\n".join(
        f"{other.name}:{line_of(other, '  - dao-tao-nghe')}: related[{index}]: chính sách 'dao-tao-nghe' không tồn tại"
        for other, index in ((first, related_index(first)), (second, related_index(second)))
    )


def related_index(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("related:")
    return lines[start + 1 :].index("  - dao-tao-nghe")


@pytest.mark.parametrize("break_file", [garbage, truncated, deleted], ids=["garbage", "truncated-mid-write", "deleted"])
async def test_a_policy_file_broken_while_users_ask_leaves_the_last_good_version_serving_and_admins_told(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture, break_file: Callable[[Path], str]
) -> None:
    live = tmp_path / "policies"
    shutil.copytree(Path(settings.policies_dir), live)
    path = live / "dao-tao-nghe.yaml"
    original = path.read_bytes()
    config = reload_settings(settings, live)
    async with running_bot(config, KnowledgeStore.load(config)) as bot:
        reference = await ask_each(bot, user_id=3000)
        v0 = version_in(await kb_status(bot))
        async with QuestionStream(bot, range(2001, 2005)).running() as stream:
            await stream.until(lambda: stream.count() >= 8)
            told = len(bot.api.messages(ADMIN))
            errors = break_file(path)
            rejected = await admin_told(bot, told, lambda t: t.startswith("❌"), touch=path)
            assert rejected == (
                f"❌ <b>Không nạp được thay đổi chính sách</b> — bot vẫn dùng phiên bản <code>{v0}</code>.\n"
                "Lỗi cần sửa:\n" + "\n".join(f"• <code>{line}</code>" for line in errors.splitlines())
            )
            status = await kb_status(bot)
            assert version_in(status) == v0 and "Lần nạp gần nhất bị từ chối" in status
            answered = stream.count()
            await stream.until(lambda: stream.count() >= answered + 12)  # still answering, from the good version

            told = len(bot.api.messages(ADMIN))
            path.write_bytes(original + b"# sua lai xong\n")  # the admin puts it right (with a note)
            published = await admin_told(bot, told, lambda t: t.startswith("✅"), touch=path)
            v1 = version_in(published)
            reviews = len(stale_content(load_knowledge_base(path.parent), localtime.today()))
            counts = f"{len(load_knowledge_base(path.parent).policies)} chính sách, {5 + reviews} cảnh báo"
            assert published == f"✅ Đã nạp phiên bản <code>{v1}</code> ({counts})."
            answered = stream.count()
            await stream.until(lambda: stream.count() >= answered + 8)
    for answers in stream.answers.values():
        for question, reply in answers:
            assert reply == reference[question]
            assert reply[0] != ERROR
    assert failed_updates(caplog) == []


def test_the_proxy_is_a_faithful_pipe() -> None:
    """The proxy used above, on its own: an echo server reached through it, then cut and restored."""

    async def scenario() -> None:
        async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while data := await reader.read(1024):
                writer.write(data)
                await writer.drain()
            writer.close()

        server = await asyncio.start_server(echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with TcpProxy("127.0.0.1", port) as proxy:
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            writer.write(b"xin chao")
            assert await reader.readexactly(8) == b"xin chao"
            await proxy.cut()
            with contextlib.suppress(ConnectionResetError):  # the open connection is gone (reset, or closed)
                assert await reader.read(1024) == b""
            writer.close()
            with pytest.raises(OSError):
                await asyncio.open_connection("127.0.0.1", proxy.port)  # and new ones are refused
            await proxy.restore()
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            writer.write(b"lai roi")
            assert await reader.readexactly(7) == b"lai roi"
            writer.close()
        server.close()

    asyncio.run(scenario())



# ----- conversation state in the database ---------------------------------------------------------
def saved_user_data(url: str) -> dict[int, dict[str, object]]:
    """user_data as the database has it now, read through a connection of our own."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return {int(key): data for key, data in state.load(session, kind=state.USER).items()}
    finally:
        engine.dispose()


async def test_conversation_state_is_in_the_database_after_each_persistence_cycle_not_only_at_shutdown(
    settings: Settings, shipped: Snapshot, tmp_path: Path
) -> None:
    """A crash loses at most the last cycle: what a cycle wrote is committed, for every user."""
    config = settings.model_copy(update={"watch_policies": False, "user_message_limit": 1_000_000})
    question = STREAM_QUESTIONS[1]
    crash_copy = tmp_path / "after-crash"
    store = KnowledgeStore(shipped)
    users = range(300, 360)
    async with running_bot(config, store) as bot:
        for user_id in users:
            await bot.say(question, user_id=user_id)
        await bot.app.update_persistence()  # what the Application does every second
        saved = saved_user_data(config.db_url)
        assert all(saved.get(u, {}).get("last_question") == question for u in users)
        shutil.copytree(config.data_dir, crash_copy)  # the data folder as a crash right now would leave it
    async with running_bot(config.model_copy(update={"data_dir": crash_copy}), store) as restarted:
        assert all(restarted.app.user_data[user_id]["last_question"] == question for user_id in users)
        assert restarted.app.user_data[359]["last_policy"] == "may-moc-thiet-bi"


async def test_a_truncated_state_file_of_an_older_version_is_set_aside_and_the_bot_starts(
    settings: Settings, shipped: Snapshot, caplog: pytest.LogCaptureFixture
) -> None:
    config = settings.model_copy(update={"watch_policies": False})
    config.data_dir.mkdir(parents=True, exist_ok=True)
    whole = pickle.dumps({"user_data": {7: {"last_question": "máy sấy"}}, "conversations": {}})
    config.state_file.write_bytes(whole[: len(whole) // 2])  # a kill (or a full disk) mid-write
    async with running_bot(config, KnowledgeStore(shipped)) as bot:
        [reply] = await bot.say("/help")
        assert reply.text == texts.HELP
    assert not config.state_file.exists() and config.state_file.with_suffix(".corrupt").exists()
    assert "Conversation state file unreadable" in caplog.text


async def test_the_state_file_of_an_older_version_moves_into_the_database_once(
    settings: Settings, shipped: Snapshot
) -> None:
    config = settings.model_copy(update={"watch_policies": False})
    config.data_dir.mkdir(parents=True, exist_ok=True)
    legacy = {"user_data": {7: {"last_question": "máy sấy"}}, "conversations": {"eligibility": {(7, 7): 1}}}
    config.state_file.write_bytes(pickle.dumps(legacy))
    async with running_bot(config, KnowledgeStore(shipped)) as bot:
        assert bot.app.user_data[7]["last_question"] == "máy sấy"
    assert config.state_file.with_suffix(".imported").exists()
    assert saved_user_data(config.db_url)[7] == {"last_question": "máy sấy"}
