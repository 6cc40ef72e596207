"""Microsoft 365 calendars over real loopback HTTP: our server, MSAL against a local login
endpoint (HTTPS), and a local fake of Graph speaking its real payloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import ClientSession, web
from sqlmodel import Session, select

from adapters import graph, sources
from adapters.app import App, build_app
from adapters.server import make_web_app
from bot.messages import Inbound, Reply
from bot.places import resolve_place
from bot.ports import DeliveryError
from bot.savings import estimate
from storage.models import CalendarSubscription, Person, Suggestion, WebMeeting
from tests.conftest import make_settings
from tests.fakes.graph_api import Failure, FakeGraph

ANNA = "anna.lind@falun.se"


class Recorder:
    """The person's platform (Teams here): records what would have been sent."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.sent: list[tuple[Person, list[Reply]]] = []
        self.errors: list[DeliveryError] = []

    async def send(self, person: Person, replies: list[Reply]) -> None:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((person, replies))

    def nudges(self) -> list[Reply]:
        return [r for _, replies in self.sent for r in replies if r.kind == "nudge"]


@dataclass
class Env:
    app: App
    web_app: web.Application
    url: str
    fake: FakeGraph
    teams: Recorder
    anna: Person


@pytest.fixture
async def fake():
    f = await FakeGraph().start()
    yield f
    await f.stop()


def graph_env(monkeypatch, fake: FakeGraph) -> None:
    monkeypatch.setenv("GRAPH_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("GRAPH_CLIENT_SECRET", fake.client_secret)
    monkeypatch.setenv("GRAPH_TENANT_ID", fake.tenant)
    monkeypatch.setenv("GRAPH_AUTHORITY_HOST", fake.login)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)  # trust the fake login's certificate
    monkeypatch.setenv("RESFRI_GRAPH_MAX_WAIT", "2")


@pytest.fixture
async def env(engine, fake, monkeypatch):
    graph_env(monkeypatch, fake)
    app = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun", GRAPH_API_URL=fake.url), engine)
    web_app = make_web_app(app, "127.0.0.1", run_scheduler=False)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    monkeypatch.setenv("RESFRI_PUBLIC_URL", url)
    teams = Recorder("teams")
    app.notifier.register(teams)
    fake.add_user(ANNA)
    anna = app.repo.person("teams", fake.tenant, "29:1aad-anna", email=ANNA, locale="sv-SE")
    yield Env(app, web_app, url, fake, teams, anna)
    await runner.cleanup()


def rows(app: App, model: Any) -> list[Any]:
    with Session(app.engine) as s:
        return list(s.exec(select(model)))


def soon(days: int = 5) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )


async def test_in_person_meeting_in_another_town_nudges_the_organiser_who_accepts(env):
    await graph.connect(env.app, [ANNA])
    sub = env.fake.subscription_for(ANNA)
    assert len(env.fake.validations) >= 1  # our endpoint passed Graph's validation handshake
    assert sub["clientState"] == graph.client_state(env.app)
    assert env.fake.token_requests[0]["grant_type"] == "client_credentials"

    event_id = env.fake.put_event(ANNA, start=soon())
    assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)

    [(person, [nudge])] = env.teams.sent
    assert person.id == env.anna.id
    assert nudge.kind == "nudge" and "Mora" in nudge.text and "kalender" in nudge.text
    assert [c.id for c in nudge.choices] == ["accept", "travel", "not_trip"]
    assert dict(nudge.facts)["Sträcka"].endswith(" km")
    [read] = env.fake.graph_calls("GET", f"/events/{event_id}")
    assert read.authorized

    [done] = env.app.conversation.handle(
        Inbound(
            "teams",
            env.anna.user_id,
            team_id=env.anna.team_id,
            choice="accept",
            suggestion_id=nudge.about,
        )
    )[:1]
    assert done.kind == "decided"
    [sug] = rows(env.app, Suggestion)
    assert (sug.status, sug.source, sug.destination, sug.origin) == (
        "accepted",
        "calendar",
        "Mora",
        "Falun",
    )
    [meeting] = rows(env.app, WebMeeting)
    assert meeting.suggestion_id == sug.id and meeting.km == sug.km > 100


