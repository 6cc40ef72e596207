"""POST /hooks/travel over real loopback HTTP: signed bookings nudge before the trip and are
counted; unsigned, stale and replayed ones are refused; one trip gives one suggestion."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiohttp import ClientSession, web
from sqlmodel import Session, select

from adapters.app import build_app
from adapters.server import make_web_app
from bot.messages import Inbound
from storage.models import Person, Suggestion, TripRecord
from tests.conftest import make_settings
from tests.test_graph import Recorder

SECRET = "s3cret-shared-with-the-travel-system"
ANNA = "anna.lind@falun.se"


def sign(body: bytes, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    ts = str(int(at if at is not None else time.time()))
    mac = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {
        "X-Resfri-Timestamp": ts,
        "X-Resfri-Signature": f"sha256={mac}",
        "Content-Type": "application/json",
    }


def booking(**changes: Any) -> bytes:
    depart = date.today() + timedelta(days=10)
    data = {
        "traveller_email": ANNA,
        "origin": "Falun",
        "destination": "Stockholm",
        "depart": depart.isoformat(),
        "return": (depart + timedelta(days=1)).isoformat(),
        "mode": "train",
        "purpose": "Nätverksträff",
        "reference": "BK-1001",
        "status": "booked",
    }
    data.update(changes)
    return json.dumps(data).encode()


class Hook:
    def __init__(self, app, url: str, teams: Recorder) -> None:
        self.app, self.url, self.teams = app, url, teams

    async def post(self, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with (
            ClientSession() as s,
            s.post(
                f"{self.url}/hooks/travel",
                data=body,
                headers=headers if headers is not None else sign(body),
            ) as res,
        ):
            try:
                return res.status, await res.json()
            except Exception:
                return res.status, await res.text()

    def rows(self, model: Any) -> list[Any]:
        with Session(self.app.engine) as s:
            return list(s.exec(select(model)))


async def serve(app) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(make_web_app(app, "127.0.0.1", run_scheduler=False), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]


@pytest.fixture
async def hook(engine):
    app = build_app(
        make_settings(RESFRI_DEFAULT_ORIGIN="Falun", RESFRI_TRAVEL_HOOK_SECRET=SECRET), engine
    )
    runner, url = await serve(app)
    teams = Recorder("teams")
    app.notifier.register(teams)
    app.repo.person("teams", "tenant-1", "29:anna", email=ANNA, locale="sv-SE")
    yield Hook(app, url, teams)
    await runner.cleanup()


async def test_a_signed_booking_nudges_before_the_trip_and_is_counted(hook):
    status, answer = await hook.post(booking())
    assert status == 201 and answer["matched"] and answer["nudged"]
    [(person, [nudge])] = hook.teams.sent
    assert person.email == ANNA and nudge.kind == "nudge"
    assert "Stockholm" in nudge.text and "resebokning" in nudge.text
    [trip] = hook.rows(TripRecord)
    assert (trip.source, trip.reference, trip.status, trip.destination, trip.origin, trip.mode) == (
        "booking",
        "BK-1001",
        "booked",
        "Stockholm",
        "Falun",
        "train",
    )
    assert trip.person_id == person.id and trip.km > 300 and trip.kg_co2 > 0
    [sug] = hook.rows(Suggestion)
    assert sug.source == "booking" and sug.trip_date > datetime.now(UTC) and sug.id == nudge.about


async def test_replays_and_resent_bookings_never_nudge_twice(hook):
    body = booking()
    headers = sign(body)
    assert (await hook.post(body, headers))[0] == 201
    status, answer = await hook.post(body, headers)  # the very same request again
    assert status == 409 and "already" in answer["error"]
    resent = sign(body, at=time.time() - 2)  # the system sends the same booking, newly signed
    status, answer = await hook.post(body, resent)
    assert status == 200 and answer["duplicate"] and not answer["nudged"]
    assert len(hook.teams.sent) == 1 and len(hook.rows(TripRecord)) == 1


async def test_unsigned_badly_signed_and_stale_requests_are_refused(hook):
    body = booking()
    assert (await hook.post(body, {"Content-Type": "application/json"}))[0] == 401
    assert (await hook.post(body, sign(body, secret="guess")))[0] == 401
    assert (await hook.post(body, sign(body, at=time.time() - 6 * 60)))[0] == 401
    tampered = sign(body)
    status, answer = await hook.post(booking(destination="Kiruna"), tampered)
    assert status == 401 and "signature" in answer["error"]
    assert hook.rows(TripRecord) == [] and hook.teams.sent == []


async def test_the_hook_is_off_without_a_secret(engine):
    app = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun"), engine)
    runner, url = await serve(app)
    try:
        async with (
            ClientSession() as s,
            s.post(f"{url}/hooks/travel", data=booking(), headers=sign(booking())) as res,
        ):
            assert res.status == 404
    finally:
        await runner.cleanup()


async def test_a_cancellation_is_recorded_on_the_same_trip(hook):
    await hook.post(booking())
    status, answer = await hook.post(booking(status="cancelled"))
    assert status == 200 and answer["status"] == "cancelled"
    [trip] = hook.rows(TripRecord)
    assert trip.status == "cancelled" and len(hook.teams.sent) == 1


async def test_an_unknown_traveller_is_counted_anonymously_and_nobody_is_created(hook):
    status, answer = await hook.post(
        booking(traveller_email="nobody@elsewhere.se", reference="BK-2")
    )
    assert status == 201 and not answer["matched"] and not answer["nudged"]
    [trip] = hook.rows(TripRecord)
    assert trip.person_id is None and trip.km > 0
    assert len(hook.rows(Person)) == 1 and hook.rows(Suggestion) == []


async def test_a_booking_too_close_to_departure_is_counted_without_a_nudge(hook):
    tomorrow_early = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    status, answer = await hook.post(booking(depart=tomorrow_early, reference="BK-3"))
    assert status == 201 and answer["matched"] and not answer["nudged"]
    assert len(hook.rows(TripRecord)) == 1 and hook.teams.sent == []


async def test_bad_bookings_get_a_clear_answer_and_nothing_is_recorded(hook):
    for body, field in (
        (b"not json", None),
        (booking(destination=None), "destination"),
        (booking(depart="den 31 februari"), "depart"),
        (booking(status="maybe"), "status"),
        (json.dumps(["a", "list"]).encode(), None),
    ):
        status, answer = await hook.post(body)
        assert status == 400, body
        if field:
            assert any(f.startswith(field) for f in answer["fields"])
    assert hook.rows(TripRecord) == []
    status, answer = await hook.post(booking(destination="Xyzzyville", reference="BK-4"))
    assert status == 201 and "unknown destination" in answer["warning"]
    [trip] = hook.rows(TripRecord)
    assert trip.destination == "Xyzzyville" and trip.km == 0 and hook.teams.sent == []


def chat(hook: Hook, text: str):
    return hook.app.conversation.handle(
        Inbound("teams", "29:anna", team_id="tenant-1", text=text, locale="sv-SE", email=ANNA)
    )


async def test_the_same_trip_from_chat_and_from_a_booking_gives_one_suggestion(hook):
    day = date.today() + timedelta(days=10)
    [nudge] = chat(hook, f"Jag åker tåg till Stockholm den {day.day}/{day.month} på konferens")
    assert nudge.kind == "nudge"
    status, answer = await hook.post(booking())
    assert status == 201 and not answer["nudged"]  # the trip is counted, not nudged again
    assert len(hook.rows(Suggestion)) == 1 and len(hook.rows(TripRecord)) == 1

    other = day + timedelta(days=2)  # and the other way round: booking first, then chat
    await hook.post(booking(depart=other.isoformat(), reference="BK-77"))
    replies = chat(hook, f"Jag åker till Stockholm den {other.day}/{other.month} på möte")
    assert all(r.kind != "nudge" for r in replies)
    assert len(hook.rows(Suggestion)) == 2 and len(hook.teams.nudges()) == 1
