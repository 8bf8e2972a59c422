"""The guided eligibility check: /kiemtra or the "Kiểm tra điều kiện" button on an answer card.

Every question offers "Không biết / chưa rõ"; the commune is asked once in free text and matched
against the official list (what was understood is shown, and can be corrected); the two abstract
location questions are asked only when no unit matches. The result recaps the answers.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot import localtime
from bot.eligibility.engine import DONT_KNOW, EligibilityEngine
from bot.eligibility.interview import PLACE_QUESTION, Interview, forget_place
from bot.language.money import MAX_VND, parse_money
from bot.language.places import Place
from bot.render import texts
from bot.render.checks import eligibility_report
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
    fresh = {"policies": [], "profile": {}, "asked": [], "place_tried": False, "places": []}
    state: dict[str, Any] = context.user_data.setdefault(STATE_KEY, fresh)
    for key, value in fresh.items():  # a check saved by an older version lacks the newer keys
        state.setdefault(key, value)
    return state


def _current(state: dict[str, Any]) -> str | None:
    return state["asked"][-1] if state["asked"] else None


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
    if pressed is None or pressed.policy not in _engine(context).checkable():
        await query.answer(texts.EXPIRED, show_alert=True)
        return CHOOSING
    await query.answer()
    assert context.user_data is not None
    context.user_data.pop(STATE_KEY, None)
    _state(context)["policies"] = [pressed.policy]
    return await _ask_next(update, context)


async def answer_button(update: Update, context: Context) -> int:
    """A choice, yes/no or "Không biết" answer; only the question currently asked is accepted."""
    query = update.callback_query
    assert query is not None
    pressed, state, engine = parse(query.data), _state(context), _engine(context)
    current = _current(state)
    if current == PLACE_QUESTION and pressed is not None and pressed.action == "ek":
        current = engine.location_facts()[0]  # "Không biết" under the commune question
    fact = engine.facts.get(pressed.fact or "") if pressed else None
    value = _pressed_value(pressed.action, pressed.choice, fact.options) if pressed and fact else None
    if pressed is None or fact is None or pressed.fact != current or value is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return ASKING
    await query.answer()
    if _current(state) == PLACE_QUESTION:
        state["profile"].update(dict.fromkeys(engine.location_facts(), DONT_KNOW))
        state["place_tried"] = True
    state["profile"][pressed.fact] = value
    return await _ask_next(update, context)


def _pressed_value(action: str, choice: str | None, options: dict[str, str]) -> Any:
    """The answer a button stands for, or None when it names no answer of this question."""
    if action == "ek":
        return DONT_KNOW
    if choice in ("y", "n"):
        return choice == "y"
    index = int(choice) if choice and choice.isdigit() else -1
    return list(options)[index] if 0 <= index < len(options) else None


async def answer_text(update: Update, context: Context) -> int:
    """A typed commune or amount; anything unreadable is asked again with an example."""
    state, engine = _state(context), _engine(context)
    current, message = _current(state), update.effective_message
    text = (message.text or "") if message else ""
    if current == PLACE_QUESTION:
        return await _place_typed(update, context, text)
    fact = engine.facts.get(current or "")
    if fact is None or fact.type not in ("money", "number"):
        await reply(update, context, texts.CHECK_USE_BUTTONS)
        return ASKING
    value: float | int | None = parse_money(text) if fact.type == "money" else _number(text)
    if value is None:
        await reply(update, context, texts.CHECK_BAD_AMOUNT.format(text=esc(text[:50])))
        return ASKING
    state["profile"][current] = value
    return await _ask_next(update, context)


async def _place_typed(update: Update, context: Context, text: str) -> int:
    """Match the typed commune; show what was understood, or fall back to the two questions."""
    state, engine = _state(context), _engine(context)
    places: list[Place] = await asyncio.to_thread(engine.find_places, text[:200])  # first use loads the list
    if not places:
        state["place_tried"] = True
        state["asked"].pop()  # the fallback question takes the commune question's number
        await reply(update, context, texts.CHECK_PLACE_NOT_FOUND.format(text=esc(text[:80])))
        return await _ask_next(update, context)
    state["places"] = [place.code for place in places]
    shown = [(place.code, engine.place_label(place)) for place in places]
    prompt = texts.CHECK_PLACE_ONE if len(places) == 1 else texts.CHECK_PLACE_SEVERAL
    await reply(update, context, prompt.format(place=esc(shown[0][1])), keyboards.place_choices(shown))
    return ASKING


async def place_pick(update: Update, context: Context) -> int:
    """The owner confirmed (or chose) the unit the commune is."""
    query = update.callback_query
    assert query is not None
    pressed, state, engine = parse(query.data), _state(context), _engine(context)
    if pressed is None or _current(state) != PLACE_QUESTION or pressed.place not in state["places"]:
        await query.answer(texts.EXPIRED, show_alert=True)
        return ASKING
    await query.answer()
    place = engine.place_by_code(pressed.place)
    state["profile"].update(engine.place_facts([place] if place else []))
    state.update(place_tried=True, places=[])
    return await _ask_next(update, context)


async def place_retype(update: Update, context: Context) -> int:
    """ "Nhập lại": ask the commune again."""
    query = update.callback_query
    assert query is not None
    state = _state(context)
    if _current(state) != PLACE_QUESTION:
        await query.answer(texts.EXPIRED, show_alert=True)
        return ASKING
    await query.answer()
    state["asked"].pop()
    state["places"] = []
    return await _ask_next(update, context)


async def back(update: Update, context: Context) -> int:
    """Go back one question (its answer is forgotten)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    state, engine = _state(context), _engine(context)
    if state["asked"]:
        state["asked"].pop()
    if state["asked"]:
        previous = state["asked"].pop()
        if previous == PLACE_QUESTION:
            forget_place(state["profile"], engine)
            state.update(place_tried=False, places=[])
        else:
            state["profile"].pop(previous, None)
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
    return value if math.isfinite(value) and 0 <= value < MAX_VND else None  # "1e400" is inf


