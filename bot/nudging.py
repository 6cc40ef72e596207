"""When to nudge: opt-out, pause, quiet hours for passive listening, a daily cap, one per trip.

One per trip is enforced by the database (a unique trip key per person); the rest is here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from bot.turn import Turn


def may_nudge(turn: Turn) -> str | None:
    """None when a nudge may be sent now, else the reason it may not (for logs and tests)."""
    person = turn.person
    if person.opted_out:
        return "opted out"
    if person.paused_until and person.paused_until > turn.now:
        return "paused"
    if turn.inbound.in_channel and in_quiet_hours(turn.local_now, turn.config.quiet_hours):
        return "quiet hours"
    midnight = datetime.combine(turn.local_now.date(), time(), tzinfo=turn.tz)
    if turn.repo.nudges_since(person.id, midnight) >= turn.config.daily_cap:  # type: ignore[arg-type]
        return "daily cap"
    return None


def in_quiet_hours(local: datetime, hours: tuple[int, int]) -> bool:
    start, end = hours
    h = local.hour
    return start <= h < end if start <= end else (h >= start or h < end)


def trip_key(destination: str, when: date | datetime | None, local_today: date) -> str:
    """Same person, destination and day = the same trip, whichever source reported it."""
    day = when.date() if isinstance(when, datetime) else when
    return f"{destination.casefold()}|{(day or local_today).isoformat()}"


def parse_pause(arg: str, local_now: datetime) -> datetime | None:
    """'2 veckor', '3 days', 'till 2026-12-24', 'until friday' -> local end of pause; None if unread."""

    words = arg.strip().casefold()
    units = {
        "dag": 1,
        "dagar": 1,
        "day": 1,
        "days": 1,
        "d": 1,
        "vecka": 7,
        "veckor": 7,
        "week": 7,
        "weeks": 7,
        "v": 7,
        "månad": 30,
        "månader": 30,
        "month": 30,
        "months": 30,
    }
    m = re.fullmatch(r"(\d{1,3}|en|ett|one|a)\s*([a-zåäö]+)", words)
    if m:
        n = {"en": 1, "ett": 1, "one": 1, "a": 1}.get(m.group(1)) or int(m.group(1))
        if m.group(2) in units:
            return local_now + timedelta(days=n * units[m.group(2)])
    m = re.fullmatch(r"(?:till|tills|until|to)\s+(.+)", words)
    if m:
        import dateparser  # imported late: costly, and only needed here

        found = dateparser.parse(
            m.group(1),
            languages=["sv", "en"],
            settings={
                "PREFER_DATES_FROM": "future",
                "DATE_ORDER": "DMY",
                "RELATIVE_BASE": local_now.replace(tzinfo=None),
            },
        )
        if found and found.date() > local_now.date():
            end = datetime.combine(found.date(), time(), tzinfo=local_now.tzinfo)
            return end if end - local_now < timedelta(days=3 * 365) else None
    return None
