"""The pre-publish check: validation, example questions routed through the matcher, eligibility cases.

An example question that the matcher sends to another policy is an error (the two policies
collide); one that only reaches the "did you mean" band is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Settings
from bot.eligibility.cases import run_case_file
from bot.eligibility.engine import EligibilityEngine
from bot.matching.matcher import Matcher
from bot.policies.loader import Issue, validate
from bot.snapshot import Snapshot


@dataclass
class CheckReport:
    """Everything an admin must fix (errors) or should look at (warnings), and the snapshot if usable."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    snapshot: Snapshot | None = None
    cases: int = 0

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def _example_issues(snapshot: Snapshot) -> tuple[list[Issue], list[Issue]]:
    errors: list[Issue] = []
    warnings: list[Issue] = []
    for policy in snapshot.kb.policies.values():
        # Lines as validated: the file is not read again (it may be changing under our feet).
        lines = snapshot.kb.example_lines.get(policy.id, ())
        for index, example in enumerate(policy.examples):
            result = snapshot.matcher.match(example)
            own = next((m for m in result.matches if m.policy_id == policy.id), None)
            own_score = f"{own.score:.2f}" if own else "dưới top 3"
            top = result.top
            line = lines[index] if index < len(lines) else 1
            where = (f"{policy.id}.yaml", line, f"examples[{index}]")
            if result.band == "none":
                errors.append(
                    Issue(
                        *where, f"«{example}» không được nhận ra (điểm {own_score}; bot sẽ trả lời «chưa có thông tin»)"
                    )
                )
            elif top is not None and top.policy_id != policy.id:
                errors.append(
                    Issue(
                        *where,
                        f"«{example}» rơi vào chính sách {top.policy_id} ({top.score:.2f}) "
                        f"thay vì {policy.id} ({own_score})",
                    )
                )
            elif result.band == "suggest":
                warnings.append(
                    Issue(
                        *where,
                        f"«{example}» chỉ đạt mức «Có phải bạn muốn hỏi» ({own_score} < "
                        f"{snapshot.matcher.answer_threshold:.2f})",
                        "warning",
                    )
                )
    return errors, warnings


def run_check(directory: Path, settings: Settings, cases_dir: Path | None) -> CheckReport:
    """validate + examples through the matcher + eligibility case files."""
    kb, issues = validate(directory)
    report = CheckReport(
        errors=[i for i in issues if i.severity == "error"], warnings=[i for i in issues if i.severity == "warning"]
    )
    if kb is None:
        return report
    snapshot = Snapshot(kb, Matcher(kb, settings.answer_threshold, settings.suggest_threshold))
    errors, warnings = _example_issues(snapshot)
    report.errors += errors
    report.warnings += warnings
    if cases_dir is not None and cases_dir.is_dir():
        engine = EligibilityEngine(kb)
        for path in sorted(cases_dir.glob("*.yaml")):
            count, failures = run_case_file(engine, path)
            report.cases += count
            report.errors += [failure.as_issue() for failure in failures]
    if not report.errors:
        report.snapshot = snapshot
    return report
