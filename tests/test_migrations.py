"""Schema migrations: from the first revision to the latest keeps every row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from storage import db


def test_upgrade_from_the_first_migration_keeps_every_row(request, tmp_path):
    engines = [db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")]
    if "TEST_DATABASE_URL" in __import__("os").environ:
        from tests.conftest import postgres_engine

        gen = postgres_engine()
        engines.append(next(gen))
        request.addfinalizer(lambda: next(gen, None))
    for engine in engines:
        db.upgrade(engine, "0001")
        assert db.current_revision(engine) == "0001"
        now = datetime(2026, 1, 5, 9, tzinfo=UTC)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO person (platform, team_id, user_id, roles, opted_out, address_stale, created_at)"
                " VALUES ('slack', 'T1', 'U1', 'admin', false, false, :now)"), {"now": now})
            conn.execute(text(
                "INSERT INTO suggestion (person_id, created_at, source, has_time, mode_assumed, participants,"
                " recurring, km, hours, sek, kwh, kg_co2, factor_set, status, destination)"
                " VALUES (1, :now, 'chat', false, true, 2, false, 120.5, 2.0, 1200, 80, 19.5, 'SE-2025.1',"
                " 'accepted', 'Falun')"), {"now": now})
            conn.execute(text("INSERT INTO eventlog (at, type, person_id, data) VALUES (:now, 'accepted', 1, '{}')"),
                         {"now": now})
        with pytest.raises(db.SchemaOutOfDate, match="resfri db upgrade"):
            db.check_schema(engine)
        db.upgrade(engine)
        db.check_schema(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT user_id, roles FROM person")).all() == [("U1", "admin")]
            assert conn.execute(text("SELECT destination, kg_co2, status FROM suggestion")).all() == [
                ("Falun", 19.5, "accepted")]
            assert conn.execute(text("SELECT count(*) FROM eventlog")).scalar() == 1
            # the report rollup counted the suggestion that was already there (migration 0008)
            made = conn.execute(text("SELECT grain, status, n FROM reportrollup WHERE kind = 'made' "
                                     "ORDER BY grain")).all()  # fmt: skip
            assert made == [("d", "accepted", 1), ("m", "accepted", 1)]
            assert report_triggers(conn) == {"suggestion", "webmeeting", "triprecord"}
        engine.dispose()


def report_triggers(conn) -> set[str]:  # noqa: ANN001
    """Tables whose writes keep the report rollup. A later migration that rebuilds one of them
    (SQLite batch mode copies the table) must recreate its trigger, or the report goes stale."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reportrollup_%'"
    else:
        sql = ("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
               "WHERE t.tgname LIKE 'reportrollup_%' AND c.relnamespace = "
               "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())")  # fmt: skip
    return {r[0] for r in conn.execute(text(sql))}


def test_an_empty_database_is_reported_as_out_of_date(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(db.SchemaOutOfDate, match="empty database"):
        db.check_schema(engine)


def test_a_bad_database_url_is_a_clear_error():
    with pytest.raises(db.DatabaseConfigError, match="DATABASE_URL"):
        db.make_engine("not a url at all")
    with pytest.raises(db.DatabaseConfigError, match="DATABASE_URL"):
        db.make_engine("nosuchdb://x/y")
