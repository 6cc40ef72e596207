"""The figures of an admin report, each one SQL aggregate (GROUP BY) over the daily rollup or an
index, never a scan of a period's rows (bot.report_rollup).

Nothing here loops over rows in Python: loops run over groups (statuses, units, routes, coaches,
months), which are few. Privacy lives here too: groups of fewer than MIN_GROUP people are folded
into OTHER before anything leaves this module. Definitions are in docs/reporting.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal, or_, select, true, union_all
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from bot import report_rollup as rr
from bot.periods import Period, _shift_months
from bot.report_rollup import NOT_MADE, Span
from storage.models import (
    CheckIn,
    CoachUnit,
    Person,
    ReportFirst,
    Suggestion,
    TripRecord,
    WebMeeting,
)

MIN_GROUP = 5  # fewer people than this in a unit, route, meeting or coach group -> OTHER
OTHER = "\x00other"  # key of the folded group; renderers show it as "other"/"övrigt"
THRESHOLD_MEETINGS = (
    3  # "over the threshold": this many check-ins that went well (bot.coaching_plan)
)
REASONS = ("site_visit", "cannot_join", "technical", "other")
TOP = 5

S, W, T, P = (
    Suggestion.__table__.c,
    WebMeeting.__table__.c,
    TripRecord.__table__.c,
    Person.__table__.c,
)


@dataclass(frozen=True)
class Scope:
    """Which rows a report covers: everyone, one unit (>= MIN_GROUP people), or OTHER."""

    unit: str | None = None
    big_units: frozenset[str] = frozenset()

    def where(self, col: Any) -> ColumnElement[bool] | None:
        if self.unit is None:
            return None
        if self.unit == OTHER:
            return (
                or_(col.is_(None), col.notin_(self.big_units)) if self.big_units else literal(True)
            )
        return col == self.unit


@dataclass
class Counts:
    made: int = 0
    accepted: int = 0
    travel: int = 0
    not_trip: int = 0
    open: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # travel by reason; "none" = not given
    meetings: int = 0
    km: float = 0.0
    hours: float = 0.0
    sek: float = 0.0
    kwh: float = 0.0
    kg_co2: float = 0.0
    trips: int = 0  # booked trip records + decided travel (docs/reporting.md)
    new_users: int = 0  # people whose first web meeting fell in the period


@dataclass
class TargetStatus:
    baseline_year: int
    baseline_trips: int
    year: int
    trips_so_far: int
    annualised: float
    change_pct: float  # annualised vs baseline
    target_year: int | None = None
    target_pct: float | None = None
    target_trips: float | None = None
    path_trips: float | None = None  # where the straight line to the target stands this year
    on_track: bool | None = None


@dataclass
class Group:
    key: str  # unit, "origin → destination", destination of a recurring meeting, coach
    people: int
    values: dict[str, float]


@dataclass
class Report:
    period: Period
    unit: str | None  # None = whole organisation, OTHER, or a unit name
    tz: str
    now: datetime
    cur: Counts
    prev: Counts
    active_30d: int = 0
    adoption_target: int | None = None
    target: TargetStatus | None = None
    baseline_missing: bool = True
    coaching: list[Group] = field(default_factory=list)
    units: list[Group] = field(default_factory=list)
    routes: list[Group] = field(default_factory=list)
    recurring: list[Group] = field(default_factory=list)
    monthly: list[Group] = field(default_factory=list)  # key "YYYY-MM"
    upcoming: Counts = field(default_factory=Counts)  # accepted web meetings still to be held
    prev_until: datetime | None = None  # local: the previous period cut at this time of day
    since: date | None = None  # local day of the first suggestion or web meeting
    trips_since: date | None = None  # the same, or of the first booked trip record

    def comparable(self, trips: bool = False) -> bool:
        """Whether resfri had data when the previous period began (else there is no change)."""
        since = self.trips_since if trips else self.since
        return since is not None and since <= self.period.prev_start

    @property
    def empty(self) -> bool:
        c, p = self.cur, self.prev
        return not (c.made or c.meetings or c.trips or p.made or p.meetings or p.trips)


# --- helpers ------------------------------------------------------------------------------


def _and(*conds: ColumnElement[bool] | None) -> ColumnElement[bool]:
    return and_(*[c for c in conds if c is not None])


def _local_midnight(d: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(d, time(), tzinfo=tz).astimezone(UTC)


def unit_sizes(s: Session) -> dict[str, int]:
    rows = s.execute(select(P.unit, func.count()).where(P.unit.is_not(None)).group_by(P.unit))
    return {u: int(n) for u, n in rows}


def big_units(sizes: dict[str, int]) -> frozenset[str]:
    return frozenset(u for u, n in sizes.items() if n >= MIN_GROUP)


def fold_groups(groups: list[Group], top: int | None = None) -> list[Group]:
    """Fold groups of fewer than MIN_GROUP people (and those past `top`) into one OTHER group,
    biggest activity first. OTHER stays last."""
    big = sorted(
        (g for g in groups if g.key != OTHER and g.people >= MIN_GROUP),
        key=lambda g: (-sum(g.values.values()), g.key),
    )
    shown = big[:top] if top else big
    kept = {id(g) for g in shown}
    rest = [g for g in groups if id(g) not in kept]
    if rest:
        values: dict[str, float] = {}
        for g in rest:
            for k, v in g.values.items():
                values[k] = values.get(k, 0) + v
        shown.append(Group(OTHER, sum(g.people for g in rest), values))
    return shown


# --- the figures --------------------------------------------------------------------------
# Counts and sums come from the rollup (bot.report_rollup); what must stay per person (people
# active in the last 30 days, new users, whether a route has 5 people, coaching) reads indexes.


def _spans(b: Sequence[datetime], cap: datetime | None = None) -> list[Span]:
    """The current and previous period as spans; `cap` cuts them (web meetings: not after now)."""
    out = [("cur", b[0], b[1]), ("prev", b[2], b[3])]
    return [(k, lo, min(hi, cap)) for k, lo, hi in out] if cap else out


def _until(now: datetime) -> datetime:
    """`held_at <= now` as an end excluded: times are stored to the microsecond."""
    return now + timedelta(microseconds=1)


def suggestion_counts(s: Session, b: Sequence[datetime], scope: Scope) -> tuple[Counts, Counts]:
    out = (Counts(), Counts())
    sums = rr.tally(s, rr.MADE, _spans(b), by=("status", "reason"), scope=scope.where)
    for (key, status, reason), m in sums.items():
        c, n = out[0] if key == "cur" else out[1], int(m["n"])
        c.made += n
        if status in ("accepted", "travel", "not_trip", "open"):
            setattr(c, status, getattr(c, status) + n)
        if status == "travel":
            r = reason if reason in REASONS else "none"
            c.reasons[r] = c.reasons.get(r, 0) + n
    return out


SAVED = ("km", "hours", "sek", "kwh", "kg_co2")


def meeting_sums(
    s: Session, b: Sequence[datetime], scope: Scope, now: datetime, counts: tuple[Counts, Counts]
) -> None:
    spans = _spans(b, _until(now))
    sums = rr.tally(s, rr.MEETING, spans, measures=("n", *SAVED), scope=scope.where)
    for (key,), m in sums.items():
        c = counts[0] if key == "cur" else counts[1]
        c.meetings = int(m["n"])
        c.km, c.hours, c.sek, c.kwh, c.kg_co2 = (float(m[k]) for k in SAVED)


UPCOMING = timedelta(days=366)


def upcoming_meetings(s: Session, scope: Scope, now: datetime) -> Counts:
    """Web meetings accepted but not held yet (any period): what they will save once held."""
    span = [("up", _until(now), now + UPCOMING)]
    c = Counts()
    for _, m in rr.tally(s, rr.MEETING, span, measures=("n", *SAVED), scope=scope.where).items():
        c.meetings = int(m["n"])
        c.km, c.hours, c.sek, c.kwh, c.kg_co2 = (float(m[k]) for k in SAVED)
    return c


def trip_counts(
    s: Session, b: Sequence[datetime], scope: Scope, counts: tuple[Counts, Counts]
) -> None:
    """Trips = booked trip records + suggestions decided as travel (not those that came from a
    booking: the booking's trip record already counts them)."""
    trips = rr.total(s, (rr.TRIP, rr.BOOKED), _spans(b), scope.where)
    counts[0].trips, counts[1].trips = trips["cur"], trips["prev"]


def trips_between(s: Session, start: datetime, end: datetime) -> int:
    return rr.total(s, (rr.TRIP, rr.BOOKED), [("all", start, end)])["all"]


def first_recorded(s: Session, trips: bool = False) -> datetime | None:
    """When resfri's data begins: the first suggestion or web meeting (with `trips`, also the
    first booked trip record). A previous period before it has nothing to compare with."""
    firsts = [
        s.execute(select(func.min(S.created_at))).scalar(),
        s.execute(select(func.min(W.held_at))).scalar(),
    ]
    if trips:
        firsts.append(s.execute(select(func.min(T.depart_at)).where(T.status == "booked")).scalar())
    found = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in firsts if t is not None]
    return min(found) if found else None


