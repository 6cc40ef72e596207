"""What admins set for reports (baseline, targets, adoption target, people's units), the
travel-records import, and assembling one `Report` from the aggregates in report_figures."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from bot import report_figures as rf
from bot.periods import Period, fold
from storage.models import Person, Setting, Suggestion, TripRecord, WebMeeting
from storage.repository import Repository

BASELINE, TARGETS, ADOPTION = "report.baseline", "report.targets", "report.adoption_target"
UNIT_SET = "report.unit_set."  # + person id: the unit an admin gave that person


# --- settings -----------------------------------------------------------------------------


def get_setting(repo: Repository, key: str, default: Any = None) -> Any:
    with repo.session() as s:
        row = s.get(Setting, key)
        return json.loads(row.value) if row else default


def put_setting(repo: Repository, key: str, value: Any, now: datetime) -> None:
    with repo.session() as s:
        row = s.get(Setting, key) or Setting(key=key, value="")
        row.value, row.updated_at = json.dumps(value), now
        s.add(row)
        s.commit()


@dataclass(frozen=True)
class Goals:
    baseline_year: int | None
    baseline_trips: int | None
    targets: list[tuple[int, float]]  # (year, percent change against baseline, e.g. -20.0)
    adoption: int | None


def goals(repo: Repository) -> Goals:
    base = get_setting(repo, BASELINE) or {}
    targets = sorted((int(t["year"]), float(t["pct"])) for t in get_setting(repo, TARGETS, []))
    return Goals(base.get("year"), base.get("trips"), targets, get_setting(repo, ADOPTION))


def set_target(repo: Repository, year: int, pct: float | None, now: datetime) -> None:
    targets = [t for t in get_setting(repo, TARGETS, []) if int(t["year"]) != year]
    if pct is not None:
        targets.append({"year": year, "pct": pct})
    put_setting(repo, TARGETS, sorted(targets, key=lambda t: t["year"]), now)


def imported_trips(repo: Repository, year: int, tz: ZoneInfo) -> int:
    lo = datetime.combine(date(year, 1, 1), time(), tzinfo=tz).astimezone(UTC)
    hi = datetime.combine(date(year + 1, 1, 1), time(), tzinfo=tz).astimezone(UTC)
    with repo.session() as s:
        stmt = (
            select(func.count())
            .select_from(TripRecord)
            .where(
                TripRecord.status == "booked", TripRecord.depart_at >= lo, TripRecord.depart_at < hi
            )
        )
        return int(s.execute(stmt).scalar_one())


# --- units ----------------------------------------------------------------------------------


def units(repo: Repository) -> dict[str, int]:
    with repo.session() as s:
        return rf.unit_sizes(s)


def find_unit(repo: Repository, words: str) -> str | None:
    """A unit name as stored, matched without case or diacritics; OTHER for "other"/"övrigt"."""
    key = fold(words)
    if key in ("other", "ovrigt", "ovriga", "annat"):
        return rf.OTHER
    return next((u for u in units(repo) if fold(u) == key), None)


MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$|^@?([A-Za-z0-9._-]+)$")


def find_person(repo: Repository, ref: str, platform: str, team_id: str) -> Person | None:
    """A person by Slack mention (<@U123>), user id or e-mail, preferring the admin's own team."""
    ref = ref.strip()
    m = MENTION.match(ref)
    with repo.session() as s:
        if "@" in ref and not ref.startswith(("@", "<@")):
            stmt = select(Person).where(func.lower(Person.email) == ref.lower())
        elif m:
            stmt = select(Person).where(Person.user_id == (m.group(1) or m.group(2)))
        else:
            return None
        found = list(s.execute(stmt).scalars())
    same = [p for p in found if p.platform == platform and p.team_id == team_id]
    return (same or found or [None])[0]


def set_unit(repo: Repository, person: Person, unit: str, now: datetime) -> None:
    """An admin puts a person in a unit. Their rows without a unit move with them; rows already
    counted in another unit keep it (a move is not a rewrite of history)."""
    with repo.session() as s:
        s.execute(update(Person).where(Person.id == person.id).values(unit=unit))
        for table in (Suggestion, WebMeeting, TripRecord):
            s.execute(
                update(table)
                .where(table.person_id == person.id, table.unit.is_(None))
                .values(unit=unit)
            )
        s.commit()
    put_setting(repo, f"{UNIT_SET}{person.id}", unit, now)


# --- import of travel records --------------------------------------------------------------

