"""Coaching's commands: naming coaches, asking for one, listing them, reporting a web meeting,
choosing which units are coached, and the time zone check-ins use."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import coaching_store as store
from bot.coaching import on_web_meeting
from bot.coaching_plan import who
from bot.messages import Reply
from bot.places import resolve_place
from bot.savings import estimate
from bot.turn import Turn
from storage import outbox
from storage.models import Person, WebMeeting

# A mention as adapters pass it: <@ID> or <@ID|shown name> (Slack writes these, the Teams adapter
# turns its mentions into them); console and web: a plain id, with or without @.
MENTION = re.compile(r"^<@([A-Za-z0-9_.:-]+)(?:\|([^>]*))?>$|^@?([^\s<>@|]+)$")
TOKEN = re.compile(r"<@[^>]*>|\S+")  # a mention's name may hold spaces
UNIT_WORDS = ("unit", "enhet", "enheten", "avdelning", "forvaltning")
ALL_WORDS = ("alla", "all", "everyone", "allihop")
WEB_WORDS = (
    "webbmote",
    "webmote",
    "web meeting",
    "teamsmote",
    "teams meeting",
    "videomote",
    "video call",
    "videosamtal",
    "distansmote",
    "digitalt mote",
    "zoommote",
    "online meeting",
    "zoom meeting",
)


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()


def _lookup(turn: Turn, token: str) -> tuple[Person | None, str]:
    """The person a mention or id names, and how to name them if they are unknown."""
    m = MENTION.match(token.strip())
    if m is None:
        return None, token.strip()[:80]
    uid = m.group(1) or m.group(3)
    shown = (m.group(2) or "").strip() or token.strip()
    shown = shown[:80]
    inbound = turn.inbound
    return store.find_person(turn.repo, inbound.platform, inbound.team_id, uid), shown


# --- coach ---------------------------------------------------------------------------------------


def coach(turn: Turn, args: str) -> list[Reply]:
    """`coach` asks for a coach; `coach @coach @person` and `coach @coach unit <name>` name one."""
    words = TOKEN.findall(args)
    if not words:
        return request(turn)
    if not turn.is_admin:
        return [Reply(turn.t("coach.admin_only"), kind="error")]
    unit = len(words) >= 3 and fold(words[1]) in UNIT_WORDS
    if (len(words) != 2 and not unit) or (len(words) == 2 and fold(words[1]) in UNIT_WORDS):
        return [Reply(turn.t("coach.usage"), kind="error")]
    the_coach, shown = _lookup(turn, words[0])
    if the_coach is None:
        return [Reply(turn.t("coach.unknown", who=shown), kind="error")]
    if unit:
        name = " ".join(words[2:]).strip()[:128]
        n = store.assign_unit(turn.repo, the_coach, name)
        _notice(
            turn,
            the_coach,
            "coach.notice.unit",
            values={"unit": name},
            key=f"unit:{the_coach.id}:{fold(name)}",
        )
        return [Reply(turn.t("coach.unit_assigned", coach=who(the_coach), unit=name, n=n))]
    person, shown = _lookup(turn, words[1])
    if person is None:
        return [Reply(turn.t("coach.unknown", who=shown), kind="error")]
    if person.id == the_coach.id:
        return [Reply(turn.t("coach.self", who=who(person)), kind="error")]
    store.assign(turn.repo, the_coach, person)
    day = turn.local_now.date().isoformat()
    _notice(
        turn,
        the_coach,
        "coach.notice.assigned",
        people={"person": person.id},
        key=f"assigned:{the_coach.id}:{person.id}:{day}",
    )
    _notice(
        turn,
        person,
        "coach.notice.your_coach",
        people={"coach": the_coach.id},
        key=f"your_coach:{person.id}:{the_coach.id}:{day}",
    )
    return [Reply(turn.t("coach.assigned", coach=who(the_coach), person=who(person)))]


def request(turn: Turn) -> list[Reply]:
    person = turn.person
    current = store.effective_coach(turn.repo, person)
    if current is not None:
        return [Reply(turn.t("coach.request.have", coach=who(current)))]
    staff = [
        p
        for p in store.staff(turn.repo, person.platform, person.team_id, turn.config.admins)
        if p.id != person.id
    ]
    turn.repo.log("coach_requested", person.id, person.unit, at=turn.now)
    day = turn.local_now.date().isoformat()
    for other in staff:
        _notice(
            turn,
            other,
            "coach.notice.request",
            people={"person": person.id},
            values={"unit_suffix": f" ({person.unit})" if person.unit else ""},
            key=f"request:{person.id}:{other.id}:{day}",
        )
    return [Reply(turn.t("coach.request.sent" if staff else "coach.request.nobody"))]


def _notice(
    turn: Turn,
    to: Person,
    text_key: str,
    key: str,
    people: dict[str, int | None] | None = None,
    values: dict[str, str] | None = None,
) -> None:
    payload = {"key": text_key, "people": people or {}, "values": values or {}}
    outbox.enqueue(
        turn.repo.engine,
        "notice",
        to.id,
        turn.now,
        payload=payload,
        dedupe_key=f"notice:{key}"[:200],
    )


# --- coaches --------------------------------------------------------------------------------------


def coaches(turn: Turn, _args: str) -> list[Reply]:
    """Who coaches whom: for coaches and admins."""
    if not (turn.is_admin or store.has_role(turn.person, "coach")):
        return [Reply(turn.t("coach.list.only"), kind="error")]
    rows = store.coaches(turn.repo, turn.inbound.platform, turn.inbound.team_id)
    scope = _scope(turn)
    if not rows:
        return [Reply(turn.t("coach.list.none") + "\n" + scope, kind="info")]
    lines = [turn.t("coach.list")]
    for the_coach, units in rows:
        names = [who(p) for p in store.coachees(turn.repo, the_coach)]
        names += [turn.t("coach.list.unit", unit=u) for u in units]
        lines.append(
            turn.t(
                "coach.list.row",
                coach=who(the_coach),
                people=", ".join(names) or turn.t("coach.list.nobody"),
            )
        )
    return [Reply("\n".join([*lines, scope]), kind="info")]


def _scope(turn: Turn) -> str:
    units = store.coaching_units(turn.repo)
    return (
        turn.t("coach.list.scope.units", units=", ".join(units))
        if units
        else turn.t("coach.list.scope.all")
    )


def units(turn: Turn, args: str) -> list[Reply]:
    """`coaching units Finance, IT` or `coaching units all`: whom coaching is for (admins)."""
    if not turn.is_admin:
        return [Reply(turn.t("admin.only"), kind="error")]
    if not args.strip():
        return [Reply(_scope(turn) + "\n" + turn.t("coach.units.usage"), kind="info")]
    if fold(args) in ALL_WORDS:
        store.set_coaching_units(turn.repo, None, turn.now)
    else:
        chosen = [u.strip()[:128] for u in args.split(",") if u.strip()][:50]
        store.set_coaching_units(turn.repo, chosen, turn.now)
    return [Reply(_scope(turn), kind="info")]


# --- held: a web meeting the person reports themselves ------------------------------------------------


def held(turn: Turn, args: str) -> list[Reply]:
    """`höll [ort]`: I had a web meeting (instead of a trip to that place, if given)."""
    place_name = re.sub(r"^(i|in|till|to|med|with)\s+", "", args.strip(), flags=re.I).strip(" .!?")
    planned = store.undated_meeting(turn.repo, turn.person.id)  # type: ignore[arg-type]
    if planned is not None and (not place_name or fold(place_name) == fold(planned[1] or "")):
        # The accepted meeting whose day we never knew (its savings are counted already).
        meeting = store.held_now(turn.repo, planned[0].id, turn.now)  # type: ignore[arg-type]
        if meeting is not None:
            dest = turn.t("coach.held.dest", dest=planned[1]) if planned[1] else ""
            return [
                Reply(turn.t("coach.held", dest=dest), kind="decided"),
                *on_web_meeting(turn, meeting, held=True),
            ]
    meeting = WebMeeting(
        person_id=turn.person.id, unit=turn.person.unit, held_at=turn.now, source="reported"
    )
    replies: list[Reply] = []
    dest = ""
    if place_name:
        place = turn.config.sites.get(place_name.casefold()) or resolve_place(
            place_name, near=turn.home
        )
        if place is None:
            replies.append(Reply(turn.t("coach.held.unknown", place=place_name[:80]), kind="info"))
        else:
            dest = turn.t("coach.held.dest", dest=place.name)
            if turn.home is not None:
                est = estimate(turn.home, place, None, 1, turn.config.savings_overrides)
                meeting.km, meeting.hours, meeting.sek = est.km, est.hours, est.sek
                meeting.kwh, meeting.kg_co2 = est.kwh, est.kg_co2
    meeting = turn.repo.add_web_meeting(meeting)
    return [
        Reply(turn.t("coach.held", dest=dest), kind="decided"),
        *replies,
        *on_web_meeting(turn, meeting),
    ]


# "Jag hade ett webbmöte med Mellerud", "I had a Teams meeting instead of driving to Borås".
_WEB = (
    r"(?:webb?|teams|zoom|video|distans|online|digitalt |web |teams |zoom |video |online |remote )"
    r"(?:möte|meeting|call|samtal)"
)
REPORT = re.compile(
    rf"^(?:jag|vi|i|we)\s+(?:hade|har haft|höll|har hållit|had|held|have had|just had)\s+"
    rf"(?:ett\s+|en\s+|a\s+|an\s+|our\s+|vårt\s+)?{_WEB}\b(?P<rest>.*)$",
    re.I,
)
# A place in the rest: a capitalised name after till/to/med/with/i/in (not "i morse", "med regionen").
REPORT_PLACE = re.compile(r"\b(?:till|to|med|with|i|in)\s+([A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)?)")


def reported(turn: Turn, text: str) -> list[Reply] | None:
    """A web meeting told about in a sentence, read as `höll [ort]`; None if it isn't one."""
    m = REPORT.match(text.strip())
    if m is None:
        return None
    places = REPORT_PLACE.findall(m.group("rest"))
    return held(turn, places[-1] if places else "")


