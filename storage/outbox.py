"""Due work as rows: enqueue, claim atomically, and settle (sent, retry, deferred, failed).

The rows are the truth, so a restart loses nothing and any number of workers may tick at once:
- PostgreSQL claims with `SELECT … FOR UPDATE SKIP LOCKED`: workers never wait on each other;
- SQLite claims each row with a guarded `UPDATE … WHERE id=… AND status='due' …`, which only one
  writer can win.
A claim carries the worker's id and the row's attempt count; every later step is guarded by both,
so a worker whose claim expired (it was killed, or hung) cannot settle a row another worker took.
Claims expire after `CLAIM_TIMEOUT`; a row is marked sent only after the platform accepted it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.db import is_postgres, retrying
from storage.models import Outbox

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BACKOFF_START = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)


@dataclass(frozen=True)
class Claimed:
    """A claimed row, detached from any session. `attempts` is the claim's version."""

    id: int
    kind: str
    person_id: int | None
    ref_id: int | None
    due_at: datetime
    attempts: int
    worker: str
    dedupe_key: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


def new_row(
    kind: str,
    person_id: int | None,
    due_at: datetime,
    ref_id: int | None = None,
    payload: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> Outbox:
    """An Outbox row to add in the caller's own transaction (with the work it belongs to)."""
    return Outbox(
        kind=kind,
        person_id=person_id,
        ref_id=ref_id,
        due_at=due_at,
        payload=json.dumps(payload) if payload else None,
        dedupe_key=dedupe_key,
    )


@retrying
def enqueue(
    engine: Engine,
    kind: str,
    person_id: int | None,
    due_at: datetime,
    ref_id: int | None = None,
    payload: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> int | None:
    """Insert one row; None when a row with the same dedupe key already exists."""
    with Session(engine) as s:
        if (
            dedupe_key
            and s.execute(select(Outbox.id).where(Outbox.dedupe_key == dedupe_key)).first()
        ):
            return None
        row = new_row(kind, person_id, due_at, ref_id, payload, dedupe_key)
        s.add(row)
        try:
            s.commit()
        except IntegrityError:  # a concurrent insert with the same key won
            s.rollback()
            return None
        return row.id


def _claimable(now: datetime, timeout: timedelta) -> Any:
    return or_(
        and_(Outbox.status == "due", Outbox.due_at <= now),
        and_(Outbox.status == "claimed", Outbox.claimed_at < now - timeout),  # a dead worker's
    )


@retrying
def claim_due(
    engine: Engine, worker: str, now: datetime, limit: int = 20, timeout: timedelta = CLAIM_TIMEOUT
) -> list[Claimed]:
    """Claim up to `limit` rows due at `now` (and expired claims) for `worker`."""
    claim = {
        "status": "claimed",
        "claimed_by": worker[:64],
        "claimed_at": now,
        "attempts": Outbox.attempts + 1,
    }
    if is_postgres(engine):
        with Session(engine) as s:
            ids = list(
                s.execute(
                    select(Outbox.id)
                    .where(_claimable(now, timeout))
                    .order_by(Outbox.due_at, Outbox.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                ).scalars()
            )
            if ids:
                s.execute(update(Outbox).where(Outbox.id.in_(ids)).values(**claim))
            s.commit()
    else:
        ids = []
        for _ in range(10):  # lost every candidate to other workers: look again
            with Session(engine) as s:
                seen = s.execute(
                    select(Outbox.id, Outbox.attempts)
                    .where(_claimable(now, timeout))
                    .order_by(Outbox.due_at, Outbox.id)
                    .limit(limit)
                ).all()
            for row_id, attempts in seen:  # one short write each: whoever updates first wins
                with engine.begin() as conn:
                    won = conn.execute(
                        update(Outbox)
                        .where(
                            Outbox.id == row_id,
                            Outbox.attempts == attempts,
                            _claimable(now, timeout),
                        )
                        .values(**claim)
                    ).rowcount
                if won == 1:
                    ids.append(row_id)
            if ids or not seen:
                break
    if not ids:
        return []
    with Session(engine) as s:
        rows = (
            s.execute(
                select(Outbox)
                .where(Outbox.id.in_(ids), Outbox.claimed_by == worker[:64])
                .order_by(Outbox.due_at, Outbox.id)
            )
            .scalars()
            .all()
        )
        return [_detach(r, worker[:64]) for r in rows]


def _detach(r: Outbox, worker: str) -> Claimed:
    return Claimed(
        id=r.id,
        kind=r.kind,
        person_id=r.person_id,
        ref_id=r.ref_id,  # type: ignore[arg-type]
        due_at=r.due_at,
        attempts=r.attempts,
        worker=worker,
        dedupe_key=r.dedupe_key,
        payload=json.loads(r.payload) if r.payload else {},
    )


def _mine(row: Claimed) -> Any:
    return and_(
        Outbox.id == row.id,
        Outbox.status == "claimed",
        Outbox.claimed_by == row.worker,
        Outbox.attempts == row.attempts,
    )


@retrying
def mark_sent(
    engine: Engine, row: Claimed, now: datetime, then: Callable[[Session], None] | None = None
) -> bool:
    """The platform accepted it: mark sent, and run `then` (state updates) in the same
    transaction. False when the claim was lost meanwhile (nothing is changed then)."""
    with Session(engine) as s:
        done = s.execute(
            update(Outbox).where(_mine(row)).values(status="sent", sent_at=now, last_error=None)
        ).rowcount
        if done != 1:
            s.rollback()
            return False
        if then is not None:
            then(s)
        s.commit()
        return True


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """1, 2, 4 … minutes, capped; never sooner than the platform asked (429 Retry-After)."""
    wait = min(BACKOFF_START * (2 ** max(0, attempts - 1)), BACKOFF_CAP)
    if retry_after:
        wait = max(wait, timedelta(seconds=retry_after))
    return wait


@retrying
def retry_later(
    engine: Engine, row: Claimed, now: datetime, error: str, retry_after: float | None = None
) -> str:
    """Not accepted, but trying again may help: due again after a backoff, or failed for good
    once MAX_ATTEMPTS is reached. Returns the new status."""
    status = "failed" if row.attempts >= MAX_ATTEMPTS else "due"
    _settle(
        engine,
        row,
        status=status,
        due_at=now + backoff(row.attempts, retry_after),
        last_error=error[:500],
        claimed_by=None,
    )
    return status


@retrying
def fail(engine: Engine, row: Claimed, error: str) -> bool:
    """Not accepted and retrying cannot help (the conversation is gone): kept, marked failed."""
    return _settle(engine, row, status="failed", last_error=error[:500])


@retrying
def defer(engine: Engine, row: Claimed, until: datetime) -> bool:
    """Not yet (quiet hours, weekend, waiting for an answer): due again later, no attempt used."""
    return _settle(
        engine, row, status="due", due_at=until, attempts=row.attempts - 1, claimed_by=None
    )


@retrying
def cancel(engine: Engine, row: Claimed, why: str) -> bool:
    """No longer needed (answered meanwhile, person gone): kept for the record, never sent."""
    return _settle(engine, row, status="cancelled", last_error=why[:500])


def _settle(engine: Engine, row: Claimed, **values: Any) -> bool:
    with engine.begin() as conn:
        won = conn.execute(update(Outbox).where(_mine(row)).values(**values)).rowcount == 1
    if not won:
        log.warning("outbox row %s: claim by %s was lost before settling", row.id, row.worker)
    return won
