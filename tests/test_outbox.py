"""The outbox: rows are claimed by exactly one worker, settled only by the claim's holder, and
retaken when a worker died holding them. On SQLite and PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, text
from sqlmodel import Session, select

from storage import db, outbox
from storage.models import Outbox

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def row(engine, row_id):
    with Session(engine) as s:
        return s.get(Outbox, row_id)


def add(engine, n, due=NOW, kind="notice"):
    return [outbox.enqueue(engine, kind, None, due, payload={"i": i}) for i in range(n)]


def test_only_due_rows_are_claimed_and_only_once(engine):
    soon = NOW + timedelta(minutes=2)  # before w1's claim could expire
    [due, later] = [outbox.enqueue(engine, "x", None, NOW), outbox.enqueue(engine, "x", None, soon)]
    [claimed] = outbox.claim_due(engine, "w1", NOW)
    assert claimed.id == due and claimed.attempts == 1 and claimed.worker == "w1"
    assert outbox.claim_due(engine, "w2", NOW) == []
    assert [c.id for c in outbox.claim_due(engine, "w2", soon)] == [later]


def test_dedupe_key_makes_enqueueing_idempotent(engine):
    assert outbox.enqueue(engine, "x", None, NOW, dedupe_key="k1") is not None
    assert outbox.enqueue(engine, "x", None, NOW, dedupe_key="k1") is None
    with Session(engine) as s:
        assert len(s.exec(select(Outbox)).all()) == 1


def test_a_dead_workers_claim_expires_and_is_retaken_once(engine):
    [row_id] = add(engine, 1)
    [dead] = outbox.claim_due(engine, "dead", NOW)
    soon = NOW + outbox.CLAIM_TIMEOUT - timedelta(seconds=1)
    assert outbox.claim_due(engine, "alive", soon) == []
    later = NOW + outbox.CLAIM_TIMEOUT + timedelta(seconds=1)
    [retaken] = outbox.claim_due(engine, "alive", later)
    assert retaken.id == row_id and retaken.attempts == 2
    assert outbox.claim_due(engine, "third", later) == []
    # The dead worker wakes up: it can no longer settle the row; the new holder can.
    assert outbox.mark_sent(engine, dead, later) is False
    assert outbox.mark_sent(engine, retaken, later) is True
    assert outbox.mark_sent(engine, retaken, later) is False
    r = row(engine, row_id)
    assert r.status == "sent" and r.sent_at == later and r.claimed_by == "alive"


def test_retry_backs_off_and_gives_up_after_max_attempts(engine):
    [row_id] = add(engine, 1)
    now, waits = NOW, []
    for _ in range(outbox.MAX_ATTEMPTS):
        [c] = outbox.claim_due(engine, "w", now)
        status = outbox.retry_later(engine, c, now, "HTTP 503")
        r = row(engine, row_id)
        waits.append(r.due_at - now)
        assert outbox.claim_due(engine, "w", now) == []  # not before the backoff
        now = r.due_at
    assert status == "failed" and r.status == "failed" and r.last_error == "HTTP 503"
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(waits) <= outbox.BACKOFF_CAP
    assert outbox.claim_due(engine, "w", now + timedelta(days=1)) == []


def test_retry_after_from_the_platform_is_respected(engine):
    add(engine, 1)
    [c] = outbox.claim_due(engine, "w", NOW)
    outbox.retry_later(engine, c, NOW, "429", retry_after=600)
    assert outbox.claim_due(engine, "w", NOW + timedelta(minutes=9)) == []
    assert len(outbox.claim_due(engine, "w", NOW + timedelta(minutes=10))) == 1


def test_defer_uses_no_attempt_and_cancel_and_fail_keep_the_row(engine):
    [a, b, c_id] = add(engine, 3)
    claimed = {c.id: c for c in outbox.claim_due(engine, "w", NOW)}
    assert outbox.defer(engine, claimed[a], NOW + timedelta(days=3))
    assert outbox.cancel(engine, claimed[b], "answered meanwhile")
    assert outbox.fail(engine, claimed[c_id], "conversation gone")
    assert (row(engine, a).status, row(engine, a).attempts) == ("due", 0)
    assert (row(engine, b).status, row(engine, b).last_error) == ("cancelled", "answered meanwhile")
    assert (row(engine, c_id).status, row(engine, c_id).last_error) == (
        "failed",
        "conversation gone",
    )


def _second_engine(engine):
    """Another engine (its own connections, as another process would have) on the same data."""
    if engine.dialect.name == "sqlite":
        return db.make_engine(engine.url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    other = db.make_engine(engine.url.render_as_string(hide_password=False))

    @event.listens_for(other, "connect")
    def _path(dbapi_conn, _rec) -> None:  # noqa: ANN001
        cur = dbapi_conn.cursor()
        cur.execute(f"SET search_path TO {schema}")
        cur.close()
        dbapi_conn.commit()

    return other


def test_concurrent_workers_with_their_own_engines_claim_every_row_exactly_once(engine):
    ids = set(add(engine, 120))
    engines = [engine, _second_engine(engine), _second_engine(engine), _second_engine(engine)]
    claimed: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    start = threading.Barrier(len(engines))

    def work(name: str, eng) -> None:  # noqa: ANN001
        try:
            start.wait()
            while batch := outbox.claim_due(eng, name, NOW, limit=7):
                for c in batch:
                    assert outbox.mark_sent(eng, c, NOW)
                with lock:
                    claimed.extend(c.id for c in batch)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"w{i}", e)) for i, e in enumerate(engines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(claimed) == sorted(ids)  # every row once, none twice
    with Session(engine) as s:
        workers = {r.claimed_by for r in s.exec(select(Outbox))}
        assert {r.status for r in s.exec(select(Outbox))} == {"sent"}
    assert len(workers) >= 2  # they really did share the work
    for e in engines[1:]:
        e.dispose()


def test_postgres_claims_skip_rows_another_transaction_has_locked(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's")
    [first, second] = add(engine, 2)
    other = _second_engine(engine)
    with Session(other) as s:  # another worker mid-claim, holding a lock on the first row
        s.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": first})
        got = outbox.claim_due(engine, "w", NOW)  # must not wait for that lock
        assert [c.id for c in got] == [second]
        s.rollback()
    other.dispose()
    assert [c.id for c in outbox.claim_due(engine, "w", NOW)] == [first]
