"""Report periods in the words admins use, Swedish and English, in the admin's time zone.

`read_period(words, today)` reads a whole phrase ("förra kvartalet", "last 30 days", "Q1 2026",
"2026-01-01..2026-03-31") into a `Period` of local dates [start, end). A period that reaches
past today stops at today, and the previous period is the one of the same length just before:
for calendar periods the same stretch of the previous month/quarter/year (1-15 March is compared
with 1-15 February), for rolling and explicit ranges the same number of days just before; a
period running until today is compared up to the same time of day (`Period.bounds`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIRST_YEAR = 2000  # nothing older can hold resfri data; older years are read but refused

MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "february": 2,
    "mar": 3, "mars": 3, "march": 3,
    "apr": 4, "april": 4,
    "maj": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "augusti": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

THIS = r"(?:denna|detta|den har|det har|innevarande|this|current)"
LAST = r"(?:forra|foregaende|senaste hela|last|previous)"
UNITS = {
    "day": r"(?:dag(?:en)?|day)",
    "week": r"(?:vecka|veckan|veckor|week|weeks|v)",
    "month": r"(?:manad|manaden|manader|month|months)",
    "quarter": r"(?:kvartal|kvartalet|quarter|kv)",
    "year": r"(?:ar|aret|year|years)",
}
DAYS_PER = {"day": 1, "week": 7, "month": 30, "year": 365}
ROLLING = re.compile(
    r"^(?:senaste|de senaste|sista|last|past|the last|the past)\s+(\d{1,4})\s+"
    r"(dag|dagar|dagarna|days?|veckor|veckorna|weeks?|manader|manaderna|months?|ar|aren|years?)$"
)
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|–|—|-|till|to)\s*(\d{4}-\d{2}-\d{2})$")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.casefold()).strip(" .,!?")


@dataclass(frozen=True)
class Period:
    start: date  # local, inclusive
    end: date  # local, exclusive
    prev_start: date
    prev_end: date
    label: str  # how it was read, e.g. "2026-01-01 – 2026-03-31"

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def utc(self, tz: ZoneInfo) -> tuple[datetime, datetime, datetime, datetime]:
        """The four bounds as aware UTC datetimes (local midnights)."""
        return tuple(  # type: ignore[return-value]
            datetime.combine(d, time(), tzinfo=tz).astimezone(UTC)
            for d in (self.start, self.end, self.prev_start, self.prev_end)
        )

    def prev_cut(self, tz: ZoneInfo, now: datetime) -> datetime | None:
        """When the period runs until today, the previous one stops at the same time of day on
        its last day (1 March until 09:40 against 1 February until 09:40): a day that is not
        over is not compared with a whole one. Local time; None when nothing is cut."""
        local = now.astimezone(tz)
        if self.end != local.date() + timedelta(days=1):
            return None
        return datetime.combine(self.prev_end - timedelta(days=1), local.time(), tzinfo=tz)

    def bounds(self, tz: ZoneInfo, now: datetime) -> tuple[datetime, datetime, datetime, datetime]:
        """`utc()` with the previous period cut as `prev_cut` says."""
        start, end, prev_start, prev_end = self.utc(tz)
        cut = self.prev_cut(tz, now)
        return start, end, prev_start, cut.astimezone(UTC) if cut else prev_end


class PeriodError(ValueError):
    """The words could not be used as a period. `why`: unread | too_old | future; `understood`
    says what was read (a phrase and its dates), if anything."""

    def __init__(self, text: str, why: str, understood: str | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.why = why
        self.understood = understood


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, 1)


def _back_months(d: date, months: int) -> date:
    first = _shift_months(d, -months)
    last_day = (_shift_months(first, 1) - timedelta(days=1)).day
    return first.replace(day=min(d.day, last_day))


def _calendar(start: date, months: int, today: date) -> Period:
    """A calendar month/quarter/year starting at `start`, cut at today, with its predecessor."""
    full_end = _shift_months(start, months)
    end = full_end if start > today else min(full_end, today + timedelta(days=1))
    prev_start = _shift_months(start, -months)
    prev_end = start if end == full_end else min(prev_start + (end - start), start)
    return Period(start, end, prev_start, prev_end, _label(start, end))


def _span(start: date, end: date, today: date) -> Period:
    end = end if start > today else min(end, today + timedelta(days=1))
    length = end - start
    return Period(start, end, start - length, start, _label(start, end))


def _label(start: date, end: date) -> str:
    return f"{start.isoformat()} – {(end - timedelta(days=1)).isoformat()}"


def _year(text: str) -> int | None:
    return int(text) if text and re.fullmatch(r"[12]\d{3}", text) else None


def default_period(today: date) -> Period:
    return _calendar(today.replace(day=1), 1, today)


def read_period(words: str, today: date) -> Period:
    """Read a period phrase; raise PeriodError when it cannot be read as a whole."""
    text = fold(words)
    if not text:
        return default_period(today)
    period = _read(text, today)
    if period is None:
        raise PeriodError(words.strip(), "unread", _understood(text, today))
    if period.start.year < FIRST_YEAR:
        raise PeriodError(words.strip(), "too_old", period.label)
    if period.start > today:
        raise PeriodError(words.strip(), "future", period.label)
    return period


def _read(text: str, today: date) -> Period | None:  # noqa: C901 - one table of phrases
    month0 = today.replace(day=1)
    quarter0 = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if re.fullmatch(rf"(?:{THIS} {UNITS['month']}|i manad|manaden)", text):
        return _calendar(month0, 1, today)
    if re.fullmatch(rf"{LAST} {UNITS['month']}", text):
        return _calendar(_shift_months(month0, -1), 1, today)
    if re.fullmatch(rf"(?:{THIS} {UNITS['quarter']}|kvartalet)", text):
        return _calendar(quarter0, 3, today)
    if re.fullmatch(rf"{LAST} {UNITS['quarter']}", text):
        return _calendar(_shift_months(quarter0, -3), 3, today)
    if re.fullmatch(rf"(?:{THIS} {UNITS['year']}|i ar|hittills i ar|year to date|ytd)", text):
        return _calendar(date(today.year, 1, 1), 12, today)
    if re.fullmatch(rf"(?:{LAST} {UNITS['year']}|i fjol|ifjol)", text):
        return _calendar(date(today.year - 1, 1, 1), 12, today)
    monday = today - timedelta(days=today.weekday())
    if re.fullmatch(rf"(?:{THIS} {UNITS['week']}|i veckan|veckan)", text):
        return _span(monday, monday + timedelta(days=7), today)
    if re.fullmatch(rf"{LAST} {UNITS['week']}", text):
        return _span(monday - timedelta(days=7), monday, today)
    if text in ("idag", "i dag", "today"):
        return _span(today, today + timedelta(days=1), today)
    if text in ("igar", "i gar", "yesterday"):
        return _span(today - timedelta(days=1), today, today)
    m = ROLLING.fullmatch(text)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        per = next(k for k in ("day", "week", "month", "year") if re.match(UNITS[k], unit))
        if n < 1 or n * DAYS_PER[per] > 366 * 30:
            return None
        end = today + timedelta(days=1)
        if per in ("month", "year"):  # calendar months back, same day of the month
            return _span(_back_months(end, n * (12 if per == "year" else 1)), end, today)
        return _span(end - timedelta(days=n * DAYS_PER[per]), end, today)
    m = RANGE.fullmatch(text)
    if m:
        try:
            a, b = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        except ValueError:
            return None
        return _span(a, b + timedelta(days=1), today) if a <= b else None
    m = re.fullmatch(r"(?:q|kv|kvartal |quarter )([1-4])(?: (\d{4}))?", text)
    if m:
        year = _year(m.group(2)) if m.group(2) else today.year
        return _calendar(date(year, 3 * int(m.group(1)) - 2, 1), 3, today) if year else None
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return _calendar(date(int(m.group(1)), int(m.group(2)), 1), 1, today)
    m = re.fullmatch(r"([a-z]+)(?: (\d{4}))?", text)
    if m and m.group(1) in MONTHS:
        year = _year(m.group(2)) if m.group(2) else today.year
        if year is None:
            return None
        start = date(year, MONTHS[m.group(1)], 1)
        if not m.group(2) and start > today:  # "december" in March means last December
            start = start.replace(year=year - 1)
        return _calendar(start, 1, today)
    year = _year(text)
    if year:
        return _calendar(date(year, 1, 1), 12, today)
    return None


def _understood(text: str, today: date) -> str | None:
    """For a phrase we could not read: the longest part of it we could, to say so."""
    words = text.split()
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            period = _read(" ".join(words[i : i + size]), today)
            if period:
                return f"{' '.join(words[i : i + size])} = {period.label}"
    return None
