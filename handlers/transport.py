"""How the bot talks to Telegram: flood limits, and retries of exactly the sends that cannot have
been processed.

python-telegram-bot's AIORateLimiter keeps to the flood limits and retries 429 `retry_after` (pausing
every send for that long); tenacity retries what failed before Telegram could have acted on it: the
connection refused or timed out (the request was never written), a connection-pool wait, a 5xx
answer. Nothing else is retried: after a read timeout or a connection dropped mid-answer the message
may have been delivered, and a second copy is worse than a late error; 400/403 will never succeed."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest, RequestData
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
)

log = logging.getLogger(__name__)
# httpx errors raised before a byte of the request reached Telegram.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
PERMANENT = (BadRequest, Forbidden, InvalidToken, Conflict, ChatMigrated, RetryAfter)


class ServerError(NetworkError):
    """Telegram answered 5xx: it did not process the request."""


def safe_to_retry(exc: BaseException) -> bool:
    """Whether Telegram cannot have processed the failed request, so sending it again is no duplicate."""
    if isinstance(exc, ServerError):
        return True
    if not isinstance(exc, NetworkError) or isinstance(exc, PERMANENT):
        return False  # RetryAfter is the rate limiter's (it has already waited as told)
    return isinstance(exc.__cause__, NOT_SENT)


class TelegramRequest(HTTPXRequest):
    """python-telegram-bot's httpx backend, sending JSON and telling a 5xx answer apart (PTB makes it a
    plain NetworkError).

    PTB form-encodes every call: an answer card's Vietnamese HTML goes out as %XX per UTF-8 byte,
    quoted byte by byte in Python (a fifth of the bot's CPU per answer). The Bot API takes the same
    parameters as a JSON body, encoded in C and sent as UTF-8. Uploads stay multipart (PTB's path)."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = DEFAULT_NONE,
        write_timeout: Any = DEFAULT_NONE,
        connect_timeout: Any = DEFAULT_NONE,
        pool_timeout: Any = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is None or request_data.contains_files or self._client.is_closed:
            code, payload = await super().do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
            )
        else:
            code, payload = await self._post_json(
                url, method, request_data, (read_timeout, write_timeout, connect_timeout, pool_timeout)
            )
        if code >= 500:
            raise ServerError(f"Telegram server error ({code})")
        return code, payload

    async def _post_json(
        self, url: str, method: str, request_data: RequestData, timeouts: tuple[Any, Any, Any, Any]
    ) -> tuple[int, bytes]:
        defaults = self._client.timeout
        read, write, connect, pool = (
            default if isinstance(given, DefaultValue) else given
            for given, default in zip(timeouts, (defaults.read, defaults.write, defaults.connect, defaults.pool),
                                      strict=True)
        )
        body = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode()
        try:
            res = await self._client.request(
                method=method,
                url=url,
                headers={"User-Agent": self.USER_AGENT, "Content-Type": "application/json"},
                timeout=httpx.Timeout(connect=connect, read=read, write=write, pool=pool),
                content=body,
            )
        except httpx.TimeoutException as err:  # the same errors as PTB's own path raises
            if isinstance(err, httpx.PoolTimeout):
                raise TimedOut("Pool timeout: the request was not sent to Telegram.") from err
            raise TimedOut from err
        except httpx.HTTPError as err:
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err
        return res.status_code, without_echoed_extras(res.content)


# What Telegram echoes back of a message the bot has just sent, and the bot never reads back.
ECHOED = ("reply_markup", "entities", "link_preview_options")


def without_echoed_extras(payload: bytes) -> bytes:
    """A sent message as Telegram returns it, minus the keyboard and formatting we just sent with it.

    PTB would build every button and every bold or link entity of it again (for an answer card,
    twice the cost of the rest of the returned message), and the bot only reads the message's id
    and chat. Updates from Telegram (a button press's message) come by getUpdates and keep theirs."""
    if b'"reply_markup"' not in payload and b'"entities"' not in payload:
        return payload
    try:
        body = json.loads(payload)
    except ValueError:
        return payload
    result = body.get("result") if isinstance(body, dict) else None
    if not isinstance(result, dict) or "message_id" not in result:
        return payload
    dropped = [result.pop(key) for key in ECHOED if key in result]
    if not dropped:
        return payload
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


class RetryingRateLimiter(AIORateLimiter):
    """PTB's flood limiter plus tenacity retries of sends that cannot have reached Telegram, with
    exponential back-off up to `backoff_max` seconds for at most `retry_seconds` in all (an outage
    shorter than that loses no reply). `stopping()` true (SIGTERM) ends every retry at once."""

    def __init__(
        self,
        max_per_second: float,
        network_retries: int,
        *,
        retry_seconds: float = 600.0,
        backoff: float = 0.5,
        backoff_max: float = 8.0,
        group_max_per_minute: float = 20.0,
    ) -> None:
        super().__init__(
            overall_max_rate=max_per_second,
            overall_time_period=1,
            group_max_rate=group_max_per_minute,
            group_time_period=60,
            max_retries=network_retries,
        )
        self.network_retries = network_retries
        self.retry_seconds = retry_seconds
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.stopping: Callable[[], bool] = lambda: False

    def _stop(self, retry_state: RetryCallState) -> bool:
        # The first attempt is made before tenacity starts (see process_request): one fewer here.
        budget = stop_after_attempt(self.network_retries) | stop_after_delay(self.retry_seconds)
        return self.stopping() or budget(retry_state)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        def send() -> Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]:
            return super(RetryingRateLimiter, self).process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

        # Almost every send succeeds at once: tenacity's machinery is set up only after a failure.
        try:
            return await send()
        except Exception as exc:
            if self.network_retries < 1 or self.stopping() or not safe_to_retry(exc):
                raise
            self._log_retry(endpoint, exc, 1, self.backoff)
        await asyncio.sleep(self.backoff)

        def before_sleep(retry_state: RetryCallState) -> None:
            failure = retry_state.outcome.exception() if retry_state.outcome else None
            delay = retry_state.next_action.sleep if retry_state.next_action else 0.0
            self._log_retry(endpoint, failure, retry_state.attempt_number + 1, delay)

        retrying = AsyncRetrying(
            retry=retry_if_exception(safe_to_retry),
            stop=self._stop,
            wait=wait_exponential(multiplier=self.backoff * 2, max=self.backoff_max),
            before_sleep=before_sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await send()
        raise AssertionError("unreachable")

    @staticmethod
    def _log_retry(endpoint: str, failure: BaseException | None, attempt: int, delay: float) -> None:
        log.warning("Bot API %s failed (%s); retry %d in %.1fs", endpoint, type(failure).__name__, attempt, delay)
