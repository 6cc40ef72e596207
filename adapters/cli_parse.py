"""`resfri parse`: the understanding of one message (or one a line from stdin) as JSON.

    resfri parse --json [--now ISO] [--origin PLACE] [--lang sv|en] [--explain] TEXT
    resfri parse --json -        # one message a line: plain text or {"text","now","origin","lang"}

A bad line gives an object with an `error` field and `nudge: false`; the stream goes on.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.places import Place, load_sites, resolve_place
from bot.understanding import Context, Trip, understand

try:  # written alongside; until it exists, savings is null
    from bot.savings import estimate
except ImportError:  # pragma: no cover - depends on the other module being there
    estimate = None  # type: ignore[assignment]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("parse", help="show how the bot understands a message (JSON)")
    p.add_argument("text", help="the message, or - to read one message a line from stdin")
    p.add_argument("--json", action="store_true", help="print JSON (the only format)")
    p.add_argument("--now", help="when the message was written, ISO 8601 (default: now)")
    p.add_argument("--origin", help="the writer's home office (default: RESFRI_DEFAULT_ORIGIN)")
    p.add_argument("--lang", choices=("sv", "en"), help="the message language (default: detect)")
    p.add_argument("--sites", help='own sites, "Name=lat,lon;…" or a JSON file (RESFRI_SITES)')
    p.add_argument("--explain", action="store_true", help="add the reasons for the decision")
    p.set_defaults(func=run)


def _tz() -> str:
    return os.environ.get("RESFRI_TIMEZONE") or "Europe/Stockholm"


def _now(value: str | None) -> datetime:
    if value:
        return datetime.fromisoformat(value)
    return datetime.now(ZoneInfo(_tz())).replace(tzinfo=None)


def _origin(name: str | None) -> Place | None:
    name = name or os.environ.get("RESFRI_DEFAULT_ORIGIN")
    return resolve_place(name) if name else None


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def _savings(trip: Trip) -> dict[str, float] | None:
    if estimate is None or trip.origin is None or trip.destination is None:
        return None
    try:
        est = estimate(trip.origin, trip.destination, trip.mode, trip.participants)
        return {
            k: round(float(getattr(est, k)), 2) for k in ("km", "hours", "sek", "kwh", "kg_co2")
        }
    except Exception:
        return None


def to_json(trip: Trip, explain: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "nudge": trip.nudge,
        "kind": trip.kind,
        "destination": trip.destination.name if trip.destination else None,
        "destination_mention": trip.destination_mention,
        "origin": trip.origin.name if trip.origin else None,
        "when": _iso(trip.when),
        "mode": trip.mode,
        "participants": trip.participants,
        "recurring": trip.recurring,
        "savings": _savings(trip) if trip.nudge else None,
    }
    if explain:
        out["reasons"] = list(trip.reasons)
    return out


def _one(text: str, now: str | None, origin: str | None, lang: str | None, args) -> dict[str, Any]:
    if lang not in (None, "sv", "en"):
        lang = None
    ctx = Context(now=_now(now), origin=_origin(origin), lang=lang, tz=_tz(), sites=args.sites_map)
    return to_json(understand(text, ctx), args.explain)


def _line(line: str, args) -> dict[str, Any]:
    line = line.rstrip("\r\n")
    try:
        if line.lstrip().startswith("{"):
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("a JSON line must be an object")
            text = obj.get("text")
            if not isinstance(text, str):
                raise ValueError("missing text")
            return _one(
                text,
                obj.get("now") or args.now,
                obj.get("origin") or args.origin,
                obj.get("lang") or args.lang,
                args,
            )
        return _one(line, args.now, args.origin, args.lang, args)
    except Exception as exc:
        return {"nudge": False, "kind": None, "error": f"{type(exc).__name__}: {exc}"}


def run(args: argparse.Namespace) -> int:
    try:
        args.sites_map = load_sites(args.sites or os.environ.get("RESFRI_SITES"))
    except Exception as exc:
        print(f"resfri parse: cannot read sites: {exc}", file=sys.stderr)
        return 2
    if args.text == "-":
        for line in sys.stdin:
            print(json.dumps(_line(line, args), ensure_ascii=False), flush=False)
        sys.stdout.flush()
        return 0
    try:
        result = _one(args.text, args.now, args.origin, args.lang, args)
    except ValueError as exc:  # a bad --now
        print(f"resfri parse: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=None))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m adapters.cli_parse …`: the same command without the rest of the CLI."""
    parser = argparse.ArgumentParser(prog="resfri")
    register(parser.add_subparsers(dest="command"))
    return int(run(parser.parse_args(["parse", *(sys.argv[1:] if argv is None else argv)])))


if __name__ == "__main__":
    sys.exit(main())
