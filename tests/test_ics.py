"""iCalendar invites a person sends, and feeds polled on a schedule from a local calendar host."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from sqlmodel import Session, select

from adapters import ics
from adapters.app import build_app
from bot.places import resolve_place
from bot.savings import estimate
from storage.models import IcsFeed, Suggestion
from tests.conftest import make_settings


def invite(
    start: datetime,
    location: str = "Kommunhuset, Mora",
    extra: str = "",
    method: str = "REQUEST",
    uid: str = "uid-1@kommun.se",
    summary: str = "Styrgrupp",
    organizer: str = "karin@mora.se",
) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        f"METHOD:{method}\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
        f"DTSTART;TZID=Europe/Stockholm:{start:%Y%m%dT%H%M%S}\r\n"
        f"DTEND;TZID=Europe/Stockholm:{start + timedelta(hours=2):%Y%m%dT%H%M%S}\r\n"
        f"SUMMARY:{summary}\r\nLOCATION:{location}\r\nORGANIZER:mailto:{organizer}\r\n{extra}"
        "DESCRIPTION:Välkomna! Fika från 9.30.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def later(days: int = 7) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0, tzinfo=None
    )


@pytest.fixture
def core(engine):
    return build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun"), engine)


def person(core, lang: str = "sv", user: str = "web-anna", email: str = "anna@falun.se"):
    return core.repo.person("web", "", user, email=email, locale=lang)


def suggestions(core) -> list[Suggestion]:
    with Session(core.engine) as s:
        return list(s.exec(select(Suggestion)))


def test_an_invite_to_another_town_gets_a_nudge_once(core):
    anna = person(core)
    [nudge] = ics.judge_ics(core, anna, invite(later()))
    assert nudge.kind == "nudge" and "Mora" in nudge.text and "kl 10:00" in nudge.text
    [sug] = suggestions(core)
    assert sug.source == "calendar" and sug.has_time and sug.destination == "Mora"
    [again] = ics.judge_ics(core, anna, invite(later()))  # the same invite sent twice
    assert again.kind == "info" and "redan" in again.text and len(suggestions(core)) == 1


def test_online_cancelled_past_and_local_invites_get_a_polite_nothing(core):
    anna = person(core)
    teams = "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3a1\r\n"
    for data in (
        invite(later(), extra=teams),
        invite(later(), "Microsoft Teams-möte"),
        invite(later(), method="CANCEL"),
        invite(later(-3)),
        invite(later(), "Stadshuset, Falun"),
        invite(later(), summary="Inställt: Styrgrupp"),
        invite(later(), summary="Tillsyn hos Mora Bygg AB"),
        invite(later(), ""),
    ):
        [reply] = ics.judge_ics(core, anna, data)
        assert reply.kind == "info" and "inget att spara" in reply.text
    assert suggestions(core) == []


def test_a_place_given_only_by_geo_coordinates_is_judged_by_them(core):
    anna = person(core)
    geo = "GEO:60.4858;15.4371\r\n"  # Borlänge, about 20 km from Falun
    [nudge] = ics.judge_ics(core, anna, invite(later(), "Konferensgården Lyktan", extra=geo))
    assert nudge.kind == "nudge"
    [sug] = suggestions(core)
    assert sug.km > 20 and sug.origin == "Falun"


def test_files_that_are_not_icalendar_or_too_big_get_a_clear_answer(core):
    anna = person(core, lang="en", user="web-anne", email="anne@falun.se")
    for data in (
        b"hello, this is a CSV;1;2",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEND:VCARD\r\n",
    ):
        [reply] = ics.judge_ics(core, anna, data)
        assert reply.kind == "error" and "calendar file" in reply.text
    huge = b"BEGIN:VCALENDAR\r\n" + b"X" * (20 * 1024 * 1024)
    [reply] = ics.judge_ics(core, anna, huge)
    assert reply.kind == "error" and "too large (20.0 MB)" in reply.text and "10 MB" in reply.text
    [reply] = ics.judge_ics(core, anna, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    assert reply.kind == "info" and "no events" in reply.text


class CalendarHost:
    """A calendar server publishing a feed with an ETag (as Outlook/Google publish them)."""

    def __init__(self) -> None:
        self.body = b""
        self.gets: list[str | None] = []
        self.url = ""

    async def start(self) -> CalendarHost:
        app = web.Application()
        app.router.add_get("/anna.ics", self.feed)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/anna.ics"  # type: ignore[union-attr]
        return self

    async def feed(self, request: web.Request) -> web.Response:
        etag = f'"{hash(self.body) & 0xFFFFFF:x}"'
        self.gets.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304)
        return web.Response(body=self.body, content_type="text/calendar", headers={"ETag": etag})


async def test_a_feed_is_polled_when_due_and_changes_are_nudged_once(core):
    host = await CalendarHost().start()
    try:
        anna = person(core)
        host.body = invite(later(5))
        ics.add_feed(core, host.url, "ANNA@falun.se")
        now = datetime.now(UTC)
        assert await ics.poll_feeds(core, now) == 1
        [nudge] = core.web_inbox.take(anna.user_id)
        assert nudge.kind == "nudge" and "Mora" in nudge.text

        assert await ics.poll_feeds(core, now + timedelta(minutes=5)) == 0  # not due yet
        assert len(host.gets) == 1
        assert await ics.poll_feeds(core, now + timedelta(hours=2)) == 0  # due: 304 unchanged
        assert host.gets[-1] is not None and len(suggestions(core)) == 1

        host.body = invite(later(5)) + b""  # unchanged content, then a second meeting
        host.body = host.body.replace(
            b"END:VCALENDAR",
            invite(later(6), "Rättvik", uid="uid-2").split(b"METHOD:REQUEST\r\n")[1],
        )
        assert await ics.poll_feeds(core, now + timedelta(hours=4)) == 1
        assert sorted(s.destination for s in suggestions(core)) == ["Mora", "Rättvik"]
    finally:
        await host.runner.cleanup()


async def test_a_broken_or_oversized_feed_is_logged_and_marked_polled(core, caplog):
    host = await CalendarHost().start()
    try:
        person(core)
        host.body = b"<html>Not found</html>"
        ics.add_feed(core, host.url, "anna@falun.se")
        assert await ics.poll_feeds(core, datetime.now(UTC)) == 0
        assert "not read: NotCalendar" in caplog.text
        with Session(core.engine) as s:
            [feed] = s.exec(select(IcsFeed)).all()
        assert feed.last_polled_at is not None
    finally:
        await host.runner.cleanup()


def test_a_weekly_series_that_began_weeks_ago_is_nudged_once_for_its_next_meeting(core):
    anna = person(core)
    began = later(-20)  # three Tuesdays ago, say: the series is still on
    weekly = invite(began, extra="RRULE:FREQ=WEEKLY;COUNT=30\r\n")
    [nudge] = ics.judge_ics(core, anna, weekly)
    assert nudge.kind == "nudge" and "återkommande" in nudge.text  # the Dalsland advice
    [sug] = suggestions(core)
    assert sug.recurring and sug.trip_date > datetime.now(UTC)
    assert (sug.trip_date.date() - began.date()).days % 7 == 0  # one of the series' days
    # Next week the next occurrence is another day, but it is the same series: no new nudge.
    [again] = ics.judge_ics(core, anna, weekly, now=datetime.now(UTC) + timedelta(days=7))
    assert again.kind == "info" and len(suggestions(core)) == 1


def test_a_series_that_has_ended_is_not_nudged(core):
    anna = person(core)
    ended = invite(later(-60), extra="RRULE:FREQ=WEEKLY;COUNT=3\r\n")
    [reply] = ics.judge_ics(core, anna, ended)
    assert reply.kind == "info" and suggestions(core) == []


async def test_a_feed_whose_owner_is_not_known_yet_is_judged_once_they_are(core):
    host = await CalendarHost().start()
    try:
        host.body = invite(later(5))
        ics.add_feed(core, host.url, "anna@falun.se")
        now = datetime.now(UTC)
        assert await ics.poll_feeds(core, now) == 0  # nobody with that e-mail has written yet
        anna = person(core)  # Anna says hello to the bot
        assert await ics.poll_feeds(core, now + timedelta(hours=2)) == 1
        assert host.gets[-1] is None  # read whole, not answered 304 for an unchanged feed
        [nudge] = core.web_inbox.take(anna.user_id)
        assert "Mora" in nudge.text
    finally:
        await host.runner.cleanup()


# --- ATTENDEE lines ----------------------------------------------------------------------------

ATTENDEES = (
    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Karin Berg:mailto:karin.berg@mora.se\r\n"
    "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Lars Ek:MAILTO:Lars.Ek@ludvika.se\r\n"
    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN=Per Holm:mailto:per.holm@mora.se\r\n"
    "ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Kopparvågen:mailto:kopparvagen@falun.se\r\n"
    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=TENTATIVE;CN=Eva Sund:mailto:eva.sund@falun.se\r\n"
    "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Jonas Vik:mailto:jonas.vik@dalarnasforbund.se\r\n"
    "ATTENDEE;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN=Anna Lind:mailto:anna@falun.se\r\n"
)


def at_home(core, email: str, town: str):
    place = resolve_place(town)
    found = person(core, user=f"web-{email}", email=email)
    return core.repo.update_person(
        found.id, home_name=place.name, home_lat=place.lat, home_lon=place.lon
    )


def test_an_invite_anna_organises_at_home_is_nudged_for_the_attendees_who_travel(core):
    anna = person(core)
    for email, town in (("karin.berg@mora.se", "Mora"), ("lars.ek@ludvika.se", "Ludvika"),
                        ("per.holm@mora.se", "Mora"), ("eva.sund@falun.se", "Falun")):  # fmt: skip
        at_home(core, email, town)
    data = invite(later(), "Stadshuset, Falun", extra=ATTENDEES, organizer="Anna@Falun.se")
    [nudge] = ics.judge_ics(core, anna, data)
    assert nudge.kind == "nudge" and "Mötet i Falun" in nudge.text
    assert "2 resenärer" in nudge.note and "Mora och Ludvika" in nudge.note
    assert "1 av deltagarna kunde jag inte räkna med" in nudge.note  # Jonas; not Per, the room
    [sug] = suggestions(core)
    dest = resolve_place("Falun")
    want = sum(estimate(resolve_place(t), dest, None, 1).km for t in ("Mora", "Ludvika"))
    assert (sug.participants, sug.origin) == (2, "Mora, Ludvika")
    assert sug.km == pytest.approx(want)
    [again] = ics.judge_ics(core, anna, data)  # the same invite once more
    assert again.kind == "info" and "redan" in again.text and len(suggestions(core)) == 1


def test_an_invite_with_only_local_or_declining_attendees_is_nothing_to_save(core):
    anna = person(core)
    at_home(core, "per.holm@mora.se", "Mora")
    at_home(core, "eva.sund@falun.se", "Falun")
    lines = "".join(line + "\r\n" for line in ATTENDEES.split("\r\n") if "karin" not in line
                    and "Lars" not in line and line)  # fmt: skip
    data = invite(later(), "Stadshuset, Falun", extra=lines, organizer="anna@falun.se")
    [reply] = ics.judge_ics(core, anna, data)
    assert reply.kind == "info" and "inget att spara" in reply.text and suggestions(core) == []


def test_an_attendees_own_copy_counts_only_their_own_trip(core):
    karin = at_home(core, "karin.berg@mora.se", "Mora")
    at_home(core, "lars.ek@ludvika.se", "Ludvika")
    data = invite(later(), "Stadshuset, Falun", extra=ATTENDEES, organizer="anna@falun.se")
    [nudge] = ics.judge_ics(core, karin, data)  # Karin sends the bot her invite
    assert nudge.kind == "nudge" and "resenärer" not in (nudge.note or "")
    [sug] = suggestions(core)
    assert (sug.person_id, sug.participants, sug.origin) == (karin.id, 1, "Mora")


def test_travellers_from_near_and_far_are_summed_with_each_ones_mode(core):
    anna = person(core)
    at_home(core, "karin.berg@mora.se", "Mora")  # 92 km by road: car
    at_home(core, "lars.ek@ludvika.se", "Ludvika")  # car
    at_home(core, "jonas.vik@dalarnasforbund.se", "Stockholm")  # about 220 km: train
    data = invite(later(), "Stadshuset, Falun", extra=ATTENDEES, organizer="anna@falun.se")
    [nudge] = ics.judge_ics(core, anna, data)
    assert "bil och tåg, 3 resenärer" in nudge.note and "1 av deltagarna" in nudge.note  # Eva
    [sug] = suggestions(core)
    falun = resolve_place("Falun")
    parts = [estimate(resolve_place(t), falun, None, 1) for t in ("Mora", "Ludvika", "Stockholm")]
    assert [p.mode for p in parts] == ["car", "car", "train"]
    assert sug.mode == "car"  # the mode most of them use, for the one column there is
    assert sug.km == pytest.approx(sum(p.km for p in parts))
    assert sug.kg_co2 == pytest.approx(sum(p.kg_co2 for p in parts))
    assert sug.origin == "Mora, Ludvika +1"
