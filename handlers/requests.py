"""Business owners' support requests: /yeucau, the "Gửi câu hỏi cho cán bộ" buttons, /yeucaucuatoi."""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
    User,
)
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.desk import workflow
from bot.eligibility.engine import PLACE_CODE
from bot.errors import StorageError
from bot.language.phone import normalize_phone
from bot.render import desk, texts
from bot.render.html import esc
from handlers import drafts, keyboards
from handlers.callbacks import parse, pattern
from handlers.context import Context
from handlers.drafts import CONTACT, CONVERSATION, DRAFT
from handlers.send import Markup, in_db, reply

log = logging.getLogger(__name__)
NAME, BUSINESS, COMMUNE, PHONE, QUESTION, CONFIRM = range(6)
MIN_QUESTION_CHARS = 10


def _draft(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})
    return draft


async def start(update: Update, context: Context) -> int:
    """/yeucau or a handoff button: pre-fill what we know, then ask only what is missing."""
    query = update.callback_query
    if query is not None:
        await query.answer()
    if update.effective_chat is None or update.effective_chat.type != "private":
        await reply(update, context, texts.REQ_PRIVATE_ONLY)
        return ConversationHandler.END
    assert context.user_data is not None
    pressed = parse(query.data) if query else None
    kb = context.bot_data.snapshot.kb
    topic = pressed.policy if pressed and pressed.policy in kb.policies else context.user_data.get("last_policy")
    draft: dict[str, Any] = dict(context.user_data.get(CONTACT, {}))
    draft["topic"] = topic if topic in kb.policies else None
    if query is not None and context.user_data.get("last_question"):
        draft["suggested_question"] = context.user_data["last_question"]
    check = context.user_data.get("last_check")
    if query is not None and check and (topic is None or topic in check.get("verdicts", {})):
        draft["check"] = check
        draft.update(_checked_commune(context, check) if "commune" not in draft else {})
    context.user_data[DRAFT] = draft
    await reply(update, context, texts.REQ_INTRO)
    return await _ask_next(update, context)


STATE_OF = {"name": NAME, "business": BUSINESS, "commune": COMMUNE, "phone": PHONE, "question": QUESTION}
SHARE_PHONE = ReplyKeyboardMarkup(
    [[KeyboardButton(texts.REQ_SHARE_PHONE, request_contact=True)]], resize_keyboard=True, one_time_keyboard=True
)


def _prompt(field: str, draft: dict[str, Any], user: User | None) -> tuple[str, Markup | None]:
    """The question that asks for one field of the form, with its shortcut button if any."""
    if field == "name" and user and user.full_name:
        use_name = keyboards.button(texts.REQ_USE_NAME.format(name=user.full_name), "rn")
        return texts.REQ_ASK_NAME, InlineKeyboardMarkup([[use_name]])
    if field == "phone":
        return texts.REQ_ASK_PHONE, SHARE_PHONE
    if field == "question" and (suggested := draft.get("suggested_question")):
        keep = InlineKeyboardMarkup([[keyboards.button(texts.REQ_BUTTON_KEEP, "rk")]])
        return texts.REQ_KEEP_QUESTION.format(question=esc(suggested)), keep
    prompts = {"name": texts.REQ_ASK_NAME, "business": texts.REQ_ASK_BUSINESS, "commune": texts.REQ_ASK_COMMUNE}
    return prompts.get(field, texts.REQ_ASK_QUESTION), None


async def _ask_next(update: Update, context: Context) -> int:
    """Ask for the first missing field, or show the summary when the draft is complete."""
    draft = _draft(context)
    missing = next((field for field in workflow.DRAFT_FIELDS if field not in draft), None)
    if missing is None:
        return await _summary(update, context)
    text, markup = _prompt(missing, draft, update.effective_user)
    await drafts.commit_state(update, context, STATE_OF[missing])
    await reply(update, context, text, markup)
    return STATE_OF[missing]


async def _summary(update: Update, context: Context) -> int:
    """Store the complete draft under a new id, then show it: "✅ Gửi" stores exactly that draft."""
    draft = _draft(context)
    shown = {k: v for k, v in draft.items() if k != "id"}
    draft_id = await drafts.keep(update, context, draft, CONFIRM)
    send = keyboards.button(texts.REQ_BUTTON_SEND, "rs", *([draft_id] if draft_id else []))
    markup = InlineKeyboardMarkup(
        [[send], [keyboards.button(texts.REQ_BUTTON_EDIT, "re"), keyboards.button(texts.REQ_BUTTON_CANCEL, "rc")]]
    )
    await reply(update, context, desk.request_summary(context.bot_data.snapshot.kb, shown), markup)
    return CONFIRM


