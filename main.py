"""Command line entry: run | chat | ask | eval | validate."""
# Telegram-facing commands import handlers/ lazily so that ask/eval/validate stay light.

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from telegram import Update

from bot.config import PROJECT_ROOT, Settings, get_settings
from bot.desk import repo as storage
from bot.desk.db import make_engine, session_scope, upgrade
from bot.desk.exports import COLUMNS, STATUS_VI, export_csv, export_xlsx
from bot.desk.exports import rows as report_rows
from bot.desk.models import Status
from bot.eligibility.cases import run_case_file
from bot.eligibility.engine import EligibilityEngine
from bot.logsafe import configure_logging
from bot.matching.evaluation import evaluate, load_questions
from bot.policies.gate import run_check
from bot.policies.loader import KnowledgeBaseError, validate
from bot.policies.store import KnowledgeStore
from bot.policies.yamlsafe import YamlError, load_yaml_file
from bot.render.cards import answer_card, eligibility_report, html_to_plain, suggestion_text, unknown_text
from bot.snapshot import Snapshot, build_snapshot


def _load_or_exit(settings: Settings) -> Snapshot:
    try:
        return build_snapshot(settings)
    except KnowledgeBaseError as exc:
        print(f"Cơ sở tri thức không hợp lệ ({len(exc.issues)} lỗi):", file=sys.stderr)
        for issue in exc.issues:
            print(f"  {issue}", file=sys.stderr)
        raise SystemExit(1) from None


def answer_plain(snapshot: Snapshot, question: str, today: date) -> str:
    """What the bot would answer, as plain text."""
    result = snapshot.matcher.match(question)
    kb = snapshot.kb
    if result.band == "answer" and result.top:
        html = answer_card(kb, kb.policies[result.top.policy_id], today)
    elif result.band == "suggest":
        html = suggestion_text(kb, result.matches)
    else:
        html = unknown_text(kb)
    return html_to_plain(html)


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """Check the knowledge base folder; exit 1 on errors."""
    directory = Path(args.directory) if args.directory else settings.policies_dir
    kb, issues = validate(directory)
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    for issue in errors:
        print(f"LỖI   {issue}")
    for issue in warnings:
        print(f"CẢNH BÁO {issue}")
    if kb is None:
        print(f"\n{directory}: {len(errors)} lỗi, {len(warnings)} cảnh báo — KHÔNG hợp lệ.")
        return 1
    cases_dir = Path(args.cases) if args.cases else PROJECT_ROOT / "cases" / "eligibility"
    if cases_dir.is_dir():
        engine = EligibilityEngine(kb)
        total, failures = 0, []
        for path in sorted(cases_dir.glob("*.yaml")):
            count, failed = run_case_file(engine, path)
            total += count
            failures += failed
        for failure in failures:
            print(f"LỖI   {failure.as_issue()}")
        print(f"Trường hợp kiểm tra điều kiện: {total - len(failures)}/{total} đạt ({cases_dir}).")
        if failures:
            return 1
    print(f"\n{directory}: hợp lệ — {len(kb.policies)} chính sách, phiên bản {kb.version}, {len(warnings)} cảnh báo.")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question as the bot would, or print the ranked matches as JSON."""
    snapshot = _load_or_exit(settings)
    if args.json:
        result = snapshot.matcher.match(args.question)
        payload = {
            "question": args.question,
            "band": result.band,
            "out_of_scope_topic": result.out_of_scope,
            "matches": [
                {"policy_id": m.policy_id, "score": m.score, "evidence": list(m.evidence)} for m in result.matches
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(answer_plain(snapshot, args.question, date.today()))
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Measure the matcher on a labelled question file."""
    snapshot = _load_or_exit(settings)
    try:
        questions = load_questions(Path(args.file))
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    report = evaluate(snapshot.matcher, questions)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for key, value in report.items():
        if key != "misses":
            print(f"{key:>22}: {value}")
    print(f"\n{len(report['misses'])} câu trả lời sai:")
    for miss in report["misses"]:
        print(f"  [{miss['expect']} → {miss['got']} @ {miss['score']:.2f}] {miss['q']}")
    return 0