def adoption(
    s: Session, b: Sequence[datetime], scope: Scope, now: datetime, counts: tuple[Counts, Counts]
) -> int:
    """People with a web meeting held in the last 30 days; per period, people whose first web
    meeting ever (in the scope) was held in it, from each person's first one per unit."""
    active = select(func.count(func.distinct(W.person_id))).where(
        _and(
            W.held_at > now - timedelta(days=30),
            W.held_at <= now,
            W.person_id.is_not(None),
            scope.where(W.unit),
        )
    )
    F = ReportFirst.__table__.c
    firsts = (
        select(func.min(F.first_at).label("f"))
        .where(*[c for c in (scope.where(func.nullif(F.unit, "")),) if c is not None])
        .group_by(F.person_id)
        .subquery()
    )
    new = [
        func.sum(case((and_(firsts.c.f >= lo, firsts.c.f < min(hi, now)), 1), else_=0))
        for lo, hi in ((b[0], b[1]), (b[2], b[3]))
    ]
    cur, prev = s.execute(select(*new)).one()
    counts[0].new_users, counts[1].new_users = int(cur or 0), int(prev or 0)
    return int(s.execute(active).scalar_one())


def unit_groups(
    s: Session, b: Sequence[datetime], sizes: dict[str, int], now: datetime
) -> list[Group]:
    values: dict[str | None, dict[str, float]] = {}

    def add(unit: str, key: str, v: float) -> None:
        row = values.setdefault(unit or None, {})
        row[key] = row.get(key, 0.0) + float(v or 0)

    cur = [("cur", b[0], b[1])]
    for (_k, unit, status), m in rr.tally(s, rr.MADE, cur, by=("unit", "status")).items():
        add(unit, "suggested", m["n"])
        if status in ("accepted", "travel"):
            add(unit, status, m["n"])
    cur = [("cur", b[0], min(b[1], _until(now)))]
    met = rr.tally(s, rr.MEETING, cur, by=("unit",), measures=("n", "kg_co2"))
    for (_k, unit), m in met.items():
        add(unit, "meetings", m["n"])
        add(unit, "kg_co2", m["kg_co2"])
    big = big_units(sizes)
    groups = [
        Group(u if u in big else OTHER, sizes.get(u, 0) if u else 0, v) for u, v in values.items()
    ]
    for u in big - values.keys():  # a unit with no activity still shows, with zeros
        groups.append(Group(u, sizes[u], {}))
    return fold_groups(_merge(groups))