def _typed(update: Update, limit: int) -> str:
    message = update.effective_message
    return " ".join((message.text or "").split())[:limit] if message else ""


async def got_name(update: Update, context: Context) -> int:
    """A typed name, or the "use my Telegram name" button."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        name = (update.effective_user.full_name or "") if update.effective_user else ""
    else:
        name = _typed(update, 200)
    return await _store_field(update, context, "name", name, texts.REQ_ASK_NAME, NAME)


async def _store_field(update: Update, context: Context, key: str, value: str, prompt: str, state: int) -> int:
    """Keep a typed field (at least 2 characters) and move on, or ask for it again."""
    if len(value) < 2:
        await reply(update, context, prompt)
        return state
    _draft(context)[key] = value
    return await _ask_next(update, context)


async def got_business(update: Update, context: Context) -> int:
    """The establishment's name."""
    return await _store_field(update, context, "business", _typed(update, 300), texts.REQ_ASK_BUSINESS, BUSINESS)


async def got_commune(update: Update, context: Context) -> int:
    """The commune, matched against the official list so that staff get a normalised one."""
    typed = _typed(update, 200)
    if len(typed) < 2:
        await reply(update, context, texts.REQ_ASK_COMMUNE)
        return COMMUNE
    engine = context.bot_data.snapshot.engine
    places = await asyncio.to_thread(engine.find_places, typed)  # the first lookup loads the list
    # What was understood is shown in the summary, where "✏️ Sửa lại" corrects it.
    _draft(context).update(dict.fromkeys(workflow.COMMUNE_FIELDS) | workflow.commune_fields(places), commune=typed)
    return await _ask_next(update, context)


def _checked_commune(context: Context, check: dict[str, Any]) -> dict[str, Any]:
    """The commune the eligibility check matched, for the form (nothing when it matched none)."""
    engine = context.bot_data.snapshot.engine
    place = engine.place_by_code(check.get("profile", {}).get(PLACE_CODE))
    if place is None:
        return {}
    return {"commune": engine.place_label(place), **workflow.commune_fields([place])}


async def got_phone(update: Update, context: Context) -> int:
    """A shared contact (must be the user's own) or a typed Vietnamese number."""
    message = update.effective_message
    assert message is not None
    if message.contact is not None:
        user = update.effective_user
        # The share-contact button always sends the user's own contact with their id; a card from
        # the address book has no id or another one.
        if user is None or message.contact.user_id != user.id:
            await reply(update, context, texts.REQ_NOT_OWN_CONTACT)
            return PHONE
        phone = normalize_phone(message.contact.phone_number)
    else:
        phone = normalize_phone(message.text or "")
    if phone is None:
        shown = esc((message.text or (message.contact.phone_number if message.contact else ""))[:30])
        await reply(update, context, texts.REQ_BAD_PHONE.format(text=shown))
        return PHONE
    _draft(context)["phone"] = phone
    await reply(update, context, texts.REQ_PHONE_OK, ReplyKeyboardRemove())
    return await _ask_next(update, context)


async def got_question(update: Update, context: Context) -> int:
    """The question, typed or kept from what the user asked the bot."""
    draft = _draft(context)
    query = update.callback_query
    if query is not None:
        await query.answer()
        text = draft.get("suggested_question", "")
    else:
        text = (update.effective_message.text or "").strip()[:3000] if update.effective_message else ""
    if len(text) < MIN_QUESTION_CHARS:
        await reply(update, context, texts.REQ_TOO_SHORT)
        return QUESTION
    draft["question"] = text
    return await _ask_next(update, context)


