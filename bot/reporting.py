"""Reporting for admins: `stats [period] [unit]`, `stats csv|chart …`, and the settings behind
targets (`stats baseline`, `stats target`, `stats adoption-target`, `stats unit`).

Every subcommand is refused to non-admins before anything is read or changed. Figures come from
bot.report_store/report_figures (SQL aggregates); texts from bot.report_texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from bot import report_render as render
from bot import report_store as store
from bot.messages import Attachment, Reply
from bot.periods import Period, PeriodError, fold, read_period
from bot.report_figures import MIN_GROUP, OTHER, month_starts
from bot.texts import number

if TYPE_CHECKING:
    from bot.turn import Turn

COMMANDS: dict[str, Callable[[Turn, str], list[Reply]]] = {}


def stats_command(turn: Turn, args: str) -> list[Reply]:
    if not turn.is_admin:
        return [Reply(turn.t("admin.only"), kind="error")]
    words = args.split()
    sub = SUBCOMMANDS.get(fold(words[0])) if words else None
    if sub is not None:
        return sub(turn, " ".join(words[1:]))
    return report(turn, args, "card")


# --- the report ------------------------------------------------------------------------------


def read_scope(turn: Turn, args: str) -> tuple[Period, str | None] | Reply:
    """Split `args` into a period and a unit (either order); a Reply says what went wrong."""
    words = args.split()
    today = turn.local_now.date()
    period_error: PeriodError | None = None
    unit_miss: str | None = None
    splits = [(words[:i], words[i:]) for i in range(len(words), -1, -1)]
    splits += [(words[i:], words[:i]) for i in range(1, len(words) + 1)]
    for period_words, unit_words in splits:
        try:
            period = read_period(" ".join(period_words), today)
        except PeriodError as exc:
            if period_error is None and not unit_words:
                period_error = exc
            continue
        if not unit_words:
            return period, None
        unit = store.find_unit(turn.repo, " ".join(unit_words))
        if unit is not None:
            return _small_unit(turn, unit) or (period, unit)
        if period_words and unit_miss is None:
            unit_miss = " ".join(unit_words)
    if unit_miss is not None:
        return _unknown_unit(turn, unit_miss)
    assert period_error is not None
    if period_error.why == "unread" and not period_error.understood:  # no part of it is a period
        return Reply(turn.t("report.scope.unread", text=args.strip()[:80], known=_known(turn)),
                     kind="error")  # fmt: skip
    return period_reply(turn, period_error)


def _small_unit(turn: Turn, unit: str) -> Reply | None:
    if unit != OTHER and store.units(turn.repo).get(unit, 0) < MIN_GROUP:
        return Reply(turn.t("report.unit.small", unit=unit), kind="error")
    return None


def _known(turn: Turn) -> str:
    big = sorted(u for u, n in store.units(turn.repo).items() if n >= MIN_GROUP)
    return ", ".join([*big, turn.t("report.other")]) if big else turn.t("report.units.none")


def _unknown_unit(turn: Turn, unit: str) -> Reply:
    return Reply(turn.t("report.unit.unknown", unit=unit[:80], known=_known(turn)), kind="error")


def period_reply(turn: Turn, exc: PeriodError) -> Reply:
    text = exc.text[:80]
    if exc.why == "unread":
        understood = ""
        if exc.understood:
            part, _, dates = exc.understood.partition(" = ")
            understood = turn.t("report.period.understood", part=part, dates=dates)
        return Reply(turn.t("report.period.unread", text=text, understood=understood), kind="error")
    return Reply(turn.t(f"report.period.{exc.why}", text=text, dates=exc.understood), kind="error")


def report(turn: Turn, args: str, form: str) -> list[Reply]:
    scope = read_scope(turn, args)
    if isinstance(scope, Reply):
        return [scope]
    period, unit = scope
    if not store.any_rows(turn.repo):
        return [Reply(turn.t("report.empty.db"), kind="report")]
    built = store.build_report(
        turn.repo, period, turn.tz, turn.now, unit, with_monthly=form != "card"
    )
    lang = turn.lang
    if form == "csv":
        last = period.end - timedelta(days=1)  # the file is named by the days it covers
        name = f"resfri-{period.start.isoformat()}-{last.isoformat()}.csv"
        return [
            Reply(
                turn.t("report.csv.done", period=period.label),
                kind="report",
                attachments=[Attachment(name, "text/csv", render.csv_bytes(built, lang))],
            )
        ]
    if form == "chart":
        months = month_starts(period)
        label = f"{months[0]:%Y-%m} – {months[-1]:%Y-%m}"
        name = f"resfri-{months[0]:%Y-%m}-{months[-1]:%Y-%m}.png"
        return [
            Reply(
                turn.t("report.chart.done", months=label),
                kind="report",
                attachments=[Attachment(name, "image/png", render.png_bytes(built, lang))],
            )
        ]
    if built.empty:
        empty = turn.t(
            "report.empty.period", unit=render.unit_label(unit, lang), period=period.label
        )
        card = render.card(built, lang)
        return [Reply(empty, facts=card.facts[-4:], kind="report", note=card.note)]
    return [render.card(built, lang)]


def csv_command(turn: Turn, args: str) -> list[Reply]:
    return report(turn, args, "csv")


def chart_command(turn: Turn, args: str) -> list[Reply]:
    return report(turn, args, "chart")


# --- settings --------------------------------------------------------------------------------

YEAR = re.compile(r"^(?:19|20|21)\d\d$")


def baseline_command(turn: Turn, args: str) -> list[Reply]:
    words = args.split()
    this_year = turn.local_now.year
    if not words:
        return [_baseline_show(turn)]
    if not YEAR.match(words[0]) or not 1990 <= int(words[0]) <= this_year:
        return [Reply(turn.t("report.baseline.usage"), kind="error")]
    year = int(words[0])
    rest = "".join(words[1:]).replace("\u00a0", "")
    if rest:
        if not rest.isdigit() or not 0 < int(rest) <= 10_000_000:
            return [Reply(turn.t("report.baseline.usage"), kind="error")]
        trips = int(rest)
    else:
        trips = store.imported_trips(turn.repo, year, turn.tz)
        if not trips:
            return [Reply(turn.t("report.baseline.no_import", year=year), kind="error")]
    store.put_setting(turn.repo, store.BASELINE, {"year": year, "trips": trips}, turn.now)
    return [
        Reply(turn.t("report.baseline.set", trips=number(trips, turn.lang), year=year), kind="info")
    ]


def _baseline_show(turn: Turn) -> Reply:
    g = store.goals(turn.repo)
    if not g.baseline_trips:
        return Reply(
            turn.t("report.target.none") + "\n" + turn.t("report.baseline.usage"), kind="info"
        )
    targets = ", ".join(f"{p:+g} % {y}" for y, p in g.targets) or turn.t("report.targets.none")
    return Reply(
        turn.t(
            "report.baseline.show",
            trips=number(g.baseline_trips, turn.lang),
            year=g.baseline_year,
            targets=targets.replace("-", "−"),
        ),
        kind="info",
    )


REMOVE = ("off", "bort", "ta bort", "remove", "delete", "radera", "inget", "none")
PERCENT = re.compile(r"^([+\-−]?)\s*(\d{1,3}(?:[.,]\d+)?)\s*%?$")


def target_command(turn: Turn, args: str) -> list[Reply]:
    words = args.replace("%", " % ").split()
    years = [w for w in words if YEAR.match(w)]
    rest = " ".join(w for w in words if not YEAR.match(w)).replace(" %", "%").strip()
    if len(years) != 1 or int(years[0]) < turn.local_now.year - 30 or int(years[0]) > 2100:
        return [Reply(turn.t("report.target.usage"), kind="error")]
    year = int(years[0])
    if fold(rest) in REMOVE:
        store.set_target(turn.repo, year, None, turn.now)
        return [Reply(turn.t("report.target.removed", year=year), kind="info")]
    m = PERCENT.match(rest.replace(" ", ""))
    if not m:
        return [Reply(turn.t("report.target.usage"), kind="error")]
    value = float(m.group(2).replace(",", "."))
    pct = value if m.group(1) == "+" else -value  # a bare number is a reduction: targets cut travel
    if not -100 <= pct <= 100:
        return [Reply(turn.t("report.target.usage"), kind="error")]
    store.set_target(turn.repo, year, pct, turn.now)
    shown = (f"{pct:+g} %" if turn.lang == "sv" else f"{pct:+g}%").replace("-", "−")
    text = turn.t("report.target.set", pct=shown, year=year)
    if not store.goals(turn.repo).baseline_trips:
        text += turn.t("report.target.needs_baseline")
    return [Reply(text, kind="info")]


def adoption_command(turn: Turn, args: str) -> list[Reply]:
    value = args.strip().replace(" ", "")
    if not value.isdigit() or not 0 < int(value) <= 1_000_000:
        return [Reply(turn.t("report.adoption.usage"), kind="error")]
    store.put_setting(turn.repo, store.ADOPTION, int(value), turn.now)
    return [Reply(turn.t("report.adoption.set", n=int(value)), kind="info")]


def unit_command(turn: Turn, args: str) -> list[Reply]:
    ref, _, name = args.strip().partition(" ")
    name = " ".join(name.split())[:128]
    if not ref or not name:
        return [Reply(turn.t("report.person.usage"), kind="error")]
    person = store.find_person(turn.repo, ref, turn.person.platform, turn.person.team_id)
    if person is None:
        return [Reply(turn.t("report.person.unknown", ref=ref[:80]), kind="error")]
    existing = store.find_unit(turn.repo, name)
    unit = existing if existing not in (None, OTHER) else name
    store.set_unit(turn.repo, person, unit, turn.now)  # type: ignore[arg-type]
    return [Reply(turn.t("report.person.unit.set", unit=unit), kind="info")]


def units_command(turn: Turn, _args: str) -> list[Reply]:
    sizes = store.units(turn.repo)
    big = sorted((u, n) for u, n in sizes.items() if n >= MIN_GROUP)
    small = sum(n for n in sizes.values() if n < MIN_GROUP)
    none = store.person_count(turn.repo) - sum(sizes.values())
    listed = ", ".join(f"{u} ({n})" for u, n in big) or turn.t("report.units.none")
    return [Reply(turn.t("report.units.list", units=listed, small=small, none=none), kind="info")]


def help_command(turn: Turn, _args: str) -> list[Reply]:
    return [Reply(turn.t("report.help"), kind="help")]


# Folded first words after "stats"/"statistik".
SUBCOMMANDS: dict[str, Callable[[Turn, str], list[Reply]]] = {
    "csv": csv_command,
    "chart": chart_command,
    "diagram": chart_command,
    "graf": chart_command,
    "png": chart_command,
    "baseline": baseline_command,
    "baslinje": baseline_command,
    "target": target_command,
    "targets": target_command,
    "mal": target_command,
    "adoption-target": adoption_command,
    "adoptionsmal": adoption_command,
    "anvandarmal": adoption_command,
    "unit": unit_command,
    "enhet": unit_command,
    "units": units_command,
    "enheter": units_command,
    "help": help_command,
    "hjalp": help_command,
}
