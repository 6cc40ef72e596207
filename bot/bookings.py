"""Calendar events and travel bookings, judged like chat: the same suggestion and nudge, one per trip.

Adapters (Graph, iCalendar, the travel hook) translate their payloads into `CalendarEvent` or
`Booking`; the decisions live here. Trips that actually happen are counted as `TripRecord`s, which
is what reporting compares against the baseline. No text is stored: subjects and descriptions are
read to decide, then dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot import texts
from bot.messages import Inbound, Reply
from bot.nudging import may_nudge, trip_key
from bot.people import people_by_email, people_by_emails, suggested_to_same_human
from bot.places import Place, distance_km, resolve_place
from bot.savings import Estimate, estimate, sum_estimates
from bot.suggesting import (
    apply_estimate,
    fill_estimate,
    local_trip_time,
    new_suggestion,
    nudge_reply,
)
from bot.texts import DEFAULT_LANG, lang_of
from bot.turn import CoreConfig, Turn
from bot.understanding import Context, understand
from storage.db import retrying
from storage.models import Person, Suggestion, TripRecord
from storage.repository import Repository

log = logging.getLogger(__name__)

MIN_KM_ELSEWHERE = 10.0  # closer than this is the same town: nothing to save
BOOKING_LEAD = timedelta(days=1)  # a booking nearer than this is too late to nudge
MODES = {
    "car": "car",
    "bil": "car",
    "train": "train",
    "rail": "train",
    "tåg": "train",
    "bus": "bus",
    "buss": "bus",
    "coach": "bus",
    "plane": "plane",
    "flight": "plane",
    "air": "plane",
    "flyg": "plane",
}
# Join links and phrases that mark an online meeting (Teams, Zoom, Meet, Webex, ...).
ONLINE = re.compile(
    r"teams\.microsoft\.com/l/meetup-join|teams\.live\.com/meet|\bzoom\.us/[jwm]|"
    r"meet\.google\.com/|\.webex\.com/|whereby\.com/|meet\.jit\.si/|\bskype:|gotomeeting\.com/|"
    r"microsoft teams[- ](?:meeting|möte)|anslut till mötet|join (?:the )?(?:microsoft teams )?meeting|"
    r"\bwebbmöte\b|\bdigitalt möte\b|\bonline meeting\b",
    re.IGNORECASE,
)
ONLINE_PLACES = re.compile(
    r"^\s*(?:microsoft teams|teams|zoom|skype|webex|google meet|online|"
    r"distans|digitalt|webb(?:möte)?)\b",
    re.IGNORECASE,
)
CANCELLED = re.compile(r"^\s*(?:inställt|inställd|avbokat|avbokad|cancell?ed|canceled)\b", re.I)
POSTCODE = re.compile(r"\b\d{3}\s?\d{2}\b")

texts.add(
    {
        "source.calendar": {"sv": "Från din kalender:", "en": "From your calendar:"},
        "source.booking": {"sv": "Från din resebokning:", "en": "From your travel booking:"},
        "ics.not_calendar": {
            "sv": "Det där ser inte ut som en kalenderfil. Skicka en inbjudan i iCalendar-format (.ics) så tittar jag på den.",
            "en": "That doesn't look like a calendar file. Send an invitation in iCalendar format (.ics) and I'll look at it.",
        },
        "ics.too_big": {
            "sv": "Filen är för stor ({mb} MB). Jag läser kalenderfiler på högst {max} MB.",
            "en": "That file is too large ({mb} MB). I read calendar files of up to {max} MB.",
        },
        "ics.empty": {
            "sv": "Kalenderfilen innehåller inga möten.",
            "en": "The calendar file has no events in it.",
        },
        "ics.nothing": {
            "sv": "Jag läste {n} möte(n) men inget är ett kommande fysiskt möte på annan ort, så det finns inget att spara.",
            "en": "I read {n} event(s) but none is an upcoming in-person meeting in another town, so there is nothing to save.",
        },
        "ics.unreadable": {
            "sv": "Jag kunde inte hämta filen. Försök gärna skicka den igen.",
            "en": "I couldn't fetch that file. Please try sending it again.",
        },
        "calendar.from_homes": {
            "sv": "Räknat på resorna från {towns}.",
            "en": "Counted for the trips from {towns}.",
        },
        "calendar.uncounted": {
            "sv": "{n} av deltagarna kunde jag inte räkna med: jag vet inte var de utgår från.",
            "en": "{n} of the participants could not be counted: I don't know where they start from.",
        },
        "ics.known": {
            "sv": "Det mötet har jag redan föreslagit som webbmöte.",
            "en": "I have already suggested that one as a web meeting.",
        },
    }
)


@dataclass(frozen=True)
class CalendarEvent:
    """A calendar event as the adapters saw it; `subject` is read to decide, never stored."""

    reference: str
    start: datetime | date | None  # aware, or a date for all-day events
    location: str = ""
    city: str | None = None  # a structured address's town, when the calendar has one
    lat: float | None = None
    lon: float | None = None
    room: bool = False  # a booked conference room: in-house unless a town says otherwise
    online: bool = False
    cancelled: bool = False
    organiser_email: str | None = None
    subject: str = ""
    recurring: bool = False
    # The people invited, by e-mail: adapters leave out declined answers, rooms and equipment.
    attendees: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingTrip:
    """An in-person meeting someone must travel to: where, and the home of each traveller."""

    destination: Place
    homes: tuple[Place, ...]  # one per traveller: the organiser's first when they travel too
    uncounted: int = 0  # participants whose home office resfri doesn't know: not guessed at


@dataclass(frozen=True)
class Booking:
    """One booking from a travel system (or a row of an import)."""

    reference: str
    email: str | None
    destination: str
    depart: datetime | date
    origin: str | None = None
    return_date: date | None = None
    mode: str | None = None
    status: str = "booked"  # booked | cancelled


@dataclass
class BookingOutcome:
    trip: TripRecord | None
    person: Person | None = None
    replies: list[Reply] = field(default_factory=list)
    created: bool = False  # the first time this booking (in this status) was seen
    problem: str | None = None  # "destination": unknown place, counted without figures


# --- people ---------------------------------------------------------------------------------


def turn_for(repo: Repository, config: CoreConfig, person: Person, now: datetime) -> Turn:
    """A turn for a proactive nudge: nobody wrote, so no inbound text and no channel."""
    lang = person.lang or lang_of(person.locale) or DEFAULT_LANG
    inbound = Inbound(person.platform, person.user_id, team_id=person.team_id)
    return Turn(repo, config, person, lang, now, inbound)


# --- suggestions from explicit fields ---------------------------------------------------------


def suggest_fields(
    turn: Turn,
    *,
    kind: str,
    source: str,
    destination: Place,
    when: date | datetime | None,
    origin: Place | None = None,
    mode: str | None = None,
    participants: int = 1,
    recurring: bool = False,
    homes: tuple[Place, ...] = (),
    uncounted: int = 0,
) -> list[Reply]:
    """`suggesting.suggest` for a trip known by its fields rather than understood from text.
    With `homes` (one per traveller) the figures are summed over everyone's round trip."""
    if may_nudge(turn) is not None:
        return []
    when_utc, has_time = local_trip_time(when, turn)
    local_day = when_utc.astimezone(turn.tz).date() if when_utc else None
    key = trip_key(destination.name, local_day, turn.local_now.date())
    if recurring:  # one nudge for a series, not one per occurrence (or per attendee's copy)
        at = when_utc.astimezone(turn.tz).strftime("%H:%M") if when_utc and has_time else "day"
        key = f"{destination.name.casefold()}|series|{at}"
    if suggested_to_same_human(turn.repo, turn.person, key):
        return []
    sug = new_suggestion(turn, source=source, kind=kind, when=when, mode=mode,
                         participants=len(homes) or participants, recurring=recurring)
    sug.trip_key = key
    groups = _by_home(homes)
    parts = [
        estimate(home, destination, mode, n, turn.config.savings_overrides) for home, n in groups
    ]
    if parts:
        sug.destination = destination.name
        apply_estimate(sug, sum_estimates(parts), origin_label([h.name for h, _ in groups]))
    else:
        fill_estimate(sug, origin or turn.home, destination, mode, turn)
    saved = turn.repo.add_suggestion(sug)
    if saved is None:  # one trip, one nudge: chat or another source got there first
        return []
    reply = nudge_reply(saved, turn)
    reply.text = turn.t(f"source.{source}") + "\n" + reply.text
    if saved.participants > 1 or uncounted:
        reply.note = _group_note(reply.note, saved, groups, parts, uncounted, turn)
    return [reply]


