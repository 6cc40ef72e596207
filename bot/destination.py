"""Where the trip goes: each place mention scored, the best positive one is the destination.

The score starts from how the town was introduced (`mentions.ROLE_SCORE`) and is then moved by
what stands around it: someone else's clause, a hub, a pick-up point, the last leg, the writer's
own town (unless the meeting is held there), an organisation when a town is named too, the towns
of guests when the writer hosts, and a self-correction ("…? Nej vänta – det är i Rättvik").
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import lexicon as lx
from bot.clause_cues import ClauseCues
from bot.lexicon import words
from bot.mentions import ROLE_SCORE, Mention, prep_of, venue_before
from bot.places import Place, lookup

ONWARD = words("vidare sedan sen därifrån then onward onwards continuing")
# "people come from Växjö", "folk kommer från Mora": where the guests start, not the writer
COME_VERBS = words("come comes coming kommer åker reser")
# Roles that place a town in the sentence: an organisation's town never wins over one of them.
PLACED = frozenset({"to", "at", "plan", "route-to", "compound", "site"})


@dataclass
class Where:
    destination: Place | None
    best: Mention | None  # the mention chosen, to find the trip's own clause
    origin: Place | None  # the stated origin ("från Mora"), else None
    reasons: list[str]
    # the writer's own clause that goes where someone else's clause says ("…, jag åker")
    joins_others: int | None = None


def choose(
    mentions: list[Mention],
    low: list[str],
    clause_of: list[int],
    cues: dict[int, ClauseCues],
    home: Place | None,
    hosting: bool,
    set_aside: frozenset[int] = frozenset(),
    cut: int | None = None,
) -> Where:
    """The destination among `mentions`. `set_aside`: clauses whose places do not count (a
    remote meeting on another day); `cut`: where the writer's self-correction starts."""
    reasons: list[str] = []
    if hosting:
        for m in mentions:
            if m.role == "from" and m.start >= 2 and low[m.start - 2] in COME_VERBS:
                m.role = "guest"  # "people come from Växjö and Karlskrona"
    stated = None
    for m in mentions:
        if m.role in ("from", "route-from") and stated is None:
            stated = m.place if m.place.name not in lx.HUBS else None
    # "dit"/"there", or a travel clause of the writer's own with no place ("…, jag åker"):
    # the places of someone else's clause are where the writer goes
    joining = _joins_others(mentions, clause_of, cues)
    there = any(w in ("dit", "there") for w in low) or joining is not None
    # the writer's own town counts against, unless the message says the trip starts elsewhere
    start = stated or home
    placed = any(m.role in PLACED for m in mentions)
    for m in mentions:
        m.score = ROLE_SCORE[m.role] - 0.01 * m.start - 0.6 * m.guessed
        local = m.role not in ("site", "own-site")
        clause = cues.get(clause_of[m.start]) if local else None
        if clause is not None and clause.other and not there:
            m.score -= 4
        if local and clause_of[m.start] in set_aside:
            m.score -= 4
        if m.place.name in lx.HUBS:
            m.score -= 2
        if m.role == "org" and placed:
            m.score -= 1  # "Region Jämtland Härjedalen's workshop in Östersund"
        if m.role == "guest" and hosting:
            m.score -= 1  # "Mora, Leksand och Rättvik kommer hit"
        window = low[max(0, m.start - 6) : m.start]
        for k in range(len(window) - 1, -1, -1):
            if window[k] in lx.PREP_TO:  # "plockar upp Eva och kör till Mora": Mora counts
                window = window[k + 1 :]
                break
        if lx.PICKUP_RE.search(" ".join(window)):
            m.score -= 2.5
        if m.role == "to" and any(w in ONWARD for w in low[max(0, m.start - 4) : m.start]):
            m.score += 0.6  # "Båten till Nynäshamn, sen vidare till Stockholm": the last leg
        # "hos oss i Linköping", "stadshuset … ni tar bussen in": where we host, at home
        venue = (
            (m.role == "at" and venue_before(low, m.start))
            or (m.role == "own-site" and hosting)
            or any(d.role == "district" and d.end + 1 == m.start for d in mentions)
        )
        if venue:
            m.score += 0.3
        elif start is not None and m.place.name == start.name:
            m.score -= 1.5
    if cut is not None and any(m.start >= cut and m.score > 0 for m in mentions):
        for m in mentions:  # "Möte i Leksand? Nej vänta – det är i Rättvik": the later one
            if m.start < cut and m.role not in ("site", "own-site"):
                m.score -= 3
    if stated is not None:
        reasons.append(f"origin stated: {stated.name}")
    ranked = sorted((m for m in mentions if m.score > 0), key=lambda m: -m.score)
    best = ranked[0] if ranked else None
    place = best.place if best else None
    if place is not None and place.name in lx.HUB_CITY:
        place = lookup(lx.HUB_CITY[place.name], home, fuzzy=False) or place
    if best is not None and place is not None:
        reasons.append(f"destination {place.name} ({best.role})")
    return Where(place, best, stated, reasons, joining)


def _joins_others(
    mentions: list[Mention], clause_of: list[int], cues: dict[int, ClauseCues]
) -> int | None:
    """'Region Gotland har workshop i Stockholm, jag åker': the writer's own travel clause names
    no place, so it goes where the other clause does. That clause, or None."""
    with_place = {clause_of[m.start] for m in mentions if m.role not in ("site", "own-site")}
    if not any(cues[cid].other for cid in with_place):
        return None
    mine = [
        cid
        for cid, c in cues.items()
        if c.verb and not c.other and not c.remote and cid not in with_place
    ]
    return mine[0] if mine else None


def unknown_mention(
    raw: list[str], low: list[str], clause_of: list[int], cues: dict[int, ClauseCues]
) -> str | None:
    """A capitalised name after "till"/"to" (or "i"/"in" on a trip) that is no known place."""
    for i in range(1, len(raw)):
        tok = raw[i]
        if not tok[:1].isupper() or not tok.isalpha() or len(tok) < 3:
            continue
        key = tok.lower()
        if key in lx.NOT_PLACE or key in lx.COMMON_WORDS or key in lx.FIRST_NAMES:
            continue
        prep = prep_of(low, i)
        clause = cues[clause_of[i]]
        if clause.other or not (prep == "to" or (prep == "at" and clause.travel)):
            continue
        if raw[i - 1].lower() in ("the", "den", "det"):
            continue
        found = [tok]
        if i + 1 < len(raw) and raw[i + 1][:1].isupper() and raw[i + 1].isalpha():
            found.append(raw[i + 1])
        return " ".join(found)
    return None
