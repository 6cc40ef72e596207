"""The Slack app as each person meets it: `/resfri` and its subcommands in Swedish and English,
the Home tab, the language and time zone Slack reports (cached, refreshed, possibly nonsense),
and what happens when Slack will not take a message. Real server, signed requests over loopback,
the local fake Web API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest

from adapters.app import build_app
from adapters.slack_delivery import Profiles, make_client
from storage.models import Person, Suggestion
from tests.fakes.slack_api import Failure, FakeSlackAPI
from tests.test_slack import (
    TRIP,
    Running,
    actions,
    blocks_of,
    fake_api,
    nudge_in_dm,
    serve,
    settings,
    shown,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    api = await fake_api()
    api.add_user("U_ADMIN", locale="sv-SE")
    yield api
    await api.stop()


@pytest.fixture
async def slack(sqlite_db, fake) -> AsyncIterator[Running]:
    running = await serve(build_app(settings(fake, RESFRI_ADMINS="U_ADMIN"), sqlite_db), fake)
    yield running
    await running.server.close()


async def command(slack: Running, words: str, user: str = "U1", n: int = 1) -> str:
    """Run `/resfri words` in a channel; return what the person alone sees (the n-th answer)."""
    answer = await slack.slack.command(words, user=user)
    assert answer.status == 200 and answer.text == ""
    replies = await slack.fake.wait_for("response_url", n)
    assert replies[n - 1].params["response_type"] == "ephemeral"
    return shown(replies[n - 1].params["blocks"])


# --- /resfri ----------------------------------------------------------------------------------


async def test_me_pause_resume_and_language_in_the_slash_command(slack):
    assert "inga webbmöten" in await command(slack, "mina besparingar")
    assert "inga förslag förrän" in await command(slack, "paus 2 veckor", n=2)
    assert "pausade till" in await command(slack, "me", n=3)

    await slack.slack.event(text=TRIP)  # paused: no nudge
    await slack.adapter.drain()
    assert slack.fake.of("chat.postMessage") == [] and slack.rows(Suggestion) == []

    assert "på igen" in await command(slack, "fortsätt", n=4)
    await slack.slack.event(text=TRIP)
    [nudge] = await slack.fake.wait_for("chat.postMessage")
    assert "webbmöte i stället" in nudge.params["text"]

    # A Swedish Slack, but the person asks for English: from now on everything is English.
    assert "I'll speak English now" in await command(slack, "språk en", n=5)
    assert "Commands:" in await command(slack, "hjälp", n=6)
    [person] = slack.rows(Person)
    assert person.lang == "en"


async def test_stats_are_for_admins_only(slack):
    await nudge_in_dm(slack)
    assert "bara för administratörer" in await command(slack, "statistik")
    said = await command(slack, "statistik", user="U_ADMIN", n=2)
    assert "Statistik" in said and "*Förslag*" in said


async def test_a_report_file_asked_for_in_a_channel_goes_to_the_dm_and_says_so(slack):
    await nudge_in_dm(slack)
    said = await command(slack, "stats csv", user="U_ADMIN")
    assert "direktmeddelande" in said
    [opened] = await slack.fake.wait_for("conversations.open")
    assert opened.params["users"] == "U_ADMIN"
    [done] = await slack.fake.wait_for("files.completeUploadExternal")
    assert done.params["channel_id"] == "D_ADMIN"
    assert [c.params["channel"] for c in slack.fake.of("chat.postMessage")] == ["D1"]  # the nudge


# --- the Home tab -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "user, words",
    [
        ("U1", ["resfri — dina webbmöten", "Du har inga webbmöten", "Utgår från: Mora",
                "Kommandon", "/resfri"]),
        ("U2", ["resfri — your web meetings", "You have no web meetings", "Starting from: Mora",
                "Commands", "/resfri"]),
    ],
)
async def test_home_tab_in_the_persons_language(slack, user, words):
    await slack.slack.event("event_app_home_opened", user=user)
    [publish] = await slack.fake.wait_for("views.publish")
    assert publish.params["user_id"] == user
    text = shown(publish.params["view"]["blocks"])
    for word in words:
        assert word in text
    assert actions(publish.params["view"]["blocks"]) == []


async def test_the_messages_tab_opening_publishes_nothing(slack):
    await slack.slack.event("event_app_home_opened", tab="messages")
    await slack.adapter.drain()
    assert slack.fake.of("views.publish") == []


# --- language and time zone from Slack --------------------------------------------------------


async def test_a_time_zone_slack_reports_that_does_not_exist_falls_back_to_the_default(slack):
    slack.fake.add_user("U3", locale="sv-SE", tz="Mars/Olympus_Mons")
    await slack.slack.event(text=TRIP, user="U3", channel="D3")
    [nudge] = await slack.fake.wait_for("chat.postMessage")
    assert "kl 10:00" in nudge.params["text"]  # the trip's time as written, not shifted
    [sug] = slack.rows(Suggestion)
    assert sug.trip_date.astimezone(ZoneInfo("Europe/Stockholm")).hour == 10


async def test_a_changed_profile_counts_from_the_next_message(slack):
    await slack.slack.event(text="hej")
    await slack.fake.wait_for("chat.postMessage")
    await slack.slack.event(text="hej igen")
    await slack.fake.wait_for("chat.postMessage", 2)
    assert len(slack.fake.of("users.info")) == 1  # cached

    # The person switches Slack to English; Slack tells every app with user_change.
    slack.fake.add_user("U1", locale="en-US", tz="America/New_York")
    await slack.slack.event("event_user_change")
    await slack.slack.event(text="I'm driving to Falun on Thursday at 10 for a meeting")
    [*_, nudge] = await slack.fake.wait_for("chat.postMessage", 3)
    assert len(slack.fake.of("users.info")) == 2
    assert "Distance" in shown(blocks_of(nudge))
    [person] = slack.rows(Person)
    assert person.locale == "en-US" and person.timezone == "America/New_York"


async def test_profiles_are_looked_up_again_after_an_hour(fake):
    clock = [0.0]
    profiles = Profiles(clock=lambda: clock[0])
    client = make_client(fake.url, "xoxb-test")
    assert (await profiles.get(client, "T_FAKE", "U1"))["locale"] == "sv-SE"
    fake.add_user("U1", locale="en-GB")
    clock[0] = 3599
    assert (await profiles.get(client, "T_FAKE", "U1"))["locale"] == "sv-SE"
    clock[0] = 3601
    assert (await profiles.get(client, "T_FAKE", "U1"))["locale"] == "en-GB"
    assert len(fake.of("users.info")) == 2


# --- when Slack will not take a message -------------------------------------------------------


async def test_a_rate_limited_answer_is_sent_once_slack_allows(slack):
    slack.fake.fail(
        "chat.postMessage", Failure(status=429, error="ratelimited", headers={"Retry-After": "0"})
    )
    await slack.slack.event(text=TRIP)
    [refused, sent] = await slack.fake.wait_for("chat.postMessage", 2)
    assert blocks_of(refused) == blocks_of(sent) and "Falun" in sent.params["text"]


async def test_an_answer_slack_keeps_refusing_is_logged_with_the_reason(slack, caplog):
    limited = Failure(status=429, error="ratelimited", headers={"Retry-After": "0"})
    slack.fake.fail("chat.postMessage", limited, limited, limited)
    with caplog.at_level(logging.ERROR, logger="adapters.slack"):
        await slack.slack.event(text=TRIP)
        await slack.fake.wait_for("chat.postMessage", 3)
        await slack.adapter.drain()
    [record] = [r for r in caplog.records if "could not be sent" in r.getMessage()]
    assert "U1" in record.getMessage() and "rate limited" in record.getMessage()


async def test_an_expired_response_url_is_logged(slack, caplog):
    slack.fake.fail("response_url", Failure(status=404, error="expired_url"))
    with caplog.at_level(logging.ERROR, logger="adapters.slack"):
        await slack.slack.command("hjälp")
        await slack.fake.wait_for("response_url")
        await slack.adapter.drain()
    [record] = [r for r in caplog.records if "could not be sent" in r.getMessage()]
    assert "/resfri" in record.getMessage() and "404" in record.getMessage()


# --- bolt's own reading of the environment ----------------------------------------------------


async def test_an_empty_slack_client_id_in_the_environment_does_not_switch_to_oauth(
    sqlite_db, fake, monkeypatch, tmp_path
):
    # A blank line in an env file: our settings see no OAuth; bolt alone would turn on its
    # OAuth flow with file stores and then ignore the bot token.
    monkeypatch.setenv("SLACK_CLIENT_ID", "")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "")
    running = await serve(build_app(settings(fake), sqlite_db), fake)
    try:
        assert running.adapter.bolt.oauth_flow is None
        await running.slack.event(text=TRIP)
        [post] = await fake.wait_for("chat.postMessage")
        assert post.token == "xoxb-test"
    finally:
        await running.server.close()
