"""Understanding: does a chat message announce a trip or an in-person meeting, and should we nudge?

The steps, each small and testable:
1. a cheap first pass (`lexicon.has_cue`): ordinary chatter stops here, before any tokenising,
   place lookup or date parsing;
2. tokens and clauses (split at sentence ends, commas and "men"/"but"), so that "Christoffer åker
   till Karlstad men jag stannar här" keeps the trip with Christoffer;
3. places (`places`), scored by how they are introduced: "till X" beats "i X" beats a bare name;
   "från X" is the origin; pick-up points, hubs and someone else's places count against;
4. when (`when`), mode and travellers (`trip_details`);
5. the decision: a trip or meeting of the writer's, in the future, not remote, not cancelled, not
   private, not a visit that must be made in person -> nudge. Each step adds a short reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot import lexicon as lx
from bot.lexicon import words
from bot.places import Place, countries, fold, lookup
from bot.trip_details import RIDE_ASK, find_mode, find_participants, token_mode
from bot.when import find_when

MAX_CHARS = 4000  # longer messages are read only this far: a 200 KB paste stays fast


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


# --- Text to tokens and clauses ---------------------------------------------------------------
MARKUP_RE = re.compile(r"<[@#!][^>]*>|<https?://[^>|]*(?:\|([^>]*))?>|https?://\S+|:[a-z0-9_+-]+:")
TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’:.][^\W_]+)*|->|→|[–—]|(?<=\s)-(?=\s)|[.,;!?:()\n&+]")
CLAUSE_END = frozenset({".", "!", "?", ";", "\n", ",", "(", ")"})
CLAUSE_WORDS = frozenset({"men", "but", "medan", "while", "whereas", "although"})
SENTENCE_END = frozenset({".", "!", "?", "\n", ":", "(", ")"})
ROUTE = frozenset({"->", "→", "–", "—", "-"})


def _clean(text: str) -> str:
    text = text[:MAX_CHARS]
    if "<" not in text and ":" not in text and "http" not in text:
        return text  # the usual case: nothing to strip
    return MARKUP_RE.sub(lambda m: f" {m[1]} " if m[1] else " ", text)


# Chat shorthand: "t" is "till" before a town or after a travel verb
SHORT_TILL_RE = re.compile(
    r"(?:(?<=\s)|\b(åker|kör|ska|drar|reser|flyger|väg|åka|köra|tåget|bussen) )t(?=\s+[A-ZÅÄÖ])|"
    r"\b(åker|kör|ska|drar|reser|flyger|väg|åka|köra) t(?=\s)",
    re.IGNORECASE,
)
SHORT_WORD_RE = re.compile(
    r"(?<=[^\W\d] )(?:e|o|m)(?= [^\W_])|(?<=^)[Ee](?= (?:vi|ni|du|jag|det)\b)|\b(?:[Nn]gn|[Nn]ån|[Nn]gt|dan)\b",
    re.MULTILINE,
)
SHORT_WORDS = {"e": "är", "o": "och", "m": "med", "ngn": "någon", "nån": "någon", "ngt": "något",
               "dan": "dagen"}  # fmt: skip


def _long_form(m: re.Match) -> str:
    word = SHORT_WORDS.get(m[0].lower(), m[0])
    return word.capitalize() if m[0][:1].isupper() else word


def _expand_shorthand(text: str) -> str:
    """Chat shorthand, read as the words it stands for: "åker t Östersund", "jag o Tove",
    "samåker m Tove", "vi e tre", "ngn mer?", "hela dan"."""
    if " t " in text or " T " in text:
        text = SHORT_TILL_RE.sub(lambda m: f"{m[1] or m[2] or ''} till".lstrip(), text)
        text = text.replace("  till", " till")
    if (
        " e " in text
        or " o " in text
        or " m " in text
        or text[:2] in ("e ", "E ")
        or any(w in text for w in ("ngn", "Ngn", "nån", "Nån", "ngt", " dan"))
    ):
        text = SHORT_WORD_RE.sub(_long_form, text)
    return text


def _tokens(text: str) -> list[str]:
    # "13.30" and "9.30" stay one token; sentence dots are separate tokens
    return [t.rstrip(".") or t for t in TOKEN_RE.findall(text)]


def _clauses(raw: list[str], low: list[str]) -> list[int]:
    """The clause number of each token."""
    out, n = [], 0
    for i, t in enumerate(low):
        if (t in CLAUSE_END or t in CLAUSE_WORDS) and not _in_list_of_people(raw, low, i):
            n += 1
        out.append(n)
    return out


def _in_list_of_people(raw: list[str], low: list[str], i: int) -> bool:
    """A comma inside "Jag, Malin och Sven kör…" or "Me, Anna and Per are…" joins, not splits."""
    if low[i] != "," or i == 0 or i + 1 >= len(raw):
        return False

    def person(k: int) -> bool:
        return low[k] in lx.FIRST_PERSON or (raw[k][:1].isupper() and raw[k].isalpha())

    return (
        person(i - 1)
        and person(i + 1)
        and any(w in ("och", "and", "&") for w in low[i + 2 : i + 5])
    )


def detect_lang(low_tokens: list[str]) -> str:
    sv = sum(t in lx.SV_HINTS for t in low_tokens)
    en = sum(t in lx.EN_HINTS for t in low_tokens)
    return "en" if en > sv else "sv"


# --- Places in the text -----------------------------------------------------------------------
@dataclass
class Mention:
    place: Place
    start: int
    end: int
    role: str  # to, at, from, bare, route-from, route-to, compound, org, site, own-site, topic
    score: float
    guessed: bool = False  # found only by allowing one misspelt letter


ROLE_SCORE = {
    "to": 3.0,
    "route-to": 2.5,
    "at": 2.0,
    "site": 2.5,
    "compound": 1.5,
    "own-site": 1.2,
    "bare": 1.0,
    "org": 0.5,
    "host-org": 1.6,
    "guest": 0.3,
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
    "stad kommun kommuns kommune kaupunki region län it city municipality council county stift "
    "hamn fylkeskommune"
)


def _prep(low: list[str], i: int) -> str:
    """The preposition before token i ("at the Säter office" looks past "the")."""
    j = i - 1
    if j >= 0 and low[j] in ("the", "den", "det"):
        j -= 1
    if j < 0:
        return ""
    w = low[j]
    if w in lx.PREP_TO or (w == "blir" and low[j + 1] == "det"):
        return "to"  # "Måndag blir det Falköping för mig": the writer's plan
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
    prep = _prep(low, i)
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
                if place is not None and fold(stem) not in lx.COMMON_WORDS:
                    return place, i + 1, "compound"
    return None


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


def find_places(raw: list[str], low: list[str], clause: list[int], ctx: Context) -> list[Mention]:
    mentions: list[Mention] = []
    i, n = 0, len(raw)
    while i < n:
        if not _is_word(raw[i]):
            i += 1
            continue
        found = _candidate(raw, low, i, ctx.origin)
        if found is None:
            i += 1
            continue
        place, end, how = found
        prep = _prep(low, i)
        if _topic(low, i):
            role = "topic"
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
        tail = _route_tail(raw[i], ctx.origin) if how == "compound" else None
        if tail is not None:  # "Uppsala-Stockholm": a route in one word
            mentions.append(Mention(place, i, end, "route-from", 0.0))
            mentions.append(Mention(tail, i, end, "route-to", 0.0))
        else:
            mentions.append(Mention(place, i, end, role, 0.0, guessed=how == "guessed"))
        i = end
    # "Mjölby och Motala möts hos oss i Linköping": the towns that meet are guests, not the place
    for m in mentions:
        if m.role in ("bare", "org") and _meets_after(raw, low, m.end):
            m.role = "guest"
    # routes: "Upsala → Tierp", "Arlanda–Luleå", "Upsala-Tierp"
    for a, b in zip(mentions, mentions[1:], strict=False):
        between = raw[a.end : b.start]
        if len(between) == 1 and between[0] in ROUTE and a.role not in ("from",):
            if a.role in ("bare", "org"):
                a.role = "route-from"
            if b.role in ("bare", "org"):
                b.role = "route-to"
    mentions += _sites(low, ctx)
    return mentions


GUEST_VERBS = words("möts träffas ses samlas kommer meet meets gather come")


def _meets_after(raw: list[str], low: list[str], k: int) -> bool:
    """The towns listed are the subject of a meeting verb ("Kinda, Ydre och Boxholm träffas")."""
    while k < len(low) and (low[k] in LIST_JOIN or raw[k][:1].isupper()):
        k += 1
    if k >= len(low):
        return False
    if low[k] in GUEST_VERBS:
        return True
    return low[k] in ("har", "have", "has", "hold", "holds") and any(
        lx.MEETING_RE.search(w) for w in low[k + 1 : k + 3]
    )


def _venue_before(low: list[str], i: int) -> bool:
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


VENUE_WORDS = words("här here hall office kontoret kontor stadshuset kommunhuset rådhuset oss us")


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


def _sites(low: list[str], ctx: Context) -> list[Mention]:
    """The organisation's configured sites, and generic own-office words ("stadshuset")."""
    out: list[Mention] = []
    if not low:
        return out
    folded = " " + " ".join(fold(t) for t in low) + " "
    for name, place in ctx.sites.items():
        key = fold(name)
        stem = re.sub(r"(?:et|en|n)$", "", key)
        if key and (f" {key} " in folded or re.search(rf" {re.escape(stem)}\w* ", folded)):
            out.append(Mention(place, 0, 0, "site", 0.0))
    if not out and ctx.origin is not None and lx.OWN_SITE_RE.search(" ".join(low)):
        out.append(Mention(ctx.origin, 0, 0, "own-site", 0.0))
    return out


