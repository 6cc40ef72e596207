"""iCalendar: an `.ics` invite a person sends the bot, and feeds an admin registers (polled).

Events are translated to `bot.bookings.CalendarEvent` and judged by the core like any calendar
event. Files are read up to MAX_BYTES; the description is read for online-meeting markers only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import aiohttp
import icalendar
from dateutil.rrule import rrulestr
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlmodel import or_, select

from adapters.app import App
from bot.bookings import (
    CalendarEvent,
    event_trip,
    judge_event,
    looks_online,
    turn_for,
)
from bot.messages import Reply
from bot.nudging import may_nudge
from bot.people import people_by_email
from bot.turn import Turn
from storage.db import run_db
from storage.models import IcsFeed, Person

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # invites are kilobytes; a whole year's feed a few megabytes
MAX_EVENTS = 5000
MAX_FILES = 5  # files read from one message
ICS_SUFFIXES = (".ics", ".ical", ".icalendar", ".ifb", ".vcs")
ONLINE_PROPS = (
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGINFORMATION",
)


class IcsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")
    poll_minutes: int = Field(default=60, ge=5, alias="RESFRI_ICS_POLL_MINUTES")


class NotCalendar(ValueError):
    pass


class TooBig(ValueError):
    def __init__(self, size: int, exact: bool = True) -> None:
        super().__init__(f"{size} bytes")
        self.size, self.exact = size, exact  # not exact: reading stopped at the limit


class NotFetched(Exception):
    """The platform did not hand over the file (expired link, no permission)."""


def parse(data: bytes, now: datetime | None = None) -> list[CalendarEvent]:
    """The events in an iCalendar file; NotCalendar/TooBig for anything else. A recurring
    event starts at its next occurrence after `now` (its first one when `now` is None)."""
    if len(data) > MAX_BYTES:
        raise TooBig(len(data))
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise NotCalendar("no VCALENDAR")
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise NotCalendar(str(exc)[:200]) from exc
    if getattr(cal, "name", "") != "VCALENDAR":
        raise NotCalendar("not a VCALENDAR")
    cancelled_all = str(cal.get("METHOD", "")).upper() == "CANCEL"
    events = []
    for component in cal.walk("VEVENT")[:MAX_EVENTS]:
        try:
            events.append(to_event(component, cancelled_all, now))
        except (ValueError, TypeError, AttributeError) as exc:  # one broken event, not the file
            log.info("skipped an unreadable VEVENT: %s", exc)
    return events


def to_event(ev: Any, cancelled_all: bool = False, now: datetime | None = None) -> CalendarEvent:
    start = ev.get("DTSTART")
    start_value = _next_start(ev, start.dt if start is not None else None, now)
    geo = ev.get("GEO")
    description = str(ev.get("DESCRIPTION", ""))
    location = str(ev.get("LOCATION", ""))
    online = any(ev.get(p) for p in ONLINE_PROPS) or looks_online(description, location)
    organiser = str(ev.get("ORGANIZER", "")).removeprefix("mailto:").removeprefix("MAILTO:") or None
    return CalendarEvent(
        reference=str(ev.get("UID", ""))[:128],
        start=_floating(start_value),
        location=location[:500],
        lat=float(geo.latitude) if geo is not None else None,
        lon=float(geo.longitude) if geo is not None else None,
        online=online,
        cancelled=cancelled_all or str(ev.get("STATUS", "")).upper() == "CANCELLED",
        organiser_email=organiser,
        subject=str(ev.get("SUMMARY", ""))[:500],
        recurring=ev.get("RRULE") is not None or ev.get("RECURRENCE-ID") is not None,
        attendees=attendees(ev.get("ATTENDEE")),
    )


NOT_COMING = {"DECLINED", "DELEGATED"}  # a delegate is listed as an attendee of their own
NOT_PEOPLE = {"ROOM", "RESOURCE"}


def attendees(prop: Any) -> tuple[str, ...]:
    """ATTENDEE lines (one or many) to the e-mails of the people invited: not those who
    declined (PARTSTAT), not rooms or equipment (CUTYPE), not NON-PARTICIPANTs (ROLE)."""
    found = []
    for item in prop if isinstance(prop, list) else [prop] if prop is not None else []:
        params = getattr(item, "params", {})
        if str(params.get("PARTSTAT", "")).upper() in NOT_COMING:
            continue
        if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            continue
        if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
            continue
        address = str(item).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        if "@" in address:
            found.append(address.strip()[:254])
    return tuple(found)


def _next_start(ev: Any, start: Any, now: datetime | None) -> Any:
    """A series' next occurrence from `now` (a weekly meeting that began last year is still on);
    the first start when there is no rule or it cannot be read, None-free."""
    rule = ev.get("RRULE")
    if rule is None or now is None or not isinstance(start, (datetime, date)):
        return start
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    after = now if first.tzinfo else now.astimezone(UTC).replace(tzinfo=None)
    try:
        found = rrulestr(rule.to_ical().decode(), dtstart=first).after(after, inc=True)
    except (ValueError, TypeError, OverflowError):  # an UNTIL in another zone, a broken rule
        return start
    if found is None:  # the series has ended
        return start
    return found if isinstance(start, datetime) else found.date()


def _floating(value: Any) -> datetime | date | None:
    """Floating times (no zone) are read in the person's zone later: keep them as naive."""
    return value if isinstance(value, (datetime, date)) else None


