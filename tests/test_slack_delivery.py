"""Proactive Slack messages (check-ins, reminders) through the notifier: a DM opened with
conversations.open, Slack's errors mapped to retry-or-not, dead addresses marked stale."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from adapters.app import build_app
from bot.messages import Attachment, Choice, Reply
from bot.ports import DeliveryError
from tests.fakes.slack_api import Failure, FakeSlackAPI
from tests.test_slack import fake_api, serve, settings


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    api = await fake_api()
    yield api
    await api.stop()


@pytest.fixture
async def running(sqlite_db, fake):
    running = await serve(build_app(settings(fake), sqlite_db), fake)
    yield running
    await running.server.close()


def someone(running, address: dict | None = None):
    person = running.app.repo.person("slack", "T_FAKE", "U1")
    if address is not None:
        person = running.app.repo.update_person(person.id, address=json.dumps(address))
    return person


CHECKIN = Reply(
    "Hur gick webbmötet?",
    choices=[Choice("checkin_well", "Bra"), Choice("checkin_trouble", "Strul")],
    about=7,
    kind="checkin",
)


async def test_a_check_in_opens_a_dm_posts_buttons_and_remembers_the_channel(running):
    person = someone(running)
    await running.app.notifier.send(person, [CHECKIN])
    [opened] = running.fake.of("conversations.open")
    assert opened.params["users"] == "U1"
    [post] = running.fake.of("chat.postMessage")
    assert post.params["channel"] == "D1"
    blocks = post.params["blocks"]
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == ["checkin_well:7", "checkin_trouble:7"]
    stored = json.loads(running.app.repo.get_person(person.id).address)
    assert stored["channel"] == "D1"
    # The next message goes straight to the known DM.
    await running.app.notifier.send(running.app.repo.get_person(person.id), [Reply("Hej igen")])
    assert len(running.fake.of("conversations.open")) == 1


async def test_files_are_uploaded_to_the_dm(running):
    person = someone(running, {"team_id": "T_FAKE", "user_id": "U1", "channel": "D1"})
    csv = Attachment("webbmoten.csv", "text/csv", b"enhet;antal\nIT;3\n")
    await running.app.notifier.send(person, [Reply("Rapporten", attachments=[csv])])
    [upload] = running.fake.of("upload")
    assert upload.params["size"] == len(csv.data)
    [done] = running.fake.of("files.completeUploadExternal")
    assert done.params["channel_id"] == "D1"


@pytest.mark.parametrize("error", ["channel_not_found", "account_inactive", "token_revoked"])
async def test_a_gone_conversation_is_not_retried_and_marked_stale(running, error):
    person = someone(running, {"team_id": "T_FAKE", "user_id": "U1", "channel": "D1"})
    running.fake.fail("chat.postMessage", Failure(error=error))
    with pytest.raises(DeliveryError) as failed:
        await running.app.notifier.send(person, [Reply("Hej")])
    assert failed.value.retry is False
    assert running.app.repo.get_person(person.id).address_stale
    assert not running.app.notifier.can_reach(running.app.repo.get_person(person.id))


async def test_server_errors_are_retried_then_reported_as_worth_retrying(running):
    person = someone(running, {"team_id": "T_FAKE", "user_id": "U1", "channel": "D1"})
    running.fake.fail("chat.postMessage", *[Failure(status=503)] * 3)
    with pytest.raises(DeliveryError) as failed:
        await running.app.notifier.send(person, [Reply("Hej")])
    assert failed.value.retry is True
    assert len(running.fake.of("chat.postMessage")) == 3  # the SDK's retry handler tried twice more
    assert not running.app.repo.get_person(person.id).address_stale


async def test_a_rate_limit_is_waited_out_by_the_client(running):
    person = someone(running, {"team_id": "T_FAKE", "user_id": "U1", "channel": "D1"})
    running.fake.fail(
        "chat.postMessage", Failure(status=429, error="ratelimited", headers={"Retry-After": "0"})
    )
    await running.app.notifier.send(person, [Reply("Hej")])
    assert len(running.fake.of("chat.postMessage")) == 2


async def test_a_rate_limit_that_lasts_is_reported_with_its_wait(running):
    person = someone(running, {"team_id": "T_FAKE", "user_id": "U1", "channel": "D1"})
    running.fake.fail(
        "chat.postMessage",
        *[Failure(status=429, error="ratelimited", headers={"Retry-After": "0"})] * 3,
    )
    with pytest.raises(DeliveryError) as failed:
        await running.app.notifier.send(person, [Reply("Hej")])
    assert failed.value.retry is True and failed.value.retry_after == 0
