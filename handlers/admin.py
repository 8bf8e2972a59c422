"""Admins: hot reload (file watcher and /reload), /kbstatus, /unanswered → new example questions, /thongke.

Every admin command and button is guarded by `admin_only`; a new version is published only through
the publish gate (bot.policies.gate.check) that the CLI and startup use too."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot import localtime
from bot.desk import repo, stats
from bot.desk.models import utcnow
from bot.policies.editing import add_example, check_with_example, remove_example
from bot.policies.gate import CheckReport
from bot.render import desk, texts
from bot.render.html import esc
from handlers import keyboards
from handlers.callbacks import parse
from handlers.context import BotApplication, Context
from handlers.guards import admin_only
from handlers.send import in_db, reply

log = logging.getLogger(__name__)
UNANSWERED_KEY = "unanswered"


async def reload_knowledge(app: BotApplication) -> tuple[CheckReport, bool]:
    """Check and publish the policies folder off the event loop; returns (report, swapped)."""
    services = app.bot_data
    before = services.store.current.kb.version
    report = await asyncio.to_thread(services.store.reload, services.settings, services.settings.eligibility_cases_dir)
    swapped = services.store.current.kb.version != before
    if swapped:
        log.info("Knowledge base %s published (was %s)", services.store.current.kb.version, before)
    elif not report.ok():
        log.warning("Knowledge base change rejected: %d errors", len(report.errors))
    return report, swapped


async def tell_admins(app: BotApplication, html: str) -> None:
    """Message every admin privately (failures are logged, never raised)."""
    for admin_id in app.bot_data.settings.admin_user_ids:
        try:
            await app.bot.send_message(admin_id, html, parse_mode="HTML")
        except TelegramError as exc:
            log.warning("Admin %s not told about the reload: %s", admin_id, type(exc).__name__)


def _outcome(app: BotApplication, report: CheckReport, swapped: bool) -> str:
    kb = app.bot_data.store.current.kb
    if not report.ok():
        return texts.RELOAD_FAILED.format(version=kb.version, errors=desk.issues_list(report.errors))
    if swapped:
        return texts.RELOAD_OK.format(version=kb.version, policies=len(kb.policies), warnings=len(report.warnings))
    return texts.RELOAD_SAME.format(version=kb.version)


async def watch_policies(app: BotApplication, retry_after: float = 5.0) -> None:
    """Reload whenever a file in the policies folder changes (debounced by watchfiles).

    Nothing stops the watcher but cancellation: a reload or a notification that fails is logged,
    and if the folder itself disappears the watcher waits for it to come back."""
    from watchfiles import awatch  # only the running bot watches; the CLI never imports it

    directory: Path = app.bot_data.settings.policies_dir
    while True:
        try:
            async for _changes in awatch(directory, debounce=800, step=100, recursive=False):
                try:
                    report, swapped = await reload_knowledge(app)
                    if swapped or not report.ok():
                        await tell_admins(app, _outcome(app, report, swapped))
                except Exception:
                    log.exception("Reload after a change in %s failed", directory)
        except Exception as exc:  # e.g. the folder was removed: watch again once it is back
            log.warning("Watching %s stopped (%s); retrying in %.0fs", directory, type(exc).__name__, retry_after)
        await asyncio.sleep(retry_after)


@admin_only
async def reload_command(update: Update, context: Context) -> None:
    """/reload: check and publish the policies folder now."""
    report, swapped = await reload_knowledge(context.application)
    await reply(update, context, _outcome(context.application, report, swapped))


@admin_only
async def kb_status(update: Update, context: Context) -> None:
    """/kbstatus: version (content hash), loaded at, counts, warnings."""
    store = context.bot_data.store
    kb = store.current.kb
    error = texts.KB_LAST_ERROR.format(count=len(store.last_error.errors)) if store.last_error else ""
    text = texts.KB_STATUS.format(
        version=kb.version,
        loaded_at=localtime.format_moment(kb.loaded_at, "%d/%m/%Y %H:%M:%S") + texts.VIETNAM_TIME,
        policies=len(kb.policies),
        examples=sum(len(p.examples) for p in kb.policies.values()),
        legal=len(kb.legal),
        warnings=len(kb.warnings),
        error=error,
    )
    await reply(update, context, text)


@admin_only
async def unanswered(update: Update, context: Context) -> None:
    """/unanswered: the week's most frequent unanswered questions, each a button to add it as an example."""
    await asyncio.to_thread(context.bot_data.question_log.flush)
    since = utcnow() - timedelta(days=7)
    found = await in_db(context, lambda s: repo.unanswered(s, since=since, top=10))
    if not found:
        await reply(update, context, texts.UNANSWERED_NONE)
        return
    assert context.user_data is not None
    context.user_data[UNANSWERED_KEY] = [example for _, _, example in found]
    rows = [[keyboards.button(f"{count}× {example}", "ua", index)] for index, (_, count, example) in enumerate(found)]
    await reply(update, context, texts.UNANSWERED_TITLE, InlineKeyboardMarkup(rows))


