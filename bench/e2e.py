"""End-to-end benchmark: simulated users asking questions through the full Application.

The bot polls the HTTP Bot API stand-in over loopback (the same harness as the tests); each
simulated user asks a question, waits for the reply, asks the next. In the same run, a bare
python-telegram-bot echo bot on the same harness gives the ceiling.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bench.report import write_results
from bench.startup import commit, machine
from bot.config import PROJECT_ROOT, Settings
from bot.matching.evaluation import load_questions
from bot.policies.store import KnowledgeStore
from console.standin import TOKEN
from handlers.application import build_application
from handlers.transport import RetryingRateLimiter

USERS = 50
QUESTIONS_PER_USER = 40
ROUNDS = int(os.environ.get("E2E_ROUNDS", "3"))
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


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}


def main() -> None:
    """Run both bots in one process, alternating (ours, echo, ours, echo…), and write the table.

    The machine's speed drifts (other work, CPU frequency): each ratio is taken within one pair of
    back-to-back runs, and the median of the pairs is reported."""
    source = DEV_SET if DEV_SET.exists() else OWN_CASES
    questions = [q.q for q in load_questions(source)]
    ours_runs: list[dict[str, float]] = []
    echo_runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = _settings(Path(tmp))
        store = KnowledgeStore.load(settings)
        for _ in range(ROUNDS):
            ours_runs.append(asyncio.run(_run(lambda url: build_application(settings, store, base_url=url), questions)))
            echo_runs.append(asyncio.run(_run(lambda url: _echo_app(url, settings), questions)))
    pairs = list(zip(ours_runs, echo_runs, strict=True))
    ratio = round(statistics.median(o["updates_per_s"] / e["updates_per_s"] for o, e in pairs), 3)
    cpu_ratio = round(statistics.median(e["bot_cpu_ms_per_update"] / o["bot_cpu_ms_per_update"] for o, e in pairs), 3)
    ours, echo = _median_run(ours_runs), _median_run(echo_runs)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "commit": commit(),
        "users": USERS,
        "questions_per_user": QUESTIONS_PER_USER,
        "question_source": source.name,
        "rounds": ROUNDS,
        "ours": ours,
        "echo_ceiling": echo,
        "ours_runs": ours_runs,
        "echo_runs": echo_runs,
        "ratio_vs_echo": ratio,
        "cpu_ratio_vs_echo": cpu_ratio,
    }
    table = "\n".join(
        [
            "# End-to-end benchmark (Application ↔ HTTP Bot API stand-in on 127.0.0.1)",
            "",
            f"- Date: {report['date']}; machine: {report['machine']}; commit {report['commit']}",
            f"- {USERS} simulated users × {QUESTIONS_PER_USER} questions each ({source.name}), closed loop, played by"
            " a separate load-generator process that serves the stand-in;"
            " flood limit lifted for both bots (the stand-in has none); persistence on for ours.",
            f"- {ROUNDS} rounds, ours and the echo bot alternating; figures are medians over the rounds, ratios the"
            " median of the per-round ratios. Targets: ≥ 300 questions/s; ≥ 0.9 × the echo bot (CPU per update);"
            " 1 message per answer.",
            "",
            "| bot | updates | updates/s | p50 ms | p99 ms | bot CPU ms/update | messages/update "
            "| load-generator CPU ms/update |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| khuyencong-bot | {ours['updates']:.0f} | {ours['updates_per_s']} | {ours['p50_ms']} | {ours['p99_ms']} "
            f"| {ours['bot_cpu_ms_per_update']} | {ours['messages_per_update']} "
            f"| {ours['loadgen_cpu_ms_per_update']} |",
            f"| bare PTB echo bot | {echo['updates']:.0f} | {echo['updates_per_s']} | {echo['p50_ms']} "
            f"| {echo['p99_ms']} | {echo['bot_cpu_ms_per_update']} | {echo['messages_per_update']} "
            f"| {echo['loadgen_cpu_ms_per_update']} |",
            "",
            f"Throughput ratio (ours / echo updates/s): **{ratio}**; CPU ratio (echo / ours ms per update): "
            f"**{cpu_ratio}**",
        ]
    )
    write_results("e2e", table, report)


if __name__ == "__main__":
    main()
