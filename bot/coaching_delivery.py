"""What a due outbox row becomes when the tick claims it: send these replies to this person,
not yet (defer), or not at all (cancel). Content is built at send time from the current state,
in the recipient's language, so an answer given meanwhile is never asked again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from bot import coaching_store as store
from bot.coaching_plan import (
    MEETINGS,
    checkin_reply,
    country_of,
    day_phrase,
    intro,
    lang_for,
    polite,
    tz_of,
    unanswered_due,
    who,
)
from bot.coaching_texts import QUESTIONS
from bot.messages import Reply
from bot.texts import number, t
from bot.turn import CoreConfig
from bot.workdays import week_start_morning
from storage.models import CheckIn, CoachUnit, Outbox, Person
from storage.outbox import Claimed
from storage.repository import Repository

STALE_DIGEST = timedelta(days=2)  # a digest the workers missed by this much is skipped
RETRY_WAIT = timedelta(hours=1)
DIGEST_HOUR = 8
LIST_MAX = 12


@dataclass(frozen=True)
class Send:
    person: Person
    replies: list[Reply]


@dataclass(frozen=True)
class Defer:
    until: datetime


@dataclass(frozen=True)
class Cancel:
    why: str


Plan = Send | Defer | Cancel


def prepare(repo: Repository, config: CoreConfig, row: Claimed, now: datetime) -> Plan:
    handler = PREPARE.get(row.kind)
    if handler is None:
        return Cancel(f"unknown kind {row.kind!r}")
    person = repo.get_person(row.person_id) if row.person_id is not None else None
    if person is None:
        return Cancel("person gone")
    return handler(repo, config, row, person, now)


def _when_polite(
    recipient: Person, config: CoreConfig, now: datetime, replies: list[Reply]
) -> Plan:
    at = polite(recipient, config, now)
    return Send(recipient, replies) if at <= now else Defer(at)


def _checkin(
    repo: Repository, config: CoreConfig, row: Claimed, person: Person, now: datetime
) -> Plan:
    checkin = store.get_checkin(repo, row.ref_id) if row.ref_id else None
    if checkin is None or checkin.outcome is not None:
        return Cancel("check-in gone or answered")
    if person.opted_out:
        return Cancel("person opted out")
    if person.paused_until and person.paused_until > now:
        return Defer(person.paused_until)
    meeting = store.get_meeting(repo, checkin.meeting_id)
    sug = repo.get_suggestion(meeting.suggestion_id) if meeting and meeting.suggestion_id else None
    lang = lang_for(person)
    first = (
        intro(lang, person, store.effective_coach(repo, person), config)
        if checkin.number == 1
        else ""
    )
    tz = tz_of(person, config)
    ask = checkin_reply(lang, checkin, meeting, tz, first, sug.destination if sug else None)
    return _when_polite(person, config, now, [ask])


def _unanswered(
    repo: Repository, config: CoreConfig, row: Claimed, person: Person, now: datetime
) -> Plan:
    checkin = store.get_checkin(repo, row.ref_id) if row.ref_id else None
    if checkin is None or checkin.outcome is not None:
        return Cancel("check-in gone or answered")
    if checkin.asked_at is None:  # the check-in itself is not out yet
        return Cancel("check-in never sent") if _gave_up(repo, checkin) else Defer(now + RETRY_WAIT)
    due = unanswered_due(person, config, checkin.asked_at)
    if due > now:
        return Defer(due)
    coach = store.effective_coach(repo, person)
    if coach is None:
        return Cancel("no coach")
    lang = lang_for(coach)
    meeting = store.get_meeting(repo, checkin.meeting_id)
    when = day_phrase(lang, meeting.held_at if meeting else None, tz_of(coach, config))
    text = t(lang, "coach.remind.unanswered", person=who(person), n=checkin.number, when=when)
    return _when_polite(
        coach,
        config,
        now,
        [Reply(_with_questions(lang, text, "unanswered"), kind="coach_reminder")],
    )


def _gave_up(repo: Repository, checkin: CheckIn) -> bool:
    with repo.session() as s:
        status = s.exec(
            select(Outbox.status).where(Outbox.dedupe_key == f"checkin:{checkin.id}")
        ).first()
    return status in (None, "failed", "cancelled")


def _trouble(
    repo: Repository, config: CoreConfig, row: Claimed, person: Person, now: datetime
) -> Plan:
    checkin = store.get_checkin(repo, row.ref_id) if row.ref_id else None
    if checkin is None or checkin.outcome not in ("trouble", "failed"):
        return Cancel("check-in gone")
    coach = store.effective_coach(repo, person)
    if coach is None:
        return Cancel("no coach")
    lang = lang_for(coach)
    meeting = store.get_meeting(repo, checkin.meeting_id)
    hard = (
        t(lang, "coach.remind.hard", hard=t(lang, f"coach.hard.{checkin.difficulty}").lower())
        if checkin.difficulty
        else ""
    )
    text = t(
        lang,
        "coach.remind.trouble",
        person=who(person),
        n=checkin.number,
        hard=hard,
        when=day_phrase(lang, meeting.held_at if meeting else None, tz_of(coach, config)),
        outcome=t(lang, f"coach.outcome.said.{checkin.outcome}"),
    )
    text = _with_questions(lang, text, checkin.difficulty)
    if checkin.next_step:
        text += "\n" + t(lang, "coach.remind.next", step=t(lang, f"coach.next.{checkin.next_step}"))
    return _when_polite(coach, config, now, [Reply(text, kind="coach_reminder")])


def _with_questions(lang: str, text: str, difficulty: str | None) -> str:
    return "\n".join(
        [text, *(f"• {t(lang, q)}" for q in QUESTIONS.get(difficulty, QUESTIONS[None]))]
    )


def _prep(
    repo: Repository, config: CoreConfig, row: Claimed, person: Person, now: datetime
) -> Plan:
    """Before a web meeting: the step the person chose last time, shown back to them."""
    meeting = store.get_meeting(repo, row.ref_id)
    if meeting is None or meeting.held_at <= now:
        return Cancel("meeting gone or begun")
    steps = [
        c.next_step
        for c in store.checkins(repo, person.id)
        if c.next_step  # type: ignore[arg-type]
        and c.meeting_id != meeting.id
    ]
    if not steps or polite(person, config, now) > now:
        return Cancel("nothing to show, or not a polite time")
    lang = lang_for(person)
    step = t(lang, f"coach.next.{steps[-1]}")
    return Send(person, [Reply(t(lang, "coach.next_time", step=step), kind="coach_prep")])


def _threshold(
    repo: Repository, config: CoreConfig, row: Claimed, person: Person, now: datetime
) -> Plan:
    coach = store.effective_coach(repo, person)
    if coach is None:
        return Cancel("no coach")
    lang = lang_for(coach)
    totals = repo.totals(person.id)  # type: ignore[arg-type]
    text = t(
        lang,
        "coach.notice.threshold",
        person=who(person),
        n=MEETINGS,
        sek=t(lang, "unit.sek", v=number(round(totals.sek, -1), lang)),
        co2=t(lang, "unit.co2", v=number(totals.kg_co2, lang, 1)),
    )
    return _when_polite(coach, config, now, [Reply(text, kind="coach_notice")])


def _notice(
    repo: Repository, config: CoreConfig, row: Claimed, person: Person, now: datetime
) -> Plan:
    """A one-off message: payload {"key", "people": {name: person id}, "values": {...}}."""
    lang = lang_for(person)
    values = dict(row.payload.get("values") or {})
    for name, pid in (row.payload.get("people") or {}).items():
        other = repo.get_person(int(pid))
        if other is None:
            return Cancel(f"{name} gone")
        values[name] = who(other)
    try:
        text = t(lang, str(row.payload.get("key")), **values)
    except (KeyError, IndexError) as exc:
        return Cancel(f"cannot render: {exc}")
    return _when_polite(person, config, now, [Reply(text, kind="coach_notice")])


# --- the weekly digest -------------------------------------------------------------------------------


def _digest(
    repo: Repository, config: CoreConfig, row: Claimed, coach: Person, now: datetime
) -> Plan:
    if now - row.due_at > STALE_DIGEST:
        return Cancel("digest missed by too long")
    people = store.coachees(repo, coach)
    if not people:
        return Cancel("nobody to coach")
    lang = lang_for(coach)
    groups: dict[str, list[str]] = {}
    for p in people:
        groups.setdefault(classify(repo, config, p, now), []).append(who(p))
    lines = [t(lang, "coach.digest", n=len(people))]
    for group in ("struggling", "new", "over", "going", "waiting"):
        names = groups.get(group)
        if names:
            shown = ", ".join(names[:LIST_MAX])
            if len(names) > LIST_MAX:
                shown = t(lang, "coach.digest.more", names=shown, n=len(names) - LIST_MAX)
            lines.append(f"• {t(lang, f'coach.digest.{group}')} ({len(names)}): {shown}")
    return Send(coach, [Reply("\n".join(lines), kind="coach_digest")])


def classify(repo: Repository, config: CoreConfig, person: Person, now: datetime) -> str:
    """struggling, new, over (the threshold), going, or waiting (no web meeting yet)."""
    items = store.checkins(repo, person.id)  # type: ignore[arg-type]
    if not items:
        return "waiting"
    if store.wells(items) >= MEETINGS:
        return "over"
    answered = sorted((c for c in items if c.answered_at), key=lambda c: c.answered_at)  # type: ignore[arg-type,return-value]
    if answered and answered[-1].outcome in ("trouble", "failed"):
        return "struggling"
    if any(
        c.outcome is None and c.asked_at and unanswered_due(person, config, c.asked_at) <= now
        for c in items
    ):
        return "struggling"
    first = store.first_meeting_at(repo, person.id)  # type: ignore[arg-type]
    if first is not None and first >= now - timedelta(days=7):
        return "new"
    return "going"


def plan_periodic(repo: Repository, config: CoreConfig, now: datetime) -> int:
    """Make sure every coach has this week's digest row; returns how many were added."""
    with repo.session() as s:
        unit_coaches = set(s.exec(select(CoachUnit.coach_id)).all())
        personal = set(s.exec(select(Person.coach_id).where(Person.coach_id.is_not(None))).all())  # type: ignore[union-attr]
        ids = unit_coaches | personal
        people = s.exec(select(Person).where(Person.id.in_(ids))).all() if ids else []  # type: ignore[union-attr]
        due = {
            p.id: week_start_morning(now, tz_of(p, config), country_of(p), DIGEST_HOUR)
            for p in people
        }
        keys = {pid: f"digest:{pid}:{at.date().isoformat()}" for pid, at in due.items()}
        have = (
            set(
                s.exec(
                    select(Outbox.dedupe_key).where(Outbox.dedupe_key.in_(list(keys.values())))
                ).all()
            )
            if keys
            else set()
        )  # type: ignore[union-attr]
    from storage.outbox import enqueue

    added = 0
    for pid, key in keys.items():
        if key not in have and enqueue(repo.engine, "digest", pid, due[pid], dedupe_key=key):
            added += 1
    return added


# --- after the platform accepted -------------------------------------------------------------------


def on_sent(row: Claimed, now: datetime):  # noqa: ANN201 - returns a callback for mark_sent
    """State to record in the same transaction that marks the row sent."""

    def record(s: Session) -> None:
        if row.kind == "checkin" and row.ref_id:
            s.execute(
                update(CheckIn)
                .where(CheckIn.id == row.ref_id, CheckIn.asked_at.is_(None))  # type: ignore[union-attr]
                .values(asked_at=now)
            )
        elif row.kind in ("trouble", "unanswered") and row.ref_id:
            s.execute(update(CheckIn).where(CheckIn.id == row.ref_id).values(coach_notified_at=now))

    return record


PREPARE = {
    "checkin": _checkin,
    "unanswered": _unanswered,
    "trouble": _trouble,
    "prep": _prep,
    "threshold": _threshold,
    "notice": _notice,
    "digest": _digest,
}