async def test_online_at_home_and_placeless_meetings_are_left_alone(env):
    await graph.connect(env.app, [ANNA])
    teams_meeting = env.fake.put_event(ANNA, "event_teams_meeting", start=soon())
    at_home = env.fake.put_event(
        ANNA,
        start=soon(),
        location={
            "displayName": "Stadshuset, Falun",
            "locationType": "default",
            "address": {"city": "Falun", "countryOrRegion": "Sverige"},
        },
    )
    no_place = env.fake.put_event(ANNA, start=soon(), location={"displayName": ""})
    zoom_in_body = env.fake.put_event(
        ANNA,
        start=soon(6),
        body={"contentType": "text", "content": "Länk: https://kommun.zoom.us/j/9876543210"},
    )
    for event_id in (teams_meeting, at_home, no_place, zoom_in_body):
        assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)
    assert env.teams.sent == [] and rows(env.app, Suggestion) == []
    assert len(env.fake.graph_calls("GET", "/events/")) == 4  # each was read and judged


async def test_a_notification_with_the_wrong_client_state_is_ignored(env, caplog):
    await graph.connect(env.app, [ANNA])
    event_id = env.fake.put_event(ANNA, start=soon())
    assert await env.fake.notify(ANNA, event_id, client_state="not-the-secret") == 202
    assert await env.fake.notify(ANNA, event_id, client_state="") == 202
    await sources.drain(env.web_app)
    assert env.fake.graph_calls("GET", "/events/") == [] and env.teams.sent == []
    assert caplog.text.count("with a wrong clientState ignored") == 2
    assert await env.fake.notify(ANNA, event_id) == 202  # the right one still works
    await sources.drain(env.web_app)
    assert len(env.teams.nudges()) == 1


async def test_validation_handshake_echoes_the_token_as_plain_text(env):
    async with ClientSession() as s:
        async with s.post(
            f"{env.url}/graph/notifications",
            params={"validationToken": "Validation: Testing 123 & more"},
        ) as res:
            assert res.status == 200 and res.content_type == "text/plain"
            assert await res.text() == "Validation: Testing 123 & more"
        async with s.post(f"{env.url}/graph/notifications", data=b"not json") as res:
            assert res.status == 400


async def test_subscriptions_are_renewed_before_they_expire(env):
    now = datetime.now(UTC)
    await graph.connect(env.app, [ANNA], now)
    [sub] = rows(env.app, CalendarSubscription)
    first_expiry = sub.expires_at
    assert first_expiry - now > timedelta(days=2)

    counts = await graph.renew_due(env.app, now + timedelta(hours=1))
    assert counts["renewed"] == 0 and env.fake.graph_calls("PATCH") == []

    later = first_expiry - timedelta(hours=12)
    counts = await graph.renew_due(env.app, later)
    assert counts["renewed"] == 1
    [patch] = env.fake.graph_calls("PATCH", "subscriptions/")
    assert patch.path == f"subscriptions/{sub.graph_id}"
    [sub] = rows(env.app, CalendarSubscription)
    assert sub.expires_at > first_expiry + timedelta(hours=12)
    assert env.fake.subscriptions[sub.graph_id]["expirationDateTime"].startswith(
        sub.expires_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    )


async def test_a_subscription_graph_dropped_is_recreated_and_keeps_working(env):
    now = datetime.now(UTC)
    await graph.connect(env.app, [ANNA], now)
    old = env.fake.drop_subscription(ANNA)
    [sub] = rows(env.app, CalendarSubscription)
    counts = await graph.renew_due(env.app, sub.expires_at - timedelta(hours=1))
    assert counts["recreated"] == 1
    [sub] = rows(env.app, CalendarSubscription)
    assert sub.graph_id != old and sub.graph_id in env.fake.subscriptions

    event_id = env.fake.put_event(ANNA, start=soon())
    assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)
    assert len(env.teams.nudges()) == 1