# --- Who: the writer or someone else ----------------------------------------------------------
def _is_name(raw: list[str], i: int) -> bool:
    """A person's name: known first names, or a capitalised unknown word that is not a place,
    a verb or a time word (at a sentence start only when it does not look like a verb)."""
    tok = raw[i]
    key = tok.lower()
    if not tok[:1].isupper() or not tok.isalpha() or key in lx.NOT_PLACE or key in lx.NOT_NAME:
        return False
    if key in lx.FIRST_NAMES:
        return True
    if token_mode([key], 0) is not None:
        return False  # "taking Norrtåg", "flyger SAS"
    if key in lx.COMMON_WORDS or re.search(r"(?:arna|erna|orna|na|ing|ed)$", key):
        return False
    if i > 0 and raw[i - 1].lower() in ("the", "den", "det", "a", "an", "en", "ett"):
        return False
    if fold(tok) in countries():
        return False  # "Going to Finland": a country, not a person
    if (i == 0 or raw[i - 1] in SENTENCE_END) and re.search(
        r"(?:er|ar|ör|ir|ra|ta|ka|en|et)$", key
    ):
        return False  # "Behöver åka", "Bokar tåg": a verb, not a name
    return lookup(tok, None, fuzzy=False) is None


def _personish(raw: list[str], i: int) -> bool:
    low = raw[i].lower()
    ours = i > 0 and raw[i - 1].lower() in ("our", "vår", "vårt", "våra")  # "our team is…"
    return (
        low in lx.THIRD_PRONOUNS
        or bool(lx.TITLE_RE.match(low))
        or bool(lx.ORG_SUBJECT_RE.match(low) and not ours)
        or _is_name(raw, i)
        or _town_subject(raw, i)
    )


