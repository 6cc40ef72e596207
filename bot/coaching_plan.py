"""When coaching speaks, and how it names people: time zones, polite times, mentions, language."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import coaching_texts  # noqa: F401 - registers the texts
from bot.messages import Choice, Reply
from bot.suggesting import MONTHS
from bot.texts import DEFAULT_LANG, lang_of, number, t
from bot.turn import CoreConfig, zone
from bot.workdays import add_working_days, country_of_zone, next_polite
from storage.models import CheckIn, Person, WebMeeting
from storage.repository import Totals

MEETINGS = 3  # check-ins after the first N web meetings; N that went well = over the threshold
EXTRA = 3  # a few more check-ins for someone not over the threshold after N
MEETING_LENGTH = timedelta(hours=1)  # a check-in comes once the meeting has surely ended
UNANSWERED_DAYS = 2  # working days before the coach hears about an unanswered check-in
TROUBLE_DELAY = timedelta(minutes=10)  # let the person finish answering before the coach hears
PREP_BEFORE = timedelta(hours=1)  # the chosen next step is shown again this long before
UNTIMED_END = 16  # a meeting with a day but no time: asked about at this hour, local time


def tz_of(person: Person, config: CoreConfig) -> ZoneInfo:
    return zone(person.timezone, config.timezone)


def country_of(person: Person) -> str:
    """Whose public holidays apply: the home town's country, else the time zone's (someone in
    Europe/Oslo gets Norway's), else Sweden's."""
    return (person.home_country or country_of_zone(person.timezone) or "SE").upper()


def lang_for(person: Person) -> str:
    return person.lang or lang_of(person.locale) or DEFAULT_LANG


def polite(person: Person, config: CoreConfig, when: datetime) -> datetime:
    """`when`, or the first later moment that is a working day outside quiet hours for them."""
    return next_polite(when, tz_of(person, config), country_of(person), config.quiet_hours)


def checkin_due(
    person: Person, config: CoreConfig, held_at: datetime, now: datetime, timed: bool = True
) -> datetime:
    """Once the meeting has surely ended: an hour after its start, or late in the working day
    when only its day is known; then the first polite moment."""
    if timed:
        ends = held_at + MEETING_LENGTH
    else:
        local = held_at.astimezone(tz_of(person, config))
        ends = local.replace(hour=UNTIMED_END, minute=0, second=0, microsecond=0)
    return polite(person, config, max(ends, now))


def prep_due(person: Person, config: CoreConfig, held_at: datetime, timed: bool) -> datetime:
    """When to show the chosen step again: an hour before, or that morning when only the day
    is known."""
    if timed:
        return held_at - PREP_BEFORE
    local = held_at.astimezone(tz_of(person, config))
    return polite(person, config, local.replace(hour=0, minute=0, second=0, microsecond=0))


def unanswered_due(person: Person, config: CoreConfig, asked_at: datetime) -> datetime:
    return add_working_days(asked_at, UNANSWERED_DAYS, tz_of(person, config), country_of(person))


def who(person: Person) -> str:
    """How to name someone in a message: the name the platform reports (Slack renders a mention
    as the name, and a coach can click it), else their e-mail, else the id they were named by."""
    if person.platform == "slack":
        return f"<@{person.user_id}>"
    return person.name or person.email or person.user_id


def day_phrase(lang: str, when: datetime | None, tz: ZoneInfo) -> str:
    if when is None:
        return ""
    local = when.astimezone(tz)
    return t(lang, "coach.checkin.when", day=local.day, month=MONTHS[lang][local.month - 1])


def checkin_reply(
    lang: str,
    checkin: CheckIn,
    meeting: WebMeeting | None,
    tz: ZoneInfo,
    intro: str = "",
    dest: str | None = None,
) -> Reply:
    """How did it go: the meeting named by its day and the trip it replaced, so someone with
    several web meetings knows which one is meant."""
    when = day_phrase(lang, meeting.held_at if meeting else None, tz)
    where = t(lang, "coach.checkin.dest", dest=dest) if dest else ""
    question = t(lang, "coach.checkin.ask", when=when, dest=where)
    return Reply(
        f"{intro}\n{question}" if intro else question,
        kind="checkin",
        about=checkin.id,
        choices=[
            Choice(  # one id each, so Slack shows three buttons (one tap), not a menu
                f"checkin_outcome.{o}",
                t(lang, f"coach.outcome.{o}"),
                value=o,
                style="primary" if o == "well" else None,
            )
            for o in coaching_texts.OUTCOMES
        ],
    )


def intro(lang: str, person: Person, coach: Person | None, config: CoreConfig) -> str:
    """What the first check-in says first: what coaching is, who the coach is, and a time zone
    the platform reported that does not exist."""
    lines = [t(lang, "coach.enrolled")]
    if coach is not None:
        lines.append(t(lang, "coach.your_coach", coach=who(coach)))
    used = tz_of(person, config)
    if person.timezone and used.key != person.timezone:
        lines.append(t(lang, "coach.tz.unknown", tz=person.timezone[:64], used=used.key))
    return " ".join(lines)


def savings_facts(lang: str, totals: Totals) -> list[tuple[str, str]]:
    return [
        (t(lang, "fact.distance"), t(lang, "unit.km", v=number(totals.km, lang))),
        (t(lang, "fact.hours"), t(lang, "unit.hours", v=number(totals.hours, lang, 1))),
        (t(lang, "fact.sek"), t(lang, "unit.sek", v=number(round(totals.sek, -1), lang))),
        (t(lang, "fact.kwh"), t(lang, "unit.kwh", v=number(totals.kwh, lang))),
        (t(lang, "fact.co2"), t(lang, "unit.co2", v=number(totals.kg_co2, lang, 1))),
    ]
