"""Start-up and footprint: the on-disk cache of built knowledge bases is only ever a shortcut to the same
result, the knowledge-base commands do not load the Telegram or database stacks they never use, and
the caches that fill with what users type stay bounded."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.policies.gate import check
from bot.snapshot import build_snapshot, cache_dir
from tests.support.kb import SHIPPED_KB


def entries(settings: Settings, kind: str) -> list[Path]:
    return sorted(cache_dir(settings).glob(f"{kind}-*.pickle"))


def test_a_built_snapshot_is_stored_and_served_again_with_the_same_content(settings: Settings) -> None:
    first = build_snapshot(settings)
    [entry] = entries(settings, "snapshot")
    again = build_snapshot(settings)
    assert again is not first
    assert again.kb.version == first.kb.version
    assert again.matcher.match("hỗ trợ máy móc thiết bị").top == first.matcher.match("hỗ trợ máy móc thiết bị").top
    assert entries(settings, "snapshot") == [entry]


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(("a key", "something"))[:-3]])
def test_a_corrupt_cache_entry_is_ignored_and_rebuilt(settings: Settings, garbage: bytes) -> None:
    version = build_snapshot(settings).kb.version
    [entry] = entries(settings, "snapshot")
    entry.write_bytes(garbage)
    assert build_snapshot(settings).kb.version == version
    _key, stored = pickle.loads(entry.read_bytes())
    assert stored.kb.version == version


def test_an_entry_made_for_other_files_or_code_is_not_served(settings: Settings) -> None:
    build_snapshot(settings)
    [entry] = entries(settings, "snapshot")
    entry.write_bytes(pickle.dumps(("a key from another version", "not a snapshot")))
    snapshot = build_snapshot(settings)
    assert snapshot.matcher.match("hỗ trợ máy móc thiết bị").band == "answer"
    assert pickle.loads(entry.read_bytes())[1] != "not a snapshot"


def test_an_edited_policy_is_read_again_not_taken_from_the_cache(live_kb: Path, data_dir: Path) -> None:
    settings = Settings(_env_file=None, policies_dir=live_kb, data_dir=data_dir)
    before = build_snapshot(settings)
    path = live_kb / "may-moc-thiet-bi.yaml"
    old_title = before.kb.policies["may-moc-thiet-bi"].title
    path.write_text(path.read_text(encoding="utf-8").replace(old_title, "Máy móc mới", 1), encoding="utf-8")
    after = build_snapshot(settings)
    assert after.kb.version != before.kb.version
    assert after.kb.policies["may-moc-thiet-bi"].title == "Máy móc mới"


def test_the_check_report_from_the_cache_equals_a_fresh_one(live_kb: Path, data_dir: Path) -> None:
    settings = Settings(_env_file=None, policies_dir=live_kb, data_dir=data_dir)
    cases = PROJECT_ROOT / "cases" / "eligibility"
    fresh = check(live_kb, settings, cases)
    cached = check(live_kb, settings, cases)
    assert (cached.errors, cached.warnings, cached.cases) == (fresh.errors, fresh.warnings, fresh.cases)
    assert cached.snapshot is not None and cached.snapshot.kb.version == fresh.kb.version  # type: ignore[union-attr]
    # A broken edit is reported at once, not hidden behind the cached pass.
    (live_kb / "may-moc-thiet-bi.yaml").write_text("id: [", encoding="utf-8")
    broken = check(live_kb, settings, cases)
    assert broken.snapshot is None
    assert any(issue.file == "may-moc-thiet-bi.yaml" for issue in broken.errors)


def test_an_unwritable_cache_folder_only_costs_a_rebuild(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    settings = Settings(_env_file=None, policies_dir=SHIPPED_KB, data_dir=blocker)
    assert build_snapshot(settings).matcher.match("hỗ trợ máy móc thiết bị").band == "answer"


HEAVY = ("telegram", "sqlalchemy", "sqlmodel", "alembic", "openpyxl", "psycopg", "ruamel", "watchfiles")
PROBE = """
import json, sys
from cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.stdin.readline())))
print(json.dumps({"code": code, "heavy": heavy}))
"""


@pytest.mark.parametrize(
    "command",
    [
        ["ask", "hỗ trợ máy móc"],
        ["ask", "hỗ trợ máy móc", "--json"],
        ["eval", str(PROJECT_ROOT / "cases" / "questions.yaml")],
        ["check"],
        ["validate"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_knowledge_base_commands_never_load_telegram_or_the_database(command: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "POLICIES_DIR": str(SHIPPED_KB)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        input=json.dumps(HEAVY) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "heavy": []}, done.stderr


def test_the_typo_cache_stays_bounded_however_many_new_misspellings_arrive(settings: Settings) -> None:
    from bot.matching.words import TYPO_CACHE_SIZE

    matcher = build_snapshot(settings).matcher
    sizes = []
    for number in range(TYPO_CACHE_SIZE + 50):
        matcher.match(f"hỗ trợ mááy{number:05d}")
        sizes.append(len(matcher.words.cache))
    assert max(sizes) == TYPO_CACHE_SIZE  # it did fill up, and never went past the bound
    assert matcher.match("hỗ trợ máy móc thiết bị").band == "answer"


BOT_PROBE = """
import json, sys
from bot.config import Settings
from bot.policies.store import KnowledgeStore
from handlers.application import build_application
settings = Settings(_env_file=None)
build_application(settings, KnowledgeStore.load(settings), base_url="http://127.0.0.1:9/bot")
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & {"alembic", "openpyxl", "ruamel"})))
"""


def test_the_bot_on_a_current_database_never_loads_migrations_exports_or_the_yaml_editor(tmp_path: Path) -> None:
    # What a process imports stays in its memory for good: these are for deployments, staff exports
    # and admin edits, and would cost the running bot 17 MiB.
    env = {**os.environ, "DATA_DIR": str(tmp_path), "POLICIES_DIR": str(SHIPPED_KB)}
    env.pop("DATABASE_URL", None)
    main = str(PROJECT_ROOT / "main.py")
    subprocess.run([sys.executable, main, "db", "upgrade"], env=env, cwd=tmp_path, check=True, timeout=120,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-c", BOT_PROBE], env=env, cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_the_newest_migration_is_read_as_alembic_reads_it() -> None:
    from bot.desk import db

    assert db._head_revision() == db._alembic_head()