def _by_home(homes: tuple[Place, ...]) -> list[tuple[Place, int]]:
    """Travellers from the same place as one group (the model lets them share cars), biggest
    group first; on ties the first seen (the organiser's) first."""
    groups: dict[tuple[str, float, float], tuple[Place, int]] = {}
    for home in homes:
        k = (home.name.casefold(), round(home.lat, 3), round(home.lon, 3))
        first, n = groups.get(k, (home, 0))
        groups[k] = (first, n + 1)
    return sorted(groups.values(), key=lambda g: -g[1])


def origin_label(names: list[str]) -> str:
    """Suggestion.origin for several starting places: "Mora", "Mora, Ludvika", "Mora, Ludvika +2".
    Reports group routes by it, so it stays short and in a steady order (biggest group first)."""
    names = list(dict.fromkeys(names))
    label = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
    return label if len(label) <= 128 else names[0][:120] + f" +{len(names) - 1}"


def _group_note(
    note: str | None,
    sug: Suggestion,
    groups: list[tuple[Place, int]],
    parts: list[Estimate],
    uncounted: int,
    turn: Turn,
) -> str:
    """The estimate's note for several travellers: every mode assumed, from where, and how many
    participants could not be counted."""
    modes = list(dict.fromkeys(p.mode for p in parts))
    if len(modes) > 1:  # "bil och tåg, 4 resenärer": each from their own distance
        words = and_list([turn.t(f"mode.{m}") for m in modes], turn.lang)
        many = turn.t("travellers.many", n=sug.participants)
        note = turn.t("nudge.assumed_mode", mode=words, travellers=many)
    lines = [note or ""]
    if sug.participants > 1:
        towns = [h.name if n == 1 else f"{h.name} ({n})" for h, n in groups]
        lines.append(turn.t("calendar.from_homes", towns=and_list(towns, turn.lang)))
    if uncounted:
        lines.append(turn.t("calendar.uncounted", n=uncounted))
    return " ".join(line for line in lines if line)


