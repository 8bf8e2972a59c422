"""Shared fixtures: settings pointing at a temporary data folder and the shipped or minimal KB."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.core import Snapshot, build_snapshot

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
