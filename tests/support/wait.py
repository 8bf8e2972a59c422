"""Waiting for a condition instead of sleeping a fixed time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def eventually(condition: Callable[[], object], timeout: float = 10.0, *, what: str = "") -> None:
    """Return as soon as `condition()` is true; fail the test after `timeout` seconds.

    Looks often at first (the bot usually answers within milliseconds), then less and less often,
    so that a long wait does not take the CPU away from the bot it is waiting for."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    interval = 0.001
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what or 'the condition'} still not true after {timeout} s")
        await asyncio.sleep(interval)
        interval = min(interval * 2, 0.05)
