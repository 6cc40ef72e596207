"""Teams end to end: the real server on loopback, activities posted to /api/messages, replies
recorded by a local fake Bot Framework connector (the activities' serviceUrl), the real database."""

from __future__ import annotations

import asyncio
import base64
import copy
import io
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image
from sqlmodel import Session, select

from adapters.app import App, build_app
from adapters.config import ConfigError
from adapters.server import check_host, make_web_app
from bot.messages import Choice, Reply
from bot.ports import DeliveryError
from storage.models import EventLog, Person, Suggestion, WebMeeting
from tests.conftest import make_settings
from tests.fakes.bot_connector import Call, FakeConnector

PAYLOADS = Path(__file__).parent / "payloads" / "teams"
FIXTURES = Path(__file__).parent / "fixtures"
TRIP = "Jag kör till Falun på torsdag kl 10 för möte med regionen"
ANNA_CHAT = "a:1Xk9Yp0personalAnna"
ANNA = "6f1c2a4e-1111-4c1d-9a3b-0a1b2c3d4e5f"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CARD_SCHEMA = jsonschema.Draft6Validator(
    json.loads((FIXTURES / "adaptive-card-1.5.schema.json").read_text(encoding="utf-8"))
)


def payload(file: str, connector: FakeConnector, **changes: Any) -> dict[str, Any]:
    data = json.loads((PAYLOADS / f"{file}.json").read_text(encoding="utf-8"))
    data["serviceUrl"] = connector.url
    data.update(changes)
    return data


def teams_settings(**values: object):
    return make_settings(RESFRI_DEFAULT_ORIGIN="Mora", RESFRI_QUIET_HOURS="0-0", **values)


