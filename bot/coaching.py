"""Coaching the Dalsland way: check-ins after the first web meetings, coach follow-ups.

The person owns their progress (they answer, they pick their own next step); the coach guides
with questions; continuity over the first few meetings gets people over the threshold. Work that
falls due later (check-ins, reminders, digests) is written as outbox rows and delivered by the
scheduler's tick (bot.coaching_delivery builds the messages at send time).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot import coaching_store as store
from bot.coaching_plan import (
    EXTRA,
    MEETINGS,
    PREP_BEFORE,
    TROUBLE_DELAY,
    checkin_due,
    checkin_reply,
    intro,
    prep_due,
    savings_facts,
    unanswered_due,
    who,
)
from bot.coaching_texts import HARD, NEXT_FOR, NEXT_STEPS, OUTCOMES
from bot.messages import Choice, Inbound, Reply
from storage import outbox

if TYPE_CHECKING:
    from bot.turn import Turn
    from storage.models import CheckIn, WebMeeting

CHOICE_FIELDS = {
    "checkin_outcome": "outcome",
    "checkin_hard": "difficulty",
    "checkin_next": "next_step",
}
ALLOWED = {"outcome": OUTCOMES, "difficulty": HARD, "next_step": NEXT_STEPS}


def on_web_meeting(turn: Turn, meeting: WebMeeting, held: bool = False) -> list[Reply]:
    """A web meeting was planned instead of a trip (an accepted suggestion), or `held` (reported
    afterwards): enrol and plan check-ins."""
    replies: list[Reply] = []
    held = held or meeting.source == "reported"
    sug = turn.repo.get_suggestion(meeting.suggestion_id) if meeting.suggestion_id else None
    if sug is not None and sug.recurring and not held:
        replies.append(Reply(turn.t("coach.recurring"), kind="coach_tip"))
    person = turn.person
    if not store.enrolled(turn.repo, person):
        return replies
    items = store.checkins(turn.repo, person.id)  # type: ignore[arg-type]
    number = len(items) + 1
    if not store.coached_further(items, MEETINGS, EXTRA):
        return replies  # over the threshold, or coached long enough
    steps = [c.next_step for c in items if c.next_step]
    if steps and not held:  # shown back before the meeting, not after
        replies.append(
            Reply(
                turn.t("coach.next_time", step=turn.t(f"coach.next.{steps[-1]}")), kind="coach_prep"
            )
        )
        timed = sug is None or sug.has_time
        prep_at = prep_due(person, turn.config, meeting.held_at, timed)
        if sug is not None and sug.trip_date is not None and prep_at > turn.now + PREP_BEFORE:
            outbox.enqueue(
                turn.repo.engine,
                "prep",
                person.id,
                prep_at,
                ref_id=meeting.id,
                dedupe_key=f"prep:{meeting.id}",
            )
    if not held and sug is not None and sug.trip_date is None:  # no day known: ask once held
        if not sug.recurring:  # the recurring tip says so already
            replies.append(Reply(turn.t("coach.held.later"), kind="coach_tip"))
        return replies
    replies += _plan_checkin(turn, meeting, number, held, timed=sug is None or sug.has_time)
    return replies


def _plan_checkin(
    turn: Turn, meeting: WebMeeting, number: int, held: bool, timed: bool
) -> list[Reply]:
    """An accepted meeting is asked about after it ends; a held one right away."""
    person, config, now = turn.person, turn.config, turn.now
    if held:
        rows = [outbox.new_row("unanswered", person.id, unanswered_due(person, config, now))]
        checkin = store.add_checkin(
            turn.repo,
            person.id,
            meeting.id,
            number,
            rows,  # type: ignore[arg-type]
            asked_at=now,
        )
        if checkin is None:
            return []
        first = (
            intro(turn.lang, person, store.effective_coach(turn.repo, person), config)
            if number == 1
            else ""
        )
        return [checkin_reply(turn.lang, checkin, None, turn.tz, first)]
    due = checkin_due(person, config, meeting.held_at, now, timed)
    rows = [
        outbox.new_row("checkin", person.id, due),
        outbox.new_row("unanswered", person.id, unanswered_due(person, config, due)),
    ]
    store.add_checkin(turn.repo, person.id, meeting.id, number, rows)  # type: ignore[arg-type]
    return []


def handle_choice(turn: Turn, inbound: Inbound) -> list[Reply] | None:
    """A pressed choice that belongs to coaching (check-in answers); None if not ours."""
    base, _, suffix = (inbound.choice or "").partition(":")
    base, _, named = base.partition(".")  # checkin_outcome.well: the value in the id
    field = CHOICE_FIELDS.get(base)
    if field is None:
        return None
    cid = (
        inbound.suggestion_id
        if inbound.suggestion_id is not None
        else (int(suffix) if suffix.isdigit() else None)
    )
    if cid is None:
        return [Reply(turn.t("coach.checkin.missing"), kind="error")]
    value = inbound.value or named
    if value not in ALLOWED[field]:
        return [Reply(turn.t("coach.checkin.bad"), kind="error")]
    status = store.answer(turn.repo, cid, turn.person.id, field, value, turn.now)  # type: ignore[arg-type]
    if status != "ok":
        return [
            Reply(
                turn.t(f"coach.checkin.{status}"),
                kind="error",
                replaces_choices=status in ("answered", "missing"),
            )
        ]
    checkin = store.get_checkin(turn.repo, cid)
    if checkin is None:  # forgotten in between
        return [Reply(turn.t("coach.checkin.missing"), kind="error", replaces_choices=True)]
    if field == "outcome":
        return _outcome(turn, checkin)
    if field == "difficulty":
        return [_ask_next(turn, checkin, turn.t("coach.checkin.next"))]
    return _done(turn, checkin)


def _outcome(turn: Turn, checkin: CheckIn) -> list[Reply]:
    person = turn.person
    if checkin.outcome != "well":
        if store.effective_coach(turn.repo, person) is not None:
            outbox.enqueue(
                turn.repo.engine,
                "trouble",
                person.id,
                turn.now + TROUBLE_DELAY,
                ref_id=checkin.id,
                dedupe_key=f"trouble:{checkin.id}",
            )
        return [
            Reply(
                turn.t("coach.checkin.trouble"),
                kind="checkin",
                about=checkin.id,
                replaces_choices=True,
                choices=[Choice("checkin_hard", turn.t(f"coach.hard.{h}"), value=h) for h in HARD],
            )
        ]
    replies = [
        _ask_next(turn, checkin, turn.t("coach.checkin.well") + " " + turn.t("coach.checkin.next"))
    ]
    if store.wells(store.checkins(turn.repo, person.id)) == MEETINGS:  # type: ignore[arg-type]
        totals = turn.repo.totals(person.id)  # type: ignore[arg-type]
        replies.append(
            Reply(
                turn.t("coach.threshold", n=MEETINGS),
                kind="coach_threshold",
                facts=savings_facts(turn.lang, totals),
                note=turn.t("coach.threshold.note"),
            )
        )
        if store.effective_coach(turn.repo, person) is not None:
            outbox.enqueue(
                turn.repo.engine,
                "threshold",
                person.id,
                turn.now,
                dedupe_key=f"threshold:{person.id}",
            )
        turn.repo.log(
            "coaching_threshold", person.id, person.unit, {"meetings": totals.meetings}, at=turn.now
        )
    return replies


def _ask_next(turn: Turn, checkin: CheckIn, text: str) -> Reply:
    first = NEXT_FOR.get(checkin.difficulty, NEXT_FOR[None])
    steps = [*first, *(s for s in NEXT_STEPS if s not in first)][:5]
    return Reply(
        text,
        kind="checkin",
        about=checkin.id,
        replaces_choices=True,
        choices=[Choice("checkin_next", _label(turn.t(f"coach.next.{s}")), value=s) for s in steps],
    )


def _done(turn: Turn, checkin: CheckIn) -> list[Reply]:
    # "I'll remind you" only when there will be a next check-in to remind before.
    further = store.coached_further(store.checkins(turn.repo, turn.person.id), MEETINGS, EXTRA)  # type: ignore[arg-type]
    key = "coach.checkin.done" if further else "coach.checkin.done.last"
    text = turn.t(key, step=turn.t(f"coach.next.{checkin.next_step}"))
    if checkin.outcome != "well":
        coach = store.effective_coach(turn.repo, turn.person)
        text += "\n" + (
            turn.t("coach.checkin.coach_told", coach=who(coach))
            if coach
            else turn.t("coach.checkin.no_coach")
        )
    return [Reply(text, kind="decided", about=checkin.id, replaces_choices=True)]


def _label(text: str) -> str:
    return text[:1].upper() + text[1:]


def reported(turn: Turn, text: str) -> list[Reply] | None:
    """A web meeting told about in a sentence ("jag hade ett webbmöte med Mellerud"): read as
    `höll Mellerud`. None when the text is something else."""
    from bot import coaching_commands

    return coaching_commands.reported(turn, text)


def _commands() -> dict[str, Callable[[Turn, str], list[Reply]]]:
    from bot import coaching_commands  # it needs on_web_meeting from here

    return coaching_commands.COMMANDS


# Command aliases (folded) -> handler(turn, args); merged into bot.commands.COMMANDS.
COMMANDS: dict[str, Callable[[Turn, str], list[Reply]]] = _commands()
