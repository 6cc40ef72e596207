"""The tick over real databases: a killed worker, a restart, platforms that refuse, several
workers at once, APScheduler started by the aiohttp app, and `resfri worker --once` as its own
process delivering to Slack and Teams (local fakes), killed mid-send and replaced."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import subprocess
import sys
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import text
from sqlmodel import Session, select

from adapters import cli, scheduler
from adapters.app import build_app
from adapters.server import make_web_app
from bot.messages import Inbound
from bot.ports import DeliveryError
from storage import db, outbox
from storage.models import Outbox
from tests.conftest import make_settings
from tests.fakes.slack_api import Call, FakeSlackAPI

MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
TRIP = "Jag kör till Falun på torsdag kl 10 på möte med regionen"
AFTER = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # the check-in falls due


def settings(**kw):
    return make_settings(RESFRI_DEFAULT_ORIGIN="Mora", **kw)


@pytest.fixture
def app(engine):
    return build_app(settings(), engine)


class Recording:
    """A platform's delivery as a test sees it: what it accepted, and refusals on demand."""

    def __init__(self, platform: str, refuse: list[DeliveryError] | None = None) -> None:
        self.platform = platform
        self.refuse = list(refuse or [])
        self.accepted: list[tuple[str, str]] = []
        self.attempts = 0

    async def send(self, person, replies) -> None:  # noqa: ANN001
        self.attempts += 1
        await asyncio.sleep(0.002)  # let other workers run in between
        if self.refuse:
            raise self.refuse.pop(0)
        self.accepted += [(person.user_id, r.text) for r in replies]


def accept(app, user="U1", platform="web"):
    [nudge] = app.conversation.handle(Inbound(platform, user, text=TRIP, locale="sv"), MONDAY)
    app.conversation.handle(
        Inbound(platform, user, choice="accept", suggestion_id=nudge.about, locale="sv"), MONDAY
    )


def statuses(engine, kind=None):
    with Session(engine) as s:
        return [r.status for r in s.exec(select(Outbox)) if kind is None or r.kind == kind]


async def test_a_worker_killed_between_claiming_and_sending_is_replaced_and_sends_once(app):
    accept(app)
    [claimed] = [c for c in outbox.claim_due(app.engine, "killed", AFTER) if c.kind == "checkin"]
    # The killed worker never sends. Another worker ticks: nothing until the claim expires.
    assert await scheduler.tick(app, AFTER + timedelta(minutes=1), "next") == 0
    assert app.web_inbox.take("U1") == []
    expired = AFTER + outbox.CLAIM_TIMEOUT + timedelta(seconds=1)
    assert await scheduler.tick(app, expired, "next") == 1
    [checkin] = app.web_inbox.take("U1")
    assert checkin.kind == "checkin" and checkin.about == claimed.ref_id
    assert await scheduler.tick(app, expired + timedelta(hours=1), "next") == 0
    assert app.web_inbox.take("U1") == []
    assert statuses(app.engine, "checkin") == ["sent"]


async def test_a_restart_loses_nothing(engine):
    before = build_app(settings(), engine)
    accept(before)
    after = build_app(settings(), engine)  # a new process on the same database
    assert await scheduler.tick(after, AFTER) == 1
    [checkin] = after.web_inbox.take("U1")
    assert checkin.kind == "checkin"


async def test_a_platform_that_refuses_is_retried_with_backoff_and_sent_once(app):
    flaky = Recording("fake", [DeliveryError("HTTP 503"), DeliveryError("429", retry_after=300)])
    app.notifier.register(flaky)
    accept(app, platform="fake")
    assert await scheduler.tick(app, AFTER) == 0
    [row] = [r for r in _rows(app) if r.kind == "checkin"]
    assert (row.status, row.attempts, row.last_error) == ("due", 1, "HTTP 503")
    assert row.due_at == AFTER + timedelta(minutes=1)
    assert await scheduler.tick(app, AFTER + timedelta(seconds=30)) == 0  # backing off
    assert await scheduler.tick(app, AFTER + timedelta(minutes=1)) == 0  # 429, wait 5 min
    assert await scheduler.tick(app, AFTER + timedelta(minutes=5)) == 0
    assert await scheduler.tick(app, AFTER + timedelta(minutes=6)) == 1
    assert [u for u, _ in flaky.accepted] == ["U1"] and flaky.attempts == 3
    assert await scheduler.tick(app, AFTER + timedelta(hours=1)) == 0
    assert statuses(app.engine, "checkin") == ["sent"]