def had_a(turn: Turn, args: str) -> list[Reply]:
    """ "jag hade ett webbmöte" / "I had a web meeting": the words after "jag hade ett"."""
    folded = fold(args)
    if any(folded.startswith(w) for w in WEB_WORDS):
        return held(turn, "")
    return [Reply(turn.t("coach.held.what"), kind="info")]


# --- time zone -------------------------------------------------------------------------------------


def timezone(turn: Turn, args: str) -> list[Reply]:
    name = args.strip()
    if not name:
        return [Reply(turn.t("coach.tz.show", tz=turn.tz.key), kind="info")]
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return [Reply(turn.t("coach.tz.bad", tz=name[:64]), kind="error")]
    turn.repo.update_person(turn.person.id, timezone=name)  # type: ignore[arg-type]
    return [Reply(turn.t("coach.tz.set", tz=name), kind="info")]


COMMANDS: dict[str, Callable[[Turn, str], list[Reply]]] = {
    "coach": coach,
    "coacha": coach,
    "coaches": coaches,
    "coacher": coaches,
    "coachning": coaches,
    "coaching": coaches,
    "coachning enheter": units,
    "coaching units": units,
    "held": held,
    "holl": held,
    "jag hade ett": had_a,
    "i had a": had_a,
    "timezone": timezone,
    "tidszon": timezone,
    "tz": timezone,
}
