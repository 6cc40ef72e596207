"""Places named in a message, and how each is introduced.

A mention's role says how it was written ("till X" is `to`, "i X" `at`, "från X" `from`, a bare
name, a compound like "Göteborgskonferensen", an organisation like "Borlänge kommun", a town as
the topic: "möte om Umeås modell"); `ROLE_SCORE` turns the role into the first part of its score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot import lexicon as lx
from bot.chat_text import ROUTE, SENTENCE_END
from bot.lexicon import LIST_JOIN, PAIR_JOIN, words
from bot.places import ALIASES, Place, fold, lookup
from bot.trip_details import token_mode


@dataclass
class Mention:
    place: Place
    start: int
    end: int
    # to, at, from, plan, bare, route-from, route-to, compound, org, site, own-site, guest, topic
    role: str
    score: float
    guessed: bool = False  # found only by allowing one misspelt letter


ROLE_SCORE = {
    "to": 3.0,
    "plan": 3.0,  # a line that opens with the town and its day: "tis: Kiruna kl 9"
    "route-to": 2.5,
    "at": 2.0,
    "site": 2.5,
    "compound": 1.5,
    "own-site": 1.2,
    "bare": 1.0,
    "org": 0.5,
    "host-org": 1.6,
    "guest": 0.3,
    "district": 0.4,  # "Valla" in "på Campus Valla i Linköping"
    "route-from": -2.0,
    "from": -3.0,
    "topic": -1.0,
}
# A town right after these is what is talked about, not where anyone goes: "möte om Umeås modell".
TOPIC_BEFORE = words("om about angående regarding gällande kring re how hur enligt")
# "från kontoret i Angered": the place of an office the writer leaves from.
WORK_FROM = words("jobbar jobba working work sitter")
FROM_OFFICE = words("kontoret jobbet office work skolan school förvaltningen stationen station")
ORG_AFTER = words(
    "stad kommun kommuns kommune kaupunki region län läns landsting landstinget it city "
    "municipality council county stift hamn fylkeskommune kommunförbund kommunalförbund"
)
# "Region Uppsala", "Landstinget Dalarna", "Region Jämtland Härjedalen": an organisation.
ORG_BEFORE = words("region regionen landstinget landsting")


def prep_of(low: list[str], i: int) -> str:
    """The preposition before token i ("at the Säter office" looks past "the")."""
    j = i - 1
    if j >= 0 and low[j] in ("the", "den", "det"):
        j -= 1
    if j < 0:
        return ""
    w = low[j]
    if w in lx.PREP_TO or (w == "blir" and low[j + 1] == "det"):
        return "to"  # "Måndag blir det Falköping för mig": the writer's plan
    if w == "är" and low[j + 1] == "det" and j >= 1 and low[j - 1] not in SENTENCE_END:
        return "to"  # "Imorn är det Mora som gäller" (but not "Är det Mora som…?")
    if w in lx.PREP_AT:
        # "från kontoret i Angered", "from the office in Mölndal": where the trip starts
        k = j - 1
        if k >= 1 and low[k] in FROM_OFFICE:
            k -= 1 + (low[k - 1] in ("the", "our", "my", "vårt", "mitt"))
            if k >= 0 and low[k] in lx.PREP_FROM:
                return "from"
        return "at"
    if w in lx.PREP_FROM:
        # "jobbar från Moraskolan", "working from the Ludvika office": where the writer will be
        return "at" if j >= 1 and low[j - 1] in WORK_FROM else "from"
    return ""


def _is_word(t: str) -> bool:
    return t[:1].isalpha()


def _candidate(raw: list[str], low: list[str], i: int, origin: Place | None):
    """The place starting at token i, if any: (place, end, how)."""
    tok = raw[i]
    prep = prep_of(low, i)
    cap = tok[:1].isupper()
    starts_sentence = i == 0 or raw[i - 1] in SENTENCE_END
    for length in (3, 2):  # "Dals Långed", "Upplands Väsby", "Lilla Edet"
        span = raw[i : i + length]
        if len(span) == length and all(_is_word(w) and w[:1].isupper() for w in span):
            place = lookup(" ".join(span), origin, fuzzy=False)
            if place is not None:
                return place, i + length, "exact"
    if tok.endswith((":s", "’s", "'s")) and len(tok) > 4:  # "Sthlm:s", "GBG:s", "Umeå's"
        tok = tok[:-2]
    key = fold(tok)
    if not prep and _joined_to_me(low, i):
        return None  # "Jag och Björn", "me & Tom", "Jonas and I": a person
    if not prep and key not in lx.NOT_PLACE and _plan_line(raw, low, i):
        return _plan_place(tok, key, cap, i, origin)
    ambiguous = key in lx.COMMON_WORDS or key in lx.FIRST_NAMES or len(key) <= 2
    if key in lx.NOT_PLACE or (ambiguous and not (cap and prep)):
        return None
    lower_at = not cap and prep == "at"  # "möte i borlänge", written all in lower case
    if not cap and not (prep in ("to", "from") or lower_at):
        return None
    if not cap and (key in lx.COMMON_WORDS or len(key) < 4):
        return None
    # "stugan" is not "Stugun", "with Malte" is not Malmö: a short name is guessed only after
    # a place preposition
    fuzzy = cap and (bool(prep) or (not starts_sentence and len(key) >= 7))
    place, how = lookup(tok, origin, fuzzy=False), "exact"
    if place is None and fuzzy:
        place, how = lookup(tok, origin, fuzzy=True), "guessed"
    elif place is None and cap and len(key) >= 7 and key not in lx.COMMON_WORDS:
        # "Östersun imorgon": a long misspelt name opening a sentence, only as a Swedish town
        place, how = lookup(tok, origin, fuzzy=True), "guessed"
        if place is not None and place.country != "SE":
            place = None
    if place is not None and lower_at and place.name.lower() != tok:
        place = None  # "i salen" is not Sälen: in lower case only the exact name counts
    if place is not None:
        org = i + 1 < len(low) and low[i + 1] in ORG_AFTER  # "Halden kommune", "Oslo kommune"
        # "Helsinki 3–4 Feb", "Ok för Oslo 10/2?", "Copenhagen on thu", "Luleå–Arlanda–Brussels"
        dated = _date_follows(low, i + 1) and place.country != "SE"
        routed = i >= 2 and raw[i - 1] in ROUTE and raw[i - 2][:1].isupper()
        if place.country != "SE" and not prep and not org and not dated and not routed:
            return None  # "Can someone…", "Ahmed": a foreign name needs "to"/"in" before it
        if how == "exact" and key.endswith("s") and fold(place.name) != key:
            how = "genitive"
        return place, i + 1, how
    if cap and "-" in tok:  # "Säter-gänget", "Upsala-Tierp"
        head = tok.split("-")[0]
        if fold(head) not in lx.COMMON_WORDS and (place := lookup(head, origin, False)):
            return place, i + 1, "compound"
    if cap and len(tok) >= 8 and "-" not in tok:  # "Göteborgskonferensen"
        lowtok = tok.lower()
        for head in lx.COMPOUND_HEADS:
            k = lowtok.find(head, 3)
            if k > 0:
                stem = tok[:k]
                place = lookup(stem, origin, fuzzy=False)
                key = fold(stem)  # "Moraskolan": a town that is also a word counts here
                common = key in lx.COMMON_WORDS and (len(key) < 4 or key in lx.FIRST_NAMES)
                if place is not None and not common:
                    return place, i + 1, "compound"
    return None


def _plan_place(tok: str, key: str, cap: bool, i: int, origin: Place | None):
    """The town opening a plan line: "Sala tors 9-ish?" (a town that is also a word counts
    here), "sthlm tors kl 10" (in lower case only its own name or a short form)."""
    if key in lx.FIRST_NAMES or len(key) <= 2 or (not cap and key in lx.COMMON_WORDS):
        return None
    word = tok.lower()
    if word in lx.NOT_NAME or DAY_TOKEN.match(word) or WHEN_START.match(word):
        return None  # "Mån 30/11 Trelleborg": the day, not the town Man
    place = lookup(tok, origin, fuzzy=cap and len(key) >= 7)
    if place is None or (not cap and place.name.lower() != word and key not in ALIASES):
        return None
    return place, i + 1, "plan"


# A day or date before the colon of a plan line: "tis:", "ons–fre:", "3/12 –", "Imorgon:".
DAY_TOKEN = re.compile(
    r"^(?:mån|tis|ons|tor|tors|fre|lör|sön|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"(?:dag|dagen|day)?$|^(?:\w+-)?(?:mon|tue|wed|thu|fri)\w*$|^(?:imorgon|imorn|idag|"
    r"tomorrow|today|nästa|next|nxt|v|vecka|week|den|the|on|\d{1,2}(?::e|e|st|nd|rd|th)?)$"
)
# What may stand between the town and its day or time: "Tromsø on the 24th", "Sala, tors 9".
WHEN_FILLER = words("on the den på this nästa next nxt , i")
WHEN_START = re.compile(
    r"^(?:mån|tis|ons|tors|fre|lör|sön|mon|tue|wed|thu)[\w-]*$|^(?:fri|friday|sat|saturday|sunday)$|"
    r"^(?:imorgon|imorn|imorrn|idag|ikväll|tomorrow|tmrw|today|tonight|övermorgon|kl|klockan|"
    r"v|vecka|week)$|^\d{1,2}(?:[.:]\d{2}|-?ish|st|nd|rd|th|:e|:a)$"
)


DAY_MARKS = ROUTE | {":"}
DAY_WORD = re.compile(
    r"^(?:mån|tis|ons|tor|fre|lör|sön|mon|tue|wed|thu|fri|sat|sun|imorgon|imorn|idag|tomorrow|today)"
)


def _line_start(raw: list[str], k: int) -> bool:
    """Token k opens a line (after a bullet "-" too)."""
    if k == 0 or raw[k - 1] == "\n":
        return True
    return raw[k - 1] in ROUTE and (k == 1 or raw[k - 2] == "\n")


def _plan_line(raw: list[str], low: list[str], i: int) -> bool:
    """A line that opens with a town and its day or time ("Norrköping imorn kl 10 – …",
    "Tromsø on the 24th", "Berlin 1–3 March"), or names a town right after its day ("tis: Pajala
    kl 9", "• ons: Mora, länsträff"): the writer's plan for that day."""
    k = i  # "tis: Kiruna", "• ons–fre: X", "Mån 30/11 Trelleborg": the day opens the line
    while (
        k > 0
        and k > i - 6
        and (DAY_TOKEN.match(low[k - 1]) or WHEN_START.match(low[k - 1]) or raw[k - 1] in DAY_MARKS)
    ):
        k -= 1
    colon = ":" in raw[k:i]  # "Imorgon: Mora. Torsdag: Leksand.": any sentence may open so
    opens = _line_start(raw, k) or (colon and raw[k - 1] in (".", "!", "?"))
    if any(DAY_WORD.match(w) for w in low[k:i]) and opens:
        return _about_a_meeting(raw, low, i)
    if not _line_start(raw, i) or not _about_a_meeting(raw, low, i):
        return False
    k, n = i + 1, len(low)
    while k < n and k < i + 4 and low[k] in WHEN_FILLER:
        k += 1
    if k >= n:
        return False
    if WHEN_START.match(low[k]):
        return True
    # "Skellefteå 2/12 kl 10", "Berlin 1–3 March": a day and a month
    nxt = low[k + 1] if k + 1 < n else ""
    return low[k].isdigit() and (nxt.isdigit() or nxt in ("–", "-") or nxt[:3] in MONTH_STEMS)


# Words a plan line may hold besides its town, day and time ("Sala tors 9-ish?", "tis: Piteå
# (Regionen) kl 10"); any other word needs a meeting or travel word beside it, so that "Umeå tors:
# -25 grader" and "Borlänge imorgon: snöstorm varnas" are no plans.
PLAN_SMALL_WORDS = words(
    "i in på at för for med with hos och and the den det till to från from om kl klockan ca "
    "runt around about ish eller or sen then back åter tillbaka hela dagen all day heldag "
    "förmiddag eftermiddag morning afternoon någon nån mer fler som följer hänger anyone else "
    "who vem joining"
)


def _about_a_meeting(raw: list[str], low: list[str], i: int) -> bool:
    """The plan line holds a meeting or travel word, or nothing but its town, day and time."""
    k, n, plain = i + 1, len(low), True
    while k < n and low[k] not in ("\n", ".", "!", "?"):
        w = low[k]
        travel = w in lx.TRAVEL_VERBS and w not in ("kör", "köra", "tar", "take")
        if lx.MEETING_RE.search(w) or travel or token_mode(low, k):
            return True
        if w.isalpha() and len(w) > 2 and not raw[k][:1].isupper():
            small = w in PLAN_SMALL_WORDS or WHEN_START.match(w) or DAY_TOKEN.match(w)
            plain = plain and bool(small)
        k += 1
    return plain


MONTH_STEMS = words("jan feb mar apr maj may jun jul aug sep okt oct nov dec")
ME = frozenset({"jag", "me", "i", "mig"})


def _joined_to_me(low: list[str], i: int) -> bool:
    before = i >= 2 and low[i - 1] in PAIR_JOIN and low[i - 2] in ME
    after = i + 2 < len(low) and low[i + 1] in PAIR_JOIN and low[i + 2] in ME
    return (before or after) and not (i + 1 < len(low) and low[i + 1] in ORG_AFTER)


DATE_START = re.compile(
    r"^(?:\d{1,2}(?:[/.–-]\d{1,2})?|mån\w*|tis\w*|ons\w*|tors\w*|fre\w*|mon\w*|tue\w*|wed\w*|"
    r"thu\w*|fri|friday|imorgon|imorn|tomorrow|tmrw|nästa|next|v|vecka|week)$"
)


def _date_follows(low: list[str], k: int) -> bool:
    if k < len(low) and low[k] in ("on", "den", "the", "på", "i", "this", ","):
        k += 1
    return k < len(low) and bool(DATE_START.match(low[k]))


def find_places(
    raw: list[str], low: list[str], origin: Place | None, sites: Mapping[str, Place]
) -> list[Mention]:
    mentions: list[Mention] = []
    i, n = 0, len(raw)
    while i < n:
        if not _is_word(raw[i]):
            i += 1
            continue
        found = _candidate(raw, low, i, origin)
        if found is None:
            i += 1
            continue
        place, end, how = found
        prep = prep_of(low, i)
        if _topic(low, i):
            role = "topic"
        elif _organisation(raw, low, i, end) or _key(raw[i:end]) in lx.PROVINCE_ALIASES:
            role = "org"  # "Region Uppsala", "Kalmar läns landsting", "Härjedalen": at most that
        elif how == "plan":
            role = "org" if end < n and low[end] in ORG_AFTER else "plan"
        elif how == "compound":
            role = "compound"
        elif prep:
            role = prep
        elif how == "genitive" or (end < n and low[end] in ORG_AFTER):
            role = "org"
        else:
            role = "bare"
        if place.country != "SE" and role in ("bare", "org", "compound"):
            role = "org"  # a foreign name without a preposition is rarely a destination
        if role == "org" and lx.INVITES_US_RE.search(" ".join(low[i : i + 8])):
            role = "host-org"  # "Halden kommune har bjudit in oss": we go to Halden
        tail = _route_tail(raw[i], origin) if how == "compound" else None
        if tail is not None:  # "Uppsala-Stockholm": a route in one word
            mentions.append(Mention(place, i, end, "route-from", 0.0))
            mentions.append(Mention(tail, i, end, "route-to", 0.0))
        else:
            mentions.append(Mention(place, i, end, role, 0.0, guessed=how == "guessed"))
        i = end
    # "till Mora och Orsa", "people come from Växjö and Karlskrona": a list shares its role
    for a, b in zip(mentions, mentions[1:], strict=False):
        between = low[a.end : b.start]
        listed = between and all(w in LIST_JOIN for w in between)
        if listed and b.role == "bare" and a.role in ("to", "at", "from", "plan"):
            b.role = a.role
    # "Mjölby och Motala möts hos oss i Linköping": the towns that meet are guests, not the place
    for m in mentions:
        if m.role in ("bare", "org", "plan") and _meets_after(raw, low, m.end):
            m.role = "guest"
    # "på Campus Valla i Linköping": a part of the town named before it
    for a, b in zip(mentions, mentions[1:], strict=False):
        inside = b.start == a.end + 1 and low[a.end] in ("i", "in")
        if inside and a.role in ("at", "bare") and b.role == "at":
            a.role = "district"
    # routes: "Upsala → Tierp", "Arlanda–Luleå", "Upsala-Tierp"
    for a, b in zip(mentions, mentions[1:], strict=False):
        between = raw[a.end : b.start]
        if len(between) == 1 and between[0] in ROUTE and a.role not in ("from",):
            if a.role in ("bare", "org"):
                a.role = "route-from"
            if b.role in ("bare", "org"):
                b.role = "route-to"
    mentions += _sites(low, origin, sites)
    return mentions


GUEST_VERBS = words(
    "möts träffas ses samlas kommer meet meets gather come comes coming join joins joining "
    "ansluter deltar"
)


COME_VERBS = words("kommer come comes coming join joins joining ansluter")


def guests_come(raw: list[str], low: list[str], mentions: list[Mention]) -> bool:
    """Towns that come to the writer ("…, Norrköping och Motala kommer"): the writer hosts."""
    for m in mentions:
        if m.role != "guest":
            continue
        k = m.end
        while k < len(low) and (low[k] in LIST_JOIN or raw[k][:1].isupper()):
            k += 1
        while k < len(low) and low[k] in ("are", "is", "will", "ska", "also", "också"):
            k += 1
        nxt = low[k + 1] if k + 1 < len(low) else ""
        if k < len(low) and low[k] in COME_VERBS and nxt not in ("till", "to", "från", "from"):
            return True
    return False


MEET_US = words("träffar besöker möter meet meets visit visits visiting")


def _key(span: list[str]) -> str:
    """The folded name of a span of tokens, without a genitive "'s"."""
    name = " ".join(span)
    return fold(name[:-2] if name.endswith((":s", "’s", "'s")) else name)


def _organisation(raw: list[str], low: list[str], i: int, end: int) -> bool:
    """'Region Uppsala', 'Region Jämtland Härjedalen's', 'Kalmar läns landsting': the town names
    an organisation. Up to two capitalised words may stand between "Region" and the town."""
    if end < len(low) and low[end] in ("läns", "landsting", "landstinget"):
        return True
    for k in range(i - 1, max(-1, i - 4), -1):
        if low[k] in ORG_BEFORE:
            return True
        if not raw[k][:1].isupper():
            return False
    return False


def _meets_after(raw: list[str], low: list[str], k: int) -> bool:
    """The towns listed are the subject of a meeting verb ("Kinda, Ydre och Boxholm träffas")."""
    while k < len(low) and (low[k] in LIST_JOIN or raw[k][:1].isupper()):
        k += 1
    while k < len(low) and low[k] in ("are", "is", "will", "ska", "also", "också"):
        k += 1  # "Emmaboda and Torsås are coming to us"
    if k >= len(low):
        return False
    if low[k] in GUEST_VERBS:
        return True
    if low[k] in MEET_US and low[k + 1 : k + 2] in (["oss"], ["us"], ["mig"], ["me"]):
        return True  # "Vännäs och Vindeln träffar oss i Lycksele"
    if low[k] in lx.TRAVEL_VERBS and low[k + 1 : k + 2] in (["hit"], ["here"], ["över"]):
        return True  # "Mora och Orsa åker hit"
    return low[k] in ("har", "have", "has", "hold", "holds") and any(
        lx.MEETING_RE.search(w) for w in low[k + 1 : k + 3]
    )


def venue_before(low: list[str], i: int) -> bool:
    """'hos oss i Linköping', 'här i Falun', 'town hall in Skärhamn', 'mötet i Mora': the town
    names where the meeting itself is, even when it is the writer's own town."""
    j = i - 1 - (i >= 2 and low[i - 1] in ("the", "den"))
    before = low[max(0, j - 2) : j]
    if not before:
        return False
    return (
        before[-1] in VENUE_WORDS
        or before[-2:] == ["hos", "oss"]
        or bool(lx.MEETING_RE.search(before[-1]))
        or bool(lx.OWN_SITE_RE.search(" ".join(before)))
    )


VENUE_WORDS = words(
    "här here hall office kontoret kontor stadshuset kommunhuset rådhuset oss us place lokaler "
    "premises"
)


def _route_tail(tok: str, origin: Place | None) -> Place | None:
    parts = tok.split("-")
    if len(parts) != 2 or not parts[1][:1].isupper() or fold(parts[1]) in lx.COMMON_WORDS:
        return None
    return lookup(parts[1], origin, fuzzy=False)


def _topic(low: list[str], i: int) -> bool:
    """'om Umeås modell', 'about how Västerås handled it': the town is the subject matter."""
    return (i >= 1 and low[i - 1] in TOPIC_BEFORE) or (
        i >= 2 and low[i - 2] in ("about", "om") and low[i - 1] in ("how", "hur", "what", "vad")
    )


def _sites(low: list[str], origin: Place | None, sites: Mapping[str, Place]) -> list[Mention]:
    """The organisation's configured sites, and generic own-office words ("stadshuset")."""
    out: list[Mention] = []
    if not low:
        return out
    folded = " " + " ".join(fold(t) for t in low) + " "
    for name, place in sites.items():
        key = fold(name)
        stem = re.sub(r"(?:et|en|n)$", "", key)
        if key and (f" {key} " in folded or re.search(rf" {re.escape(stem)}\w* ", folded)):
            out.append(Mention(place, 0, 0, "site", 0.0))
    if not out and origin is not None and lx.OWN_SITE_RE.search(" ".join(low)):
        out.append(Mention(origin, 0, 0, "own-site", 0.0))
    return out
