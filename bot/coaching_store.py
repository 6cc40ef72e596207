"""Coaching's queries, over the core's tables through `Repository.session()`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from storage.db import retrying
from storage.models import CheckIn, CoachUnit, Outbox, Person, Setting, Suggestion, WebMeeting
from storage.repository import Repository

UNITS_KEY = "coaching.units"  # JSON list of units coaching is for; absent = everyone


def has_role(person: Person, role: str) -> bool:
    return role in (person.roles or "").split(",")


def with_role(roles: str, role: str) -> str:
    return ",".join(sorted({r for r in (roles or "").split(",") if r} | {role}))


# --- settings -----------------------------------------------------------------------------------


@retrying
def coaching_units(repo: Repository) -> list[str] | None:
    with repo.session() as s:
        row = s.get(Setting, UNITS_KEY)
    if row is None:
        return None
    try:
        units = json.loads(row.value)
    except ValueError:
        return None
    return [str(u) for u in units] if isinstance(units, list) and units else None


@retrying
def set_coaching_units(repo: Repository, units: list[str] | None, now: datetime) -> None:
    with repo.session() as s:
        row = s.get(Setting, UNITS_KEY)
        if units is None:
            if row is not None:
                s.delete(row)
        else:
            row = row or Setting(key=UNITS_KEY, value="[]")
            row.value, row.updated_at = json.dumps(units, ensure_ascii=False), now
            s.add(row)
        s.commit()


def enrolled(repo: Repository, person: Person) -> bool:
    units = coaching_units(repo)
    if units is None:
        return True
    return bool(person.unit) and person.unit.casefold() in {u.casefold() for u in units}


# --- people and coaches ---------------------------------------------------------------------------


@retrying
def find_person(repo: Repository, platform: str, team_id: str, user_id: str) -> Person | None:
    """Someone in the same platform and team (a Slack workspace, a Teams tenant), by user id."""
    with repo.session() as s:
        return s.exec(
            select(Person).where(
                Person.platform == platform, Person.team_id == team_id, Person.user_id == user_id
            )
        ).first()


@retrying
def effective_coach(repo: Repository, person: Person) -> Person | None:
    """The personal coach, or else the coach of the person's unit."""
    with repo.session() as s:
        if person.coach_id is not None:
            coach = s.get(Person, person.coach_id)
            if coach is not None:
                return coach
        if person.unit:
            cu = s.exec(
                select(CoachUnit).where(func.lower(CoachUnit.unit) == person.unit.casefold())
            ).first()
            if cu is not None and cu.coach_id != person.id:
                return s.get(Person, cu.coach_id)
    return None


@retrying
def assign(repo: Repository, coach: Person, person: Person) -> None:
    with repo.session() as s:
        s.execute(update(Person).where(Person.id == person.id).values(coach_id=coach.id))
        s.execute(
            update(Person)
            .where(Person.id == coach.id)
            .values(roles=with_role(coach.roles, "coach"))
        )
        s.commit()


@retrying
def assign_unit(repo: Repository, coach: Person, unit: str) -> int:
    """Make `coach` the unit's coach; returns how many people the unit has today."""
    with repo.session() as s:
        row = s.exec(select(CoachUnit).where(func.lower(CoachUnit.unit) == unit.casefold())).first()
        row = row or CoachUnit(coach_id=coach.id, unit=unit)  # type: ignore[arg-type]
        row.coach_id = coach.id  # type: ignore[assignment]
        s.add(row)
        s.execute(
            update(Person)
            .where(Person.id == coach.id)
            .values(roles=with_role(coach.roles, "coach"))
        )
        s.commit()
        return int(
            s.exec(
                select(func.count())
                .select_from(Person)
                .where(func.lower(Person.unit) == unit.casefold(), Person.id != coach.id)
            ).one()
        )


@retrying
def coachees(repo: Repository, coach: Person) -> list[Person]:
    """People coached by `coach`: personally, or through a unit when they have no own coach."""
    with repo.session() as s:
        units = [
            u.casefold()
            for u in s.exec(select(CoachUnit.unit).where(CoachUnit.coach_id == coach.id)).all()
        ]
        cond = Person.coach_id == coach.id
        if units:
            cond = or_(cond, (Person.coach_id.is_(None)) & func.lower(Person.unit).in_(units))  # type: ignore[union-attr]
        return list(
            s.exec(select(Person).where(cond, Person.id != coach.id).order_by(Person.id)).all()
        )


@retrying
def coaches(repo: Repository, platform: str, team_id: str) -> list[tuple[Person, list[str]]]:
    """Everyone who coaches in this team, with the units they cover."""
    with repo.session() as s:
        people = s.exec(
            select(Person)
            .where(Person.platform == platform, Person.team_id == team_id)
            .order_by(Person.id)
        ).all()
        unit_rows = s.exec(select(CoachUnit)).all()
        by_id = {p.id: p for p in people}
        coach_ids = (
            {p.coach_id for p in people if p.coach_id}
            | {p.id for p in people if has_role(p, "coach")}
            | {u.coach_id for u in unit_rows if u.coach_id in by_id}
        )
        return [
            (by_id[c], sorted(u.unit for u in unit_rows if u.coach_id == c))
            for c in sorted(i for i in coach_ids if i in by_id)
        ]


