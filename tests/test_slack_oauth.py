"""Many workspaces: the OAuth install flow keeps installs in our database, so they survive a
restart, and uninstalling removes them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlmodel import Session, select

from adapters.app import build_app
from bot.messages import Reply
from bot.ports import DeliveryError
from storage.models import Person, SlackInstallation, SlackOAuthState
from tests.conftest import make_settings
from tests.fakes.slack_api import FakeSlackAPI
from tests.test_slack import SECRET, TRIP, Running, fake_api, serve


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    api = await fake_api()
    yield api
    await api.stop()


COOKIE = "slack-app-oauth-state"


def oauth_settings(fake: FakeSlackAPI):
    return make_settings(
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_API_URL=fake.url,
        RESFRI_DEFAULT_ORIGIN="Mora",
    )


def rows(engine, model) -> list:
    with Session(engine) as s:
        return list(s.exec(select(model)))


async def install(running: Running, code: str = "good-code") -> int:
    """Walk the install flow as a browser would; return the redirect's HTTP status."""
    async with aiohttp.ClientSession() as browser:
        async with browser.get(running.server.make_url("/slack/install")) as r:
            assert r.status == 200
            page = await r.text()
            state = re.search(r"state=([\w\-]+)", page).group(1)
            assert r.cookies[COOKIE].value == state
        async with browser.get(
            running.server.make_url("/slack/oauth_redirect"),
            params={"code": code, "state": state},
            headers={"Cookie": f"{COOKIE}={state}"},
        ) as r:
            return r.status


async def test_install_is_stored_in_our_database_and_used_after_a_restart(engine, fake):
    first = await serve(build_app(oauth_settings(fake), engine), fake)
    try:
        assert await install(first) == 200
        [access] = fake.of("oauth.v2.access")
        assert access.params["code"] == "good-code"
    finally:
        await first.server.close()
    [row] = rows(engine, SlackInstallation)
    assert row.team_id == "T_FAKE" and row.client_id == "1111.2222"
    assert "xoxb-installed" in row.data
    assert rows(engine, SlackOAuthState) == []  # the state was used up

    # A new process: nothing in memory, the install comes from the database.
    second = await serve(build_app(oauth_settings(fake), engine), fake)
    try:
        await second.slack.event(text=TRIP)
        [post] = await fake.wait_for("chat.postMessage")
        assert post.token == "xoxb-installed" and post.params["channel"] == "D1"

        # Proactive delivery finds the token the same way.
        [person] = rows(engine, Person)
        await second.app.notifier.send(person, [Reply("Hur gick webbmötet?")])
        assert fake.of("chat.postMessage")[-1].token == "xoxb-installed"

        # Uninstalling removes the workspace's install and marks its people unreachable.
        await second.slack.event("event_app_uninstalled")
        await second.adapter.drain()
        assert rows(engine, SlackInstallation) == []
        [person] = rows(engine, Person)
        assert person.address_stale
        with pytest.raises(DeliveryError) as failed:
            await second.app.notifier.send(person, [Reply("Hej")])
        assert not failed.value.retry
    finally:
        await second.server.close()


async def test_a_bad_oauth_code_installs_nothing(engine, fake):
    running = await serve(build_app(oauth_settings(fake), engine), fake)
    try:
        assert await install(running, code="bad-code") != 200
        assert rows(engine, SlackInstallation) == []
    finally:
        await running.server.close()


async def test_events_from_a_workspace_that_never_installed_are_not_handled(engine, fake):
    running = await serve(build_app(oauth_settings(fake), engine), fake)
    try:
        answer = await running.slack.event(text=TRIP)
        assert answer.status < 500
        await running.adapter.drain()
        assert fake.of("chat.postMessage") == []
    finally:
        await running.server.close()


async def test_revoked_tokens_remove_the_install(engine, fake):
    running = await serve(build_app(oauth_settings(fake), engine), fake)
    try:
        assert await install(running) == 200
        await running.slack.event(text=TRIP)
        await fake.wait_for("chat.postMessage")
        [person] = rows(engine, Person)

        await running.slack.event("event_tokens_revoked")
        await running.adapter.drain()
        assert rows(engine, SlackInstallation) == []
        assert rows(engine, Person)[0].address_stale
        # Nothing is sent with the dead token: new events are not handled, and proactive
        # messages fail for good (the person is marked unreachable).
        await running.slack.event(text="Jag åker till Borlänge på fredag för möte")
        await running.adapter.drain()
        assert len(fake.of("chat.postMessage")) == 1
        with pytest.raises(DeliveryError) as failed:
            await running.app.notifier.send(person, [Reply("Hej")])
        assert not failed.value.retry
        assert rows(engine, Person)[0].address_stale
    finally:
        await running.server.close()


async def test_a_reinstall_after_uninstalling_uses_the_new_token(engine, fake):
    running = await serve(build_app(oauth_settings(fake), engine), fake)
    try:
        assert await install(running) == 200
        await running.slack.event(text=TRIP)
        await fake.wait_for("chat.postMessage")
        await running.slack.event("event_app_uninstalled")
        await running.adapter.drain()
        fake.install_token = "xoxb-reinstalled"
        assert await install(running) == 200
        await running.slack.event(text="Jag åker till Borlänge på fredag för möte")
        [_, post] = await fake.wait_for("chat.postMessage", 2)
        assert post.token == "xoxb-reinstalled"
        [person] = rows(engine, Person)
        assert not person.address_stale  # in touch again
    finally:
        await running.server.close()