async def test_a_gone_conversation_fails_for_good_but_the_row_is_kept(app):
    gone = Recording("fake", [DeliveryError("channel_not_found", retry=False)])
    app.notifier.register(gone)
    accept(app, platform="fake")
    assert await scheduler.tick(app, AFTER) == 0
    [row] = [r for r in _rows(app) if r.kind == "checkin"]
    assert row.status == "failed" and row.last_error == "channel_not_found"
    assert await scheduler.tick(app, AFTER + timedelta(days=1)) == 0 and gone.attempts == 1


async def test_a_platform_this_process_cannot_reach_is_retried_not_dropped(engine):
    without = build_app(settings(), engine)  # e.g. a worker started without Slack configured
    accept(without, platform="fake")
    assert await scheduler.tick(without, AFTER) == 0
    assert statuses(engine, "checkin") == ["due"]
    with_it = build_app(settings(), engine)
    rec = Recording("fake")
    with_it.notifier.register(rec)
    assert await scheduler.tick(with_it, AFTER + timedelta(minutes=1)) == 1
    assert [u for u, _ in rec.accepted] == ["U1"]


def _rows(app):
    with Session(app.engine) as s:
        return list(s.exec(select(Outbox)))


def _same_database(engine):
    """A second engine on the same data, with its own connections (as another worker has)."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "sqlite":
        return db.make_engine(url)
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    return db.make_engine(_with_search_path(url, schema))


def _with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _notices(app, users):
    for user in users:
        person = app.repo.person("rec", "", user)
        payload = {"key": "coach.notice.unit", "values": {"unit": f"Enhet {user}"}}
        outbox.enqueue(app.engine, "notice", person.id, AFTER, payload=payload)


async def test_two_workers_over_the_same_rows_send_every_message_exactly_once(engine):
    shared = Recording("rec")
    apps = [build_app(settings(), engine), build_app(settings(), _same_database(engine))]
    for a in apps:
        a.notifier.register(shared)
    users = [f"U{i}" for i in range(60)]
    _notices(apps[0], users)
    sent = await asyncio.gather(
        scheduler.tick(apps[0], AFTER, "worker-a"), scheduler.tick(apps[1], AFTER, "worker-b")
    )
    assert sum(sent) == 60, sent
    assert sorted(u for u, _ in shared.accepted) == sorted(users)  # each once
    assert set(statuses(engine)) == {"sent"}
    apps[1].engine.dispose()


async def test_the_web_app_starts_apscheduler_which_ticks_over_due_rows(app, caplog):
    caplog.set_level(logging.INFO)  # as `resfri serve` logs
    person = app.repo.person("web", "", "U_LIVE")
    payload = {"key": "coach.notice.unit", "values": {"unit": "Ekonomi"}}
    due = datetime.now(UTC) - timedelta(minutes=1)
    row_id = outbox.enqueue(app.engine, "notice", person.id, due, payload=payload)
    server = TestServer(make_web_app(app, "127.0.0.1", run_scheduler=True), host="127.0.0.1")
    await server.start_server()
    try:
        for _ in range(150):  # the first tick runs at start-up
            with Session(app.engine) as s:
                row = s.get(Outbox, row_id)
            if row.status == "sent" or row.due_at > due:
                break
            await asyncio.sleep(0.1)
    finally:
        await server.close()
    # APScheduler's "Running job …" had been logged by now; its routine lines are kept quiet
    # (twice a minute in a server's log), ours are not.
    chatter = [r for r in caplog.records if r.name.startswith("apscheduler")]
    assert [r.getMessage() for r in chatter if r.levelno < logging.WARNING] == []
    assert any(r.getMessage().startswith("scheduler started") for r in caplog.records)
    # Sent now, or (in quiet hours, at weekends) deferred to a polite time: either way handled.
    if row.status == "sent":
        [notice] = app.web_inbox.take("U_LIVE")
        assert "Ekonomi" in notice.text
    else:
        assert row.status == "due" and row.due_at > due and row.attempts == 0
        assert app.web_inbox.take("U_LIVE") == []


async def test_the_web_app_leaves_due_rows_alone_without_the_scheduler(app):
    person = app.repo.person("web", "", "U_LIVE")
    payload = {"key": "coach.notice.unit", "values": {"unit": "Ekonomi"}}
    outbox.enqueue(app.engine, "notice", person.id, datetime.now(UTC), payload=payload)
    server = TestServer(make_web_app(app, "127.0.0.1", run_scheduler=False), host="127.0.0.1")
    await server.start_server()
    await asyncio.sleep(0.5)
    await server.close()
    assert statuses(app.engine) == ["due"]


def test_worker_once_runs_what_is_due_at_the_given_time(sqlite_db, monkeypatch):
    app = build_app(settings(), sqlite_db)
    accept(app, platform="console")  # `resfri chat` shows what the worker left in its inbox
    monkeypatch.setenv("DATABASE_URL", sqlite_db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("RESFRI_DEFAULT_ORIGIN", "Mora")
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["worker", "--once", "--now", "2026-11-26T09:59:00+00:00"]) == 0
        assert cli.main(["worker", "--once", "--now", "2026-11-26T10:00:00+00:00"]) == 0
        assert cli.main(["worker", "--once", "--now", "2026-11-26T10:05:00+00:00"]) == 0
    lines = out.getvalue().splitlines()
    assert [line.split(" message")[0] for line in lines] == ["sent 0", "sent 1", "sent 0"]
    assert statuses(sqlite_db, "checkin") == ["sent"]


def test_a_worker_leaves_messages_for_the_browser_page_to_the_server_that_shows_it(
    sqlite_db, monkeypatch
):
    app = build_app(settings(), sqlite_db)
    accept(app, platform="web")
    monkeypatch.setenv("DATABASE_URL", sqlite_db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("RESFRI_DEFAULT_ORIGIN", "Mora")
    with redirect_stdout(io.StringIO()) as out:
        assert cli.main(["worker", "--once", "--now", "2026-11-26T10:00:00+00:00"]) == 0
    assert out.getvalue().startswith("sent 0 ")  # not "sent" into a memory no page reads
    assert statuses(sqlite_db, "checkin") == ["due"]
    # `resfri serve` with its scheduler, whose page the person has open, delivers it.
    assert asyncio.run(scheduler.tick(app, datetime(2026, 11, 26, 10, 5, tzinfo=UTC))) == 1
    assert [r.kind for r in app.web_inbox.take("U1")] == ["checkin"]


def test_two_worker_processes_on_postgresql_send_every_message_exactly_once(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("this one is about PostgreSQL's row locks across processes")
    app = build_app(settings(), engine)
    users = [f"U{i}" for i in range(200)]
    for user in users:
        person = app.repo.person("console", "", user)  # the console inbox on disk: any worker reaches it
        payload = {"key": "coach.notice.unit", "values": {"unit": "Ekonomi"}}
        outbox.enqueue(app.engine, "notice", person.id, AFTER, payload=payload)
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RESFRI_", "SLACK_"))},
        "DATABASE_URL": _with_search_path(os.environ["TEST_DATABASE_URL"], schema),
    }
    resfri = str(Path(sys.executable).with_name("resfri"))
    cmd = [resfri, "worker", "--once", "--now", "2026-11-26T10:00:00+00:00"]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    counts = [int(out.split()[1]) for out, _ in outs]
    assert sum(counts) == 200, outs  # together: every row once, none twice
    with Session(engine) as s:
        rows = list(s.exec(select(Outbox)))
    assert {r.status for r in rows} == {"sent"} and {r.attempts for r in rows} == {1}


# --- `resfri worker` as its own process, delivering to Slack ---------------------------------------


class HangingSlack(FakeSlackAPI):
    """Slack's Web API that takes the first chat.postMessage and never answers it: the worker
    sending it is stuck there until it is killed."""

    def __init__(self) -> None:
        super().__init__()
        self.hung = 0
        self.never = asyncio.Event()

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "chat.postMessage" and not self.hung:
            self.hung += 1
            self._record(Call("chat.postMessage (never answered)", await self._params(request)))
            await self.never.wait()
        return await super()._api(request)


def _worker_env(engine, slack: FakeSlackAPI | None = None) -> dict[str, str]:
    """What `resfri worker` reads: this test's database, and Slack's fake when given."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        url = _with_search_path(os.environ["TEST_DATABASE_URL"], schema)
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("RESFRI_", "SLACK_"))}
    if slack is None:
        return {**keep, "DATABASE_URL": url}
    return {
        **keep,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s" * 32,
        "SLACK_API_URL": slack.url,
    }


