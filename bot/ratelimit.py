"""Per-user message limit against spam (sliding window)."""

from __future__ import annotations

from collections import deque


class SlidingWindowLimiter:
    """Allows at most `limit` events per `window` seconds for each key."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[int, deque[float]] = {}
        self._noticed: dict[int, float] = {}

    def allow(self, key: int, now: float) -> bool:
        """Record an event for `key` at `now`; False when over the limit."""
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self._events) > 10_000:
            self._forget_idle(now)
        return True

    def should_notify(self, key: int, now: float) -> bool:
        """True once per window for a blocked key, so the polite notice is not itself spam."""
        last = self._noticed.get(key)
        if last is not None and now - last < self.window:
            return False
        self._noticed[key] = now
        return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, ev in self._events.items() if not ev or now - ev[-1] >= self.window]:
            del self._events[key]
            self._noticed.pop(key, None)
