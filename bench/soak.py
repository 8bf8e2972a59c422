"""Soak benchmark: 100,000 updates at a steady rate through the full stack; memory must not creep.

Two processes, as with the real Telegram: the load generator (`generator_main`, its own process)
serves the HTTP Bot API stand-in and plays 2,000 users at a steady rate — questions, commands, button
presses, stickers, group chatter and, now and then, a whole support request (stored in SQLite); the
bot under test (the real Application, long polling, persistence and question log on) runs in the
benchmark process, which reads its own resident memory (VmRSS in /proc/self/status).

Memory is read after a garbage collection when the warm-up (the first 10 % of the updates, by which
time every user has been seen) is over, every 10 % after that, and at the end once every reply has
arrived. Target: the end at most 150 MiB and within 5 % of the after-warm-up figure, and no error — no apology sent, no
error logged, no reply missing, every support request sent acknowledged.

`SOAK_UPDATES` (default 100,000) and `SOAK_RATE` (updates per second, default 200) override the run.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import write_results
from bench.startup import commit, machine
from bot.config import PROJECT_ROOT, Settings
from bot.matching.evaluation import load_questions
from bot.policies.store import KnowledgeStore
from bot.render import texts
from console.standin import BotApiStandIn

DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev-questions.yaml"
OWN_CASES = PROJECT_ROOT / "cases" / "questions.yaml"
USERS = 2_000
WARMUP_SHARE = 0.10
TARGET_GROWTH = 0.05
TARGET_RSS_MIB = 150.0
STAFF_ID, STAFF_CHAT, FIRST_USER = 900, -100, 1


# ----- the load generator (its own process) ----------------------------------------------------------
class SoakStandIn(BotApiStandIn):
    """The stand-in, keeping counters instead of every call (100,000 answers would fill the memory)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.pending: dict[int, float] = {}  # chat → when the update awaiting its first reply was pushed
        self.latencies: list[float] = []
        self.last_message: dict[int, dict[str, Any]] = {}
        self.texts: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.callbacks: dict[str, int] = {}  # callback query id → the user who pressed
        self.acknowledged = 0  # support requests the bot confirmed as stored

    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, body = await super().call(method, params)
        self.calls[method] += 1
        chat_id = None
        if method == "sendMessage" and body.get("ok"):
            chat_id = int(params.get("chat_id", 0))
            text = str(params.get("text", ""))
            if text in (texts.ERROR, texts.TOO_FAST):
                self.texts[text] += 1
            self.acknowledged += text.startswith("✅ Đã nhận yêu cầu")
            self.last_message[chat_id] = body["result"]
        elif method == "answerCallbackQuery":
            chat_id = self.callbacks.pop(str(params.get("callback_query_id")), None)
        started = self.pending.pop(chat_id, None) if chat_id is not None else None
        if started is not None:  # the first response to the user's update
            self.latencies.append((time.perf_counter() - started) * 1000)
        self.sent.clear()
        return status, body


class Script:
    """What the users do, in a fixed pseudo-random order."""

    def __init__(self, api: SoakStandIn, questions: list[str], seed: int = 2026) -> None:
        self.api = api
        self.questions = questions
        self.rng = random.Random(seed)
        self.next_user = 0
        self.forms: dict[int, list[str]] = {}  # users in the middle of a support request
        self.requests = 0

    def _user(self) -> int:
        """The next user with no reply outstanding (round robin over USERS)."""
        for _ in range(USERS):
            self.next_user = self.next_user % USERS + 1
            user_id = 10_000 + self.next_user
            if user_id not in self.api.pending:
                return user_id
        raise RuntimeError("every user is waiting for a reply: the bot has fallen behind")

    def _say(self, user_id: int, text: str | None, **kwargs: Any) -> dict[str, Any]:
        return {"message": self.api.message(text, user_id=user_id, first_name=f"Khách {user_id}", **kwargs)}

    def _press(self, user_id: int, data: str, on: dict[str, Any]) -> dict[str, Any]:
        payload = self.api.callback(data, on, user_id=user_id)
        self.api.callbacks[payload["callback_query"]["id"]] = user_id
        return payload

    def next(self) -> tuple[dict[str, Any], int | None]:
        """The next update, and the chat whose first reply to it is timed (None: no reply expected)."""
        user_id = self._user()
        if user_id in self.forms:  # a support request in progress: its next answer, then «✅ Gửi»
            steps = self.forms[user_id]
            if steps:
                return self._say(user_id, steps.pop(0)), user_id
            del self.forms[user_id]
            summary = self.api.last_message.get(user_id)
            if summary is not None:
                self.requests += 1
                return self._press(user_id, "rs", summary), user_id
        roll = self.rng.random()
        on = self.api.last_message.get(user_id)
        if roll < 0.55:
            return self._say(user_id, self.rng.choice(self.questions)), user_id
        if roll < 0.67:
            command = self.rng.choice(["/start", "/help", "/lienhe", "/chinhsach", "/kiemtra", "/cancel", "/lenhla"])
            return self._say(user_id, command), user_id
        if roll < 0.80 and on is not None and on.get("reply_markup"):
            buttons = [b for row in on["reply_markup"]["inline_keyboard"] for b in row if "callback_data" in b]
            if buttons:
                return self._press(user_id, self.rng.choice(buttons)["callback_data"], on), user_id
        if roll < 0.86:
            sticker = {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512,
                                   "height": 512, "is_animated": False, "is_video": False}}
            return self._say(user_id, None, extra=sticker), user_id
        if roll < 0.93:  # chatter in a group the bot is in: no reply
            return self._say(user_id, self.rng.choice(self.questions), chat_id=-5000 - user_id % 50,
                             chat_type="supergroup"), None
        if roll < 0.9995:  # about one support request in 2,000 updates (the staff group takes 20 a minute)
            return self._say(user_id, "cảm ơn bạn nhiều"), user_id
        # A support request: /yeucau, then (on the following turns) the form, then «✅ Gửi».
        self.forms[user_id] = [f"Khách hàng {user_id}", "Cơ sở bánh tráng", "xã Hàm Thuận, tỉnh Lâm Đồng",
                               "0912 345 678", self.rng.choice(self.questions) + " (cần cán bộ tư vấn thêm)"]
        return self._say(user_id, "/yeucau"), user_id


