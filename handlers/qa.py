"""Questions and answers: /start, /help, /cancel, /lienhe, /chinhsach, free text, buttons."""

from __future__ import annotations

import re
from datetime import date

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.policies.loader import KnowledgeBase
from bot.render import texts
from bot.render.cards import answer_card, answer_detail, contact_text, esc, suggestion_text, unknown_text
from handlers import keyboards
from handlers.callbacks import Callback, parse
from handlers.common import send_html, snapshot

MAX_QUESTION_CHARS = 1000
# Rendered answer cards by (knowledge-base version, policy, day): the same question is asked often.
_CARDS: dict[tuple[str, str, date], tuple[str, InlineKeyboardMarkup]] = {}
_MAX_CARDS = 1024


def _card(kb: KnowledgeBase, policy_id: str, today: date) -> tuple[str, InlineKeyboardMarkup]:
    """The answer card and its keyboard, rendered once per version and day."""
    key = (kb.version, policy_id, today)
    card = _CARDS.get(key)
    if card is None:
        if len(_CARDS) >= _MAX_CARDS:
            _CARDS.clear()
        card = _CARDS[key] = (answer_card(kb, kb.policies[policy_id], today), keyboards.answer_card(kb, policy_id))
    return card


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet, say what the bot can do, show the main menu."""
    user = update.effective_user
    name = esc(user.first_name) if user and user.first_name else "bạn"
    office = esc(snapshot(context).kb.office.name)
    await send_html(update, context, texts.WELCOME.format(name=name, office=office), keyboards.main_menu())


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to use the bot."""
    await send_html(update, context, texts.HELP)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command we do not know gets the help text."""
    await send_html(update, context, texts.UNKNOWN_COMMAND + texts.HELP)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop whatever the user was doing."""
    if context.user_data is not None:
        context.user_data.clear()
    await send_html(update, context, texts.CANCELLED)


async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the office's contact details."""
    await send_html(update, context, contact_text(snapshot(context).kb.office))


async def browse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the policy categories."""
    await send_html(update, context, texts.CATEGORIES, keyboards.categories(snapshot(context).kb))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos and the like: ask for text."""
    await send_html(update, context, texts.NOT_TEXT)


def _question_text(update: Update, bot_username: str | None) -> str:
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    if bot_username:
        text = re.sub(rf"@{re.escape(bot_username)}\b", " ", text, flags=re.IGNORECASE)
    return text.strip()[:MAX_QUESTION_CHARS]


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer free text: an answer card, 'did you mean', or an honest don't-know."""
    text = _question_text(update, context.bot.username)
    current = snapshot(context)
    kb = current.kb
    small_talk = current.matcher.normalizer.is_small_talk(text)
    if small_talk:
        await send_html(update, context, texts.THANKS if small_talk == "thanks" else texts.GREETING)
        return
    result = current.matcher.match(text)
    if update.effective_user is not None:
        writer = context.application.bot_data["question_log"]
        writer.record(update.effective_user.id, text, result.normalized, result, kb.version)
    if context.user_data is not None:
        context.user_data["last_question"] = text
        context.user_data["last_policy"] = result.top.policy_id if result.top else None
    if result.band == "answer" and result.top:
        await send_html(update, context, *_card(kb, result.top.policy_id, date.today()))
    elif result.band == "suggest":
        await send_html(update, context, suggestion_text(kb, result.matches), keyboards.suggestions(kb, result.matches))
    else:
        await send_html(update, context, unknown_text(kb), keyboards.handoff())


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route an inline-button press; stale or forged data only gets 'Nút này đã hết hạn'."""
    query = update.callback_query
    if query is None:
        return
    pressed = parse(query.data)
    kb = snapshot(context).kb
    if pressed is None or pressed.action not in ACTIONS or not _still_valid(pressed, kb.policies, kb.categories):
        await query.answer(texts.EXPIRED, show_alert=True)
        return
    await query.answer()
    await ACTIONS[pressed.action](update, context, pressed)


def _still_valid(pressed: Callback, policies: dict[str, object], categories: dict[str, object]) -> bool:
    if pressed.policy is not None and pressed.policy not in policies:
        return False
    return pressed.category is None or pressed.category in categories


async def _show_policy(update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: Callback) -> None:
    kb = snapshot(context).kb
    assert pressed.policy
    if context.user_data is not None:
        context.user_data["last_policy"] = pressed.policy
    await send_html(update, context, *_card(kb, pressed.policy, date.today()))


async def _show_detail(update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: Callback) -> None:
    kb = snapshot(context).kb
    assert pressed.policy
    await send_html(update, context, answer_detail(kb, kb.policies[pressed.policy]), keyboards.handoff(pressed.policy))


async def _show_categories(update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: Callback) -> None:
    await browse(update, context)


async def _show_category(update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: Callback) -> None:
    kb = snapshot(context).kb
    assert pressed.category
    markup, pages = keyboards.category_page(kb, pressed.category, pressed.page)
    label = esc(kb.categories[pressed.category].label)
    text = texts.CATEGORY_PAGE.format(label=label, page=min(pressed.page, pages - 1) + 1, pages=pages)
    await send_html(update, context, text, markup)


async def _not_this(update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: Callback) -> None:
    await send_html(update, context, unknown_text(snapshot(context).kb), keyboards.handoff())


async def _contact(update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: Callback) -> None:
    await contact(update, context)


ACTIONS = {
    "p": _show_policy,
    "d": _show_detail,
    "cl": _show_categories,
    "c": _show_category,
    "no": _not_this,
    "ct": _contact,
}
