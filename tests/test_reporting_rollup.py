"""The report rollup (kept by database triggers) against a recount of the rows in Python, after a
history with every kind of write: suggestions made and decided, reasons given later, drafts
dropped, web meetings held and reported, bookings made and cancelled, an import, people moved
between units by an admin, and people forgotten. Then the figures of a running period, and how
the change against the previous period reads."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from adapters.app import build_app
from bot.bookings import Booking, record_booking
from bot.messages import Inbound
from bot.report_store import import_trips
from tests import reporting_history as h
from tests.conftest import make_settings

NOT_MADE = ("draft", "dropped")


def _utc(v: Any) -> datetime:
    if isinstance(v, str):  # SQLite hands back text in a raw query
        v = datetime.fromisoformat(v)
    return v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)


def recount(engine) -> dict[tuple, dict[str, float]]:  # noqa: ANN001
    """What the rollup should hold, from the rows, in plain Python: per (kind, grain, day, unit,
    status, reason, origin, destination) the number of rows and their sums; '' for NULL."""
    out: dict[tuple, Counter] = defaultdict(Counter)

    def add(kind: str, when: Any, key: tuple[str, ...], **measures: float) -> None:
        day = _utc(when).date()
        for grain, d in (("d", day), ("m", day.replace(day=1))):
            c = out[(kind, grain, d, *[k or "" for k in key])]
            c["n"] += 1
            for name, v in measures.items():
                c[name] += v

    with engine.connect() as conn:
        for person, unit, created, status, reason, origin, dest, recurring in conn.execute(text(
                "SELECT person_id, unit, created_at, status, reason, origin, destination, "
                "recurring FROM suggestion")):  # fmt: skip
            if status in NOT_MADE:
                continue
            add("made", created, (unit, status, reason, None, None))
            anon = 1 if person is None else 0
            travel = 1 if status == "travel" else 0
            if dest is not None:
                add("route", created, (unit, None, None, origin, dest), travel=travel, anon=anon)
                if recurring:
                    add("recurring", created, (unit, None, None, None, dest), travel=travel,
                        anon=anon)  # fmt: skip
        for unit, created, status, trip_date, source in conn.execute(text(
                "SELECT unit, created_at, status, trip_date, source FROM suggestion")):  # fmt: skip
            if status == "travel" and source != "booking":
                add("trip", trip_date or created, (unit, None, None, None, None))
        firsts: dict[tuple, datetime] = {}
        for person, unit, held, km, hours, sek, kwh, co2 in conn.execute(text(
                "SELECT person_id, unit, held_at, km, hours, sek, kwh, kg_co2 FROM webmeeting")):  # fmt: skip
            add("meeting", held, (unit, None, None, None, None), km=km, hours=hours, sek=sek,
                kwh=kwh, kg_co2=co2)  # fmt: skip
            if person is not None:  # each person's first web meeting per unit
                key = ("first", person, unit or "")
                firsts[key] = min(firsts.get(key, _utc(held)), _utc(held))
        for person, unit, origin, dest, depart, status in conn.execute(text(
                "SELECT person_id, unit, origin, destination, depart_at, status FROM triprecord")):  # fmt: skip
            if status == "booked":
                add("booked", depart, (unit, None, None, origin, dest),
                    anon=1 if person is None else 0)  # fmt: skip
    return {k: dict(v) for k, v in out.items()} | {k: {"at": v} for k, v in firsts.items()}


def rollup(engine) -> dict[tuple, dict[str, float]]:  # noqa: ANN001
    measures = ("n", "travel", "anon", "km", "hours", "sek", "kwh", "kg_co2")
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT kind, grain, day, unit, status, reason, origin, destination, "
            f"{', '.join(measures)} FROM reportrollup WHERE n <> 0")).all()  # fmt: skip
        firsts = conn.execute(text("SELECT person_id, unit, first_at FROM reportfirst")).all()
    out: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        day = r[2] if isinstance(r[2], date) else date.fromisoformat(r[2])
        out[(r[0], r[1], day, *r[3:8])] = {m: v for m, v in zip(measures, r[8:], strict=True) if v}
    return out | {("first", p, u): {"at": _utc(at)} for p, u, at in firsts}


def same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys(), (sorted(set(a) - set(b), key=str)[:5],
                                  sorted(set(b) - set(a), key=str)[:5])  # fmt: skip
    for key in a:
        if key[0] == "first":
            assert a[key] == b[key], key
            continue
        for m in set(a[key]) | set(b[key]):
            assert abs(a[key].get(m, 0) - b[key].get(m, 0)) < 1e-6, (key, m)


def say(app, user: str, words: str, now: datetime, command: bool = True, **kw: Any):  # noqa: ANN001, ANN201
    return app.conversation.handle(
        Inbound("slack", user, "T1", text=words, command=command, locale="sv-SE", **kw), now
    )


def test_the_rollup_is_a_recount_of_the_rows_after_a_full_history(engine) -> None:
    app = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun", RESFRI_ADMINS=h.ADMIN), engine)
    seen = h.build(app, per_person=2)
    assert seen["nudges"] > 300 and seen["travel"] > 50
    now = h.NOW
    # web meetings people report themselves, some replacing a trip
    for user in ("U0001", "U0002", "U0050"):
        assert say(app, user, "höll Mora", now - timedelta(days=3))[0].kind == "decided"
    # bookings from a travel system: made, then some cancelled; and an import
    config = app.conversation.config
    for i in range(12):
        booking = Booking(f"B{i}", None, "Stockholm", date(2025, 11, 3 + i), origin="Falun")
        record_booking(app.repo, config, booking, now - timedelta(days=80))
    for i in range(0, 12, 3):
        booking = Booking(f"B{i}", None, "Stockholm", date(2025, 11, 3 + i), "Falun",
                          status="cancelled")  # fmt: skip
        record_booking(app.repo, config, booking, now - timedelta(days=70))
    ok, _ = import_trips(app.repo, "datum;från;till;enhet\n2025-06-02;Falun;Mora;IT\n"
                                   "2025-06-03;Falun;Mora;\n")  # fmt: skip
    assert ok == 2
    # an admin moves someone without a unit; then people ask to be forgotten
    unitless = h.people()[-1][0]
    assert say(app, h.ADMIN, f"statistik enhet <@{unitless}> IT", now)[0].kind == "info"
    before = rollup(engine)
    for user in ("U0003", "U0004", unitless, "U0100"):
        say(app, user, "glöm mig", now)
        app.conversation.handle(Inbound("slack", user, "T1", choice="forget_confirm",
                                        locale="sv-SE"), now)  # fmt: skip
    with engine.connect() as conn:
        gone = conn.execute(text("SELECT count(*) FROM person WHERE user_id = 'U0003'")).scalar()
    assert gone == 0
    after = rollup(engine)
    same(after, recount(engine))
    # anonymous totals survive forget-me: the same suggestions, web meetings and savings
    for kind, measure in (("made", "n"), ("meeting", "n"), ("meeting", "kg_co2")):
        totals = [sum(v.get(measure, 0) for k, v in r.items() if k[0] == kind and k[1] == "m")
                  for r in (before, after)]  # fmt: skip
        assert abs(totals[0] - totals[1]) < 1e-6 and totals[0] > 0, kind


def test_the_migration_counts_the_rows_already_there(engine) -> None:
    """Going down to before the rollup and up again rebuilds it from the rows alone."""
    from alembic import command

    from storage import db

    app = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun", RESFRI_ADMINS=h.ADMIN), engine)
    for i, (user, unit) in enumerate(h.people()[:40]):
        when = h.START + timedelta(days=9 * i, hours=i % 7)
        [nudge] = [r for r in say(app, user, h.TRIPS[i % 4].format(dest=h.PLACES[i % 8]), when,
                                  command=False, unit=unit) if r.kind == "nudge"]  # fmt: skip
        choice = ("accept", "travel", "not_trip", None)[i % 4]
        if choice:
            app.conversation.handle(Inbound("slack", user, "T1", choice=choice,
                                            suggestion_id=nudge.about, locale="sv-SE"), when)  # fmt: skip
    kept = rollup(engine)
    assert sum(v["n"] for k, v in kept.items() if k[:2] == ("made", "m")) == 40
    command.downgrade(db.alembic_config(engine), "0007")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM suggestion")).scalar() == 40
    db.upgrade(engine)
    same(rollup(engine), kept)
    same(kept, recount(engine))


# --- a running period, and how the change reads ------------------------------------------------

STHLM_OFFSET = timedelta(hours=1)  # Stockholm in winter


def local_utc(y: int, m: int, d: int, hour: int, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=UTC) - STHLM_OFFSET


def test_a_running_period_is_compared_up_to_the_same_time_of_day(engine) -> None:
    app = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun", RESFRI_ADMINS=h.ADMIN), engine)
    users = iter(f"U{i:03d}" for i in range(100))

    def trips(n: int, when: datetime) -> None:
        for _ in range(n):
            replies = say(app, next(users), "Jag åker till Mora på torsdag på ett möte", when,
                          command=False)  # fmt: skip
            assert any(r.kind == "nudge" for r in replies)

    trips(1, local_utc(2026, 1, 1, 9))  # resfri's data begins here: January is compared
    trips(12, local_utc(2026, 2, 3, 9))
    trips(5, local_utc(2026, 2, 3, 14))  # later in the day than "now": not compared
    trips(12, local_utc(2026, 3, 3, 9))
    now = local_utc(2026, 3, 3, 10, 30)
    [card] = say(app, h.ADMIN, "stats", now)
    assert card.text == ("Statistik för hela organisationen, 2026-03-01 – 2026-03-03 (jämfört med "
                         "2026-02-01 – 2026-02-03 fram till kl. 10:30).")  # fmt: skip
    assert dict(card.facts)["Förslag"] == "12 (±0 %)"
    [csv_reply] = say(app, h.ADMIN, "stats csv", now)
    rows = {(r[0], r[2]): r[3:] for r in
            (line.split(",") for line in csv_reply.attachments[0].data.decode().splitlines())}  # fmt: skip
    assert rows["summary", "made"] == ["12", "12", "0"]
    assert rows["period", "until"][:2] == ["2026-03-03T10:30+01:00", "2026-02-03T10:30+01:00"]
    # a whole month in the past is compared whole; January had one suggestion: no percentage
    [card] = say(app, h.ADMIN, "stats förra månaden", now)
    assert dict(card.facts)["Förslag"] == "17 (perioden före: 1)"
    assert "fram till" not in card.text
    # the year before resfri started has no data to compare with: said once, no changes
    [card] = say(app, h.ADMIN, "stats senaste 12 månaderna", now)
    assert card.text.endswith("Ingen jämförelse med 2024-03-04 – 2025-03-03 fram till kl. 10:30: "
                              "resfri har data först från 2026-01-01.")  # fmt: skip
    assert not any("%" in value or "perioden före" in value for _label, value in card.facts[:8])


def test_percentages_never_read_minus_zero() -> None:
    from bot.report_render import change, pct_text

    assert pct_text(-0.3, "sv") == "±0 %" and pct_text(0.4, "en") == "±0%"
    assert pct_text(-12.6, "en") == "−13%" and pct_text(37479.2, "sv") == "+37\u00a0479 %"
    assert change(400, 3, "en") == " (period before: 3)"
    assert change(0, 0, "sv") == ""