async def test_a_missed_notification_is_caught_up_with_delta_once(env):
    await graph.connect(env.app, [ANNA])
    already = env.fake.put_event(ANNA, start=soon(3))  # arrived before we caught up: not missed
    assert await env.fake.notify(ANNA, already) == 202
    await sources.drain(env.web_app)
    assert len(env.teams.nudges()) == 1

    missed = [
        env.fake.put_event(
            ANNA, start=soon(d), location={"displayName": town, "address": {"city": town}}
        )
        for d, town in ((4, "Borlänge"), (5, "Rättvik"))
    ]  # no notification for either (daily cap is 3)
    counts = await graph.renew_due(env.app, datetime.now(UTC))
    assert counts["nudged"] == 2
    towns = sorted(s.destination for s in rows(env.app, Suggestion))
    assert towns == ["Borlänge", "Mora", "Rättvik"]
    assert all(env.fake.graph_calls("GET", f"/events/{m}") for m in missed)
    assert any("$skiptoken" in c.query for c in env.fake.graph_calls("GET", "delta"))  # paged

    counts = await graph.renew_due(env.app, datetime.now(UTC))  # nothing new: nothing twice
    assert counts["nudged"] == 0 and len(env.teams.nudges()) == 3


async def test_a_lifecycle_missed_notification_triggers_catch_up(env):
    await graph.connect(env.app, [ANNA])
    env.fake.put_event(ANNA, start=soon())
    assert await env.fake.lifecycle(ANNA, "missed") == 202
    await sources.drain(env.web_app)
    assert len(env.teams.nudges()) == 1


async def test_throttling_and_server_errors_are_retried_after_retry_after(env):
    await graph.connect(env.app, [ANNA])
    event_id = env.fake.put_event(ANNA, start=soon())
    env.fake.fail_next("GET", "users/", Failure(429, "1"), Failure(503))
    assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)
    assert len(env.fake.graph_calls("GET", f"/events/{event_id}")) == 3
    assert len(env.teams.nudges()) == 1


async def test_an_event_by_an_unknown_organiser_is_not_nudged_and_nobody_is_created(env):
    await graph.connect(env.app, [ANNA])
    event_id = env.fake.put_event(ANNA, start=soon(), organizer="stranger@elsewhere.se")
    assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)
    assert env.teams.sent == [] and len(rows(env.app, Person)) == 1


async def test_a_nudge_that_cannot_be_delivered_frees_the_trip_for_later(env):
    await graph.connect(env.app, [ANNA])
    env.teams.errors = [DeliveryError("gone", retry=False)]
    event_id = env.fake.put_event(ANNA, start=soon())
    await env.fake.notify(ANNA, event_id)
    await sources.drain(env.web_app)
    [sug] = rows(env.app, Suggestion)
    assert sug.status == "undelivered" and sug.trip_key is None
    await env.fake.notify(ANNA, event_id, change_type="updated")  # seen again: nudged this time
    await sources.drain(env.web_app)
    assert len(env.teams.nudges()) == 1


async def test_connect_a_group_and_refuse_bad_credentials(env, monkeypatch):
    env.fake.add_user("karin.berg@falun.se")
    env.fake.groups["g-1"] = [ANNA, "karin.berg@falun.se"]
    members = await graph.group_members(env.app, "g-1")
    assert members == [ANNA, "karin.berg@falun.se"]
    assert await graph.connect(env.app, members) == members
    assert len(rows(env.app, CalendarSubscription)) == 2

    monkeypatch.setenv("GRAPH_CLIENT_SECRET", "wrong")
    with pytest.raises(graph.GraphError, match="invalid_client"):
        await graph.access_token(env.app)


async def test_the_scheduler_share_renews_catches_up_and_polls(env):
    now = datetime.now(UTC)
    await graph.connect(env.app, [ANNA], now)
    env.fake.put_event(ANNA, start=soon())  # missed
    [sub] = rows(env.app, CalendarSubscription)
    sent = await sources.tick(env.app, sub.expires_at - timedelta(hours=2))
    assert sent == 1 and len(env.fake.graph_calls("PATCH", "subscriptions/")) == 1


