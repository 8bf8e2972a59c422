"""Load generator process: serves the Bot API stand-in and plays simulated users against it.

Runs apart from the bot under test so that the two do not share one interpreter (as with the
real Telegram). Prints the port, waits for the bot's first getUpdates, plays the users, then
prints one JSON line of results.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time

from console.standin import BotApiStandIn
from tests.support.botapi import serve


async def play(users: int, per_user: int, questions: list[str]) -> None:
    """Serve, wait for the bot, play closed-loop users, print results."""
    api = BotApiStandIn()
    async with serve(api) as base_url:
        print(base_url, flush=True)
        while api.updates_served == 0 and not api.sent:
            await api.push({"message": api.message("/start", user_id=1)})
            await asyncio.sleep(0.5)
            if api.sent_per_chat.get(1):
                break
        latencies: list[float] = []

        async def user(user_id: int) -> None:
            for n in range(per_user):
                sent = api.sent_per_chat.get(user_id, 0)
                start = time.perf_counter()
                await api.push({"message": api.message(questions[(user_id * 7 + n) % len(questions)], user_id=user_id)})
                await api.wait_chat(user_id, sent + 1, timeout=60)
                latencies.append((time.perf_counter() - start) * 1000)

        await asyncio.gather(*(user(1000 + i) for i in range(5)))  # warm-up
        latencies.clear()
        start = time.perf_counter()
        await asyncio.gather(*(user(10_000 + i) for i in range(users)))
        elapsed = time.perf_counter() - start
        # Messages the bot sent to the measured users (a reply may have more than one part).
        sent = sum(api.sent_per_chat.get(10_000 + i, 0) for i in range(users))
    latencies.sort()
    result = {
        "updates": len(latencies),
        "updates_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 2),
        "messages_per_update": round(sent / len(latencies), 3),
    }
    print(json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--per-user", type=int, required=True)
    args = parser.parse_args()
    questions = json.loads(sys.stdin.readline())
    asyncio.run(play(args.users, args.per_user, questions))


if __name__ == "__main__":
    main()
