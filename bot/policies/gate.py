"""THE publish gate: the one check that startup, hot reload, /reload, the admin "add example" button
and the command line (`validate`, `check`) all run before a knowledge base may be served.

validate (schema and cross-file rules) + every example question routed through the matcher + the
eligibility case files. An example question that the matcher sends to another policy is an error
(the two policies collide); one that only reaches the "did you mean" band is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Settings
from bot.eligibility.cases import run_case_file
from bot.errors import Issue
from bot.policies.loader import KnowledgeBase, validate
from bot.snapshot import Snapshot, snapshot_of


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


def check(directory: Path, settings: Settings, cases_dir: Path | None, *, route_examples: bool = True) -> CheckReport:
    """validate + examples through the matcher (unless `route_examples` is off) + eligibility case files.

    The snapshot of the report is set only when there are no errors: it is the version to publish."""
    kb, issues = validate(directory)
    report = CheckReport(
        errors=[i for i in issues if i.severity == "error"], warnings=[i for i in issues if i.severity == "warning"]
    )
    if kb is None:
        return report
    report.kb = kb
    snapshot = snapshot_of(kb, settings)
    if route_examples:
        errors, warnings = _example_issues(snapshot)
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
