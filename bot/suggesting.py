"""From an understood trip to a recorded suggestion and the nudge that shows it."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from bot.messages import Choice, Reply
from bot.nudging import may_nudge, trip_key
from bot.people import suggested_to_same_human
from bot.places import Place, resolve_place
from bot.savings import Estimate, estimate
from bot.texts import savings_facts
from bot.turn import Turn
from bot.understanding import Trip
from storage.models import Suggestion

MONTHS = {
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
RE_ESTIMATE_WITHIN = timedelta(days=2)  # an older nudge without figures is left as it was
ESTIMATE_FIELDS = ("destination", "origin", "mode", "mode_assumed", "km", "hours", "sek", "kwh",
                   "kg_co2", "factor_set")


def local_trip_time(when: date | datetime | None, turn: Turn) -> tuple[datetime | None, bool]:
    """The trip's time as aware UTC, and whether a time of day was given (else local noon)."""
    if when is None:
        return None, False
    if isinstance(when, datetime):
        local = when if when.tzinfo else when.replace(tzinfo=turn.tz)
        return local.astimezone(turn.now.tzinfo), True
    return datetime.combine(when, time(12), tzinfo=turn.tz).astimezone(turn.now.tzinfo), False


def when_phrase(sug: Suggestion, turn: Turn) -> str:
    if sug.trip_date is None:
        return ""
    local = sug.trip_date.astimezone(turn.tz)
    month = MONTHS[turn.lang][local.month - 1]
    day = f" den {local.day} {month}" if turn.lang == "sv" else f" on {local.day} {month}"
    if sug.has_time:
        day += f" kl {local:%H:%M}" if turn.lang == "sv" else f" at {local:%H:%M}"
    return day


def trip_phrase(sug: Suggestion, turn: Turn) -> str:
    """'resan till Falun den 3 december' / 'the in-person meeting in Mora on 3 December'."""
    key = "trip.meeting" if sug.kind == "meeting" else "trip.travel"
    return turn.t(key, dest=sug.destination or "?", when=when_phrase(sug, turn))


def nudge_reply(sug: Suggestion, turn: Turn) -> Reply:
    dest = sug.destination or "?"
    key = "nudge.meeting" if sug.kind == "meeting" else "nudge.travel"
    text = turn.t(key, dest=dest, when=when_phrase(sug, turn))
    if sug.factor_set:
        text += " " + turn.t("nudge.saves")
    reply = Reply(
        text=text,
        about=sug.id,
        kind="nudge",
        choices=[
            Choice("accept", turn.t("choice.accept"), style="primary"),
            Choice("travel", turn.t("choice.travel")),
            Choice("not_trip", turn.t("choice.not_trip")),
        ],
    )
    if sug.factor_set:
        reply.facts = savings_facts(sug, turn.lang)
        n = sug.participants
        travellers = turn.t("travellers.one") if n == 1 else turn.t("travellers.many", n=n)
        reply.note = turn.t("nudge.assumed_mode", mode=turn.t(f"mode.{sug.mode}"), travellers=travellers)
    else:
        reply.note = turn.t("nudge.no_origin")
    if sug.recurring:
        reply.text += "\n" + turn.t("nudge.recurring")
    return reply


def fill_estimate(
    sug: Suggestion, origin: Place | None, dest: Place, mode: str | None, turn: Turn
) -> None:
    sug.destination = dest.name
    if origin is None:
        return
    est = estimate(origin, dest, mode, sug.participants, turn.config.savings_overrides)
    apply_estimate(sug, est, origin.name)


def apply_estimate(sug: Suggestion, est: Estimate, origin: str) -> None:
    """Copy an estimate's figures onto a suggestion (`origin` names where the trip starts)."""
    sug.origin = origin[:128]
    sug.mode, sug.mode_assumed = est.mode, est.mode_assumed
    sug.km, sug.hours, sug.sek, sug.kwh, sug.kg_co2 = (
        est.km,
        est.hours,
        est.sek,
        est.kwh,
        est.kg_co2,
    )
    sug.factor_set = est.factor_set


