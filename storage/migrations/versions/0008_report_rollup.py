"""report rollup: daily totals the admin report reads instead of scanning a year of rows

`reportrollup` holds, per kind and UTC day (grain 'd') and again per UTC month (grain 'm', day =
the 1st), the counts and sums the report groups by (unit, status, reason, route). Database triggers keep it in the same transaction as every insert, update
and delete of a suggestion, web meeting or trip record, whichever code path writes them (the
conversation, bookings, imports, forget-me, an admin moving people between units). The rows
already present are counted into it here. Key columns hold '' for NULL (a unit, reason or origin
that is not known). What the report reads from it: bot/report_rollup.py, docs/reporting.md.

`reportfirst` holds each person's first web meeting per unit (new users: whose first web meeting
falls in a period), kept by the same triggers. The indexes serve what must stay per person:
recomputing that first meeting, and whether a route has at least 5 distinct people.

This file is a frozen copy of the rollup's definition: a later change gets its own migration that
drops and recreates the triggers (tests/test_migrations.py checks they exist at head).

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

KEY = ("kind", "grain", "day", "unit", "status", "reason", "origin", "destination")
GRAINS = ("d", "m")
MEASURES = ("n", "travel", "anon", "km", "hours", "sek", "kwh", "kg_co2")
NOT_MADE = "('draft', 'dropped')"

# (table, kind, when, where, {key column: expression}, {measure: expression}); {r} is the row.
KINDS = [
    ("suggestion", "made", "{r}.created_at", f"{{r}}.status NOT IN {NOT_MADE}",
     {"unit": "{r}.unit", "status": "{r}.status", "reason": "{r}.reason"}, {"n": "1"}),
    ("suggestion", "route", "{r}.created_at",
     f"{{r}}.status NOT IN {NOT_MADE} AND {{r}}.destination IS NOT NULL",
     {"unit": "{r}.unit", "origin": "{r}.origin", "destination": "{r}.destination"},
     {"n": "1", "travel": "CASE WHEN {r}.status = 'travel' THEN 1 ELSE 0 END",
      "anon": "CASE WHEN {r}.person_id IS NULL THEN 1 ELSE 0 END"}),
    ("suggestion", "recurring", "{r}.created_at",
     f"{{r}}.recurring AND {{r}}.status NOT IN {NOT_MADE} AND {{r}}.destination IS NOT NULL",
     {"unit": "{r}.unit", "destination": "{r}.destination"},
     {"n": "1", "travel": "CASE WHEN {r}.status = 'travel' THEN 1 ELSE 0 END",
      "anon": "CASE WHEN {r}.person_id IS NULL THEN 1 ELSE 0 END"}),
    # decided travel, by the trip's date (else its creation); a booking's trip record counts it
    ("suggestion", "trip", "coalesce({r}.trip_date, {r}.created_at)",
     "{r}.status = 'travel' AND {r}.source <> 'booking'", {"unit": "{r}.unit"}, {"n": "1"}),
    ("webmeeting", "meeting", "{r}.held_at", "1 = 1", {"unit": "{r}.unit"},
     {"n": "1", "km": "{r}.km", "hours": "{r}.hours", "sek": "{r}.sek", "kwh": "{r}.kwh",
      "kg_co2": "{r}.kg_co2"}),
    ("triprecord", "booked", "{r}.depart_at", "{r}.status = 'booked'",
     {"unit": "{r}.unit", "origin": "{r}.origin", "destination": "{r}.destination"},
     {"n": "1", "anon": "CASE WHEN {r}.person_id IS NULL THEN 1 ELSE 0 END"}),
]
TABLES = ("suggestion", "webmeeting", "triprecord")

INDEXES = [
    # whether a route / recurring meeting / booked route has 5 distinct people in a period
    ("ix_report_suggestion_route", "suggestion",
     ["origin", "destination", "created_at", "person_id", "status", "unit"]),
    ("ix_report_suggestion_recurring", "suggestion",
     ["destination", "created_at", "person_id", "status", "unit"]),  # partial: recurring only
    ("ix_report_triprecord_route", "triprecord",
     ["origin", "destination", "depart_at", "person_id", "status", "unit"]),
    # a person's first web meeting within a unit (new users of one unit)
    ("ix_report_webmeeting_first", "webmeeting", ["person_id", "unit", "held_at"]),
]


def _day(when: str, dialect: str, grain: str) -> str:
    # SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff" in UTC; PostgreSQL a timestamptz
    if dialect == "sqlite":
        return f"substr({when}, 1, 10)" if grain == "d" else f"substr({when}, 1, 7) || '-01'"
    utc = f"(({when}) AT TIME ZONE 'UTC')"
    return f"{utc}::date" if grain == "d" else f"date_trunc('month', {utc})::date"


def _values(kind: tuple, r: str, dialect: str, grain: str, sign: str = "") -> list[str]:
    """The rollup row one table row adds (sign '') or takes away (sign '-')."""
    _table, name, when, _where, keys, measures = kind
    cols = [f"'{name}'", f"'{grain}'", _day(when.format(r=r), dialect, grain)]
    cols += [f"coalesce({keys[k].format(r=r)}, '')" if k in keys else "''" for k in KEY[3:]]
    cols += [f"{sign}({measures[m].format(r=r)})" if m in measures else "0" for m in MEASURES]
    return cols


def _upsert(kind: tuple, r: str, dialect: str, sign: str) -> str:
    """One statement adding a row's day and month to the rollup (nothing when `where` is false)."""
    where = kind[3].format(r=r)
    adds = ", ".join(f"{m} = reportrollup.{m} + excluded.{m}" for m in MEASURES)
    rows = " UNION ALL ".join(
        f"SELECT {', '.join(_values(kind, r, dialect, grain, sign))} WHERE {where}"
        for grain in GRAINS
    )
    return (f"INSERT INTO reportrollup ({', '.join(KEY + MEASURES)}) {rows} "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {adds};")


def _backfill(kind: tuple, dialect: str, grain: str) -> str:
    table, _name, _when, where, _keys, _measures = kind
    cols = _values(kind, "r", dialect, grain)
    sums = [f"sum({c})" for c in cols[len(KEY):]]
    groups = ", ".join(str(i + 1) for i in range(len(KEY)))
    return (f"INSERT INTO reportrollup ({', '.join(KEY + MEASURES)}) "
            f"SELECT {', '.join(cols[:len(KEY)] + sums)} FROM {table} r "
            f"WHERE {where.format(r='r')} GROUP BY {groups}")


def _first(r: str) -> str:
    """Recount the first web meeting of row r's person in r's unit (none left: no row)."""
    unit = "coalesce({r}.unit, '')"
    return (f"DELETE FROM reportfirst WHERE person_id = {r}.person_id AND unit = {unit.format(r=r)}; "
            f"INSERT INTO reportfirst (person_id, unit, first_at) SELECT w.person_id, "
            f"coalesce(w.unit, ''), min(w.held_at) FROM webmeeting w WHERE w.person_id = "
            f"{r}.person_id AND {unit.format(r='w')} = {unit.format(r=r)} GROUP BY 1, 2 "
            f"ON CONFLICT (person_id, unit) DO UPDATE SET first_at = excluded.first_at;")


def _first_insert(least: str) -> str:
    """A new web meeting can only move its person's first one earlier (safe when concurrent)."""
    return ("INSERT INTO reportfirst (person_id, unit, first_at) SELECT NEW.person_id, "
            "coalesce(NEW.unit, ''), NEW.held_at WHERE NEW.person_id IS NOT NULL ON CONFLICT "
            f"(person_id, unit) DO UPDATE SET first_at = {least}(reportfirst.first_at, "
            "excluded.first_at);")


def _sqlite_triggers(table: str) -> list[str]:
    kinds = [k for k in KINDS if k[0] == table]
    columns = sorted({c for k in kinds for part in (k[2], k[3], *k[4].values(), *k[5].values())
                      for c in _columns(part)})
    meetings = table == "webmeeting"
    columns += ["person_id"] if meetings else []  # who held it: their first web meeting
    body = {
        "INSERT": [_upsert(k, "NEW", "sqlite", "") for k in kinds]
        + ([_first_insert("min")] if meetings else []),
        "DELETE": [_upsert(k, "OLD", "sqlite", "-") for k in kinds]
        + ([_first("OLD")] if meetings else []),
        f"UPDATE OF {', '.join(columns)}": [_upsert(k, "OLD", "sqlite", "-") for k in kinds]
        + [_upsert(k, "NEW", "sqlite", "") for k in kinds]
        + ([_first("OLD"), _first("NEW")] if meetings else []),
    }
    return [f"CREATE TRIGGER reportrollup_{table}_{event.split()[0].lower()} AFTER {event} "
            f"ON {table} FOR EACH ROW BEGIN {' '.join(stmts)} END" for event, stmts in body.items()]


def _columns(expr: str) -> list[str]:
    import re

    return re.findall(r"\{r\}\.(\w+)", expr)


def _postgres_trigger(table: str) -> list[str]:
    kinds = [k for k in KINDS if k[0] == table]
    changed = []
    for k in kinds:  # an update that leaves a kind's row the same touches (locks) nothing
        old = ", ".join(_values(k, "OLD", "postgresql", "d") + [f"({k[3].format(r='OLD')})"])
        new = ", ".join(_values(k, "NEW", "postgresql", "d") + [f"({k[3].format(r='NEW')})"])
        changed.append(f"IF ROW({old}) IS DISTINCT FROM ROW({new}) THEN "
                       f"{_upsert(k, 'OLD', 'postgresql', '-')} "
                       f"{_upsert(k, 'NEW', 'postgresql', '')} END IF;")
    inserts = " ".join(_upsert(k, "NEW", "postgresql", "") for k in kinds)
    deletes = " ".join(_upsert(k, "OLD", "postgresql", "-") for k in kinds)
    if table == "webmeeting":
        inserts += " " + _first_insert("least")
        deletes += " " + _first("OLD")
        changed.append("IF ROW(OLD.person_id, OLD.unit, OLD.held_at) IS DISTINCT FROM "
                       f"ROW(NEW.person_id, NEW.unit, NEW.held_at) THEN {_first('OLD')} "
                       f"{_first('NEW')} END IF;")
    return [
        f"CREATE FUNCTION reportrollup_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {inserts} ELSIF TG_OP = 'DELETE' THEN {deletes} "
        f"ELSE {' '.join(changed)} END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER reportrollup_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION reportrollup_{table}()",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "reportrollup",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("grain", sa.String(length=1), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *[sa.Column(k, sa.String(length=128), nullable=False, server_default="") for k in KEY[3:]],
        *[sa.Column(m, sa.Integer(), nullable=False, server_default="0") for m in MEASURES[:3]],
        *[sa.Column(m, sa.Float(), nullable=False, server_default="0") for m in MEASURES[3:]],
        sa.PrimaryKeyConstraint(*KEY, name="pk_reportrollup"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "reportfirst",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=128), nullable=False, server_default=""),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "unit", name="pk_reportfirst"),
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO reportfirst (person_id, unit, first_at) SELECT person_id, "
               "coalesce(unit, ''), min(held_at) FROM webmeeting WHERE person_id IS NOT NULL "
               "GROUP BY 1, 2")
    for name, table, columns in INDEXES:
        partial = {"sqlite_where": sa.text("recurring = 1"), "postgresql_where": sa.text("recurring")}
        op.create_index(name, table, columns, **(partial if "recurring" in name else {}))
    for kind in KINDS:
        for grain in GRAINS:
            op.execute(_backfill(kind, dialect, grain))
    for table in TABLES:
        for stmt in _sqlite_triggers(table) if dialect == "sqlite" else _postgres_trigger(table):
            op.execute(stmt)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "sqlite":
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS reportrollup_{table}_{event}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS reportrollup_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS reportrollup_{table}()")
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("reportrollup")
    op.drop_table("reportfirst")