def _town_subject(raw: list[str], i: int) -> bool:
    """'Ludvika ska bygga…', 'Mina kollegor i Mora har möte': a town doing something is news or
    someone else's, not the writer's trip ("Mora blir det" is, so "blir" does not count)."""
    nxt = raw[i + 1].lower() if i + 1 < len(raw) else ""
    return (
        raw[i][:1].isupper() and nxt in TOWN_DOES and lookup(raw[i], None, fuzzy=False) is not None
    )


def _first_person(raw: list[str], low: list[str], lang: str) -> bool:
    if any(t in lx.FIRST_PERSON for t in low):
        return True
    # "I" is English; "Jonas and I" is the writer in any message
    return "I" in raw and (
        lang == "en" or any(low[k - 1] in PAIR_JOIN for k, t in enumerate(raw) if t == "I" and k)
    )


PAIR_JOIN = frozenset({"and", "och", "&", "+"})


def _our_town_listed(raw: list[str], low: list[str], j: int, origin: Place | None) -> bool:
    """'Nyköping och Gnesta har möte…' written in Nyköping: our own organisation is a subject."""
    if origin is None:
        return False
    while j >= 0 and (low[j] in LIST_JOIN or raw[j][:1].isupper()):
        if raw[j][:1].isupper() and fold(raw[j]) == fold(origin.name):
            return True
        j -= 1
    return False


