"""`resfri serve`'s HTTP app over real loopback HTTP: health, the try-it page, its API."""

from __future__ import annotations

import shutil

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.app import build_app
from adapters.config import ConfigError
from adapters.server import check_host, make_web_app
from tests.conftest import make_settings


@pytest.fixture
async def client(engine):
    app = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Mora"), engine)
    async with TestClient(TestServer(make_web_app(app, "127.0.0.1", run_scheduler=False))) as c:
        yield c


async def test_healthz_answers_200_when_the_database_answers(client):
    res = await client.get("/healthz")
    assert res.status == 200 and (await res.json())["status"] == "ok"


async def test_healthz_answers_503_when_the_database_is_gone():
    app = build_app(make_settings(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"))
    async with TestClient(TestServer(make_web_app(app, "127.0.0.1", run_scheduler=False))) as c:
        res = await c.get("/healthz")
        assert res.status == 503


async def test_try_page_holds_the_conversation(client):
    page = await client.get("/")
    assert page.status == 200 and "resfri" in await page.text()
    res = await client.post("/try/message", json={
        "user": "web-test1", "lang": "sv", "text": "Jag kör till Falun på torsdag kl 10 på möte"})
    [nudge] = (await res.json())["replies"]
    assert nudge["kind"] == "nudge" and [c["id"] for c in nudge["choices"]] == ["accept", "travel", "not_trip"]
    res = await client.post("/try/message", json={"user": "web-test1", "choice": "accept",
                                                   "suggestion": nudge["about"]})
    [done] = (await res.json())["replies"]
    assert done["replaces_choices"] and "Toppen" in done["text"]


async def test_try_page_refuses_bad_requests_with_4xx(client):
    assert (await client.post("/try/message", data=b"not json")).status == 400
    assert (await client.post("/try/message", json={"user": "x", "text": "hej"})).status == 400
    assert (await client.post("/try/message", json=["a list"])).status == 400
    huge = {"user": "web-test1", "text": "a" * 300_000}
    assert (await client.post("/try/message", json=huge)).status in (400, 413)


async def test_try_page_is_not_served_on_a_public_address_unless_asked(engine):
    app = build_app(make_settings(), engine)
    web_app = make_web_app(app, "0.0.0.0", run_scheduler=False)
    assert not any(r.resource.canonical == "/" for r in web_app.router.routes())
    app_on = build_app(make_settings(RESFRI_TRY_PAGE="on"), engine)
    web_app = make_web_app(app_on, "0.0.0.0", run_scheduler=False)
    assert any(r.resource.canonical == "/" for r in web_app.router.routes())


def test_emulator_mode_refuses_a_public_address(sqlite_db):
    app = build_app(make_settings(), sqlite_db)
    with pytest.raises(ConfigError, match="loopback"):
        check_host(app, "0.0.0.0")
    check_host(app, "127.0.0.1")
    check_host(build_app(make_settings(MICROSOFT_APP_ID="abc", MICROSOFT_APP_PASSWORD="x"), sqlite_db), "0.0.0.0")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")
async def test_try_page_in_a_real_headless_browser(client):
    from playwright.async_api import async_playwright

    url = str(client.make_url("/"))
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        page = await browser.new_page()
        await page.goto(url)
        await page.fill("#text", "Jag kör till Falun på torsdag kl 10 på möte med regionen")
        await page.click("button[type=submit]")
        accept = page.locator("button[data-choice=accept]")
        await accept.wait_for(timeout=10_000)
        assert "km" in await page.locator("dl.facts").first.inner_text()
        await accept.click()
        await page.get_by_text("Toppen").wait_for(timeout=10_000)
        assert await accept.is_disabled()
        await page.fill("#text", "mina besparingar")
        await page.click("button[type=submit]")
        await page.get_by_text("Dina webbmöten").wait_for(timeout=10_000)
        await browser.close()