def judge_ics(app: App, person: Person, data: bytes, now: datetime | None = None) -> list[Reply]:
    """A file a person sent: nudges for in-person meetings elsewhere, or a clear answer why not.
    Synchronous (database work): async adapters call it through `storage.db.run_db`."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    turn = turn_for(app.repo, app.conversation.config, person, now)
    try:
        events = parse(data, now)
    except (TooBig, NotCalendar) as exc:
        return [_refusal(turn, exc)]
    if not events:
        return [Reply(turn.t("ics.empty"), kind="info")]
    replies: list[Reply] = []
    known = 0
    for event in events:
        event = _zoned(event, turn.tz)
        found = judge_event(app.repo, app.conversation.config, person, event, now)
        replies += found
        if not found and event_trip(event, turn)[0] and may_nudge(turn) is None:
            known += 1  # a trip elsewhere, already suggested
    if replies:
        return replies
    if known:
        return [Reply(turn.t("ics.known"), kind="info")]
    return [Reply(turn.t("ics.nothing", n=len(events)), kind="info")]


def _refusal(turn: Turn, problem: ValueError) -> Reply:
    if isinstance(problem, TooBig):
        mb = round(problem.size / 1024 / 1024, 1)
        shown = f"{mb}" if problem.exact else f"> {MAX_BYTES // 1024 // 1024}"
        return Reply(turn.t("ics.too_big", mb=shown, max=MAX_BYTES // 1024 // 1024), kind="error")
    return Reply(turn.t("ics.not_calendar"), kind="error")


def _zoned(event: CalendarEvent, tz: Any) -> CalendarEvent:
    from dataclasses import replace

    if isinstance(event.start, datetime) and event.start.tzinfo is None:
        return replace(event, start=event.start.replace(tzinfo=tz))
    return event


# --- feeds ------------------------------------------------------------------------------------


def add_feed(app: App, url: str, email: str | None) -> IcsFeed:
    url = url.strip()
    if url.startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    if not url.startswith(("http://", "https://")) or len(url) > 1000:
        raise ValueError("the feed must be an http(s) or webcal URL under 1000 characters")
    with app.repo.session() as s:
        existing = s.exec(select(IcsFeed).where(IcsFeed.url == url)).first()
        feed = existing or IcsFeed(url=url)
        feed.owner_email = (email or "").strip().lower() or None
        s.add(feed)
        s.commit()
        s.refresh(feed)
        return feed


def _due_feeds(app: App, now: datetime, every: timedelta) -> list[IcsFeed]:
    with app.repo.session() as s:
        return list(
            s.exec(
                select(IcsFeed).where(
                    or_(IcsFeed.last_polled_at.is_(None), IcsFeed.last_polled_at <= now - every)
                )
            )
        )  # type: ignore[union-attr]


def _mark_polled(app: App, feed_id: int, now: datetime, etag: str | None) -> None:
    with app.repo.session() as s:
        feed = s.get(IcsFeed, feed_id)
        if feed is not None:
            feed.last_polled_at = now
            if etag is not None:  # "" forgets it: the next poll reads the whole feed
                feed.etag = etag or None
            s.add(feed)
            s.commit()


async def fetch(session: aiohttp.ClientSession, feed: IcsFeed) -> tuple[int, bytes, str | None]:
    """GET the feed (If-None-Match), reading at most MAX_BYTES; TooBig beyond that."""
    headers = {"If-None-Match": feed.etag} if feed.etag else {}
    async with session.get(feed.url, headers=headers) as res:
        if res.status != 200:
            return res.status, b"", None
        return 200, await _read_capped(res), res.headers.get("ETag")


async def _read_capped(res: aiohttp.ClientResponse) -> bytes:
    """The body, or TooBig as soon as it passes MAX_BYTES (the rest is never read)."""
    if (res.content_length or 0) > MAX_BYTES:
        raise TooBig(res.content_length or 0)
    data = bytearray()
    async for chunk in res.content.iter_chunked(64 * 1024):
        data += chunk
        if len(data) > MAX_BYTES:
            raise TooBig(len(data), exact=False)
    return bytes(data)


# --- files sent to the bot (Slack and Teams translate theirs to Upload) --------------------


@dataclass(frozen=True)
class Upload:
    name: str
    url: str
    mime: str = ""
    size: int | None = None  # as the platform declared it, when it does
    headers: dict[str, str] = field(default_factory=dict)  # e.g. Slack's bot token


def is_calendar_file(name: str, mime: str) -> bool:
    return name.lower().endswith(ICS_SUFFIXES) or mime.lower().startswith("text/calendar")


async def download(upload: Upload) -> bytes:
    """A file a person sent, at most MAX_BYTES: a declared 20 MB is refused without reading it."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise TooBig(upload.size)
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(upload.url, headers=upload.headers, allow_redirects=True) as res,
    ):
        if res.status != 200:
            raise NotFetched(f"HTTP {res.status}")
        return await _read_capped(res)


