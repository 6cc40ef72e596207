"""`resfri teams-package`: build the Teams app package (manifest and icons, zipped)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from adapters.config import ConfigError, load_settings
from adapters.teams_package import PackageError, build


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("teams-package", help="build the Microsoft Teams app package to upload")
    p.add_argument("--out", default="resfri-teams.zip", help="zip file to write")
    p.add_argument("--bot-id", help="the bot's Microsoft App ID (default: MICROSOFT_APP_ID)")
    p.add_argument(
        "--app-id", help="the Teams app's own id, a GUID (default: derived from the bot id)"
    )
    p.add_argument("--domain", help="the host name resfri is served from, e.g. resfri.kommun.se")
    p.set_defaults(func=teams_package)


def teams_package(args: argparse.Namespace) -> int:
    try:
        bot_id = args.bot_id or load_settings().microsoft_app_id
    except ConfigError as exc:
        print(f"resfri: {exc}", file=sys.stderr)
        return 2
    if not bot_id:
        print(
            "resfri: give --bot-id or set MICROSOFT_APP_ID (the bot's Microsoft App ID)",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out)
    try:
        data = build(out, bot_id, args.app_id, args.domain)
    except PackageError as exc:
        print(f"resfri: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"resfri: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {out} (app {data['id']}, bot {bot_id})")
    if not args.domain:
        print(
            "note: no --domain given; the developer links point at a placeholder "
            "(https://resfri.invalid/). Give --domain before publishing to your organisation."
        )
    return 0