def _load_store_or_exit(settings: Settings) -> KnowledgeStore:
    return KnowledgeStore(_load_or_exit(settings))


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Console chat through the real Application and an in-process Bot API stand-in."""
    from console.chat import PROMPT, run_console

    # Library chatter (application started, scheduler…) would drown the conversation.
    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    store = _load_store_or_exit(settings)
    read_line = (lambda: input(PROMPT)) if sys.stdin.isatty() else input
    asyncio.run(run_console(settings, store, read_line))
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve Telegram: long polling by default, webhook with --webhook-url."""
    from handlers.app import build_application

    if settings.telegram_bot_token is None:
        print("Chưa có TELEGRAM_BOT_TOKEN. Đặt biến môi trường này, hoặc dùng `python main.py chat`.", file=sys.stderr)
        return 2
    store = _load_store_or_exit(settings)
    app = build_application(settings, store)
    if args.webhook_url:
        secret = settings.webhook_secret_token.get_secret_value() if settings.webhook_secret_token else None
        if not secret:
            print("Chế độ webhook cần WEBHOOK_SECRET_TOKEN.", file=sys.stderr)
            return 2
        app.run_webhook(
            listen=args.listen or settings.webhook_listen,
            port=args.port or settings.webhook_port,
            url_path=args.url_path,
            webhook_url=args.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def cmd_eligibility(args: argparse.Namespace, settings: Settings) -> int:
    """Evaluate a profile file against the policies' rules."""
    snapshot = _load_or_exit(settings)
    engine = EligibilityEngine(snapshot.kb)
    try:
        loaded = load_yaml_file(Path(args.profile))
        if not isinstance(loaded.data, dict):
            raise ValueError("tệp hồ sơ phải là bảng 'dữ kiện: giá trị'")
        profile = engine.profile_from(loaded.data)
        day = date.fromisoformat(args.date) if args.date else date.today()
    except (OSError, YamlError, ValueError) as exc:
        print(f"{args.profile}: {exc}", file=sys.stderr)
        return 1
    policy_ids = [args.policy] if args.policy else engine.checkable()
    unknown = [pid for pid in policy_ids if pid not in engine.checkable()]
    if unknown:
        print(f"Chính sách không có quy tắc điều kiện: {', '.join(unknown)}", file=sys.stderr)
        return 1
    verdicts = engine.evaluate(profile, policy_ids, day)
    if args.json:
        payload = {"date": day.isoformat(), "policies": {pid: v.as_json() for pid, v in verdicts.items()}}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(html_to_plain(eligibility_report(snapshot.kb, verdicts, day)))
    return 0


def _engine(settings: Settings) -> Engine:
    engine = make_engine(settings.db_url)
    if settings.database_url is None:
        upgrade(engine)
    return engine


def _since(text: str | None) -> datetime | None:
    return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC) if text else None


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    """Apply the Alembic migrations to the configured database."""
    upgrade(make_engine(settings.db_url))
    print("Cơ sở dữ liệu đã được cập nhật lên phiên bản mới nhất.")
    return 0


def cmd_requests(args: argparse.Namespace, settings: Settings) -> int:
    """Staff and admins: list, show, export and purge support requests."""
    engine = _engine(settings)
    with session_scope(engine) as session:
        if args.action == "list":
            found = storage.list_requests(session, status=args.status, since=_since(args.since))
            if args.json:
                print(
                    json.dumps(
                        [dict(zip([c for c, _ in COLUMNS], row, strict=True)) for row in report_rows(found)],
                        ensure_ascii=False,
                        indent=2,
                        default=str,
                    )
                )
            else:
                for request in found:
                    status = STATUS_VI.get(request.status, request.status)
                    created = f"{request.created_at:%d/%m/%Y}"
                    print(f"{request.code}  {created}  {status:<14}  {request.name} — {request.commune}")
                print(f"{len(found)} yêu cầu.")
            return 0
        if args.action == "show":
            request = storage.get_by_code(session, code=args.code)
            if request is None or request.id is None:
                print(f"Không tìm thấy yêu cầu {args.code}.", file=sys.stderr)
                return 1
            for (_, header), value in zip(COLUMNS, report_rows([request])[0], strict=True):
                print(f"{header:>18}: {value}")
            print("\nLịch sử:")
            for event in storage.events_of(session, request_id=request.id):
                change = f" {event.status_from} → {event.status_to}" if event.kind == "status_change" else ""
                print(
                    f"  {event.created_at:%d/%m/%Y %H:%M}  {event.kind}{change}  {event.actor_name or ''}"
                    + (f": {event.text}" if event.text else "")
                )
            return 0
        if args.action == "export":
            found = storage.list_requests(session, status=args.status, since=_since(args.since))
            out = Path(args.out)
            (export_csv if args.format == "csv" else export_xlsx)(found, out)
            print(f"Đã xuất {len(found)} yêu cầu ra {out}.")
            return 0
        before = datetime.now(UTC) - timedelta(days=args.older_than)
        removed = storage.purge(session, before=before)
        session.commit()
        print(f"Đã xóa {removed} yêu cầu tạo trước {before:%d/%m/%Y}.")
        return 0


