"""Commands a person can give in words, in Swedish or English, as a slash command or in a DM."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from bot import coaching, reporting
from bot.messages import Choice, Reply
from bot.nudging import parse_pause
from bot.places import resolve_place
from bot.suggesting import estimate_now_home_is_known
from bot.texts import savings_facts
from bot.turn import Turn

Handler = Callable[[Turn, str], list[Reply]]


def fold(text: str) -> str:
    """Lower-case without diacritics, so 'hjälp', 'hjalp' and 'HJÄLP' are one command."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()


def help_(turn: Turn, _args: str) -> list[Reply]:
    home = turn.home.name if turn.home else turn.t("home.unset")
    return [Reply(turn.t("help", home=home), kind="help")]


def me(turn: Turn, _args: str) -> list[Reply]:
    totals = turn.repo.totals(turn.person.id)  # type: ignore[arg-type]
    home = turn.home.name if turn.home else turn.t("home.unset")
    settings = turn.t("me.settings", home=home, state=_state(turn))
    if not totals.meetings:
        return [Reply(turn.t("me.none") + "\n" + settings, kind="me")]
    return [Reply(turn.t("me", n=totals.meetings), kind="me", note=settings,
                  facts=savings_facts(totals, turn.lang))]


def _state(turn: Turn) -> str:
    p = turn.person
    if p.opted_out:
        return turn.t("state.off")
    if p.paused_until and p.paused_until > turn.now:
        return turn.t("state.paused", until=_day(p.paused_until.astimezone(turn.tz)))
    return turn.t("state.on")


def _day(local: datetime) -> str:
    return local.date().isoformat()


def home(turn: Turn, args: str) -> list[Reply]:
    if not args.strip():
        return [Reply(turn.t("home.missing"), kind="error")]
    place = resolve_place(args.strip(), near=turn.home) or turn.config.sites.get(
        args.strip().casefold()
    )
    if place is None:
        return [Reply(turn.t("home.unknown", place=args.strip()[:80]), kind="error")]
    turn.repo.update_person(
        turn.person.id,
        home_name=place.name,
        home_lat=place.lat,  # type: ignore[arg-type]
        home_lon=place.lon,
        home_country=place.country,
    )
    return [Reply(turn.t("home.set", place=place.name), kind="info"),
            *estimate_now_home_is_known(place, turn)]


def pause(turn: Turn, args: str) -> list[Reply]:
    if not args.strip():
        turn.repo.update_person(turn.person.id, opted_out=True, paused_until=None)  # type: ignore[arg-type]
        return [Reply(turn.t("pause.forever"), kind="info")]
    until = parse_pause(args, turn.local_now)
    if until is None:
        return [Reply(turn.t("pause.bad", arg=args.strip()[:80]), kind="error")]
    turn.repo.update_person(turn.person.id, paused_until=until, opted_out=False)  # type: ignore[arg-type]
    return [Reply(turn.t("pause.done", until=_day(until)), kind="info")]


def resume(turn: Turn, _args: str) -> list[Reply]:
    turn.repo.update_person(turn.person.id, paused_until=None, opted_out=False)  # type: ignore[arg-type]
    return [Reply(turn.t("resume.done"), kind="info")]


def lang(turn: Turn, args: str) -> list[Reply]:
    code = fold(args)[:2]
    aliases = {"sv": "sv", "sw": "sv", "en": "en", "sve": "sv", "eng": "en"}
    code = aliases.get(code) or aliases.get(fold(args)[:3])
    if code is None:
        return [Reply(turn.t("lang.bad"), kind="error")]
    turn.repo.update_person(turn.person.id, lang=code)  # type: ignore[arg-type]
    turn.lang = code
    return [Reply(turn.t("lang.done"), kind="info")]


def forget(turn: Turn, _args: str) -> list[Reply]:
    return [
        Reply(
            turn.t("forget.ask"),
            kind="confirm",
            choices=[
                Choice("forget_confirm", turn.t("forget.yes"), style="danger"),
                Choice("forget_cancel", turn.t("forget.no")),
            ],
        )
    ]


# Every alias folded (no diacritics, lower case). Multi-word aliases match before single words.
COMMANDS: dict[str, Handler] = {
    "help": help_,
    "hjalp": help_,
    "?": help_,
    "start": help_,
    "me": me,
    "mig": me,
    "mina besparingar": me,
    "my savings": me,
    "besparingar": me,
    "savings": me,
    "status": me,
    "home": home,
    "hem": home,
    "hemort": home,
    "pause": pause,
    "paus": pause,
    "pausa": pause,
    "stop": pause,
    "stopp": pause,
    "sluta": pause,
    "resume": resume,
    "fortsatt": resume,
    "aterupta": resume,
    "ateruppta": resume,
    "start igen": resume,
    "lang": lang,
    "language": lang,
    "sprak": lang,
    "forget me": forget,
    "glom mig": forget,
    "forget": forget,
    "glom": forget,
    "stats": reporting.stats_command,
    "statistik": reporting.stats_command,
}
COMMANDS.update(coaching.COMMANDS)
COMMANDS.update(reporting.COMMANDS)


MENTION_RE = re.compile(r"<@[^>]*>|(?<!\S)@\w")


LONG_COMMANDS = ("stats", "statistik")  # "statistik förra kvartalet Individ och familj csv"


def _most_words(text: str) -> int:
    """A command in free chat is short, so a sentence that starts with "hem" stays chat. One
    naming people ("coach @Bertil enhet Individ- och familjeomsorg"), or asking for statistics
    by period and unit, is a command however long: chat rarely starts that way."""
    if MENTION_RE.search(text) or fold(text.split(maxsplit=1)[0]) in LONG_COMMANDS:
        return 16
    return 5


def match(text: str, strict: bool) -> tuple[Handler, str] | None:
    """Find a command at the start of `text`. `strict` (free chat) needs a short message, so a
    sentence that happens to begin with "hem" is still read as chat."""
    words = text.strip().split()
    if not words or (strict and len(words) > _most_words(text)):
        return None
    folded = [fold(w) for w in words]
    for n in (3, 2, 1):
        head = " ".join(folded[:n])
        if head in COMMANDS:
            return COMMANDS[head], " ".join(words[n:])
    return None
