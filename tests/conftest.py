"""Shared fixtures: a real database per test (SQLite file; PostgreSQL when TEST_DATABASE_URL is
set), settings without any platform credentials from the developer's environment, the core."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from adapters.app import App, build_app
from adapters.config import Settings
from storage import db
from tests.fakes.bot_connector import FakeConnector

# Settings come from the test, never from the machine (bolt reads SLACK_* by itself otherwise).
for _name in list(os.environ):
    if _name.startswith(("SLACK_", "MICROSOFT_APP_", "RESFRI_")) or _name in ("DATABASE_URL", "GRAPH_API_URL"):
        del os.environ[_name]


@pytest.fixture(autouse=True)
def _no_dotenv(tmp_path, monkeypatch) -> None:
    """Run each test in an empty folder so a developer's `.env` or `resfri.db` is never read."""
    monkeypatch.chdir(tmp_path)


def sqlite_engine(tmp_path) -> Engine:
    return db.make_engine(f"sqlite:///{tmp_path / 'resfri-test.db'}")


def postgres_engine() -> Iterator[Engine]:
    """A fresh schema in the test database, dropped afterwards."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL not set")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = db.make_engine(url)
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_conn, _rec) -> None:  # noqa: ANN001
        cur = dbapi_conn.cursor()
        cur.execute(f"SET search_path TO {schema}")
        cur.close()
        dbapi_conn.commit()

    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path) -> Iterator[Engine]:
    """An upgraded database, on SQLite and (when available) PostgreSQL."""
    if request.param == "sqlite":
        eng = sqlite_engine(tmp_path)
        db.upgrade(eng)
        yield eng
        eng.dispose()
    else:
        for eng in postgres_engine():
            db.upgrade(eng)
            yield eng


@pytest.fixture
def sqlite_db(tmp_path) -> Iterator[Engine]:
    eng = sqlite_engine(tmp_path)
    db.upgrade(eng)
    yield eng
    eng.dispose()


def make_settings(**values: object) -> Settings:
    """Settings as if these environment variables were set (names from CONTRACT.md)."""
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def app(sqlite_db) -> App:
    """The whole core on SQLite, with a home town for everyone so estimates work."""
    return build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun", RESFRI_ADMINS="U_ADMIN"), sqlite_db)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """A local fake of the Bot Framework connector that Teams replies are posted to."""
    fake = await FakeConnector().start()
    yield fake
    await fake.close()
