"""Databases for the tests: SQLite in the test's folder and, when TEST_DATABASE_URL is set, PostgreSQL.

Alembic runs once per session, to migrate a template; each test gets a copy of it:
- SQLite: the migrated template file copied into the test's folder (`data_dir`, `db_url`);
- PostgreSQL: a database of its own, `CREATE DATABASE … TEMPLATE` the migrated one, dropped after the test.

A database per test keeps runs independent: two test runs against the same server never see each
other's rows (every name carries a random suffix), and a test never depends on what an earlier one
left behind. The migrations themselves are tested from an empty database (`blank_db_url`) in
tests/test_storage.py, and the bot migrating its embedded database itself in tests/test_storage.py too.

Registered as a plugin by tests/conftest.py: the fixtures are available to every test module.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text

from bot.desk.db import make_engine, upgrade

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
NO_POSTGRES = "TEST_DATABASE_URL is not set (CI sets it to the local PostgreSQL server)"
needs_postgres = pytest.mark.skipif(not TEST_DATABASE_URL, reason=NO_POSTGRES)
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=needs_postgres),
]
EMBEDDED_DB = "khuyencong.db"  # the file name Settings.db_url uses in the data folder


def migrated_sqlite_file(path: Path) -> Path:
    """Create a SQLite database at `path` migrated to the latest schema, with nothing left in its WAL."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        with engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        engine.dispose()
    return path


class PostgresServer:
    """Databases of this session on the TEST_DATABASE_URL server: one migrated template, copies of it."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
        self.template: str | None = None

    def url_of(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def create(self, *, migrated: bool) -> str:
        """A new database (a copy of the migrated template, or empty); returns its name."""
        if migrated and self.template is None:
            template = f"kc_template_{uuid.uuid4().hex[:12]}"
            self._execute(f'CREATE DATABASE "{template}"')
            self.template = template
            engine = make_engine(self.url_of(template))
            try:
                upgrade(engine)
            finally:
                engine.dispose()  # CREATE DATABASE … TEMPLATE needs the template without connections
        name = f"kc_test_{uuid.uuid4().hex[:16]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"' if migrated else f'CREATE DATABASE "{name}"')
        return name

    def drop(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextmanager
    def database(self, *, migrated: bool) -> Iterator[str]:
        """The URL of a database of its own for one test, dropped afterwards."""
        name = self.create(migrated=migrated)
        try:
            yield self.url_of(name)
        finally:
            self.drop(name)

    def close(self) -> None:
        if self.template is not None:
            self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's migrated SQLite template (do not open it: copy it)."""
    return migrated_sqlite_file(tmp_path_factory.mktemp("db-template") / EMBEDDED_DB)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The TEST_DATABASE_URL server (skips the test without it)."""
    if not TEST_DATABASE_URL:
        pytest.skip(NO_POSTGRES)
    server = PostgresServer(TEST_DATABASE_URL)
    yield server
    server.close()


@pytest.fixture
def data_dir(tmp_path: Path, migrated_sqlite: Path) -> Path:
    """A data folder whose embedded database is already migrated (a copy of the template): the bot
    finds it at the latest revision when it starts, as it does on every start but the first."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(migrated_sqlite, folder / EMBEDDED_DB)
    return folder


@pytest.fixture
def postgres_db_url(postgres: PostgresServer) -> Iterator[str]:
    """A PostgreSQL database of the test's own, migrated (skipped without TEST_DATABASE_URL)."""
    with postgres.database(migrated=True) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """'sqlite' or 'postgresql' (skipped without TEST_DATABASE_URL)."""
    return str(request.param)


@pytest.fixture
def blank_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database, not migrated."""
    if backend == "sqlite":
        folder = tmp_path / "db"
        folder.mkdir()
        yield f"sqlite:///{folder / 'test.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    with server.database(migrated=False) as url:
        yield url


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database migrated to the latest schema: a copy of the session's migrated template."""
    if backend == "sqlite":
        folder = tmp_path / "db"
        folder.mkdir()
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), folder / "test.db")
        yield f"sqlite:///{folder / 'test.db'}"
        return
    yield request.getfixturevalue("postgres_db_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the migrated database, made the way the bot makes it."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