@admin_only
async def unanswered_button(update: Update, context: Context) -> None:
    """ua:<n> → choose the policy; ux:<n>:<policy> → add the example, re-check and reload."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    pressed = parse(query.data)
    questions: list[str] = context.user_data.get(UNANSWERED_KEY, [])
    snapshot = context.bot_data.snapshot
    stale = pressed is None or not 0 <= pressed.page < len(questions)
    if stale or (pressed is not None and pressed.action == "ux" and pressed.policy not in snapshot.kb.policies):
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    assert pressed is not None
    await query.answer()
    question = questions[pressed.page]
    if pressed.action == "ua":
        ranked = [m.policy_id for m in snapshot.matcher.match(question).matches]
        ordered = ranked + [pid for pid in snapshot.kb.policies if pid not in ranked]
        rows = [[keyboards.button(snapshot.kb.policies[pid].title, "ux", pressed.page, pid)] for pid in ordered]
        pick = texts.UNANSWERED_PICK.format(question=esc(question))
        await reply(update, context, pick, InlineKeyboardMarkup(rows))
        return
    assert pressed.policy is not None
    await _add_example(update, context, pressed.policy, question)


async def add_example_and_publish(app: BotApplication, policy_id: str, question: str) -> CheckReport:
    """Add `question` to a policy's examples in place, through the publish gate (the report says
    whether it went live); /unanswered's buttons and the web desk both use this."""
    config = app.bot_data.settings
    path = config.policies_dir / f"{policy_id}.yaml"
    # Try the addition on a copy of the folder first: a rejected change never reaches the live
    # folder, so neither the watcher nor a concurrent /reload can see it.
    trial = await asyncio.to_thread(check_with_example, config, path.name, question)
    if not trial.ok():
        return trial
    await asyncio.to_thread(add_example, path, question)
    report, _ = await reload_knowledge(app)
    if not report.ok():  # the folder changed meanwhile and the whole is rejected: take ours back out
        await asyncio.to_thread(remove_example, path, question)
        await reload_knowledge(app)
    return report


async def _add_example(update: Update, context: Context, policy_id: str, question: str) -> None:
    report = await add_example_and_publish(context.application, policy_id, question)
    if not report.ok():
        await reply(update, context, texts.UNANSWERED_REJECTED.format(errors=desk.issues_list(report.errors)))
        return
    version = context.bot_data.store.current.kb.version
    added = texts.UNANSWERED_ADDED.format(question=esc(question), file=esc(f"{policy_id}.yaml"), version=version)
    await reply(update, context, added)


@admin_only
async def period_stats(update: Update, context: Context) -> None:
    """/thongke: questions per day, share answered, top policies, requests by status, median first reply."""
    await asyncio.to_thread(context.bot_data.question_log.flush)
    since = utcnow() - timedelta(days=7)
    numbers = await in_db(context, lambda s: stats.period_stats(s, since=since))
    await reply(update, context, desk.period_stats(context.bot_data.snapshot.kb, numbers))