COLUMNS = {
    "date": ("date", "datum", "depart", "departure", "avresa", "resdatum"),
    "origin": ("origin", "from", "fran", "start", "avreseort"),
    "destination": ("destination", "to", "till", "dest", "resmal", "destinationsort"),
    "mode": ("mode", "fardsatt", "transport", "fardmedel"),
    "unit": ("unit", "enhet", "forvaltning", "department", "avdelning"),
    "reference": ("reference", "ref", "id", "referens", "bokningsnummer"),
    "km": ("km", "distance", "distans", "stracka"),
    "kg_co2": ("kg_co2", "co2", "kg co2", "co2 kg", "koldioxid"),
    "sek": ("sek", "kr", "cost", "kostnad", "belopp"),
    "status": ("status",),
}
MODES = {
    "car": "car",
    "bil": "car",
    "train": "train",
    "tag": "train",
    "bus": "bus",
    "buss": "bus",
    "plane": "plane",
    "flyg": "plane",
    "flight": "plane",
    "air": "plane",
}


def import_trips(
    repo: Repository, csv_text: str, tz: str = "Europe/Stockholm"
) -> tuple[int, dict[int, str]]:
    """Import an organisation's travel records as TripRecords (source "import").

    Keeps every good row and reports each bad one by its line number (1 = the header).
    Comma or semicolon separated; Swedish decimal commas are read. A row without a reference
    gets one from its content, so importing the same file twice adds nothing.
    Returns (rows imported or already present, {line: what is wrong})."""
    text = csv_text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delim = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        header = [fold(h) for h in next(reader)]
    except StopIteration:
        return 0, {1: "empty file"}
    where = {
        name: next((i for i, h in enumerate(header) if h in aliases), None)
        for name, aliases in COLUMNS.items()
    }
    if where["date"] is None:
        return 0, {1: f"no date column (expected one of: {', '.join(COLUMNS['date'])})"}
    zone = ZoneInfo(tz)
    rows: list[dict[str, Any]] = []
    errors: dict[int, str] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        try:
            rows.append(_trip_row(cells, where, zone))
        except ValueError as exc:
            errors[line] = str(exc)
    if rows:
        with repo.session() as s:
            _insert_ignoring_duplicates(s, rows)
            s.commit()
    return len(rows), errors


def _cell(cells: list[str], where: dict[str, int | None], name: str) -> str:
    i = where[name]
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _number(text: str, name: str) -> float:
    if not text:
        return 0.0
    try:
        value = float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        raise ValueError(f"{name}: not a number: {text[:40]!r}") from None
    if value < 0:
        raise ValueError(f"{name}: negative: {text[:40]!r}")
    return value


def _trip_row(cells: list[str], where: dict[str, int | None], zone: ZoneInfo) -> dict[str, Any]:
    raw = _cell(cells, where, "date")
    try:
        day = date.fromisoformat(raw[:10].replace("/", "-"))
    except ValueError:
        raise ValueError(f"date: not a date (YYYY-MM-DD): {raw[:40]!r}") from None
    if not 1990 <= day.year <= 2100:
        raise ValueError(f"date: year out of range: {raw[:40]!r}")
    mode_text = fold(_cell(cells, where, "mode"))
    if mode_text and mode_text not in MODES:
        raise ValueError(
            f"mode: unknown: {mode_text[:20]!r} (car/bil, train/tåg, bus/buss, plane/flyg)"
        )
    status = fold(_cell(cells, where, "status")) or "booked"
    status = {"bokad": "booked", "avbokad": "cancelled", "canceled": "cancelled"}.get(
        status, status
    )
    if status not in ("booked", "cancelled"):
        raise ValueError(f"status: unknown: {status[:20]!r} (booked/bokad, cancelled/avbokad)")
    ref = (
        _cell(cells, where, "reference")
        or "sha1:" + hashlib.sha1(delim_join(cells).encode()).hexdigest()
    )
    return {
        "source": "import",
        "reference": ref[:128],
        "person_id": None,
        "unit": _cell(cells, where, "unit")[:128] or None,
        "origin": _cell(cells, where, "origin")[:128] or None,
        "destination": _cell(cells, where, "destination")[:128] or None,
        "depart_at": datetime.combine(day, time(8), tzinfo=zone).astimezone(UTC),
        "mode": MODES.get(mode_text),
        "status": status,
        "km": _number(_cell(cells, where, "km"), "km"),
        "kg_co2": _number(_cell(cells, where, "kg_co2"), "kg_co2"),
        "sek": _number(_cell(cells, where, "sek"), "sek"),
    }


def delim_join(cells: list[str]) -> str:
    return "\x1f".join(c.strip() for c in cells)


