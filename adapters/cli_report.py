"""`resfri report`: the figures admins get with `/resfri stats`, as a table, CSV, JSON or PNG;
and `resfri report --import-trips FILE` to load the organisation's own travel records."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from adapters.cli_serve import fail, guarded, open_app
from adapters.config import ConfigError
from bot import report_render as render
from bot import report_store as store
from bot.periods import PeriodError, read_period
from bot.report_figures import MIN_GROUP, OTHER
from bot.texts import t
from bot.turn import zone
from storage.repository import Repository

FORMATS = ("table", "csv", "json", "png")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="print or write the admin statistics")
    p.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (default: this month)")
    p.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: today)")
    p.add_argument("--period", help='a period in words instead: "förra kvartalet", "Q1", "2026"')
    p.add_argument("--unit", help='one unit (at least 5 people), or "other"')
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.add_argument("--now", help="ISO date-time to report as of (default: now)")
    p.add_argument("--import-trips", metavar="CSV", help="import travel records from a CSV file")
    p.set_defaults(func=report)


def _day(raw: str, flag: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"{flag} {raw!r} is not a date like 2026-03-31") from None


def _now(raw: str | None) -> datetime:
    if not raw:
        return datetime.now(UTC)
    try:
        now = datetime.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"--now {raw!r} is not an ISO date-time like 2026-12-01T09:00") from None
    return now.replace(tzinfo=now.tzinfo or UTC).astimezone(UTC)


@guarded
def report(args: argparse.Namespace) -> int:
    app = open_app()
    tz = zone(None, app.settings.timezone)
    if args.import_trips:
        return import_file(app.repo, args.import_trips, tz.key)
    now = _now(args.now)
    today = now.astimezone(tz).date()
    if args.period and (args.start or args.end):
        return fail("give either --period or --from/--to, not both")
    if args.start or args.end:
        start = (
            _day(args.start, "--from") if args.start else date(_day(args.end, "--to").year, 1, 1)
        )
        end = _day(args.end, "--to") if args.end else today
        words = f"{start.isoformat()}..{end.isoformat()}"
        if end < start:
            return fail(f"--to {end} is before --from {start}")
    else:
        words = args.period or ""
    try:
        period = read_period(words, today)
    except PeriodError as exc:
        return fail(
            f"cannot use the period {exc.text!r} ({exc.why}"
            + (f": {exc.understood}" if exc.understood else "")
            + ")"
        )
    unit = None
    if args.unit:
        unit = store.find_unit(app.repo, args.unit)
        sizes = store.units(app.repo)
        big = sorted(u for u, n in sizes.items() if n >= MIN_GROUP)
        if unit is None:
            return fail(f"no unit called {args.unit!r}; units: {', '.join([*big, 'other'])}")
        if unit != OTHER and sizes.get(unit, 0) < MIN_GROUP:
            return fail(f"{unit!r} has fewer than {MIN_GROUP} people; it is reported in 'other'")
    built = store.build_report(app.repo, period, tz, now, unit, with_monthly=args.format != "table")
    if args.format == "table":
        data = render.text(built, args.lang).encode()
        if not store.any_rows(app.repo):
            data = (t(args.lang, "report.empty.db") + "\n\n").encode() + data
    elif args.format == "csv":
        data = render.csv_bytes(built, args.lang)
    elif args.format == "json":
        data = json.dumps(render.as_json(built), ensure_ascii=False, indent=2).encode()
    else:
        data = render.png_bytes(built, args.lang)
    return write(data, args.out, binary=args.format == "png")


def write(data: bytes, out: str | None, binary: bool) -> int:
    if out:
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            return fail(f"cannot write {out}: {exc.strerror or exc}")
        return 0
    if binary and sys.stdout.isatty():
        return fail("a PNG needs --out FILE (or redirect standard output to a file)")
    sys.stdout.buffer.write(data if binary or data.endswith(b"\n") else data + b"\n")
    sys.stdout.flush()
    return 0


def import_file(repo: Repository, path: str, tz: str) -> int:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return fail(f"cannot read {path}: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Excel's "CSV" on Swedish Windows
    ok, errors = store.import_trips(repo, text, tz)
    print(f"{ok} trip(s) imported or already present, {len(errors)} row(s) with errors")
    for line, problem in sorted(errors.items()):
        print(f"line {line}: {problem}", file=sys.stderr)
    return 1 if errors else 0
