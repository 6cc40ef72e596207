"""Dates and times in Swedish and English chat, relative to when the message was written.

Hand rules first ("imorn", "på tisdag", "3/12", "v. 49", "kl 13.30", "halv tolv", "the 6:50 train"),
because dateparser handles neither "kl 10" nor "next tuesday" and costs a millisecond a call; it is
only asked about month-name phrases the rules did not read. Dates are day-before-month; a date
without a year is the next one to come, unless the message is about the past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.lexicon import NUMBER_WORDS

MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "february": 2,
    "mar": 3,
    "mars": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "maj": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "aug": 8,
    "augusti": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oct": 10,
    "oktober": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAYS = {
    "måndag": 0,
    "monday": 0,
    "tisdag": 1,
    "tuesday": 1,
    "onsdag": 2,
    "wednesday": 2,
    "torsdag": 3,
    "thursday": 3,
    "fredag": 4,
    "friday": 4,
    "lördag": 5,
    "saturday": 5,
    "söndag": 6,
    "sunday": 6,
}
# Abbreviations are words too ("sun is out", "sat down"): only read next to a date or "next".
WEEKDAY_ABBR = {
    "mån": 0,
    "mon": 0,
    "tis": 1,
    "tue": 1,
    "tues": 1,
    "ons": 2,
    "wed": 2,
    "tor": 3,
    "tors": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fre": 4,
    "fri": 4,
    "lör": 5,
    "sat": 5,
    "sön": 6,
    "sun": 6,
}
HOUR_WORDS = {
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
}
_HW = "|".join(HOUR_WORDS)
EN_HOURS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_EH = "|".join(EN_HOURS)

ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "14–15/12" is a span: its first day
DM_RE = re.compile(
    r"(?<![\d/.:])(?:(\d{1,2})\s*[-–]\s*)?(\d{1,2})/(\d{1,2})(?:[/-](\d{4}|\d{2}))?(?![\d/])"
)
# "3.12 kl 9", "tis 3.12": a day and month with a dot, when a clock time or a weekday shows it
_WD = (
    r"(?:mån|tis|ons|tors?|fre|lör|sön)(?:dag|dagen)?|mon|tues?|wed|thu|thurs|fri|sat|sun|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
DOT_DATE_RE = re.compile(
    rf"\b({_WD})\s+(\d{{1,2}})\.(\d{{1,2}})(?:\.(\d{{4}}))?(?![.:]?\d)|"
    r"(?<![\d.:/])(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?(?=,?\s+(?:kl\b|klockan|at \d))"
)
DEN_DOT_RE = re.compile(
    r"\b(?:den|the)\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\b|\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"
)
# Days written as words: "första december", "den tredje", "the first of December"
_SV_ORD = ["första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde",
           "tionde", "elfte", "tolfte", "trettonde", "fjortonde", "femtonde", "sextonde",
           "sjuttonde", "artonde", "nittonde", "tjugonde"]  # fmt: skip
_EN_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
           "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
           "seventeenth", "eighteenth", "nineteenth", "twentieth"]  # fmt: skip
ORDINALS = {w: n for ords in (_SV_ORD, _EN_ORD) for n, w in enumerate(ords, 1)}
ORDINALS.update({f"tjugo{w}": 20 + n for n, w in enumerate(_SV_ORD[:9], 1)})
ORDINALS.update({f"trettio{w}": 30 + n for n, w in enumerate(_SV_ORD[:1], 1)})
ORDINALS.update({f"twenty-{w}": 20 + n for n, w in enumerate(_EN_ORD[:9], 1)})
ORDINALS.update({"trettionde": 30, "thirtieth": 30, "thirty-first": 31})
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
DAY_MONTH_RE = re.compile(  # "3 dec", "den 1:a december", "12–13 januari" (the first day)
    rf"\b(\d{{1,2}})(?::e|:a|e|st|nd|rd|th)?\.?(?:\s*[-–]\s*\d{{1,2}}(?::e|:a|e|st|nd|rd|th)?\.?)?"
    rf"\s+(?:of\s+)?({_MONTH})\b\.?(?:\s+(\d{{4}}))?"
)
MONTH_DAY_RE = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(\d{{4}}))?"
)
ORDINAL_DATE_RE = re.compile(rf"\b({_ORD})\s+(?:of\s+)?({_MONTH})\b")
DAY_ONLY_RE = re.compile(
    r"\b(?:den|the)\s+(\d{1,2})(?::e|:a|e|st|nd|rd|th)\b|\bden\s+(\d{1,2})\b(?![.:/]\d)"
)
# "den tjugonde", "the twentieth": a day of the month in words (no month named after it)
DAY_WORD_RE = re.compile(rf"\b(?:den|the)\s+({_ORD})\b(?!\s+(?:of\s+)?(?:{_MONTH})\b)")
WEEK_RE = re.compile(r"\b(?:v\.?|vecka|veckan|week|wk)\s?(\d{1,2})\b(?![.:/]\d)")
REL_RE = re.compile(
    r"\b(?:(i ?dag|today|tonight|ikväll|i kväll|i eftermiddag|i förmiddag|this (?:morning|afternoon|evening))|"
    r"(i ?morgon|i ?morn|i ?morrn|i ?morr|tomorrow|tmrw|tmr|tmrow|tomoz|2moro|imorgon bitti)|"
    r"(i ?övermorgon|övermorgon|day after tomorrow)|(i ?går|yesterday)|(i ?förrgår))\b"
)
WEEKDAY_RE = re.compile(
    r"\b(?:(nästa|next|nxt|kommande|this|denna|on|på|last|förra)\s+)?"
    r"(måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|mån|tis|ons|tors|tor|fre|lör|sön|mon|tues|tue|wed|thurs|thur|thu|"
    r"fri|sat|sun)(en|ens|s|ar|arna|dags)?\b(?:\s+(nästa vecka|next week|veckan efter))?"
)
NEXT_WEEK_RE = re.compile(
    r"\b(?:nästa vecka|next week|nästa veckan|i nästa vecka|nxt week|nxt wk|next wk|nästa v)\b"
)
# Abbreviations that are also words ("fri entré", "sun is out")
ABBR_WORDS = frozenset({"fri", "sat", "sun", "tor"})
# "om en timme", "in two hours", "om en halvtimme": later today
IN_HOURS_RE = re.compile(
    r"\b(?:om|in)\s+(?:en|ett|an|a|one|två|two|tre|three|\d)\s*(?:timme|timmar|hours?|halvtimme)\b|"
    r"\bin half an hour\b"
)
IN_DAYS_RE = re.compile(
    r"\b(?:om|in)\s+(en|ett|a|one|två|two|tre|three|fyra|four|\d{1,2})\s+"
    r"(dag|dagar|days?|veckor|vecka|weeks?)\b"
)
# "heading to Västerås now", "åker till Mora nu": a trip under way today
NOW_RE = re.compile(
    r"\b(?:åker|kör|drar|far|sticker|reser|flyger|sitter|leaving|heading|going|driving|off|"
    r"on my way|boarded|on the (?:train|bus|plane))\b"
    r"[^.!?\n]{0,30}?\b(?:now|nu)\b|"
    r"\b(?:now|nu)\s+(?:åker|kör|drar|far|sticker|reser|flyger|heading|driving|leaving|off|"
    r"going|on my way|på väg)\b"
)
WEEKEND_RE = re.compile(r"\b(?:i helgen|this weekend|till helgen|nästa helg|next weekend)\b")

HM_RE = re.compile(r"(?<![\d/.:,])(\d{1,2})[:.](\d{2})(?![\d/]|\.\d)\s*(am|pm|a\.m\.|p\.m\.)?")
KL_RE = re.compile(
    rf"\b(?:kl\.?|klockan|kloka|börjar|startar|starts|start|begins|samling|samlas)\s*"
    rf"(\d{{1,2}}|{_HW})(?:,(\d{{2}}))?\b(?![.:/]\d)"
    r"(?!\s*(?:min|minuter|minutes|dagar|days|veckor|weeks|%|kr))"
)
# "kl 7 på kvällen", "at 8 in the evening": after noon
EVENING_AFTER_RE = re.compile(r"\s*(?:på kvällen|i kväll|ikväll|in the evening|tonight|pm)\b")
# "at noon", "half nine" (British: half past nine)
NOON_RE = re.compile(r"\b(?:noon|midday)\b")
HALF_EN_RE = re.compile(rf"\bhalf ({_EH})\b(?!\s*(?:past|to|an?|of|the)\b)")
AT_RE = re.compile(
    r"(?:\bat|@|\bby)\s*(?<=\s|@)(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.|o'clock)?(?![\d/]|[.:]\d|,\d)"
    r"(?!\s*(?:%|st\b|pers|people|of\b|kr|sek))"
)
# "9–16", "kl 10-12", "8.30–16.00": a span of office hours starts at its first hour. Not a date
# range ("12–13 januari"), a week span ("v. 12-13"), a count ("3-4 personer") or a score ("4–1").
RANGE_RE = re.compile(
    r"(?<![\d/.:,–-])(\d{1,2})(?:[.:](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[.:](\d{2}))?(?![\d/:,–-]|\.\d)"
    rf"(?!\s*(?:\d|{_MONTH}|pers|personer|people|st\b|stycken|dagar|days|veckor|weeks|min\b|"
    r"minuter|minutes|timmar|hours|år\b|kr\b|sek\b|%|deltagare|km\b|mil\b|som\b|of\b))"
)
RANGE_NOT_AFTER = re.compile(
    r"\b(?:v|v\.|vecka|veckorna|week|weeks|wk|är|blir|ca|cirka|about|around)\s*$"
)
# "from 9 to 4", "mellan 9 och 12", "between 10 and 12": the start
FROM_TO_RE = re.compile(
    r"\b(?:from|mellan|between)\s+(\d{1,2})(?:[.:](\d{2}))?\s*(?:to|till|och|and|until|-|–)\s*"
    r"\d{1,2}\b(?![/.:]\d)(?!\s*(?:pers|people|personer|st\b|dagar|days|kr|sek|%))"
)
# "half past nine", "quarter to ten", "at nine", "ten o'clock"
EN_CLOCK_RE = re.compile(
    rf"\b(?:(half|quarter) (past|to) ({_EH}|\d{{1,2}})|(?:at|by) ({_EH})(?: o'clock)?|"
    rf"({_EH}|\d{{1,2}}) o'clock)\b"
    r"(?!\s*(?:of\b|people|pers|colleagues|more|others|days|weeks))"
)
# "vid 9-tiden", "runt 9", "around 9", "ca kl 10": roughly then, and then is what counts
APPROX_RE = re.compile(
    r"\b(?:vid|runt|kring|omkring|cirka|ca|around|about|approx|framåt)\.?\s+(?:kl\.?\s*)?"
    r"(\d{1,2})(?:[-–]tiden)?\b(?![.:/]\d)(?!\s*(?:\d|grader|pers|people|personer|st\b|stycken|min\b|"
    r"minuter|minutes|km\b|mil\b|kr\b|sek\b|%|dagar|days|deltagare|participants|tillfällen|"
    r"times|år\b|years|timmar|hours|of\b))|\b(\d{1,2})[-–]tiden\b|"
    # "9-ish", "13ish", "strax efter 9", "just after 9": roughly then
    r"\b(\d{1,2})(?:[.:]00)?\s*-?\s*ish\b|"
    r"\b(?:strax|precis|just|shortly)\s+(?:efter|före|innan|after|before)\s+(?:kl\.?\s*)?"
    r"(\d{1,2})\b(?![.:/]\d)(?!\s*(?:pers|people|min\b|minuter|minutes|dagar|days|%))"
)
# "på plats i Enköping från 9 imorgon", "ska vara där 9", "be there by 10": the hour to be there
THERE_BY_RE = re.compile(
    r"\b(?:från|from|vara där|vara på plats|be there|there by|there at|framme)\s+"
    r"(?:kl\.?\s*|at\s+|by\s+|ca\s+|cirka\s+)?(\d{1,2})\b(?![.:/]\d|\s*[-–]\s*\d)"
    r"(?=\s*(?:$|[,.!?;)]|och framåt|onwards|imorgon|imorn|idag|tomorrow|today|på|on|am\b|pm\b))"
)
# "niotiden", "vid tio-tiden": the hour as a word
WORD_TIDEN_RE = re.compile(rf"\b({_HW})-?tiden\b")
# "Mora tis 09, länsträff", "Sala imorn 10?": a bare hour right after the day it belongs to.
# Not a date ("tis 3 dec", "fre 8/12"), a count ("ons 10 pers") or a small number ("tors 3").
DAY_HOUR_RE = re.compile(
    rf"\b(?:{_WD}|imorgon|imorn|idag|tomorrow|tmrw|today)\s+(0\d|1\d|2[0-3]|[6-9])\b"
    rf"(?![.:/]\d|\s*[-–/]\s*\d|\s*(?:{_MONTH})\b|\s*(?:pers|personer|people|st\b|stycken|"
    r"deltagare|dagar|days|kr\b|sek\b|%|min\b|minuter|km\b|mil\b))"
)
AMPM_RE = re.compile(r"\b(\d{1,2})\s*(am|pm)\b")
HALF_RE = re.compile(rf"\b(?:(fem|tio) (över|i) )?halv ({_HW}|\d{{1,2}})\b(?![.:/]\d)")
QUARTER_RE = re.compile(rf"\b(kvart|fem|tio|tjugo) (över|i) ({_HW}|\d{{1,2}})\b")
MORNING_RE = re.compile(
    r"\b(?:am|morgon\w*|morning|tidig\w*|early|fm|förmiddag\w*|bitti|natt\w*|night)\b"
)


@dataclass(frozen=True)
class When:
    when: datetime | date | None
    past: bool  # the date lies before today
    how: str  # which rule read it, for --explain


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(m: int, d: int, today: date, past_hint: bool) -> date | None:
    """The coming (d, m), or a recent past one when the message speaks of the past."""
    this = _safe_date(today.year, m, d)
    if this is None:
        # 29 February: look a few years ahead; 31 February never exists
        for y in range(today.year + 1, today.year + 5):
            if (nxt := _safe_date(y, m, d)) is not None:
                return nxt
        return None
    if this >= today or (past_hint and (today - this).days <= 200):
        return this
    return _safe_date(today.year + 1, m, d)


def _full_year(y: str | None, today: date) -> int | None:
    if not y:
        return None
    n = int(y)
    return n + 2000 if n < 100 else n


def _dot_dates(t: str, today: date, past_hint: bool) -> list[tuple[int, date]]:
    """Day.month with a dot, where it cannot be a clock time: "3.12 kl 9", or after a weekday
    that the date falls on ("tis 1.12"; "tis 9.30" and "fre 8.12" stay clock times)."""
    out = []
    for m in DOT_DATE_RE.finditer(t):
        wd, d, mo, y = (m[1], m[2], m[3], m[4]) if m[2] else (None, m[5], m[6], m[7])
        d, mo = int(d), int(mo)
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        year = _full_year(y, today)
        dt = _safe_date(year, mo, d) if year else _year_for(mo, d, today, past_hint)
        if dt is None:
            continue
        if wd is not None:
            stem = re.sub(r"dag(?:en)?$", "", wd)
            if WEEKDAYS.get(wd, WEEKDAY_ABBR.get(stem)) != dt.weekday():
                continue
        out.append((m.start(2) if m[2] else m.start(5), dt))
    return out


def _explicit_date(t: str, today: date, past_hint: bool) -> tuple[date | None, int, str] | None:
    """The first explicit calendar date: (date or None when impossible, position, rule)."""
    found: list[tuple[int, date | None, str]] = []
    for m in ISO_RE.finditer(t):
        found.append((m.start(), _safe_date(int(m[1]), int(m[2]), int(m[3])), "iso date"))
    for m in DM_RE.finditer(t):
        d, mo = int(m[1] or m[2]), int(m[3])
        if not (1 <= mo <= 12 and 1 <= d <= 31) or re.match(
            r"\s*(?:dag|day|tim|h\b)", t[m.end() :]
        ):
            continue
        y = _full_year(m[4], today)
        found.append(
            (m.start(), _safe_date(y, mo, d) if y else _year_for(mo, d, today, past_hint), "d/m")
        )
    for pos, dt in _dot_dates(t, today, past_hint):
        found.append((pos, dt, "d.m"))
    for m in ORDINAL_DATE_RE.finditer(t):
        d, mo = ORDINALS[m[1]], MONTHS[m[2]]
        found.append((m.start(), _year_for(mo, d, today, past_hint), "d month"))
    for m in DEN_DOT_RE.finditer(t):
        d, mo = int(m[1] or m[4]), int(m[2] or m[5])
        y = _full_year(m[3] or m[6], today)
        if 1 <= mo <= 12:
            dt = _safe_date(y, mo, d) if y else _year_for(mo, d, today, past_hint)
            found.append((m.start(), dt, "den d.m"))
    for m in DAY_MONTH_RE.finditer(t):
        d, mo, y = int(m[1]), MONTHS[m[2]], _full_year(m[3], today)
        found.append(
            (
                m.start(),
                _safe_date(y, mo, d) if y else _year_for(mo, d, today, past_hint),
                "d month",
            )
        )
    for m in MONTH_DAY_RE.finditer(t):
        # "may 3 people", "jul 2 dagar": these month words need a clear ordinal
        if m[1] in ("may", "mar", "jul") and not re.search(r"\d(?:st|nd|rd|th)\b", m[0]):
            continue
        mo, d, y = MONTHS[m[1]], int(m[2]), _full_year(m[3], today)
        found.append(
            (
                m.start(),
                _safe_date(y, mo, d) if y else _year_for(mo, d, today, past_hint),
                "month d",
            )
        )
    if not found:
        days = [(m.start(), int(m[1] or m[2])) for m in DAY_ONLY_RE.finditer(t)]
        days += [(m.start(), ORDINALS[m[1]]) for m in DAY_WORD_RE.finditer(t)]
        for start, d in days:
            if not 1 <= d <= 31:
                continue
            dt = _safe_date(today.year, today.month, d)
            if dt is None or (dt < today and not past_hint):
                nm = today.month % 12 + 1
                dt = _safe_date(today.year + (today.month == 12), nm, d)
            found.append((start, dt, "day of month"))
    if not found:
        return None
    pos, dt, how = min(found, key=lambda f: f[0])
    return dt, pos, how


def _week(t: str, today: date, context: str | None = None) -> tuple[date, int] | None:
    """The Monday of the week number in `t`, or the weekday named with it (in `t`, else in
    `context`: "Åker till Gävle vecka 50, tisdag")."""
    m = WEEK_RE.search(t)
    if not m or not 1 <= int(m[1]) <= 53:
        return None
    n = int(m[1])
    for year in (today.year, today.year + 1):
        try:
            monday = date.fromisocalendar(year, n, 1)
        except ValueError:
            continue
        if monday + timedelta(days=6) >= today:
            days = list(WEEKDAY_RE.finditer(t))
            if context is not None and not days:
                days = list(WEEKDAY_RE.finditer(context))
            for wd in days:  # "v. 49 tis", "onsdag v 50"
                if wd[2] in WEEKDAYS or (wd[2] in WEEKDAY_ABBR and wd[2] not in ABBR_WORDS):
                    day = WEEKDAYS.get(wd[2], WEEKDAY_ABBR.get(wd[2], 0))
                    return monday + timedelta(days=day), m.start()
            return monday, m.start()
    return None


def _weekday(
    t: str, today: date, later_today: bool = False, context: str | None = None
) -> tuple[date, bool, int] | None:
    """A named weekday: (date, past, position). A weekday alone is the next one to come; today
    only when the message gives a clock time still to come today."""
    for m in WEEKDAY_RE.finditer(t):
        pre, word, suffix, after = m[1], m[2], m[3] or "", m[4]
        if word in WEEKDAY_ABBR:
            # an abbreviation needs a "next"/"on" before, a date or a clock time after it, a colon
            # or a dot after it, or to open the line ("fre kör jag", "nxt week mån")
            rest = t[m.end() :]
            dated = re.match(
                rf"\s*(?:\d{{1,2}}[/ ]|kl\b|klockan|\d{{1,2}}[.:]\d{{2}}|(?:at|@) \d|[-–]\s*(?:{_WD})\b)",
                rest,
            )
            marked = re.match(r"[:.,?!)*`–-](?:\s|$)|\s*$", rest) is not None
            # "mån", "tors", "ons", "mon", "wed" are weekdays wherever they stand; "fri", "sat",
            # "sun" and "tor" are also words, so they need a "next"/"on", a date or a mark after
            # them ("Fri: Skövde", "Halmstad fri?"), and never "fri entré" or "the sun."
            if re.match(r"\s+(?:om|av|tro|och|is|was|entré|parkering|fika)\b", rest):
                continue
            if t[max(0, m.start() - 2) : m.start()] == "i " and word == "mån":
                continue  # "i mån av plats"
            if word in ABBR_WORDS and (
                not (pre or dated or marked) or re.search(r"\b(?:the|a|in)\s+$", t[: m.start()])
            ):
                continue
            wordy = word in ("sun", "sat", "tor")  # also plain words
            if wordy and pre in ("on", "this", "på") and not (dated or marked):
                continue
            wd = WEEKDAY_ABBR[word]
        else:
            wd = WEEKDAYS[word]
        said_ago = suffix in ("s", "dags") and t[max(0, m.start() - 2) : m.start()] == "i "
        if said_ago or pre in ("last", "förra"):  # "i tisdags", "last tuesday"
            back = (today.weekday() - wd) % 7 or 7
            return today - timedelta(days=back), True, m.start()
        plural = suffix == "s" and word in WEEKDAYS and word.endswith("day")  # "on Sundays"
        if (
            suffix == "ar"
            or plural
            or re.search(r"\b(?:varje|varannan|every|each)\s+$", t[: m.start()])
        ):
            continue  # "på tisdagar", "varannan tors", "on Sundays": recurring, no single date
        whole = t if context is None else context
        if pre in ("nästa", "next", "nxt") or after or NEXT_WEEK_RE.search(whole):
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            return monday + timedelta(days=wd), False, m.start()
        if pre is None and whole is not t and (week := _week(whole, today)) is not None:
            # "Planering v. 49: … tis: Luleå": the weekday of the week the message is about
            monday = week[0] - timedelta(days=week[0].weekday())
            return monday + timedelta(days=wd), False, m.start()
        ahead = (wd - today.weekday()) % 7
        if ahead == 0 and not later_today:
            ahead = 7  # "tis kl 9" written on Tuesday at 10 is next Tuesday
        return today + timedelta(days=ahead), False, m.start()
    return None


def _hour_word(w: str) -> int:
    return HOUR_WORDS[w] if w in HOUR_WORDS else int(w)


def _business_hour(h: int, t: str) -> int:
    """'kl 2', 'halv två': office hours are meant unless the message says morning."""
    if 1 <= h <= 5 and not MORNING_RE.search(t):
        return h + 12
    return h


def find_time(t: str, dates_at: frozenset[int] = frozenset()) -> time | None:
    """The first clock time in lower-cased text, or None ("efter lunch", "em" are not times).
    `dates_at`: where day.month dates start, so that they are not read as times."""
    found: list[tuple[int, int, int]] = []
    for m in HM_RE.finditer(t):
        h, mi, ap = int(m[1]), int(m[2]), m[3]
        before = t[max(0, m.start() - 5) : m.start()]
        if m.start() in dates_at or (m[0][len(m[1])] == "." and re.search(r"\bden\s*$", before)):
            continue  # "den 6.12", "tis 1.12", "3.12 kl 9" are dates; "the 6:50 train" a time
        if ap and ap.startswith("p") and h < 12:
            h += 12
        if h <= 23 and mi <= 59:
            found.append((m.start(), h, mi))
    for m in RANGE_RE.finditer(t):
        h1, h2 = int(m[1]), int(m[3])
        if RANGE_NOT_AFTER.search(t[max(0, m.start() - 10) : m.start()]):
            continue  # "v. 12-13", "vi är 10-12"
        if 6 <= h1 <= 20 and h1 < h2 <= 23 and int(m[2] or 0) <= 59:
            found.append((m.start(), h1, int(m[2] or 0)))
    for m in KL_RE.finditer(t):
        h = _business_hour(_hour_word(m[1]), t)
        if h < 12 and EVENING_AFTER_RE.match(t, m.end()):
            h += 12
        if h <= 23 and int(m[2] or 0) <= 59:
            found.append((m.start(), h, int(m[2] or 0)))
    for m in NOON_RE.finditer(t):
        found.append((m.start(), 12, 0))
    for m in HALF_EN_RE.finditer(t):
        found.append((m.start(), _business_hour(EN_HOURS[m[1]], t), 30))
    for m in AT_RE.finditer(t):
        h, ap = int(m[1]), m[2] or ""
        if ap.startswith("p") and h < 12:
            h += 12
        elif not ap:
            h = _business_hour(h, t)  # "the meeting at 2" is in the afternoon
        if h <= 23:
            found.append((m.start(), h, 0))
    for m in APPROX_RE.finditer(t):
        h = _business_hour(int(next(g for g in m.groups() if g)), t)
        if 6 <= h <= 22:
            found.append((m.start(), h, 0))
    for m in THERE_BY_RE.finditer(t):
        found.append((m.start(), _business_hour(int(m[1]), t), 0))
    for m in WORD_TIDEN_RE.finditer(t):
        found.append((m.start(), _business_hour(HOUR_WORDS[m[1]], t), 0))
    for m in DAY_HOUR_RE.finditer(t):
        found.append((m.start(1), int(m[1]), 0))
    for m in FROM_TO_RE.finditer(t):
        found.append((m.start(), _business_hour(int(m[1]), t), int(m[2] or 0)))
    for m in EN_CLOCK_RE.finditer(t):
        if m[1]:  # half past nine, quarter past/to ten
            h = _business_hour(EN_HOURS.get(m[3]) or int(m[3]), t)
            if m[2] == "past":
                found.append((m.start(), h % 24, 30 if m[1] == "half" else 15))
            else:
                found.append((m.start(), (h - 1) % 24, 30 if m[1] == "half" else 45))
        else:
            word = m[4] or m[5]
            found.append((m.start(), _business_hour(EN_HOURS.get(word) or int(word), t), 0))
    for m in AMPM_RE.finditer(t):
        h = int(m[1]) + (12 if m[2] == "pm" and int(m[1]) < 12 else 0)
        if h <= 23:
            found.append((m.start(), h, 0))
    for m in HALF_RE.finditer(t):
        h = _business_hour(_hour_word(m[3]), t) - 1
        mi = 30
        if m[1]:
            delta = 5 if m[1] == "fem" else 10
            mi += delta if m[2] == "över" else -delta
        found.append((m.start(), h % 24, mi))
    for m in QUARTER_RE.finditer(t):
        h = _business_hour(_hour_word(m[3]), t)
        delta = {"kvart": 15, "fem": 5, "tio": 10, "tjugo": 20}[m[1]]
        if m[2] == "över":
            found.append((m.start(), h % 24, delta))
        else:
            found.append((m.start(), (h - 1) % 24, 60 - delta))
    if not found:
        return None
    # the first one wins; a bare "13.30" only counts when nothing clearer was said
    _, h, mi = min(found)
    return time(h, mi)


def _dateparser_fallback(t: str, now: datetime) -> date | None:
    """Month-name phrases the rules missed ("3rd of Dec", "december the 3rd")."""
    m = re.search(
        rf"(?:\b\d{{1,2}}\w{{0,2}}\s+(?:of\s+)?({_MONTH})\b|\b({_MONTH})\s+(?:the\s+)?\d{{1,2}}\w{{0,2}}\b)",
        t,
    )
    if not m:
        return None
    try:
        import dateparser

        res = dateparser.parse(
            m[0],
            languages=["sv", "en"],
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": now,
                "REQUIRE_PARTS": ["day", "month"],
            },
        )
    except Exception:
        return None
    if res is None:
        return None
    day = re.search(r"\d{1,2}", m[0])
    if day and int(day[0]) != res.day:  # dateparser rolls impossible dates over; refuse those
        return None
    return res.date()


def find_when(t: str, now: datetime, past_hint: bool = False) -> When:
    """Date and time in lower-cased text `t` written at local time `now`."""
    return find_when_in([t], now, past_hint)


def find_when_in(
    regions: list[str], now: datetime, past_hint: bool = False, context: str | None = None
) -> When:
    """Date and time from the first of `regions` that names each (the trip's clause, then its
    sentence, then the rest of the message), so that "Idag sitter jag på kontoret, imorgon åker
    jag till Mora" is tomorrow. `context` (the whole message) gives the week that a weekday alone
    belongs to ("Planering v. 49: … tis: Luleå")."""
    today = now.date()
    clock = None
    for t in regions:
        clock = find_time(t, frozenset(pos for pos, _ in _dot_dates(t, today, past_hint)))
        if clock is not None:
            break
    context = regions[-1] if context is None else context
    for t in regions:
        found = _find_day(t, now, past_hint, clock, context)
        if found is not None:
            day, past, how = found
            if day is None:
                return When(None, False, "impossible date")
            break
    else:
        if clock is None:
            return When(None, False, "no date")
        # a time alone: today if still to come, else tomorrow
        day, past = today if clock >= now.time() else today + timedelta(days=1), False
        how = "time only"
    past = past or day < today
    if clock is not None:
        return When(datetime.combine(day, clock), past, how + " + time")
    return When(day, past, how)


def _find_day(
    t: str, now: datetime, past_hint: bool, clock: time | None, context: str
) -> tuple[date | None, bool, str] | None:
    """The day named in `t`: (day, past, rule); day None for an impossible date; None when `t`
    names no day."""
    today = now.date()
    explicit = _explicit_date(t, today, past_hint)
    if explicit is not None:
        return explicit[0], False, explicit[2]
    if (wk := _week(t, today, context)) is not None:
        return wk[0], False, "week number"
    if rel := REL_RE.search(t):
        offset = 0 if rel[1] else 1 if rel[2] else 2 if rel[3] else -1 if rel[4] else -2
        return today + timedelta(days=offset), False, "relative day"
    later_today = clock is not None and clock > now.time()
    m = IN_DAYS_RE.search(t)
    if m and m[2].startswith(("v", "w")) and (wd := _weekday(t, today)) is not None:
        # "om två veckor på tisdag": the Tuesday of the week that many weeks ahead
        n = int(m[1]) if m[1].isdigit() else NUMBER_WORDS.get(m[1], 1)
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7 * n)
        return monday + timedelta(days=wd[0].weekday()), False, "weekday"
    wd = _weekday(t, today, later_today, context)
    if wd is not None:
        return wd[0], wd[1], "weekday"
    if NEXT_WEEK_RE.search(t):
        # "…nästa vecka, tisdag till torsdag": the weekday said next to it, in that week
        if context is not t and (wd := _weekday(context, today, False, context)) is not None:
            return wd[0], wd[1], "weekday"
        return today - timedelta(days=today.weekday()) + timedelta(days=7), False, "next week"
    if m := IN_DAYS_RE.search(t):
        n = (
            int(m[1])
            if m[1].isdigit()
            else {"a": 1, "one": 1, "two": 2, "three": 3}.get(m[1], NUMBER_WORDS.get(m[1], 1))
        )
        step = 7 if m[2].startswith(("v", "w")) else 1
        return today + timedelta(days=n * step), False, "in n days"
    if NOW_RE.search(t) or IN_HOURS_RE.search(t):
        return today, False, "now"
    if WEEKEND_RE.search(t):
        return today + timedelta(days=(5 - today.weekday()) % 7 or 7), False, "weekend"
    if any(w in t for w in MONTHS) and re.search(r"\d", t):
        day = _dateparser_fallback(t, now)
        if day is not None:
            return day, False, "dateparser"
    return None
