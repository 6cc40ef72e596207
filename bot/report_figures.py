"""The figures of an admin report, each one SQL aggregate (GROUP BY) over the stored rows.

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

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from bot.periods import Period, _shift_months
from storage.models import CheckIn, CoachUnit, Person, Suggestion, TripRecord, WebMeeting

MIN_GROUP = 5  # fewer people than this in a unit, route, meeting or coach group -> OTHER
OTHER = "\x00other"  # key of the folded group; renderers show it as "other"/"övrigt"
THRESHOLD_MEETINGS = (
    3  # "over the threshold": this many check-ins that went well (bot.coaching_plan)
)
NOT_MADE = ("draft", "dropped")  # a question we asked, not a suggestion shown
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

    @property
    def empty(self) -> bool:
        c, p = self.cur, self.prev
        return not (c.made or c.meetings or c.trips or p.made or p.meetings or p.trips)


# --- helpers ------------------------------------------------------------------------------


def _and(*conds: ColumnElement[bool] | None) -> ColumnElement[bool]:
    return and_(*[c for c in conds if c is not None])


def _two_ranges(col: Any, b: Sequence[datetime]) -> ColumnElement[bool]:
    start, end, pstart, pend = b
    return or_(and_(col >= start, col < end), and_(col >= pstart, col < pend))


def _is_cur(col: Any, start: datetime) -> Any:
    return case((col >= start, 1), else_=0)


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


def suggestion_counts(s: Session, b: Sequence[datetime], scope: Scope) -> tuple[Counts, Counts]:
    cur_flag = _is_cur(S.created_at, b[0]).label("cur")
    stmt = (
        select(cur_flag, S.status, S.reason, func.count())
        .where(_and(_two_ranges(S.created_at, b), S.status.notin_(NOT_MADE), scope.where(S.unit)))
        .group_by(cur_flag, S.status, S.reason)
    )
    out = (Counts(), Counts())
    for cur, status, reason, n in s.execute(stmt):
        c = out[0] if cur else out[1]
        c.made += n
        if status in ("accepted", "travel", "not_trip", "open"):
            setattr(c, status, getattr(c, status) + n)
        if status == "travel":
            key = reason if reason in REASONS else "none"
            c.reasons[key] = c.reasons.get(key, 0) + n
    return out


def meeting_sums(
    s: Session, b: Sequence[datetime], scope: Scope, now: datetime, counts: tuple[Counts, Counts]
) -> None:
    cur_flag = _is_cur(W.held_at, b[0]).label("cur")
    stmt = (
        select(
            cur_flag,
            func.count(),
            func.sum(W.km),
            func.sum(W.hours),
            func.sum(W.sek),
            func.sum(W.kwh),
            func.sum(W.kg_co2),
        )
        .where(_and(_two_ranges(W.held_at, b), W.held_at <= now, scope.where(W.unit)))
        .group_by(cur_flag)
    )
    for cur, n, km, hours, sek, kwh, co2 in s.execute(stmt):
        c = counts[0] if cur else counts[1]
        c.meetings = int(n)
        c.km, c.hours, c.sek, c.kwh, c.kg_co2 = (float(v or 0) for v in (km, hours, sek, kwh, co2))


def _trip_when() -> Any:
    return func.coalesce(S.trip_date, S.created_at)


def _trip_in(lo: datetime, hi: datetime) -> ColumnElement[bool]:
    """coalesce(trip_date, created_at) in [lo, hi), written so an index on trip_date serves it."""
    return or_(
        and_(S.trip_date >= lo, S.trip_date < hi),
        and_(S.trip_date.is_(None), S.created_at >= lo, S.created_at < hi),
    )


def trip_counts(
    s: Session, b: Sequence[datetime], scope: Scope, counts: tuple[Counts, Counts]
) -> None:
    """Trips = booked trip records + suggestions decided as travel (not those that came from a
    booking: the booking's trip record already counts them)."""
    when = _trip_when()
    flag_s = _is_cur(when, b[0]).label("cur")
    flag_t = _is_cur(T.depart_at, b[0]).label("cur")
    decided = (
        select(flag_s, func.count())
        .where(
            _and(
                S.status == "travel",
                S.source != "booking",
                or_(_trip_in(b[0], b[1]), _trip_in(b[2], b[3])),
                scope.where(S.unit),
            )
        )
        .group_by(flag_s)
    )
    booked = (
        select(flag_t, func.count())
        .where(_and(T.status == "booked", _two_ranges(T.depart_at, b), scope.where(T.unit)))
        .group_by(flag_t)
    )
    for stmt in (decided, booked):
        for cur, n in s.execute(stmt):
            (counts[0] if cur else counts[1]).trips += int(n)


def trips_between(s: Session, start: datetime, end: datetime) -> int:
    decided = select(func.count()).where(
        S.status == "travel", S.source != "booking", _trip_in(start, end)
    )
    booked = select(func.count()).where(
        T.status == "booked", T.depart_at >= start, T.depart_at < end
    )
    return int(s.execute(decided).scalar_one()) + int(s.execute(booked).scalar_one())


def adoption(
    s: Session, b: Sequence[datetime], scope: Scope, now: datetime, counts: tuple[Counts, Counts]
) -> int:
    """People with a web meeting held in the last 30 days; per period, people whose first web
    meeting ever (in the scope) was held in it."""
    active = select(func.count(func.distinct(W.person_id))).where(
        _and(
            W.held_at > now - timedelta(days=30),
            W.held_at <= now,
            W.person_id.is_not(None),
            scope.where(W.unit),
        )
    )
    for i, (lo, hi) in enumerate(((b[0], min(b[1], now)), (b[2], min(b[3], now)))):
        earlier = WebMeeting.__table__.alias("earlier")
        before = select(earlier.c.id).where(
            _and(
                earlier.c.person_id == W.person_id,
                earlier.c.held_at < lo,
                scope.where(earlier.c.unit),
            )
        )
        new = select(func.count(func.distinct(W.person_id))).where(
            _and(
                W.held_at >= lo,
                W.held_at < hi,
                W.person_id.is_not(None),
                scope.where(W.unit),
                ~before.exists(),
            )
        )
        counts[i].new_users = int(s.execute(new).scalar_one())
    return int(s.execute(active).scalar_one())


def unit_groups(
    s: Session, b: Sequence[datetime], sizes: dict[str, int], now: datetime
) -> list[Group]:
    start, end = b[0], b[1]
    values: dict[str | None, dict[str, float]] = {}

    def add(unit: str | None, key: str, v: float) -> None:
        values.setdefault(unit, {}).setdefault(key, 0.0)
        values[unit][key] += float(v or 0)

    sug = (
        select(S.unit, S.status, func.count())
        .where(S.created_at >= start, S.created_at < end, S.status.notin_(NOT_MADE))
        .group_by(S.unit, S.status)
    )
    for unit, status, n in s.execute(sug):
        add(unit, "suggested", n)
        if status in ("accepted", "travel"):
            add(unit, status, n)
    met = (
        select(W.unit, func.count(), func.sum(W.kg_co2))
        .where(W.held_at >= start, W.held_at < end, W.held_at <= now)
        .group_by(W.unit)
    )
    for unit, n, co2 in s.execute(met):
        add(unit, "meetings", n)
        add(unit, "kg_co2", co2)
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


def route_groups(s: Session, b: Sequence[datetime], scope: Scope) -> list[Group]:
    """Routes by suggested and actual travel. People per route is a lower bound of the distinct
    travellers (the larger of the two sources' counts), so folding errs on the private side."""
    start, end = b[0], b[1]
    travelled = func.sum(case((S.status == "travel", 1), else_=0))
    # Two levels (per person, then per route) instead of count(DISTINCT): hash aggregates.
    per_person = (
        select(S.origin, S.destination, func.count().label("n"), travelled.label("t"))
        .where(
            _and(
                S.created_at >= start,
                S.created_at < end,
                S.status.notin_(NOT_MADE),
                S.destination.is_not(None),
                scope.where(S.unit),
            )
        )
        .group_by(S.origin, S.destination, S.person_id)
        .subquery()
    )
    pp = per_person.c
    sug = select(pp.origin, pp.destination, func.sum(pp.n), func.sum(pp.t), func.count()).group_by(
        pp.origin, pp.destination
    )
    booked = (
        select(
            T.origin,
            T.destination,
            func.count(),
            func.count(func.distinct(T.person_id))
            + func.sum(case((T.person_id.is_(None), 1), else_=0)),
        )
        .where(
            _and(
                T.depart_at >= start,
                T.depart_at < end,
                T.status == "booked",
                T.destination.is_not(None),
                scope.where(T.unit),
            )
        )
        .group_by(T.origin, T.destination)
    )
    groups: dict[str, Group] = {}
    for origin, dest, n, travel, people in s.execute(sug):  # people: NULL (forgotten) counts 1
        g = groups.setdefault(
            f"{origin or '?'} → {dest}", Group(f"{origin or '?'} → {dest}", 0, {})
        )
        g.people = max(g.people, int(people))
        g.values["suggested"] = g.values.get("suggested", 0) + int(n)
        g.values["travelled"] = g.values.get("travelled", 0) + int(travel or 0)
    for origin, dest, n, people in s.execute(booked):
        key = f"{origin or '?'} → {dest}"
        g = groups.setdefault(key, Group(key, 0, {}))
        g.people = max(g.people, int(people or 0))
        g.values["travelled"] = g.values.get("travelled", 0) + n
    return fold_groups(list(groups.values()), top=TOP)


def recurring_groups(s: Session, b: Sequence[datetime], scope: Scope) -> list[Group]:
    start, end = b[0], b[1]
    travelled = func.sum(case((S.status == "travel", 1), else_=0))
    per_person = (
        select(S.destination, func.count().label("n"), travelled.label("t"))
        .where(
            _and(
                S.created_at >= start,
                S.created_at < end,
                S.recurring.is_(True),
                S.status.notin_(NOT_MADE),
                S.destination.is_not(None),
                scope.where(S.unit),
            )
        )
        .group_by(S.destination, S.person_id)
        .subquery()
    )
    pp = per_person.c
    stmt = select(pp.destination, func.sum(pp.n), func.sum(pp.t), func.count()).group_by(
        pp.destination
    )
    groups = [
        Group(d, int(p), {"suggested": int(n), "travelled": int(t or 0)})
        for d, n, t, p in s.execute(stmt)
    ]
    return fold_groups(groups, top=TOP)


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


def _bucket(col: Any, bounds: list[datetime], keys: list[str]) -> Any:
    return case(
        *[(and_(col >= bounds[i], col < bounds[i + 1]), keys[i]) for i in range(len(keys))],
        else_=None,
    )


def monthly(s: Session, period: Period, tz: ZoneInfo, scope: Scope, now: datetime) -> list[Group]:
    starts = month_starts(period)
    keys = [f"{d:%Y-%m}" for d in starts]
    bounds = [_local_midnight(d, tz) for d in [*starts, _shift_months(starts[-1], 1)]]
    lo, hi = bounds[0], bounds[-1]
    rows: dict[str, dict[str, float]] = {k: {} for k in keys}

    def put(stmt: Any, names: Sequence[str]) -> None:
        for key, *vals in s.execute(stmt):
            if key is not None:
                for name, v in zip(names, vals, strict=True):
                    rows[key][name] = rows[key].get(name, 0) + float(v or 0)

    b = _bucket(S.created_at, bounds, keys).label("m")
    put(
        select(b, func.count())
        .where(
            _and(
                S.created_at >= lo,
                S.created_at < hi,
                S.status.notin_(NOT_MADE),
                scope.where(S.unit),
            )
        )
        .group_by(b),
        ["suggested"],
    )
    b = _bucket(W.held_at, bounds, keys).label("m")
    put(
        select(b, func.count(), func.sum(W.kg_co2), func.sum(W.sek), func.sum(W.kwh))
        .where(_and(W.held_at >= lo, W.held_at < hi, W.held_at <= now, scope.where(W.unit)))
        .group_by(b),
        ["meetings", "kg_co2", "sek", "kwh"],
    )
    when = _trip_when()
    b = _bucket(when, bounds, keys).label("m")
    put(
        select(b, func.count())
        .where(
            _and(
                S.status == "travel",
                S.source != "booking",
                when >= lo,
                when < hi,
                scope.where(S.unit),
            )
        )
        .group_by(b),
        ["trips"],
    )
    b = _bucket(T.depart_at, bounds, keys).label("m")
    put(
        select(b, func.count())
        .where(_and(T.status == "booked", T.depart_at >= lo, T.depart_at < hi, scope.where(T.unit)))
        .group_by(b),
        ["trips"],
    )
    return [Group(k, 0, rows[k]) for k in keys]
