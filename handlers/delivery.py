"""Delivering the outbox: staff notifications, staff answers relayed to owners, owners' follow-ups.

Each message was committed with the step that caused it (bot/desk/outbox.py); one background task
sends them after the commit, and after a restart whatever was left. A chat's messages go out in
order, chats in parallel (the staff group's 20 a minute never holds an owner's answer back).
A message goes out once: one that Telegram may have received (a lost answer) is never sent again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.desk import outbox, workflow
from bot.desk.models import Outbox, OutboxKind, RelaySide, SupportRequest
from bot.desk.repo import get_by_id
from bot.errors import StorageError
from bot.render import desk, texts
from bot.render.html import esc
from handlers import keyboards
from handlers.context import BotApplication, BotServices
from handlers.relay import desk_buttons
from handlers.send import run_db, send_with
from handlers.transport import safe_to_retry

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0  # how often retries that came due are looked for (a commit wakes the task at once)
# On stop, a send under way (or waiting up to 3 s for the staff group's 20-a-minute) finishes, so it is
# not repeated after the restart; no new one starts.
STOP_GRACE_SECONDS = 5.0
Due = list[tuple[Outbox, SupportRequest]]


def start(app: BotApplication) -> None:
    """Start the delivery task (post_init)."""
    services = app.bot_data
    if services.delivery is None or services.delivery.done():
        services.stopping = False
        services.delivery = asyncio.get_running_loop().create_task(_deliver_forever(app))


async def stop(app: BotApplication) -> None:
    """Stop delivering (post_stop and SIGTERM): undelivered messages stay in the outbox."""
    services = app.bot_data
    services.stopping = True
    services.outbox_ready.set()
    task, services.delivery = services.delivery, None
    if task is not None:
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await asyncio.wait_for(task, STOP_GRACE_SECONDS)


async def _deliver_forever(app: BotApplication) -> None:
    services = app.bot_data
    workers = services.outbox_workers
    try:
        while not services.stopping:
            services.outbox_scanning = True
            services.outbox_ready.clear()
            # A chat whose delivery runs while the outbox is read may have sent some of what the read
            # returns: it waits for the next round (a list fetched after it finished).
            busy = {chat_id for chat_id, task in workers.items() if not task.done()}
            for chat_id, items in _by_chat(await _due(services)).items():
                if chat_id not in busy and (chat_id not in workers or workers[chat_id].done()):
                    workers[chat_id] = asyncio.create_task(_deliver_chat(app, items))
            services.outbox_scanning = False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(services.outbox_ready.wait(), POLL_SECONDS)
    finally:
        services.outbox_scanning = False
        running = [task for task in workers.values() if not task.done()]
        if running:
            await asyncio.wait(running, timeout=STOP_GRACE_SECONDS)
        for task in running:
            task.cancel()
        workers.clear()


async def _due(services: BotServices) -> Due:
    def load(session: Any) -> Due:
        items = outbox.due(session)
        found = [(item, get_by_id(session, request_id=item.request_id)) for item in items]
        return [(item, request) for item, request in found if request is not None]

    try:
        return await run_db(services.engine, load, services.settings.db_timeout_seconds)
    except StorageError as exc:
        log.warning("Outbox not read: %s", exc)
        return []


def _by_chat(due: Due) -> dict[int, Due]:
    chats: dict[int, Due] = {}
    for item, request in due:
        chats.setdefault(item.chat_id, []).append((item, request))
    return chats


async def _deliver_chat(app: BotApplication, items: Due) -> None:
    """One chat's due messages, in order; the first that cannot go out yet holds back the rest."""
    for item, request in items:
        if app.bot_data.stopping or not await deliver(app, item, request):
            return
    app.bot_data.outbox_ready.set()  # more may have come for this chat meanwhile


async def deliver(app: BotApplication, item: Outbox, request: SupportRequest) -> bool:
    """Send one outbox message and record the outcome; False when it must be tried again later."""
    services = app.bot_data
    assert item.id is not None
    item_id = item.id
    try:
        html, markup, reply_to = await _render(services, item, request)
        sent = await send_with(app.bot, item.chat_id, html, markup, reply_to=reply_to)
    except RetryAfter as exc:
        wait = _seconds(exc)
        await _record(services, lambda s: outbox.retry_later(s, item_id=item_id, delay=wait, error="429"))
        return False
    except TelegramError as exc:
        return await _failed(app, item, request, exc)
    except StorageError:
        return False
    message_id = sent.message_id
    await _record(services, lambda s: outbox.sent(s, item_id=item_id, message_id=message_id), attempts=5)
    _ended(services, item_id)
    if item.kind == OutboxKind.OWNER_REPLY:
        await _tell_sender(app, item, request, texts.STAFF_RELAYED)
    return True


