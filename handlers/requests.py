"""Business owners' support requests: /yeucau, the "Gửi câu hỏi cho cán bộ" buttons, /yeucaucuatoi."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.desk import repo as storage
from bot.desk.models import SupportRequest
from bot.language.phone import normalize_phone
from bot.render import texts
from bot.render.cards import esc, format_date
from handlers import keyboards, staff
from handlers.callbacks import parse
from handlers.common import in_db, send_html, settings, snapshot

log = logging.getLogger(__name__)
NAME, BUSINESS, COMMUNE, PHONE, QUESTION, CONFIRM = range(6)
DRAFT = "request_draft"
CONTACT = "contact"  # what the user told us last time, so a second request asks nothing again
MIN_QUESTION_CHARS = 10
FIELDS = ("name", "business", "commune", "phone", "question")
SENDING = "requests_being_sent"  # bot_data: users whose "Gửi" is being stored right now


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/yeucau or a handoff button: pre-fill what we know, then ask only what is missing."""
    query = update.callback_query
    if query is not None:
        await query.answer()
    if update.effective_chat is None or update.effective_chat.type != "private":
        await send_html(update, context, texts.REQ_PRIVATE_ONLY)
        return ConversationHandler.END
    assert context.user_data is not None
    pressed = parse(query.data) if query else None
    kb = snapshot(context).kb
    topic = pressed.policy if pressed and pressed.policy in kb.policies else context.user_data.get("last_policy")
    draft: dict[str, Any] = dict(context.user_data.get(CONTACT, {}))
    draft["topic"] = topic if topic in kb.policies else None
    if query is not None and context.user_data.get("last_question"):
        draft["suggested_question"] = context.user_data["last_question"]
    check = context.user_data.get("last_check")
    if query is not None and check and (topic is None or topic in check.get("verdicts", {})):
        draft["check"] = check
    context.user_data[DRAFT] = draft
    await send_html(update, context, texts.REQ_INTRO)
    return await _ask_next(update, context)


