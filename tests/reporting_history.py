"""A year of realistic history for the reporting tests, built through the conversation core:
people in units write about trips, the core nudges, people accept, travel (with a reason), say
it was not a trip, or leave it open."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from adapters.app import App
from bot.messages import Inbound
from storage.models import CheckIn

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)  # a Monday, 09:00 in Stockholm
NOW = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)  # when the admin asks
ADMIN = "U_ADMIN"
# (unit, people): six units big enough to be named, two too small, and people without a unit
UNITS = [("Socialtjänsten", 45), ("Skolförvaltningen", 40), ("Samhällsbyggnad", 30),
         ("Vård och omsorg", 35), ("Kultur och fritid", 20), ("IT", 12), ("Ekonomi", 3),
         ("Räddningstjänsten", 2), (None, 13)]  # fmt: skip
TRIPS = [
    "Jag åker till {dest} på torsdag på ett möte",
    "Ska köra till {dest} på tisdag för möte med regionen",
    "I'm driving to {dest} on Wednesday for a meeting",
    "Vi har styrelsemöte i {dest} varje månad",
]
PLACES = ["Stockholm", "Uppsala", "Borlänge", "Mora", "Göteborg", "Karlstad", "Gävle", "Örebro"]
COACHES = ["U_COACH1", "U_COACH2"]


def people() -> list[tuple[str, str | None]]:
    out = []
    for unit, n in UNITS:
        out += [(f"U{len(out) + i:04d}", unit) for i in range(n)]
    return out


def build(app: App, seed: int = 11, per_person: int = 4) -> dict[str, int]:
    """Drive the core; returns what the conversation answered, for sanity checks."""
    rnd = random.Random(seed)
    seen = {"nudges": 0, "accepted": 0, "travel": 0, "not_trip": 0, "open": 0}
    conv = app.conversation
    for coach in COACHES:  # coaches exist as people so coaching rows can point at them
        conv.handle(Inbound("slack", coach, "T1", text="hjälp", locale="sv-SE"), START)
    for user, unit in people():
        for _k in range(per_person):
            when = START + timedelta(days=rnd.randrange(0, 370), hours=rnd.randrange(0, 8))
            text = rnd.choice(TRIPS).format(dest=rnd.choice(PLACES))
            replies = conv.handle(
                Inbound("slack", user, "T1", text=text, unit=unit, locale="sv-SE"), when
            )
            nudge = next((r for r in replies if r.kind == "nudge"), None)
            if nudge is None:
                continue
            seen["nudges"] += 1
            r = rnd.random()
            later = when + timedelta(minutes=5)
            if r < 0.4:
                conv.handle(Inbound("slack", user, "T1", choice="accept", suggestion_id=nudge.about,
                                    locale="sv-SE"), later)  # fmt: skip
                seen["accepted"] += 1
            elif r < 0.7:
                conv.handle(Inbound("slack", user, "T1", choice="travel", suggestion_id=nudge.about,
                                    locale="sv-SE"), later)  # fmt: skip
                if rnd.random() < 0.9:  # some never say why
                    reason = rnd.choice(["site_visit", "cannot_join", "technical", "other"])
                    conv.handle(Inbound("slack", user, "T1", choice="reason", value=reason,
                                        suggestion_id=nudge.about, locale="sv-SE"), later)  # fmt: skip
                seen["travel"] += 1
            elif r < 0.8:
                conv.handle(Inbound("slack", user, "T1", choice="not_trip",
                                    suggestion_id=nudge.about, locale="sv-SE"), later)  # fmt: skip
                seen["not_trip"] += 1
            else:
                seen["open"] += 1
    coach_and_checkins(app, rnd)
    return seen


def coach_and_checkins(app: App, rnd: random.Random) -> None:
    """Coaches for two units and answered check-ins, as the coaching work records them."""
    repo = app.repo
    coach_ids = [repo.person("slack", "T1", c).id for c in COACHES]
    with repo.session() as s:
        from sqlmodel import select

        from storage.models import Person, WebMeeting

        for person in s.exec(select(Person).where(Person.unit == "Socialtjänsten")).all():
            person.coach_id = coach_ids[0]
            s.add(person)
        for person in s.exec(select(Person).where(Person.unit == "Ekonomi")).all():
            person.coach_id = coach_ids[1]  # a coach with fewer than 5 people: folded
            s.add(person)
        s.commit()
        meetings = s.exec(select(WebMeeting).order_by(WebMeeting.id)).all()
        have = {c.meeting_id for c in s.exec(select(CheckIn)).all()}
        numbers: dict[int, int] = {}
        for m in meetings:
            numbers[m.person_id] = numbers.get(m.person_id, 0) + 1  # type: ignore[index]
            if m.id in have or numbers[m.person_id] > 3:  # type: ignore[index]
                continue
            s.add(CheckIn(person_id=m.person_id, meeting_id=m.id, number=numbers[m.person_id]))  # type: ignore[index]
        s.commit()
        for c in s.exec(select(CheckIn)).all():
            if rnd.random() < 0.7:
                c.outcome = rnd.choice(["well", "well", "well", "trouble", "failed"])
                c.answered_at = NOW - timedelta(days=rnd.randrange(1, 200))
                s.add(c)
        s.commit()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
