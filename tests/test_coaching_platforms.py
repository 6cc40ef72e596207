"""Coaching on the real platforms: the scheduler's tick delivers check-ins and coach reminders
through Slack's Web API and the Bot Framework connector (local fakes over HTTP), and people press
the buttons and name coaches with each platform's own mentions.

The conversation runs on the real clock here (the platforms' requests carry no test time), so the
ticks are run at the times the outbox rows say they fall due.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlmodel import Session, select

from adapters import scheduler
from adapters.app import build_app
from storage.models import CheckIn, Outbox, Person
from tests import test_slack as sl
from tests import test_teams as tm
from tests.fakes.slack_api import FakeSlackAPI

TRIP = "Jag kör till Falun på torsdag kl 10 för möte med regionen"


def due(app, kind: str, person_id: int | None = None) -> datetime:
    with Session(app.engine) as s:
        rows = [r for r in s.exec(select(Outbox).where(Outbox.kind == kind, Outbox.status == "due"))]
    [row] = [r for r in rows if person_id is None or r.person_id == person_id]
    return row.due_at


def person_of(app, platform: str, user_id: str) -> Person:
    with Session(app.engine) as s:
        return s.exec(
            select(Person).where(Person.platform == platform, Person.user_id == user_id)
        ).one()


def the_checkin(app) -> CheckIn:
    with Session(app.engine) as s:
        [checkin] = s.exec(select(CheckIn)).all()
        return checkin


# --- Slack ---------------------------------------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    api = await sl.fake_api()  # U1: Anna, Swedish
    api.add_user("UC", locale="en-GB", tz="Europe/Stockholm")  # the coach reads English
    api.add_user("UADMIN")
    yield api
    await api.stop()


@pytest.fixture
async def slack(engine, fake) -> AsyncIterator[sl.Running]:
    running = await sl.serve(build_app(sl.settings(fake, RESFRI_ADMINS="UADMIN"), engine), fake)
    yield running
    await running.server.close()


async def dm(slack: sl.Running, user: str, text: str) -> None:
    """`user` writes `text` in their DM with the bot; waits for the answer."""
    before = len(slack.fake.of("chat.postMessage"))
    channel = "D" + user.removeprefix("U")
    await slack.slack.event(text=text, user=user, channel=channel)
    await slack.fake.wait_for("chat.postMessage", before + 1)
    await slack.adapter.drain()


async def test_a_slack_person_gets_check_ins_in_their_dm_and_the_coach_hears_of_trouble(slack):
    fake = slack.fake
    await dm(slack, "UC", "hello")  # the coach and Anna have written to the bot once
    await dm(slack, "U1", "hjälp")
    # An admin names the coach with Slack's own mention syntax, as a slash command.
    await slack.slack.command("coach <@UC|cecilia> <@U1|anna>", user="UADMIN")
    [answer] = await fake.wait_for("response_url")
    assert "<@UC> coach" in sl.shown(answer.params["blocks"])  # a mention Slack renders as a name
    assert "<@U1>" in sl.shown(answer.params["blocks"])
    anna = person_of(slack.app, "slack", "U1")
    assert anna.coach_id == person_of(slack.app, "slack", "UC").id

    message, sid = await nudge(slack)
    await slack.slack.press(f"accept:{sid}", message=message)
    await fake.wait_for("chat.update")
    posted = len(fake.of("chat.postMessage"))

    # The scheduler's tick, once the meeting has ended: the check-in arrives in Anna's DM.
    after = due(slack.app, "checkin")
    assert await scheduler.tick(slack.app, after) >= 1
    checkins = [c for c in fake.of("chat.postMessage")[posted:] if c.params["channel"] == "D1"]
    [call] = [c for c in checkins if "Hur gick webbmötet" in sl.shown(sl.blocks_of(c))]
    cid = the_checkin(slack.app).id
    buttons = sl.actions(sl.blocks_of(call))  # one tap: three buttons, "Bra" the primary one
    assert [(b["type"], b["action_id"], b["value"]) for b in buttons] == [
        ("button", f"checkin_outcome.{v}:{cid}", v) for v in ("well", "trouble", "failed")
    ]
    assert buttons[0]["style"] == "primary"
    assert "<@UC>" in sl.shown(sl.blocks_of(call))  # who the coach is

    # Anna answers with the buttons; each answer replaces the question it answers.
    message = {"ts": "1700000000.000777", "blocks": sl.blocks_of(call)}
    updates = len(fake.of("chat.update"))
    await slack.slack.press(f"checkin_outcome.trouble:{cid}", "trouble", message=message)
    [hard] = (await fake.wait_for("chat.update", updates + 1))[updates:]
    assert "Vad var svårast?" in sl.shown(sl.blocks_of(hard))
    await slack.slack.press(f"checkin_hard:{cid}", "sound", select=True, message=message)
    await fake.wait_for("chat.update", updates + 2)
    await slack.slack.press(f"checkin_next:{cid}", "headset", select=True, message=message)
    [*_, done] = await fake.wait_for("chat.update", updates + 3)
    assert "headset" in sl.shown(sl.blocks_of(done))
    assert sl.actions(sl.blocks_of(done)) == []
    assert the_checkin(slack.app).next_step == "headset"

    # The coach hears about it in their own DM, in English, naming Anna so Slack shows her name.
    posted = len(fake.of("chat.postMessage"))
    assert await scheduler.tick(slack.app, due(slack.app, "trouble")) == 1
    [reminder] = fake.of("chat.postMessage")[posted:]
    assert reminder.params["channel"] == "DC"  # the coach's DM with the bot
    text = sl.shown(sl.blocks_of(reminder))
    assert "<@U1> had web meeting no. 1" in text and "hardest: sound" in text
    assert 2 <= text.count("\n• ") <= 3  # guiding questions to ask


async def nudge(slack: sl.Running) -> tuple[dict, int]:
    before = len(slack.fake.of("chat.postMessage"))
    await slack.slack.event(text=TRIP)
    calls = await slack.fake.wait_for("chat.postMessage", before + 1)
    blocks = sl.blocks_of(calls[before])
    accept = next(e for e in sl.actions(blocks) if e["action_id"].startswith("accept:"))
    return {"ts": "1700000000.000001", "blocks": blocks}, int(accept["action_id"].split(":")[1])


async def test_a_slack_admin_can_name_a_coach_in_a_dm_with_mentions(slack):
    await dm(slack, "UC", "hello")
    await dm(slack, "U1", "hjälp")
    await dm(slack, "UADMIN", "coach <@UC> <@U1>")
    [*_, answer] = slack.fake.of("chat.postMessage")
    assert "<@UC> coachar nu <@U1>" in sl.shown(sl.blocks_of(answer))
    assert person_of(slack.app, "slack", "U1").coach_id == person_of(slack.app, "slack", "UC").id
    # Someone who has never written to the bot: said so, by the name Slack shows.
    await dm(slack, "UADMIN", "coach <@UC> <@U404|bertil>")
    [*_, unknown] = slack.fake.of("chat.postMessage")
    assert "Jag känner inte till bertil än" in sl.shown(sl.blocks_of(unknown))


# --- Teams ---------------------------------------------------------------------------------------

BERTIL = "0b2d4f6a-2222-4e3c-8b5a-1c2d3e4f5a6b"  # the coach, writes in a channel
CECILIA = "9c8b7a6d-3333-4f2e-9d1c-2b3c4d5e6f70"  # an admin


@pytest.fixture
async def teams(engine):
    app = build_app(tm.teams_settings(RESFRI_ADMINS=CECILIA), engine)
    client = await tm.serve(app)
    yield app, client
    await client.close()


def mention(account: dict, text: str | None = None) -> dict:
    return {
        "type": "mention",
        "text": text or f"<at>{account['name']}</at>",
        "mentioned": {"id": account["id"], "name": account["name"]},
    }


async def test_a_teams_person_gets_check_ins_in_their_chat_and_the_coach_hears_of_trouble(
    teams, connector
):
    app, client = teams
    anna = tm.payload("personal_message", connector)
    bertil = tm.payload("channel_mention", connector)
    cecilia = tm.payload("installed_personal", connector)
    assert await tm.post(client, tm.payload("personal_message", connector, text="hjälp")) == 200
    assert await tm.post(client, bertil) == 200  # "@resfri hjälp" in a channel
    assert await tm.post(client, cecilia) == 200

    # Cecilia (an admin) names Bertil as Anna's coach with Teams mentions, in the channel.
    command = copy.deepcopy(bertil)
    command.update(id="1741600999111", **{"from": cecilia["from"]})
    command["text"] = "<at>resfri</at> coach <at>Bertil Berg</at> <at>Anna Andersson</at>"
    command["entities"] = [
        bertil["entities"][0],  # the bot's own mention
        mention(bertil["from"]),
        mention(anna["from"]),
    ]
    before = len(connector.sent())
    assert await tm.post(client, command) == 200
    [answer] = connector.sent()[before:]
    assert "Bertil Berg coach" in tm.texts(answer.card) and "Anna Andersson" in tm.texts(answer.card)
    assert person_of(app, "teams", tm.ANNA).coach_id == person_of(app, "teams", BERTIL).id
    # Someone who never wrote to the bot is named, not shown as an id.
    doris = {"id": "29:1DorisNeverWroteHere", "name": "Doris Dahl"}
    command.update(id="1741600999222", text=command["text"].replace("Anna Andersson", "Doris Dahl"))
    command["entities"] = [*command["entities"][:2], mention(doris)]
    before = len(connector.sent())
    assert await tm.post(client, command) == 200
    [unknown] = connector.sent()[before:]
    assert "Jag känner inte till Doris Dahl än" in tm.texts(unknown.card)

    call = await teams_nudge(client, connector)
    sid = next(a["data"]["suggestion"] for a in call.card["actions"])
    assert await tm.press(client, connector, call, "accept", sid, 1) == 200

    before = len(connector.sent(tm.ANNA_CHAT))
    assert await scheduler.tick(app, due(app, "checkin")) >= 1
    cards = [c.card for c in connector.sent(tm.ANNA_CHAT)[before:] if c.card]
    assert any("Bertil Berg är nu din mötescoach" in tm.texts(c) for c in cards)
    [card] = [c for c in cards if "Hur gick webbmötet" in tm.texts(c)]
    assert "Din mötescoach är Bertil Berg" in tm.texts(card)
    cid = the_checkin(app).id
    assert [a["data"] for a in card["actions"]] == [
        {"choice": f"checkin_outcome.{v}", "suggestion": cid, "value": v}
        for v in ("well", "trouble", "failed")
    ]
    [checkin_call] = [
        c for c in connector.sent(tm.ANNA_CHAT) if c.card and "Hur gick webbmötet" in tm.texts(c.card)
    ]
    for n, (choice, value) in enumerate(
        [
            ("checkin_outcome.failed", "failed"),
            ("checkin_hard", "connecting"),
            ("checkin_next", "send_link"),
        ],
        start=2,
    ):
        assert await tm.press(client, connector, checkin_call, choice, cid, n, value=value) == 200
    assert the_checkin(app).next_step == "send_link"

    # Bertil only ever wrote in a channel: he hears in the 1:1 chat the bot opened with him.
    [opened] = connector.created()
    assert [m["id"] for m in opened.body["members"]] == [bertil["from"]["id"]]
    before = len(connector.sent())
    assert await scheduler.tick(app, due(app, "trouble")) == 1
    [reminder] = connector.sent()[before:]
    assert reminder.conversation.startswith("a:1on1-")
    text = tm.texts(reminder.card)
    assert "Anna Andersson hade webbmöte nr 1" in text and "att ansluta" in text
    assert tm.ANNA not in text  # never an id a coach cannot read


async def teams_nudge(client, connector):
    before = len(connector.sent(tm.ANNA_CHAT))
    assert await tm.post(client, tm.payload("personal_message", connector, id="17415", text=TRIP)) == 200
    return connector.sent(tm.ANNA_CHAT)[before]
