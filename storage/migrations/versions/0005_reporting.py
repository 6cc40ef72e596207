"""reporting: covering indexes for the admin report's aggregates

The report groups suggestions, web meetings and trips by period, status, unit and route. These
indexes hold every column those queries read, so each aggregate is an index range scan without
visiting the table (SQLite and PostgreSQL index-only scans). See bench/bench_stats.py.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

INDEXES = [
    # counts by status/reason/unit, routes and recurring meetings of suggestions made in a period
    ("ix_report_suggestion", "suggestion",
     ["created_at", "status", "reason", "unit", "recurring", "destination", "origin", "person_id"]),
    # trips: suggestions decided as travel, by the trip's date
    ("ix_report_suggestion_trip", "suggestion", ["status", "trip_date", "created_at", "source", "unit"]),
    # savings of web meetings held in a period
    ("ix_report_webmeeting", "webmeeting",
     ["held_at", "unit", "person_id", "km", "hours", "sek", "kwh", "kg_co2"]),
    # first web meeting per person (new users), and meetings per person
    ("ix_report_webmeeting_person", "webmeeting", ["person_id", "held_at"]),
    # booked trips in a period, by unit and route
    ("ix_report_triprecord", "triprecord",
     ["depart_at", "status", "unit", "destination", "origin", "person_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
