"""Shared fixtures: settings pointing at a temporary data folder and the shipped or minimal KB.

Helpers shared by several test modules live in tests/support/ (test modules never import each other
or this file); the database fixtures come from tests/support/db.py, registered below as a plugin.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings as hypothesis_settings

from bot.config import Settings
from bot.snapshot import Snapshot, build_snapshot
from tests.support.kb import MINIMAL_KB, SHIPPED_KB

pytest_plugins = ["tests.support.db"]

# ----- Hypothesis: quick for a developer's `make test`, thorough in CI (.ci/run sets HYPOTHESIS_PROFILE=ci) ---
# Properties whose examples are cheap ask for a multiple of the profile's max_examples.
hypothesis_settings.register_profile("dev", max_examples=50)
hypothesis_settings.register_profile("ci", max_examples=500, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    """Settings with the shipped policies and a private data folder (its database already migrated)."""
    return Settings(_env_file=None, policies_dir=SHIPPED_KB, data_dir=data_dir)


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


@pytest.fixture
def live_kb(tmp_path: Path) -> Path:
    """A writable copy of the shipped policies, for tests that edit policy files."""
    target = tmp_path / "policies"
    shutil.copytree(SHIPPED_KB, target)
    return target


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