async def answer_files(
    app: App, person: Person, uploads: list[Upload], now: datetime | None = None
) -> list[Reply]:
    """What the person is told about the files they sent: nudges, or why there are none. Other
    files are not downloaded at all (we read calendars, nothing else)."""
    replies: list[Reply] = []
    for upload in uploads[:MAX_FILES]:
        try:
            if not is_calendar_file(upload.name, upload.mime):
                raise NotCalendar(upload.mime or upload.name)
            data = await download(upload)
        except (TooBig, NotCalendar) as exc:
            replies += await run_db(_refuse, app, person, exc)
            continue
        except (NotFetched, aiohttp.ClientError, TimeoutError) as exc:
            log.info("a file sent to the bot could not be fetched: %s", exc)
            replies += await run_db(_refuse, app, person, None)
            continue
        replies += await run_db(judge_ics, app, person, data, now)
    return replies


def _refuse(app: App, person: Person, problem: ValueError | None) -> list[Reply]:
    turn = turn_for(app.repo, app.conversation.config, person, datetime.now(UTC))
    if problem is None:
        return [Reply(turn.t("ics.unreadable"), kind="error")]
    return [_refusal(turn, problem)]


async def poll_feeds(app: App, now: datetime | None = None) -> int:
    """Poll the feeds that are due; judge their events for the feed's owner. Returns nudges sent."""
    from adapters.sources import deliver

    now = (now or datetime.now(UTC)).astimezone(UTC)
    every = timedelta(minutes=IcsSettings().poll_minutes)
    nudged = 0
    feeds = await run_db(_due_feeds, app, now, every)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for feed in feeds:
            status, etag = 0, None
            try:
                status, data, etag = await fetch(session, feed)
                if status == 200:
                    sent, complete = await _judge_feed(app, feed, data, now, deliver)
                    nudged += sent
                    if not complete:  # read it whole again next time, not a 304
                        etag = ""
                elif status != 304:
                    log.warning("ICS feed %s answered %s", feed.id, status)
            except (aiohttp.ClientError, TimeoutError, TooBig, NotCalendar) as exc:
                log.warning("ICS feed %s not read: %s", feed.id, exc.__class__.__name__)
            await run_db(_mark_polled, app, feed.id, now, etag if status == 200 else None)
    return nudged


def _all_feeds(app: App) -> list[IcsFeed]:
    with app.repo.session() as s:
        return list(s.exec(select(IcsFeed).order_by(IcsFeed.id)))  # type: ignore[arg-type]


async def check_feeds(app: App) -> list[tuple[IcsFeed, str | None, int]]:
    """Fetch every feed (no ETag) and parse it: (feed, what is wrong or None, events read)."""
    results: list[tuple[IcsFeed, str | None, int]] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for feed in await run_db(_all_feeds, app):
            try:
                status, data, _ = await fetch(session, IcsFeed(url=feed.url))  # no ETag
                if status != 200:
                    results.append((feed, f"HTTP {status}", 0))
                    continue
                results.append((feed, None, len(parse(data))))
            except TooBig:
                results.append((feed, f"larger than {MAX_BYTES // 1024 // 1024} MB", 0))
            except NotCalendar:
                results.append((feed, "not iCalendar", 0))
            except (aiohttp.ClientError, TimeoutError) as exc:
                results.append((feed, f"unreachable ({exc.__class__.__name__})", 0))
    return results


async def _judge_feed(
    app: App, feed: IcsFeed, data: bytes, now: datetime, deliver: Any
) -> tuple[int, bool]:
    """(nudges sent, whether the feed was judged and delivered in full). An owner not known
    yet, or a nudge not delivered, leaves the feed to be read whole at the next poll."""
    people = await run_db(people_by_email, app.repo, feed.owner_email)
    if not people:
        log.info("ICS feed %s has no known owner (yet): not judged", feed.id)
        return 0, False
    person = people[0]
    events = parse(data, now)

    def judge_all() -> list[Reply]:
        turn = turn_for(app.repo, app.conversation.config, person, now)
        replies: list[Reply] = []
        for event in events:
            replies += judge_event(
                app.repo, app.conversation.config, person, _zoned(event, turn.tz), now
            )
        return replies

    replies = await run_db(judge_all)
    if not replies:
        return 0, True
    delivered = await deliver(app, person, replies)
    return (len(replies), True) if delivered else (0, False)
