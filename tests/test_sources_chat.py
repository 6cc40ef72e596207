"""Booking sources reaching people on their real platform, end to end over loopback HTTP: Graph
(fake), the Teams connector (fake) and Slack's Web API (fake) on one side, our server on the
other. People are known by the e-mail their platform gives (Teams UPN, Slack profile)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from sqlmodel import Session, select

from adapters import graph, sources
from adapters.app import App, build_app
from adapters.server import make_web_app
from bot.places import resolve_place
from bot.savings import estimate
from storage.models import Person, Suggestion, TripRecord, WebMeeting
from tests.conftest import make_settings
from tests.fakes.bot_connector import Call, FakeConnector
from tests.fakes.file_host import FileHost
from tests.fakes.graph_api import FakeGraph
from tests.fakes.slack_api import FakeSlackAPI, SlackSender
from tests.test_graph import graph_env, soon

PAYLOADS = Path(__file__).parent / "payloads"
ANNA = "anna.lind@falun.se"
ANNA_CHAT = "a:1Xk9Yp0personalAnna"
ANNA_TEAMS_ID = "29:1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-anna"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
HOOK_SECRET = "hook-secret-of-the-travel-system"


def load(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Connector(FakeConnector):
    """The Bot Framework connector, answering member lookups as Teams does (email and UPN)."""

    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    lookups: int = 0

    def web_app(self) -> web.Application:
        app = super().web_app()
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        return app

    async def _member(self, request: web.Request) -> web.Response:
        self.lookups += 1
        member = self.members.get(request.match_info["member"])
        if member is None:
            return web.json_response(
                {"error": {"code": "MemberNotFoundInConversation", "message": "Member not found"}},
                status=404,
            )
        return web.json_response(member)


@dataclass
class World:
    app: App
    web_app: web.Application
    url: str
    graph: FakeGraph
    teams: Connector
    slack_api: FakeSlackAPI
    slack: SlackSender
    files: FileHost

    def rows(self, model: Any) -> list[Any]:
        with Session(self.app.engine) as s:
            return list(s.exec(select(model)))

    def teams_activity(self, name: str = "teams/personal_message", **changes: Any) -> dict:
        body = load(name)
        body["serviceUrl"] = self.teams.url
        body.update(changes)
        return body

    async def to_teams(self, body: dict[str, Any]) -> int:
        async with ClientSession() as s, s.post(f"{self.url}/api/messages", json=body) as res:
            return res.status

    def cards(self, conversation: str = ANNA_CHAT, with_choices: bool = False) -> list[Call]:
        return [
            c
            for c in self.teams.sent(conversation)
            if c.card and (c.card.get("actions") or not with_choices)
        ]

    async def booking(self, **fields: Any) -> tuple[int, dict[str, Any]]:
        body = json.dumps({"traveller_email": ANNA, "reference": "BK-1", **fields}).encode()
        ts = str(int(time.time()))
        mac = hmac.new(HOOK_SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256)
        headers = {
            "X-Resfri-Timestamp": ts,
            "X-Resfri-Signature": "sha256=" + mac.hexdigest(),
            "Content-Type": "application/json",
        }
        async with (
            ClientSession() as s,
            s.post(f"{self.url}/hooks/travel", data=body, headers=headers) as res,
        ):
            return res.status, await res.json()


@pytest.fixture
async def world(engine, monkeypatch):
    fake_graph = await FakeGraph().start()
    teams = await Connector().start()
    teams.members[ANNA_TEAMS_ID] = load("sources/teams_member")
    slack_api = await FakeSlackAPI().start()
    files = await FileHost().start()
    graph_env(monkeypatch, fake_graph)
    settings = make_settings(
        RESFRI_DEFAULT_ORIGIN="Falun",
        RESFRI_QUIET_HOURS="0-0",
        GRAPH_API_URL=fake_graph.url,
        RESFRI_TRAVEL_HOOK_SECRET=HOOK_SECRET,
        SLACK_SIGNING_SECRET=SLACK_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack_api.url,
    )
    app = build_app(settings, engine)
    web_app = make_web_app(app, "127.0.0.1", run_scheduler=False)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    monkeypatch.setenv("RESFRI_PUBLIC_URL", url)
    fake_graph.add_user(ANNA)
    sender = SlackSender(f"{url}/slack/events", SLACK_SECRET, slack_api)
    yield World(app, web_app, url, fake_graph, teams, slack_api, sender, files)
    await runner.cleanup()
    for stop in (fake_graph.stop, teams.close, slack_api.stop, files.stop):
        await stop()


async def anna_says_hello_in_teams(world: World) -> Person:
    assert await world.to_teams(world.teams_activity(text="hej")) == 200
    [anna] = [p for p in world.rows(Person) if p.platform == "teams"]
    return anna


async def calendar_event_in_mora(
    world: World, days: int = 5, template: str = "event_in_person", **changes: Any
) -> None:
    await graph.connect(world.app, [ANNA])
    event_id = world.graph.put_event(ANNA, template, start=soon(days), **changes)
    assert await world.graph.notify(ANNA, event_id) == 202
    await sources.drain(world.web_app)


def card_text(call: Call) -> str:
    return "\n".join(b.get("text", "") for b in call.card["body"] if b["type"] == "TextBlock")


def said(call: Call) -> str:
    """What the person reads in an activity: its text or its card's."""
    return (call.body.get("text") or "") + (card_text(call) if call.card else "")


