"""Storage benchmark: what the question log costs an answer, and how many requests are stored per second.

Three measurements, one run:

1. **Answer latency, question log on vs off, through the real handler.** The real Application
   (conversation state in a temporary folder, job queue running) talks to the in-process Bot API
   stand-in; each question is one `Application.process_update` call, timed from the update to the
   reply being handed to the stand-in: spam guard, reply-relay check, matcher, answer card,
   `sendMessage` through python-telegram-bot. "On" is the production set-up:
   `QuestionLogWriter.record` on the reply path and the real 2-second flush job writing to a real
   SQLite file (WAL, synchronous=FULL) in a worker thread, so the flush competes for the interpreter
   as in production. "Off" is the same bot with a writer that keeps nothing (so the flush job finds
   nothing to write). On and off alternate in rounds (ABAB…) so that drift on a shared machine falls
   on both; questions are asked one at a time.
2. **Core work only** (a stricter ratio: the denominator leaves out python-telegram-bot and the
   stand-in): matcher + answer text (cards cached per policy as in handlers.qa, other bands rendered)
   + `record`; with the flush's measured cost per row added to every question, an upper bound as if
   the flush ran on the reply path.
3. **Requests stored per second**: `create_request` + commit in a loop (one connection, then four
   threads as `in_db` uses them), on SQLite and PostgreSQL; and through the Telegram confirm step —
   owners whose details are known send `/yeucau`, the question, and press "✅ Gửi" (the request is
   committed before the acknowledgement), 20 owners at a time through the in-process stand-in.
   The staff-group notification is left out there (STAFF_CHAT_ID unset): Telegram lets a bot post
   about 20 messages a minute in one group, so notifications are a separate, rate-limited stream.

PostgreSQL: TEST_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/test; each run works
in a schema of its own, dropped afterwards. Skipped with a note when the server is unreachable.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from telegram import Update

from bench.report import write_results
from bot.config import PROJECT_ROOT, Settings
from bot.desk import repo as storage
from bot.desk.db import make_engine, session_scope, upgrade
from bot.desk.questionlog import QuestionLogWriter
from bot.matching.evaluation import load_questions
from bot.matching.matcher import MatchResult
from bot.policies.store import KnowledgeStore
from bot.render.cards import answer_card, suggestion_text, unknown_text
from bot.snapshot import Snapshot
from console.standin import BotApiStandIn, InProcessRequest
from handlers.application import build_application

DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev-questions.yaml"
OWN_CASES = PROJECT_ROOT / "cases" / "questions.yaml"
POSTGRES = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ROUNDS = 4  # per mode, alternating
QUESTIONS_PER_ROUND = 1500
CORE_REPEATS = 20
STORE_COUNT = 400
OWNERS = 20
REQUESTS_PER_OWNER = 10
TARGET_OVERHEAD = 0.20


class DiscardingWriter(QuestionLogWriter):
    """The question log switched off: keeps nothing, so the flush job has nothing to write."""

    def record(self, user_id: int, question: str, normalized: str, result: MatchResult, kb_version: str) -> None:
        """Keep nothing."""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summary(latencies_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in latencies_s]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 4), "p99_ms": round(percentile(ms, 0.99), 4)}


def settings_for(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": None,
        "telegram_bot_token": None,
        "flood_max_per_second": 1_000_000,
        "user_message_limit": 1_000_000,
        "watch_policies": False,
        "staff_user_ids": {900},
        "staff_chat_id": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


# ----- 1. answer latency through the handler ------------------------------------------------------------
async def handler_latencies(settings: Settings, store: KnowledgeStore, questions: list[str]) -> dict[str, Any]:
    """Alternating rounds with the real writer and a discarding one; per-question latencies of each."""
    api = BotApiStandIn()
    app = build_application(
        settings, store, request=InProcessRequest(api), updates_request=InProcessRequest(api)
    )
    real: QuestionLogWriter = app.bot_data.question_log
    off = DiscardingWriter(real.engine, real.salt)
    await app.initialize()
    await app.start()  # the job queue runs the real 2-second flush job
    latencies: dict[str, list[float]] = {"on": [], "off": []}
    written = flushes = pending = 0
    try:
        for warm in questions[:200]:
            await app.process_update(Update.de_json({"update_id": 1, "message": api.message(warm)}, app.bot))
        for round_number in range(ROUNDS * 2):
            mode = "on" if round_number % 2 == 0 else "off"
            app.bot_data.question_log = real if mode == "on" else off
            for n in range(QUESTIONS_PER_ROUND):
                question = questions[(round_number * 7919 + n) % len(questions)]
                payload = {"update_id": n, "message": api.message(question, user_id=10_000 + n % 500)}
                update = Update.de_json(payload, app.bot)
                before = len(api.sent)
                start = time.perf_counter()
                await app.process_update(update)
                latencies[mode].append(time.perf_counter() - start)
                assert len(api.sent) > before, "no reply"
                # Between updates a running bot waits on the network: let the job queue run (the flush job).
                await asyncio.sleep(0)
                if mode == "on":
                    pending, previous = real.pending(), pending
                    flushes += pending < previous
            if mode == "on":
                written += QUESTIONS_PER_ROUND
    finally:
        app.bot_data.question_log = real
        await app.stop()
        await asyncio.to_thread(real.flush)
        await app.shutdown()
    with session_scope(real.engine) as session:
        rows = session.execute(text("SELECT count(*) FROM question_log")).scalar_one()
    on, off_ = summary(latencies["on"]), summary(latencies["off"])
    return {
        "on": on,
        "off": off_,
        "median_overhead": round(on["median_ms"] / off_["median_ms"] - 1, 4),
        "p99_overhead": round(on["p99_ms"] / off_["p99_ms"] - 1, 4),
        "rows_logged": rows,
        "rows_expected_at_least": written,
        "flushes_during_on_rounds": flushes,
    }


# ----- 2. core work only ------------------------------------------------------------------------------
def core_latencies(snapshot: Snapshot, questions: list[str], engine: Engine) -> dict[str, Any]:
    """matcher + answer text (+ record); flush measured separately and amortised per row."""
    kb, matcher = snapshot.kb, snapshot.matcher
    today = date.today()
    cards = {pid: answer_card(kb, policy, today) for pid, policy in kb.policies.items()}  # as handlers.qa caches
    writer = QuestionLogWriter(engine, "bench-salt")

    def answer(question: str, log: bool) -> str:
        result = matcher.match(question)
        if log:
            writer.record(42, question, result.normalized, result, kb.version)
        if result.band == "answer" and result.top:
            return cards[result.top.policy_id]
        if result.band == "suggest":
            return suggestion_text(kb, result.matches)
        return unknown_text(kb)

    for question in questions:
        answer(question, False)
    latencies: dict[str, list[float]] = {"on": [], "off": []}
    flush_seconds = 0.0
    flushed_rows = 0
    for repeat in range(CORE_REPEATS):
        mode = "on" if repeat % 2 == 0 else "off"
        for question in questions:
            start = time.perf_counter()
            answer(question, mode == "on")
            latencies[mode].append(time.perf_counter() - start)
        if mode == "on":
            start = time.perf_counter()
            flushed_rows += writer.flush()
            flush_seconds += time.perf_counter() - start
    per_row_ms = flush_seconds / flushed_rows * 1000
    on, off = summary(latencies["on"]), summary(latencies["off"])
    return {
        "on": on,
        "off": off,
        "median_overhead": round(on["median_ms"] / off["median_ms"] - 1, 4),
        "flush_ms_per_row": round(per_row_ms, 4),
        "flush_rows_per_batch": flushed_rows // (CORE_REPEATS // 2),
        "median_overhead_with_flush_inline": round((on["median_ms"] + per_row_ms) / off["median_ms"] - 1, 4),
    }


# ----- 3. requests stored per second ------------------------------------------------------------------
def request_fields(n: int) -> dict[str, Any]:
    return {
        "telegram_user_id": 10_000 + n,
        "telegram_chat_id": 10_000 + n,
        "name": f"Chủ cơ sở số {n}",
        "business_name": f"Hộ kinh doanh Bánh tráng số {n}",
        "commune": "xã Hàm Thuận, tỉnh Lâm Đồng",
        "phone": "0912345678",
        "topic_policy_id": "may-moc-thiet-bi",
        "question": f"Yêu cầu {n}: cơ sở muốn mua máy sấy, thủ tục hỗ trợ thế nào?",
        "matches": [{"policy_id": "may-moc-thiet-bi", "score": 0.71}],
    }


def stores_per_second(engine: Engine, threads: int) -> float:
    """create_request + commit, each in its own session (as `confirm` does), from `threads` threads."""

    def store(n: int) -> None:
        with session_scope(engine) as session:
            storage.create_request(session, **request_fields(n))
            session.commit()

    for n in range(20):
        store(n)
    start = time.perf_counter()
    if threads == 1:
        for n in range(STORE_COUNT):
            store(n)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(store, range(STORE_COUNT)))
    return STORE_COUNT / (time.perf_counter() - start)


async def confirm_step(settings: Settings, store: KnowledgeStore) -> dict[str, Any]:
    """Owners with known details: /yeucau, the question, "✅ Gửi"; acknowledged requests per second."""
    api = BotApiStandIn()
    app = build_application(
        settings, store, request=InProcessRequest(api), updates_request=InProcessRequest(api)
    )
    await app.initialize()
    await app.start()
    update_ids = iter(range(1, 10**9))
    press_latencies: list[float] = []

    async def send(payload: dict[str, Any]) -> None:
        await app.process_update(Update.de_json({"update_id": next(update_ids), **payload}, app.bot))

    async def say(user_id: int, words: str) -> None:
        await send({"message": api.message(words, user_id=user_id, first_name="Chủ cơ sở")})

    async def owner(user_id: int, requests: int, first: bool) -> None:
        if first:
            for words in ("/yeucau", "Chủ cơ sở", "Cơ sở sản xuất", "xã Hàm Thuận", "0912 345 678",
                          "Câu hỏi đầu tiên về thủ tục hỗ trợ máy móc?"):
                await say(user_id, words)
            await send(api.callback("rs", api.messages(user_id)[-1], user_id=user_id))
            return
        for n in range(requests):
            await say(user_id, "/yeucau")
            await say(user_id, f"Yêu cầu {n}: cơ sở muốn mua máy sấy, thủ tục hỗ trợ thế nào?")
            summary_message = api.messages(user_id)[-1]
            start = time.perf_counter()
            await send(api.callback("rs", summary_message, user_id=user_id))
            press_latencies.append(time.perf_counter() - start)
            assert api.messages(user_id)[-1].text.startswith("✅ Đã nhận yêu cầu"), api.messages(user_id)[-1].text

    try:
        users = [20_000 + n for n in range(OWNERS)]
        await asyncio.gather(*(owner(u, 0, True) for u in users))  # details known from here on
        start = time.perf_counter()
        await asyncio.gather(*(owner(u, REQUESTS_PER_OWNER, False) for u in users))
        elapsed = time.perf_counter() - start
    finally:
        await app.stop()
        await app.shutdown()
    acknowledged = OWNERS * REQUESTS_PER_OWNER
    return {
        "acknowledged": acknowledged,
        "requests_per_s": round(acknowledged / elapsed, 1),
        "send_press_to_ack": summary(press_latencies),
    }


@contextmanager
def postgres_schema() -> Iterator[str | None]:
    """A URL working in a fresh schema of the PostgreSQL server, or None when it is unreachable."""
    schema = f"kc_bench_{uuid.uuid4().hex[:12]}"
    try:
        admin = make_engine(POSTGRES)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except (SQLAlchemyError, ImportError):
        yield None
        return
    url = make_url(POSTGRES).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def database_figures(name: str, url: str, data_dir: Path, store: KnowledgeStore) -> dict[str, Any]:
    engine = make_engine(url)
    upgrade(engine)
    try:
        single = stores_per_second(engine, 1)
        threaded = stores_per_second(engine, 4)
    finally:
        engine.dispose()
    database_url = None if name == "sqlite" else url
    settings = settings_for(data_dir / f"confirm-{name}", database_url=database_url)
    confirm = asyncio.run(confirm_step(settings, store))
    return {"store_commit_per_s_1_thread": round(single, 1), "store_commit_per_s_4_threads": round(threaded, 1),
            "confirm_step": confirm}


def machine() -> str:
    return f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def table(report: dict[str, Any]) -> str:
    handler, core = report["answer_latency_handler"], report["answer_latency_core"]

    def pct(value: float) -> str:
        return f"{value * 100:+.1f} %"

    lines = [
        "# Storage benchmark: question log cost and requests stored per second",
        "",
        f"- Date: {report['date']}; machine: {report['machine']}",
        f"- Questions: {report['question_source']} ({report['questions']} questions), asked one at a time.",
        "- Method: see the docstring of bench/storage.py. Handler path = the real Application's"
        " `process_update` with the in-process Bot API stand-in (no network), real 2 s flush job into SQLite"
        f" (WAL, synchronous=FULL); {ROUNDS} rounds × {QUESTIONS_PER_ROUND} questions per mode, on/off alternating."
        " Core = matcher + answer text + `record`, flush cost per row measured separately.",
        f"- Target: the question log adds ≤ {TARGET_OVERHEAD:.0%} to the median answer latency"
        f" → **{'met' if report['target_met'] else 'NOT met'}** ({pct(handler['median_overhead'])} on the handler"
        " path).",
        "",
        "## Answer latency, question log on vs off",
        "",
        "| path | log | n | median ms | p99 ms | median overhead |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
        f"| handler (process_update) | off | {handler['off']['n']} | {handler['off']['median_ms']} "
        f"| {handler['off']['p99_ms']} | |",
        f"| handler (process_update) | on | {handler['on']['n']} | {handler['on']['median_ms']} "
        f"| {handler['on']['p99_ms']} | {pct(handler['median_overhead'])} (p99 {pct(handler['p99_overhead'])}) |",
        f"| core (matcher + text) | off | {core['off']['n']} | {core['off']['median_ms']} "
        f"| {core['off']['p99_ms']} | |",
        f"| core (matcher + text) | on | {core['on']['n']} | {core['on']['median_ms']} | {core['on']['p99_ms']} "
        f"| {pct(core['median_overhead'])} |",
        "| core + the flush's cost per row added inline (upper bound: production flushes in a worker thread) | on"
        f" | | | | {pct(core['median_overhead_with_flush_inline'])} |",
        "",
        f"Flush: {core['flush_ms_per_row']} ms per row in batches of {core['flush_rows_per_batch']} (SQLite);"
        f" rows written during the handler runs: {handler['rows_logged']} (≥ {handler['rows_expected_at_least']}"
        f" expected), {handler['flushes_during_on_rounds']} flushes of the job while the log was on.",
        "",
        "## Requests stored per second",
        "",
        "| database | create_request + commit, 1 thread | 4 threads | through the confirm step (req/s) "
        "| \"Gửi\" → ack median ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, figures in report["requests"].items():
        if "skipped" in figures:
            lines.append(f"| {name} | skipped: {figures['skipped']} | | | | |")
            continue
        confirm = figures["confirm_step"]
        lines.append(
            f"| {name} | {figures['store_commit_per_s_1_thread']} | {figures['store_commit_per_s_4_threads']} "
            f"| {confirm['requests_per_s']} | {confirm['send_press_to_ack']['median_ms']} "
            f"| {confirm['send_press_to_ack']['p99_ms']} |"
        )
    lines += [
        "",
        f"Confirm step: {OWNERS} owners × {REQUESTS_PER_OWNER} requests, each `/yeucau` + question + \"✅ Gửi\""
        " (3 updates, one commit before the acknowledgement); staff notification off (Telegram's group limit).",
    ]
    return "\n".join(lines)


def main() -> None:
    """Run the three measurements and write bench/results/storage.{md,json}."""
    source = DEV_SET if DEV_SET.exists() else OWN_CASES
    questions = [q.q for q in load_questions(source)]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        settings = settings_for(data_dir / "answers")
        store = KnowledgeStore.load(settings)
        handler = asyncio.run(handler_latencies(settings, store, questions))
        core_engine = make_engine(f"sqlite:///{data_dir / 'core' / 'khuyencong.db'}")
        upgrade(core_engine)
        core = core_latencies(store.current, questions, core_engine)
        core_engine.dispose()
        requests: dict[str, Any] = {
            "sqlite": database_figures("sqlite", f"sqlite:///{data_dir / 'store' / 'khuyencong.db'}", data_dir, store)
        }
        with postgres_schema() as pg_url:
            if pg_url is None:
                requests["postgresql"] = {"skipped": f"no PostgreSQL server at {make_url(POSTGRES).host}"}
            else:
                requests["postgresql"] = database_figures("postgresql", pg_url, data_dir, store)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "question_source": source.name,
        "questions": len(questions),
        "answer_latency_handler": handler,
        "answer_latency_core": core,
        "target_overhead": TARGET_OVERHEAD,
        "target_met": handler["median_overhead"] <= TARGET_OVERHEAD,
        "requests": requests,
    }
    write_results("storage", table(report), report)


if __name__ == "__main__":
    main()

