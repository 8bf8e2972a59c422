"""The database engine: SQLite (WAL, foreign keys) by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy import Engine as Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session as Session
from sqlmodel import create_engine

from bot.config import CONTENT_ROOT
from bot.errors import StorageConflict, StorageError
from bot.files import ensure_private

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = CONTENT_ROOT / "migrations"
VERSION_TABLE = "alembic_version"


def make_engine(url: str) -> Engine:
    """An engine with the settings each backend needs."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""  # "sqlite://" is in memory
        if path and path != ":memory:":
            ensure_private(Path(path))  # SQLite gives its -wal and -shm files the same mode
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")  # a request acknowledged to a user survives a crash
            cursor.execute("PRAGMA busy_timeout=30000")
            # Each pooled connection keeps its own page cache (2 MiB by default), filled as the question
            # log grows: with a worker pool of connections that was the running bot's slow memory creep.
            cursor.execute("PRAGMA cache_size=-512")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_recycle=300, pool_timeout=5, connect_args=POSTGRES_TIMEOUTS)


# A server that is gone or unreachable fails a call in seconds instead of hanging it: connecting,
# statements and lock waits are bounded, and TCP gives up on a peer that stops acknowledging (a
# partition) instead of waiting for the kernel's 15 minutes. The bot's own deadline (handlers/send.py)
# answers the user even sooner.
POSTGRES_TIMEOUTS: dict[str, Any] = {
    "connect_timeout": 3,
    "options": "-c statement_timeout=5000 -c lock_timeout=3000 -c idle_in_transaction_session_timeout=30000",
    "tcp_user_timeout": 5000,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
}


# Alembic is imported only when there is migration work: loaded just to learn that the schema is
# current (every start), it would stay in the running bot's memory for good (11 MiB).
def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def _head_revision() -> str | None:
    """The latest revision of the migration scripts (read once per process): the one no script names as
    its `down_revision`. Anything unusual (branches, merges, computed ids) is left to Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else getattr(
                node, "target", None
            )
            value = getattr(node, "value", None)
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and value is not None:
                try:
                    values[target.id] = ast.literal_eval(value)
                except ValueError:
                    return _alembic_head()
        revision, parent = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str) or not (parent is None or isinstance(parent, str)):
            return _alembic_head()
        revisions.add(revision)
        if parent is not None:
            parents.add(parent)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _current_revision(connection: Connection) -> str | None:
    """The database's revision, as Alembic records it (None: not migrated, or more than one row)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return str(rows[0]) if len(rows) == 1 else None


def upgrade(engine: Engine) -> None:
    """Apply every Alembic migration to the database of `engine`.

    A database already at the latest revision costs one query: the bot calls this at every start
    on the embedded SQLite, and running Alembic's environment each time would take far longer."""
    with engine.begin() as connection:
        if _current_revision(connection) == _head_revision():
            return
        from alembic import command

        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration (the bot cannot use any other schema)."""
    with engine.connect() as connection:
        return _current_revision(connection) == _head_revision()


def new_revision(engine: Engine, message: str) -> Path:
    """Autogenerate the next migration from the models (the database must be at head); returns its file."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        script = command.revision(config, message=message, autogenerate=True)
    scripts = script if isinstance(script, list) else [script]
    assert scripts and scripts[0] is not None
    return Path(scripts[0].path)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session; the caller commits. Rolled back if the block raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


T = TypeVar("T")


def run_in_session(engine: Engine, work: Callable[[Session], T]) -> T:
    """One unit of work: `work(session)` then commit; a database failure becomes StorageError."""
    try:
        with session_scope(engine) as session:
            result = work(session)
            session.commit()
            return result
    except IntegrityError as exc:
        raise StorageConflict(type(exc).__name__) from exc
    except SQLAlchemyError as exc:
        raise StorageError(type(exc).__name__) from exc