# --- Microsoft 365 calendar -> Teams -------------------------------------------------------------


async def test_a_calendar_event_in_another_town_reaches_the_organiser_in_teams_who_accepts(world):
    anna = await anna_says_hello_in_teams(world)
    assert anna.email == "Anna.Lind@falun.se"  # the member's e-mail, from the connector
    assert world.teams.lookups == 1

    await calendar_event_in_mora(world)  # the organiser is written anna.lind@falun.se

    [card] = [c for c in world.cards() if "Mora" in card_text(c)]
    assert "Från din kalender" in card_text(card)
    data = [a["data"] for a in card.card["actions"]]
    assert [d["choice"] for d in data] == ["accept", "travel", "not_trip"]
    facts = {
        f["title"]: f["value"]
        for b in card.card["body"]
        if b["type"] == "FactSet"
        for f in b["facts"]
    }
    assert facts["Sträcka"].endswith("km") and facts["Koldioxid"].endswith("kg")

    press = world.teams_activity(
        "teams/card_submit", id="f:press-1", replyToId=card.response_id, value=data[0]
    )
    assert await world.to_teams(press) == 200
    [update] = world.teams.updates()
    assert update.activity_id == card.response_id and "Toppen" in card_text(update)
    [sug] = world.rows(Suggestion)
    assert (sug.status, sug.source, sug.person_id, sug.destination) == (
        "accepted",
        "calendar",
        anna.id,
        "Mora",
    )
    [meeting] = world.rows(WebMeeting)
    assert meeting.suggestion_id == sug.id and meeting.km > 100
    assert len(world.rows(Person)) == 1  # nobody was created along the way


async def test_without_an_e_mail_from_teams_the_calendar_finds_nobody(world):
    world.teams.members.clear()  # the lookup fails (404): the turn still works
    assert await world.to_teams(world.teams_activity(text="hej")) == 200
    assert world.teams.sent(ANNA_CHAT)  # answered as usual
    [anna] = world.rows(Person)
    assert anna.email is None
    await calendar_event_in_mora(world)
    assert world.rows(Suggestion) == [] and len(world.teams.sent(ANNA_CHAT)) == 1


async def test_colleagues_travelling_to_the_organisers_town_reach_her_in_teams_who_accepts(world):
    anna = await anna_says_hello_in_teams(world)
    for email, town in (("karin.berg@mora.se", "Mora"), ("lars.ek@ludvika.se", "Ludvika"),
                        ("sara.nord@borlange.se", "Borlänge"), ("per.holm@mora.se", "Mora")):  # fmt: skip
        place = resolve_place(town)
        known = world.app.repo.person("teams", "t", f"29:{email}", email=email)
        world.app.repo.update_person(
            known.id, home_name=place.name, home_lat=place.lat, home_lon=place.lon
        )
    await calendar_event_in_mora(world, template="event_with_attendees")  # at Stadshuset, Falun

    [card] = world.cards(with_choices=True)
    assert "Mötet i Falun" in card_text(card) and "Från din kalender" in card_text(card)
    assert "3 resenärer" in card_text(card) and "Mora, Ludvika och Borlänge" in card_text(card)
    facts = {
        f["title"]: f["value"]
        for b in card.card["body"]
        if b["type"] == "FactSet"
        for f in b["facts"]
    }
    falun = resolve_place("Falun")
    km = sum(estimate(resolve_place(t), falun, None, 1).km for t in ("Mora", "Ludvika", "Borlänge"))
    assert facts["Sträcka"] == f"{round(km)} km"  # three round trips, not Per's (declined)
    data = [a["data"] for a in card.card["actions"]]
    press = world.teams_activity(
        "teams/card_submit", id="f:press-9", replyToId=card.response_id, value=data[0]
    )
    assert await world.to_teams(press) == 200
    [sug] = world.rows(Suggestion)
    assert (sug.status, sug.person_id, sug.participants) == ("accepted", anna.id, 3)
    [meeting] = world.rows(WebMeeting)
    assert meeting.suggestion_id == sug.id and meeting.km == pytest.approx(km)


# --- ... -> Slack, and one person on both ----------------------------------------------------------


