"""The request form's drafts in the database: the summary's draft stored (with the user's state)
before it is shown, "✅ Gửi" storing exactly that draft once, the form's progress committed step by step."""

from __future__ import annotations

import copy
import logging
from typing import Any

from telegram import Update

from bot.desk import workflow
from bot.desk.models import SupportRequest
from bot.errors import StorageConflict, StorageError
from handlers.context import Context
from handlers.persistence import commit_step
from handlers.send import in_db

log = logging.getLogger(__name__)
DRAFT = "request_draft"
CONVERSATION = "support_request"
CONTACT = "contact"  # what the user told us last time, so a second request asks nothing again


async def commit_state(update: Update, context: Context, state: int | None) -> None:
    """The form's progress, committed before the next question is shown (a restart resumes right there)."""
    try:
        await commit_step(update, context, CONVERSATION, state)
    except StorageError as exc:  # the form goes on in memory; a restart now would resume at the last committed step
        log.warning("Form state not committed: %s", type(exc.__cause__).__name__)


async def keep(update: Update, context: Context, draft: dict[str, Any], state: int) -> str | None:
    """Store the complete draft under a new id with the user's state (the form at `state`); its id,
    or None when the database is down ("Gửi" then stores the draft kept in memory, or says so)."""
    user = update.effective_user
    assert user is not None
    # The id of the update that completed the draft: Telegram hands an update out again after a kill,
    # and the summary it makes again then stores (and finds) the same request.
    assert update.update_id is not None
    draft_id = f"{update.update_id:016x}"
    shown = {k: v for k, v in draft.items() if k != "id"}
    draft["id"] = draft_id
    try:
        await commit_step(
            update,
            context,
            CONVERSATION,
            state,
            lambda s: workflow.keep_draft(s, draft_id=draft_id, user_id=user.id, draft=shown),
        )
    except StorageError as exc:
        log.warning("Draft not stored: %s", type(exc.__cause__).__name__)
        draft.pop("id", None)
        return None
    return draft_id


def after_submit(user_data: dict[str, Any], confirmed: dict[str, Any], draft_id: str | None) -> dict[str, Any]:
    """The user's data once their draft is stored: its contact kept for next time, the draft gone
    (unless the press was on an older summary than the form in progress)."""
    remembered = ("name", "business", "commune", "phone", *workflow.COMMUNE_FIELDS)
    if confirmed:  # (nothing new to remember when the draft had been stored before)
        user_data[CONTACT] = {k: confirmed[k] for k in remembered if k in confirmed}
    current = user_data.get(DRAFT) or {}
    if draft_id is None or current.get("id") in (None, draft_id):
        user_data.pop(DRAFT, None)
    return user_data


async def submit(
    update: Update, context: Context, draft_id: str | None, draft: dict[str, Any] | None
) -> tuple[SupportRequest | None, dict[str, Any]] | None:
    """Store the confirmed draft (once, however often and whenever "Gửi" is pressed) with the user's
    state, in one transaction: (request, the draft stored), (None, {}) for an unknown draft, None
    while another press is being stored; StorageError when the database fails."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None and context.user_data is not None
    # A second tap on "Gửi" while the first is being stored: one request only.
    sending = context.bot_data.sending
    if user.id in sending:
        return None
    snapshot, staff_chat = context.bot_data.snapshot, context.bot_data.settings.staff_chat_id
    before = dict(context.user_data)

    def store(session: Any) -> tuple[SupportRequest | None, dict[str, Any]]:
        confirmed = draft or workflow.confirmed_draft(session, draft_id=draft_id or "", user_id=user.id)
        if confirmed is None:
            existing = workflow.find_by_draft(session, draft_id=draft_id or "", user_id=user.id)
            return existing, {}
        request = workflow.submit(
            session,
            snapshot=snapshot,
            user_id=user.id,
            chat_id=chat.id,
            draft=confirmed,
            draft_id=draft_id,
            staff_chat_id=staff_chat,
        )
        return request, confirmed

    def after(found: tuple[SupportRequest | None, dict[str, Any]] | None) -> dict[str, Any]:
        """The user's data once the press is stored (unchanged for an unknown draft)."""
        if found is None or found[0] is None:
            return copy.deepcopy(before)
        return after_submit(copy.deepcopy(before), found[1], draft_id)

    sending.add(user.id)
    try:
        # The state is committed with the request: after a restart the form is over, not resumed.
        try:
            result = await commit_step(update, context, CONVERSATION, None, store, then=after)
        except StorageConflict:  # an earlier press that timed out committed meanwhile: it finds that one
            result = await commit_step(update, context, CONVERSATION, None, store, then=after)
    finally:
        sending.discard(user.id)
    assert result is not None
    context.bot_data.outbox_ready.set()
    return result


async def forget(context: Context, draft: dict[str, Any]) -> None:
    """A summary edited or cancelled: its "Gửi" no longer stores it."""
    draft_id = draft.get("id")
    if draft_id is None:
        return
    try:
        await in_db(context, lambda s: workflow.forget_draft(s, draft_id=draft_id))
    except StorageError as exc:
        log.warning("Draft not dropped: %s", type(exc.__cause__).__name__)