async def test_the_occurrences_of_a_recurring_meeting_are_nudged_once(env):
    await graph.connect(env.app, [ANNA])
    master = "AAMkAGseriesMaster0001AAA="
    for week in range(3):  # calendarView/delta hands over each occurrence on its own
        env.fake.put_event(
            ANNA, start=soon(3 + 7 * week), type="occurrence", seriesMasterId=master
        )
    counts = await graph.renew_due(env.app, datetime.now(UTC))
    assert counts["nudged"] == 1
    [nudge] = env.teams.nudges()
    assert "Mora" in nudge.text and "återkommande" in nudge.text
    [sug] = rows(env.app, Suggestion)
    assert sug.recurring and sug.destination == "Mora"


async def test_reauthorization_required_renews_and_subscription_removed_recreates(env):
    now = datetime.now(UTC)
    await graph.connect(env.app, [ANNA], now)
    [sub] = rows(env.app, CalendarSubscription)
    validations = len(env.fake.validations)

    assert await env.fake.lifecycle(ANNA, "reauthorizationRequired") == 202
    await sources.drain(env.web_app)
    [patch] = env.fake.graph_calls("PATCH", "subscriptions/")
    assert patch.path == f"subscriptions/{sub.graph_id}" and patch.authorized
    [renewed] = rows(env.app, CalendarSubscription)
    assert renewed.graph_id == sub.graph_id and renewed.expires_at >= sub.expires_at

    env.fake.put_event(ANNA, start=soon())  # changed while the subscription was gone
    env.fake.drop_subscription(ANNA)  # Graph removed it and says so
    assert await env.fake.lifecycle(ANNA, "subscriptionRemoved") == 202
    await sources.drain(env.web_app)
    [again] = rows(env.app, CalendarSubscription)
    assert again.graph_id != sub.graph_id and again.graph_id in env.fake.subscriptions
    assert len(env.fake.validations) > validations  # created anew, handshake and all
    assert len(env.teams.nudges()) == 1  # and what changed meanwhile was caught up


async def test_a_bare_worker_renews_but_leaves_the_changes_to_a_process_that_can_deliver(env):
    from adapters import scheduler

    now = datetime.now(UTC)
    await graph.connect(env.app, [ANNA], now)
    env.fake.put_event(ANNA, start=soon())  # no notification came
    [sub] = rows(env.app, CalendarSubscription)
    later = sub.expires_at - timedelta(hours=2)
    worker = build_app(  # `resfri worker`: no Slack or Teams delivery in this process
        make_settings(RESFRI_DEFAULT_ORIGIN="Falun", GRAPH_API_URL=env.fake.url), env.app.engine
    )
    deltas = len(env.fake.graph_calls("GET", "delta"))
    assert await scheduler.run_once(worker, later) == 0
    assert len(env.fake.graph_calls("PATCH", "subscriptions/")) == 1  # renewed
    assert len(env.fake.graph_calls("GET", "delta")) == deltas  # nothing consumed
    assert await scheduler.run_once(env.app, later) == 1  # `resfri serve`'s scheduler
    assert len(env.teams.nudges()) == 1


async def test_the_running_scheduler_renews_and_catches_up_by_itself(env):
    import asyncio

    from adapters import scheduler

    await graph.connect(env.app, [ANNA])
    env.fake.put_event(ANNA, start=soon())  # missed
    running = scheduler.start(env.app)
    try:
        for _ in range(200):  # the sources job runs at start, then every 15 minutes
            if env.teams.nudges():
                break
            await asyncio.sleep(0.05)
    finally:
        running.shutdown(wait=False)
    assert len(env.teams.nudges()) == 1


# --- attendees: an in-person meeting others travel to --------------------------------------------

KARIN = "karin.berg@mora.se"


def colleague(app: App, email: str, home: str | None) -> Person:
    """Someone who has written to the bot (in Teams) and, when `home` is given, set their home."""
    person = app.repo.person("teams", "t", f"29:{email}", email=email, locale="sv-SE")
    if home is None:
        return person
    place = resolve_place(home)
    assert place is not None
    return app.repo.update_person(  # type: ignore[return-value]
        person.id, home_name=place.name, home_lat=place.lat, home_lon=place.lon
    )


