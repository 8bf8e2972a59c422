"""Start-up benchmark: whole-process wall time of the knowledge-base commands, and the bot's time from
start to its first answer, each beside a yardstick from the same run.

Commands (`ask`, `eval`, `check`, `validate` on the shipped knowledge base) run as fresh processes,
RUNS times each after a warm-up, twice over: with the on-disk cache of built knowledge bases
(bot/kbcache.py) in place, as an admin or a restart finds it, and with it removed before every run
(the first run after an edit or an upgrade). Figures are the operating system's accounting of each
child (os.wait4): wall, CPU (user + system) and peak resident memory; medians, with min and max.
Yardstick: `python -c pass`, the interpreter alone.

Start to first answer: a question is waiting in the Bot API stand-in (served by this process on
127.0.0.1) when `python main.py run` is started; the time is from the spawn to the stand-in receiving
the answer. Beside it, the same for a bare python-telegram-bot echo bot started the same way.
"""

from __future__ import annotations

import asyncio
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import write_results
from bot.config import PROJECT_ROOT

RUNS = int(os.environ.get("STARTUP_RUNS", "5"))
EVAL_FILE = PROJECT_ROOT / "cases" / "questions.yaml"
COMMANDS: dict[str, list[str]] = {
    "ask": ["ask", "hỗ trợ mua máy móc thiết bị"],
    "eval": ["eval", str(EVAL_FILE)],
    "check": ["check"],
    "validate": ["validate"],
}
ECHO_BOT = """
from telegram.ext import Application, MessageHandler, filters
async def echo(update, context):
    await update.effective_message.reply_text(update.effective_message.text)
app = Application.builder().token(sys.argv[1]).base_url(sys.argv[2]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
"""


def commit() -> str:
    """The commit measured (with '+changes' when the work tree differs from it)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True,
                           cwd=PROJECT_ROOT)
    return (head.stdout.strip() or "unknown") + ("+changes" if dirty.stdout.strip() else "")


def machine() -> str:
    """The machine, and how busy it was when the benchmark started (other work skews every figure)."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load}"


def _one(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "code": proc.returncode}


def _summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    out: dict[str, Any] = {"runs": len(runs), "exit_codes": sorted({int(r["code"]) for r in runs})}
    for key in ("wall", "cpu", "peak_mib"):
        values = [r[key] for r in runs]
        out[key] = {"min": round(min(values), 3), "median": round(statistics.median(values), 3),
                    "max": round(max(values), 3)}
    return out


def time_commands(data_dir: Path) -> dict[str, Any]:
    """Each command RUNS times with the cache warm, then RUNS times with it removed before each run."""
    env = {**os.environ, "DATA_DIR": str(data_dir), "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("DATABASE_URL", None)
    cache = data_dir / "cache"
    results: dict[str, Any] = {"python -c pass": _summary([_one([sys.executable, "-c", "pass"], env)
                                                          for _ in range(RUNS)])}
    for name, args in COMMANDS.items():
        argv = [sys.executable, "main.py", *args]
        _one(argv, env)  # warm-up, which also fills the cache
        warm = [_one(argv, env) for _ in range(RUNS)]
        cold = []
        for _ in range(RUNS):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(_one(argv, env))
        results[name] = {"cached": _summary(warm), "no_cache": _summary(cold)}
    return results


async def _first_answer(argv: list[str], env: dict[str, str]) -> float:
    from console.standin import TOKEN, BotApiStandIn
    from tests.support.botapi import serve

    api = BotApiStandIn()
    async with serve(api) as base_url:
        await api.push({"message": api.message("hỗ trợ mua máy móc thiết bị", user_id=4242)})
        start = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            *argv, TOKEN, base_url, cwd=PROJECT_ROOT, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            env={**env, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base_url},
        )
        try:
            await api.wait_chat(4242, 1, timeout=120)
            elapsed = time.perf_counter() - start
        finally:
            proc.terminate()
            await proc.wait()
    return elapsed


def time_first_answer(data_dir: Path) -> dict[str, Any]:
    """Ours (`main.py run`, cache warm) and the bare echo bot, alternating, RUNS times each."""
    env = {**os.environ, "DATA_DIR": str(data_dir), "PYTHONPATH": str(PROJECT_ROOT), "WATCH_POLICIES": "false"}
    env.pop("DATABASE_URL", None)
    # main.py ignores the two trailing arguments the echo bot reads (it takes them from the environment).
    ours_argv = [sys.executable, "-c", "import sys; from cli import main; raise SystemExit(main(['run']))"]
    echo_argv = [sys.executable, "-c", "import sys\n" + ECHO_BOT]
    asyncio.run(_first_answer(ours_argv, env))  # warm-up (fills the cache and the database)
    ours, echo = [], []
    for _ in range(RUNS):
        ours.append(asyncio.run(_first_answer(ours_argv, env)))
        echo.append(asyncio.run(_first_answer(echo_argv, env)))
    ratios = [o / e for o, e in zip(ours, echo, strict=True)]
    return {
        "ours_s": {"min": round(min(ours), 3), "median": round(statistics.median(ours), 3), "max": round(max(ours), 3)},
        "echo_s": {"min": round(min(echo), 3), "median": round(statistics.median(echo), 3), "max": round(max(echo), 3)},
        "ratio_median": round(statistics.median(ratios), 2),
    }


def _row(name: str, figures: dict[str, Any]) -> str:
    wall, cpu, peak = figures["wall"], figures["cpu"], figures["peak_mib"]
    return (f"| {name} | {wall['median']:.3f} | {wall['min']:.3f}–{wall['max']:.3f} | {cpu['median']:.3f} "
            f"| {peak['median']:.0f} |")


def main() -> None:
    """Run both parts and write bench/results/startup.md and startup.json."""
    with tempfile.TemporaryDirectory() as tmp:
        commands = time_commands(Path(tmp) / "data")
        first = time_first_answer(Path(tmp) / "bot")
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(), "commit": commit(),
              "runs": RUNS, "commands": commands, "first_answer": first}
    lines = [
        "# Start-up benchmark (whole processes, shipped knowledge base)",
        "",
        f"- Date: {report['date']}; machine: {report['machine']}; commit {report['commit']}",
        f"- Each figure: median of {RUNS} runs (min–max beside it) after one warm-up; wall from spawn to exit, CPU and "
        "peak RSS from the kernel's accounting of the child. 'cached': data/cache/ as the previous run left it; "
        "'no cache': removed before every run. Target: ≤ 1.0 s wall.",
        "",
        "| command | wall s (median) | wall min–max | CPU s | peak MiB |",
        "| --- | ---: | ---: | ---: | ---: |",
        _row("`python -c pass` (yardstick)", commands["python -c pass"]),
    ]
    for name in COMMANDS:
        lines.append(_row(f"`{name}`, cached", commands[name]["cached"]))
        lines.append(_row(f"`{name}`, no cache", commands[name]["no_cache"]))
    lines += [
        "",
        "Start to first answer (a question already waiting when the process starts; spawn → answer received):",
        "",
        "| bot | median s | min–max s |",
        "| --- | ---: | ---: |",
        f"| `main.py run` (cache warm) | {first['ours_s']['median']} | {first['ours_s']['min']}–"
        f"{first['ours_s']['max']} |",
        f"| bare PTB echo bot, same run | {first['echo_s']['median']} | {first['echo_s']['min']}–"
        f"{first['echo_s']['max']} |",
        "",
        f"Ratio (ours / echo, median of pairs): **{first['ratio_median']}**",
    ]
    table = "\n".join(lines)
    write_results("startup", table, report)


if __name__ == "__main__":
    main()