async def slack_hello(world: World, email: str) -> None:
    world.slack_api.add_user("U1", email=email)
    assert (await world.slack.event(text="hej")).status == 200
    await world.slack_api.wait_for("chat.postMessage")


async def test_a_calendar_event_reaches_a_slack_user_matched_by_profile_email(world):
    await slack_hello(world, "ANNA.LIND@Falun.se")  # case differs from the calendar's
    await calendar_event_in_mora(world)
    [_, nudge] = await world.slack_api.wait_for("chat.postMessage", 2)
    assert nudge.params["channel"] == "D1" and "Mora" in nudge.params["text"]
    [sug] = world.rows(Suggestion)
    [slack_person] = world.rows(Person)
    assert sug.person_id == slack_person.id and slack_person.platform == "slack"


async def test_one_person_on_slack_and_teams_gets_one_nudge_and_no_duplicate(world):
    await slack_hello(world, ANNA)
    await anna_says_hello_in_teams(world)
    await calendar_event_in_mora(world)
    await calendar_event_in_mora(world, days=5)  # the same meeting seen again (another copy)
    slack_nudges = [c for c in world.slack_api.of("chat.postMessage") if "Mora" in c.params["text"]]
    teams_nudges = [c for c in world.cards() if "Mora" in card_text(c)]
    assert len(slack_nudges) + len(teams_nudges) == 1
    assert len(world.rows(Suggestion)) == 1 and len(world.rows(Person)) == 2


# --- one trip from three sources -------------------------------------------------------------------


async def test_the_same_trip_from_calendar_booking_and_chat_gives_one_suggestion(world):
    await anna_says_hello_in_teams(world)
    await calendar_event_in_mora(world, days=6)
    assert len(world.cards(with_choices=True)) == 1
    day = soon(6).astimezone(UTC).date()
    status, answer = await world.booking(destination="Mora", depart=day.isoformat(), mode="bil")
    assert status == 201 and answer["recorded"] and not answer["nudged"]  # counted, not nudged
    chat = world.teams_activity(
        text=f"Jag kör till Mora den {day.day}/{day.month} på styrgruppen", id="msg-chat-2"
    )
    assert await world.to_teams(chat) == 200
    assert len(world.rows(Suggestion)) == 1 and len(world.cards(with_choices=True)) == 1
    assert "redan" in said(world.teams.sent(ANNA_CHAT)[-1])  # chat says it was suggested
    [trip] = world.rows(TripRecord)
    assert trip.destination == "Mora" and trip.person_id == world.rows(Suggestion)[0].person_id


# --- .ics invites sent as files --------------------------------------------------------------------


def invite(days: int = 7, town: str = "Kommunhuset, Mora") -> bytes:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=10, minute=0, second=0)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008@falun.se\r\n"
        f"DTSTART;TZID=Europe/Stockholm:{start:%Y%m%dT%H%M%S}\r\n"
        f"DTEND;TZID=Europe/Stockholm:{start + timedelta(hours=2):%Y%m%dT%H%M%S}\r\n"
        f"SUMMARY:Styrgrupp\r\nLOCATION:{town}\r\nORGANIZER:mailto:karin@mora.se\r\n"
        "DESCRIPTION:Välkomna!\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def slack_file_event(world: World, **file_changes: Any) -> str:
    body = load("sources/slack_file_share_im")
    item = body["event"]["files"][0]
    item.update(file_changes)
    body["event_id"] = f"EvF{time.monotonic_ns()}"
    return json.dumps(body)