@pytest.fixture(autouse=True)
def no_way_out(monkeypatch) -> None:
    """Should a guard fail, the SDK's sends to a public serviceUrl stop at a closed local port
    instead of leaving the machine (the connector client honours the proxy variables)."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def teams_app(engine) -> App:
    return build_app(teams_settings(), engine)


async def serve(app: App, host: str = "127.0.0.1") -> TestClient:
    server = TestServer(make_web_app(app, host=host, run_scheduler=False), host="127.0.0.1")
    client = TestClient(server)
    await client.start_server()
    return client


@pytest.fixture
async def client(teams_app) -> AsyncIterator[TestClient]:
    client = await serve(teams_app)
    yield client
    await client.close()


def texts(card: dict[str, Any]) -> str:
    return "\n".join(b["text"] for b in card["body"] if b["type"] == "TextBlock")


def assert_valid_card(card: dict[str, Any]) -> None:
    errors = [e.message for e in CARD_SCHEMA.iter_errors(card)]
    assert not errors, errors
    assert float(card["version"]) <= 1.5  # what Teams renders
    for action in card.get("actions", []):
        assert action["type"] == "Action.Submit"


def person(app: App, user_id: str = ANNA) -> Person:
    with Session(app.engine) as s:
        return s.exec(
            select(Person).where(Person.platform == "teams", Person.user_id == user_id)
        ).one()


def suggestion(app: App, sid: int) -> Suggestion:
    with Session(app.engine) as s:
        return s.get(Suggestion, sid)


async def post(client: TestClient, body: object, **kwargs: Any) -> int:
    resp = await client.post("/api/messages", json=body, **kwargs)
    assert resp.status < 500, await resp.text()
    return resp.status


async def nudge(client: TestClient, connector: FakeConnector) -> Call:
    """Anna mentions a trip in her 1:1 chat; returns the card the bot posted."""
    assert await post(client, payload("personal_message", connector, text=TRIP)) == 200
    [call] = connector.sent(ANNA_CHAT)
    return call


async def press(
    client: TestClient,
    connector: FakeConnector,
    card_call: Call,
    choice: str,
    suggestion_id: int,
    n: int,
    **extra: Any,
) -> int:
    card_id = card_call.response_id
    value = {"choice": choice, "suggestion": suggestion_id, **extra}
    body = payload("card_submit", connector, id=f"f:press-{n}", replyToId=card_id, value=value)
    return await post(client, body)


# --- the conversation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "hello", "not_hello"),
    [("en-GB", "I'm resfri", "Jag är resfri"), ("sv-SE", "Jag är resfri", "I'm resfri")],
)
async def test_welcome_when_installed_in_the_persons_language(
    client, connector, teams_app, locale, hello, not_hello
) -> None:
    assert await post(client, payload("installed_personal", connector, locale=locale)) == 200
    [call] = connector.sent("a:1Zz8Ww7personalCecilia")
    assert_valid_card(call.card)
    assert hello in texts(call.card) and not_hello not in texts(call.card)
    assert "<" not in texts(call.card)  # "hem ‹ort›": Teams would take "<ort>" for a tag
    assert call.body["recipient"]["id"] == "29:1cQwErTyUiOp-cecilia"
    stored = json.loads(person(teams_app, "9c8b7a6d-3333-4f2e-9d1c-2b3c4d5e6f70").address)
    assert stored["conversation"]["id"] == "a:1Zz8Ww7personalCecilia"
    assert stored["serviceUrl"] == connector.url


async def test_trip_card_accept_replaces_the_card_and_stores_the_outcome(
    client, connector, teams_app
) -> None:
    call = await nudge(client, connector)
    card = call.card
    assert_valid_card(card)
    assert "Falun" in texts(card)
    facts = {
        f["title"]: f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]
    }
    assert set(facts) == {"Sträcka", "Restid", "Kostnad", "Energi", "Koldioxid"}
    assert facts["Sträcka"].endswith("km") and facts["Kostnad"].endswith("kr")
    datas = [a["data"] for a in card["actions"]]
    assert [d["choice"] for d in datas] == ["accept", "travel", "not_trip"]
    sid = datas[0]["suggestion"]
    assert suggestion(teams_app, sid).status == "open"
    assert suggestion(teams_app, sid).km > 0

    assert await press(client, connector, call, "accept", sid, 1) == 200
    [update] = connector.updates()
    assert update.activity_id == call.response_id and update.conversation == ANNA_CHAT
    assert_valid_card(update.card)
    assert "Toppen" in texts(update.card) and "actions" not in update.card
    assert suggestion(teams_app, sid).status == "accepted"
    with Session(teams_app.engine) as s:
        assert len(s.exec(select(WebMeeting).where(WebMeeting.suggestion_id == sid)).all()) == 1

    # The same card pressed again (a second click): answered, replaced, not counted twice.
    assert await press(client, connector, call, "accept", sid, 2) == 200
    assert len(connector.updates()) == 2
    assert "redan besvarat" in texts(connector.updates()[1].card)
    with Session(teams_app.engine) as s:
        assert len(s.exec(select(WebMeeting).where(WebMeeting.suggestion_id == sid)).all()) == 1


async def test_decline_with_a_reason_asked_in_the_card(client, connector, teams_app) -> None:
    call = await nudge(client, connector)
    sid = call.card["actions"][0]["data"]["suggestion"]
    assert await press(client, connector, call, "travel", sid, 1) == 200
    asked = connector.updates()[0].card
    assert_valid_card(asked)
    reasons = [a["data"] for a in asked["actions"]]
    assert {d["choice"] for d in reasons} == {"reason"} and {d["suggestion"] for d in reasons} == {
        sid
    }
    assert {d["value"] for d in reasons} == {"site_visit", "cannot_join", "technical", "other"}
    assert suggestion(teams_app, sid).status == "travel"

    assert await press(client, connector, call, "reason", sid, 2, value="site_visit") == 200
    thanks = connector.updates()[1].card
    assert "Platsbesök" in texts(thanks) and "actions" not in thanks
    decided = suggestion(teams_app, sid)
    assert (decided.status, decided.reason) == ("travel", "site_visit")


async def test_not_a_trip(client, connector, teams_app) -> None:
    call = await nudge(client, connector)
    sid = call.card["actions"][0]["data"]["suggestion"]
    assert await press(client, connector, call, "not_trip", sid, 1) == 200
    assert "Tack för att du sa till" in texts(connector.updates()[0].card)
    assert suggestion(teams_app, sid).status == "not_trip"


async def test_an_action_on_a_suggestion_that_is_gone_gets_a_polite_answer(
    client, connector
) -> None:
    call = await nudge(client, connector)
    assert await press(client, connector, call, "accept", 987654, 1) == 200
    [update] = connector.updates()
    assert "finns inte längre" in texts(update.card)


async def test_chatter_that_is_no_trip_gets_a_plain_answer(client, connector) -> None:
    assert await post(client, payload("personal_message", connector, text="Tack för igår!")) == 200
    [call] = connector.sent(ANNA_CHAT)
    assert "ingen resa" in texts(call.card) and "actions" not in call.card


async def test_text_commands_in_a_personal_chat(client, connector, teams_app) -> None:
    assert await post(client, payload("personal_message", connector, text="hem Falun")) == 200
    assert "Falun" in texts(connector.sent(ANNA_CHAT)[0].card)
    assert person(teams_app).home_name == "Falun"


async def test_the_time_zone_comes_from_the_client_and_junk_is_dropped(
    client, connector, teams_app
) -> None:
    body = payload("personal_message", connector, text=TRIP, localTimezone="x" * 3000)
    body["entities"][0]["timezone"] = "Europe/Helsinki"
    assert await post(client, body) == 200
    [card_call] = connector.sent(ANNA_CHAT)
    assert "Falun" in texts(card_call.card)  # answered as usual, not "something went wrong"
    assert person(teams_app).timezone == "Europe/Helsinki"


async def test_a_redelivered_activity_is_answered_once(client, connector) -> None:
    body = payload("personal_message", connector, text=TRIP)
    assert await post(client, body) == 200
    assert await post(client, copy.deepcopy(body)) == 200
    assert len(connector.sent(ANNA_CHAT)) == 1


# --- channels and groups: answered in private ------------------------------------------------------


async def test_a_mention_in_a_channel_is_answered_in_a_new_1on1_chat(
    client, connector, teams_app
) -> None:
    channel = "19:5f1d2c3b4a@thread.tacv2;messageid=1741600931000"
    assert await post(client, payload("channel_mention", connector)) == 200
    [created] = connector.created()
    assert created.body["isGroup"] is False
    assert [m["id"] for m in created.body["members"]] == ["29:1bRtYuIoPlKjHgFdSaZxCvBnM-bertil"]
    assert created.body["channelData"]["tenant"]["id"] == TENANT
    assert connector.sent(channel) == []  # never in public
    [answer] = connector.sent()
    assert answer.conversation.startswith("a:1on1-")
    assert "Kommandon" in texts(answer.card)  # "hjälp" after the mention ran as a command
    bertil = person(teams_app, "0b2d4f6a-2222-4e3c-8b5a-1c2d3e4f5a6b")
    assert json.loads(bertil.address)["conversation"]["id"] == answer.conversation

    # A trip mentioned in the channel: the card comes privately, in the same 1:1 chat.
    body = payload("channel_mention", connector, id="1741600999000", text=f"<at>resfri</at> {TRIP}")
    assert await post(client, body) == 200
    assert len(connector.created()) == 1
    nudge_call = connector.sent()[-1]
    assert nudge_call.conversation == answer.conversation
    assert [a["data"]["choice"] for a in nudge_call.card["actions"]] == [
        "accept",
        "travel",
        "not_trip",
    ]
    assert connector.sent(channel) == []


GROUP_CHAT = {
    "conversationType": "groupChat",
    "tenantId": TENANT,
    "id": "19:meeting_abc@thread.v2",
    "isGroup": True,
}


async def test_a_trip_in_a_group_chat_is_answered_in_private(client, connector, teams_app) -> None:
    body = payload("channel_mention", connector, text=f"<at>resfri</at> {TRIP}")
    body["conversation"] = GROUP_CHAT
    assert await post(client, body) == 200
    assert connector.sent(GROUP_CHAT["id"]) == []  # the others in the chat see nothing
    [created] = connector.created()
    assert [m["id"] for m in created.body["members"]] == ["29:1bRtYuIoPlKjHgFdSaZxCvBnM-bertil"]
    [card_call] = connector.sent()
    assert card_call.conversation == "a:1on1-1"
    assert_valid_card(card_call.card)
    sid = card_call.card["actions"][0]["data"]["suggestion"]
    assert "Falun" in texts(card_call.card)

    # The press comes from the 1:1 chat; the card there is replaced.
    press_body = payload(
        "card_submit",
        connector,
        id="f:group-press",
        replyToId=card_call.response_id,
        value={"choice": "accept", "suggestion": sid},
    )
    press_body["from"] = body["from"]
    press_body["conversation"] = {"conversationType": "personal", "id": card_call.conversation}
    assert await post(client, press_body) == 200
    [update] = connector.updates()
    assert update.conversation == card_call.conversation
    assert suggestion(teams_app, sid).status == "accepted"
    assert connector.sent(GROUP_CHAT["id"]) == []


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        # The bot's name with characters that are special in a pattern.
        (
            "<at>resfri (bot)</at> hem  Falun",
            [("<at>resfri (bot)</at>", "28:00000000-0000-0000-0000-00000000b07f")],
        ),
        # A name the SDK's own mention removal cannot parse; the mention entity last.
        (
            "<at>re[sfri</at> hem Falun",
            [("<at>re[sfri</at>", "28:00000000-0000-0000-0000-00000000b07f")],
        ),
        # Teams' HTML form of a message, entities and all.
        (
            "<p><at>resfri</at>&nbsp;hem&nbsp;Falun</p>",
            [("<at>resfri</at>", "28:00000000-0000-0000-0000-00000000b07f")],
        ),
    ],
)
async def test_the_bots_mention_is_stripped_before_the_core_reads_it(
    client, connector, teams_app, text, entities
) -> None:
    body = payload("channel_mention", connector, text=text)
    body["entities"] = [
        {"type": "mention", "text": t, "mentioned": {"id": who, "name": t[4:-5]}}
        for t, who in entities
    ]
    assert await post(client, body) == 200
    [answer] = connector.sent()
    assert "Falun" in texts(answer.card)
    assert person(teams_app, "0b2d4f6a-2222-4e3c-8b5a-1c2d3e4f5a6b").home_name == "Falun"


async def test_a_colleague_mentioned_as_the_traveller_is_not_nudged(
    client, connector, teams_app
) -> None:
    body = payload("channel_mention", connector,
                   text="<at>resfri</at> <at>Karin Ek</at> åker till Gävle imorgon, fråga henne")
    body["conversation"] = GROUP_CHAT
    body["entities"] = [
        {"type": "mention", "text": "<at>resfri</at>",
         "mentioned": {"id": "28:00000000-0000-0000-0000-00000000b07f", "name": "resfri"}},
        {"type": "mention", "text": "<at>Karin Ek</at>",
         "mentioned": {"id": "29:karin", "name": "Karin Ek", "aadObjectId": "5e6f-karin"}},
    ]
    assert await post(client, body) == 200
    assert connector.calls == []  # Karin's trip: nothing for the writer
    body["id"], body["text"] = "f:2", "<at>resfri</at> <at>Karin Ek</at> och jag åker till Gävle imorgon"
    assert await post(client, body) == 200
    [card_call] = connector.sent()
    sid = card_call.card["actions"][0]["data"]["suggestion"]
    assert suggestion(teams_app, sid).participants == 2


async def test_group_chat_without_a_trip_stays_silent(client, connector) -> None:
    body = payload("channel_mention", connector, text="<at>resfri</at> god morgon allihop")
    body["conversation"] = GROUP_CHAT
    assert await post(client, body) == 200
    assert connector.calls == []


# --- proactive messages ------------------------------------------------------------------------------


async def test_a_proactive_message_reaches_the_stored_reference(
    client, connector, teams_app
) -> None:
    await nudge(client, connector)
    anna = person(teams_app)
    checkin = Reply("Hur gick webbmötet?", choices=[Choice("well", "Bra")], about=7, kind="checkin")
    await teams_app.notifier.send(anna, [checkin])
    later = connector.sent(ANNA_CHAT)[-1]
    assert "Hur gick webbmötet?" in texts(later.card)
    assert later.card["actions"][0]["data"] == {"choice": "well", "suggestion": 7}
    assert later.body["recipient"]["id"] == "29:1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-anna"


async def test_a_proactive_message_to_someone_seen_only_in_a_channel_opens_a_1on1(
    client, connector, teams_app
) -> None:
    body = payload("channel_mention", connector, text="<at>resfri</at> god morgon")
    assert await post(client, body) == 200  # no answer: nothing to say yet
    assert connector.calls == []
    bertil = person(teams_app, "0b2d4f6a-2222-4e3c-8b5a-1c2d3e4f5a6b")
    await teams_app.notifier.send(bertil, [Reply("Påminnelse")])
    assert len(connector.created()) == 1
    [sent] = connector.sent()
    assert sent.conversation.startswith("a:1on1-")
    stored = json.loads(person(teams_app, bertil.user_id).address)
    assert stored["conversation"]["id"] == sent.conversation  # next time: no new chat


async def test_a_gone_1on1_chat_is_opened_anew_for_a_channel_mention(
    client, connector, teams_app
) -> None:
    assert await post(client, payload("channel_mention", connector)) == 200
    [first] = connector.sent()
    connector.fail("POST", first.conversation, 404)  # the person removed the app's chat
    body = payload("channel_mention", connector, id="1741600999001")
    assert await post(client, body) == 200
    assert len(connector.created()) == 2
    answer = connector.sent()[-1]
    assert answer.conversation != first.conversation and "Kommandon" in texts(answer.card)
    bertil = person(teams_app, "0b2d4f6a-2222-4e3c-8b5a-1c2d3e4f5a6b")
    assert json.loads(bertil.address)["conversation"]["id"] == answer.conversation
    assert connector.sent("19:5f1d2c3b4a@thread.tacv2;messageid=1741600931000") == []


async def test_emulator_mode_never_sends_to_a_public_service_url(
    client, connector, teams_app
) -> None:
    await nudge(client, connector)
    anna = person(teams_app)
    address = json.loads(anna.address)
    address["serviceUrl"] = "https://smba.trafficmanager.net/emea/"
    teams_app.repo.update_person(anna.id, address=json.dumps(address))
    before = len(connector.calls)
    with pytest.raises(DeliveryError) as caught:
        await teams_app.notifier.send(person(teams_app), [Reply("Hur gick det?")])
    assert caught.value.retry is False and "emulator" in str(caught.value)
    assert len(connector.calls) == before


async def test_a_stale_reference_is_marked_and_not_retried(client, connector, teams_app) -> None:
    await nudge(client, connector)
    before = len(connector.calls)
    connector.fail("POST", ANNA_CHAT, 403, times=10)
    with pytest.raises(DeliveryError) as caught:
        await teams_app.notifier.send(person(teams_app), [Reply("Hur gick det?")])
    assert caught.value.retry is False
    assert len(connector.calls) == before + 1  # tried once, not again
    anna = person(teams_app)
    assert anna.address_stale is True
    with Session(teams_app.engine) as s:
        assert s.exec(select(EventLog).where(EventLog.type == "address_stale")).first() is not None
    with pytest.raises(DeliveryError):
        await teams_app.notifier.send(anna, [Reply("Hallå?")])
    assert len(connector.calls) == before + 1

    # Anna writes again: the reference is fresh and no longer stale.
    connector.failures.clear()
    body = payload("personal_message", connector, id="1741594999999", text="hjälp")
    assert await post(client, body) == 200
    assert person(teams_app).address_stale is False


async def test_throttling_is_waited_out(client, connector, teams_app) -> None:
    await nudge(client, connector)
    connector.fail("POST", ANNA_CHAT, 429, times=1, headers={"Retry-After": "1"})
    started = time.monotonic()
    await teams_app.notifier.send(person(teams_app), [Reply("Hur gick det?")])
    assert time.monotonic() - started >= 0.9  # it waited as asked before trying again
    assert "Hur gick det?" in texts(connector.sent(ANNA_CHAT)[-1].card)


# --- refusals and bad input ------------------------------------------------------------------------------


async def test_emulator_mode_answers_only_loopback_service_urls(
    client, connector, teams_app
) -> None:
    body = payload(
        "personal_message", connector, serviceUrl="https://smba.trafficmanager.net/emea/"
    )
    assert await post(client, body) == 403
    assert connector.calls == []
    with Session(teams_app.engine) as s:
        assert s.exec(select(Person)).first() is None  # nothing done for a refused request


async def test_emulator_mode_refused_on_a_non_loopback_host(teams_app, connector) -> None:
    with pytest.raises(ConfigError, match="MICROSOFT_APP_ID"):
        check_host(teams_app, "0.0.0.0")
    client = await serve(teams_app, host="0.0.0.0")
    try:
        assert await post(client, payload("personal_message", connector)) == 403
    finally:
        await client.close()
    assert connector.calls == []


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", {"Content-Type": "application/json"}, 400),
        (b"[1, 2]", {"Content-Type": "application/json"}, 400),
        (b'{"type": "message"}', {"Content-Type": "application/json"}, 400),
        (b"", {"Content-Type": "application/json"}, 400),
        (b'{"type": "message"}', {"Content-Type": "text/plain"}, 415),
        (b'{"type": "message"}', {}, 415),
    ],
)
async def test_malformed_requests_get_a_4xx(client, connector, body, headers, status) -> None:
    resp = await client.post("/api/messages", data=body, headers=headers)
    assert resp.status == status
    assert "error" in await resp.json()
    assert connector.calls == []


@pytest.mark.parametrize(
    "change",
    [{"entities": "x"}, {"timestamp": "last tuesday"}, {"membersAdded": 5}, {"from": {"id": 5}}],
)
async def test_an_activity_with_badly_typed_fields_gets_400(client, connector, change) -> None:
    assert await post(client, payload("personal_message", connector, **change)) == 400
    assert connector.calls == []


@pytest.mark.parametrize("drop", ["type", "serviceUrl", "conversation", "from"])
async def test_an_activity_missing_a_required_field_gets_400(client, connector, drop) -> None:
    body = payload("personal_message", connector)
    del body[drop]
    assert await post(client, body) == 400
    assert connector.calls == []


@pytest.mark.parametrize("kind", ["typing", "messageReaction", "somethingNew", "invoke"])
async def test_unknown_activity_types_are_ignored_politely(client, connector, kind) -> None:
    body = payload("personal_message", connector, type=kind, name="task/fetch")
    resp = await client.post("/api/messages", json=body)
    assert resp.status == 200
    assert connector.calls == []


async def test_added_to_a_team_the_installer_is_welcomed_privately(client, connector) -> None:
    assert await post(client, payload("installed_team", connector)) == 200
    assert connector.sent("19:5f1d2c3b4a@thread.tacv2") == []
    [created] = connector.created()
    assert [m["id"] for m in created.body["members"]] == ["29:1dAsDfGhJkL-david"]
    [welcome] = connector.sent()
    assert welcome.conversation.startswith("a:1on1-")
    assert "Kommandon" in texts(welcome.card)  # no locale given: Swedish, the default


async def test_someone_else_joining_is_not_greeted(client, connector) -> None:
    body = payload("installed_team", connector)
    body["membersAdded"] = [{"id": "29:new-colleague"}]
    assert await post(client, body) == 200
    assert connector.calls == []


async def test_a_card_value_that_is_not_ours_gets_a_polite_answer(client, connector) -> None:
    body = payload("card_submit", connector, value={"rating": 5})
    assert await post(client, body) == 200
    [answer] = connector.sent(ANNA_CHAT)
    assert "hjälp" in texts(answer.card)
    assert connector.updates() == []


async def test_the_bot_framework_emulator_works_on_loopback(client, connector, teams_app) -> None:
    body = payload("emulator_message", connector)
    assert await post(client, body) == 200
    [card_call] = connector.sent("9a8b7c60-emulator-conversation|livechat")
    assert "web meeting" in texts(card_call.card)  # en-US
    sid = card_call.card["actions"][0]["data"]["suggestion"]
    submit = dict(
        body,
        id="emu-2",
        text="",
        replyToId=card_call.response_id,
        value={"choice": "accept", "suggestion": sid},
    )
    assert await post(client, submit) == 200
    assert "Great" in texts(connector.updates()[0].card)
    assert suggestion(teams_app, sid).status == "accepted"


async def test_a_long_throttle_is_left_to_the_scheduler(client, connector, teams_app) -> None:
    await nudge(client, connector)
    connector.fail("POST", ANNA_CHAT, 429, times=1, headers={"Retry-After": "120"})
    with pytest.raises(DeliveryError) as caught:
        await teams_app.notifier.send(person(teams_app), [Reply("Hur gick det?")])
    assert (caught.value.retry, caught.value.retry_after) == (True, 120.0)
    assert person(teams_app).address_stale is False


async def test_a_burst_of_proactive_messages_is_paced(client, connector, teams_app) -> None:
    people = []
    for n in range(12):
        body = payload("personal_message", connector, id=f"burst-{n}", text="hjälp")
        body["from"] = {"id": f"29:user-{n}", "aadObjectId": f"00000000-0000-0000-0000-{n:012d}"}
        body["conversation"] = {"conversationType": "personal", "id": f"a:chat-{n}"}
        assert await post(client, body) == 200
        people.append(person(teams_app, f"00000000-0000-0000-0000-{n:012d}"))
    connector.calls.clear()
    connector.max_in_flight, connector.delay = 0, 0.05
    await asyncio.gather(*(teams_app.notifier.send(p, [Reply("Påminnelse")]) for p in people))
    assert sorted(c.conversation for c in connector.sent()) == sorted(
        f"a:chat-{n}" for n in range(12)
    )
    assert 1 < connector.max_in_flight <= 4  # concurrent, but never a flood


def test_botbuilder_stays_inside_the_teams_modules() -> None:
    """The SDK is archived upstream; a move to the Agents SDK must touch only adapters/teams*."""
    root = Path(__file__).parent.parent
    outside = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if rel.parts[0].startswith(".") or rel.parts[0] in ("build", "node_modules"):
            continue
        source = path.read_text(encoding="utf-8", errors="replace")
        uses = re.search(r"^\s*(from|import)\s+(botbuilder|botframework)\b", source, re.M)
        if uses and not (rel.parts[0] == "adapters" and rel.name.startswith("teams")):
            outside.append(str(rel))
    assert outside == []


async def test_an_admin_gets_the_chart_inside_the_card(engine, connector) -> None:
    app = build_app(teams_settings(RESFRI_ADMINS=ANNA), engine)
    client = await serve(app)
    try:
        await nudge(client, connector)
        body = payload("personal_message", connector, id="1741594600001", text="statistik diagram")
        assert await post(client, body) == 200
    finally:
        await client.close()
    chart = connector.sent(ANNA_CHAT)[-1].card
    assert_valid_card(chart)
    [image] = [b for b in chart["body"] if b["type"] == "Image"]
    head, data = image["url"].split(",", 1)
    assert head == "data:image/png;base64"
    png = base64.b64decode(data)
    assert len(png) <= 20_000  # fits in a Teams message with room for the text
    with Image.open(io.BytesIO(png)) as shown:
        assert shown.width >= 600 and shown.width == 2 * shown.height  # readable, not squashed


async def admin_asks_for_the_csv(engine, connector) -> tuple[App, TestClient, dict[str, Any]]:
    app = build_app(teams_settings(RESFRI_ADMINS=ANNA), engine)
    client = await serve(app)
    try:
        await nudge(client, connector)  # something to count
        body = payload("personal_message", connector, id="1741594600002", text="statistik csv")
        assert await post(client, body) == 200
        message, offered = connector.sent(ANNA_CHAT)[-2:]
        assert "CSV" in texts(message.card)
        [offer] = offered.body["attachments"]  # a consent card is a message of its own
    except BaseException:
        await client.close()
        raise
    return app, client, offer


def consent(connector: FakeConnector, action: str, context: object, upload: str) -> dict:
    return payload(
        "personal_message",
        connector,
        type="invoke",
        name="fileConsent/invoke",
        id="f:consent",
        text=None,
        value={
            "type": "fileUpload",
            "action": action,
            "context": context,
            "uploadInfo": {
                "contentUrl": "https://kommun-my.sharepoint.com/personal/anna/Documents/report.csv",
                "name": "report.csv",
                "uploadUrl": upload,
                "uniqueId": "5a6b7c8d-0000-4e1f-9a2b-3c4d5e6f7a8b",
                "fileType": "csv",
            },
        },
    )


async def test_an_admin_gets_the_csv_as_a_file_after_allowing_it(engine, connector) -> None:
    _app, client, offer = await admin_asks_for_the_csv(engine, connector)
    try:
        assert offer["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
        assert offer["name"].endswith(".csv") and "CSV" in offer["content"]["description"]
        context = offer["content"]["acceptContext"]
        resp = await client.post(
            "/api/messages", json=consent(connector, "accept", context, connector.url + "upload/r.csv")
        )
        assert resp.status == 200
    finally:
        await client.close()
    [(_name, headers, data)] = connector.uploads
    assert data.decode("utf-8-sig").splitlines()[0].count(",") >= 2  # the CSV's header row
    assert headers["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"
    assert len(data) == offer["content"]["sizeInBytes"]
    [info] = connector.sent(ANNA_CHAT)[-1].body["attachments"]
    assert info["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert info["contentUrl"].endswith("/report.csv") and info["name"] == "report.csv"
    assert info["content"] == {"uniqueId": "5a6b7c8d-0000-4e1f-9a2b-3c4d5e6f7a8b", "fileType": "csv"}


@pytest.mark.parametrize(
    ("action", "upload"),
    [
        ("decline", "{connector}upload/r.csv"),
        ("accept", "https://kommun-my.sharepoint.com/upload/r.csv"),  # emulator mode: not here
    ],
)
async def test_a_declined_or_foreign_upload_sends_nothing(engine, connector, action, upload) -> None:
    _app, client, offer = await admin_asks_for_the_csv(engine, connector)
    try:
        context = offer["content"]["acceptContext"]
        body = consent(connector, action, context, upload.format(connector=connector.url))
        resp = await client.post("/api/messages", json=body)
        assert resp.status == 200
    finally:
        await client.close()
    assert connector.uploads == []
    assert len(connector.sent(ANNA_CHAT)) == 3  # the nudge, the text and the offer: nothing after
