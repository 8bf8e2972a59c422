"""Command line entry: run | chat | ask | eval | validate."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from bot.config import Settings, get_settings
from bot.core import Snapshot, build_snapshot
from bot.evaluation import evaluate, load_questions
from bot.knowledge import KnowledgeBaseError, validate
from bot.render import answer_card, html_to_plain, suggestion_text, unknown_text


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


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Console question-and-answer loop."""
    snapshot = _load_or_exit(settings)
    print("Trợ lý khuyến công — gõ câu hỏi (Ctrl+D để thoát).")
    for line in sys.stdin:
        question = line.strip()
        if question:
            print(answer_plain(snapshot, question, date.today()), end="\n\n", flush=True)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "validate": cmd_validate,
    "ask": cmd_ask,
    "eval": cmd_eval,
    "chat": cmd_chat,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Trợ lý khuyến công trên Telegram")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="kiểm tra thư mục chính sách")
    p.add_argument("directory", nargs="?")
    p = sub.add_parser("ask", help="hỏi một câu như người dùng")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("eval", help="đo độ chính xác trên tệp câu hỏi có nhãn")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    sub.add_parser("chat", help="trò chuyện với bot trong cửa sổ dòng lệnh")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args, get_settings())


if __name__ == "__main__":
    raise SystemExit(main())