@retrying
def staff(repo: Repository, platform: str, team_id: str, admin_ids: Iterable[str]) -> list[Person]:
    """Admins (and, when there are none, coaches) of a team: whom to tell about a request."""
    admin_ids = set(admin_ids)
    with repo.session() as s:
        people = s.exec(
            select(Person)
            .where(Person.platform == platform, Person.team_id == team_id)
            .order_by(Person.id)
        ).all()
    admins = [p for p in people if p.user_id in admin_ids or has_role(p, "admin")]
    return admins or [p for p in people if has_role(p, "coach")]


# --- web meetings and check-ins ---------------------------------------------------------------------


@retrying
def checkins(repo: Repository, person_id: int) -> list[CheckIn]:
    with repo.session() as s:
        return list(
            s.exec(
                select(CheckIn)
                .where(CheckIn.person_id == person_id)
                .order_by(CheckIn.number, CheckIn.id)
            ).all()
        )


@retrying
def get_checkin(repo: Repository, checkin_id: int) -> CheckIn | None:
    with repo.session() as s:
        return s.get(CheckIn, checkin_id)


@retrying
def get_meeting(repo: Repository, meeting_id: int | None) -> WebMeeting | None:
    if meeting_id is None:
        return None
    with repo.session() as s:
        return s.get(WebMeeting, meeting_id)


@retrying
def first_meeting_at(repo: Repository, person_id: int) -> datetime | None:
    with repo.session() as s:
        return s.exec(
            select(func.min(WebMeeting.held_at)).where(WebMeeting.person_id == person_id)
        ).one()


@retrying
def undated_meeting(repo: Repository, person_id: int) -> tuple[WebMeeting, str | None] | None:
    """The newest accepted web meeting whose day was never known and that has not been asked
    about yet, with the destination it replaced: what "held" most likely refers to."""
    asked = select(CheckIn.meeting_id).where(
        CheckIn.person_id == person_id,
        CheckIn.meeting_id.is_not(None),  # type: ignore[union-attr]
    )
    with repo.session() as s:
        row = s.exec(
            select(WebMeeting, Suggestion.destination)
            .join(Suggestion, WebMeeting.suggestion_id == Suggestion.id)  # type: ignore[arg-type]
            .where(
                WebMeeting.person_id == person_id,
                Suggestion.trip_date.is_(None),  # type: ignore[union-attr]
                WebMeeting.id.not_in(asked),  # type: ignore[union-attr]
            )
            .order_by(WebMeeting.id.desc())  # type: ignore[union-attr]
        ).first()
    return (row[0], row[1]) if row else None


@retrying
def held_now(repo: Repository, meeting_id: int, now: datetime) -> WebMeeting | None:
    """The meeting took place now (its day was not known before)."""
    with repo.session() as s:
        meeting = s.get(WebMeeting, meeting_id)
        if meeting is None:
            return None
        meeting.held_at = now
        s.add(meeting)
        s.commit()
        s.refresh(meeting)
        return meeting


@retrying
def add_checkin(
    repo: Repository,
    person_id: int,
    meeting_id: int,
    number: int,
    rows: list[Outbox],
    asked_at: datetime | None = None,
) -> CheckIn | None:
    """A check-in for a meeting, and its outbox rows (ref_id filled in), in one transaction.
    None when the meeting already has one (the same acceptance seen twice)."""
    with repo.session() as s:
        if s.exec(select(CheckIn.id).where(CheckIn.meeting_id == meeting_id)).first():
            return None
        checkin = CheckIn(
            person_id=person_id, meeting_id=meeting_id, number=number, asked_at=asked_at
        )
        s.add(checkin)
        s.flush()
        for row in rows:
            row.ref_id = checkin.id
            row.dedupe_key = f"{row.kind}:{checkin.id}"
            s.add(row)
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
            return None
        return checkin


ANSWER_FIELDS = {
    "outcome": CheckIn.outcome,
    "difficulty": CheckIn.difficulty,
    "next_step": CheckIn.next_step,
}


@retrying
def answer(
    repo: Repository, checkin_id: int, person_id: int, field: str, value: str, now: datetime
) -> str:
    """Record one answer, once: 'ok', 'missing', 'not_yours', 'answered' or 'order'."""
    column = ANSWER_FIELDS[field]
    with repo.session() as s:
        checkin = s.get(CheckIn, checkin_id)
        if checkin is None:
            return "missing"
        if checkin.person_id != person_id:
            return "not_yours"
        guard = [CheckIn.id == checkin_id, CheckIn.person_id == person_id, column.is_(None)]  # type: ignore[union-attr]
        if field != "outcome":
            guard.append(CheckIn.outcome.is_not(None))  # type: ignore[union-attr]
        values: dict[str, object] = {field: value}
        if field == "outcome":
            values.update(answered_at=now, asked_at=checkin.asked_at or now)
        won = s.execute(update(CheckIn).where(*guard).values(**values)).rowcount
        if won != 1:
            s.rollback()
            return "order" if field != "outcome" and checkin.outcome is None else "answered"
        s.commit()
        return "ok"


def wells(items: Iterable[CheckIn]) -> int:
    return sum(1 for c in items if c.outcome == "well")


def coached_further(items: list[CheckIn], meetings: int, extra: int) -> bool:
    """Whether the next web meeting still gets a check-in: the first `meetings` always; then a
    few more (`extra`) for someone not yet over the threshold."""
    number = len(items) + 1
    return number <= meetings or (wells(items) < meetings and number <= meetings + extra)
