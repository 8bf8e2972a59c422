"""Shared fixtures: settings pointing at a temporary data folder and the shipped or minimal KB.

Helpers shared by several test modules live in tests/support/ (test modules never import each other
or this file); the database fixtures come from tests/support/db.py, registered below as a plugin.
"""

from __future__ import annotations

import functools
import os
import shutil
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx._transports.default
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


@pytest.fixture(scope="session", autouse=True)
def one_tls_context_for_every_http_client() -> Iterator[None]:
    """httpx builds a TLS context for every client it makes, reading the whole CA bundle (~45 ms), and
    each Application makes two clients: hundreds of bots in a session spent a minute of CPU on that.
    The bots under test only ever talk plain HTTP to 127.0.0.1, so one shared default context does."""
    default = httpx._transports.default.create_ssl_context
    shared = functools.cache(lambda: default())

    def create_ssl_context(verify: ssl.SSLContext | str | bool = True, cert: Any = None, trust_env: bool = True) -> Any:
        if verify is True and cert is None and trust_env:
            return shared()
        return default(verify=verify, cert=cert, trust_env=trust_env)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx._transports.default, "create_ssl_context", create_ssl_context)
        yield


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    """Settings with the shipped policies and a private data folder (its database already migrated); no
    web desk (a test with a token would otherwise serve it on the default port 8080)."""
    return Settings(_env_file=None, policies_dir=SHIPPED_KB, data_dir=data_dir, web_enabled=False)


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