def and_list(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" och " if lang == "sv" else " and ") + items[-1]


# --- calendar events --------------------------------------------------------------------------


def looks_online(*texts_: str | None) -> bool:
    return any(t and ONLINE.search(t[:200_000]) for t in texts_)


def find_place(text: str, turn: Turn) -> Place | None:
    """A location line ("Kommunhuset, Storgatan 3, 792 30 Mora") to a place: sites, then towns."""
    text = POSTCODE.sub(" ", text or "").strip()
    if not text:
        return None
    parts = [p.strip(" .") for p in re.split(r"[,;\n]", text) if p.strip(" .")]
    for part in [text, *parts]:
        site = turn.config.sites.get(part.casefold())
        if site is not None:
            return site
    for part in reversed(parts):  # the town usually comes last
        words = [w for w in part.split() if not any(c.isdigit() for c in w)]
        place = resolve_place(" ".join(words), near=turn.home) if words else None
        if place is not None:
            return place
    return _understood_place(text, turn)


def _context(turn: Turn) -> Context:
    return Context(
        now=turn.local_now.replace(tzinfo=None),
        origin=turn.home,
        lang=turn.lang,
        tz=turn.tz.key,
        sites=turn.config.sites,
    )


def _must_be_in_person(subject: str, turn: Turn) -> bool:
    """Inspections, home and care visits can't be web meetings: understanding knows the words."""
    if not subject.strip():
        return False
    try:
        reasons = understand(subject[:300], _context(turn)).reasons
    except Exception:  # understanding must never break a booking source
        log.exception("understanding failed on a calendar subject")
        return False
    return any("in person" in r or r == "cancelled" for r in reasons)


def _understood_place(text: str, turn: Turn) -> Place | None:
    """Last resort: let understanding find the town in the words ("Mora kommunhus")."""
    try:
        return understand(f"möte i {text[:300]}", _context(turn)).destination
    except Exception:  # understanding must never break a booking source
        log.exception("understanding failed on a calendar location")
        return None


