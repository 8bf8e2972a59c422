"""The house rules that keep the layers apart, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

MAX_LINES = 400


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def sources(folder: str) -> list[Path]:
    return sorted((PROJECT_ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", sources("bot"), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_the_core_never_imports_telegram_or_the_adapters(path: Path) -> None:
    forbidden = {name for name in imported_modules(path) if name.split(".")[0] in ("telegram", "handlers", "cli")}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", sources("handlers"), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_handlers_never_touch_the_database_directly(path: Path) -> None:
    forbidden = {name for name in imported_modules(path) if name.split(".")[0] in ("sqlalchemy", "sqlmodel")}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", sources("web"), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_the_web_desk_reaches_telegram_and_the_database_only_through_its_services(path: Path) -> None:
    forbidden = {
        name
        for name in imported_modules(path)
        if name.split(".")[0] in ("telegram", "handlers", "cli", "sqlalchemy", "sqlmodel")
    }
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"


@pytest.mark.parametrize(
    "path",
    [p for folder in ("bot", "handlers", "cli", "console", "web") for p in sources(folder)],
    ids=lambda p: str(p.relative_to(PROJECT_ROOT)),
)
def test_no_source_file_grows_into_a_junk_drawer(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_handlers_are_added_in_one_place_only() -> None:
    adders = [
        path.name
        for path in sources("handlers")
        if "add_handler(" in path.read_text(encoding="utf-8") and path.name != "__init__.py"
    ]
    assert adders == []


def test_no_test_module_imports_another_test_module() -> None:
    offenders = [
        path.name
        for path in sorted((PROJECT_ROOT / "tests").glob("test_*.py"))
        if any(name.startswith("tests.test_") for name in imported_modules(path))
    ]
    assert offenders == []