def _merge(groups: list[Group]) -> list[Group]:
    merged: dict[str, Group] = {}
    for g in groups:
        m = merged.setdefault(g.key, Group(g.key, 0, {}))
        m.people += g.people
        for k, v in g.values.items():
            m.values[k] = m.values.get(k, 0) + v
    return list(merged.values())


def _is(col: Any, value: str) -> ColumnElement[bool]:
    """A rollup key ('' = NULL) as a condition on the row's column, usable by an index."""
    return or_(col.is_(None), col == "") if value == "" else col == value


@dataclass
class _Ask:
    """Whether some rows (a route's, a recurring meeting's) have MIN_GROUP distinct people."""

    conds: list[Any]
    person: Any  # the rows' person column
    base: int  # people already certain: rows without a person
    found: set[int] = field(default_factory=set)
    done: bool = False

    @property
    def people(self) -> int:
        return min(self.base + len(self.found), MIN_GROUP)


def _ask(conds: list[Any], person: Any, anon: int, counts_each: bool) -> _Ask:
    """Rows without a person count as one person (`counts_each`: one each), as always."""
    return _Ask(conds, person, min(anon, MIN_GROUP) if counts_each else min(anon, 1))


BATCH = 50


def _people(s: Session, asks: list[_Ask]) -> None:
    """Distinct people behind each ask's rows, counted only up to MIN_GROUP: enough to decide
    folding, read from a few index entries instead of all the period's rows. One query per round
    for all asks; each round asks for rows of people not seen yet, so it ends within MIN_GROUP."""
    while pending := [a for a in asks if not a.done and a.people < MIN_GROUP]:
        parts = []
        for i, a in enumerate(pending):
            unseen = a.person.notin_(a.found) if a.found else a.person.is_not(None)
            rows = select(literal(i).label("i"), a.person.label("p")).where(*a.conds, unseen)
            sub = rows.limit(BATCH).subquery()
            parts.append(select(sub.c.i, sub.c.p))
        got: dict[int, list[int]] = {i: [] for i in range(len(pending))}
        for i, person in s.execute(union_all(*parts)):
            got[i].append(person)
        for i, a in enumerate(pending):
            a.found.update(got[i])
            a.done = len(got[i]) < BATCH


