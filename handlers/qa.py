"""Questions and answers: /start, /help, /cancel, /lienhe, /chinhsach, free text, browsing buttons."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping

from telegram import Update

from bot import localtime
from bot.desk import workflow
from bot.render import desk, texts
from bot.render.cards import answer_detail, contact_text, documents_text, legal_text, unknown_text
from bot.render.html import esc
from bot.replies import reply_for
from handlers import keyboards
from handlers.callbacks import Callback, parse
from handlers.context import Context
from handlers.send import Markup, in_db, reply

MAX_QUESTION_CHARS = 1000


async def start(update: Update, context: Context) -> None:
    """Greet, say what the bot can do, show the main menu."""
    user = update.effective_user
    name = esc(user.first_name) if user and user.first_name else "bạn"
    office = esc(context.bot_data.snapshot.kb.office.name)
    await reply(update, context, texts.WELCOME.format(name=name, office=office), keyboards.main_menu())


async def help_command(update: Update, context: Context) -> None:
    """Explain how to use the bot."""
    await reply(update, context, texts.HELP)


async def unknown_command(update: Update, context: Context) -> None:
    """Any command we do not know gets the help text."""
    await reply(update, context, texts.UNKNOWN_COMMAND + texts.HELP)


async def cancel(update: Update, context: Context) -> None:
    """Drop whatever the user was doing."""
    if context.user_data is not None:
        context.user_data.clear()
    await reply(update, context, texts.CANCELLED)


async def contact(update: Update, context: Context) -> None:
    """Show the office's contact details."""
    await reply(update, context, contact_text(context.bot_data.snapshot.kb.office))


async def browse(update: Update, context: Context) -> None:
    """List the policy categories."""
    await reply(update, context, texts.CATEGORIES, keyboards.categories(context.bot_data.snapshot.kb))


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos and the like: ask for text."""
    await reply(update, context, texts.NOT_TEXT)


def _question_text(update: Update, bot_username: str | None) -> str:
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    if bot_username:
        text = re.sub(rf"@{re.escape(bot_username)}\b", " ", text, flags=re.IGNORECASE)
    return text.strip()[:MAX_QUESTION_CHARS]


async def _complaint(update: Update, context: Context, apology: str) -> None:
    """An apology, the way to a human and, when the user has sent requests, where they stand."""
    user = update.effective_user
    view = await in_db(context, lambda s: workflow.owner_view(s, user_id=user.id)) if user else None
    if view is not None and view.requests:
        apology += "\n\n" + desk.owner_requests(context.bot_data.snapshot.kb, view)
    await reply(update, context, apology, keyboards.handoff())


async def question(update: Update, context: Context) -> None:
    """Answer free text with the reply decision: small talk, a complaint's apology, an answer card,
    'you asked two things', 'did you mean', or don't-know."""
    text = _question_text(update, context.bot.username)
    snapshot = context.bot_data.snapshot
    decided = reply_for(snapshot, text, localtime.today())
    result = decided.match
    if decided.kind == "complaint":
        await _complaint(update, context, decided.html)
        return
    if result is None:  # small talk: nothing to log or remember
        await reply(update, context, decided.html, keyboards.handoff() if decided.offers_staff else None)
        return
    if update.effective_user is not None:
        asked = (update.effective_user.id, text, result.normalized, result, snapshot.kb.version)
        context.bot_data.question_log.record(*asked)
    if context.user_data is not None:
        context.user_data["last_question"] = text
        # Only a policy the owner was answered on is their topic: a weak match must not label a request.
        context.user_data["last_policy"] = decided.policy_id
    markup: Markup
    if decided.kind == "answer":
        markup = keyboards.answer_card(snapshot.kb, decided.policy_ids[0])
    elif decided.kind in ("suggest", "two"):
        markup = keyboards.suggestions(snapshot.kb, decided.policy_ids)
    else:
        markup = keyboards.handoff()
    await reply(update, context, decided.html, markup)


async def button(update: Update, context: Context) -> None:
    """Route an inline-button press; stale or forged data only gets 'Nút này đã hết hạn'."""
    query = update.callback_query
    if query is None:
        return
    pressed = parse(query.data)
    kb = context.bot_data.snapshot.kb
    action = ACTIONS.get(pressed.action) if pressed else None
    if pressed is None or action is None or not _still_valid(pressed, kb.policies, kb.categories):
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    await query.answer()
    await action(update, context, pressed)


def _still_valid(pressed: Callback, policies: Mapping[str, object], categories: Mapping[str, object]) -> bool:
    if pressed.policy is not None and pressed.policy not in policies:
        return False
    return pressed.category is None or pressed.category in categories


async def _show_policy(update: Update, context: Context, pressed: Callback) -> None:
    snapshot = context.bot_data.snapshot
    assert pressed.policy
    if context.user_data is not None:
        context.user_data["last_policy"] = pressed.policy
    card = snapshot.answer_card(pressed.policy, localtime.today())
    await reply(update, context, card, keyboards.answer_card(snapshot.kb, pressed.policy))


async def _show_detail(update: Update, context: Context, pressed: Callback) -> None:
    kb = context.bot_data.snapshot.kb
    assert pressed.policy
    detail = answer_detail(kb.policies[pressed.policy], localtime.today())
    await reply(update, context, detail, keyboards.answer_card(kb, pressed.policy, shown="d"))


async def _show_documents(update: Update, context: Context, pressed: Callback) -> None:
    kb = context.bot_data.snapshot.kb
    assert pressed.policy
    text = documents_text(kb.policies[pressed.policy])
    await reply(update, context, text, keyboards.answer_card(kb, pressed.policy, shown="dc"))


async def _show_legal(update: Update, context: Context, pressed: Callback) -> None:
    kb = context.bot_data.snapshot.kb
    assert pressed.policy
    text = legal_text(kb, kb.policies[pressed.policy])
    await reply(update, context, text, keyboards.answer_card(kb, pressed.policy, shown="lg"))


async def _show_categories(update: Update, context: Context, _pressed: Callback) -> None:
    await browse(update, context)


async def _show_category(update: Update, context: Context, pressed: Callback) -> None:
    kb = context.bot_data.snapshot.kb
    assert pressed.category
    markup, pages = keyboards.category_page(kb, pressed.category, pressed.page)
    label = esc(kb.categories[pressed.category].label)
    text = texts.CATEGORY_PAGE.format(label=label, page=min(pressed.page, pages - 1) + 1, pages=pages)
    await reply(update, context, text, markup)


async def _not_this(update: Update, context: Context, _pressed: Callback) -> None:
    await reply(update, context, unknown_text(context.bot_data.snapshot.kb), keyboards.handoff())


async def _contact(update: Update, context: Context, _pressed: Callback) -> None:
    await contact(update, context)


ACTIONS: dict[str, Callable[[Update, Context, Callback], Awaitable[None]]] = {
    "p": _show_policy,
    "d": _show_detail,
    "dc": _show_documents,
    "lg": _show_legal,
    "cl": _show_categories,
    "c": _show_category,
    "no": _not_this,
    "ct": _contact,
}
