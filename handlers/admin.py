"""Admins: hot reload (file watcher and /reload), /kbstatus, /unanswered → new example questions, /thongke.

Every admin command and button checks the sender against ADMIN_USER_IDS.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from ruamel.yaml import YAML
from sqlmodel import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes
from watchfiles import awatch

from bot.config import Settings
from bot.desk import repo as storage
from bot.desk.models import utcnow
from bot.policies.gate import CheckReport, run_check
from bot.policies.store import KnowledgeStore
from bot.render import texts
from bot.render.cards import esc, format_date
from handlers import keyboards
from handlers.callbacks import parse
from handlers.common import in_db, send_html, settings, snapshot, store
from handlers.staff import refuse

log = logging.getLogger(__name__)
MAX_ERRORS_SHOWN = 15
UNANSWERED_KEY = "unanswered"


def is_admin(context: ContextTypes.DEFAULT_TYPE, update: Update) -> bool:
    user = update.effective_user
    return user is not None and user.id in settings(context).admin_user_ids


def _errors_text(report: CheckReport) -> str:
    lines = [f"• <code>{esc(issue)}</code>" for issue in report.errors[:MAX_ERRORS_SHOWN]]
    if len(report.errors) > MAX_ERRORS_SHOWN:
        lines.append(f"… và {len(report.errors) - MAX_ERRORS_SHOWN} lỗi khác (chạy <code>python main.py check</code>).")
    return "\n".join(lines)


async def reload_knowledge(app: Application) -> tuple[CheckReport, bool]:  # type: ignore[type-arg]
    """Check and publish the policies folder off the event loop; returns (report, swapped)."""
    kb_store: KnowledgeStore = app.bot_data["store"]
    config = app.bot_data["settings"]
    before = kb_store.current.kb.version
    report = await asyncio.to_thread(kb_store.reload, config, config.eligibility_cases_dir)
    swapped = kb_store.current.kb.version != before
    if swapped:
        log.info("Knowledge base %s published (was %s)", kb_store.current.kb.version, before)
    elif not report.ok():
        log.warning("Knowledge base change rejected: %d errors", len(report.errors))
    return report, swapped


async def tell_admins(app: Application, html: str) -> None:  # type: ignore[type-arg]
    """Message every admin privately (failures are logged, never raised)."""
    for admin_id in app.bot_data["settings"].admin_user_ids:
        try:
            await app.bot.send_message(admin_id, html, parse_mode="HTML")
        except TelegramError as exc:
            log.warning("Admin %s not told about the reload: %s", admin_id, type(exc).__name__)


def _outcome(kb_store: KnowledgeStore, report: CheckReport, swapped: bool) -> str:
    kb = kb_store.current.kb
    if not report.ok():
        return texts.RELOAD_FAILED.format(version=kb.version, errors=_errors_text(report))
    if swapped:
        return texts.RELOAD_OK.format(version=kb.version, policies=len(kb.policies), warnings=len(report.warnings))
    return texts.RELOAD_SAME.format(version=kb.version)


async def watch_policies(app: Application, retry_after: float = 5.0) -> None:  # type: ignore[type-arg]
    """Reload whenever a file in the policies folder changes (debounced by watchfiles).

    Nothing stops the watcher but cancellation: a reload or a notification that fails is logged,
    and if the folder itself disappears the watcher waits for it to come back."""
    directory: Path = app.bot_data["settings"].policies_dir
    kb_store: KnowledgeStore = app.bot_data["store"]
    while True:
        try:
            async for _changes in awatch(directory, debounce=800, step=100, recursive=False):
                try:
                    report, swapped = await reload_knowledge(app)
                    if swapped or not report.ok():
                        await tell_admins(app, _outcome(kb_store, report, swapped))
                except Exception:
                    log.exception("Reload after a change in %s failed", directory)
        except Exception as exc:  # e.g. the folder was removed: watch again once it is back
            log.warning("Watching %s stopped (%s); retrying in %.0fs", directory, type(exc).__name__, retry_after)
        await asyncio.sleep(retry_after)


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload: check and publish the policies folder now."""
    if not is_admin(context, update):
        await refuse(update, context, "reload")
        return
    report, swapped = await reload_knowledge(context.application)
    await send_html(update, context, _outcome(store(context), report, swapped))


async def kb_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kbstatus: version (content hash), loaded at, counts, warnings."""
    if not is_admin(context, update):
        await refuse(update, context, "kbstatus")
        return
    kb_store = store(context)
    kb = kb_store.current.kb
    error = texts.KB_LAST_ERROR.format(count=len(kb_store.last_error.errors)) if kb_store.last_error else ""
    text = texts.KB_STATUS.format(
        version=kb.version,
        loaded_at=kb.loaded_at.strftime("%d/%m/%Y %H:%M:%S UTC"),
        policies=len(kb.policies),
        examples=sum(len(p.examples) for p in kb.policies.values()),
        legal=len(kb.legal),
        warnings=len(kb.warnings),
        error=error,
    )
    await send_html(update, context, text)


async def unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unanswered: the week's most frequent unanswered questions, each a button to add it as an example."""
    if not is_admin(context, update):
        await refuse(update, context, "unanswered")
        return
    await asyncio.to_thread(context.application.bot_data["question_log"].flush)
    since = utcnow() - timedelta(days=7)
    found = await in_db(context, lambda s: storage.unanswered(s, since=since, top=10))
    if not found:
        await send_html(update, context, texts.UNANSWERED_NONE)
        return
    assert context.user_data is not None
    context.user_data[UNANSWERED_KEY] = [example for _, _, example in found]
    rows = [[keyboards.button(f"{count}× {example}", "ua", index)] for index, (_, count, example) in enumerate(found)]
    await send_html(update, context, texts.UNANSWERED_TITLE, InlineKeyboardMarkup(rows))