def _in_period(col: Any, b: Sequence[datetime]) -> list[ColumnElement[bool]]:
    return [col >= b[0], col < b[1]]


def route_groups(s: Session, b: Sequence[datetime], scope: Scope) -> list[Group]:
    """Routes by suggested and actual travel. A route's people is the larger of its two sources'
    distinct people (counted up to MIN_GROUP), so folding errs on the private side."""
    cur = [("cur", b[0], b[1])]
    groups: dict[str, Group] = {}
    asks: list[tuple[Group, _Ask]] = []
    sug = rr.tally(
        s, rr.ROUTE, cur, ("origin", "destination"), ("n", "travel", "anon"), scope.where
    )
    for (_k, origin, dest), m in sug.items():
        key = f"{origin or '?'} → {dest}"
        g = groups.setdefault(key, Group(key, 0, {}))
        conds = [rr.ROUTE.where, _is(S.origin, origin), S.destination == dest]
        conds += [c for c in (scope.where(S.unit),) if c is not None] + _in_period(S.created_at, b)
        asks.append((g, _ask(conds, S.person_id, int(m["anon"]), False)))
        g.values["suggested"] = g.values.get("suggested", 0) + int(m["n"])
        g.values["travelled"] = g.values.get("travelled", 0) + int(m["travel"])
    booked = rr.tally(s, rr.BOOKED, cur, ("origin", "destination"), ("n", "anon"), scope.where)
    for (_k, origin, dest), m in booked.items():
        if not dest:
            continue
        key = f"{origin or '?'} → {dest}"
        g = groups.setdefault(key, Group(key, 0, {}))
        conds = [rr.BOOKED.where, _is(T.origin, origin), T.destination == dest]
        conds += [c for c in (scope.where(T.unit),) if c is not None] + _in_period(T.depart_at, b)
        asks.append((g, _ask(conds, T.person_id, int(m["anon"]), True)))
        g.values["travelled"] = g.values.get("travelled", 0) + int(m["n"])
    _people(s, [a for _g, a in asks])
    for g, a in asks:
        g.people = max(g.people, a.people)
    return fold_groups(list(groups.values()), top=TOP)


def recurring_groups(s: Session, b: Sequence[datetime], scope: Scope) -> list[Group]:
    cur = [("cur", b[0], b[1])]
    found = []
    sums = rr.tally(s, rr.RECURRING, cur, ("destination",), ("n", "travel", "anon"), scope.where)
    for (_k, dest), m in sums.items():
        # `recurring = true` as written: the partial index on recurring suggestions serves it
        conds = [S.recurring == true(), S.status.notin_(NOT_MADE), S.destination == dest]
        conds += [c for c in (scope.where(S.unit),) if c is not None] + _in_period(S.created_at, b)
        values = {"suggested": int(m["n"]), "travelled": int(m["travel"])}
        found.append((dest, values, _ask(conds, S.person_id, int(m["anon"]), False)))
    _people(s, [a for _d, _v, a in found])
    return fold_groups([Group(d, a.people, v) for d, v, a in found], top=TOP)


