"""The Slack app end to end: signed requests over loopback HTTP to the real server, a local fake
of Slack's Web API recording what Slack would have received, and the real database."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlmodel import Session, select

from adapters.app import App, build_app
from adapters.server import make_web_app
from adapters.slack import SLACK_KEY, SlackAdapter
from storage.models import Person, Suggestion, WebMeeting
from tests.conftest import make_settings
from tests.fakes.slack_api import Failure, FakeSlackAPI, SlackSender

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TRIP = "Jag kör till Falun på torsdag kl 10 för möte med regionen"


@dataclass
class Running:
    app: App
    web_app: web.Application
    server: TestServer
    slack: SlackSender
    fake: FakeSlackAPI

    @property
    def adapter(self) -> SlackAdapter:
        return self.web_app[SLACK_KEY]

    def rows(self, model: type) -> list:
        with Session(self.app.engine) as s:
            return list(s.exec(select(model)))


async def serve(app: App, fake: FakeSlackAPI) -> Running:
    web_app = make_web_app(app, "127.0.0.1", run_scheduler=False)
    server = TestServer(web_app, host="127.0.0.1", port=0)
    await server.start_server()
    return Running(
        app, web_app, server, SlackSender(str(server.make_url("/slack/events")), SECRET, fake), fake
    )


def settings(fake: FakeSlackAPI, **extra: str):
    values = {
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake.url,
        "RESFRI_DEFAULT_ORIGIN": "Mora",
        "RESFRI_QUIET_HOURS": "0-0",
    }  # tests may run at night; channel nudges respect quiet hours
    return make_settings(**{**values, **extra})


async def fake_api() -> FakeSlackAPI:
    """A started fake Web API knowing a Swedish (U1) and a British (U2) colleague."""
    api = await FakeSlackAPI().start()
    api.add_user("U1", locale="sv-SE", email="anna@example.se", department="Socialtjänsten")
    api.add_user("U2", locale="en-GB", tz="Europe/London")
    return api


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    api = await fake_api()
    yield api
    await api.stop()


@pytest.fixture
async def slack(engine, fake) -> AsyncIterator[Running]:
    running = await serve(build_app(settings(fake), engine), fake)
    yield running
    await running.server.close()


def blocks_of(call) -> list[dict]:
    blocks = call.params.get("blocks")
    return json.loads(blocks) if isinstance(blocks, str) else blocks or []


def actions(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def shown(blocks: list[dict]) -> str:
    """Everything a person reads in the blocks."""
    out = []
    for b in blocks:
        if "text" in b and isinstance(b["text"], dict):
            out.append(b["text"]["text"])
        out += [f["text"] for f in b.get("fields", [])]
        out += [e["text"] for e in b.get("elements", []) if b["type"] == "context"]
    return "\n".join(out)


async def nudge_in_dm(slack: Running) -> tuple[dict, int]:
    """Write the trip in a DM; return the posted message (as Slack would echo it) and its id."""
    answer = await slack.slack.event(text=TRIP)
    assert answer.status == 200
    [call] = await slack.fake.wait_for("chat.postMessage")
    blocks = blocks_of(call)
    accept = next(e for e in actions(blocks) if e["action_id"].startswith("accept:"))
    sid = int(accept["action_id"].split(":")[1])
    return {"ts": "1700000000.000001", "blocks": blocks, "text": call.params["text"]}, sid


# --- the nudge and decisions ------------------------------------------------------------------


async def test_trip_in_dm_gets_nudge_and_accept_replaces_buttons_and_stores_outcome(slack):
    message, sid = await nudge_in_dm(slack)
    [call] = slack.fake.of("chat.postMessage")
    assert call.params["channel"] == "D1" and call.token == "xoxb-test"
    text = shown(message["blocks"])
    assert "Falun" in text and "webbmöte" in text
    for label in ("Sträcka", "Restid", "Kostnad", "Koldioxid"):
        assert f"*{label}*" in text
    assert [e["action_id"] for e in actions(message["blocks"])] == [
        f"accept:{sid}",
        f"travel:{sid}",
        f"not_trip:{sid}",
    ]
    assert actions(message["blocks"])[0]["style"] == "primary"
    assert "Falun" in message["text"]  # notification fallback
    # The profile came from users.info with the locale asked for.
    [info] = slack.fake.of("users.info")
    assert info.params["user"] == "U1" and str(info.params["include_locale"]).lower() in (
        "1",
        "true",
    )
    [person] = slack.rows(Person)
    assert person.email == "anna@example.se" and person.unit == "Socialtjänsten"
    assert json.loads(person.address) == {"channel": "D1", "team_id": "T_FAKE", "user_id": "U1"}

    answer = await slack.slack.press(f"accept:{sid}", message=message)
    assert answer.status == 200
    [update] = await slack.fake.wait_for("chat.update")
    assert update.params["channel"] == "D1" and update.params["ts"] == message["ts"]
    assert actions(blocks_of(update)) == []  # the buttons are gone
    assert "Sträcka" in shown(blocks_of(update))  # the figures stay
    [sug] = slack.rows(Suggestion)
    assert sug.status == "accepted"
    assert len(slack.rows(WebMeeting)) == 1

    assert "Toppen" in shown(blocks_of(update))

    # Pressing the old button again (another device) does not count twice, and says so.
    await slack.slack.press(f"accept:{sid}", message=message)
    [_, again] = await slack.fake.wait_for("chat.update", 2)
    assert "redan besvarat" in shown(blocks_of(again)) and actions(blocks_of(again)) == []
    assert len(slack.rows(WebMeeting)) == 1


async def test_a_double_click_decides_once(slack):
    message, sid = await nudge_in_dm(slack)
    await asyncio.gather(*(slack.slack.press(f"accept:{sid}", message=message) for _ in "ab"))
    updates = await slack.fake.wait_for("chat.update", 2)
    said = sorted(shown(blocks_of(u)) for u in updates)
    assert ["Toppen" in text for text in said].count(True) == 1
    assert ["redan besvarat" in text for text in said].count(True) == 1
    assert len(slack.rows(WebMeeting)) == 1


async def test_decline_asks_the_reason_with_a_select_and_records_it(slack):
    message, sid = await nudge_in_dm(slack)
    await slack.slack.press(f"travel:{sid}", message=message)
    [update] = await slack.fake.wait_for("chat.update")
    [select_] = actions(blocks_of(update))
    assert select_["type"] == "static_select" and select_["action_id"] == f"reason:{sid}"
    assert "måste man resa" in shown(blocks_of(update))
    reasons = {o["value"]: o["text"]["text"] for o in select_["options"]}
    assert reasons["site_visit"] == "Platsbesök" and "other" in reasons
    # The menu asks; it does not look as if a reason were chosen already.
    assert select_["placeholder"]["text"] == "Välj …"
    assert [r.status for r in slack.rows(Suggestion)] == ["travel"]

    await slack.slack.press(
        f"reason:{sid}",
        "site_visit",
        select=True,
        message={"ts": message["ts"], "blocks": blocks_of(update)},
    )
    [_, thanks] = await slack.fake.wait_for("chat.update", 2)
    assert actions(blocks_of(thanks)) == []
    assert "Tack, noterat (Platsbesök)" in shown(blocks_of(thanks))
    [sug] = slack.rows(Suggestion)
    assert sug.status == "travel" and sug.reason == "site_visit"
    assert slack.rows(WebMeeting) == []


async def test_not_a_trip_is_thanked_and_recorded(slack):
    message, sid = await nudge_in_dm(slack)
    await slack.slack.press(f"not_trip:{sid}", message=message)
    [update] = await slack.fake.wait_for("chat.update")
    assert actions(blocks_of(update)) == []
    assert "Tack för att du sa till" in shown(blocks_of(update))
    assert [r.status for r in slack.rows(Suggestion)] == ["not_trip"]
    assert slack.rows(WebMeeting) == []


async def test_button_for_a_suggestion_that_is_gone_gets_a_polite_answer(slack):
    await slack.slack.press("accept:999999", message={"ts": "1700000000.000009", "blocks": []})
    [update] = await slack.fake.wait_for("chat.update")
    assert "finns inte längre" in shown(blocks_of(update))


# --- delivery details -------------------------------------------------------------------------


async def test_a_retried_event_does_not_nudge_twice(slack):
    first = await slack.slack.event(text=TRIP, event_id="EvRetry1")
    retry = await slack.slack.event(text=TRIP, event_id="EvRetry1", retry=1)
    assert first.status == retry.status == 200
    await slack.fake.wait_for("chat.postMessage")
    await slack.adapter.drain()
    assert len(slack.fake.of("chat.postMessage")) == 1
    assert len(slack.rows(Suggestion)) == 1


async def test_a_retry_whose_first_delivery_never_arrived_is_handled(slack):
    answer = await slack.slack.event(text=TRIP, event_id="EvOnlyRetry", retry=2)
    assert answer.status == 200
    await slack.fake.wait_for("chat.postMessage")
    assert len(slack.rows(Suggestion)) == 1


async def test_in_a_channel_the_answer_is_private(slack):
    await slack.slack.event("event_message_channel", text=TRIP)
    [eph] = await slack.fake.wait_for("chat.postEphemeral")
    assert eph.params["channel"] == "C1" and eph.params["user"] == "U1"
    assert any(e["action_id"].startswith("accept:") for e in actions(blocks_of(eph)))
    await slack.adapter.drain()
    assert slack.fake.of("chat.postMessage") == []


async def test_a_button_on_a_private_channel_answer_replaces_it_through_the_response_url(slack):
    await slack.slack.event("event_message_channel", text=TRIP)
    [eph] = await slack.fake.wait_for("chat.postEphemeral")
    accept = next(e for e in actions(blocks_of(eph)) if e["action_id"].startswith("accept:"))
    await slack.slack.press(accept["action_id"], channel="C1", ephemeral=True)
    [replaced] = await slack.fake.wait_for("response_url")
    assert replaced.params["replace_original"] is True
    assert actions(replaced.params["blocks"]) == []
    assert slack.fake.of("chat.update") == [] and slack.fake.of("chat.postMessage") == []
    assert [r.status for r in slack.rows(Suggestion)] == ["accepted"]


async def test_a_mention_is_answered_once_and_privately(slack):
    # Slack sends the same message twice: as app_mention and as message.channels.
    await slack.slack.event("event_app_mention", text=f"<@U_BOT> {TRIP}")
    await slack.slack.event("event_message_channel", text=f"<@U_BOT> {TRIP}")
    [eph] = await slack.fake.wait_for("chat.postEphemeral")
    await slack.adapter.drain()
    assert len(slack.fake.of("chat.postEphemeral")) == 1
    assert slack.fake.of("chat.postMessage") == []
    assert "<@U_BOT>" not in eph.params["text"]


async def test_ordinary_channel_chatter_gets_no_answer(slack):
    await slack.slack.event("event_message_channel", text="Någon som har laddaren till projektorn?")
    await slack.adapter.drain()
    assert [c.method for c in slack.fake.calls if c.method.startswith("chat.")] == []


async def test_a_colleague_mentioned_as_the_traveller_is_not_nudged_a_companion_is_counted(slack):
    await slack.slack.event("event_message_channel",
                            text="<@U0KALLE> åker till Gävle imorgon, fråga honom om underlagen")
    await slack.adapter.drain()
    assert [c.method for c in slack.fake.calls if c.method.startswith("chat.")] == []
    await slack.slack.event("event_message_channel",
                            text="<@U0KALLE> och jag kör till Borås på torsdag kl 10 på upphandlingsmöte")
    await slack.fake.wait_for("chat.postEphemeral")
    [sug] = slack.rows(Suggestion)
    assert sug.destination == "Borås" and sug.participants == 2


async def test_bots_edits_and_own_messages_are_ignored(slack):
    await slack.slack.event("event_bot_message")
    await slack.slack.event("event_message_changed")
    await slack.slack.event(text=TRIP, user="U_BOT")
    # Another app's bot posting as itself: a user id, no subtype, but a bot_id.
    await slack.slack.event("event_message_channel", text=TRIP, user="U_OTHERBOT", bot_id="B_OTHER")
    await slack.adapter.drain()
    assert [c.method for c in slack.fake.calls if c.method.startswith("chat.")] == []
    assert slack.rows(Suggestion) == []


@pytest.mark.parametrize("where", ["event_message_im", "event_message_channel"])
async def test_a_200_kb_message_is_acked_and_handled(slack, where):
    text = TRIP + " " + "bla " * 50_000
    answer = await slack.slack.event(where, text=text)
    assert answer.status == 200
    await slack.fake.wait_for("chat.postMessage" if where.endswith("im") else "chat.postEphemeral")
    assert len(slack.rows(Suggestion)) == 1


async def test_language_and_zone_come_from_slack_and_are_cached(slack):
    await slack.slack.event(text="I'm driving to Falun on Thursday at 10 for a meeting", user="U2")
    [call] = await slack.fake.wait_for("chat.postMessage")
    assert "Distance" in shown(blocks_of(call))
    await slack.slack.event(text="hello", user="U2")
    await slack.fake.wait_for("chat.postMessage", 2)
    assert len(slack.fake.of("users.info")) == 1
    [person] = slack.rows(Person)
    assert person.timezone == "Europe/London" and person.locale == "en-GB"


# --- slash command, home tab ------------------------------------------------------------------


@pytest.mark.parametrize("words", ["hjälp", "nonsens ord"])
async def test_slash_command_help_and_unknown_subcommand_give_help(slack, words):
    answer = await slack.slack.command(words)
    assert answer.status == 200 and answer.text == ""  # acked at once, the answer follows
    [reply] = await slack.fake.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert "Kommandon" in shown(reply.params["blocks"])
    assert slack.fake.of("chat.postMessage") == []


async def test_slash_command_home_sets_the_origin(slack):
    await slack.slack.command("hem Falun")
    await slack.fake.wait_for("response_url")
    [person] = slack.rows(Person)
    assert person.home_name == "Falun"


async def test_home_tab_shows_savings_settings_and_how_it_works(slack):
    message, sid = await nudge_in_dm(slack)
    await slack.slack.press(f"accept:{sid}", message=message)
    await slack.fake.wait_for("chat.update")
    await slack.slack.event("event_app_home_opened")
    [publish] = await slack.fake.wait_for("views.publish")
    view = publish.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert publish.params["user_id"] == "U1" and view["type"] == "home"
    text = shown(view["blocks"])
    assert "1" in text and "Sträcka" in text  # one web meeting, with its figures
    assert "Mora" in text  # the settings: where estimates start from
    assert "Kommandon" in text  # how it works


# --- bad input --------------------------------------------------------------------------------


async def test_bad_signature_and_stale_timestamp_are_refused(slack):
    body = json.dumps({"type": "event_callback", "event": {"type": "message"}})
    assert (await slack.slack.post(body, signature="v0=" + "0" * 64)).status == 401
    assert (await slack.slack.post(body, timestamp=int(time.time()) - 3600)).status == 401
    await slack.adapter.drain()
    assert slack.fake.calls == []


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("this is not json", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ("payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        ("<xml/>", "text/xml"),
        (b"\xff\xfe\x00", "application/json"),
        ("", "application/json"),
        ('{"type": "event_callback", "event": "message"}', "application/json"),
        ('{"type": "event_callback", "event": [1]}', "application/json"),
        ("payload=" + quote('{"type": "block_actions", "actions": [{}]}'),
         "application/x-www-form-urlencoded"),
        ("payload=" + quote('{"type": "block_actions", "actions": "accept"}'),
         "application/x-www-form-urlencoded"),
    ],
)
async def test_a_body_slack_would_not_send_gets_a_4xx(slack, body, content_type):
    answer = await slack.slack.post(body, content_type)
    assert 400 <= answer.status < 500
    await slack.adapter.drain()
    assert slack.fake.calls == [] and slack.rows(Person) == []


async def test_url_verification_is_answered(slack):
    answer = await slack.slack.post(
        json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    )
    assert answer.status == 200 and "abc123" in answer.text


@pytest.mark.parametrize(
    "given, missing",
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
    ],
)
def test_half_a_slack_configuration_says_what_is_missing(sqlite_db, caplog, given, missing):
    app = build_app(make_settings(**given), sqlite_db)
    web_app = make_web_app(app, "127.0.0.1", run_scheduler=False)
    assert SLACK_KEY not in web_app
    [warning] = [r.getMessage() for r in caplog.records if r.name == "adapters.slack"]
    assert warning.startswith("slack: off") and missing in warning


async def test_slack_off_without_credentials_adds_no_routes(sqlite_db):
    app = build_app(make_settings(), sqlite_db)
    web_app = make_web_app(app, "127.0.0.1", run_scheduler=False)
    assert SLACK_KEY not in web_app
    assert not any(
        r.resource and r.resource.canonical == "/slack/events" for r in web_app.router.routes()
    )


# --- the manifest matches the code ------------------------------------------------------------


def test_manifest_lists_every_scope_event_and_url_the_app_uses():
    from pathlib import Path

    from adapters.slack import BOT_SCOPES

    manifest = (Path(__file__).resolve().parent.parent / "slack" / "manifest.yml").read_text()
    listed = set(re.findall(r"^\s+- ([a-z_:.]+)\s*(?:#.*)?$", manifest, re.M))
    assert set(BOT_SCOPES) <= listed
    for event in (
        "message.im",
        "message.channels",
        "message.groups",
        "app_mention",
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "user_change",
    ):
        assert event in listed
    assert "command: /resfri" in manifest
    assert manifest.count("/slack/events") == 3  # events, interactivity, the slash command
    assert "/slack/oauth_redirect" in manifest


async def test_a_slash_command_in_a_dm_is_answered_only_to_the_person(slack):
    await slack.slack.command("hjälp", channel="D_OTHER")  # a DM between two people
    [reply] = await slack.fake.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    await slack.adapter.drain()
    assert slack.fake.of("chat.postMessage") == []
    [person] = slack.rows(Person)
    assert "channel" not in json.loads(person.address)


async def test_without_a_profile_the_bot_still_answers(slack):
    slack.fake.fail("users.info", *[Failure(status=503)] * 3)
    await slack.slack.event(text=TRIP)
    [call] = await slack.fake.wait_for("chat.postMessage")
    assert "Falun" in call.params["text"]  # Swedish guessed from the message itself


async def test_forget_me_forgets_the_person_for_good(slack):
    await slack.slack.event(text="glöm mig")
    [ask] = await slack.fake.wait_for("chat.postMessage")
    assert [e["action_id"] for e in actions(blocks_of(ask))] == ["forget_confirm", "forget_cancel"]
    assert len(slack.rows(Person)) == 1
    await slack.slack.press("forget_confirm", message={"ts": "1700000000.000001",
                                                       "blocks": blocks_of(ask)})
    [done] = await slack.fake.wait_for("chat.update")
    assert "glömt dig" in shown(blocks_of(done)) and actions(blocks_of(done)) == []
    await slack.adapter.drain()
    assert slack.rows(Person) == []  # not even the address to reach them
