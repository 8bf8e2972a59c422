"""Commands over the knowledge base: validate, check, ask, eval, eligibility."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from bot import localtime
from bot.errors import Issue, KnowledgeBaseError
from bot.policies.gate import CheckReport, check
from bot.render.html import html_to_plain
from bot.snapshot import Snapshot, build_snapshot
from cli.app import DATE, existing, settings_of


def load_or_fail(ctx: click.Context) -> Snapshot:
    """The configured knowledge base, validated and indexed; exit 1 listing its errors otherwise."""
    try:
        return build_snapshot(settings_of(ctx))
    except KnowledgeBaseError as exc:
        click.echo(f"Cơ sở tri thức không hợp lệ ({len(exc.issues)} lỗi):", err=True)
        for issue in exc.issues:
            click.echo(f"  {issue}", err=True)
        ctx.exit(1)


def _gate(
    ctx: click.Context, directory: Path | None, cases: Path | None, *, route_examples: bool, leave_one_out: bool = False
) -> CheckReport:
    settings = settings_of(ctx)
    folder = directory or settings.policies_dir
    scoped = settings.model_copy(update={"policies_dir": folder})
    return check(
        folder, scoped, cases or settings.eligibility_cases_dir, route_examples=route_examples,
        leave_one_out=leave_one_out,
    )


@click.command(help="Kiểm tra thư mục chính sách: định dạng, liên kết giữa các tệp, quy tắc và trường hợp điều kiện.")
@click.argument("directory", required=False, type=existing("dir"))
@click.option("--cases", type=existing("dir"), help="thư mục trường hợp điều kiện (mặc định cases/eligibility)")
@click.pass_context
def validate(ctx: click.Context, directory: Path | None, cases: Path | None) -> int:
    """Schema, cross-file rules and case files; every problem as file:line."""
    report = _gate(ctx, directory, cases, route_examples=False)
    folder = directory or settings_of(ctx).policies_dir
    for issue in report.errors:
        click.echo(f"LỖI   {issue}")
    for issue in report.warnings:
        click.echo(f"CẢNH BÁO {issue}")
    if report.kb is None:
        click.echo(f"\n{folder}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo — KHÔNG hợp lệ.")
        return 1
    if report.cases:
        passed = report.cases - report.failed_cases
        click.echo(f"Trường hợp kiểm tra điều kiện: {passed}/{report.cases} đạt.")
    if report.errors:
        return 1
    kb, warnings = report.kb, len(report.warnings)
    click.echo(f"\n{folder}: hợp lệ — {len(kb.policies)} chính sách, phiên bản {kb.version}, {warnings} cảnh báo.")
    return 0


def _by_file(title: str, issues: list[Issue]) -> None:
    by_file: dict[str, list[str]] = {}
    for issue in issues:
        field = f"{issue.field}: " if issue.field else ""
        by_file.setdefault(issue.file, []).append(f"  dòng {issue.line}: {field}{issue.message}")
    for file, lines in sorted(by_file.items()):
        click.echo(f"{title} — {file}")
        click.echo("\n".join(lines))


@click.command(name="check", help="Kiểm tra trước khi xuất bản: hợp lệ, câu hỏi mẫu, trường hợp điều kiện.")
@click.argument("directory", required=False, type=existing("dir"))
@click.option("--cases", type=existing("dir"), help="thư mục trường hợp kiểm tra điều kiện")
@click.option("--strict", is_flag=True, help="coi cảnh báo là lỗi")
@click.pass_context
def check_command(ctx: click.Context, directory: Path | None, cases: Path | None, strict: bool) -> int:
    """The publish gate, grouped by file; exit 1 on errors (--strict: also on warnings)."""
    report = _gate(ctx, directory, cases, route_examples=True, leave_one_out=True)
    _by_file("LỖI", report.errors)
    _by_file("CẢNH BÁO", report.warnings)
    verdict = "ĐẠT" if report.ok(strict) else "KHÔNG ĐẠT"
    folder = directory or settings_of(ctx).policies_dir
    click.echo(
        f"\n{folder}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo, "
        f"{report.cases} trường hợp kiểm tra điều kiện — {verdict}."
    )
    return 0 if report.ok(strict) else 1


@click.command(help="Hỏi một câu như người dùng: in đúng câu trả lời bot sẽ gửi.")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="in các chính sách khớp nhất dạng JSON")
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool) -> int:
    """The reply the bot would give (the same decision, bot.replies.reply_for)."""
    from bot.replies import reply_for

    snapshot = load_or_fail(ctx)
    reply = reply_for(snapshot, question, localtime.today())
    if not as_json:
        click.echo(html_to_plain(reply.html))
        return 0
    result = reply.match
    payload = {
        "question": question,
        "reply": reply.kind,
        "band": result.band if result else None,
        "out_of_scope_topic": result.out_of_scope if result else None,
        "matches": [
            {"policy_id": m.policy_id, "score": m.score, "evidence": list(m.evidence)}
            for m in (result.matches if result else ())
        ],
    }
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    return 0


@click.command(name="eval", help="Đo độ chính xác của câu trả lời trên tệp câu hỏi có nhãn ({q, expect, style}).")
@click.argument("file", type=existing("file"))
@click.option("--json", "as_json", is_flag=True, help="in kết quả dạng JSON")
@click.pass_context
def evaluate_command(ctx: click.Context, file: Path, as_json: bool) -> int:
    """Accuracy, out-of-scope precision/recall, direct-answer rate, latency and misses."""
    from bot.matching.evaluation import evaluate, load_questions
    from bot.policies.yamlsafe import YamlError

    snapshot = load_or_fail(ctx)
    try:
        questions = load_questions(file)
    except (OSError, ValueError, YamlError) as exc:
        click.echo(str(exc), err=True)
        return 1
    report = evaluate(snapshot, questions, localtime.today())
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for key, value in report.items():
        if key not in ("misses", "results", "styles"):
            click.echo(f"{key:>22}: {value}")
    if report.get("styles"):
        click.echo(f"\n{'kiểu câu hỏi':>22}    n  đúng")
        for style, row in report["styles"].items():
            click.echo(f"{style:>22}  {row['n']:>3}  {row['accuracy']:.3f}")
    click.echo(f"\n{len(report['misses'])} câu trả lời sai:")
    for miss in report["misses"]:
        click.echo(f"  [{_shown(miss['expect'])} → {_shown(miss['got'])} @ {miss['score']:.2f}] {miss['q']}")
    return 0


def _shown(label: str | list[str]) -> str:
    return " + ".join(label) if isinstance(label, list) else label


@click.command(help="Kiểm tra điều kiện của một hồ sơ cơ sở (tệp YAML: dữ kiện → giá trị).")
@click.option("--profile", required=True, type=existing("file"), help="tệp YAML: dữ kiện → giá trị")
@click.option("--policy", help="chỉ một chính sách (mã)")
@click.option("--date", "day", type=DATE, help="ngày xét (YYYY-MM-DD), mặc định hôm nay")
@click.option("--json", "as_json", is_flag=True, help="in kết quả dạng JSON")
@click.pass_context
def eligibility(ctx: click.Context, profile: Path, policy: str | None, day: date | None, as_json: bool) -> int:
    """Verdicts, reasons, missing facts and amounts for a profile."""
    from bot.policies.yamlsafe import YamlError, load_yaml_file
    from bot.render.checks import eligibility_report

    snapshot = load_or_fail(ctx)
    engine = snapshot.engine
    try:
        loaded = load_yaml_file(profile)
        if not isinstance(loaded.data, dict):
            raise ValueError("tệp hồ sơ phải là bảng 'dữ kiện: giá trị'")
        facts = engine.profile_from(loaded.data)
    except (OSError, YamlError, ValueError) as exc:
        click.echo(f"{profile}: {exc}", err=True)
        return 1
    if policy is not None and policy not in snapshot.kb.policies:
        option = next(p for p in ctx.command.params if p.name == "policy")
        raise click.BadParameter(f"không có chính sách «{policy}»", ctx=ctx, param=option)
    policy_ids = [policy] if policy else engine.checkable()
    unknown = [pid for pid in policy_ids if pid not in engine.checkable()]
    if unknown:
        click.echo(f"Chính sách không có quy tắc điều kiện: {', '.join(unknown)}", err=True)
        return 1
    on = day or localtime.today()
    verdicts = engine.evaluate(facts, policy_ids, on)
    if as_json:
        payload = {"date": on.isoformat(), "policies": {pid: v.as_json() for pid, v in verdicts.items()}}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(html_to_plain(eligibility_report(snapshot.kb, verdicts, on, facts)))
    return 0
