"""Personal data the bot keeps outside the database follows the database's retention.

A user's contact (name, establishment, commune, phone) is remembered in the conversation state so
that a second request asks nothing again. It is only kept while the user has a request in the
database: once `requests purge` has deleted them all, the next run of this job forgets it."""

from __future__ import annotations

import logging

from bot.desk import repo
from bot.errors import StorageError
from handlers.context import Context
from handlers.drafts import CONTACT
from handlers.send import in_db

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 3600


async def forget_stale_contacts(context: Context) -> None:
    """JobQueue: drop the remembered contact of every user who no longer has any request."""
    users = context.application.user_data
    remembered = [user_id for user_id, data in users.items() if CONTACT in data]
    if not remembered:
        return
    try:
        keep = await in_db(context, lambda session: repo.users_with_requests(session, user_ids=remembered))
    except StorageError as exc:
        log.warning("Stale contacts not checked: %s", type(exc).__name__)
        return
    forgotten = [user_id for user_id in remembered if user_id not in keep]
    for user_id in forgotten:
        users[user_id].pop(CONTACT, None)
    if forgotten:
        await context.application.update_persistence()
        log.info("Forgot the contact of %d users without requests", len(forgotten))
