"""Database tables (sqlmodel). Message text is never stored: only the fields understanding extracted.

Times are aware UTC datetimes (sqlmodel stores them as UTC); a person's time zone applies only at
the edges, when a time is shown or understood.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Person(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "team_id", "user_id", name="uq_person_platform"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)  # slack | teams | console | web
    team_id: str = Field(default="", max_length=64)  # Slack workspace / Teams tenant
    user_id: str = Field(max_length=128)  # the platform's user id
    email: str | None = Field(default=None, max_length=254, index=True)  # matches people across sources
    name: str | None = Field(default=None, max_length=128)  # display name the platform reports
    lang: str | None = Field(default=None, max_length=2)  # sv | en, chosen by the person
    locale: str | None = Field(default=None, max_length=16)  # what the platform reports
    timezone: str | None = Field(default=None, max_length=64)
    home_name: str | None = Field(default=None, max_length=128)
    home_lat: float | None = None
    home_lon: float | None = None
    home_country: str | None = Field(default=None, max_length=2)
    unit: str | None = Field(default=None, max_length=128, index=True)
    roles: str = Field(default="", max_length=64)  # comma-separated: admin, coach
    coach_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    paused_until: datetime | None = None
    opted_out: bool = False
    pending: str | None = Field(default=None, max_length=64)  # question awaiting an answer, e.g. "where:12"
    address: str | None = Field(default=None, sa_column=Column(Text))  # JSON: how to reach them proactively
    address_stale: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Suggestion(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("person_id", "trip_key", name="uq_suggestion_trip"),
        Index("ix_suggestion_created_status", "created_at", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    unit: str | None = Field(default=None, max_length=128)  # copied so reports survive forget-me
    created_at: datetime = Field(default_factory=utcnow)
    source: str = Field(default="chat", max_length=16)  # chat | calendar | booking
    kind: str | None = Field(default=None, max_length=16)
    origin: str | None = Field(default=None, max_length=128)
    destination: str | None = Field(default=None, max_length=128)
    trip_date: datetime | None = None  # local date-time of the trip (midnight when no time)
    has_time: bool = False
    trip_key: str | None = Field(default=None, max_length=200)  # person+destination+day: one trip, one nudge
    mode: str | None = Field(default=None, max_length=8)
    mode_assumed: bool = True
    participants: int = 1
    recurring: bool = False
    km: float = 0.0
    hours: float = 0.0
    sek: float = 0.0
    kwh: float = 0.0
    kg_co2: float = 0.0
    factor_set: str = Field(default="", max_length=32)
    status: str = Field(default="open", max_length=16, index=True)  # open | accepted | travel | not_trip
    reason: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = None
    message_ref: str | None = Field(default=None, max_length=256)  # platform message to update


class WebMeeting(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    suggestion_id: int | None = Field(default=None, foreign_key="suggestion.id")
    unit: str | None = Field(default=None, max_length=128)
    held_at: datetime = Field(index=True)  # when the meeting happens (UTC)
    source: str = Field(default="suggestion", max_length=16)  # suggestion | reported
    km: float = 0.0
    hours: float = 0.0
    sek: float = 0.0
    kwh: float = 0.0
    kg_co2: float = 0.0


class EventLog(SQLModel, table=True):
    """Append-only record of what happened; person_id is cleared when a person is forgotten."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    type: str = Field(max_length=32, index=True)  # suggested, accepted, declined, not_trip, ...
    person_id: int | None = Field(default=None, index=True)
    unit: str | None = Field(default=None, max_length=128)
    suggestion_id: int | None = None
    data: str | None = Field(default=None, sa_column=Column(Text))  # JSON of figures, never text


class ProcessedEvent(SQLModel, table=True):
    """Deduplication of platform deliveries (Slack event_id, Teams activity id)."""

    key: str = Field(primary_key=True, max_length=200)
    at: datetime = Field(default_factory=utcnow)