async def _ask_next(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    user = update.effective_user
    if "name" not in draft:
        markup = None
        if user and user.full_name:
            markup = InlineKeyboardMarkup([[keyboards.button(texts.REQ_USE_NAME.format(name=user.full_name), "rn")]])
        await send_html(update, context, texts.REQ_ASK_NAME, markup)
        return NAME
    if "business" not in draft:
        await send_html(update, context, texts.REQ_ASK_BUSINESS)
        return BUSINESS
    if "commune" not in draft:
        await send_html(update, context, texts.REQ_ASK_COMMUNE)
        return COMMUNE
    if "phone" not in draft:
        markup = ReplyKeyboardMarkup(
            [[KeyboardButton(texts.REQ_SHARE_PHONE, request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        await send_html(update, context, texts.REQ_ASK_PHONE, markup)
        return PHONE
    if "question" not in draft:
        suggested = draft.get("suggested_question")
        if suggested:
            markup = InlineKeyboardMarkup([[keyboards.button(texts.REQ_BUTTON_KEEP, "rk")]])
            await send_html(update, context, texts.REQ_KEEP_QUESTION.format(question=esc(suggested)), markup)
        else:
            await send_html(update, context, texts.REQ_ASK_QUESTION)
        return QUESTION
    return await _summary(update, context)


async def _summary(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    kb = snapshot(context).kb
    topic = kb.policies[draft["topic"]].title if draft.get("topic") in kb.policies else texts.REQ_GENERAL_TOPIC
    check = draft.get("check")
    text = texts.REQ_SUMMARY.format(
        name=esc(draft["name"]),
        business=esc(draft["business"]),
        commune=esc(draft["commune"]),
        phone=esc(draft["phone"]),
        topic=esc(topic),
        question=esc(draft["question"]),
        check=texts.REQ_SUMMARY_CHECK.format(date=format_date(date.fromisoformat(check["date"]))) if check else "",
    )
    markup = InlineKeyboardMarkup(
        [
            [keyboards.button(texts.REQ_BUTTON_SEND, "rs")],
            [keyboards.button(texts.REQ_BUTTON_EDIT, "re"), keyboards.button(texts.REQ_BUTTON_CANCEL, "rc")],
        ]
    )
    await send_html(update, context, text, markup)
    return CONFIRM


def _typed(update: Update, limit: int) -> str:
    message = update.effective_message
    return " ".join((message.text or "").split())[:limit] if message else ""


async def got_name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A typed name, or the "use my Telegram name" button."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        name = update.effective_user.full_name if update.effective_user else ""
    else:
        name = _typed(update, 200)
    return await _store_field(update, context, "name", name, texts.REQ_ASK_NAME, NAME)


async def _store_field(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, value: str, prompt: str, state: int
) -> int:
    """Keep a typed field (at least 2 characters) and move on, or ask for it again."""
    if len(value) < 2:
        await send_html(update, context, prompt)
        return state
    _draft(context)[key] = value
    return await _ask_next(update, context)


async def got_business(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The establishment's name."""
    return await _store_field(update, context, "business", _typed(update, 300), texts.REQ_ASK_BUSINESS, BUSINESS)


async def got_commune(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The commune or ward."""
    return await _store_field(update, context, "commune", _typed(update, 200), texts.REQ_ASK_COMMUNE, COMMUNE)


async def got_phone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A shared contact (must be the user's own) or a typed Vietnamese number."""
    message = update.effective_message
    assert message is not None
    if message.contact is not None:
        user = update.effective_user
        # The share-contact button always sends the user's own contact with their id; a card from
        # the address book has no id or another one.
        if user is None or message.contact.user_id != user.id:
            await send_html(update, context, texts.REQ_NOT_OWN_CONTACT)
            return PHONE
        phone = normalize_phone(message.contact.phone_number)
    else:
        phone = normalize_phone(message.text or "")
    if phone is None:
        shown = esc((message.text or (message.contact.phone_number if message.contact else ""))[:30])
        await send_html(update, context, texts.REQ_BAD_PHONE.format(text=shown))
        return PHONE
    _draft(context)["phone"] = phone
    await send_html(update, context, texts.REQ_PHONE_OK, ReplyKeyboardRemove())
    return await _ask_next(update, context)


async def got_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The question, typed or kept from what the user asked the bot."""
    draft = _draft(context)
    query = update.callback_query
    if query is not None:
        await query.answer()
        text = draft.get("suggested_question", "")
    else:
        text = (update.effective_message.text or "").strip()[:3000] if update.effective_message else ""
    if len(text) < MIN_QUESTION_CHARS:
        await send_html(update, context, texts.REQ_TOO_SHORT)
        return QUESTION
    draft["question"] = text
    return await _ask_next(update, context)


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Send / edit / cancel from the summary. The request is committed before the user is told."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    await query.answer()
    draft = _draft(context)
    if query.data == "rc":
        return await cancel(update, context)
    if query.data == "re":
        context.user_data[DRAFT] = {k: v for k, v in draft.items() if k not in FIELDS}
        return await _ask_next(update, context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    # A second tap on "Gửi" while the first is being stored, or after it was: one request only.
    sending: set[int] = context.bot_data.setdefault(SENDING, set())  # bot_data is not persisted
    if user.id in sending:
        return CONFIRM
    if any(key not in draft for key in FIELDS):
        return ConversationHandler.END
    kb = snapshot(context).kb
    matches = snapshot(context).matcher.match(draft["question"]).matches
    check = draft.get("check")
    form = (check or {}).get("profile", {}).get("loai_hinh")
    form_fact = kb.facts.facts.get("loai_hinh")
    fields = {
        "telegram_user_id": user.id,
        "telegram_chat_id": chat.id,
        "name": draft["name"],
        "business_name": draft["business"],
        "business_form": form_fact.options.get(form, form) if form and form_fact else form,  # its label
        "commune": draft["commune"],
        "phone": draft["phone"],
        "topic_policy_id": draft.get("topic") if draft.get("topic") in kb.policies else None,
        "question": draft["question"],
        "matches": [{"policy_id": m.policy_id, "score": m.score} for m in matches],
        "eligibility": check,
    }

    def store(session: Session) -> SupportRequest:
        request = storage.create_request(session, **fields)
        session.commit()
        return request

    sending.add(user.id)
    try:
        request = await in_db(context, store)
    except SQLAlchemyError as exc:
        log.error("Request not stored (database unavailable): %s", type(exc).__name__)
        await send_html(update, context, texts.REQ_DB_DOWN)
        return CONFIRM
    finally:
        sending.discard(user.id)
    log.info("Request %s stored", request.code)
    context.user_data[CONTACT] = {k: draft[k] for k in ("name", "business", "commune", "phone")}
    context.user_data.pop(DRAFT, None)
    days = settings(context).expected_answer_days
    await send_html(update, context, texts.REQ_RECEIVED.format(code=esc(request.code), days=days))
    # In the background: Telegram allows ~20 messages a minute in a group, and a burst of requests
    # must not hold this update (and with it the bot's update slots) until the staff group has room.
    context.application.create_task(staff.notify_new(context, request), update=update)
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Drop the draft."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    await send_html(update, context, texts.CANCELLED, ReplyKeyboardRemove())
    return ConversationHandler.END


async def my_requests(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/yeucaucuatoi: the user's own requests with their status."""
    user = update.effective_user
    if user is None:
        return
    requests = await in_db(context, lambda s: storage.list_requests(s, user_id=user.id, newest_first=True, limit=20))
    if not requests:
        await send_html(update, context, texts.MY_REQUESTS_NONE)
        return
    kb = snapshot(context).kb
    lines = [texts.MY_REQUESTS]
    for request in requests:
        topic = kb.policies[request.topic_policy_id].title if request.topic_policy_id in kb.policies else ""
        status = texts.STATUS_LABELS.get(request.status, request.status)
        line = f"• <b>{esc(request.code)}</b> ({format_date(request.created_at.date())}): {status}"
        lines.append(line + (f"\n  {esc(topic)}" if topic else ""))
    await send_html(update, context, "\n".join(lines))


def conversation() -> ConversationHandler:  # type: ignore[type-arg]
    """The request form, persisted across restarts."""
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[CommandHandler("yeucau", start), CallbackQueryHandler(start, pattern=r"^st:")],
        states={
            NAME: [CallbackQueryHandler(got_name, pattern=r"^rn$"), MessageHandler(text, got_name)],
            BUSINESS: [MessageHandler(text, got_business)],
            COMMUNE: [MessageHandler(text, got_commune)],
            PHONE: [MessageHandler(filters.CONTACT | text, got_phone)],
            QUESTION: [CallbackQueryHandler(got_question, pattern=r"^rk$"), MessageHandler(text, got_question)],
            CONFIRM: [CallbackQueryHandler(confirm, pattern=r"^r[sec]$")],
        },
        fallbacks=[CommandHandler("cancel", cancel), CommandHandler("yeucau", start)],
        name="support_request",
        persistent=True,
        allow_reentry=True,
    )