async def unanswered_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ua:<n> → choose the policy; ux:<n>:<policy> → add the example, re-check and reload."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    pressed = parse(query.data)
    if pressed is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    if not is_admin(context, update):
        await refuse(update, context, pressed.action)
        return
    questions: list[str] = context.user_data.get(UNANSWERED_KEY, [])
    index = pressed.page
    kb = snapshot(context).kb
    if not 0 <= index < len(questions) or (pressed.action == "ux" and pressed.policy not in kb.policies):
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    await query.answer()
    question = questions[index]
    if pressed.action == "ua":
        ranked = [m.policy_id for m in snapshot(context).matcher.match(question).matches]
        ordered = ranked + [pid for pid in kb.policies if pid not in ranked]
        rows = [[keyboards.button(kb.policies[pid].title, "ux", index, pid)] for pid in ordered]
        await send_html(
            update, context, texts.UNANSWERED_PICK.format(question=esc(question)), InlineKeyboardMarkup(rows)
        )
        return
    assert pressed.policy is not None
    config = settings(context)
    path = config.policies_dir / f"{pressed.policy}.yaml"
    # Try the addition on a copy of the folder first: a rejected change never reaches the live
    # folder, so neither the watcher nor a concurrent /reload can see it.
    trial = await asyncio.to_thread(check_with_example, config, path.name, question)
    if not trial.ok():
        await send_html(update, context, texts.UNANSWERED_REJECTED.format(errors=_errors_text(trial)))
        return
    await asyncio.to_thread(add_example, path, question)
    report, _ = await reload_knowledge(context.application)
    if not report.ok():  # the folder changed meanwhile and the whole is rejected: take ours back out
        await asyncio.to_thread(remove_example, path, question)
        await reload_knowledge(context.application)
        await send_html(update, context, texts.UNANSWERED_REJECTED.format(errors=_errors_text(report)))
        return
    version = store(context).current.kb.version
    await send_html(
        update, context, texts.UNANSWERED_ADDED.format(question=esc(question), file=esc(path.name), version=version)
    )


def _round_trip() -> YAML:
    yaml = YAML()  # round-trip mode: comments, order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Our files write an empty value as `null`; ruamel would otherwise leave it blank.
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def _edit_examples(path: Path, edit: Callable[[list[str]], None]) -> None:
    yaml = _round_trip()
    data = yaml.load(path.read_text(encoding="utf-8"))
    edit(data["examples"])
    temporary = path.with_name(f".{path.name}.tmp")  # hidden, and not *.yaml: never read as a policy
    with temporary.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    temporary.replace(path)  # atomic: the watcher never sees a half-written file


def add_example(path: Path, question: str) -> None:
    """Append an example question to a policy file in place, keeping its comments and layout."""
    _edit_examples(path, lambda examples: examples.append(question))


def remove_example(path: Path, question: str) -> None:
    """Take out the example `add_example` appended (its last occurrence)."""

    def drop(examples: list[str]) -> None:
        for index in range(len(examples) - 1, -1, -1):
            if examples[index] == question:
                del examples[index]
                return

    _edit_examples(path, drop)


def check_with_example(config: Settings, filename: str, question: str) -> CheckReport:
    """The pre-publish check of the policies folder as it would be with `question` added to `filename`."""
    with tempfile.TemporaryDirectory(prefix="kb-trial-") as scratch:
        trial = Path(scratch) / "policies"
        shutil.copytree(config.policies_dir, trial, ignore=shutil.ignore_patterns(".*"))  # not editors' lock files
        add_example(trial / filename, question)
        return run_check(trial, config, config.eligibility_cases_dir)


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke: questions per day, share answered, top policies, requests by status, median first reply."""
    if not is_admin(context, update):
        await refuse(update, context, "thongke")
        return
    await asyncio.to_thread(context.application.bot_data["question_log"].flush)
    since = utcnow() - timedelta(days=7)

    def load(session: Session) -> tuple[list[tuple[str, int, int, str | None]], dict[str, int], list[float]]:
        by_status, hours = storage.request_stats(session, since=since)
        return storage.question_stats(session, since=since), by_status, hours

    questions, by_status, hours = await in_db(context, load)
    kb = snapshot(context).kb
    per_day: Counter[str] = Counter(day for day, _, _, _ in questions)
    answered = sum(a for _, _, a, _ in questions)
    tops = Counter(top for _, _, a, top in questions if a and top)
    per_day_text = (
        "\n".join(f"• {format_date(date.fromisoformat(day))}: {count}" for day, count in sorted(per_day.items()))
        or "• (chưa có)"
    )
    top_text = (
        "\n".join(
            f"• {esc(kb.policies[pid].title if pid in kb.policies else pid)}: {count}"
            for pid, count in tops.most_common(5)
        )
        or "• (chưa có)"
    )
    request_text = (
        "\n".join(
            f"• {texts.STAFF_STATUS_LABELS.get(status, status)}: {count}" for status, count in sorted(by_status.items())
        )
        or "• (chưa có)"
    )
    median = f"{statistics.median(hours):.1f} giờ" if hours else "chưa có"
    share = f"{answered / len(questions):.0%}" if questions else "chưa có"
    text = texts.STATS.format(per_day=per_day_text, answered=share, top=top_text, requests=request_text, median=median)
    await send_html(update, context, text)
