"""Working days and polite sending times, from the `holidays` package (not a hand-kept list).

A working day is a weekday that is neither a public holiday nor a de-facto day off (Swedish
midsummer, Christmas and New Year's Eve) in the person's home country. Polite means: on a working
day and outside the quiet hours, in the person's own time zone.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

log = logging.getLogger(__name__)
DEFAULT_COUNTRY = "SE"
CATEGORIES = ("public", "de_facto")


@functools.lru_cache(maxsize=64)
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    try:
        cls = holidays.country_holidays(country, years=year)
    except NotImplementedError:  # a country the package does not know: fall back, don't fail
        log.warning("no holiday calendar for %r, using %s", country, DEFAULT_COUNTRY)
        return _calendar(DEFAULT_COUNTRY, year)
    wanted = tuple(c for c in CATEGORIES if c in getattr(cls, "supported_categories", ("public",)))
    return holidays.country_holidays(country, years=year, categories=wanted)


@functools.lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> ISO country, from the tz database's own zone.tab."""
    for source in (_tzdata_tab, lambda: Path("/usr/share/zoneinfo/zone.tab").read_text("utf-8")):
        try:
            text = source()
        except (OSError, ImportError, ModuleNotFoundError):
            continue
        rows = (line.split("\t") for line in text.splitlines() if line and line[0] != "#")
        return {r[2].strip(): r[0].strip().upper() for r in rows if len(r) >= 3}
    return {}


def _tzdata_tab() -> str:
    from importlib.resources import files

    return (files("tzdata") / "zoneinfo" / "zone.tab").read_text("utf-8")


def country_of_zone(zone: str | None) -> str | None:
    """The country a time zone belongs to (Europe/Oslo -> NO), or None."""
    return _zone_countries().get(zone or "")


def is_working_day(day: date, country: str | None = None) -> bool:
    return day.weekday() < 5 and day not in _calendar(
        (country or DEFAULT_COUNTRY).upper(), day.year
    )


def in_quiet_hours(hour: int, quiet: tuple[int, int]) -> bool:
    start, end = quiet
    return start <= hour < end if start <= end else (hour >= start or hour < end)


def next_polite(
    when: datetime, tz: ZoneInfo, country: str | None, quiet: tuple[int, int]
) -> datetime:
    """The first moment at or after `when` that is on a working day and outside quiet hours
    in `tz`; returned in the same time zone as `when`."""
    local = when.astimezone(tz)
    for _ in range(60):  # a couple of months of holidays at most; never loop forever
        if is_working_day(local.date(), country) and not in_quiet_hours(local.hour, quiet):
            return local.astimezone(when.tzinfo)
        if in_quiet_hours(local.hour, quiet) and local.hour < quiet[1]:
            local = _at(local.date(), quiet[1], tz)  # early morning: wait for the quiet end
        else:
            local = _at(local.date() + timedelta(days=1), quiet[1], tz)
    return when


def add_working_days(when: datetime, days: int, tz: ZoneInfo, country: str | None) -> datetime:
    """The same local time of day, `days` working days later (weekends and holidays skipped)."""
    local = when.astimezone(tz)
    day, left = local.date(), days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, country):
            left -= 1
    moved = datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=tz)
    return moved.astimezone(when.tzinfo)


def week_start_morning(
    now: datetime, tz: ZoneInfo, country: str | None, hour: int = 8, grace_hours: int = 4
) -> datetime:
    """The digest time for the current week: Monday `hour`:00 local (or the first working day
    after a holiday Monday). Once that morning (plus a grace period) is over, next week's."""
    local = now.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    for week in (monday, monday + timedelta(days=7)):
        day = week
        while not is_working_day(day, country) and day < week + timedelta(days=5):
            day += timedelta(days=1)
        morning = _at(day, hour, tz)
        if local < morning + timedelta(hours=grace_hours):
            return morning.astimezone(now.tzinfo)
    return _at(monday + timedelta(days=14), hour, tz).astimezone(now.tzinfo)


def _at(day: date, hour: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz)
