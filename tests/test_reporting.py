"""Admin reports over a year of history built through the core, each figure checked against an
independent plain SQL count of the same rows; privacy folding; refusals; CSV; the PNG chart."""

from __future__ import annotations

import csv
import io
import os
import struct
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import DateTime, bindparam, event, text

from adapters.app import build_app
from bot.messages import Inbound
from bot.report_render import CHART_SIZE, CSV_COLUMNS
from storage import db
from tests import reporting_history as h
from tests.conftest import make_settings

STHLM = ZoneInfo("Europe/Stockholm")


def _fast_sqlite(engine) -> None:  # noqa: ANN001 - test databases need no fsync per commit
    @event.listens_for(engine, "connect")
    def _sync(dbapi_conn, _rec) -> None:  # noqa: ANN001
        dbapi_conn.execute("PRAGMA synchronous=OFF")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory):
    """One history per database kind for the whole module (building it takes a while)."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('rep') / 'r.db'}")
        _fast_sqlite(engine)
        cleanup = engine.dispose
    else:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.skip("TEST_DATABASE_URL not set")
        schema = f"t_{uuid.uuid4().hex[:10]}"
        admin = db.make_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine = db.make_engine(url)

        @event.listens_for(engine, "connect")
        def _path(dbapi_conn, _rec) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute(f"SET search_path TO {schema}")
            cur.close()
            dbapi_conn.commit()

        def cleanup() -> None:
            engine.dispose()
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()

    db.upgrade(engine)
    app = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Falun", RESFRI_ADMINS=h.ADMIN), engine)
    seen = h.build(app, per_person=3)
    yield app, seen
    cleanup()


def q(app, sql: str, **params):  # noqa: ANN001, ANN201
    """A plain SQL query, datetimes bound the way the tables store them."""
    stmt = text(sql).bindparams(
        *[bindparam(k, type_=DateTime(timezone=True)) for k, v in params.items()
          if isinstance(v, datetime)]
    )  # fmt: skip
    with app.engine.connect() as conn:
        return conn.execute(stmt, params).all()


def ask(app, words: str, user: str = h.ADMIN, lang: str = "sv-SE", now: datetime = h.NOW):  # noqa: ANN001, ANN201
    return app.conversation.handle(Inbound("slack", user, "T1", text=words, command=True,
                                           locale=lang), now)  # fmt: skip


def stats_csv(app, words: str) -> dict[tuple[str, str, str], tuple[str, str]]:  # noqa: ANN001
    [reply] = ask(app, f"stats csv {words}")
    [att] = reply.attachments
    assert att.mime == "text/csv" and att.filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(att.data.decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows[1:]}


def local(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=STHLM).astimezone(UTC)


def num(v: str) -> float:
    return float(v) if v else 0.0


# --- every figure against the rows ----------------------------------------------------------


@pytest.mark.parametrize(
    "words,cur,prev",
    [
        ("2025", (local(2025, 1, 1), local(2026, 1, 1)), (local(2024, 1, 1), local(2025, 1, 1))),
        ("förra kvartalet", (local(2025, 10, 1), local(2026, 1, 1)),
         (local(2025, 7, 1), local(2025, 10, 1))),
        ("2025-03-01..2025-05-31", (local(2025, 3, 1), local(2025, 6, 1)),
         (local(2024, 12, 29), local(2025, 3, 1))),
    ],
)  # fmt: skip
def test_every_figure_matches_an_independent_count(world, words, cur, prev) -> None:
    app, seen = world
    assert seen["nudges"] > 500  # the core really made a year of suggestions
    fig = stats_csv(app, words)
    now = h.NOW
    for i, (a, b) in enumerate((cur, prev)):
        statuses = dict(q(app, "SELECT status, count(*) FROM suggestion WHERE created_at >= :a "
                               "AND created_at < :b AND status NOT IN ('draft', 'dropped') "
                               "GROUP BY status", a=a, b=b))  # fmt: skip
        assert num(fig["summary", "all", "made"][i]) == sum(statuses.values())
        for status in ("accepted", "travel", "not_trip", "open"):
            assert num(fig["summary", "all", status][i]) == statuses.get(status, 0), status
        reasons = dict(q(app, "SELECT coalesce(reason, 'none'), count(*) FROM suggestion WHERE "
                              "status = 'travel' AND created_at >= :a AND created_at < :b "
                              "GROUP BY coalesce(reason, 'none')", a=a, b=b))  # fmt: skip
        for reason in ("site_visit", "cannot_join", "technical", "other", "none"):
            assert num(fig["reasons", reason, "travel"][i]) == reasons.get(reason, 0), reason
        [(n, km, hours, sek, kwh, co2)] = q(
            app, "SELECT count(*), sum(km), sum(hours), sum(sek), sum(kwh), sum(kg_co2) FROM "
                 "webmeeting WHERE held_at >= :a AND held_at < :b AND held_at <= :now",
            a=a, b=b, now=now)  # fmt: skip
        assert num(fig["summary", "all", "meetings"][i]) == n
        for metric, v in zip(
            ("km", "hours", "sek", "kwh", "kg_co2"), (km, hours, sek, kwh, co2), strict=True
        ):
            assert num(fig["savings", "all", metric][i]) == pytest.approx(float(v or 0), abs=0.01)
        [(decided,)] = q(app, "SELECT count(*) FROM suggestion WHERE status = 'travel' AND "
                              "source <> 'booking' AND coalesce(trip_date, created_at) >= :a AND "
                              "coalesce(trip_date, created_at) < :b", a=a, b=b)  # fmt: skip
        [(booked,)] = q(app, "SELECT count(*) FROM triprecord WHERE status = 'booked' AND "
                             "depart_at >= :a AND depart_at < :b", a=a, b=b)  # fmt: skip
        assert num(fig["summary", "all", "trips"][i]) == decided + booked
        [(new,)] = q(app, "SELECT count(*) FROM (SELECT person_id, min(held_at) AS f FROM "
                          "webmeeting WHERE person_id IS NOT NULL AND held_at <= :now GROUP BY "
                          "person_id) firsts WHERE f >= :a AND f < :b", a=a, b=b, now=now)  # fmt: skip
        assert num(fig["summary", "all", "new_users"][i]) == new
    [(active,)] = q(app, "SELECT count(DISTINCT person_id) FROM webmeeting WHERE held_at > :a "
                         "AND held_at <= :now", a=now - timedelta(days=30), now=now)  # fmt: skip
    assert num(fig["adoption", "all", "active_30d"][0]) == active
    check_units(app, fig, cur)
    check_routes(app, fig, cur)
    check_coaching(app, fig)


def check_units(app, fig, cur) -> None:  # noqa: ANN001
    sizes = dict(q(app, "SELECT unit, count(*) FROM person WHERE unit IS NOT NULL GROUP BY unit"))
    big = {u for u, n in sizes.items() if n >= 5}
    per_unit = dict(q(app, "SELECT coalesce(unit, ''), count(*) FROM suggestion WHERE "
                           "created_at >= :a AND created_at < :b AND status NOT IN "
                           "('draft', 'dropped') GROUP BY coalesce(unit, '')",
                      a=cur[0], b=cur[1]))  # fmt: skip
    shown = {g for (sec, g, _m) in fig if sec == "units"}
    assert shown == big | {"övrigt"}  # Ekonomi (3) and Räddningstjänsten (2) are not named
    for unit in big:
        assert num(fig["units", unit, "suggested"][0]) == per_unit.get(unit, 0)
        assert num(fig["units", unit, "people"][0]) == sizes[unit]
    other = sum(n for u, n in per_unit.items() if u not in big)
    assert num(fig["units", "övrigt", "suggested"][0]) == other


def check_routes(app, fig, cur) -> None:  # noqa: ANN001
    rows = q(app, "SELECT origin, destination, count(*), sum(CASE WHEN status = 'travel' THEN 1 "
                  "ELSE 0 END), count(DISTINCT person_id) FROM suggestion WHERE created_at >= :a "
                  "AND created_at < :b AND status NOT IN ('draft', 'dropped') AND destination IS "
                  "NOT NULL GROUP BY origin, destination", a=cur[0], b=cur[1])  # fmt: skip
    routes = {f"{o} → {d}": (n, t, p) for o, d, n, t, p in rows}
    shown = {g for (sec, g, _m) in fig if sec == "routes"} - {"övrigt"}
    assert shown and len(shown) <= 5
    for route in shown:
        n, t, people = routes[route]
        assert people >= 5
        assert num(fig["routes", route, "suggested"][0]) == n
        assert num(fig["routes", route, "travelled"][0]) == t
    total = sum(n for n, _t, _p in routes.values())
    assert sum(num(fig["routes", g, "suggested"][0]) for g in shown | {"övrigt"}
               if ("routes", g, "suggested") in fig) == total  # fmt: skip


def check_coaching(app, fig) -> None:  # noqa: ANN001
    [(enrolled,)] = q(app, "SELECT count(DISTINCT person_id) FROM checkin")
    total = sum(num(v[0]) for (sec, _g, m), v in fig.items()
                if sec == "coaching" and m == "enrolled")  # fmt: skip
    assert total == enrolled
    [(coach1, struggling, answered)] = q(
        app,
        """
        SELECT count(*), sum(CASE WHEN bad IS NOT NULL AND (good IS NULL OR bad >= good)
                                  THEN 1 ELSE 0 END),
               sum(CASE WHEN answered > 0 THEN 1 ELSE 0 END)
        FROM person p JOIN (
            SELECT person_id, count(answered_at) AS answered,
                   max(CASE WHEN outcome IN ('trouble', 'failed') THEN number END) AS bad,
                   max(CASE WHEN outcome = 'well' THEN number END) AS good
            FROM checkin GROUP BY person_id) c ON c.person_id = p.id
        WHERE p.coach_id = (SELECT id FROM person WHERE user_id = 'U_COACH1')""",
    )
    assert num(fig["coaching", "<@U_COACH1>", "enrolled"][0]) == coach1
    assert num(fig["coaching", "<@U_COACH1>", "struggling"][0]) == struggling
    assert num(fig["coaching", "<@U_COACH1>", "checked_in"][0]) == answered
    assert not any(g == "<@U_COACH2>" for (_s, g, _m) in fig)  # 3 people: folded


# --- privacy, refusals, bad input -------------------------------------------------------------


def test_no_individual_in_the_card_and_small_units_are_other(world) -> None:
    app, _ = world
    [card] = ask(app, "stats 2025")
    shown = card.as_text()
    assert "Socialtjänsten" in shown and "övrigt" in shown
    assert "Ekonomi" not in shown and "Räddningstjänsten" not in shown
    assert "<@U0" not in shown and "U00" not in shown  # no person, only a coach with 5+ people
    [small] = ask(app, "stats 2025 Ekonomi")
    assert small.kind == "error" and "färre än 5" in small.text
    [other] = ask(app, "stats 2025 övrigt")
    assert other.kind == "report" and "övriga" in other.text


def test_a_unit_report_counts_that_unit_only(world) -> None:
    app, _ = world
    [card] = ask(app, "stats förra kvartalet Skolförvaltningen", lang="en-GB")
    [(n,)] = q(app, "SELECT count(*) FROM suggestion WHERE unit = 'Skolförvaltningen' AND "
                    "created_at >= :a AND created_at < :b AND status NOT IN ('draft', 'dropped')",
               a=local(2025, 10, 1), b=local(2026, 1, 1))  # fmt: skip
    assert card.text.startswith("Statistics for Skolförvaltningen, 2025-10-01 – 2025-12-31")
    assert dict(card.facts)["Suggestions"].split(" (")[0] == str(n)


def test_non_admin_is_refused_and_nothing_changes(world) -> None:
    app, _ = world
    before = q(app, "SELECT key, value FROM setting ORDER BY key")
    units_before = q(app, "SELECT user_id, unit FROM person ORDER BY id")
    for words in (
        "stats",
        "statistik 2025",
        "stats csv",
        "stats chart",
        "stats target -20% 2027",
        "stats baseline 2011 4200",
        "stats adoption-target 50",
        "stats unit U0001 IT",
    ):
        [reply] = ask(app, words, user="U0001")
        assert reply.kind == "error" and reply.text == "Det kommandot är bara för administratörer."
        assert not reply.attachments
    assert q(app, "SELECT key, value FROM setting ORDER BY key") == before
    assert q(app, "SELECT user_id, unit FROM person ORDER BY id") == units_before


def test_a_period_that_cannot_be_read_says_what_was_understood(world) -> None:
    app, _ = world
    [reply] = ask(app, "stats förra tisdagen i juli 1850")
    assert reply.kind == "error"
    assert '"förra tisdagen i juli 1850"' in reply.text and '"juli 1850"' in reply.text
    assert "1850-07-01" in reply.text and "förra kvartalet" in reply.text
    [reply] = ask(app, "stats 2030", lang="en-GB")
    assert reply.kind == "error" and "hasn't started yet" in reply.text


def test_an_unknown_unit_lists_the_known_ones(world) -> None:
    app, _ = world
    [reply] = ask(app, "stats förra månaden Brandkåren")
    assert reply.kind == "error" and '"Brandkåren"' in reply.text
    assert "Socialtjänsten" in reply.text and "Ekonomi" not in reply.text


def test_chart_is_a_real_png_of_the_expected_size(world) -> None:
    app, _ = world
    [reply] = ask(app, "stats diagram 2025")
    [att] = reply.attachments
    assert att.mime == "image/png" and att.filename.endswith(".png")
    assert att.data[:8] == b"\x89PNG\r\n\x1a\n" and att.data[12:16] == b"IHDR"
    assert struct.unpack(">II", att.data[16:24]) == CHART_SIZE
    from PIL import Image

    image = Image.open(io.BytesIO(att.data))
    image.verify()
    assert image.size == CHART_SIZE


def test_empty_database(app) -> None:
    [reply] = app.conversation.handle(
        Inbound("slack", h.ADMIN, text="stats", command=True, locale="en-GB"), h.NOW
    )
    assert reply.kind == "report" and reply.text.startswith("Nothing is recorded yet")