class Outbox(SQLModel, table=True):
    """Work that falls due: check-ins, reminders, digests. Rows are the truth, claimed atomically."""

    __table_args__ = (Index("ix_outbox_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # checkin | coach_reminder | digest | congratulate | ...
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    ref_id: int | None = None  # e.g. the check-in or web meeting it is about
    due_at: datetime
    status: str = Field(default="due", max_length=16)  # due | claimed | sent | failed | cancelled
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    sent_at: datetime | None = None
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    payload: str | None = Field(default=None, sa_column=Column(Text))  # JSON


class CheckIn(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="webmeeting.id")
    number: int = 1  # first, second, third web meeting
    asked_at: datetime | None = None
    outcome: str | None = Field(default=None, max_length=16)  # well | trouble | failed
    difficulty: str | None = Field(default=None, max_length=32)  # sound | picture | connecting | ...
    next_step: str | None = Field(default=None, max_length=32)  # chosen from a list, not free text
    answered_at: datetime | None = None
    coach_notified_at: datetime | None = None


class CoachUnit(SQLModel, table=True):
    """A coach assigned to a whole unit (people in it without a personal coach get this one)."""

    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="person.id", index=True)
    unit: str = Field(max_length=128, unique=True)


class Setting(SQLModel, table=True):
    """Organisation settings an admin sets: baseline, targets, adoption target, enrolment units."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class TripRecord(SQLModel, table=True):
    """A trip that actually happened (travel booking, expense import): what the baseline compares."""

    __table_args__ = (UniqueConstraint("source", "reference", name="uq_trip_source_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=32)  # booking | import
    reference: str = Field(max_length=128)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    unit: str | None = Field(default=None, max_length=128)
    origin: str | None = Field(default=None, max_length=128)
    destination: str | None = Field(default=None, max_length=128)
    depart_at: datetime = Field(index=True)
    mode: str | None = Field(default=None, max_length=8)
    status: str = Field(default="booked", max_length=16)  # booked | cancelled
    km: float = 0.0
    kg_co2: float = 0.0
    sek: float = 0.0


class SlackInstallation(SQLModel, table=True):
    """bolt's installation store, one row per workspace (latest install wins)."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=64)
    enterprise_id: str | None = Field(default=None, max_length=64)
    team_id: str | None = Field(default=None, max_length=64, index=True)
    user_id: str | None = Field(default=None, max_length=64)
    is_enterprise_install: bool = False
    installed_at: datetime = Field(default_factory=utcnow)
    data: str = Field(sa_column=Column(Text, nullable=False))  # bolt Installation as JSON


class SlackOAuthState(SQLModel, table=True):
    state: str = Field(primary_key=True, max_length=128)
    expires_at: datetime


class CalendarSubscription(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    graph_id: str = Field(max_length=128, unique=True)
    resource: str = Field(max_length=256)
    user_upn: str | None = Field(default=None, max_length=254)
    expires_at: datetime
    delta_link: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default="active", max_length=16)


class IcsFeed(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=1000)
    owner_email: str | None = Field(default=None, max_length=254)
    last_polled_at: datetime | None = None
    etag: str | None = Field(default=None, max_length=200)


class ReportRollup(SQLModel, table=True):
    """Per kind and UTC day (and month), the counts and sums the admin report groups by. Database
    triggers (migration 0008) keep it with every write of a suggestion, web meeting or trip record,
    so no code path can forget it; '' stands for NULL in the key columns. Read by bot/report_rollup."""

    __table_args__ = {"sqlite_with_rowid": False}

    kind: str = Field(primary_key=True, max_length=16)  # made | route | recurring | trip | meeting | booked
    grain: str = Field(primary_key=True, max_length=1)  # d: a day | m: a month (day = the 1st)
    day: date = Field(primary_key=True)
    unit: str = Field(default="", primary_key=True, max_length=128)
    status: str = Field(default="", primary_key=True, max_length=128)
    reason: str = Field(default="", primary_key=True, max_length=128)
    origin: str = Field(default="", primary_key=True, max_length=128)
    destination: str = Field(default="", primary_key=True, max_length=128)
    n: int = 0
    travel: int = 0  # of which decided as travel
    anon: int = 0  # of which without a person (forgotten, imported)
    km: float = 0.0
    hours: float = 0.0
    sek: float = 0.0
    kwh: float = 0.0
    kg_co2: float = 0.0


class ReportFirst(SQLModel, table=True):
    """Each person's first web meeting per unit ('' = none), kept by the same triggers: who is a
    new web-meeting user in a period, without visiting every person's meetings."""

    __table_args__ = {"sqlite_with_rowid": False}

    person_id: int = Field(primary_key=True)
    unit: str = Field(default="", primary_key=True, max_length=128)
    first_at: datetime
