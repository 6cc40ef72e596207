"""Admin commands for booking sources: `resfri import-trips`, `resfri ics`, `resfri graph`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from adapters.cli_serve import fail, guarded, open_app


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-trips", help="import past trips from a CSV of travel records")
    p.add_argument("file", help="CSV with at least a date column (see docs/sources.md)")
    p.set_defaults(func=import_trips)

    p = sub.add_parser("ics", help="iCalendar feeds polled for in-person meetings")
    ics_sub = p.add_subparsers(dest="action", required=True)
    add = ics_sub.add_parser("add", help="register a feed URL for a person")
    add.add_argument("url", help="https:// or webcal:// address of the feed")
    add.add_argument("--email", required=True, help="the e-mail of the person whose calendar it is")
    add.set_defaults(func=ics_add)
    check = ics_sub.add_parser(
        "check", help="fetch every feed now and say whether it can be read (nothing is nudged)"
    )
    check.set_defaults(func=ics_check)

    p = sub.add_parser("graph", help="Microsoft 365 calendars through Microsoft Graph")
    graph_sub = p.add_subparsers(dest="action", required=True)
    conn = graph_sub.add_parser("connect", help="subscribe to people's calendars")
    who = conn.add_mutually_exclusive_group(required=True)
    who.add_argument("--users", help="comma-separated e-mails/UPNs: a@x.se,b@x.se")
    who.add_argument("--group", help="an Entra group id: every member is connected")
    conn.set_defaults(func=graph_connect)
    renew = graph_sub.add_parser(
        "renew", help="renew the subscriptions due now (catch-up is left to `resfri serve`)"
    )
    renew.set_defaults(func=graph_renew)
    listing = graph_sub.add_parser("list", help="the calendars listened to")
    listing.set_defaults(func=graph_list)
    stop = graph_sub.add_parser("disconnect", help="stop listening to people's calendars")
    stop.add_argument("--users", required=True, help="comma-separated e-mails/UPNs")
    stop.set_defaults(func=graph_disconnect)


@guarded
def import_trips(args: argparse.Namespace) -> int:
    from adapters.cli_report import import_file  # the reporting work's reader, shared
    from bot.turn import zone

    app = open_app()
    return import_file(app.repo, args.file, zone(None, app.settings.timezone).key)


@guarded
def ics_add(args: argparse.Namespace) -> int:
    from adapters import ics

    if "@" not in args.email:
        return fail(f"--email {args.email!r} is not an e-mail address")
    app = open_app()
    try:
        feed = ics.add_feed(app, args.url, args.email)
    except ValueError as exc:
        return fail(str(exc))
    print(
        f"feed {feed.id} registered for {feed.owner_email}; polled every "
        f"{ics.IcsSettings().poll_minutes} minutes"
    )
    return 0


@guarded
def ics_check(_args: argparse.Namespace) -> int:
    """The feeds are polled by `resfri serve` (which can reach people); this only reads them."""
    from adapters import ics

    app = open_app()
    results = asyncio.run(ics.check_feeds(app))
    for feed, problem, events in results:
        state = problem or f"readable, {events} event(s)"
        print(f"feed {feed.id} ({feed.owner_email}) {feed.url}: {state}")
    print(f"{len(results)} feed(s); polled by `resfri serve` every "
          f"{ics.IcsSettings().poll_minutes} minutes")
    return 1 if any(problem for _, problem, _ in results) else 0


@guarded
def graph_connect(args: argparse.Namespace) -> int:
    from adapters import graph

    app = open_app()
    if not graph.configured(app):
        return fail(
            "Graph is not configured: set GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and "
            "GRAPH_TENANT_ID (or MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and "
            "MICROSOFT_APP_TENANT_ID)"
        )

    problems: dict[str, str] = {}

    async def run() -> list[str]:
        users = [u.strip() for u in (args.users or "").split(",") if u.strip()]
        if args.group:
            users = await graph.group_members(app, args.group)
        return await graph.connect(app, users, problems=problems)

    try:
        done = asyncio.run(run())
    except graph.GraphError as exc:
        return fail(str(exc))
    print(f"{len(done)} calendar(s) connected: {', '.join(done) or '-'}")
    for user, problem in problems.items():
        hint = ""
        if "validation" in problem.lower():
            hint = " (is `resfri serve` reachable at RESFRI_PUBLIC_URL? Graph checks it)"
        elif "404" in problem:
            hint = " (no such user, or no Exchange Online mailbox)"
        elif "403" in problem or "denied" in problem.lower():
            hint = " (Calendars.Read application permission with admin consent?)"
        print(f"resfri: {user}: {problem}{hint}", file=sys.stderr)
    return 1 if problems else 0


@guarded
def graph_list(_args: argparse.Namespace) -> int:
    from adapters import graph

    app = open_app()
    subs = graph.subscriptions(app)
    for sub in subs:
        print(f"{sub.user_upn}\texpires {sub.expires_at:%Y-%m-%d %H:%M} UTC")
    print(f"{len(subs)} calendar(s) connected")
    return 0


@guarded
def graph_disconnect(args: argparse.Namespace) -> int:
    from adapters import graph

    app = open_app()
    users = [u.strip() for u in args.users.split(",") if u.strip()]
    try:
        gone = asyncio.run(graph.disconnect(app, users))
    except graph.GraphError as exc:
        return fail(str(exc))
    print(f"{len(gone)} calendar(s) disconnected: {', '.join(gone) or '-'}")
    return 0


@guarded
def graph_renew(_args: argparse.Namespace) -> int:
    from adapters import graph

    app = open_app()
    # This process reaches nobody: consuming calendar changes here would lose their nudges.
    counts = asyncio.run(graph.renew_due(app, catch_up_too=False))
    counts.pop("nudged", None)
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 1 if counts["failed"] else 0