async def generate(updates: int, rate: float, questions: list[str]) -> None:
    """Serve the stand-in, wait for the bot, push `updates` at `rate` per second, then print the results."""
    from tests.support.botapi import serve  # the HTTP stand-in lives with the tests

    api = SoakStandIn()
    script = Script(api, questions)
    async with serve(api) as base_url:
        print(base_url, flush=True)
        while not api.calls.get("sendMessage"):  # the bot is up once it answers
            await api.push({"message": api.message("/start", user_id=FIRST_USER)})
            await asyncio.sleep(0.5)
        loop = asyncio.get_running_loop()
        start = loop.time()
        lag = 0.0
        for index in range(updates):
            delay = start + index / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            lag = max(lag, -delay)
            payload, timed = script.next()
            if timed is not None:
                api.pending[timed] = time.perf_counter()
            await api.push(payload)
            if (index + 1) % (updates // 100 or 1) == 0:
                print(json.dumps({"progress": index + 1}), flush=True)
        pushed_in = loop.time() - start
        drain_until = loop.time() + 60
        while api.pending and loop.time() < drain_until:
            await asyncio.sleep(0.1)
        latencies = sorted(api.latencies)
        result = {
            "updates": updates,
            "target_rate": rate,
            "achieved_rate": round(updates / pushed_in, 1),
            "max_generator_lag_s": round(lag, 3),
            "replies_timed": len(latencies),
            "replies_missing": len(api.pending),
            "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
            "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 2) if latencies else None,
            "max_ms": round(latencies[-1], 2) if latencies else None,
            "apologies": api.texts[texts.ERROR],
            "too_fast_notices": api.texts[texts.TOO_FAST],
            "bot_api_calls": dict(api.calls),
            "support_requests_sent": script.requests,
            "support_requests_acknowledged": api.acknowledged,
        }
        print(json.dumps({"result": result}), flush=True)
        # Keep serving until the bot has stopped polling (it says so on stdin).
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


# ----- the bot (the benchmark process) ------------------------------------------------------------
def rss_mib() -> float:
    """Resident memory of this process, from /proc/self/status (VmRSS, kB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


class Problems(logging.Handler):
    """Counts what the bot logs at WARNING and above, by logger and level."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()
        self.first: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        key = f"{record.levelname} {record.name}"
        self.counts[key] += 1
        self.first.setdefault(key, record.getMessage()[:300])


async def soak(updates: int, rate: float, questions: list[str], data_dir: Path) -> dict[str, Any]:
    from handlers.application import build_application

    settings = Settings(
        _env_file=None,
        data_dir=data_dir,
        flood_max_per_second=1_000_000,  # the stand-in has no flood limit; Telegram's 30/s would cap the rate
        staff_user_ids={STAFF_ID},
        staff_chat_id=STAFF_CHAT,
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from bench.soak import generator_main; generator_main()",
        "--updates", str(updates), "--rate", str(rate),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=PROJECT_ROOT, limit=2**20,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write((json.dumps(questions, ensure_ascii=False) + "\n").encode())
    await proc.stdin.drain()
    base_url = (await proc.stdout.readline()).decode().strip()
    # The schema is migrated the way a deployment does it, in a process of its own: on every start
    # after the first the bot finds it current and never loads Alembic.
    migrate = await asyncio.create_subprocess_exec(
        sys.executable, "main.py", "db", "upgrade", cwd=PROJECT_ROOT,
        env={**os.environ, "DATA_DIR": str(data_dir)}, stdout=asyncio.subprocess.DEVNULL,
    )
    assert await migrate.wait() == 0
    app = build_application(settings, KnowledgeStore.load(settings), base_url=base_url)
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    gc.collect()
    start_rss = round(rss_mib(), 1)  # built and started, no update yet: what the code and content cost
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    warmup = int(updates * WARMUP_SHARE)
    next_sample = warmup
    samples: list[tuple[int, float]] = []
    result: dict[str, Any] = {}
    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        while line := await asyncio.wait_for(proc.stdout.readline(), 600):
            message = json.loads(line)
            if "progress" in message:
                done = message["progress"]
                if done >= next_sample:
                    gc.collect()
                    samples.append((done, round(rss_mib(), 1)))
                    next_sample += max(1, (updates - warmup) // 9)
            elif "result" in message:
                result = message["result"]
                break
        await asyncio.sleep(3)  # the question log's next flush and persistence's next write
        gc.collect()
        end_rss = round(rss_mib(), 1)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
        proc.stdin.write(b"stop\n")  # the load generator may close its Bot API now
        await proc.stdin.drain()
        await proc.wait()
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["bot_cpu_ms_per_update"] = round((time.process_time() - cpu_started) * 1000 / updates, 3)
    result["rss_samples_mib"] = samples
    result["rss_after_warmup_mib"] = samples[0][1] if samples else None
    result["rss_end_mib"] = end_rss
    result["rss_start_mib"] = start_rss
    return result


def main() -> None:
    """Run the soak and write bench/results/soak.md and soak.json."""
    updates = int(os.environ.get("SOAK_UPDATES", "100000"))
    rate = float(os.environ.get("SOAK_RATE", "200"))
    source = DEV_SET if DEV_SET.exists() else OWN_CASES
    questions = [q.q for q in load_questions(source)]
    problems = Problems()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger().addHandler(problems)
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(soak(updates, rate, questions, Path(tmp)))
    logging.getLogger().removeHandler(problems)
    warm, end = result["rss_after_warmup_mib"], result["rss_end_mib"]
    growth = (end - warm) / warm if warm else None
    errors = sum(count for key, count in problems.counts.items() if not key.startswith("WARNING"))
    memory_ok = growth is not None and growth <= TARGET_GROWTH and end <= TARGET_RSS_MIB
    clean = (
        errors == 0
        and result["apologies"] == 0
        and result["replies_missing"] == 0
        and result["support_requests_acknowledged"] == result["support_requests_sent"]
    )
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "commit": commit(),
        "users": USERS,
        "question_source": source.name,
        **result,
        "rss_growth": round(growth, 4) if growth is not None else None,
        "logged": dict(problems.counts),
        "logged_examples": problems.first,
        "memory_target_met": memory_ok,
        "no_error": clean,
    }
    samples = ", ".join(f"{done:,}: {mib}" for done, mib in result["rss_samples_mib"])
    table = "\n".join(
        [
            "# Soak benchmark (steady load through the full stack)",
            "",
            f"- Date: {report['date']}; machine: {report['machine']}; commit {report['commit']}",
            f"- {updates:,} updates at {rate:g}/s from {USERS:,} users ({source.name} questions, commands, button "
            "presses, stickers, group chatter, support requests), played by a load-generator process serving the "
            "HTTP Bot API stand-in; the bot long-polls it with persistence, question log (SQLite) and policy "
            "watcher on; flood limit lifted (the stand-in has none).",
            f"- Memory: VmRSS of the bot process after gc, when the warm-up ({WARMUP_SHARE:.0%} of the updates) is "
            "over, then every ~10 %, and at the end. Targets: end ≤ 150 MiB and within 5 % of after-warm-up; "
            "no error.",
            "",
            "| updates | rate achieved /s | p50 ms | p99 ms | max ms | RSS after warm-up MiB | RSS end MiB | growth "
            "| apologies | errors logged | replies missing |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {updates:,} | {result['achieved_rate']} | {result['p50_ms']} | {result['p99_ms']} | {result['max_ms']} "
            f"| {warm} | {end} | {growth:+.1%} | {result['apologies']} | {errors} | {result['replies_missing']} |",
            "",
            f"RSS samples (updates: MiB): before the first update: {result['rss_start_mib']}, {samples}, end: {end}.",
            f"Support requests: {result['support_requests_acknowledged']} of {result['support_requests_sent']} sent "
            "were acknowledged as stored.",
            f"Bot CPU: {result['bot_cpu_ms_per_update']} ms per update; wall time {result['seconds']} s.",
            f"Logged at WARNING or above: {dict(problems.counts) or 'nothing'}.",
            "",
            f"Memory target (≤ 150 MiB, ≤ +5 %): **{'met' if memory_ok else 'NOT met'}**; "
            f"no error: **{'yes' if clean else 'NO'}**.",
        ]
    )
    write_results("soak", table, report)


def generator_main() -> None:
    """The load generator process (started by `soak`): arguments on the command line, questions on stdin."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    args = parser.parse_args()
    questions = json.loads(sys.stdin.readline())
    asyncio.run(generate(args.updates, args.rate, questions))


if __name__ == "__main__":
    main()
