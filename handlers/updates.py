"""getUpdates that survives an update python-telegram-bot cannot parse.

The library builds every update of a getUpdates batch at once: one it cannot build (a `poll_answer`
shaped like an older Bot API server sends it) fails the whole batch, the offset never moves, and
polling asks for the same batch again and again — nobody is answered. Here each update of the
response is tried alone; one that does not build is replaced by a bare `{"update_id": N}` (which
no handler acts on), so the offset moves past it and the rest of the batch is served. Only the
update id and the error's type are logged: an update carries people's messages.

Trying each update costs a second parse of every update, so it is done only when it is needed:
when the library asks again for a batch it was already given (same offset), it failed to build it.
The library's own report of that failure is kept free of the data by `bot.logsafe`."""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, HTTPXRequest, RequestData

log = logging.getLogger(__name__)


def buildable(update: dict[str, Any]) -> bool:
    try:
        Update.de_json(update, None)
    except Exception:  # whatever the library raises on data it does not understand
        return False
    return True


def without_unparseable(payload: bytes) -> bytes:
    """The getUpdates response with each update the library cannot build reduced to its id."""
    try:
        body = json.loads(payload)
        updates = body["result"]
    except (ValueError, KeyError, TypeError):
        return payload  # not a successful response: the library reports it as usual
    if not isinstance(updates, list):
        return payload
    kept: list[Any] = []
    for update in updates:
        if isinstance(update, dict) and isinstance(update.get("update_id"), int) and not buildable(update):
            kinds = sorted(key for key in update if key != "update_id")
            log.warning("Skipped update %d that python-telegram-bot cannot parse (%s)", update["update_id"],
                        ", ".join(kinds))
            update = {"update_id": update["update_id"]}
        kept.append(update)
    if kept == updates:
        return payload
    body["result"] = kept
    return json.dumps(body).encode()


class SkippingUpdatesRequest(HTTPXRequest):
    """The long-polling request, with updates the library cannot parse skipped (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._asked_offset: object = None
        self._given_updates = False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        status, payload = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if status == 200 and url.endswith("/getUpdates"):
            offset = request_data.parameters.get("offset") if request_data else None
            if self._given_updates and offset == self._asked_offset:
                payload = without_unparseable(payload)  # the same batch again: the library could not build it
            self._asked_offset = offset
            self._given_updates = b'"update_id"' in payload
        return status, payload