def _insert_ignoring_duplicates(s: Session, rows: list[dict[str, Any]]) -> None:
    table = TripRecord.__table__
    dialect = s.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for i in range(0, len(rows), 1000):
        s.execute(insert(table).on_conflict_do_nothing(), rows[i : i + 1000])


# --- one report -----------------------------------------------------------------------------


def build_report(
    repo: Repository,
    period: Period,
    tz: ZoneInfo,
    now: datetime,
    unit: str | None = None,
    with_monthly: bool = False,
) -> rf.Report:
    """All figures for a period and a unit (None = everyone, rf.OTHER = the folded groups)."""
    g = goals(repo)
    with repo.session() as s:
        sizes = rf.unit_sizes(s)
        scope = rf.Scope(unit, rf.big_units(sizes))
        bounds = period.bounds(tz, now)
        counts = rf.suggestion_counts(s, bounds, scope)
        rf.meeting_sums(s, bounds, scope, now, counts)
        rf.trip_counts(s, bounds, scope, counts)
        report = rf.Report(period, unit, tz.key, now, counts[0], counts[1])
        report.upcoming = rf.upcoming_meetings(s, scope, now)
        report.prev_until = period.prev_cut(tz, now)
        for attr, trips in (("since", False), ("trips_since", True)):
            first = rf.first_recorded(s, trips)
            setattr(report, attr, first.astimezone(tz).date() if first else None)
        report.active_30d = rf.adoption(s, bounds, scope, now, counts)
        report.adoption_target = g.adoption
        report.coaching = rf.coaching_groups(s, scope)
        if unit is None:
            report.units = rf.unit_groups(s, bounds, sizes, now)
            report.baseline_missing = not g.baseline_trips
            if g.baseline_trips:
                report.target = target_status(s, g, tz, now)
        report.routes = rf.route_groups(s, bounds, scope)
        report.recurring = rf.recurring_groups(s, bounds, scope)
        if with_monthly:
            report.monthly = rf.monthly(s, period, tz, scope, now)
            _monthly_targets(report, g)
    return report


def target_status(s: Session, g: Goals, tz: ZoneInfo, now: datetime) -> rf.TargetStatus:
    """This year's trips so far, annualised, against the baseline and the straight line from the
    last target passed (or the baseline) to the next target."""
    today = now.astimezone(tz).date()
    jan1 = date(today.year, 1, 1)
    lo = datetime.combine(jan1, time(), tzinfo=tz).astimezone(UTC)
    so_far = rf.trips_between(s, lo, now)
    elapsed = (today - jan1).days + 1
    year_days = (date(today.year + 1, 1, 1) - jan1).days
    annualised = so_far * year_days / elapsed
    base_year, base = int(g.baseline_year or today.year), float(g.baseline_trips or 0)
    st = rf.TargetStatus(
        base_year,
        int(base),
        today.year,
        so_far,
        annualised,
        100.0 * (annualised / base - 1) if base else 0.0,
    )
    path = path_level(g, today.year)
    ahead = [(y, p) for y, p in g.targets if y >= today.year] or g.targets[-1:]
    if ahead and path is not None:
        st.target_year, st.target_pct = ahead[0]
        st.target_trips = base * (1 + ahead[0][1] / 100)
        st.path_trips = path
        st.on_track = annualised <= path
    return st


def path_level(g: Goals, year: int) -> float | None:
    """Trips a year allowed in `year` on the straight line between baseline and targets."""
    if not g.baseline_trips or not g.targets:
        return None
    base = float(g.baseline_trips)
    points = [(int(g.baseline_year or year), base)] + [
        (y, base * (1 + p / 100)) for y, p in g.targets
    ]
    points.sort()
    if year >= points[-1][0]:
        return points[-1][1]
    if year <= points[0][0]:
        return points[0][1]
    for (y0, v0), (y1, v1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0) if y1 != y0 else v1
    return None


def _monthly_targets(report: rf.Report, g: Goals) -> None:
    for m in report.monthly:
        level = path_level(g, int(m.key[:4]))
        if level is not None and report.unit is None:
            m.values["target_trips"] = level / 12


def person_count(repo: Repository) -> int:
    with repo.session() as s:
        return int(s.execute(select(func.count()).select_from(Person)).scalar_one())


def any_rows(repo: Repository) -> bool:
    """Whether anything at all has been recorded (an empty database gets its own answer)."""
    with repo.session() as s:
        return any(
            s.execute(select(t.id).limit(1)).first() for t in (Suggestion, WebMeeting, TripRecord)
        )