def colleagues(app: App) -> None:
    """The people of event_with_attendees.json that resfri knows (the rest it doesn't)."""
    colleague(app, KARIN, "Mora")
    colleague(app, "lars.ek@ludvika.se", "Ludvika")  # the invite writes Lars.Ek@ludvika.se
    colleague(app, "sara.nord@borlange.se", "Borlänge")
    colleague(app, "per.holm@mora.se", "Mora")  # declined
    colleague(app, "eva.sund@falun.se", "Falun")  # works where the meeting is
    colleague(app, "ola.strand@avesta.se", None)  # never said where home is


def round_trips(homes: list[str], to: str) -> dict[str, float]:
    """Each traveller's own round trip from the savings model, added up here."""
    dest = resolve_place(to)
    parts = [estimate(resolve_place(h), dest, None, 1) for h in homes]  # type: ignore[arg-type]
    return {k: sum(getattr(p, k) for p in parts) for k in ("km", "kg_co2", "sek", "hours")}


async def test_a_meeting_in_the_organisers_town_that_colleagues_travel_to_nudges_once(env):
    colleagues(env.app)
    karin_calendar = env.fake.add_user(KARIN)
    await graph.connect(env.app, [ANNA, KARIN])
    start = soon()
    event_id = env.fake.put_event(ANNA, "event_with_attendees", start=start)
    assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)

    [(person, [nudge])] = env.teams.sent
    assert person.id == env.anna.id  # the organiser, though she stays in Falun
    assert "Mötet i Falun" in nudge.text and "hybrid för dem som annars reser" in nudge.text
    assert [c.id for c in nudge.choices] == ["accept", "travel", "not_trip"]
    assert "3 resenärer" in nudge.note and "Mora, Ludvika och Borlänge" in nudge.note
    assert "2 av deltagarna kunde jag inte räkna med" in nudge.note  # Ola and Jonas
    [sug] = rows(env.app, Suggestion)
    want = round_trips(["Mora", "Ludvika", "Borlänge"], "Falun")  # not Per (declined), not Eva
    assert (sug.kind, sug.destination, sug.origin, sug.participants) == (
        "meeting",
        "Falun",
        "Mora, Ludvika +1",
        3,
    )
    assert sug.km == pytest.approx(want["km"]) and sug.kg_co2 == pytest.approx(want["kg_co2"])
    assert sug.sek == pytest.approx(want["sek"]) and sug.hours == pytest.approx(want["hours"])
    assert dict(nudge.facts)["Sträcka"] == f"{round(want['km'])} km"
    [read] = env.fake.graph_calls("GET", f"/events/{event_id}")
    assert "attendees" in read.query["$select"]

    # Seen again: an update, Karin's own copy in her calendar, a delta catch-up. Nothing new,
    # and Karin (who travels, and is known) is not made an organiser of her own.
    assert await env.fake.notify(ANNA, event_id, change_type="updated") == 202
    copy_id = env.fake.put_event(
        KARIN,
        "event_with_attendees",
        start=start,
        organizer=ANNA,
        isOrganizer=False,
        responseStatus={"response": "accepted", "time": "2026-11-21T08:14:02Z"},
    )
    assert await env.fake.notify(KARIN, copy_id) == 202
    await sources.drain(env.web_app)
    assert (await graph.renew_due(env.app, datetime.now(UTC)))["nudged"] == 0
    assert env.fake.graph_calls("GET", f"/events/{copy_id}") and karin_calendar.events
    assert len(env.teams.sent) == 1 and len(rows(env.app, Suggestion)) == 1

    [done] = env.app.conversation.handle(
        Inbound(
            "teams", env.anna.user_id, team_id=env.anna.team_id, choice="accept",
            suggestion_id=nudge.about,
        )
    )[:1]
    assert done.kind == "decided"
    [sug] = rows(env.app, Suggestion)
    [meeting] = rows(env.app, WebMeeting)
    assert sug.status == "accepted" and meeting.suggestion_id == sug.id
    assert meeting.km == pytest.approx(want["km"]) and meeting.sek == pytest.approx(want["sek"])


