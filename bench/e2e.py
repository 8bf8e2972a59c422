"""End-to-end benchmark: simulated users asking questions through the full Application.

The bot polls the HTTP Bot API stand-in over loopback (the same harness as the tests); each
simulated user asks a question, waits for the reply, asks the next. In the same run, a bare
python-telegram-bot echo bot on the same harness gives the ceiling.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.config import PROJECT_ROOT, Settings
from bot.matching.evaluation import load_questions
from bot.policies.store import KnowledgeStore
from console.standin import TOKEN
from handlers.application import build_application
from handlers.transport import RetryingRateLimiter

USERS = 50
QUESTIONS_PER_USER = 40
RESULTS = PROJECT_ROOT / "bench" / "results"
DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev-questions.yaml"
OWN_CASES = PROJECT_ROOT / "cases" / "questions.yaml"


def _settings(data_dir: Path) -> Settings:
    """Our bot with Telegram's flood limit lifted: the stand-in has none, and we measure our own cost."""
    return Settings(_env_file=None, data_dir=data_dir, flood_max_per_second=1_000_000, user_message_limit=1_000_000)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the same text."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


def _echo_app(base_url: str, settings: Settings) -> Application:  # type: ignore[type-arg]
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(base_url)
        .rate_limiter(RetryingRateLimiter(settings.flood_max_per_second, settings.network_retries))
        .concurrent_updates(32)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    return app


async def _run(make_app: Callable[[str], Application], questions: list[str]) -> dict[str, float]:  # type: ignore[type-arg]
    """Start the load generator process, point the bot at it, return its measurements."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.loadgen",
        "--users",
        str(USERS),
        "--per-user",
        str(QUESTIONS_PER_USER),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=PROJECT_ROOT,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write((json.dumps(questions, ensure_ascii=False) + "\n").encode())
    await proc.stdin.drain()
    base_url = (await proc.stdout.readline()).decode().strip()
    app = make_app(base_url)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = time.process_time()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        result: dict[str, float] = json.loads(await asyncio.wait_for(proc.stdout.readline(), 600))
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await proc.wait()
    bot_cpu = time.process_time() - cpu_before
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    loadgen_cpu = (children.ru_utime + children.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    # CPU per update from polling start to the end (warm-up and shutdown included), bot and load generator.
    result["bot_cpu_ms_per_update"] = round(bot_cpu * 1000 / result["updates"], 3)
    result["loadgen_cpu_ms_per_update"] = round(loadgen_cpu * 1000 / result["updates"], 3)
    return result


def main() -> None:
    """Run both bots in one process, one after the other, and write the table."""
    source = DEV_SET if DEV_SET.exists() else OWN_CASES
    questions = [q.q for q in load_questions(source)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = _settings(Path(tmp))
        store = KnowledgeStore.load(settings)
        ours = asyncio.run(_run(lambda url: build_application(settings, store, base_url=url), questions))
        echo = asyncio.run(_run(lambda url: _echo_app(url, settings), questions))
    ratio = round(ours["updates_per_s"] / echo["updates_per_s"], 3)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "users": USERS,
        "questions_per_user": QUESTIONS_PER_USER,
        "question_source": source.name,
        "ours": ours,
        "echo_ceiling": echo,
        "ratio_vs_echo": ratio,
    }
    table = "\n".join(
        [
            "# End-to-end benchmark (Application ↔ HTTP Bot API stand-in on 127.0.0.1)",
            "",
            f"- Date: {report['date']}; machine: {report['machine']}",
            f"- {USERS} simulated users × {QUESTIONS_PER_USER} questions each ({source.name}), closed loop, played by"
            " a separate load-generator process that serves the stand-in;"
            " flood limit lifted for both bots (the stand-in has none); persistence on for ours.",
            "- Targets: ≥ 300 questions/s and ≥ 0.6 × the echo bot's rate.",
            "",
            "| bot | updates | updates/s | p50 ms | p99 ms | bot CPU ms/update | load-generator CPU ms/update |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| khuyencong-bot | {ours['updates']} | {ours['updates_per_s']} | {ours['p50_ms']} | {ours['p99_ms']} "
            f"| {ours['bot_cpu_ms_per_update']} | {ours['loadgen_cpu_ms_per_update']} |",
            f"| bare PTB echo bot | {echo['updates']} | {echo['updates_per_s']} | {echo['p50_ms']} "
            f"| {echo['p99_ms']} | {echo['bot_cpu_ms_per_update']} | {echo['loadgen_cpu_ms_per_update']} |",
            "",
            f"Ratio (ours / echo): **{ratio}**",
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "e2e.md").write_text(table + "\n")
    (RESULTS / "e2e.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table)


if __name__ == "__main__":
    main()
