"""Eligibility behaviour as data: OpenFisca-style case files run by pytest, `validate` and `check`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.eligibility.engine import EligibilityEngine
from bot.errors import Issue
from bot.policies.yamlsafe import YamlError, load_yaml_file

EXPECT_KEYS = {"verdict", "max_support_vnd", "missing_facts", "cap_vnd", "rate_percent", "amount_basis", "next_steps"}


@dataclass(frozen=True)
class CaseFailure:
    """One expectation that did not hold."""

    file: str
    line: int
    name: str
    message: str

    def as_issue(self) -> Issue:
        return Issue(self.file, self.line, self.name, self.message)


def run_case_file(engine: EligibilityEngine, path: Path) -> tuple[int, list[CaseFailure]]:
    """Run every case of one file; returns (number of cases, failures)."""
    try:
        loaded = load_yaml_file(path)
    except YamlError as exc:
        return 0, [CaseFailure(path.name, exc.line, "", exc.message)]
    if not isinstance(loaded.data, list):
        return 0, [CaseFailure(path.name, 1, "", "tệp phải là danh sách các trường hợp")]
    failures: list[CaseFailure] = []
    for index, case in enumerate(loaded.data):
        line = loaded.line_of((index,))
        name = str(case.get("name", f"#{index + 1}")) if isinstance(case, dict) else f"#{index + 1}"
        try:
            failures += _run_case(engine, path.name, line, name, case)
        except (AttributeError, TypeError, KeyError, ValueError) as exc:  # a malformed case, not a crash
            failures.append(CaseFailure(path.name, line, name, f"trường hợp không đúng định dạng: {exc}"))
    return len(loaded.data), failures


def _run_case(engine: EligibilityEngine, file: str, line: int, name: str, case: Any) -> list[CaseFailure]:
    if not isinstance(case, dict) or not {"date", "profile", "expect"} <= set(case):
        return [CaseFailure(file, line, name, "mỗi trường hợp cần name, date, profile, expect")]
    if not isinstance(case["profile"] or {}, dict):
        return [CaseFailure(file, line, name, "profile phải là bảng 'dữ kiện: giá trị'")]
    if not isinstance(case["expect"] or {}, dict):
        return [CaseFailure(file, line, name, "expect phải là bảng 'mã chính sách: kết quả'")]
    try:
        day = case["date"] if isinstance(case["date"], date) else date.fromisoformat(str(case["date"]))
    except ValueError:
        return [CaseFailure(file, line, name, f"ngày '{case['date']}' không hợp lệ (dạng YYYY-MM-DD)")]
    try:
        profile = engine.profile_from(case["profile"] or {})
    except ValueError as exc:
        return [CaseFailure(file, line, name, str(exc))]
    expect: dict[str, Any] = case["expect"] or {}
    unknown = [pid for pid in expect if pid not in engine.checkable()]
    if unknown:
        return [CaseFailure(file, line, name, f"chính sách không có quy tắc: {', '.join(unknown)}")]
    verdicts = engine.evaluate(profile, list(expect), day)
    failures = []
    for policy_id, wanted in expect.items():
        got = verdicts[policy_id].as_json()
        wanted = wanted if isinstance(wanted, dict) else {"verdict": wanted}
        for key in sorted(set(wanted) & EXPECT_KEYS):
            if got[key] != wanted[key]:
                message = f"{policy_id}.{key}: mong đợi {wanted[key]!r}, nhận được {got[key]!r}"
                failures.append(CaseFailure(file, line, name, message))
        for key in sorted(set(wanted) - EXPECT_KEYS):
            failures.append(CaseFailure(file, line, name, f"{policy_id}: khóa không hợp lệ '{key}'"))
    return failures