async def _worker(env: dict[str, str], now: datetime) -> asyncio.subprocess.Process:
    resfri = str(Path(sys.executable).with_name("resfri"))
    return await asyncio.create_subprocess_exec(
        resfri, "worker", "--once", "--now", now.isoformat(), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def _sent_by(proc: asyncio.subprocess.Process) -> int:
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    return int(out.split()[1])


def _slack_person_with_a_notice(engine) -> int:
    app = build_app(settings(), engine)
    person = app.repo.person("slack", "T_FAKE", "U1")
    address = '{"team_id": "T_FAKE", "user_id": "U1", "channel": "D1"}'
    app.repo.update_person(person.id, address=address, timezone="Europe/Stockholm")
    payload = {"key": "coach.notice.unit", "values": {"unit": "Ekonomi"}}
    return outbox.enqueue(engine, "notice", person.id, AFTER, payload=payload)


async def test_a_worker_process_delivers_to_slack(engine):
    slack = await FakeSlackAPI().start()
    try:
        row_id = _slack_person_with_a_notice(engine)
        assert await _sent_by(await _worker(_worker_env(engine, slack), AFTER)) == 1
        [post] = slack.of("chat.postMessage")
        assert post.params["channel"] == "D1" and "Ekonomi" in post.params["text"]
        with Session(engine) as s:
            assert s.get(Outbox, row_id).status == "sent"
    finally:
        await slack.stop()


async def test_a_worker_process_killed_while_sending_is_replaced_and_the_message_sent_once(engine):
    slack = await HangingSlack().start()
    try:
        row_id = _slack_person_with_a_notice(engine)
        env = _worker_env(engine, slack)
        first = await _worker(env, AFTER)
        await slack.wait_for("chat.postMessage (never answered)", timeout=60)
        first.kill()  # between claiming the row and hearing back from Slack
        await first.wait()
        with Session(engine) as s:
            row = s.get(Outbox, row_id)
        assert row.status == "claimed" and row.attempts == 1
        # Another worker leaves it alone while the claim may still be alive, then retakes it.
        assert await _sent_by(await _worker(env, AFTER + timedelta(minutes=1))) == 0
        assert slack.of("chat.postMessage") == []
        expired = AFTER + outbox.CLAIM_TIMEOUT + timedelta(seconds=1)
        assert await _sent_by(await _worker(env, expired)) == 1
        assert await _sent_by(await _worker(env, expired + timedelta(hours=1))) == 0
        [post] = slack.of("chat.postMessage")  # accepted by Slack exactly once
        assert post.params["channel"] == "D1"
        with Session(engine) as s:
            row = s.get(Outbox, row_id)
        assert row.status == "sent" and row.attempts == 2
    finally:
        slack.never.set()
        await slack.stop()


async def test_a_worker_process_delivers_to_teams(engine):
    from adapters.teams_delivery import address_of
    from tests.fakes.bot_connector import FakeConnector
    from tests.test_teams import ANNA, ANNA_CHAT, TENANT, payload, texts

    connector = await FakeConnector().start()
    try:
        app = build_app(settings(), engine)
        person = app.repo.person("teams", TENANT, ANNA)
        ref = address_of(payload("personal_message", connector))
        app.repo.update_person(person.id, address=ref, timezone="Europe/Stockholm")
        payload_ = {"key": "coach.notice.unit", "values": {"unit": "Ekonomi"}}
        outbox.enqueue(engine, "notice", person.id, AFTER, payload=payload_)
        # No Microsoft credentials: emulator mode, which sends only to loopback service URLs.
        assert await _sent_by(await _worker(_worker_env(engine), AFTER)) == 1
        [sent] = connector.sent(ANNA_CHAT)
        assert "Ekonomi" in texts(sent.card)
    finally:
        await connector.close()


async def test_delivered_event_ids_are_forgotten_after_two_days_not_kept_forever(app):
    now = datetime.now(UTC)
    assert app.repo.first_delivery("slack:Ev_OLD")
    assert not app.repo.first_delivery("slack:Ev_OLD")  # a redelivery is refused meanwhile
    await scheduler.run_once(app, now + timedelta(hours=1))
    assert not app.repo.first_delivery("slack:Ev_OLD")  # an hour on: still remembered
    await scheduler.run_once(app, now + timedelta(days=3))
    with Session(app.engine) as s:
        assert s.execute(text("SELECT count(*) FROM processedevent")).scalar_one() == 0
