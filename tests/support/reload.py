"""Admins editing policy files while users keep asking: the helpers of the reload, admin and fault tests.

The bot runs on a writable copy of the shipped policies (the `live_kb` fixture) with admin 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlmodel import select

from bot.config import Settings
from bot.desk.db import session_scope
from bot.desk.models import QuestionLog
from bot.policies.store import KnowledgeStore
from console.standin import BotApiStandIn, SentCall
from tests.support.botapi import BotHarness, running_bot
from tests.support.wait import eventually

ADMIN = 1
# What a fixed version changes, so that each answer shows which version it came from.
OLD_TITLE_TEXT = "Đào tạo nghề, truyền nghề, nâng cao tay nghề cho người lao động"
NEW_TITLE_TEXT = "Đào tạo nghề, truyền nghề và bồi dưỡng tay nghề cho người lao động"
OLD_TITLE, NEW_TITLE = f'title: "{OLD_TITLE_TEXT}"', f'title: "{NEW_TITLE_TEXT}"'

# Questions the users keep asking: each answered directly by one policy in every version.
STREAM_QUESTIONS = [
    "Khuyến công có mở lớp dạy nghề cho công nhân mới vào xưởng không?",
    "ho tro mua may moc thiet bi tien tien toi da bao nhieu",
    "Đi hội chợ ở Hà Nội, tiền thuê gian hàng có được khuyến công chi trả phần nào không?",
    "Đăng ký nhãn hiệu cho sản phẩm nước mắm có được khuyến công hỗ trợ phí không?",
    "xay dung thuong hieu cho banh trang phoi suong thi ho tro toi da bao nhieu",
]
# A stream user's pause between getting an answer and asking again: users in a stream, not a flood
# (a flood would starve the reload, which runs in a worker thread, of the GIL).
THINK_TIME = 0.03
TOUCH_EVERY = 3.0  # seconds; see admin_told


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace one snippet in a file; returns the line where the new text is."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line_of(path, new.splitlines()[0])


def reload_settings(settings: Settings, folder: Path, *, watch: bool = True) -> Settings:
    """`settings` on the policies in `folder`, with admin 1 and no spam limit to speak of."""
    return settings.model_copy(
        update={
            "policies_dir": folder,
            "watch_policies": watch,
            "admin_user_ids": {ADMIN},
            "user_message_limit": 1_000_000,
        }
    )


@contextlib.asynccontextmanager
async def admin_bot(settings: Settings) -> AsyncIterator[BotHarness]:
    """The bot on the policies folder of `settings`, loaded from it."""
    async with running_bot(settings, KnowledgeStore.load(settings)) as bot:
        yield bot


def admin_texts(api: BotApiStandIn, since: int = 0) -> list[str]:
    return [call.text for call in api.messages(ADMIN)[since:]]


async def admin_told(
    bot: BotHarness, since: int, wanted: Callable[[str], bool], *, touch: Path | None = None, timeout: float = 20.0
) -> str:
    """Wait for a message to the admin (after the first `since`) that satisfies `wanted`; return it.

    `touch`: a file rewritten (same bytes) every few seconds meanwhile, in case the watcher was not yet
    watching when the change was made (not sooner: a reload takes over a second, and each touch is
    another change for the watcher to reload)."""
    loop = asyncio.get_running_loop()
    next_touch = loop.time() + TOUCH_EVERY
    found: list[str] = []

    def told() -> bool:
        nonlocal next_touch
        found[:] = [text for text in admin_texts(bot.api, since) if wanted(text)][:1]
        if not found and touch is not None and loop.time() > next_touch and touch.exists():
            touch.write_bytes(touch.read_bytes())
            next_touch = loop.time() + TOUCH_EVERY
        return bool(found)

    try:
        await eventually(told, timeout)
    except AssertionError:
        raise AssertionError(f"admin was not told; got {admin_texts(bot.api, since)}") from None
    return found[0]


async def admin_says(bot: BotHarness, text: str, starts: str = "") -> str:
    """An admin command; returns the bot's reply to the admin (the first new one starting with `starts`).

    Other users may be chatting meanwhile, so only the admin's chat is looked at."""
    told = len(bot.api.messages(ADMIN))
    await bot.api.push({"message": bot.api.message(text, user_id=ADMIN, first_name="Quản trị")})
    return await admin_told(bot, told, lambda reply: reply.startswith(starts))


async def kb_status(bot: BotHarness) -> str:
    return await admin_says(bot, "/kbstatus", "📚")


def version_in(text: str) -> str:
    found = re.search(r"<code>([0-9a-f]{12})</code>", text)
    assert found is not None, text
    return found[1]


Reply = tuple[str, tuple[str, ...]]  # text and button labels


def reply_of(call: SentCall) -> Reply:
    return call.text, tuple(call.button_texts())


async def ask_each(bot: BotHarness, user_id: int) -> dict[str, Reply]:
    """Every stream question once, from one user: the reference answers of the version now live."""
    answers = {}
    for question in STREAM_QUESTIONS:
        [reply] = await bot.say(question, user_id=user_id)
        answers[question] = reply_of(reply)
    return answers


@dataclass
class QuestionStream:
    """Users asking the stream questions one after the other (each waits for its answer) until stopped."""

    bot: BotHarness
    users: range
    answers: dict[int, list[tuple[str, Reply]]] = field(default_factory=dict)
    stopped: asyncio.Event = field(default_factory=asyncio.Event)

    async def _user(self, user_id: int) -> None:
        api = self.bot.api
        got = self.answers.setdefault(user_id, [])
        for question in itertools.cycle(STREAM_QUESTIONS[user_id % len(STREAM_QUESTIONS) :] + STREAM_QUESTIONS):
            if self.stopped.is_set():
                return
            before = len(api.messages(user_id))
            await api.push({"message": api.message(question, user_id=user_id)})
            await api.wait_chat(user_id, before + 1, timeout=20)
            [reply] = api.messages(user_id)[before:]  # exactly one answer per question
            got.append((question, reply_of(reply)))
            await asyncio.sleep(THINK_TIME)

    async def until(self, condition: Callable[[], bool], timeout: float = 20.0) -> None:
        await eventually(condition, timeout, what="the stream there")

    def count(self) -> int:
        return sum(len(a) for a in self.answers.values())

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[QuestionStream]:
        tasks = [asyncio.create_task(self._user(user_id)) for user_id in self.users]
        try:
            yield self
        finally:
            self.stopped.set()
            await asyncio.gather(*tasks)


def failed_updates(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "handlers.errors" and r.levelno >= logging.ERROR]


def logged_versions(bot: BotHarness) -> list[str | None]:
    bot.app.bot_data.question_log.flush()
    with session_scope(bot.app.bot_data.engine) as session:
        return list(session.exec(select(QuestionLog.kb_version).order_by(QuestionLog.id)))
