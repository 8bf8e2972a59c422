"""The guided eligibility check: /kiemtra or the "Kiểm tra điều kiện" button on an answer card."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.eligibility.engine import EligibilityEngine
from bot.language.money import parse_money
from bot.render import texts
from bot.render.cards import eligibility_report
from bot.render.html import esc
from handlers import keyboards
from handlers.callbacks import parse, pattern
from handlers.context import Context
from handlers.send import reply

CHOOSING, ASKING = range(2)
STATE_KEY = "eligibility"


def _engine(context: Context) -> EligibilityEngine:
    return context.bot_data.snapshot.engine


def _state(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    state: dict[str, Any] = context.user_data.setdefault(STATE_KEY, {"policies": [], "profile": {}, "asked": []})
    return state


async def start(update: Update, context: Context) -> int:
    """/kiemtra or a "Kiểm tra điều kiện" button: pick the policy, or go straight to questions."""
    query = update.callback_query
    if query is not None:
        await query.answer()
    pressed = parse(query.data) if query else None
    engine = _engine(context)
    assert context.user_data is not None
    context.user_data.pop(STATE_KEY, None)
    if pressed is not None and pressed.policy in engine.checkable():
        _state(context)["policies"] = [pressed.policy]
        return await _ask_next(update, context)
    await reply(update, context, texts.CHECK_CHOOSE, keyboards.checkable(engine.kb, engine.checkable()))
    return CHOOSING


async def choose(update: Update, context: Context) -> int:
    """The policy to check was chosen."""
    query = update.callback_query
    assert query is not None
    pressed = parse(query.data)
    engine = _engine(context)
    if pressed is None or pressed.policy not in engine.checkable():
        await query.answer(texts.EXPIRED, show_alert=True)
        return CHOOSING
    await query.answer()
    state = _state(context)
    state.update(policies=[pressed.policy], profile={}, asked=[])
    return await _ask_next(update, context)


async def answer_button(update: Update, context: Context) -> int:
    """A choice or yes/no answer; only the question currently asked is accepted."""
    query = update.callback_query
    assert query is not None
    pressed = parse(query.data)
    state = _state(context)
    engine = _engine(context)
    current = state["asked"][-1] if state["asked"] else None
    fact = engine.facts.get(pressed.fact or "") if pressed else None
    if pressed is None or fact is None or pressed.fact != current:
        await query.answer(texts.EXPIRED, show_alert=True)
        return ASKING
    if pressed.choice in ("y", "n"):
        value: Any = pressed.choice == "y"
    else:
        options = list(fact.options)
        index = int(pressed.choice or -1)
        if not 0 <= index < len(options):
            await query.answer(texts.EXPIRED, show_alert=True)
            return ASKING
        value = options[index]
    await query.answer()
    state["profile"][pressed.fact] = value
    return await _ask_next(update, context)


async def answer_text(update: Update, context: Context) -> int:
    """A typed amount (money or number); anything unreadable is asked again with an example."""
    state = _state(context)
    engine = _engine(context)
    current = state["asked"][-1] if state["asked"] else None
    message = update.effective_message
    fact = engine.facts.get(current or "")
    if fact is None or message is None or fact.type not in ("money", "number"):
        await reply(update, context, texts.CHECK_USE_BUTTONS)
        return ASKING
    text = message.text or ""
    value: float | int | None = parse_money(text) if fact.type == "money" else _number(text)
    if value is None:
        await reply(update, context, texts.CHECK_BAD_AMOUNT.format(text=esc(text[:50])))
        return ASKING
    state["profile"][current] = value
    return await _ask_next(update, context)


async def back(update: Update, context: Context) -> int:
    """Go back one question (its answer is forgotten)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    state = _state(context)
    if state["asked"]:
        state["asked"].pop()
    if state["asked"]:
        state["profile"].pop(state["asked"].pop(), None)
    return await _ask_next(update, context)


async def cancel(update: Update, context: Context) -> int:
    """Stop the check."""
    if context.user_data is not None:
        context.user_data.pop(STATE_KEY, None)
    await reply(update, context, texts.CANCELLED)
    return ConversationHandler.END


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value >= 0 else None


async def _ask_next(update: Update, context: Context) -> int:
    """Ask the question that settles the most verdicts, or show the result."""
    state = _state(context)
    engine = _engine(context)
    today = date.today()
    policies = [p for p in state["policies"] if p in engine.checkable()]
    fact_id = engine.next_question(state["profile"], policies, today)
    if fact_id is None:
        return await _finish(update, context, engine, policies, today)
    state["asked"] = [f for f in state["asked"] if f in state["profile"]] + [fact_id]
    remaining = set()
    for policy_id in policies:
        remaining.update(engine.missing_facts(engine.kb.policies[policy_id], state["profile"], today))
    number = len(state["asked"])
    total = number + len(remaining - {fact_id})
    fact = engine.facts[fact_id]
    text = texts.CHECK_QUESTION.format(number=number, total=total, question=esc(fact.question))
    if fact.help:
        text += f"\n<i>{esc(fact.help)}</i>"
    if fact.type in ("money", "number"):
        text += "\n\n" + texts.CHECK_TYPE_AMOUNT
    markup: InlineKeyboardMarkup = keyboards.fact_question(fact_id, fact, can_go_back=number > 1)
    await reply(update, context, text, markup)
    return ASKING


async def _finish(
    update: Update, context: Context, engine: EligibilityEngine, policies: list[str], today: date
) -> int:
    state = _state(context)
    verdicts = engine.evaluate(state["profile"], policies, today)
    assert context.user_data is not None
    # Kept for the support request the user may send next (the requests feature attaches it).
    context.user_data["last_check"] = {
        "date": today.isoformat(),
        "profile": dict(state["profile"]),
        "verdicts": {pid: v.as_json() for pid, v in verdicts.items()},
    }
    context.user_data.pop(STATE_KEY, None)
    policy_id = policies[0] if len(policies) == 1 else None
    await reply(update, context, eligibility_report(engine.kb, verdicts, today), keyboards.after_check(policy_id))
    return ConversationHandler.END


def conversation() -> ConversationHandler[Context]:
    """The eligibility conversation, persisted across restarts."""
    return ConversationHandler(
        entry_points=[CommandHandler("kiemtra", start), CallbackQueryHandler(start, pattern=pattern("el"))],
        states={
            CHOOSING: [CallbackQueryHandler(choose, pattern=pattern("el"))],
            ASKING: [
                CallbackQueryHandler(answer_button, pattern=pattern("ea")),
                CallbackQueryHandler(back, pattern=pattern("eb")),
                CallbackQueryHandler(start, pattern=pattern("el")),
                MessageHandler(filters.TEXT & ~filters.COMMAND, answer_text),
            ],
        },
        fallbacks=[CommandHandler("cancel", cancel), CommandHandler("kiemtra", start)],
        name="eligibility",
        persistent=True,
        allow_reentry=True,
    )
