"""Shared fixtures: settings pointing at a temporary data folder and the shipped or minimal KB."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import PROJECT_ROOT, Settings
from bot.snapshot import Snapshot, build_snapshot

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL_KB = FIXTURES / "kb_minimal"
SHIPPED_KB = PROJECT_ROOT / "policies"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with the shipped policies and a private data folder."""
    return Settings(_env_file=None, policies_dir=SHIPPED_KB, data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def shipped() -> Snapshot:
    """The shipped knowledge base, indexed once for the whole session."""
    return build_snapshot(Settings(_env_file=None, policies_dir=SHIPPED_KB))


@pytest.fixture
def minimal_kb(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid knowledge base."""
    target = tmp_path / "policies"
    shutil.copytree(MINIMAL_KB, target)
    return target


def policy_file(policy_id: str, title: str, category: str = "cong-nghe", **fields: Any) -> dict[str, Any]:
    """A valid policy with unique examples and keywords; `fields` override or add fields."""
    words = policy_id.replace("-", " ")
    policy: dict[str, Any] = {
        "id": policy_id,
        "title": title,
        "category": category,
        "summary": f"Tóm tắt chính sách {title}.",
        "answer": f"Nội dung đầy đủ của chính sách {title} dành cho cơ sở công nghiệp nông thôn.",
        "keywords": [f"{words} một", f"{words} hai", f"{words} ba"],
        "examples": [f"{words} câu hỏi số {n}" for n in range(1, 7)],
        "legal_basis": [{"doc": "nd-45-2012", "article": "Điều 4"}],
        "last_reviewed": date(2026, 1, 15),
    }
    policy.update(fields)
    return policy


@pytest.fixture
def write_kb(tmp_path: Path) -> Callable[..., Path]:
    """A knowledge base with the shipped shared files (`_*.yaml`) and only the given policies."""

    def write(*policies: dict[str, Any], name: str = "kb") -> Path:
        target = tmp_path / name
        target.mkdir()
        for shared in SHIPPED_KB.glob("_*.yaml"):
            shutil.copy(shared, target)
        for policy in policies:
            text = yaml.safe_dump(policy, allow_unicode=True, sort_keys=False, width=10_000)
            (target / f"{policy['id']}.yaml").write_text(text, encoding="utf-8")
        return target

    return write


@pytest.fixture(scope="session", autouse=True)
def shipped_policies_stay_untouched() -> Iterator[None]:
    """No test may change policies/: tests that edit policy files (admins adding examples, reloads,
    random admin button presses) must work on a copy."""
    before = {path.name: path.read_bytes() for path in SHIPPED_KB.iterdir() if path.is_file()}
    yield
    after = {path.name: path.read_bytes() for path in SHIPPED_KB.iterdir() if path.is_file()}
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert not changed, f"a test changed the shipped policies: {changed}"
