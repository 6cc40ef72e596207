"""Engine, sessions, schema version and health. Synchronous SQLAlchemy; async callers use
`run_db` (a bounded thread pool) so database work never blocks the event loop."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import create_engine

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_URL = "sqlite:///resfri.db"
MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseConfigError(ValueError):
    """DATABASE_URL cannot be used; the message says why."""


class SchemaOutOfDate(RuntimeError):
    pass


def normalise_url(url: str | None) -> str:
    url = (url or DEFAULT_URL).strip()
    # Heroku-style URLs and plain postgresql:// go through psycopg 3, which we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str | None) -> Engine:
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"DATABASE_URL is not a database URL: {url!r}") from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30}, pool_pre_ping=True
            )
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    except Exception as exc:  # unknown dialect, missing driver
        raise DatabaseConfigError(f"DATABASE_URL cannot be used ({exc.__class__.__name__}: {exc})") from exc
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers don't block the writer
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


# --- schema -----------------------------------------------------------------------------------


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()  # type: ignore[arg-type]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def check_schema(engine: Engine) -> None:
    """Refuse to run on an out-of-date schema, with a message that says what to do."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        where = engine.url.render_as_string(hide_password=True)
        raise SchemaOutOfDate(
            f"The database schema at {where} is at {current or 'nothing (empty database)'}, "
            f"this version of resfri needs {head}. Run `resfri db upgrade` first."
        )


# --- resilience -------------------------------------------------------------------------------


def retrying(fn: Callable[..., T]) -> Callable[..., T]:
    """Retry a unit of database work a few times when the connection blips."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        delays = (0.05, 0.2, 0.5, 1.0)
        for attempt, delay in enumerate((*delays, None)):
            try:
                return fn(*args, **kwargs)
            except OperationalError as exc:
                if delay is None or not _transient(exc):
                    raise
                log.warning("database busy or unreachable (attempt %d): %s", attempt + 1, exc.orig)
                time.sleep(delay)
        raise AssertionError("unreachable")

    return wrapper


def _transient(exc: DBAPIError) -> bool:
    msg = str(exc.orig).lower()
    return exc.connection_invalidated or any(
        s in msg
        for s in ("locked", "connection", "server closed", "terminating", "timeout", "could not",
                  "deadlock")  # PostgreSQL picked this transaction to undo: doing it again works
    )


def healthy(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return False


_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="db")


async def run_db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking database (or core) work off the event loop, in a bounded pool."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_POOL, functools.partial(fn, *args, **kwargs))