async def _failed(app: BotApplication, item: Outbox, request: SupportRequest, exc: TelegramError) -> bool:
    """A send that failed: tried again later if it cannot have arrived, otherwise given up (and the staff
    member who wrote it told); False when the chat's later messages must wait."""
    services, item_id, error = app.bot_data, item.id or 0, type(exc).__name__
    if safe_to_retry(exc):
        if not services.stopping:  # (when stopping, tried again after the restart)
            delay = min(services.settings.send_backoff_max_seconds * 4, 2.0 ** min(item.attempts, 6))
            await _record(services, lambda s: outbox.retry_later(s, item_id=item_id, delay=delay, error=error))
        return False
    log.warning("Outbox message %s (%s, %s) not delivered: %s", item_id, item.kind, request.code, error)
    await _record(services, lambda s: outbox.give_up(s, item_id=item_id, error=error))
    _ended(services, item_id)
    await _tell_sender(app, item, request, texts.STAFF_SEND_UNCERTAIN if _maybe_sent(exc) else texts.STAFF_SEND_FAILED)
    return True


def _ended(services: BotServices, item_id: int) -> None:
    """Wake whoever waits for this message's outcome (the web desk's reply box)."""
    if (waiter := services.outbox_done.get(item_id)) is not None:
        waiter.set()


async def _render(services: BotServices, item: Outbox, request: SupportRequest) -> tuple[str, Any, int | None]:
    code = esc(request.code)
    if item.kind == OutboxKind.STAFF_NEW:
        return desk.request_card(services.snapshot.kb, request), desk_buttons(request), None
    if item.kind == OutboxKind.OWNER_REPLY:
        answer = InlineKeyboardMarkup([[keyboards.button(texts.OWNER_BUTTON_ANSWER, "ow", item.request_id)]])
        return texts.OWNER_STAFF_REPLY.format(code=code, text=esc(item.text or "")), answer, None
    request_id, chat_id = item.request_id, item.chat_id
    thread = await run_db(
        services.engine,
        lambda s: workflow.staff_thread(s, request_id=request_id, chat_id=chat_id),
        services.settings.db_timeout_seconds,
    )
    return texts.STAFF_FOLLOWUP.format(code=code, text=esc(item.text or "")), None, thread


async def _record(services: BotServices, work: Any, attempts: int = 1) -> None:
    """Write a delivery's outcome; a message that went out is marked even through a database blip."""
    for attempt in range(attempts):
        try:
            await run_db(services.engine, work, services.settings.db_timeout_seconds)
            return
        except StorageError as exc:
            log.warning("Outbox outcome not written (attempt %d): %s", attempt + 1, exc)
            if attempt + 1 < attempts:
                await asyncio.sleep(0.5 * 2**attempt)


async def _tell_sender(app: BotApplication, item: Outbox, request: SupportRequest, template: str) -> None:
    """Tell the staff chat an answer came from whether it went out (nothing for other messages); a
    reply to that notice reaches the request too."""
    if item.notify_chat_id is None:
        return
    try:
        sent = await send_with(app.bot, item.notify_chat_id, template.format(code=esc(request.code)))
    except TelegramError as exc:
        log.warning("Staff not told about %s: %s", request.code, type(exc).__name__)
        return
    request_id, chat_id, message_id = item.request_id, sent.chat_id, sent.message_id
    await _record(
        app.bot_data,
        lambda s: workflow.delivered(
            s, request_id=request_id, chat_id=chat_id, message_id=message_id, side=RelaySide.STAFF
        ),
    )


def _maybe_sent(exc: TelegramError) -> bool:
    """A time-out or a dropped answer (not a refusal): Telegram may have received the message."""
    return not isinstance(exc, BadRequest | Forbidden)


def _seconds(exc: RetryAfter) -> float:
    after = exc.retry_after
    return after if isinstance(after, int | float) else after.total_seconds()