async def test_an_ics_invite_sent_in_a_slack_dm_gets_a_nudge(world):
    world.slack_api.add_user("U1", email=ANNA)
    world.files.token = "xoxb-test"
    url = world.files.put("files-pri/T_FAKE-F07QWERTY12/download/inbjudan.ics", invite())
    assert (await world.slack.post(slack_file_event(world, url_private_download=url))).status == 200
    [answer] = await world.slack_api.wait_for("chat.postMessage")
    assert answer.params["channel"] == "D1"
    assert "Mora" in answer.params["text"] and "kalender" in answer.params["text"]
    blocks = answer.params["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    ids = [
        e["action_id"].split(":")[0]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert ids == ["accept", "travel", "not_trip"]
    [got] = world.files.gets
    assert got.authorization == "Bearer xoxb-test"  # the bot token, to Slack's file host only
    [sug] = world.rows(Suggestion)
    assert sug.source == "calendar" and sug.destination == "Mora"


async def test_files_in_slack_that_are_not_calendars_or_too_big_get_a_polite_answer(world):
    world.slack_api.add_user("U1", email=ANNA, locale="en-GB")
    world.files.token = "xoxb-test"
    pdf = world.files.put("files-pri/T_FAKE-F1/download/agenda.pdf", b"%PDF-1.7\n")
    html = world.files.put("files-pri/T_FAKE-F2/download/inbjudan.ics", b"<html>hi</html>")
    cases = [
        dict(name="agenda.pdf", mimetype="application/pdf", url_private_download=pdf),
        dict(size=20 * 1024 * 1024, url_private_download=world.files.url + "never-fetched"),
        dict(url_private_download=html),
        dict(url_private_download="https://evil.example.org/steal"),
    ]
    for n, case in enumerate(cases, 1):
        await world.slack.post(slack_file_event(world, **case))
        await world.slack_api.wait_for("chat.postMessage", n)
    said = [c.params["text"] for c in world.slack_api.of("chat.postMessage")]
    assert "doesn't look like a calendar file" in said[0]
    assert "too large (20.0 MB)" in said[1] and "10 MB" in said[1]
    assert "doesn't look like a calendar file" in said[2]
    assert "couldn't fetch" in said[3]
    # Neither the PDF nor the 20 MB file was downloaded; nothing went outside Slack's hosts.
    assert [g.path for g in world.files.gets] == ["files-pri/T_FAKE-F2/download/inbjudan.ics"]
    assert world.rows(Suggestion) == []


async def test_an_ics_invite_sent_in_teams_gets_a_nudge_and_a_huge_one_is_refused(world):
    url = world.files.put("personal/anna/download.aspx", invite())
    body = world.teams_activity("sources/teams_file_message")
    body["attachments"][0]["content"]["downloadUrl"] = url
    assert await world.to_teams(body) == 200
    [card] = world.cards(with_choices=True)
    assert "Mora" in card_text(card) and "Från din kalender" in card_text(card)
    assert [a["data"]["choice"] for a in card.card["actions"]] == ["accept", "travel", "not_trip"]
    assert world.files.gets[0].authorization is None  # a pre-authorised link: no token sent

    big = world.files.put("personal/anna/big.aspx", b"BEGIN:VCALENDAR\r\n" + b"X" * 20_000_000)
    body = world.teams_activity("sources/teams_file_message", id="file-2")
    body["attachments"][0]["content"]["downloadUrl"] = big
    assert await world.to_teams(body) == 200
    refusal = said(world.teams.sent(ANNA_CHAT)[-1])
    assert "för stor" in refusal and "10 MB" in refusal
    assert len(world.rows(Suggestion)) == 1


async def test_a_trip_suggested_in_teams_is_not_nudged_again_when_mentioned_in_slack(world):
    await slack_hello(world, ANNA)
    await anna_says_hello_in_teams(world)
    await calendar_event_in_mora(world, days=6)
    assert len(world.rows(Suggestion)) == 1
    day = soon(6).astimezone(UTC).date()
    text = f"Jag kör till Mora den {day.day}/{day.month} på styrgruppen"
    assert (await world.slack.event(text=text)).status == 200
    [*_, answer] = await world.slack_api.wait_for("chat.postMessage", 2 + len(
        [c for c in world.slack_api.of("chat.postMessage") if "Mora" in c.params["text"]]
    ))
    assert "redan" in answer.params["text"]  # the same human, the same trip: already suggested
    assert len(world.rows(Suggestion)) == 1


# --- a travel booking -> Slack -------------------------------------------------------------------


async def test_a_signed_booking_nudges_the_traveller_in_slack_who_holds_it_online(world):
    await slack_hello(world, "Anna.Lind@Falun.se")
    depart = (datetime.now(UTC) + timedelta(days=12)).date().isoformat()
    status, answer = await world.booking(
        destination="Stockholm", origin="Falun", depart=depart, mode="tåg", purpose="Konferens"
    )
    assert status == 201 and answer["matched"] and answer["nudged"]
    [_, nudge] = await world.slack_api.wait_for("chat.postMessage", 2)
    assert nudge.params["channel"] == "D1" and "resebokning" in nudge.params["text"]
    assert "Stockholm" in nudge.params["text"] and "tåg" in nudge.params["text"]
    blocks = nudge.params["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    accept = next(
        e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]
        if e["action_id"].startswith("accept:")
    )
    message = {"ts": "1700000000.000002", "blocks": blocks, "text": nudge.params["text"]}
    assert (await world.slack.press(accept, message=message)).status == 200
    await world.slack_api.wait_for("chat.update")
    [sug] = world.rows(Suggestion)
    assert (sug.status, sug.source, sug.destination) == ("accepted", "booking", "Stockholm")
    [trip] = world.rows(TripRecord)  # the booking is still counted until the system cancels it
    assert (trip.status, trip.person_id, trip.mode) == ("booked", sug.person_id, "train")

    status, answer = await world.booking(
        destination="Stockholm", origin="Falun", depart=depart, status="cancelled"
    )
    assert status == 200 and answer["status"] == "cancelled"
    [trip] = world.rows(TripRecord)
    assert trip.status == "cancelled"
