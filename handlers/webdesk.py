"""The web desk from the Telegram side: /web sends a one-time sign-in link to staff and admins in a
private chat; the desk is started and stopped with the Application, on the bot's own functions."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.desk import webauth
from bot.desk.models import Status, SupportRequest
from bot.desk.workflow import Actor
from bot.policies.gate import CheckReport
from bot.render import texts
from bot.render.html import esc
from handlers import admin, relay
from handlers.context import CONTEXT_TYPES, BotApplication, Context
from handlers.guards import is_admin, is_staff, refuse
from handlers.send import in_db, reply
from web.server import WebDesk
from web.services import TelegramSide, WebServices

log = logging.getLogger(__name__)
# Telegram refuses URL buttons to these hosts; the link is still in the text.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
# How long the reply box waits for Telegram to take an answer before saying it is queued.
REPLY_WAIT_SECONDS = 8.0


async def web_link(update: Update, context: Context) -> None:
    """/web: a one-time sign-in link to the web desk (staff and admins, private chat only)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    if not (is_staff(context, user.id) or is_admin(context, user.id)):
        await refuse(update, context, "web")
        return
    if chat.type != "private":
        await reply(update, context, texts.WEB_PRIVATE_ONLY)
        return
    settings = context.bot_data.settings
    if not settings.web_on:
        await reply(update, context, texts.WEB_DISABLED)
        return
    minutes = settings.web_link_minutes
    name = user.full_name or "Cán bộ"
    token = await in_db(
        context, lambda s: webauth.issue_link_token(s, user_id=user.id, name=name, valid_for=timedelta(minutes=minutes))
    )
    url = f"{settings.web_url}/login?t={token}"
    markup = None
    if urlsplit(url).hostname not in LOCAL_HOSTS:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(texts.WEB_BUTTON, url=url)]])
    await reply(update, context, texts.WEB_LINK.format(url=esc(url), minutes=f"{minutes:g}"), markup)


def web_services(app: BotApplication) -> WebServices:
    """The desk's services: the bot's database and knowledge store, and its own Telegram functions."""
    services = app.bot_data

    async def reply_to_owner(request: SupportRequest, staff: Actor, text: str) -> bool | None:
        context = CONTEXT_TYPES.context(app)
        _, delivered = await relay.deliver_staff_reply(context, request, staff, text, wait_seconds=REPLY_WAIT_SECONDS)
        return delivered

    async def tell_owner(request: SupportRequest, status: Status, staff_name: str) -> None:
        context = CONTEXT_TYPES.context(app)
        await relay.show_status(context, request)
        await relay.tell_owner(context, request, status, staff_name)

    async def reload() -> tuple[CheckReport, bool]:
        return await admin.reload_knowledge(app)

    async def add_example(policy_id: str, question: str) -> CheckReport:
        return await admin.add_example_and_publish(app, policy_id, question)

    return WebServices(
        settings=services.settings,
        store=services.store,
        engine=services.engine,
        question_log=services.question_log,
        telegram=TelegramSide(
            reply_to_owner=reply_to_owner, tell_owner=tell_owner, reload=reload, add_example=add_example
        ),
    )


async def start(app: BotApplication) -> None:
    """Serve the web desk when the settings ask for it (post_init)."""
    if app.bot_data.settings.web_on and app.bot_data.web is None:
        desk = WebDesk(web_services(app))
        await desk.start()
        app.bot_data.web = desk


async def stop(app: BotApplication) -> None:
    """Stop serving the web desk (post_shutdown)."""
    desk, app.bot_data.web = app.bot_data.web, None
    if desk is not None:
        await desk.stop()