async def _ask_next(update: Update, context: Context) -> int:
    """Ask the question that settles the most verdicts, or show the result."""
    state, engine = _state(context), _engine(context)
    today = localtime.today()
    interview = Interview(engine, state["policies"], today)
    step = interview.next_step(state["profile"], len(state["asked"]), state["place_tried"])
    if step.done or step.fact is None:
        return await _finish(update, context, interview)
    state["asked"].append(step.fact)
    header = texts.CHECK_QUESTION.format(number=step.number, total=step.total, question="")
    if step.fact == PLACE_QUESTION:
        markup = keyboards.place_question(engine.location_facts()[0], can_go_back=step.number > 1)
        await reply(update, context, header + texts.CHECK_ASK_PLACE, markup)
        return ASKING
    fact = engine.facts[step.fact]
    text = header + esc(fact.question) + (f"\n<i>{esc(fact.help)}</i>" if fact.help else "")
    if fact.type in ("money", "number"):
        text += "\n\n" + texts.CHECK_TYPE_AMOUNT
    await reply(update, context, text, keyboards.fact_question(step.fact, fact, can_go_back=step.number > 1))
    return ASKING


async def _finish(update: Update, context: Context, interview: Interview) -> int:
    state, engine = _state(context), _engine(context)
    verdicts = engine.evaluate(state["profile"], interview.policy_ids, interview.day)
    assert context.user_data is not None
    # Kept for the support request the user may send next (the requests feature attaches it).
    context.user_data["last_check"] = {
        "date": interview.day.isoformat(),
        "profile": dict(state["profile"]),
        "verdicts": {pid: v.as_json() for pid, v in verdicts.items()},
    }
    context.user_data.pop(STATE_KEY, None)
    policy_id = interview.policy_ids[0] if len(interview.policy_ids) == 1 else None
    report = eligibility_report(engine.kb, verdicts, interview.day, state["profile"])
    await reply(update, context, report, keyboards.after_check(policy_id))
    return ConversationHandler.END


def conversation() -> ConversationHandler[Context]:
    """The eligibility conversation, persisted across restarts."""
    return ConversationHandler(
        entry_points=[CommandHandler("kiemtra", start), CallbackQueryHandler(start, pattern=pattern("el"))],
        states={
            CHOOSING: [CallbackQueryHandler(choose, pattern=pattern("el"))],
            ASKING: [
                CallbackQueryHandler(answer_button, pattern=pattern("ea", "ek")),
                CallbackQueryHandler(place_pick, pattern=pattern("ep")),
                CallbackQueryHandler(place_retype, pattern=pattern("er")),
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
