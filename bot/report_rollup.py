"""Sums over spans of time without scanning rows: whole UTC months and days come from the rollup
table (`reportrollup`, kept by database triggers, migration 0008), the partial days at a span's
ends from the rows themselves. A span starts at a local midnight (not a UTC one) or ends at
"now", so that split is what keeps every figure equal to a plain count over the rows.

A `Kind` says which rows a rollup kind counts and by which time; its twin in SQL is the
migration's KINDS (tests/test_reporting_rollup.py checks that both agree with a recount).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from storage.models import ReportRollup, Suggestion, TripRecord, WebMeeting

S, W, T, R = (
    Suggestion.__table__.c,
    WebMeeting.__table__.c,
    TripRecord.__table__.c,
    ReportRollup.__table__.c,
)
NOT_MADE = ("draft", "dropped")  # a question we asked, not a suggestion shown
Span = tuple[str, datetime, datetime]  # (key, start, end): aware UTC, end excluded
Where = Callable[[Any], ColumnElement[bool] | None]  # a unit column -> the scope's condition


def _travel() -> Any:
    return case((S.status == "travel", 1), else_=0)


def _trip_in(lo: datetime, hi: datetime) -> ColumnElement[bool]:
    """coalesce(trip_date, created_at) in [lo, hi), written so an index on trip_date serves it."""
    return or_(
        and_(S.trip_date >= lo, S.trip_date < hi),
        and_(S.trip_date.is_(None), S.created_at >= lo, S.created_at < hi),
    )


@dataclass(frozen=True)
class Kind:
    name: str
    when: Any  # the row's time it is counted at
    where: ColumnElement[bool]  # which rows count
    keys: dict[str, Any]  # rollup key column -> the row's column
    measures: dict[str, Any]  # rollup measure -> what one row adds
    between: Callable[[datetime, datetime], ColumnElement[bool]] | None = None  # index-friendly

    def within(self, lo: datetime, hi: datetime) -> ColumnElement[bool]:
        return self.between(lo, hi) if self.between else and_(self.when >= lo, self.when < hi)


_ANON_S = case((S.person_id.is_(None), 1), else_=0)
MADE = Kind("made", S.created_at, S.status.notin_(NOT_MADE),
            {"unit": S.unit, "status": S.status, "reason": S.reason}, {"n": literal(1)})  # fmt: skip
ROUTE = Kind(
    "route", S.created_at, and_(S.status.notin_(NOT_MADE), S.destination.is_not(None)),
    {"unit": S.unit, "origin": S.origin, "destination": S.destination},
    {"n": literal(1), "travel": _travel(), "anon": _ANON_S},
)  # fmt: skip
RECURRING = Kind(
    "recurring", S.created_at,
    and_(S.recurring.is_(True), S.status.notin_(NOT_MADE), S.destination.is_not(None)),
    {"unit": S.unit, "destination": S.destination},
    {"n": literal(1), "travel": _travel(), "anon": _ANON_S},
)  # fmt: skip
TRIP = Kind("trip", func.coalesce(S.trip_date, S.created_at),
            and_(S.status == "travel", S.source != "booking"), {"unit": S.unit},
            {"n": literal(1)}, _trip_in)  # fmt: skip
MEETING = Kind("meeting", W.held_at, literal(True), {"unit": W.unit},
               {"n": literal(1), "km": W.km, "hours": W.hours, "sek": W.sek, "kwh": W.kwh,
                "kg_co2": W.kg_co2})  # fmt: skip
BOOKED = Kind("booked", T.depart_at, T.status == "booked",
              {"unit": T.unit, "origin": T.origin, "destination": T.destination},
              {"n": literal(1), "anon": case((T.person_id.is_(None), 1), else_=0)})  # fmt: skip


def _day(t: datetime) -> datetime:
    return datetime.combine(t.astimezone(UTC).date(), time(), tzinfo=UTC)


def _ceil_day(t: datetime) -> datetime:
    day = _day(t)
    return day if day == t else day + timedelta(days=1)


def _month(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def split(spans: Sequence[Span]) -> tuple[list[tuple[str, str, date, date]], list[Span]]:
    """Each span's whole UTC months and days as (key, grain, first, end) for the rollup, and its
    partial days at the ends for the rows."""
    parts: list[tuple[str, str, date, date]] = []
    rows: list[Span] = []
    for key, lo, hi in spans:
        if hi <= lo:
            continue
        d0, d1 = _ceil_day(lo), _day(hi)
        if d0 >= d1:
            rows.append((key, lo, hi))
            continue
        rows += [(key, a, b) for a, b in ((lo, d0), (d1, hi)) if a < b]
        first, end = d0.date(), d1.date()
        m0 = first if first.day == 1 else _next_month(first)
        m1 = _month(end)
        if m0 >= m1:
            parts.append((key, "d", first, end))
            continue
        parts.append((key, "m", m0, m1))
        parts += [(key, "d", a, b) for a, b in ((first, m0), (m1, end)) if a < b]
    return parts, rows


def tally(
    s: Session,
    kind: Kind,
    spans: Sequence[Span],
    by: Sequence[str] = (),
    measures: Sequence[str] = ("n",),
    scope: Where = lambda _col: None,
) -> dict[tuple[str, ...], dict[str, Any]]:
    """{(span key, *values of `by`): {measure: sum}} over the kind's rows in the spans, only for
    groups that have rows. Values of `by` are '' for NULL, as in the rollup. One statement: a
    range scan of the rollup's key per whole part, an index range per partial day, summed."""
    measures = ("n", *[m for m in measures if m != "n"])
    parts, rows = split(spans)
    if not parts and not rows:
        return {}
    names = ["k", *[f"d{i}" for i in range(len(by))], *[f"m{i}" for i in range(len(measures))]]

    def labelled(cols: Sequence[Any]) -> list[Any]:
        return [c.label(n) for c, n in zip(cols, names, strict=True)]

    members = [
        select(*labelled([literal(k), *[R[c] for c in by], *[R[m] for m in measures]])).where(
            R.kind == kind.name,
            R.grain == g,
            R.day >= a,
            R.day < b,
            R.n != 0,  # what is left of rows that went away (their sums are zero)
            *[c for c in (scope(func.nullif(R.unit, "")),) if c is not None],
        )
        for k, g, a, b in parts
    ]
    keys = [func.coalesce(kind.keys[c], "") for c in by]
    members += [
        select(*labelled([literal(k), *keys, *[func.sum(kind.measures[m]) for m in measures]]))
        .where(
            kind.where,
            kind.within(a, b),
            *[c for c in (scope(kind.keys["unit"]),) if c is not None],
        )
        .group_by(*keys)
        for k, a, b in rows
    ]
    each = union_all(*members).subquery()
    group = [each.c[n] for n in names[: 1 + len(by)]]
    sums = [func.sum(each.c[n]) for n in names[1 + len(by) :]]
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    for key, *rest in s.execute(select(*group, *sums).group_by(*group)):
        if rest[len(by)]:  # rows were counted
            out[(key, *rest[: len(by)])] = dict(zip(measures, rest[len(by) :], strict=True))
    return out


def total(
    s: Session, kinds: Sequence[Kind], spans: Sequence[Span], scope: Where = lambda _c: None
) -> dict[str, int]:
    """Rows counted per span key, summed over several kinds (trips: decided + booked)."""
    out: dict[str, int] = {k: 0 for k, _a, _b in spans}
    for kind in kinds:
        for (key,), sums in tally(s, kind, spans, scope=scope).items():
            out[key] += int(sums["n"])
    return out
