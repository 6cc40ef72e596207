"""Database work under contention: a transaction PostgreSQL undoes to break a deadlock (two
writers taking the same rows in opposite order) is done again, not lost."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlmodel import Session

from storage.db import retrying
from storage.models import Person


def test_a_transaction_undone_to_break_a_deadlock_is_done_again(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: no deadlocks")
    with Session(engine) as s:
        people = [Person(platform="web", team_id="", user_id=u) for u in ("A", "B")]
        s.add_all(people)
        s.commit()
        a, b = (p.id for p in people)
    both_hold_one = threading.Barrier(2, timeout=10)
    attempts: list[str] = []

    @retrying
    def rename(first: int, second: int, name: str) -> None:
        attempts.append(name)
        with Session(engine) as s:
            s.execute(text("UPDATE person SET name = :n WHERE id = :id"), {"n": name, "id": first})
            if attempts.count(name) == 1:
                both_hold_one.wait()  # the first time round: each holds the row the other wants
            s.execute(text("UPDATE person SET name = :n WHERE id = :id"), {"n": name, "id": second})
            s.commit()

    errors: list[BaseException] = []

    def run(first: int, second: int, name: str) -> None:
        try:
            rename(first, second, name)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=args) for args in ((a, b, "x"), (b, a, "y"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert len(attempts) == 3  # one of the two was undone by PostgreSQL and done again
    with Session(engine) as s:
        names = {s.get(Person, a).name, s.get(Person, b).name}
    assert len(names) == 1  # whichever ran last renamed both: no half-done transaction