LIST_JOIN = frozenset({",", "och", "and", "&", "+", "kommun", "kommune", "stad", "region"})


OBJECT_ME = frozenset({"mig", "oss", "me", "us", "myself"})
# "skjutsa mig", "bjudit in oss": the writer as the object still travels
FOR_ME_RE = re.compile(
    r"\b(?:skjutsa|skjutsar|ta med|tar med|plocka upp|hämta|give|drive|pick|bjud\w*|bjöd|"
    r"kalla\w*|invit\w*|välkomna|welcome|besöka|besöker|visit\w*|till|to|hos|med|with|för|for|åt)"
    r" (?:\w+ )?(?:mig|oss|me|us)\b"
)


def _someone_else(
    raw: list[str], low: list[str], lang: str, origin: Place | None = None, whole: str = ""
) -> bool:
    """'Christoffer åker till…', 'Jonas is flying…', 'imorgon åker hon…' with no 'jag'/'I'.
    'Kul att Jukka får åka och representera oss': 'oss' as the object is not the writer going."""
    if _first_person(raw, low, lang):
        subject_me = any(
            t == "me"
            and (k == 0 or low[k + 1 : k + 2] in ([","], ["plus"], *([w] for w in PAIR_JOIN)))
            for k, t in enumerate(low)
        )
        only_object = (
            all(t in OBJECT_ME for t in low if t in lx.FIRST_PERSON)
            and "I" not in raw
            and not subject_me
        )
        if not only_object or FOR_ME_RE.search(" ".join(low)):
            return False
    if (
        len(low) > 2
        and low[0] in lx.FIRST_NAMES
        and raw[0][:1].isupper()
        and re.fullmatch(r"[a-zåäö]{3,}(?:s|ar|er|ör|ir)", low[1])
        and low[1] not in lx.COMMON_WORDS
    ):
        return True  # "Leila presents our results in Malmö", "Jonas presenterar i Mora"
    for v, w in enumerate(low):
        if w.endswith(("'s", "’s")) and low[v + 1 : v + 2] and low[v + 1] in lx.TRAVEL_VERBS:
            # "Kalle's driving to Värnamo", "The mayor's going to Stockholm": 's is "is"
            bare = [*raw[:v], raw[v][:-2], *raw[v + 1 :]]
            if _personish(bare, v):
                return True
        if w not in lx.FINITE_AFTER_NAME:
            continue
        j = v - 1
        while j >= 0 and low[j] in lx.SUBJECT_SKIP:
            j -= 1
        if j >= 2 and low[j - 1] in OF_PREPS:
            j -= 2  # "Mina kollegor i Mora har…", "Our meeting with Stenungsund is…": the head
        if j >= 0 and _personish(raw, j):
            if _town_subject(raw, j) and _our_town_listed(raw, low, j, origin):
                return False
            # "någon som vill samåka?" asks for company on the writer's own trip
            asks = lx.OFFER_RE.search(" ".join(low)) or lx.OFFER_RE.search(whole)
            return not (low[j] in lx.THIRD_PRONOUNS and asks)
        k = v + 1
        while k < len(low) and low[k] in lx.AUX:
            k += 1
        if k < len(low) and (
            (w in lx.TRAVEL_VERBS and (low[k] in lx.THIRD_PRONOUNS or _is_name(raw, k)))
            # "Ska du till Mora?", "Are you going…", "Is Anna driving…"
            or (w in ASKING_VERBS and (low[k] in lx.SECOND_PRONOUNS or _is_name(raw, k)))
        ):
            return True
        break  # only the first verb of a clause names its subject
    return False


ONWARD = words("vidare sedan sen därifrån then onward onwards continuing")
OF_PREPS = words("i in with med från from på at hos for för of")
MUST = ("ska", "måste", "behöver", "hinner")
ASKING_VERBS = words("ska skall kommer is are will does do har hade have has vet did")
TOWN_DOES = words(
    "har hade ska vill planerar bygger beslutade skriver has had will wants plans decided is "
    "asked frågade frågar söker ansöker applied"
)


