"""`resfri serve`, `resfri worker`, `resfri db upgrade`, `resfri chat`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from adapters.config import ConfigError, load_settings

if TYPE_CHECKING:
    from adapters.app import App

# The database, the core and the SDKs are imported inside each command, so that
# `resfri --help` and `resfri parse` start fast.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run the HTTP server (Slack, Teams, try-it page, health)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=3978)
    p.add_argument("--no-scheduler", action="store_true", help="leave scheduling to `resfri worker`")
    p.set_defaults(func=serve)

    p = sub.add_parser("worker", help="run the scheduler alone (check-ins, reminders, digests)")
    p.add_argument("--once", action="store_true", help="run what is due once and exit")
    p.add_argument("--now", help="ISO time to run as (with --once)")
    p.set_defaults(func=worker)

    p = sub.add_parser("db", help="database schema")
    p.add_argument("action", choices=["upgrade", "current"])
    p.set_defaults(func=database)

    p = sub.add_parser("chat", help="talk to the bot in this terminal")
    p.add_argument("--user", required=True, help="your user id (any name)")
    p.add_argument("--lang", choices=["sv", "en"])
    p.set_defaults(func=chat)


def fail(message: str) -> int:
    print(f"resfri: {message}", file=sys.stderr)
    return 2


def open_app(check_schema: bool = True) -> App:
    """Settings, database and core, or a ConfigError/SchemaOutOfDate with a readable message."""
    from adapters.app import build_app
    from storage import db

    app = build_app(load_settings())
    if check_schema:
        try:
            db.check_schema(app.engine)
        except db.SchemaOutOfDate:
            raise
        except Exception as exc:  # the database cannot be reached at all
            where = app.engine.url.render_as_string(hide_password=True)
            raise ConfigError(f"cannot open the database at {where}: {exc.__class__.__name__}: "
                              f"{str(exc).splitlines()[0]}") from exc
    return app


def guarded(fn):  # noqa: ANN001, ANN201 - decorator for subcommands
    def run(args: argparse.Namespace) -> int:
        from storage import db

        try:
            return fn(args)
        except (ConfigError, db.DatabaseConfigError, db.SchemaOutOfDate) as exc:
            return fail(str(exc))
    return run


@guarded
def serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from adapters.server import check_host, make_web_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = open_app()
    check_host(app, args.host)
    web.run_app(make_web_app(app, args.host, run_scheduler=not args.no_scheduler),
                host=args.host, port=args.port, print=lambda _: print(
                    f"resfri listening on http://{args.host}:{args.port}/", flush=True))
    return 0


@guarded
def worker(args: argparse.Namespace) -> int:
    from adapters import scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = open_app()
    if args.once:
        now = _parse_now(args.now)

        async def once() -> int:
            async with scheduler.platforms(app):  # Slack and Teams deliveries, as in serve
                return await scheduler.run_once(app, now)

        sent = asyncio.run(once())
        print(f"sent {sent} message(s) due at {now.isoformat()}")
        return 0
    if args.now:
        return fail("--now only makes sense with --once")

    async def forever() -> None:
        async with scheduler.platforms(app):
            scheduler.start(app)
            await asyncio.Event().wait()

    asyncio.run(forever())
    return 0


def _parse_now(raw: str | None) -> datetime:
    if not raw:
        return datetime.now(UTC)
    try:
        now = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigError(f"--now {raw!r} is not an ISO date-time like 2026-12-01T09:00") from exc
    return now.replace(tzinfo=now.tzinfo or UTC)


@guarded
def database(args: argparse.Namespace) -> int:
    from adapters.app import build_app
    from storage import db

    app = build_app(load_settings())
    where = app.engine.url.render_as_string(hide_password=True)
    try:
        if args.action == "upgrade":
            db.upgrade(app.engine)
        current = db.current_revision(app.engine)
    except Exception as exc:  # unreachable server, bad credentials, read-only file
        return fail(f"cannot upgrade the database at {where}: {str(exc).splitlines()[0]}")
    print(f"database at {where}: schema {current} (latest {db.head_revision()})")
    return 0


@guarded
def chat(args: argparse.Namespace) -> int:
    from adapters.console import Console
    from adapters.console_inbox import ConsoleInbox, folder_for

    logging.basicConfig(level=logging.WARNING)
    app = open_app()
    if sys.stdin.isatty():
        print("resfri — skriv ett meddelande, \"hjälp\" för hjälp, Ctrl-D för att sluta.")
    inbox = ConsoleInbox(folder_for(app.engine))
    Console(app.conversation, args.user, args.lang, inbox=inbox).run(sys.stdin)
    return 0
