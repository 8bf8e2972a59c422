"""The python-telegram-bot layer: thin adapters from updates to the core in bot/.

`register(app)` is the only place handlers are added: guards first, then conversations, commands,
buttons (their `pattern=` comes from the callback grammar), free text, everything else."""

from __future__ import annotations

import os

# Opt in to python-telegram-bot's coming `retry_after` as a timedelta (its rate limiter already reads
# it that way): without this, every 429 logs a deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters

from handlers import admin, eligibility, qa, relay, requests, staff
from handlers.callbacks import pattern
from handlers.context import BotApplication
from handlers.errors import on_error
from handlers.guards import AddressedToBot, limit_spam


def register(app: BotApplication) -> None:
    """All handler wiring, in order of precedence."""
    addressed = AddressedToBot()
    app.add_handler(TypeHandler(Update, limit_spam), group=-3)
    # Replies to messages about a request, and the owner's answer after «Trả lời cán bộ», go to the
    # other side and stop there (group -2).
    for_other_side = (filters.REPLY & (filters.TEXT | filters.CAPTION)) | (filters.ChatType.PRIVATE & filters.TEXT)
    app.add_handler(MessageHandler(for_other_side, relay.route), group=-2)
    # The request form first (group -1): a user who starts /yeucau in the middle of an eligibility
    # check gets their typed answers to the form (the check keeps its buttons), not "please use the
    # buttons"; any other command leaves the form and is handled below, so the form never eats the
    # next message meant for /kiemtra.
    app.add_handler(requests.conversation(), group=-1)
    app.add_handler(eligibility.conversation())
    app.add_handler(CommandHandler("yeucaucuatoi", requests.my_requests))
    app.add_handler(CommandHandler("inbox", staff.inbox))
    app.add_handler(CommandHandler("yc", staff.show))
    app.add_handler(CommandHandler("traloi", staff.reply_by_code))
    app.add_handler(CallbackQueryHandler(staff.desk_button, pattern=pattern("sa", "sr", "ip")))
    app.add_handler(CallbackQueryHandler(staff.rating, pattern=pattern("rt")))
    app.add_handler(CallbackQueryHandler(relay.answer_button, pattern=pattern("ow")))
    app.add_handler(CommandHandler("reload", admin.reload_command))
    app.add_handler(CommandHandler("kbstatus", admin.kb_status))
    app.add_handler(CommandHandler("unanswered", admin.unanswered))
    app.add_handler(CommandHandler("thongke", admin.period_stats))
    app.add_handler(CallbackQueryHandler(admin.unanswered_button, pattern=pattern("ua", "ux")))
    app.add_handler(CommandHandler("start", qa.start))
    app.add_handler(CommandHandler("help", qa.help_command))
    app.add_handler(CommandHandler("cancel", qa.cancel))
    app.add_handler(CommandHandler("lienhe", qa.contact))
    app.add_handler(CommandHandler("chinhsach", qa.browse))
    app.add_handler(CallbackQueryHandler(qa.button))
    app.add_handler(MessageHandler(filters.COMMAND & addressed, qa.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & addressed, qa.question))
    app.add_handler(MessageHandler(~filters.TEXT & filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, qa.not_text))
    app.add_error_handler(on_error)
