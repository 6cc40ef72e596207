"""How long `/resfri stats` takes over 1,000,000 suggestions, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_stats.py [--rows 1000000] [--pg postgresql://postgres@127.0.0.1:5432/test]

Builds a year of history (people in units, suggestions with decisions, web meetings for the
accepted ones, booked trips, check-ins) and lets migration 0008 count it into the report rollup,
then times the whole command through the conversation
core as an admin, for several periods, beside a plain SQL aggregate over the same rows. Target:
under 300 ms each. The SQLite file is kept in /tmp between runs of the same size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import event, insert, text
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.app import build_app  # noqa: E402
from adapters.config import Settings  # noqa: E402
from bot.messages import Inbound  # noqa: E402
from storage import db  # noqa: E402
from storage.models import CheckIn, Person, Suggestion, TripRecord, WebMeeting  # noqa: E402

START = datetime(2025, 3, 1, tzinfo=UTC)
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # the admin asks on the morning of 1 March 2026
UNITS = ["Socialtjänsten", "Skolförvaltningen", "Samhällsbyggnad", "Kultur och fritid",
         "Ekonomi", "Vård och omsorg", "IT", "HR", "Kommunledning", "Räddningstjänsten",
         "Miljö", "Teknik"]  # fmt: skip
PLACES = ["Stockholm", "Göteborg", "Uppsala", "Borlänge", "Mora", "Karlstad", "Örebro",
          "Gävle", "Västerås", "Malmö", "Ludvika", "Avesta"]  # fmt: skip
PERIODS = ["", "förra månaden", "förra kvartalet", "senaste 30 dagarna", "senaste 12 månaderna"]


def chunks(rows: Iterator[dict], size: int = 20_000) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def populate(engine: Engine, n: int, people: int = 3000) -> None:
    rnd = random.Random(7)
    span = int((NOW - START).total_seconds())
    with engine.begin() as conn:
        conn.execute(insert(Person.__table__), [
            {"platform": "slack", "team_id": "T1", "user_id": f"U{i:05d}",
             "unit": UNITS[i % len(UNITS)] if i % 50 else None, "roles": "", "opted_out": False,
             "address_stale": False, "created_at": START, "coach_id": None}
            for i in range(1, people + 1)
        ])  # fmt: skip
        conn.execute(text("UPDATE person SET roles = 'coach' WHERE id <= 20"))
        conn.execute(text("UPDATE person SET coach_id = 1 + (id % 20) WHERE id > 20"))

    def suggestions() -> Iterator[dict]:
        for i in range(n):
            created = START + timedelta(seconds=rnd.randrange(span))
            pid = rnd.randrange(1, people + 1)
            r = rnd.random()
            status = (
                "accepted"
                if r < 0.35
                else "travel"
                if r < 0.6
                else "not_trip"
                if r < 0.7
                else "open"
            )
            km = rnd.uniform(20, 900)
            dest = PLACES[rnd.randrange(len(PLACES))]
            yield {
                "person_id": pid, "unit": UNITS[pid % len(UNITS)] if pid % 50 else None,
                "created_at": created, "source": "chat", "kind": "travel", "origin": "Falun",
                "destination": dest, "trip_date": created + timedelta(days=rnd.randrange(1, 20)),
                "has_time": False, "trip_key": f"{i}", "mode": "car", "mode_assumed": True,
                "participants": 1, "recurring": rnd.random() < 0.1, "km": km,
                "hours": km / 80, "sek": km * 6.5, "kwh": km * 0.6, "kg_co2": km * 0.12,
                "factor_set": "SE-2024", "status": status,
                "reason": rnd.choice(["site_visit", "cannot_join", "technical", "other"])
                if status == "travel" else None,
                "decided_at": created + timedelta(hours=1) if status != "open" else None,
            }  # fmt: skip

    sid = 0
    for batch in chunks(suggestions()):  # a transaction per batch, as writes come in production
        with engine.begin() as conn:
            conn.execute(insert(Suggestion.__table__), batch)
            meetings = [
                {"person_id": row["person_id"], "suggestion_id": sid + k + 1, "unit": row["unit"],
                 "held_at": row["trip_date"], "source": "suggestion", "km": row["km"],
                 "hours": row["hours"], "sek": row["sek"], "kwh": row["kwh"], "kg_co2": row["kg_co2"]}
                for k, row in enumerate(batch) if row["status"] == "accepted"
            ]  # fmt: skip
            conn.execute(insert(WebMeeting.__table__), meetings)
            sid += len(batch)
    with engine.begin() as conn:
        trips = [
            {"source": "import", "reference": f"R{i}", "unit": UNITS[i % len(UNITS)],
             "origin": "Falun", "destination": PLACES[i % len(PLACES)],
             "depart_at": START + timedelta(seconds=rnd.randrange(span)), "mode": "car",
             "status": "booked", "km": 300.0, "kg_co2": 40.0, "sek": 2000.0}
            for i in range(n // 10)
        ]  # fmt: skip
        for batch in chunks(iter(trips)):
            conn.execute(insert(TripRecord.__table__), batch)
        conn.execute(insert(CheckIn.__table__), [
            {"person_id": p, "number": k, "asked_at": NOW - timedelta(days=10),
             "answered_at": NOW - timedelta(days=9) if (p + k) % 3 else None,
             "outcome": ("well", "trouble", "failed")[(p * k) % 3] if (p + k) % 3 else None}
            for p in range(21, people + 1, 3) for k in (1, 2, 3)
        ])  # fmt: skip
        conn.execute(text("INSERT INTO setting (key, value, updated_at) VALUES "
                          "('report.baseline', '{\"year\": 2011, \"trips\": 420000}', :now), "
                          "('report.targets', '[{\"year\": 2027, \"pct\": -20}]', :now), "
                          "('report.adoption_target', '900', :now)"), {"now": NOW})  # fmt: skip


def plain_sql(engine: Engine, start: datetime, end: datetime) -> float:
    stmt = text("SELECT status, count(*), sum(km), sum(kg_co2) FROM suggestion "
                "WHERE created_at >= :a AND created_at < :b GROUP BY status")  # fmt: skip

    def run() -> None:
        with engine.connect() as conn:
            conn.execute(stmt, {"a": start, "b": end}).all()

    return timed(run)


def timed(fn, repeat: int = 5) -> float:  # noqa: ANN001
    fn()  # warm the caches the way a running server has them warm
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def bench(name: str, engine: Engine, rows: int, fresh: bool) -> bool:
    if fresh:
        # Rows go in before the rollup exists and migration 0008 counts them, as on a database
        # upgraded with a year of data (its triggers would take many minutes for 1,000,000 rows
        # written in bulk; tests/test_reporting_rollup.py shows both ways give the same rollup).
        db.upgrade(engine, ScriptDirectory.from_config(db.alembic_config(engine))
                   .get_revision("0008").down_revision)  # fmt: skip
        t0 = time.perf_counter()
        populate(engine, rows)
        print(f"{name}: built {rows:,} suggestions in {time.perf_counter() - t0:.0f} s")
        t0 = time.perf_counter()
        db.upgrade(engine)
        took = time.perf_counter() - t0
        print(f"{name}: migration 0008 counted them into the rollup in {took:.0f} s")
        with engine.connect() as conn:  # what autovacuum does on a live PostgreSQL
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
            )
    else:  # a database from an older run: the upgrade counts its rows into the rollup
        before, t0 = db.current_revision(engine), time.perf_counter()
        db.upgrade(engine)
        if before != db.current_revision(engine):
            took = time.perf_counter() - t0
            print(f"{name}: upgraded {before} -> {db.current_revision(engine)} in {took:.0f} s")
    app = build_app(Settings(_env_file=None, RESFRI_ADMINS="U_ADMIN"), engine)  # type: ignore[call-arg]
    from bot.periods import read_period
    from bot.turn import zone

    tz = zone("Europe/Stockholm", "UTC")
    ok = True
    print(f"{name}: {'period':<24} {'stats':>9} {'plain SQL':>10}  suggestions in period")
    for words in PERIODS:
        inbound = Inbound("slack", "U_ADMIN", "T1", text=f"stats {words}".strip(), command=True,
                          locale="sv-SE")  # fmt: skip
        replies = app.conversation.handle(inbound, NOW)
        assert replies and replies[0].kind == "report", replies[0].as_text()
        ms = timed(lambda inbound=inbound: app.conversation.handle(inbound, NOW))
        start, end, _, _ = read_period(words, NOW.astimezone(tz).date()).utc(tz)
        plain = plain_sql(engine, start, end)
        made = replies[0].facts[0][1]
        ok &= ms < 300
        flag = "" if ms < 300 else "  <-- over 300 ms"
        print(f"{name}: {words or '(denna månad)':<24} {ms:7.1f} ms {plain:7.1f} ms  {made}{flag}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    args = ap.parse_args()
    ok = True
    if args.only != "postgresql":
        path = Path(f"/tmp/resfri-bench-stats-{args.rows}.db")
        fresh = not path.exists()
        engine = db.make_engine(f"sqlite:///{path}")
        try:
            ok &= bench("sqlite", engine, args.rows, fresh)
        except BaseException:
            if fresh:
                path.unlink(missing_ok=True)
            raise
    if args.only != "sqlite":
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = db.make_engine(args.pg)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine = db.make_engine(args.pg)

        @event.listens_for(engine, "connect")
        def _path(dbapi_conn, _rec) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute(f"SET search_path TO {schema}")
            cur.close()
            dbapi_conn.commit()

        try:
            ok &= bench("postgresql", engine, args.rows, True)
        finally:
            engine.dispose()
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    print("all under 300 ms" if ok else "SOME OVER 300 ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
