"""Data access for the core. One short session per call; transient failures are retried."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.db import retrying
from storage.models import (
    CheckIn,
    CoachUnit,
    EventLog,
    Outbox,
    Person,
    ProcessedEvent,
    Suggestion,
    WebMeeting,
    utcnow,
)


@dataclass(frozen=True)
class Totals:
    meetings: int = 0
    km: float = 0.0
    hours: float = 0.0
    sek: float = 0.0
    kwh: float = 0.0
    kg_co2: float = 0.0


def _fits(model: type, column: str, value: Any) -> bool:
    """Whether a string fits its column (PostgreSQL refuses what SQLite would quietly keep)."""
    length = getattr(model.__table__.c[column].type, "length", None)  # type: ignore[attr-defined]
    return not (isinstance(value, str) and length is not None and len(value) > length)


class Repository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    # --- people ---------------------------------------------------------------------------

    @retrying
    def known(self, platform: str, team_id: str, user_id: str) -> bool:
        with self.session() as s:
            stmt = select(Person.id).where(
                Person.platform == platform, Person.team_id == team_id, Person.user_id == user_id
            )
            return s.exec(stmt).first() is not None

    @retrying
    def person(self, platform: str, team_id: str, user_id: str, **profile: Any) -> Person:
        """Get or create the person, refreshing what the platform told us about them."""
        with self.session() as s:
            stmt = select(Person).where(
                Person.platform == platform, Person.team_id == team_id, Person.user_id == user_id
            )
            person = s.exec(stmt).first()
            if person is None:
                person = Person(platform=platform, team_id=team_id, user_id=user_id)
                s.add(person)
                try:
                    s.flush()
                except IntegrityError:  # created by a concurrent request
                    s.rollback()
                    person = s.exec(stmt).one()
            changed = False
            for key, value in profile.items():
                if value is not None and not _fits(Person, key, value):
                    continue  # junk from a platform (a 5 KB "time zone"): keep what we had
                if value is not None and getattr(person, key) != value:
                    setattr(person, key, value)
                    changed = True
            if changed or person.id is None or s.is_modified(person):
                s.add(person)
            s.commit()
            s.refresh(person)
            return person

    @retrying
    def get_person(self, person_id: int) -> Person | None:
        with self.session() as s:
            return s.get(Person, person_id)

    @retrying
    def update_person(self, person_id: int, **fields: Any) -> Person | None:
        with self.session() as s:
            person = s.get(Person, person_id)
            if person is None:
                return None
            for key, value in fields.items():
                setattr(person, key, value)
            s.add(person)
            s.commit()
            s.refresh(person)
            return person

    @retrying
    def forget(self, person_id: int) -> None:
        """Erase a person and what is tied to them; reports keep anonymous figures only."""
        with self.session() as s:
            s.execute(delete(Outbox).where(Outbox.person_id == person_id))
            s.execute(delete(CheckIn).where(CheckIn.person_id == person_id))
            s.execute(
                update(Suggestion)
                .where(Suggestion.person_id == person_id)
                .values(person_id=None, origin=None, destination=None, trip_date=None,
                        trip_key=None, message_ref=None)
            )
            s.execute(update(WebMeeting).where(WebMeeting.person_id == person_id).values(person_id=None))
            s.execute(update(EventLog).where(EventLog.person_id == person_id).values(person_id=None))
            s.execute(update(Person).where(Person.coach_id == person_id).values(coach_id=None))
            s.execute(delete(CoachUnit).where(CoachUnit.coach_id == person_id))  # units keep going
            s.execute(delete(Person).where(Person.id == person_id))
            s.commit()

    # --- suggestions ----------------------------------------------------------------------

    @retrying
    def add_suggestion(self, suggestion: Suggestion) -> Suggestion | None:
        """Insert; None when this person already has a suggestion for the same trip."""
        with self.session() as s:
            s.add(suggestion)
            try:
                s.flush()
            except IntegrityError:
                s.rollback()
                return None
            self._log(s, "suggested" if suggestion.status == "open" else "draft", suggestion)
            s.commit()
            s.refresh(suggestion)
            return suggestion

    @retrying
    def get_suggestion(self, suggestion_id: int) -> Suggestion | None:
        with self.session() as s:
            return s.get(Suggestion, suggestion_id)

    @retrying
    def update_suggestion(self, suggestion_id: int, log_as: str | None = None,
                          **fields: Any) -> Suggestion | None:
        """Update fields; None when it is gone or would duplicate another suggestion's trip."""
        with self.session() as s:
            sug = s.get(Suggestion, suggestion_id)
            if sug is None:
                return None
            for key, value in fields.items():
                setattr(sug, key, value)
            s.add(sug)
            try:
                s.flush()
            except IntegrityError:
                s.rollback()
                return None
            if log_as:
                self._log(s, log_as, sug)
            s.commit()
            s.refresh(sug)
            return sug

    @retrying
    def decide(self, suggestion_id: int, person_id: int, status: str, now: datetime,
               from_status: str = "open", reason: str | None = None,
               log_as: str | None = None) -> bool:
        """Move a suggestion from `from_status` to `status`; False if someone already decided.
        Staying in the same status (a reason added to "travel") happens once: the first reason."""
        with self.session() as s:
            stmt = update(Suggestion).where(
                Suggestion.id == suggestion_id, Suggestion.person_id == person_id,
                Suggestion.status == from_status)
            if from_status == status:
                stmt = stmt.where(Suggestion.reason.is_(None))  # type: ignore[union-attr]
            result = s.execute(stmt.values(status=status, decided_at=now, reason=reason))
            if result.rowcount != 1:
                s.rollback()
                return False
            sug = s.get(Suggestion, suggestion_id)
            self._log(s, log_as or ("declined" if status == "travel" else status), sug, at=now,
                      extra={"reason": reason} if reason else None)
            s.commit()
            return True

    @retrying
    def nudges_since(self, person_id: int, since: datetime) -> int:
        with self.session() as s:
            stmt = select(func.count()).select_from(Suggestion).where(
                Suggestion.person_id == person_id, Suggestion.created_at >= since,
                Suggestion.status != "draft",
            )
            return int(s.exec(stmt).one())

    @retrying
    def latest_open_without_estimate(self, person_id: int, since: datetime) -> Suggestion | None:
        """The person's newest undecided suggestion that could not be estimated (no home yet)."""
        with self.session() as s:
            stmt = (select(Suggestion)
                    .where(Suggestion.person_id == person_id, Suggestion.status == "open",
                           Suggestion.factor_set == "", Suggestion.created_at >= since)
                    .order_by(Suggestion.id.desc()))
            return s.exec(stmt).first()

    @retrying
    def draft_for(self, person_id: int) -> Suggestion | None:
        with self.session() as s:
            stmt = (select(Suggestion)
                    .where(Suggestion.person_id == person_id, Suggestion.status == "draft")
                    .order_by(Suggestion.id.desc()))
            return s.exec(stmt).first()

    # --- web meetings ---------------------------------------------------------------------

    @retrying
    def add_web_meeting(self, meeting: WebMeeting) -> WebMeeting:
        with self.session() as s:
            s.add(meeting)
            s.flush()
            s.add(EventLog(at=utcnow(), type="web_meeting", person_id=meeting.person_id,
                           unit=meeting.unit, suggestion_id=meeting.suggestion_id,
                           data=json.dumps({"meeting_id": meeting.id, "source": meeting.source})))
            s.commit()
            s.refresh(meeting)
            return meeting

    @retrying
    def totals(self, person_id: int) -> Totals:
        with self.session() as s:
            row = s.exec(
                select(func.count(), func.sum(WebMeeting.km), func.sum(WebMeeting.hours),
                       func.sum(WebMeeting.sek), func.sum(WebMeeting.kwh), func.sum(WebMeeting.kg_co2))
                .where(WebMeeting.person_id == person_id)
            ).one()
            return Totals(int(row[0]), *(float(v or 0) for v in row[1:]))

    # --- deliveries -----------------------------------------------------------------------

    @retrying
    def first_delivery(self, key: str) -> bool:
        """True the first time a platform delivery key is seen (a unique insert, race-safe)."""
        with self.session() as s:
            s.add(ProcessedEvent(key=key[:200]))
            try:
                s.commit()
                return True
            except IntegrityError:
                s.rollback()
                return False

    @retrying
    def prune_deliveries(self, older_than: timedelta, now: datetime) -> int:
        with self.session() as s:
            result = s.execute(delete(ProcessedEvent).where(ProcessedEvent.at < now - older_than))
            s.commit()
            return int(result.rowcount or 0)

    # --- event log ------------------------------------------------------------------------

    def _log(self, s: Session, type_: str, sug: Suggestion | None, at: datetime | None = None,
             extra: dict[str, Any] | None = None) -> None:
        data: dict[str, Any] = {}
        if sug is not None:
            data = {"km": sug.km, "hours": sug.hours, "sek": sug.sek, "kwh": sug.kwh,
                    "kg_co2": sug.kg_co2, "mode": sug.mode, "source": sug.source}
        data.update(extra or {})
        s.add(EventLog(at=at or utcnow(), type=type_, person_id=sug.person_id if sug else None,
                       unit=sug.unit if sug else None, suggestion_id=sug.id if sug else None,
                       data=json.dumps(data)))

    @retrying
    def log(self, type_: str, person_id: int | None, unit: str | None = None,
            data: dict[str, Any] | None = None, at: datetime | None = None) -> None:
        with self.session() as s:
            s.add(EventLog(at=at or utcnow(), type=type_, person_id=person_id, unit=unit,
                           data=json.dumps(data or {})))
            s.commit()