def new_suggestion(turn: Turn, *, source: str, kind: str | None, when: date | datetime | None,
                   mode: str | None, participants: int, recurring: bool) -> Suggestion:
    """A suggestion for this person's trip, not yet estimated or saved (chat and other sources)."""
    trip_date, has_time = local_trip_time(when, turn)
    return Suggestion(
        person_id=turn.person.id, unit=turn.person.unit, created_at=turn.now, source=source,
        kind=kind, trip_date=trip_date, has_time=has_time, mode=mode, mode_assumed=mode is None,
        participants=max(1, participants), recurring=recurring,
    )


def suggest(trip: Trip, turn: Turn) -> list[Reply]:
    """Record a suggestion for a trip worth nudging and return the nudge (or a question)."""
    if may_nudge(turn) is not None:
        return []
    sug = new_suggestion(turn, source="chat", kind=trip.kind, when=trip.when, mode=trip.mode,
                         participants=trip.participants or 1, recurring=trip.recurring)
    if trip.destination is None:
        return ask_where(sug, trip.destination_mention, turn)
    fill_estimate(sug, trip.origin or turn.home, trip.destination, trip.mode, turn)
    sug.trip_key = trip_key(trip.destination.name, trip.when, turn.local_now.date())
    # One trip, one nudge: also when it reached this person on their other platform account.
    known = suggested_to_same_human(turn.repo, turn.person, sug.trip_key)
    saved = None if known else turn.repo.add_suggestion(sug)
    if saved is None:  # one trip, one nudge
        return [] if turn.inbound.in_channel else [Reply(turn.t("nudge.duplicate"), kind="info")]
    reply = nudge_reply(saved, turn)
    if trip.date_unreadable:
        reply.text += "\n" + turn.t("nudge.date_unreadable")
    return [reply]


def ask_where(sug: Suggestion, mention: str | None, turn: Turn) -> list[Reply]:
    sug.status = "draft"
    saved = turn.repo.add_suggestion(sug)
    if saved is None:
        return []
    turn.repo.update_person(turn.person.id, pending=f"where:{saved.id}")  # type: ignore[arg-type]
    extra = turn.t("ask.where.unknown", mention=mention) if mention else ""
    # Answers are only read in direct messages: in a channel the town would go unheard.
    key = "ask.where.dm" if turn.inbound.in_channel else "ask.where"
    return [Reply(turn.t(key, mention=extra), kind="ask_where", about=saved.id)]


def answer_where(draft: Suggestion, dest: Place, origin: Place | None, turn: Turn) -> list[Reply]:
    """The person told us where a drafted trip goes: estimate it and nudge."""
    fill_estimate(
        draft, origin or turn.home, dest, draft.mode if not draft.mode_assumed else None, turn
    )
    local_day = draft.trip_date.astimezone(turn.tz).date() if draft.trip_date else None
    key = trip_key(dest.name, local_day, turn.local_now.date())
    fields = {k: getattr(draft, k) for k in ESTIMATE_FIELDS}
    sug = turn.repo.update_suggestion(
        draft.id,
        log_as="suggested",
        status="open",
        trip_key=key,  # type: ignore[arg-type]
        **fields,
    )
    if sug is None:  # the same trip was already suggested: one trip, one nudge
        turn.repo.update_suggestion(draft.id, status="dropped")  # type: ignore[arg-type]
        return []
    return [nudge_reply(sug, turn)]


def estimate_now_home_is_known(home: Place, turn: Turn) -> list[Reply]:
    """The person's latest nudge went out without figures because their home was not known:
    estimate it from the home they just gave and show the nudge again, now with figures."""
    sug = turn.repo.latest_open_without_estimate(turn.person.id, since=turn.now - RE_ESTIMATE_WITHIN)  # type: ignore[arg-type]
    if sug is None or not sug.destination:
        return []
    dest = resolve_place(sug.destination) or turn.config.sites.get(sug.destination.casefold())
    if dest is None:
        return []
    fill_estimate(sug, home, dest, None if sug.mode_assumed else sug.mode, turn)
    updated = turn.repo.update_suggestion(sug.id, **{k: getattr(sug, k) for k in ESTIMATE_FIELDS})  # type: ignore[arg-type]
    return [nudge_reply(updated, turn)] if updated is not None and updated.factor_set else []


def meeting_link(template: str, suggestion_id: int) -> str:
    token = hashlib.sha256(f"resfri:{suggestion_id}".encode()).hexdigest()[:8]
    return template.replace("{id}", f"resfri-{suggestion_id}-{token}")
