"""Teams with credentials: incoming requests carry a Bot Framework token signed by Microsoft, and
replies carry the bot's own token from Entra ID. Both services are local fakes reached through a
local proxy (tests/fakes/microsoft_login.py), so the SDK runs its real checks and nothing leaves
the machine."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlmodel import Session, select

from adapters.app import build_app
from adapters.config import ConfigError
from adapters.server import make_web_app
from bot.messages import Reply
from storage.models import Person
from tests.fakes.microsoft_login import FakeMicrosoftLogin
from tests.test_teams import (
    ANNA_CHAT,
    TENANT,
    TRIP,
    payload,
    person,
    serve,
    teams_settings,
    texts,
)

APP_ID = "0f2a6c1e-5b3d-4e7f-9a8b-1c2d3e4f5a6b"
SECRET = "not-a-real-secret"


@pytest.fixture
def microsoft(tmp_path, monkeypatch) -> Iterator[FakeMicrosoftLogin]:
    fake = FakeMicrosoftLogin(tmp_path).start()
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, fake.proxy_url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(fake.ca_file))
    yield fake
    fake.close()
    assert fake.refused == []  # nothing tried to reach any other host


def credentialed(engine, **values: object):
    settings = teams_settings(MICROSOFT_APP_ID=APP_ID, MICROSOFT_APP_PASSWORD=SECRET, **values)
    return build_app(settings, engine)


@pytest.fixture
async def app_and_client(sqlite_db, microsoft) -> AsyncIterator:
    app = credentialed(sqlite_db)
    client = await serve(app)
    yield app, client
    await client.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_signed_request_is_answered_with_the_bots_own_token(
    app_and_client, connector, microsoft
) -> None:
    app, client = app_and_client
    token = microsoft.channel_token(APP_ID, connector.url)
    resp = await client.post(
        "/api/messages",
        json=payload("personal_message", connector, text=TRIP),
        headers=bearer(token),
    )
    assert resp.status == 200
    [card] = connector.sent(ANNA_CHAT)
    assert "Falun" in texts(card.card)
    assert card.auth == "Bearer fake-bot-token-1"  # the bot proves who it is to the connector
    [got] = microsoft.token_requests
    assert got.tenant == "botframework.com"  # a multi-tenant bot signs in at Bot Framework's tenant
    assert got.form["client_id"] == APP_ID and got.form["client_secret"] == SECRET
    assert got.form["scope"] == "https://api.botframework.com/.default"

    # The next message reuses the token: no sign-in (a blocking call) on every turn.
    body = payload("personal_message", connector, id="1741594600000", text="hjälp")
    resp = await client.post("/api/messages", json=body, headers=bearer(token))
    assert resp.status == 200
    assert len(connector.sent(ANNA_CHAT)) == 2
    assert len(microsoft.token_requests) == 1


async def test_a_single_tenant_bot_signs_in_at_its_tenant_and_sends_proactively(
    sqlite_db, connector, microsoft
) -> None:
    app = credentialed(sqlite_db, MICROSOFT_APP_TYPE="SingleTenant", MICROSOFT_APP_TENANT_ID=TENANT)
    client = await serve(app)
    try:
        token = microsoft.channel_token(APP_ID, connector.url)
        resp = await client.post(
            "/api/messages", json=payload("personal_message", connector), headers=bearer(token)
        )
        assert resp.status == 200
        assert microsoft.token_requests[0].tenant == TENANT
        # Later, with no request to answer: a check-in sent to the stored reference as this bot.
        await app.notifier.send(person(app), [Reply("Hur gick webbmötet?")])
    finally:
        await client.close()
    later = connector.sent(ANNA_CHAT)[-1]
    assert "Hur gick webbmötet?" in texts(later.card)
    assert later.auth is not None and later.auth.startswith("Bearer fake-bot-token-")
    assert {r.tenant for r in microsoft.token_requests} == {TENANT}


OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda m, url: None, id="no token"),
        pytest.param(lambda m, url: "not.a.jwt", id="garbage"),
        pytest.param(lambda m, url: m.channel_token(APP_ID, url, key=OTHER_KEY), id="wrong key"),
        pytest.param(
            lambda m, url: m.channel_token("11111111-2222-3333-4444-555555555555", url),
            id="another bot",
        ),
        pytest.param(lambda m, url: m.channel_token(APP_ID, url, exp=1_600_000_000), id="expired"),
        pytest.param(
            lambda m, url: m.channel_token(APP_ID, "https://smba.trafficmanager.net/emea/"),
            id="other service url",
        ),
        pytest.param(
            lambda m, url: m.channel_token(APP_ID, url, iss="https://sts.example.org/"),
            id="other issuer",
        ),
    ],
)
async def test_a_request_without_a_valid_token_is_refused(
    app_and_client, connector, microsoft, forge
) -> None:
    app, client = app_and_client
    token = forge(microsoft, connector.url)
    headers = bearer(token) if token else {}
    resp = await client.post(
        "/api/messages", json=payload("personal_message", connector, text=TRIP), headers=headers
    )
    assert resp.status == 401
    assert "token" in (await resp.json())["error"]
    assert connector.calls == []
    with Session(app.engine) as s:
        assert s.exec(select(Person)).first() is None  # nothing done for a refused request


@pytest.mark.parametrize(
    ("values", "needs"),
    [
        ({"MICROSOFT_APP_ID": APP_ID}, "MICROSOFT_APP_PASSWORD"),
        (
            {
                "MICROSOFT_APP_ID": APP_ID,
                "MICROSOFT_APP_PASSWORD": SECRET,
                "MICROSOFT_APP_TYPE": "SingleTenant",
            },
            "MICROSOFT_APP_TENANT_ID",
        ),
        (
            {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_TYPE": "UserAssignedMSI"},
            "MICROSOFT_APP_TENANT_ID",
        ),
    ],
)
def test_incomplete_credentials_are_named(sqlite_db, values, needs) -> None:
    app = build_app(teams_settings(**values), sqlite_db)
    with pytest.raises(ConfigError, match=needs):
        make_web_app(app, host="0.0.0.0", run_scheduler=False)
