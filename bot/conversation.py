"""Conversation.handle(inbound, now) -> replies: the one call every adapter makes."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import OperationalError

from bot import coaching, commands
from bot.messages import Choice, Inbound, Reply
from bot.places import resolve_place
from bot.suggesting import answer_where, meeting_link, suggest, trip_phrase, when_phrase
from bot.texts import DEFAULT_LANG, co2_text, lang_of, sek_text, t
from bot.turn import CoreConfig, Turn
from bot.understanding import Context, understand
from storage.models import Suggestion, WebMeeting
from storage.repository import Repository

log = logging.getLogger(__name__)

MAX_TEXT = 20_000  # longer messages are read up to here: trips are announced early
REASONS = ("site_visit", "cannot_join", "technical", "other")
DECIDED = ("accepted", "travel", "not_trip", "open")
SWEDISH_WORDS = re.compile(
    r"\b(jag|och|till|imorgon|imorn|ska|vi|det|är|på|att|en|ett|med|för|inte|mötet?|mina?|hej|"
    r"tack|hem|paus|nej|ja|kör|åker|om|vad|hur)\b", re.I)
ENGLISH_WORDS = re.compile(
    r"\b(i'm|i'll|the|and|to|is|on|in|for|with|we|my|me|not|what|how|driving|going|"
    r"tomorrow|meeting|hi|thanks|help|home|pause|yes|no)\b", re.I)


class Conversation:
    def __init__(self, repo: Repository, config: CoreConfig | None = None) -> None:
        self.repo = repo
        self.config = config or CoreConfig()

    def handle(self, inbound: Inbound, now: datetime | None = None) -> list[Reply]:
        now = (now or datetime.now(UTC)).astimezone(UTC)
        inbound = inbound.cleaned()
        lang = lang_of(inbound.locale) or _guess_lang(inbound.text)
        try:
            if inbound.choice and not self.repo.known(inbound.platform, inbound.team_id, inbound.user_id):
                # A button on an old message, pressed by someone who asked to be forgotten:
                # answer without creating them again.
                return [Reply(t(lang, "decided.missing"), kind="error", replaces_choices=True)]
            turn = self._turn(inbound, now, lang)
            return self._dispatch(turn)
        except OperationalError:
            log.exception("database unavailable while handling a %s message", inbound.platform)
            return [Reply(t(lang, "error.db"), kind="error")]
        except Exception:
            log.exception("failed to handle a %s message", inbound.platform)
            return [Reply(t(lang, "error.internal"), kind="error")]

    # --- steps ----------------------------------------------------------------------------

    def _turn(self, inbound: Inbound, now: datetime, lang: str) -> Turn:
        roles = "admin" if inbound.user_id in self.config.admins else None
        person = self.repo.person(
            inbound.platform, inbound.team_id, inbound.user_id, locale=inbound.locale,
            timezone=inbound.timezone, email=inbound.email, unit=inbound.unit,
            name=(inbound.name or "").strip()[:128] or None,
        )
        if roles and "admin" not in person.roles.split(","):
            person = self.repo.update_person(person.id, roles=_add_role(person.roles, "admin"))  # type: ignore[arg-type]
        lang = person.lang or lang_of(inbound.locale) or lang_of(person.locale) or lang
        return Turn(self.repo, self.config, person, lang, now, inbound)

    def _dispatch(self, turn: Turn) -> list[Reply]:
        inbound = turn.inbound
        if inbound.choice:
            return self._choice(turn)
        text = inbound.text[:MAX_TEXT].strip()
        if inbound.command:
            found = commands.match(text, strict=False)
            handler, args = found if found else (commands.help_, "")
            return handler(turn, args)
        if not text:
            return [] if inbound.in_channel else [Reply(turn.t("empty"), kind="help")]
        if not inbound.in_channel:
            found = commands.match(text, strict=True)
            if found:
                return found[0](turn, found[1])
            held = coaching.reported(turn, text)  # "jag hade ett webbmöte med Mellerud"
            if held is not None:
                return held
            if turn.person.pending:
                answered = self._pending(turn, text)
                if answered is not None:
                    return answered
        trip = understand(text, self._context(turn))
        if trip.nudge or (trip.kind and trip.destination is None and trip.destination_mention):
            return suggest(trip, turn)  # may be silent: paused, capped, quiet hours
        return [] if inbound.in_channel else [Reply(turn.t("nothing"), kind="info")]

    def _context(self, turn: Turn) -> Context:
        return Context(now=turn.local_now.replace(tzinfo=None), origin=turn.home, lang=turn.lang,
                       tz=turn.tz.key, sites=turn.config.sites)

    def _pending(self, turn: Turn, text: str) -> list[Reply] | None:
        """An answer to a question we asked (where is the trip going?); None if it isn't one."""
        kind, _, ref = (turn.person.pending or "").partition(":")
        draft = turn.repo.get_suggestion(int(ref)) if ref.isdigit() else None
        if kind != "where" or draft is None or draft.status != "draft":
            turn.repo.update_person(turn.person.id, pending=None)  # type: ignore[arg-type]
            return None
        if commands.fold(text) in ("skip", "hoppa over", "avbryt", "cancel", "nej", "no"):
            turn.repo.update_person(turn.person.id, pending=None)  # type: ignore[arg-type]
            turn.repo.update_suggestion(draft.id, status="dropped")  # type: ignore[arg-type]
            return [Reply(turn.t("ask.where.skipped"), kind="info")]
        name = re.sub(r"^(till|to|i|in|mot)\s+", "", text.strip(), flags=re.I).strip(" .!?")
        place = turn.config.sites.get(name.casefold()) or resolve_place(name, near=turn.home)
        if place is None:
            trip = understand(text, self._context(turn))
            if trip.destination is not None or len(text.split()) > 4:
                turn.repo.update_person(turn.person.id, pending=None)  # type: ignore[arg-type]
                return None  # a new message, not an answer: read it as chat
            return [Reply(turn.t("ask.where.again", place=name[:80]), kind="ask_where", about=draft.id)]
        turn.repo.update_person(turn.person.id, pending=None)  # type: ignore[arg-type]
        return answer_where(draft, place, None, turn)

    # --- choices --------------------------------------------------------------------------

    def _choice(self, turn: Turn) -> list[Reply]:
        inbound = turn.inbound
        choice = inbound.choice.split(":")[0] if inbound.choice else ""
        if choice == "forget_confirm":
            turn.repo.forget(turn.person.id)  # type: ignore[arg-type]
            return [Reply(turn.t("forget.done"), kind="decided", replaces_choices=True)]
        if choice == "forget_cancel":
            return [Reply(turn.t("forget.cancelled"), kind="decided", replaces_choices=True)]
        if choice in ("accept", "travel", "not_trip", "reason"):
            return self._decision(turn, choice)
        handled = coaching.handle_choice(turn, inbound)
        return handled if handled is not None else [Reply(turn.t("decided.missing"), kind="error")]

    def _decision(self, turn: Turn, choice: str) -> list[Reply]:
        sid = turn.inbound.suggestion_id
        sug = turn.repo.get_suggestion(sid) if sid is not None else None
        if sug is None or sug.person_id != turn.person.id:
            return [Reply(turn.t("decided.missing"), kind="error", replaces_choices=True)]
        if choice == "reason":
            return self._reason(turn, sug)
        status = {"accept": "accepted", "travel": "travel", "not_trip": "not_trip"}[choice]
        if not turn.repo.decide(sug.id, turn.person.id, status, turn.now):  # type: ignore[arg-type]
            fresh = turn.repo.get_suggestion(sug.id) or sug  # type: ignore[arg-type]
            return [_already(turn, fresh)]
        trip = trip_phrase(sug, turn)
        if choice == "not_trip":
            return [Reply(turn.t("not_trip.thanks", dest=sug.destination or "?",
                                 when=when_phrase(sug, turn)), kind="decided", replaces_choices=True)]
        if choice == "travel":
            return [Reply(turn.t("ask.reason"), kind="ask_reason", about=sug.id, replaces_choices=True,
                          choices=[_reason_choice(turn, r) for r in REASONS])]
        meeting = turn.repo.add_web_meeting(WebMeeting(
            person_id=turn.person.id, suggestion_id=sug.id, unit=sug.unit,
            held_at=sug.trip_date or turn.now + timedelta(hours=1), source="suggestion",
            km=sug.km, hours=sug.hours, sek=sug.sek, kwh=sug.kwh, kg_co2=sug.kg_co2))
        text = (turn.t("accepted", trip=trip, sek=sek_text(sug.sek, turn.lang),
                       co2=co2_text(sug.kg_co2, turn.lang))
                if sug.factor_set else turn.t("accepted.nofigures", trip=trip))
        link = turn.config.meeting_url
        text += "\n" + (turn.t("accepted.link", url=meeting_link(link, sug.id)) if link  # type: ignore[arg-type]
                        else turn.t("accepted.nolink"))
        return [Reply(text, kind="decided", about=sug.id, replaces_choices=True),
                *coaching.on_web_meeting(turn, meeting)]

    def _reason(self, turn: Turn, sug: Suggestion) -> list[Reply]:
        reason = turn.inbound.value if turn.inbound.value in REASONS else "other"
        if not turn.repo.decide(sug.id, turn.person.id, "travel", turn.now, from_status="travel",  # type: ignore[arg-type]
                                reason=reason, log_as="reason"):
            return [_already(turn, turn.repo.get_suggestion(sug.id) or sug)]  # type: ignore[arg-type]
        replies = [Reply(turn.t("reason.thanks", reason=turn.t(f"reason.{reason}"),
                                trip=trip_phrase(sug, turn)), kind="decided", replaces_choices=True)]
        if reason == "technical":
            replies.append(Reply(turn.t("reason.technical.help"), kind="info"))
        return replies


def _already(turn: Turn, sug: Suggestion) -> Reply:
    """A second press: say which trip it was and how it was answered (a reason counts once)."""
    label = turn.t(f"status.{sug.status}") if sug.status in DECIDED else sug.status
    if sug.reason:
        label += ": " + turn.t(f"reason.{sug.reason}")
    return Reply(turn.t("decided.already", trip=trip_phrase(sug, turn), status=label),
                 kind="error", replaces_choices=True)


def _reason_choice(turn: Turn, reason: str) -> Choice:
    return Choice("reason", turn.t(f"reason.{reason}"), value=reason)


def _guess_lang(text: str) -> str:
    """Only when the platform gave no locale: more Swedish or English words? Place names with
    å, ä, ö say nothing ("Driving to Borås tomorrow" is English); they only break a tie."""
    sample = text[:2000]
    sv, en = len(SWEDISH_WORDS.findall(sample)), len(ENGLISH_WORDS.findall(sample))
    if sv != en:
        return "sv" if sv > en else "en"
    return "sv" if re.search(r"[åäö]", sample, re.I) or not sample.strip() else DEFAULT_LANG


def _add_role(roles: str, role: str) -> str:
    return ",".join(sorted({r for r in roles.split(",") if r} | {role}))

