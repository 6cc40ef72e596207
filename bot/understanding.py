"""Understanding: does a chat message announce a trip or an in-person meeting, and should we nudge?

The steps, each small and testable, each in its own module:
1. a cheap first pass (`lexicon.has_cue`): ordinary chatter stops here, before any tokenising,
   place lookup or date parsing;
2. tokens and clauses (`chat_text`), so that "Christoffer åker till Karlstad men jag stannar här"
   keeps the trip with Christoffer;
3. places named (`mentions`), who speaks in each clause (`subjects`) and what each clause says
   (`clause_cues`): travel, meeting, someone else's, joined remotely;
4. which clauses speak of the trip (`trip_scope`: self-corrections, a past meeting beside the
   next one, a remote meeting on another day) and the destination (`destination`: each mention
   scored by how it is introduced); the trip's date and time from its own clause first
   (`trip_when`, `when`); mode and travellers (`trip_details`);
5. the decision (here): a trip or meeting of the writer's, in the future, not remote, not
   cancelled, not private, not a visit that must be made in person -> nudge. Each step adds a
   short reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot import lexicon as lx
from bot.chat_text import (
    MAX_CHARS,
    clause_ids,
    clean,
    detect_lang,
    expand_shorthand,
    token_starts,
    tokenize,
)
from bot.clause_cues import ClauseCues, clause_cues
from bot.destination import unknown_mention
from bot.mentions import find_places, guests_come
from bot.places import Place
from bot.subjects import first_person
from bot.trip_details import find_mode, find_participants
from bot.trip_scope import Text, locate
from bot.trip_when import mask, trip_when
from bot.when import find_when


@dataclass(frozen=True)
class Context:
    now: datetime  # naive local time of the writer (or aware; handled both ways)
    origin: Place | None = None  # writer's home office
    lang: str | None = None  # "sv" | "en" | None (detect)
    tz: str = "Europe/Stockholm"
    sites: Mapping[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Trip:
    kind: str | None  # "travel" | "meeting" | None
    nudge: bool
    destination: Place | None
    destination_mention: str | None  # a place-like word that could not be resolved
    origin: Place | None  # stated origin ("från Mora") else ctx.origin
    when: datetime | date | None  # local; a date when no time was given
    mode: str | None  # "car" | "train" | "bus" | "plane" | None
    participants: int | None
    recurring: bool
    reasons: tuple[str, ...]
    date_unreadable: bool = False  # a date was written but does not exist ("31 februari")


def _nothing(ctx: Context, *reasons: str, lang: str | None = None) -> Trip:
    return Trip(None, False, None, None, ctx.origin, None, None, None, False, tuple(reasons))


def understand(text: str, ctx: Context) -> Trip:
    """Read one chat message. Never raises: a bad message is simply not a trip."""
    try:
        return _understand(text, ctx)
    except Exception as exc:  # pragma: no cover - a last guard, the rules should not raise
        return _nothing(ctx, f"not understood ({type(exc).__name__})")


def _local_now(ctx: Context) -> datetime:
    now = ctx.now
    if now.tzinfo is not None:
        try:
            now = now.astimezone(ZoneInfo(ctx.tz))
        except (KeyError, ValueError):  # an unknown time zone: keep the writer's own offset
            now = now.astimezone()
        now = now.replace(tzinfo=None)
    return now


# Meetings of private life: "föräldramöte" is no business meeting.
PRIVATE_MEETING_RE = re.compile(
    r"föräldramöte\w*|utvecklingssamtal\w*|parents'? (?:evening|meeting)"
)


def _understand(text: str, ctx: Context) -> Trip:
    if not isinstance(text, str) or not text.strip():
        return _nothing(ctx, "empty message")
    cleaned = clean(text)
    if not lx.has_cue(cleaned.lower()):
        # shorthand can hide a cue ("jag e i Mora"): expand it only when it is there
        expanded = expand_shorthand(cleaned)
        if expanded == cleaned or not lx.has_cue(expanded.lower()):
            return _nothing(ctx, "no travel or meeting words")
    cleaned = expand_shorthand(cleaned)
    lowered = cleaned.lower()
    if len(lowered) != len(cleaned):  # a letter whose lower case is longer ("İ"): keep places
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in cleaned)
    raw = tokenize(cleaned)
    low = [t.lower() for t in raw]
    lang = ctx.lang or detect_lang(low)
    reasons: list[str] = []
    business = lx.BUSINESS_RE.search(PRIVATE_MEETING_RE.sub(" ", lowered))
    if lx.PRIVATE_RE.search(lowered) and not business:
        return _nothing(ctx, "private travel (holiday, family, leisure)")
    sport = lx.SPORTS_RE.search(lowered) or lx.CLUB_RE.search(cleaned)
    if sport and not business:
        return _nothing(ctx, "sport: towns as teams")
    if lx.HOME_RE.search(lowered):
        return _nothing(ctx, "going home")

    clause_of = clause_ids(raw, low)
    mentions = find_places(raw, low, ctx.origin, ctx.sites)
    linked = "http" in text[:MAX_CHARS] or "www." in text[:MAX_CHARS]
    if linked or lx.ANNOUNCE_RE.search(lowered):
        for m in mentions:  # "Stockholm 1–3 mars: konferens, anmälan här <länk>": passed on
            m.role = "bare" if m.role == "plan" else m.role
    cues: dict[int, ClauseCues] = {}
    for cid in sorted(set(clause_of)):
        idx = [i for i, c in enumerate(clause_of) if c == cid]
        lo, hi = idx[0], idx[-1] + 1
        cues[cid] = clause_cues(raw[lo:hi], low[lo:hi], lang, mentions, lo, ctx.origin, lowered)
    own = [c for c in cues.values() if not c.other and (c.travel or c.meeting)]
    others = [c for c in cues.values() if c.other and (c.travel or c.meeting)]
    visit = any(
        not lx.TOPIC_WORDS_RE.search(lowered[max(0, m.start() - 25) : m.start()])
        for m in lx.VISIT_RE.finditer(lowered)
    )
    if not own and not visit:
        if others:
            return _nothing(ctx, "someone else's trip or meeting")
        return _nothing(ctx, "no trip or meeting of the writer's")

    now = _local_now(ctx)
    past_day = bool(lx.PAST_DAY_RE.search(lowered))
    past_hint = past_day or bool(lx.PAST_VERB_RE.search(lowered))
    hosting = bool(lx.HOST_RE.search(lowered)) or guests_come(raw, low, mentions)
    text_of = Text(lowered, raw, low, clause_of, token_starts(cleaned))
    where, scope = locate(text_of, mentions, cues, ctx.origin, hosting, now, past_hint)
    set_aside, cut, cut_at = scope.set_aside, scope.cut, scope.cut_at
    destination = where.destination
    reasons += where.reasons
    origin = where.origin or ctx.origin
    mention = None
    if destination is None:
        mention = unknown_mention(raw, low, clause_of, cues)
        local = mention or lx.OWN_SITE_RE.search(lowered)
        if ctx.origin is not None and local and lx.LOCAL_RE.search(lowered):
            destination, mention = ctx.origin, None
            reasons.append("local trip within the home town")
        elif ctx.origin and not mention and hosting:
            destination = ctx.origin  # "Delegationen från Tallinn kommer till oss": here
            reasons.append("the writer hosts at home")
        if mention:
            reasons.append(f"unknown place {mention!r}: ask where")

    found = trip_when(lowered, now, past_hint, scope.own_spans, scope.hidden, cut_at)
    when = found.when
    if when is not None or found.how == "impossible date":
        reasons.append(f"when: {found.how}")
    mine = [i for i in range(len(low)) if not cues[clause_of[i]].other]
    mine = [i for i in mine if clause_of[i] not in set_aside]
    later = [low[i] for i in mine if cut is not None and i >= cut]
    # seats and lifts asked for count from any clause; after a self-correction its mode wins
    mode = (later and find_mode(later, lowered[cut_at:])) or find_mode(
        [low[i] for i in mine], lowered
    )
    names = {m.place.name for m in mentions} | {
        raw[i] for m in mentions for i in range(m.start, m.end)
    }
    participants = find_participants(raw, lowered, names)
    recurring = bool(lx.RECURRING_RE.search(lowered))

    travel = any(c.travel for c in own)
    meeting = any(c.meeting for c in own)
    first_travel = min((c.first_cue for c in own if c.travel), default=10**9)
    first_meeting = min((c.first_meeting for c in own if c.meeting), default=10**9)
    if visit or travel and not (meeting and first_meeting < first_travel and not mode):
        kind = "travel"
    else:
        kind = "meeting"
    if destination is None and mention is None and when is None and mode is None:
        return _nothing(ctx, "a trip or meeting word, but no place, time or mode")
    reasons.insert(0, f"{kind}: " + ("travel words" if travel else "meeting words"))

    def result(nudge: bool, why: str) -> Trip:
        reasons.append(why)
        return Trip(
            kind,
            nudge,
            destination,
            mention,
            origin,
            when,
            mode,
            participants,
            recurring,
            tuple(reasons),
            date_unreadable=found.how == "impossible date",
        )

    # "Jag kan inte åka. Nej förresten, jag åker ändå": only the later words decide
    decisive = lowered[cut_at:] if scope.later_trip and cut_at is not None else lowered
    if lx.CANCEL_RE.search(decisive):
        return result(False, "cancelled")
    if postponed := lx.POSTPONE_RE.search(lowered):
        # "flyttas till den 3/12" keeps the meeting on its new date; "skjuts upp" alone ends it
        later = find_when(lowered[postponed.end() :], _local_now(ctx), past_hint)
        if later.when is None or later.how.startswith("time only"):
            moved_to = len(tokenize(cleaned[: postponed.end()]))
            if not any(m.start >= moved_to and m.role == "to" for m in mentions):
                return result(False, "postponed, no new date")
        else:
            found, when = later, later.when
            reasons.append(f"new date: {later.how}")
    if lx.DISRUPTION_RE.search(lowered):
        return result(False, "talk about delays, not a plan")
    today = _local_now(ctx).date()
    when_day = when.date() if isinstance(when, datetime) else when
    told = mask(lowered, [text_of.clause_span[c] for c in set_aside]) if set_aside else lowered
    if set_aside:
        past_day = bool(lx.PAST_DAY_RE.search(told))
        past_hint = past_day or bool(lx.PAST_VERB_RE.search(told))
    strong_past = lx.STRONG_PAST_RE.search(told) and found.how in ("weekday", "no date")
    # "Drove to Borlänge and back this morning", "Körde till Mora och tillbaka idag"
    went_today = when_day == today and lx.WENT_TODAY_RE.search(told)
    if (
        found.past
        or (when is None and past_hint)
        or (past_day and when_day == today)
        or strong_past
        or went_today
    ):
        return result(False, "in the past")
    if lx.DOC_RE.search(lowered) and ("?" in lowered or linked or not first_person(raw, low, lang)):
        # "Vad säger policyn om…?", "Här är länken till resepolicyn": about the rules, not a trip
        return result(False, "about travel rules or a document, not a trip")
    remote = any(c.remote for cid, c in cues.items() if cid not in set_aside)
    if remote and not lx.WEIGHING_RE.search(lowered) or lx.NOT_GOING_RE.search(decisive):
        return result(False, "joined remotely or not going")
    if visit:
        return result(False, "a visit that has to be made in person")
    planned = first_person(raw, low, lang) and any(c.verb for c in own)
    # a recurring meeting ("varje månad") needs no date: it is the best one to move online
    dated = when is not None or found.how == "impossible date" or recurring
    if not dated and not planned and not lx.VAGUE_WHEN_RE.search(lowered):
        return result(False, "no date, and not the writer's own plan")
    if destination is None and mention is None:
        if travel and when is not None:
            return result(True, "a trip with no stated destination")
        return result(False, "no place: a meeting where the writer already is")
    home = (
        ctx.origin is not None and destination is not None and destination.name == ctx.origin.name
    )
    if home and not travel and not hosting:
        return result(False, "in the home town and nobody travels")
    if home and hosting and not travel:
        return result(True, "the writer hosts: others must travel")
    return result(True, "a trip or in-person meeting to come")