def coaching_groups(s: Session, scope: Scope) -> list[Group]:
    """Per coach (personal coach, else the unit's coach, as bot.coaching_store sees it):
    enrolled (has a check-in), checked in (answered one), struggling (the latest answered
    check-in went badly), over the threshold (THRESHOLD_MEETINGS check-ins that went well).
    Coaches with fewer than MIN_GROUP people are folded into OTHER."""
    c = CheckIn.__table__.c
    cu = CoachUnit.__table__.c
    ci = (
        select(
            c.person_id,
            func.count(c.answered_at).label("answered"),
            func.max(case((c.outcome.in_(("trouble", "failed")), c.number))).label("bad"),
            func.max(case((c.outcome == "well", c.number))).label("good"),
            func.sum(case((c.outcome == "well", 1), else_=0)).label("wells"),
        )
        .group_by(c.person_id)
        .subquery()
    )
    coach = func.coalesce(P.coach_id, cu.coach_id).label("coach")
    struggling = case(
        (and_(ci.c.bad.is_not(None), or_(ci.c.good.is_(None), ci.c.bad >= ci.c.good)), 1), else_=0
    )
    stmt = (
        select(
            coach,
            func.count(),
            func.sum(case((ci.c.answered > 0, 1), else_=0)),
            func.sum(struggling),
            func.sum(case((ci.c.wells >= THRESHOLD_MEETINGS, 1), else_=0)),
        )
        .select_from(
            Person.__table__.join(ci, ci.c.person_id == P.id).outerjoin(
                CoachUnit.__table__, func.lower(cu.unit) == func.lower(P.unit)
            )
        )
        .where(_and(scope.where(P.unit)))
        .group_by(coach)
    )
    rows = list(s.execute(stmt))
    ids = [r[0] for r in rows if r[0] is not None]
    names = {
        pid: f"<@{user}>" if platform == "slack" else (email or user)
        for pid, platform, user, email in s.execute(
            select(P.id, P.platform, P.user_id, P.email).where(P.id.in_(ids))
        )
    }
    groups = [
        Group(
            names.get(cid, OTHER) if cid else OTHER,
            int(n),
            {
                "enrolled": int(n),
                "checked_in": int(a or 0),
                "struggling": int(st or 0),
                "over_threshold": int(ov or 0),
            },
        )
        for cid, n, a, st, ov in rows
    ]
    return fold_groups(_merge(groups))


def month_starts(period: Period, months: int = 12) -> list[date]:
    """The months a chart or CSV covers: the period's months, at least `months` back from its end."""
    last = (period.end - timedelta(days=1)).replace(day=1)
    first = min(period.start.replace(day=1), _shift_months(last, -(months - 1)))
    out = [first]
    while out[-1] < last:
        out.append(_shift_months(out[-1], 1))
    return out


def monthly(s: Session, period: Period, tz: ZoneInfo, scope: Scope, now: datetime) -> list[Group]:
    starts = month_starts(period)
    keys = [f"{d:%Y-%m}" for d in starts]
    bounds = [_local_midnight(d, tz) for d in [*starts, _shift_months(starts[-1], 1)]]
    spans = [(k, bounds[i], bounds[i + 1]) for i, k in enumerate(keys)]
    held = [(k, lo, min(hi, _until(now))) for k, lo, hi in spans]
    rows: dict[str, dict[str, float]] = {k: {} for k in keys}

    def put(sums: dict[tuple[str, ...], dict[str, Any]], names: dict[str, str]) -> None:
        for (key,), m in sums.items():
            for name, measure in names.items():
                rows[key][name] = rows[key].get(name, 0) + float(m[measure] or 0)

    put(rr.tally(s, rr.MADE, spans, scope=scope.where), {"suggested": "n"})
    meetings = rr.tally(
        s, rr.MEETING, held, measures=("n", "kg_co2", "sek", "kwh"), scope=scope.where
    )
    put(meetings, {"meetings": "n", "kg_co2": "kg_co2", "sek": "sek", "kwh": "kwh"})
    for kind in (rr.TRIP, rr.BOOKED):
        put(rr.tally(s, kind, spans, scope=scope.where), {"trips": "n"})
    return [Group(k, 0, rows[k]) for k in keys]