async def test_no_nudge_when_everyone_who_is_coming_works_there(env):
    colleagues(env.app)
    await graph.connect(env.app, [ANNA])
    template = env.fake.put_event(ANNA, "event_with_attendees", start=soon())
    attendees = env.fake.users[ANNA].events[template]["attendees"]
    del env.fake.users[ANNA].events[template]
    by = {a["emailAddress"]["address"]: a for a in attendees}
    local = [by["eva.sund@falun.se"], by["kopparvagen@falun.se"]]  # a colleague and the room
    declined = [*local, by["per.holm@mora.se"]]  # from Mora, but he said no
    unknown = [by["jonas.vik@dalarnasforbund.se"], by["ola.strand@avesta.se"]]
    for days, who in ((3, local), (4, declined), (5, unknown)):
        event_id = env.fake.put_event(ANNA, "event_with_attendees", start=soon(days), attendees=who)
        assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)
    assert env.teams.sent == [] and rows(env.app, Suggestion) == []
    assert len(env.fake.graph_calls("GET", "/events/")) == 3  # each was read and judged


async def test_an_organiser_who_travels_too_is_counted_with_the_attendees(env):
    colleagues(env.app)
    await graph.connect(env.app, [ANNA])
    attendees = [
        {"type": "required", "status": {"response": "accepted", "time": "2026-11-21T08:14:02Z"},
         "emailAddress": {"name": n, "address": a}}
        for n, a in (("Karin Berg", KARIN), ("Lars Ek", "lars.ek@ludvika.se"))
    ]  # fmt: skip
    event_id = env.fake.put_event(ANNA, start=soon(), attendees=attendees)  # in Mora
    assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)
    [nudge] = env.teams.nudges()
    [sug] = rows(env.app, Suggestion)
    want = round_trips(["Falun", "Ludvika"], "Mora")  # Anna and Lars; Karin is at home
    assert (sug.destination, sug.origin, sug.participants) == ("Mora", "Falun, Ludvika", 2)
    assert sug.km == pytest.approx(want["km"]) and sug.kg_co2 == pytest.approx(want["kg_co2"])
    assert "Falun och Ludvika" in nudge.note and "kunde jag inte" not in nudge.note


async def test_a_booked_room_is_where_the_organiser_works_and_a_series_is_nudged_once(env):
    colleagues(env.app)
    await graph.connect(env.app, [ANNA])
    room = {"displayName": "Sammanträdesrum Kopparvågen", "locationType": "conferenceRoom",
            "uniqueId": "kopparvagen@falun.se", "uniqueIdType": "directory"}  # fmt: skip
    master = "AAMkAGseriesMaster0002AAA="
    for week in range(3):  # each occurrence of a weekly meeting, attendees and all
        env.fake.put_event(
            ANNA, "event_with_attendees", start=soon(3 + 7 * week), location=room,
            type="occurrence", seriesMasterId=master,
        )  # fmt: skip
    assert (await graph.renew_due(env.app, datetime.now(UTC)))["nudged"] == 1
    [nudge] = env.teams.nudges()
    assert "Mötet i Falun" in nudge.text and "återkommande" in nudge.text
    [sug] = rows(env.app, Suggestion)
    assert sug.recurring and sug.participants == 3 and sug.origin == "Mora, Ludvika +1"


async def test_an_all_day_meeting_elsewhere_is_nudged_for_its_day_without_a_clock_time(env):
    await graph.connect(env.app, [ANNA])
    day = soon(6).replace(hour=0)
    event_id = env.fake.put_event(ANNA, start=day, isAllDay=True)
    env.fake.users[ANNA].events[event_id]["end"]["dateTime"] = (day + timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M:%S.0000000"
    )
    assert await env.fake.notify(ANNA, event_id) == 202
    await sources.drain(env.web_app)
    [nudge] = env.teams.nudges()
    assert "Mora" in nudge.text and " kl " not in nudge.text  # a day, not 01:00 at night
    [sug] = rows(env.app, Suggestion)
    assert not sug.has_time and sug.trip_date.astimezone(UTC).date() == day.date()
