"""The one aiohttp application: every route of `resfri serve` lives here (see CONTRACT.md)."""

from __future__ import annotations

import importlib
import importlib.util
import logging

from aiohttp import web

from adapters import scheduler, web_page
from adapters.app import App
from adapters.config import ConfigError, is_loopback
from storage.db import healthy, run_db

log = logging.getLogger(__name__)
APP_KEY = web.AppKey("resfri", App)
MAX_BODY = 1024 * 1024  # 1 MiB: Slack and Teams payloads are far smaller

# Platform modules that expose `setup(web_app, app, host)`; each adds its own routes.
PLATFORM_MODULES = ("adapters.slack", "adapters.teams", "adapters.sources")


async def healthz(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    ok = await run_db(healthy, app.engine)
    return web.json_response({"status": "ok" if ok else "database unavailable"}, status=200 if ok else 503)


def make_web_app(app: App, host: str = "127.0.0.1", run_scheduler: bool = True) -> web.Application:
    web_app = web.Application(client_max_size=MAX_BODY)
    web_app[APP_KEY] = app
    web_app.router.add_get("/healthz", healthz)
    try_page = app.settings.try_page.lower()
    if try_page == "on" or (try_page == "auto" and is_loopback(host)):
        web_page.setup(web_app, app)
    for name in PLATFORM_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).setup(web_app, app, host)
    if run_scheduler:
        web_app.on_startup.append(_start_scheduler)
        web_app.on_cleanup.append(_stop_scheduler)
    return web_app


SCHEDULER_KEY = web.AppKey("scheduler", object)


async def _start_scheduler(web_app: web.Application) -> None:
    web_app[SCHEDULER_KEY] = scheduler.start(web_app[APP_KEY])


async def _stop_scheduler(web_app: web.Application) -> None:
    web_app[SCHEDULER_KEY].shutdown(wait=False)  # type: ignore[attr-defined]


def check_host(app: App, host: str) -> None:
    """Emulator mode (no Microsoft app id) answers unauthenticated: loopback only."""
    if app.settings.teams_emulator_mode and not is_loopback(host):
        raise ConfigError(
            f"Refusing to listen on {host}: without MICROSOFT_APP_ID the Teams endpoint runs in "
            "emulator mode with no authentication, which is only safe on a loopback address. "
            "Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or use --host 127.0.0.1."
        )