# --- The decision -----------------------------------------------------------------------------
@dataclass
class ClauseCues:
    travel: bool = False
    meeting: bool = False
    other: bool = False
    remote: bool = False
    verb: bool = False  # a travel word of its own, not only "till X"
    first_cue: int = 10**9  # position of the first travel cue, to tell travel from meeting
    first_meeting: int = 10**9


def _travel_token(low: list[str], i: int) -> bool:
    t = low[i]
    if t == "skjuts":  # "behöver skjuts" is a ride; "mötet skjuts till …" is postponed
        return i > 0 and low[i - 1] in RIDE_ASK
    if t in ("tar", "ta", "take", "taking", "took", "tog", "bokar", "bokat", "booked", "book"):
        return any(token_mode(low, k) for k in range(i + 1, min(i + 4, len(low))))
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


def _cues(
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
        if _travel_token(low, i):
            c.travel = c.verb = True
            c.first_cue = min(c.first_cue, i)
        if low[i] in lx.MEET_VERBS or lx.MEETING_RE.search(low[i]):
            c.meeting = True
            c.first_meeting = min(c.first_meeting, i)
    for m in mentions:
        if lo <= m.start < lo + len(low):
            if m.role in ("to", "route-to"):
                c.travel = True
                c.first_cue = min(c.first_cue, m.start - lo)
            elif m.role in ("at", "compound") and lx.PRESENCE_RE.search(text):
                c.travel = True
    if (
        re.search(r"bokat rum|boka rum|book(?:ed)? a room", text)
        or lx.HOST_RE.search(text)
        or lx.SEE_YOU_RE.search(text)
    ):
        c.meeting = True
    # "Lycka till i Umeå!", "Vet någon om bussen till Mora går…": about others or general
    addressed = bool(lx.ADDRESSED_RE.search(text)) and not _first_person(raw, low, lang)
    c.other = addressed or _someone_else(raw, low, lang, origin, whole)
    c.remote = (
        _remote(low, text)
        and not lx.FINISHED_RE.search(text)
        and (
            c.travel or c.meeting or _first_person(raw, low, lang) or bool(lx.JOIN_RE.search(text))
        )
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
    cleaned = _clean(text)
    if not lx.has_cue(cleaned.lower()):
        # shorthand can hide a cue ("jag e i Mora"): expand it only when it is there
        expanded = _expand_shorthand(cleaned)
        if expanded == cleaned or not lx.has_cue(expanded.lower()):
            return _nothing(ctx, "no travel or meeting words")
    cleaned = _expand_shorthand(cleaned)
    lowered = cleaned.lower()
    raw = _tokens(cleaned)
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

    clause_of = _clauses(raw, low)
    mentions = find_places(raw, low, clause_of, ctx)
    cues: dict[int, ClauseCues] = {}
    for cid in sorted(set(clause_of)):
        idx = [i for i, c in enumerate(clause_of) if c == cid]
        lo, hi = idx[0], idx[-1] + 1
        cues[cid] = _cues(raw[lo:hi], low[lo:hi], lang, mentions, lo, ctx.origin, lowered)
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

    # where: score each mention, drop someone else's and the stated origin
    there_refs = any(w in ("dit", "there") for w in low)
    origin = ctx.origin
    stated_origin = None
    for m in mentions:
        if m.role in ("from", "route-from") and stated_origin is None:
            stated_origin = m.place if m.place.name not in lx.HUBS else None
    # the writer's own town counts against, unless the message says the trip starts elsewhere
    start = stated_origin or ctx.origin
    hosting = bool(lx.HOST_RE.search(lowered))
    for m in mentions:
        m.score = ROLE_SCORE[m.role] - 0.01 * m.start - 0.6 * m.guessed
        clause = cues.get(clause_of[m.start]) if m.role not in ("site", "own-site") else None
        if clause is not None and clause.other and not there_refs:
            m.score -= 4
        if m.place.name in lx.HUBS:
            m.score -= 2
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
        venue = (m.role == "at" and _venue_before(low, m.start)) or (
            m.role == "own-site" and hosting
        )
        if venue:
            m.score += 0.3
        elif start is not None and m.place.name == start.name:
            m.score -= 1.5
    if stated_origin is not None:
        origin = stated_origin
        reasons.append(f"origin stated: {origin.name}")
    ranked = sorted((m for m in mentions if m.score > 0), key=lambda m: -m.score)
    destination = ranked[0].place if ranked else None
    if destination is not None:
        reasons.append(f"destination {destination.name} ({ranked[0].role})")
    mention = None
    if destination is None:
        mention = _unknown_mention(raw, low, clause_of, cues)
        local = mention or lx.OWN_SITE_RE.search(lowered)
        if ctx.origin is not None and local and lx.LOCAL_RE.search(lowered):
            destination, mention = ctx.origin, None
            reasons.append("local trip within the home town")
        elif ctx.origin and not mention and lx.HOST_RE.search(lowered):
            destination = ctx.origin  # "Delegationen från Tallinn kommer till oss": here
            reasons.append("the writer hosts at home")
        if mention:
            reasons.append(f"unknown place {mention!r}: ask where")

    past_day = bool(lx.PAST_DAY_RE.search(lowered))
    past_hint = past_day or bool(lx.PAST_VERB_RE.search(lowered))
    found = find_when(lowered, _local_now(ctx), past_hint)
    when = found.when
    if when is not None or found.how == "impossible date":
        reasons.append(f"when: {found.how}")
    own_tokens = [t for i, t in enumerate(low) if not cues[clause_of[i]].other]
    mode = find_mode(own_tokens, lowered)  # seats and lifts asked for count from any clause
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

    if lx.CANCEL_RE.search(lowered):
        return result(False, "cancelled")
    if postponed := lx.POSTPONE_RE.search(lowered):
        # "flyttas till den 3/12" keeps the meeting on its new date; "skjuts upp" alone ends it
        later = find_when(lowered[postponed.end() :], _local_now(ctx), past_hint)
        if later.when is None or later.how.startswith("time only"):
            moved_to = len(_tokens(cleaned[: postponed.end()]))
            if not any(m.start >= moved_to and m.role == "to" for m in mentions):
                return result(False, "postponed, no new date")
        else:
            found, when = later, later.when
            reasons.append(f"new date: {later.how}")
    if lx.DISRUPTION_RE.search(lowered):
        return result(False, "talk about delays, not a plan")
    today = _local_now(ctx).date()
    when_day = when.date() if isinstance(when, datetime) else when
    strong_past = lx.STRONG_PAST_RE.search(lowered) and found.how in ("weekday", "no date")
    if (
        found.past
        or (when is None and past_hint)
        or (past_day and when_day == today)
        or strong_past
    ):
        return result(False, "in the past")
    linked = "http" in text[:MAX_CHARS] or "www." in text[:MAX_CHARS]
    if lx.DOC_RE.search(lowered) and (
        "?" in lowered or linked or not _first_person(raw, low, lang)
    ):
        # "Vad säger policyn om…?", "Här är länken till resepolicyn": about the rules, not a trip
        return result(False, "about travel rules or a document, not a trip")
    remote = any(c.remote for c in cues.values()) and not lx.WEIGHING_RE.search(lowered)
    if remote or lx.NOT_GOING_RE.search(lowered):
        return result(False, "joined remotely or not going")
    if visit:
        return result(False, "a visit that has to be made in person")
    planned = _first_person(raw, low, lang) and any(c.verb for c in own)
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
    if home and not travel and not lx.HOST_RE.search(lowered):
        return result(False, "in the home town and nobody travels")
    if home and lx.HOST_RE.search(lowered) and not travel:
        return result(True, "the writer hosts: others must travel")
    return result(True, "a trip or in-person meeting to come")


def _unknown_mention(
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
        prep = _prep(low, i)
        clause = cues[clause_of[i]]
        if clause.other or not (prep == "to" or (prep == "at" and clause.travel)):
            continue
        if raw[i - 1].lower() in ("the", "den", "det"):
            continue
        words = [tok]
        if i + 1 < len(raw) and raw[i + 1][:1].isupper() and raw[i + 1].isalpha():
            words.append(raw[i + 1])
        return " ".join(words)
    return None
