"""Which clauses speak of the trip: the destination's clause, and what is set aside.

A message can hold more than one thing: a self-correction ("Möte i Leksand? Nej vänta – det är i
Rättvik"), a past meeting beside the next one ("Tack för senast i Gävle! Ses i Sandviken den
10/12"), a remote meeting on another day ("Sitter i Teams-möte idag men imorn är jag i Nybro"),
someone else's trip ("Christoffer åker till Karlstad kl 7, jag åker till Mora på fredag"). Here
those parts are found, the destination is chosen without them, and the spans that the trip's
date and time are read from (and those hidden from it) are worked out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import lexicon as lx
from bot.chat_text import correction_at, sentence_ids
from bot.clause_cues import ClauseCues
from bot.destination import Where, choose
from bot.mentions import Mention
from bot.places import Place
from bot.trip_when import Span, day_named, mask, spans, trip_when


@dataclass
class Text:
    """A message as the scoping reads it: lower-cased text, tokens, clause of each token and
    where each token starts."""

    lowered: str
    raw: list[str]
    low: list[str]
    clause_of: list[int]
    starts: list[int]

    def __post_init__(self) -> None:
        self.clause_span = spans(self.clause_of, self.starts, len(self.lowered))
        self.sentence_of = sentence_ids(self.low)
        self.sentence_span = spans(self.sentence_of, self.starts, len(self.lowered))

    def clause_text(self, cid: int) -> str:
        a, b = self.clause_span[cid]
        return self.lowered[a:b]

    def own_spans(self, cid: int | None) -> list[Span]:
        """The clause's characters, then its sentence's."""
        if cid is None:
            return []
        first = self.clause_of.index(cid)
        return [self.clause_span[cid], self.sentence_span[self.sentence_of[first]]]


@dataclass
class Scope:
    set_aside: frozenset[int]  # clauses whose places, times and words do not count
    trip_clause: int | None
    own_spans: list[Span]  # where the trip's date and time are read first
    hidden: list[Span]  # spans the date and time are never read from
    cut: int | None  # token where a self-correction starts
    cut_at: int | None  # the same, in characters
    later_trip: bool  # the words after the correction hold a trip of the writer's


def locate(
    text: Text,
    mentions: list[Mention],
    cues: dict[int, ClauseCues],
    home: Place | None,
    hosting: bool,
    now: datetime,
    past_hint: bool,
) -> tuple[Where, Scope]:
    """The destination and the scope of the trip. Marks clause cues remote or not after a
    self-correction ("…? nej, det blev Teams till slut")."""
    cut, later_trip = _correction(text, cues)
    placed = {
        text.clause_of[m.start] for m in mentions if m.role in ("to", "at", "plan", "route-to")
    }
    set_aside = _past_beside_future(text, cues, placed)
    where = choose(mentions, text.low, text.clause_of, cues, home, hosting, set_aside, cut)
    trip_clause = _trip_clause(where, text.clause_of, cues, set_aside)
    remote = _remote_other_days(text, now, past_hint, cues, text.own_spans(trip_clause))
    if remote:
        set_aside |= remote
        where = choose(mentions, text.low, text.clause_of, cues, home, hosting, set_aside, cut)
        trip_clause = _trip_clause(where, text.clause_of, cues, set_aside)
    # hidden: someone else's trip to a place of its own ("Christoffer åker till Karlstad kl 7,
    # …"), not the meeting the writer goes to ("kommunen har möte kl 13") nor a question about
    # it ("mötet börjar kvart över nio – kör någon dit?")
    elsewhere = {text.clause_of[m.start] for m in mentions if m.role in ("to", "at", "plan")}
    hidden = [
        text.clause_span[cid]
        for cid, c in cues.items()
        if cid != trip_clause
        and (
            cid in set_aside
            or (c.other and c.travel and cid in elsewhere and where.joins_others is None)
        )
    ]
    cut_at = text.starts[cut] if cut is not None else None
    scope = Scope(
        set_aside, trip_clause, text.own_spans(trip_clause), hidden, cut, cut_at, later_trip
    )
    return where, scope


def _correction(text: Text, cues: dict[int, ClauseCues]) -> tuple[int | None, bool]:
    """A self-correction: the later words win. Remote words after it count even without a
    travel or meeting word; remote words before it do not when a trip follows ("Tar det på
    Teams. Nej förresten, jag åker dit ändå")."""
    cut = correction_at(text.low)
    if cut is None:
        return None, False
    cut_clause = text.clause_of[cut]
    later_trip = any(
        cid >= cut_clause and not c.other and not c.remote_word and (c.travel or c.meeting)
        for cid, c in cues.items()
    )
    for cid, c in cues.items():
        if cid >= cut_clause and c.remote_word:
            c.remote = True
        elif later_trip and cid < cut_clause:
            c.remote = False
    return cut, later_trip


def _trip_clause(
    where: Where,
    clause_of: list[int],
    cues: dict[int, ClauseCues],
    set_aside: frozenset[int] = frozenset(),
) -> int | None:
    """The clause the trip is told in: the writer's own when it joins someone else's trip, the
    chosen town's, else the writer's first travel (or meeting) clause."""
    if where.joins_others is not None:
        return where.joins_others  # "Anna åker till Mora imorgon, jag kommer efter på onsdag"
    if where.best is not None and where.best.role not in ("site", "own-site"):
        return clause_of[where.best.start]
    mine = [
        (not c.travel, cid)
        for cid, c in cues.items()
        if not c.other and cid not in set_aside and (c.travel or c.meeting)
    ]
    return min(mine)[1] if mine else None


def _past_beside_future(
    text: Text, cues: dict[int, ClauseCues], placed: set[int]
) -> frozenset[int]:
    """Clauses about a past meeting ("Var i Mora igår", "Mötet i tisdags var bra") when
    another clause of the writer's speaks of a trip, a meeting or a place to be: they are set
    aside ("…, nästa gång är i Leksand 3/12")."""
    past = {
        cid
        for cid in cues
        if lx.PAST_DAY_RE.search(text.clause_text(cid))
        or lx.STRONG_PAST_RE.search(text.clause_text(cid))
    }
    rest = [
        c
        for cid, c in cues.items()
        if cid not in past and not c.other and (c.travel or c.meeting or cid in placed)
    ]
    return frozenset(past) if past and rest else frozenset()


def _remote_other_days(
    text: Text,
    now: datetime,
    past_hint: bool,
    cues: dict[int, ClauseCues],
    own_spans: list[Span],
) -> frozenset[int]:
    """Remote clauses that name a day (or part of the day) of their own, other than the trip's
    ("Sitter i Teams-möte hela dagen idag men imorn är jag i Nybro", "Teams in the morning,
    then in the afternoon I'm driving to Skellefteå"): they do not cancel the trip."""
    if not own_spans:
        return frozenset()
    out = set()
    for cid, c in cues.items():
        span = text.clause_span[cid]
        if not c.remote or span == own_spans[0]:
            continue
        part = text.clause_text(cid)
        day = day_named(part, now, past_hint)
        trip = trip_when(text.lowered, now, past_hint, own_spans, [span]).when
        trip_day = trip.date() if isinstance(trip, datetime) else trip
        if day is not None and trip_day is not None and trip_day != day:
            out.add(cid)  # another day
            continue
        a, b = own_spans[-1]
        own = mask(text.lowered, [span])[a:b]
        hour = trip.hour if isinstance(trip, datetime) else None
        mine, theirs = _day_part(part, None), _day_part(own, hour)
        if (day is None or day == trip_day) and mine and theirs and mine != theirs:
            out.add(cid)  # another part of the same day
    return frozenset(out)


def _day_part(text: str, hour: int | None) -> str | None:
    """'morning' or 'afternoon', from the words or the clock hour; None when not said."""
    if lx.MORNING_PART_RE.search(text):
        return "morning"
    if lx.AFTERNOON_PART_RE.search(text):
        return "afternoon"
    if hour is not None:
        return "morning" if hour < 12 else "afternoon"
    return None