def meeting_place(event: CalendarEvent, turn: Turn) -> tuple[Place | None, Place | None, str]:
    """Where an in-person meeting takes place: (the town, the point to measure to, ""), or
    (None, None, why it is no trip to anyone)."""
    if event.cancelled:
        return None, None, "cancelled"
    if event.online or ONLINE_PLACES.match(event.location or "") or looks_online(event.location):
        return None, None, "online"
    if event.start is None:
        return None, None, "no start"
    start = (
        event.start
        if isinstance(event.start, datetime)
        else datetime.combine(event.start, datetime.max.time(), tzinfo=turn.tz)
    )
    if start < turn.now:
        return None, None, "past"
    if CANCELLED.match(event.subject or "") or _must_be_in_person(event.subject, turn):
        return None, None, "cancelled or a visit that must be made in person"
    if not (event.location or event.city or event.lat is not None):
        return None, None, "no location"
    if event.room and not event.city:  # a room booked in the organiser's own building
        home = turn.home if organises(event, turn.person) else None
        return (home, home, "") if home else (None, None, "in-house room")
    dest = find_place(event.city or "", turn) if event.city else None
    dest = dest or find_place(event.location, turn)
    if dest is None and event.lat is not None and event.lon is not None:
        name = (event.location or "").split(",")[0].strip()[
            :128
        ] or f"{event.lat:.3f},{event.lon:.3f}"
        dest = Place(name, event.lat, event.lon)
    if dest is None:
        return None, None, "unknown place"
    where = (
        Place(dest.name, event.lat, event.lon, dest.country)
        if event.lat is not None and event.lon is not None
        else dest
    )
    return dest, where, ""


def organises(event: CalendarEvent, person: Person) -> bool:
    """Whether the person judged is the organiser (an event naming nobody is their own). Only
    then do the attendees' trips count: an attendee's copy is about their own trip."""
    organiser = (event.organiser_email or "").strip().lower()
    return not organiser or organiser == (person.email or "").strip().lower()


def _travels(home: Place, where: Place) -> bool:
    return distance_km(home, where) >= MIN_KM_ELSEWHERE


def attendee_homes(
    repo: Repository, event: CalendarEvent, person: Person
) -> tuple[list[Place], int]:
    """The known home office of each attendee (not the organiser), and how many have none we
    know: people resfri doesn't know by that e-mail, or who never gave a home (never guessed)."""
    skip = {(person.email or "").strip().lower(), (event.organiser_email or "").strip().lower()}
    emails = [e for e in dict.fromkeys(a.strip().lower() for a in event.attendees) if e not in skip]
    known = people_by_emails(repo, emails)
    homes, unknown = [], 0
    for email in emails:
        home = next(
            (
                Place(p.home_name, p.home_lat, p.home_lon, p.home_country or "SE")
                for p in known.get(email, [])
                if p.home_name and p.home_lat is not None and p.home_lon is not None
            ),
            None,
        )
        if home is None:
            unknown += 1
        else:
            homes.append(home)
    return homes, unknown


def event_trip(event: CalendarEvent, turn: Turn) -> tuple[MeetingTrip | None, str]:
    """An in-person meeting the person judged or (when they organise it) the attendees must
    travel to, or None and why it is no trip."""
    dest, where, why = meeting_place(event, turn)
    if dest is None or where is None:
        return None, why
    home = turn.home
    homes = [home] if home is not None and _travels(home, where) else []
    uncounted = 0
    if organises(event, turn.person) and event.attendees:
        others, uncounted = attendee_homes(turn.repo, event, turn.person)
        homes += [h for h in others if _travels(h, where)]
        uncounted += int(home is None)  # nor can the organiser's own trip
    if not homes:
        why = "no home office" if home is None else "same town"
        return None, f"{why} ({uncounted} attendee(s) not counted)" if uncounted else why
    return MeetingTrip(dest, tuple(homes), uncounted), ""