def cmd_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    """The most frequent questions the bot could not answer, for admins to turn into examples."""
    with session_scope(_engine(settings)) as session:
        found = storage.unanswered(session, since=_since(args.since), top=args.top)
    if args.json:
        print(
            json.dumps([{"normalized": n, "count": c, "example": e} for n, c, e in found], ensure_ascii=False, indent=2)
        )
        return 0
    for normalized, count, example in found:
        print(f"{count:>5}  {example}   [{normalized}]")
    if not found:
        print("Chưa có câu hỏi nào chưa được trả lời.")
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Pre-publish check: validate, route every example question, run the eligibility cases."""
    directory = Path(args.directory) if args.directory else settings.policies_dir
    cases = Path(args.cases) if args.cases else settings.eligibility_cases_dir
    report = run_check(directory, settings.model_copy(update={"policies_dir": directory}), cases)
    for title, issues in (("LỖI", report.errors), ("CẢNH BÁO", report.warnings)):
        by_file: dict[str, list[str]] = {}
        for issue in issues:
            by_file.setdefault(issue.file, []).append(
                f"  dòng {issue.line}: {issue.field + ': ' if issue.field else ''}{issue.message}"
            )
        for file, lines in sorted(by_file.items()):
            print(f"{title} — {file}")
            print("\n".join(lines))
    verdict = "ĐẠT" if report.ok(args.strict) else "KHÔNG ĐẠT"
    print(
        f"\n{directory}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo, "
        f"{report.cases} trường hợp kiểm tra điều kiện — {verdict}."
    )
    return 0 if report.ok(args.strict) else 1


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "validate": cmd_validate,
    "ask": cmd_ask,
    "eval": cmd_eval,
    "chat": cmd_chat,
    "run": cmd_run,
    "eligibility": cmd_eligibility,
    "db": cmd_db,
    "check": cmd_check,
    "requests": cmd_requests,
    "unanswered": cmd_unanswered,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Trợ lý khuyến công trên Telegram")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="kiểm tra thư mục chính sách")
    p.add_argument("directory", nargs="?")
    p.add_argument("--cases", help="thư mục trường hợp kiểm tra điều kiện (mặc định cases/eligibility)")
    p = sub.add_parser("ask", help="hỏi một câu như người dùng")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("eval", help="đo độ chính xác trên tệp câu hỏi có nhãn")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    sub.add_parser("chat", help="trò chuyện với bot trong cửa sổ dòng lệnh")
    p = sub.add_parser("eligibility", help="kiểm tra điều kiện của một hồ sơ cơ sở")
    p.add_argument("--profile", required=True, help="tệp YAML: dữ kiện → giá trị")
    p.add_argument("--policy", help="chỉ một chính sách")
    p.add_argument("--date", help="ngày xét (YYYY-MM-DD), mặc định hôm nay")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("check", help="kiểm tra trước khi xuất bản: hợp lệ, câu hỏi mẫu, trường hợp điều kiện")
    p.add_argument("directory", nargs="?")
    p.add_argument("--cases", help="thư mục trường hợp kiểm tra điều kiện")
    p.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    p = sub.add_parser("db", help="quản lý cơ sở dữ liệu")
    p.add_argument("action", choices=["upgrade"])
    p = sub.add_parser("requests", help="yêu cầu hỗ trợ: liệt kê, xem, xuất báo cáo, xóa theo thời hạn lưu")
    actions = p.add_subparsers(dest="action", required=True)
    q = actions.add_parser("list")
    q.add_argument("--status", choices=[s.value for s in Status])
    q.add_argument("--since", help="YYYY-MM-DD")
    q.add_argument("--json", action="store_true")
    q = actions.add_parser("show")
    q.add_argument("code")
    q = actions.add_parser("export")
    q.add_argument("--format", choices=["csv", "xlsx"], required=True)
    q.add_argument("--out", required=True)
    q.add_argument("--status", choices=[s.value for s in Status])
    q.add_argument("--since", help="YYYY-MM-DD")
    q = actions.add_parser("purge")
    q.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    p = sub.add_parser("unanswered", help="các câu hỏi chưa trả lời được nhiều nhất")
    p.add_argument("--since", help="YYYY-MM-DD")
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("run", help="chạy bot Telegram (long polling, hoặc webhook với --webhook-url)")
    p.add_argument("--webhook-url", help="địa chỉ HTTPS công khai mà Telegram gửi cập nhật tới")
    p.add_argument("--listen", help="địa chỉ lắng nghe (mặc định WEBHOOK_LISTEN)")
    p.add_argument("--port", type=int, help="cổng lắng nghe (mặc định WEBHOOK_PORT)")
    p.add_argument("--url-path", default="telegram", help="đường dẫn webhook cục bộ")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level)
    return COMMANDS[args.command](args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