async def confirm(update: Update, context: Context) -> int:
    """Send / edit / cancel from the summary. The request is committed before the user is told."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    draft = _draft(context)
    if query.data in ("rc", "re"):
        await query.answer()
        await drafts.forget(context, draft)
    if query.data == "rc":
        return await cancel(update, context)
    if query.data == "re":
        typed_fields = (*workflow.DRAFT_FIELDS, *workflow.COMMUNE_FIELDS)
        context.user_data[DRAFT] = {k: v for k, v in draft.items() if k not in typed_fields and k != "id"}
        return await _ask_next(update, context)
    pressed = parse(query.data)
    draft_id = pressed.draft if pressed else None
    if draft_id is None and any(key not in draft for key in workflow.DRAFT_FIELDS):
        await query.answer(texts.EXPIRED, show_alert=True)
        return ConversationHandler.END
    # Answered once the draft is found: a forgotten one (edited, cancelled, purged) says so in an alert.
    try:
        stored = await drafts.submit(update, context, draft_id, None if draft_id else draft)
    except StorageError as exc:
        log.error("Request not stored (database unavailable): %s", type(exc.__cause__).__name__)
        await query.answer()
        await reply(update, context, texts.REQ_DB_DOWN)
        return CONFIRM
    if stored is None:  # another press of it is being stored right now
        await query.answer()
        return CONFIRM
    request = stored[0]
    if request is None:
        await query.answer(texts.EXPIRED, show_alert=True)
        return ConversationHandler.END
    await query.answer()
    log.info("Request %s stored", request.code)
    days = context.bot_data.settings.expected_answer_days
    await reply(update, context, texts.REQ_RECEIVED.format(code=esc(request.code), days=days))
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    """Drop the draft, and the topic it was started on (the next request starts on its own)."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
        context.user_data.pop("last_policy", None)
    await drafts.commit_state(update, context, None)
    await reply(update, context, texts.CANCELLED, ReplyKeyboardRemove())
    return ConversationHandler.END


async def my_requests(update: Update, context: Context) -> None:
    """/yeucaucuatoi: the user's newest requests with their status, question and the answers so far."""
    user = update.effective_user
    if user is None:
        return
    view = await in_db(context, lambda s: workflow.owner_view(s, user_id=user.id))
    if not view.requests:
        await reply(update, context, texts.MY_REQUESTS_NONE)
        return
    await reply(update, context, desk.owner_requests(context.bot_data.snapshot.kb, view))


async def leave(update: Update, context: Context) -> int:
    """/kiemtra, /start or the check's button end the form, and are then handled as usual: what the
    user types next belongs to what they started last. (/help, /lienhe… only answer: the form goes on.)"""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    await drafts.commit_state(update, context, None)
    return ConversationHandler.END


def _answered_here(form: ConversationHandler[Context]) -> ConversationHandler[Context]:
    """The form runs in a group of its own, before everything else: an update one of its steps took
    goes no further (ApplicationHandlerStop); one it leaves on goes on to the other handlers."""
    steps = [*form.entry_points, *(h for handlers in form.states.values() for h in handlers), *form.fallbacks]
    for handler in steps:
        if handler.callback is not leave:
            handler.callback = _then_stop(handler.callback)
    return form


def _then_stop(callback: Any) -> Any:
    """The callback, ending the update's handling once it has run."""

    @functools.wraps(callback)
    async def step(update: Update, context: Context) -> int:
        raise ApplicationHandlerStop(await callback(update, context))

    return step


def conversation() -> ConversationHandler[Context]:
    """The request form, persisted across restarts."""
    text = filters.TEXT & ~filters.COMMAND
    return _answered_here(
        ConversationHandler(
            # "✅ Gửi" carries its draft's id: it stores that draft whatever state the form is in now.
            entry_points=[
                CommandHandler("yeucau", start),
                CallbackQueryHandler(start, pattern=pattern("st")),
                CallbackQueryHandler(confirm, pattern=pattern("rs")),
            ],
            states={
                NAME: [CallbackQueryHandler(got_name, pattern=pattern("rn")), MessageHandler(text, got_name)],
                BUSINESS: [MessageHandler(text, got_business)],
                COMMUNE: [MessageHandler(text, got_commune)],
                PHONE: [MessageHandler(filters.CONTACT | text, got_phone)],
                QUESTION: [
                    CallbackQueryHandler(got_question, pattern=pattern("rk")),
                    MessageHandler(text, got_question),
                ],
                CONFIRM: [CallbackQueryHandler(confirm, pattern=pattern("rs", "re", "rc"))],
            },
            fallbacks=[
                CommandHandler("cancel", cancel),
                CommandHandler("yeucau", start),
                CommandHandler(["kiemtra", "start"], leave),
                CallbackQueryHandler(leave, pattern=pattern("el")),
            ],
            name=CONVERSATION,
            persistent=True,
            allow_reentry=True,
        )
    )