def judge_event(
    repo: Repository, config: CoreConfig, person: Person, event: CalendarEvent, now: datetime
) -> list[Reply]:
    """A calendar event: a nudge when it is in person somewhere the organiser or, for their own
    meeting, the attendees must travel to; the figures summed over everyone who travels."""
    turn = turn_for(repo, config, person, now)
    trip, why = event_trip(event, turn)
    if trip is None:
        log.info("calendar event not nudged: %s", why)
        return []
    return suggest_fields(
        turn,
        kind="meeting",
        source="calendar",
        destination=trip.destination,
        when=_local(event.start, turn),
        recurring=event.recurring,
        homes=trip.homes,
        uncounted=trip.uncounted,
    )


def _local(when: datetime | date | None, turn: Turn) -> datetime | date | None:
    return when.astimezone(turn.tz) if isinstance(when, datetime) else when


# --- travel bookings --------------------------------------------------------------------------


def normal_mode(mode: str | None) -> str | None:
    return MODES.get((mode or "").strip().casefold()) if mode else None


def record_booking(
    repo: Repository,
    config: CoreConfig,
    booking: Booking,
    now: datetime,
    source: str = "booking",
    nudge: bool = True,
) -> BookingOutcome:
    """Count the trip (anonymously when nobody matches) and nudge the traveller if it is early
    enough. Seeing the same booking again changes only its status; it never nudges twice."""
    people = people_by_email(repo, booking.email)
    person = people[0] if people else None
    turn = turn_for(repo, config, person, now) if person else None
    home = turn.home if turn else config.default_origin
    near = home or config.default_origin
    dest = config.sites.get(booking.destination.casefold()) or resolve_place(
        booking.destination, near=near
    )
    problem = None
    if dest is None:  # still counted, by name, without figures: nothing recorded is lost
        problem, dest = "destination", Place(booking.destination.strip()[:128], 0.0, 0.0)
    origin = None
    if booking.origin:
        origin = config.sites.get(booking.origin.casefold()) or resolve_place(
            booking.origin, near=near
        )
    origin = origin or home
    mode = normal_mode(booking.mode)
    depart = booking.depart
    tz = turn.tz if turn else _zone(config)
    if isinstance(depart, datetime):
        depart_at = depart if depart.tzinfo else depart.replace(tzinfo=tz)
    else:  # a date: count it in the morning, local time
        depart_at = datetime.combine(depart, time(8), tzinfo=tz)
    trip = TripRecord(
        source=source,
        reference=booking.reference[:128],
        person_id=person.id if person else None,
        unit=person.unit if person else None,
        origin=origin.name if origin else None,
        destination=dest.name,
        depart_at=depart_at,
        mode=mode,
        status=booking.status,
    )
    if origin is not None and problem is None:
        est = estimate(origin, dest, mode, 1, config.savings_overrides)
        trip.mode = trip.mode or est.mode
        trip.km, trip.kg_co2, trip.sek = est.km, est.kg_co2, est.sek_travel
    saved, created = save_trip(repo, trip)
    outcome = BookingOutcome(saved, person, created=created, problem=problem)
    early = depart_at - now >= BOOKING_LEAD
    if nudge and created and problem is None and turn and booking.status == "booked" and early:
        outcome.replies = suggest_fields(
            turn,
            kind="travel",
            source="booking",
            destination=dest,
            when=_local(depart, turn),
            origin=origin,
            mode=mode,
        )
    return outcome


def _zone(config: CoreConfig):  # noqa: ANN202 - a ZoneInfo
    from bot.turn import zone

    return zone(None, config.timezone)


@retrying
def save_trip(repo: Repository, trip: TripRecord) -> tuple[TripRecord, bool]:
    """Insert, or update the status of the same (source, reference); True when something changed."""
    with repo.session() as s:
        stmt = select(TripRecord).where(
            TripRecord.source == trip.source, TripRecord.reference == trip.reference
        )
        existing = s.exec(stmt).first()
        if existing is None:
            s.add(trip)
            try:
                s.commit()
            except IntegrityError:  # the same booking arriving twice at once
                s.rollback()
                return s.exec(stmt).one(), False
            s.refresh(trip)
            return trip, True
        if existing.status == trip.status:
            return existing, False
        existing.status = trip.status
        s.add(existing)
        s.commit()
        s.refresh(existing)
        return existing, trip.status == "booked"  # re-booked after a cancellation
