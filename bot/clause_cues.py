"""What each clause says: a travel word, a meeting word, someone else's, joined remotely.

The decision reads these per clause, so that "Christoffer åker till Karlstad men jag stannar här"
keeps the trip with Christoffer, and a remote word counts only where it speaks of taking part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import lexicon as lx
from bot.mentions import Mention
from bot.places import Place
from bot.subjects import first_person, someone_else
from bot.trip_details import RIDE_ASK, token_mode

MUST = ("ska", "måste", "behöver", "hinner")


def _names_a_time(text: str) -> bool:
    """A day or part of the day: "Teams in the morning" is a plan of its own, not a tail."""
    return bool(
        lx.MORNING_PART_RE.search(text)
        or lx.AFTERNOON_PART_RE.search(text)
        or lx.DAY_WORDS_RE.search(text)
    )


@dataclass
class ClauseCues:
    travel: bool = False
    meeting: bool = False
    other: bool = False
    remote: bool = False  # the writer takes part remotely
    remote_word: bool = False  # a remote word at all ("det blev Teams till slut")
    verb: bool = False  # a travel word of its own, not only "till X"
    first_cue: int = 10**9  # position of the first travel cue, to tell travel from meeting
    first_meeting: int = 10**9


def travel_token(low: list[str], i: int) -> bool:
    t = low[i]
    if t == "skjuts":  # "behöver skjuts" is a ride; "mötet skjuts till …" is postponed
        return i > 0 and low[i - 1] in RIDE_ASK
    if t in ("tar", "ta", "take", "taking", "took", "tog", "bokar", "bokat", "booked", "book"):
        if low[i + 1 : i + 2] == ["med"] and any(w in ("till", "to") for w in low[i + 2 : i + 8]):
            return True  # "tar med mig Lisa och Anders till Borlänge"
        return any(token_mode(low, k) for k in range(i + 1, min(i + 4, len(low))))
    if t == "kommer" and low[i + 1 : i + 2] in (["efter"], ["dit"], ["också"], ["senare"]):
        return True  # "Anna åker till Mora, jag kommer efter på onsdag"
    if t in ("kör", "köra", "körde", "kört"):
        return token_mode(low, i) == "car"
    if t in ("följer", "hänger") or t.startswith(("cykel", "cykla", "promenera")):
        return t.startswith(("cykel", "cykla", "promenera")) or low[i + 1 : i + 2] == ["med"]
    if t == "off":  # "off to Stockholm tomorrow"
        return i + 1 < len(low) and low[i + 1] in ("to", "till")
    if t == "bär":  # "imorn bär det av till Storuman"
        return low[i + 1 : i + 3] == ["det", "av"]
    if t == "drar":  # "drar vi från Falun mot Leksand"
        return any(w in lx.PREP_TO or w in lx.PREP_FROM for w in low[i + 1 : i + 4])
    if t in ("go", "goes", "going", "went", "head", "heading", "headed", "coming", *MUST):
        nxt = low[i + 1 : i + 3]
        goes = (
            "to",
            "till",
            "up",
            "down",
            "over",
            "across",
            "out",
            "ner",
            "upp",
            "dit",
            "ut",
            "iväg",
        )
        goes += ("på",) * (t == "ska")
        return bool(nxt) and nxt[0] in goes
    if t in lx.TRAVEL_VERBS:
        return t not in ("besök", "visit", "ride", "take", "tar")
    return bool(lx.TRIP_NOUNS_RE.match(t)) or (token_mode(low, i) in ("car", "train", "plane"))


def clause_cues(
    raw: list[str],
    low: list[str],
    lang: str,
    mentions: list[Mention],
    lo: int,
    origin: Place | None = None,
    whole: str = "",
) -> ClauseCues:
    c = ClauseCues()
    text = " ".join(low)
    for i in range(len(low)):
        if travel_token(low, i):
            c.travel = c.verb = True
            c.first_cue = min(c.first_cue, i)
        if low[i] in lx.MEET_VERBS or lx.MEETING_RE.search(low[i]):
            c.meeting = True
            c.first_meeting = min(c.first_meeting, i)
    for m in mentions:
        if lo <= m.start < lo + len(low):
            if m.role == "plan" and origin is not None and m.place.name == origin.name:
                continue  # "Falun imorn kl 10" written in Falun: nobody travels
            if m.role in ("to", "route-to", "plan"):
                c.travel = True
                c.first_cue = min(c.first_cue, m.start - lo)
                c.verb = c.verb or m.role == "plan"  # "tis: Kiruna kl 9" is the writer's plan
            elif m.role in ("at", "compound") and lx.PRESENCE_RE.search(text):
                c.travel = True
    if (
        re.search(r"bokat rum|boka rum|book(?:ed)? a room", text)
        or lx.MEETING_PHRASE_RE.search(text)
        or lx.HOST_RE.search(text)
        or lx.SEE_YOU_RE.search(text)
    ):
        c.meeting = True
    # "Lycka till i Umeå!", "Vet någon om bussen till Mora går…": about others or general
    addressed = bool(lx.ADDRESSED_RE.search(text)) and not first_person(raw, low, lang)
    c.other = addressed or someone_else(raw, low, lang, origin, whole)
    c.remote_word = _remote(low, text) and not lx.FINISHED_RE.search(text)
    # a short clause is the way the writer takes part ("…, men bara digitalt", "…, via Teams")
    c.remote = c.remote_word and (
        c.travel
        or c.meeting
        or first_person(raw, low, lang)
        or bool(lx.JOIN_RE.search(text))
        or (len(low) <= 4 and not _names_a_time(text))
    )
    return c


def _remote(low: list[str], text: str) -> bool:
    m = lx.REMOTE_RE.search(text)
    if m is None or lx.REMOTE_FOR_OTHERS_RE.search(text):
        return False
    if lx.CANNOT_REMOTE_RE.search(lx.INSTEAD_RE.sub(" ", text)):
        return False
    before = text[: m.start()].split()[-3:]
    return not any(w in lx.NEGATION for w in before)
