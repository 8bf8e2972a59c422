"""The bot in a process of its own, for tests/test_durability.py (which SIGKILLs it).

    python -m tests.support.durability_bot BASE_URL DATA_DIR [DATABASE_URL]

Long polling against the Bot API stand-in served by the test process at BASE_URL; the database is
DATABASE_URL (already migrated), or the embedded SQLite in DATA_DIR.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from telegram import Update

from bot.config import PROJECT_ROOT, Settings
from bot.policies.store import KnowledgeStore
from handlers.application import build_application, stop_quickly_on_signals


def main(argv: list[str]) -> int:
    base_url, data_dir, *database_url = argv
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings(
        _env_file=None,
        policies_dir=PROJECT_ROOT / "policies",
        data_dir=Path(data_dir),
        database_url=database_url[0] if database_url else None,
        telegram_bot_token=None,
        staff_user_ids={900},
        staff_chat_id=-100,
        user_message_limit=100_000,
        flood_max_per_second=1_000_000,
        # The staff group's backlog after a kill is delivered at once, unless the test sets a limit.
        group_max_per_minute=float(os.environ.get("GROUP_MAX_PER_MINUTE", "0")),
        watch_policies=False,
    )
    app = build_application(settings, KnowledgeStore.load(settings), base_url=base_url)
    stop_quickly_on_signals(app)
    app.run_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
