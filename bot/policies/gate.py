"""THE publish gate: the one check that startup, hot reload, /reload, the admin "add example" button
and the command line (`validate`, `check`) all run before a knowledge base may be served.

validate (schema and cross-file rules) + every example question routed through the matcher with
that example left out of the index (leave-one-out: an example that only matches itself, or one
filed under the wrong policy, shows) + the eligibility case files. An example the matcher sends to
another policy is an error naming that policy (the two collide, or the example is misfiled); one
that only reaches the "did you mean" band is a warning.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot import kbcache, localtime
from bot.config import Settings
from bot.eligibility.cases import run_case_file
from bot.errors import Issue
from bot.matching.leave_one_out import unit_of
from bot.matching.matcher import NEAR_TIE, MatchResult
from bot.policies.loader import KnowledgeBase, validate
from bot.snapshot import Snapshot, cache_dir, loaded_now, snapshot_of


@dataclass
class CheckReport:
    """Everything an admin must fix (errors) or should look at (warnings), and the snapshot if usable."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    snapshot: Snapshot | None = None
    cases: int = 0
    failed_cases: int = 0
    kb: KnowledgeBase | None = None  # the content when it validated, even if later checks failed

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def _example_issues(snapshot: Snapshot, leave_one_out: bool) -> tuple[list[Issue], list[Issue]]:
    errors: list[Issue] = []
    warnings: list[Issue] = []
    matcher = snapshot.matcher
    for policy in snapshot.kb.policies.values():
        # Lines as validated: the file is not read again (it may be changing under our feet).
        lines = snapshot.kb.example_lines.get(policy.id, ())
        for index, example in enumerate(policy.examples):
            line = lines[index] if index < len(lines) else 1
            where = (f"{policy.id}.yaml", line, f"examples[{index}]")
            result = matcher.match(example)
            problem = _misrouted(example, policy.id, result)
            if problem is not None:
                errors.append(Issue(*where, problem))
                continue
            # Leave-one-out: the example as a new question the index has never seen. An example only
            # its own entry recognises, or one filed under the wrong policy, shows here.
            alone = matcher.match(example, leave_out=unit_of(matcher, policy.id, example)) if leave_one_out else None
            problem = _misrouted(example, policy.id, alone) if alone is not None else None
            if problem is not None:
                warnings.append(Issue(*where, f"{problem} khi bỏ chính câu này khỏi chỉ mục", "warning"))
            elif result.band == "suggest":
                why = why_suggested(result, policy.id, matcher.answer_threshold)
                warnings.append(Issue(*where, f"«{example}» chỉ đạt mức «Có phải bạn muốn hỏi» ({why})", "warning"))
    return errors, warnings


def why_suggested(result: MatchResult, policy_id: str, answer_threshold: float) -> str:
    """Why an example is only offered, not answered: a score under the threshold, a near tie, or
    words too generic to answer on (a score above the threshold is then not the reason)."""
    own = next((m for m in result.matches if m.policy_id == policy_id), None)
    if own is None:
        return "dưới top 3"
    if own.score < answer_threshold:
        return f"{own.score:.2f} < {answer_threshold:.2f}"
    others = [m for m in result.matches if m.policy_id != policy_id]
    if others and own.score - others[0].score < NEAR_TIE:
        return f"gần ngang với {others[0].policy_id}: {own.score:.2f} và {others[0].score:.2f}"
    return f"{own.score:.2f}, nhưng câu chỉ có từ chung chung"


def _own_score(result: MatchResult, policy_id: str) -> str:
    own = next((m for m in result.matches if m.policy_id == policy_id), None)
    return f"{own.score:.2f}" if own else "dưới top 3"


def _misrouted(example: str, policy_id: str, result: MatchResult) -> str | None:
    """What is wrong when an example does not route to its own policy, naming where it lands."""
    own = _own_score(result, policy_id)
    top = result.top
    if result.band == "none":
        where = (
            f"bot coi là chủ đề ngoài phạm vi «{result.out_of_scope}»"
            if result.out_of_scope
            else "bot sẽ trả lời «chưa có thông tin»"
        )
        return f"«{example}» không được nhận ra (điểm {own}; {where})"
    if top is not None and top.policy_id != policy_id:
        return f"«{example}» rơi vào chính sách {top.policy_id} ({top.score:.2f}) thay vì {policy_id} ({own})"
    return None


REVIEW_MONTHS = 6  # content older than this (by last_reviewed) is flagged for a new review


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def stale_content(kb: KnowledgeBase, today: date) -> list[Issue]:
    """A warning for each policy whose content nobody has reviewed for over REVIEW_MONTHS months."""
    limit = months_before(today, REVIEW_MONTHS)
    return [
        Issue(
            f"{policy.id}.yaml",
            kb.review_lines.get(policy.id, 1),
            "last_reviewed",
            f"nội dung chưa được rà soát từ {policy.last_reviewed:%d/%m/%Y} (quá {REVIEW_MONTHS} tháng): đối chiếu "
            "lại với văn bản mới nhất rồi cập nhật last_reviewed",
            "warning",
        )
        for policy in kb.policies.values()
        if policy.last_reviewed < limit
    ]


def check(
    directory: Path,
    settings: Settings,
    cases_dir: Path | None,
    *,
    route_examples: bool = True,
    leave_one_out: bool = False,
    today: date | None = None,
) -> CheckReport:
    """validate + examples through the matcher (unless `route_examples` is off) + eligibility case files
    + a reminder for content not reviewed for over six months (on `today`, Vietnam time by default).
    `leave_one_out` (the `check` command) also routes each example as if it were not in the index.

    The snapshot of the report is set only when there are no errors: it is the version to publish.
    The report is cached on disk by the files, the code, the thresholds and the day (bot.kbcache)."""
    day = today or localtime.today()
    parts = (route_examples, leave_one_out, settings.answer_threshold, settings.suggest_threshold, day)
    report = kbcache.cached(
        cache_dir(settings),
        "check-loo" if leave_one_out else "check" if route_examples else "validate",  # admins run all three
        (directory, cases_dir),
        parts,
        lambda: _check(
            directory, settings, cases_dir, route_examples=route_examples, leave_one_out=leave_one_out, today=day
        ),
    )
    if report.snapshot is not None:
        loaded_now(report.snapshot)
    return report


def _check(
    directory: Path,
    settings: Settings,
    cases_dir: Path | None,
    *,
    route_examples: bool,
    leave_one_out: bool,
    today: date,
) -> CheckReport:
    kb, issues = validate(directory, today)
    report = CheckReport(
        errors=[i for i in issues if i.severity == "error"], warnings=[i for i in issues if i.severity == "warning"]
    )
    if kb is None:
        return report
    report.kb = kb
    report.warnings += stale_content(kb, today)
    snapshot = snapshot_of(kb, settings)
    if route_examples:
        errors, warnings = _example_issues(snapshot, leave_one_out)
        report.errors += errors
        report.warnings += warnings
    if cases_dir is not None and cases_dir.is_dir():
        engine = snapshot.engine
        for path in sorted(cases_dir.glob("*.yaml")):
            count, failures = run_case_file(engine, path)
            report.cases += count
            report.failed_cases += len({(failure.file, failure.line) for failure in failures})
            report.errors += [failure.as_issue() for failure in failures]
    if not report.errors:
        report.snapshot = snapshot
    return report
