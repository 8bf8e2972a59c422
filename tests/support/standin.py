"""The Bot API stand-in with fault injection: Telegram answering 429 or 500, slowly, or not at all.

The console's stand-in (console/standin.py) always answers; tests that play Telegram in trouble
use this subclass and append `Fault`s to `faults` while the bot runs.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Literal

from console.standin import BotApiStandIn

# drop: the connection closes before the call is served; lost_response: served, then the connection
# closes before the answer (Telegram acted on it, the bot cannot know).
FaultKind = Literal["retry_after", "server_error", "slow", "drop", "lost_response"]


@dataclass
class Fault:
    """Make the next `times` calls of `methods` (all when empty) fail or slow down."""

    kind: FaultKind
    times: int = 1
    methods: frozenset[str] = frozenset()
    retry_after: int = 1
    delay: float = 0.5

    def applies_to(self, method: str) -> bool:
        return self.times > 0 and (not self.methods or method in self.methods)


@dataclass
class FaultyStandIn(BotApiStandIn):
    """The stand-in that serves the `faults` first; counts the failures it served."""

    faults: list[Fault] = field(default_factory=list)
    failures_served: int = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        self.serving = 0  # calls (other than getUpdates) held up by a "slow" fault right now

    def take_fault(self, method: str, kind: FaultKind | None = None) -> Fault | None:
        """The fault to apply to this call, if any (consumes one use); a lost response only when asked for."""
        for fault in self.faults:
            if fault.applies_to(method) and (fault.kind == kind if kind else fault.kind != "lost_response"):
                fault.times -= 1
                self.failures_served += 1
                return fault
        return None

    def take_drop(self, method: str, kind: FaultKind = "drop") -> bool:
        """Whether the HTTP server should close this call's connection without an answer (consumes a fault)."""
        return self.take_fault(method, kind) is not None

    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        fault = self.take_fault(method)
        if fault is not None and fault.kind == "retry_after":
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {fault.retry_after}",
                "parameters": {"retry_after": fault.retry_after},
            }
        if fault is not None and fault.kind == "server_error":
            return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        if fault is not None and fault.kind == "slow":
            busy = method != "getUpdates"
            self.serving += busy
            try:
                await asyncio.sleep(fault.delay)
            finally:
                self.serving -= busy
        return await super().call(method, params)
