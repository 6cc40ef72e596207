"""How the trip is made (car, train, bus, plane) and how many travel.

Both work on word tokens (lower case) so that "tjänstebilen", "X2000" and "4:an" are read as the
whole word they are; a mode that is negated or only a comparison ("smidigare än att köra dit",
"no need to drive") does not count.
"""

from __future__ import annotations

import re

from bot.lexicon import FIRST_NAMES, NUMBER_WORDS, PEOPLE_NOUNS, TITLE_RE, TRAVEL_VERBS, words

# Longest leg wins: a train to the airport and then a flight is a flight.
MODE_RANK = {"plane": 4, "train": 3, "bus": 2, "car": 1}
MODE_NEGATORS = words(
    "inte ej no not never än slipper instead istället sparar saves save saving avoid undvika "
    "utan without skip"
)
CAR_WORDS = words("""
    bil bilen bilar bilarna car cars carpool car-pool carpooling drive drives driving drove
    samåkning samåka samåker samåk skjutsa lift taxi taxin
    """)
# "kör" only when it goes somewhere ("kör till", "kör jag dit"), not "kör mötet" (hold it).
DRIVE_SV = frozenset({"kör", "köra", "körde", "kört"})
DRIVE_GOES = words(
    "till dit ner upp från hem bort över in tillbaka ut själv egen bil bilen någon jag vi via med "
    "mot"
)
DRIVE_NOT = words("mötet möte på igång en ett det vi den workshopen")
CAR_COMPOUND = re.compile(r"\w*(?:tjänste|pool|hyr|el|egen|privat|skol|kommun|personal)bil\w*")
RIDE_ASK = words("behöver behövs få ge ha har vill om erbjuder ordna ordnar någon en ta")
RIDE_ASK_EN = words("a need get give offer any")
# Operators and airlines named instead of the mode ("tar Mälartåg" is caught by "tåg").
BRANDS = {
    "sj": "train",
    "mtr": "train",
    "mtrx": "train",
    "snälltåget": "train",
    "norrtåg": "train",
    "vy": "train",
    "flixbus": "bus",
    "swebus": "bus",
    "bus4you": "bus",
    "sas": "plane",
    "finnair": "plane",
    "braathens": "plane",
    "klm": "plane",
    "lufthansa": "plane",
    "ryanair": "plane",
    "norwegian": "plane",
}
SUBJECTS = words("jag vi du ni han hon de dom man")
PICKUP = re.compile(
    r"\b(?:plocka|plockar|hämta|hämtar) upp\b|\bpick(?:ing)? (?:\w+ )?up\b|\bcollect(?:ing)?\b|"
    # seats to offer or a lift asked for: a car
    r"\b(?:\d|två|tre|fyra) (?:lediga )?platser\b|lediga platser|plats för \w+|free seats?|"
    r"seats? left|room for \w+|ta med mig|take me with|(?:någon|anyone|anybody) (?:som )?(?:kör|driving)\b"
)


def token_mode(tokens: list[str], i: int) -> str | None:
    """The mode a single token names, in its context."""
    t = tokens[i]
    if "buss" in t or t in ("bus", "buses", "coach") or re.fullmatch(r"\d{1,3}:an", t):
        return "bus"
    if "tåg" in t or t in ("train", "trains", "x2000", "sj", "rail", "railway", "pendeln"):
        return "train"
    if "flyg" in t or t in ("fly", "flies", "flying", "flew", "flight", "flights", "plane"):
        return "plane"
    if t in BRANDS and (t != "norwegian" or tokens[i - 1 : i] in (["with"], ["med"], ["flyger"])):
        return BRANDS[t]
    if t in DRIVE_SV:
        # "kör vi (jag, Malin och Sven) till …": look past the subject and the parentheses
        nxt = [w for w in tokens[i + 1 : i + 9] if w not in ("(", ")", ",")]
        after = nxt[1:] if nxt and nxt[0] in SUBJECTS else nxt
        if after and after[0] in DRIVE_NOT:
            return None
        ends = i + 1 == len(tokens) or tokens[i + 1] in (".", "!", "?", ",", ";", "och", "så")
        return "car" if ends or any(w in DRIVE_GOES for w in nxt[:4]) else None  # "jag kör."
    if t == "ride" and i > 0 and tokens[i - 1] in RIDE_ASK_EN:
        return "car"  # "need a ride", "anyone give me a ride"
    if t == "skjuts" and i > 0 and tokens[i - 1] in RIDE_ASK:
        return "car"
    if t in CAR_WORDS or t.startswith("bilpool") or t.startswith("samåk"):
        return "car"
    if CAR_COMPOUND.fullmatch(t) and not t.startswith("mobil"):
        return "car"
    return None


# A mode complained about is the one the writer does not take: "pendeln är opålitlig så jag
# kör", "Tåget passar dåligt", "Flyget är för dyrt, tar tåget".
COMPLAINT_RE = re.compile(
    r"\b(?:opålitlig\w*|unreliable|passar (?:dåligt|inte|illa)|funkar (?:inte|dåligt)|"
    r"fungerar (?:inte|dåligt)|strular|krånglar|går (?:för|alltför|väldigt|så) sällan|"
    r"för dyr\w*|too expensive|useless|sucks|hopeless|hopplös\w*|värdelös\w*|för långsam\w*|"
    r"too slow|tar för lång tid|takes (?:too|way too) long|never on time|aldrig i tid|"
    r"tar (?:\w+ )?timmar|takes (?:\w+ )?hours|tar en evighet|takes forever|"
    r"(?:is|are|är) (?:always|alltid|ofta|often) (?:late|sen|sent|försenad\w*)|"
    r"doesn't (?:work|fit|suit|go)|does not (?:work|fit|suit|go)|dåliga förbindelser|"
    r"bad connections|inga (?:bra )?förbindelser|går inte (?:dit|hela vägen|att)|"
    r"omöjlig\w*|opraktisk\w*|inconvenient|awkward|doesn't run|does not run|går inte)\b"
)
SEGMENT_BREAKS = frozenset(
    {",", ".", "!", "?", ";", "\n", "så", "so", "men", "but", "därför", "therefore", "eftersom",
     "because", "since"}
)  # fmt: skip


def _complained_about(tokens: list[str]) -> set[str]:
    """The modes named in a stretch of words that complains about them."""
    out: set[str] = set()
    seg: list[int] = []
    for i in range(len(tokens) + 1):
        if i < len(tokens) and tokens[i] not in SEGMENT_BREAKS:
            seg.append(i)
            continue
        if seg and COMPLAINT_RE.search(" ".join(tokens[k] for k in seg)):
            out |= {m for k in seg if (m := token_mode(tokens, k))}
        seg = []
    return out


def find_mode(tokens: list[str], text: str) -> str | None:
    """The main mode of transport named (and not negated or complained about) in the message."""
    best: str | None = None
    rejected = _complained_about(tokens) if COMPLAINT_RE.search(text) else set()
    for i in range(len(tokens)):
        mode = token_mode(tokens, i)
        if mode is None or any(w in MODE_NEGATORS for w in tokens[max(0, i - 4) : i]):
            continue
        if mode in rejected:
            continue
        if best is None or MODE_RANK[mode] > MODE_RANK[best]:
            best = mode
    if best is None and PICKUP.search(text):
        best = "car"  # "kan plocka upp folk i Djurås"
    return best


def _number(word: str) -> int | None:
    if word.isdigit():
        n = int(word)
        return n if 1 <= n <= 60 else None
    return NUMBER_WORDS.get(word)


GROUP_RE = re.compile(
    r"\b(?:vi|we)\s*(?:är|blir|'re|’re|are|will be|'ll be)\s+(\w+)\b(?!\s*(?:minuter|min|timmar|"
    r"hours|dagar|days|kr|sek))"
)
COUNT_RE = re.compile(
    r"\b(\w+)\s+(?:pers|personer|people|persons|deltagare|participants|resenärer|travellers|"
    r"travelers|of us|av oss|från oss|st|stycken)\b|"
    r"\b(?:gäng|grupp|group|team|party) (?:på|of) (\w+)\b|"
    # "Fyra från socialtjänsten åker…", "Three from HR are driving…"
    r"(?<!kl )(?<!at )(?<!den )(?<!the )(?<![.:])\b(\w+) (?:från|from) \w+(?: \w+)? (?:som |who )?"
    r"(?:åker|kör|reser|flyger|tar|ska|är|kommer|going|driving|are|coming|travel\w*|will)\b|"
    # "…, fyra från Åtvidaberg": a count closing the sentence
    r"(?<!kl )(?<!at )(?<!den )(?<!the )(?<![.:])\b(\w+) (?:från|from) \w+\s*(?:$|[,.!])"
)
ME_PLUS_RE = re.compile(
    rf"\b(?:me|jag|i|och jag|and i)\s*(?:\+|plus|and|och)\s*(\w+)\s+(?:{PEOPLE_NOUNS}|till)\b|"
    r"\b(?:me|jag|i)\s*\+\s*(\d{1,2})\b|"
    # "jag + kollega", "me plus my manager": one more
    r"\b(?:me|jag|i)\s*(?:\+|plus)\s*(?:en |a |my |min )?(kollega\w*|colleague|chef\w*|boss|manager)\b"
)
# "med två kollegor", "with 2 colleagues", "tillsammans med tre politiker": the writer and them.
WITH_GROUP_RE = re.compile(
    rf"\b(?:med|with|plus|\+)\s+(?:mina\s+|my\s+|våra\s+|our\s+)?(\w+)\s+(?:{PEOPLE_NOUNS})\b"
)
PAIR_RE = re.compile(
    r"\b(?:vi|we|us)\s+(två|tre|fyra|fem|sex|two|three|four|five|six|båda|both)\b|"
    r"\b(?:the|all)\s+(two|three|four|five|six) of us\b|\bboth of us\b|\bbåda två\b"
)


SEPARATORS = frozenset({",", "och", "and", "&", "+"})
_STOP_LIST = words(
    "are is ska kör åker going driving doing gör har will to till på on i in at för for from "
    "från med with som who the"
)


def _person_like(words: list[str], places: set[str]) -> bool:
    return any((w[:1].isupper() and w not in places) or TITLE_RE.match(w.lower()) for w in words)


def _companions(raw: list[str], start: int, step: int, places: set[str]) -> int:
    """Count people listed from `start` in direction `step`: "Eva, Hans and Lotta" -> 3."""
    count, i, n = 0, start, len(raw)
    limit = 3 if step > 0 else 1
    while 0 <= i < n:
        j, words = i, []
        while 0 <= j < n and len(words) < limit:
            w = raw[j]
            if w.lower() in SEPARATORS or not w.replace("-", "").isalpha():
                break
            if w.lower() in _STOP_LIST and not (step > 0 and not words and w.lower() == "the"):
                break
            words.append(w)
            j += step
        if not words or not _person_like(words, places):
            break
        count += 1
        if 0 <= j < n and raw[j].lower() in SEPARATORS:
            i = j + step
            continue
        break
    return count


def find_participants(raw_tokens: list[str], text: str, places: set[str]) -> int | None:
    """How many travel, when the message says: "vi är fem", "me + 3", "Eva och jag", "with Per"."""
    if m := ME_PLUS_RE.search(text):
        n = 1 if m[3] else _number(m[1] or m[2])
        if n:
            return n + 1
    for m in WITH_GROUP_RE.finditer(text):
        n = _number(m[1])
        if n and _after_travel(text[: m.start()].split(), None):
            return n + 1
    for rx in (GROUP_RE, COUNT_RE):
        for m in rx.finditer(text):
            n = _number(next(g for g in m.groups() if g))
            if n and n > 1:
                return n
    if m := PAIR_RE.search(text):
        word = m[1] or m[2]
        if word in ("båda", "both") or word is None:
            return 2
        return NUMBER_WORDS.get(word)
    low = [t.lower() for t in raw_tokens]
    n = len(low)
    for i, t in enumerate(low):
        if t not in ("jag", "me", "i") or (t == "i" and raw_tokens[i] != "I"):
            continue
        # "jag och Jonas", "me and Sara"
        if i + 2 < n and low[i + 1] in SEPARATORS and raw_tokens[i + 2] not in places:
            k = _companions(raw_tokens, i + 2, 1, places)
            if k:
                return k + 1
        # "Eva och jag", "Kommunchefen och jag", "Per and I"
        if i >= 2 and low[i - 1] in ("och", "and", "&") and raw_tokens[i - 2] not in places:
            k = _companions(raw_tokens, i - 2, -1, places) if low[i - 2] not in _STOP_LIST else 0
            if k:
                return k + 1
    for i, t in enumerate(low):
        # "Per och Lisa följer med", "Eva and Hans are coming along"
        joining = t in ("följer", "hänger", "åker") and low[i + 1 : i + 2] == ["med"]
        if (joining or t == "along") and i >= 1:
            j = i - 1 if joining else i - 2
            k = _companions(raw_tokens, j, -1, places) if j >= 0 else 0
            if k:
                return k + 1
    for i, t in enumerate(low):
        together = i > 0 and low[i - 1] in ("tillsammans", "together")
        listing = t == "plus" or (t in ("with", "med") and (together or _after_travel(low, i)))
        if listing and low[i + 1 : i + 2] in (["mig"], ["oss"]):
            i += 1  # "tar med mig Lisa och Anders"
        if listing and i + 1 < n and raw_tokens[i + 1] not in places:
            k = _companions(raw_tokens, i + 1, 1, places)
            first = raw_tokens[i + 1]
            if k and (first[:1].isupper() or TITLE_RE.match(low[i + 1]) or low[i + 1] in OWNERS):
                return k + 1
    for i, t in enumerate(low):
        # "jag plockar upp Kalle", "I'll collect Sara in Lidköping": a named person rides along
        if t in PICK_VERBS and low[i + 1 : i + 3] in (["jag", "upp"], ["vi", "upp"]):
            t, i = "plockar", i + 1  # "Imorgon hämtar jag upp Anna": past the subject
        step = 2 if t in PICK_VERBS and low[i + 1 : i + 2] == ["upp"] else 1
        if t in PICK_VERBS and step == 1 and i + 1 < n and _named(raw_tokens[i + 1], places):
            return 2  # "hämtar Ahmed", "plockar Eva på vägen"
        if (t in PICK_VERBS and step == 2) or t in ("collect", "collecting", "pick", "picking"):
            j = i + step + (t.startswith("pick") and low[i + 1 : i + 2] == ["up"])
            if j < n and raw_tokens[j][:1].isupper() and raw_tokens[j] not in places:
                k = _companions(raw_tokens, j, 1, places)
                if k:
                    return k + 1
    return None


PICK_VERBS = words("plockar plocka hämtar hämta")


def _named(tok: str, places: set[str]) -> bool:
    """A person by first name (or a colleague mentioned), not a thing: "hämtar Ahmed"."""
    return tok not in places and (tok.lower() in FIRST_NAMES or tok == "Kollegan")


OWNERS = words("min mitt my our vår")
_TRAVEL_NEAR = TRAVEL_VERBS | words(
    "kör köra tar take taking reser åker dra drar heading samåker tåget bilen train car flight "
    "flyget bussen bus trip resan"
)
_MEETING_WORD = re.compile(r"möte|meeting|träff|meet|workshop|konferens|conference|intervju")


def _after_travel(low: list[str], i: int | None) -> bool:
    """'with Per' counts as a traveller only after a travel word, not 'meeting with Per'."""
    before = low[max(0, i - 8) : i] if i is not None else low[-8:]
    for w in reversed(before):
        w = w.strip(".,;:!?")
        if _MEETING_WORD.search(w):
            return False
        if w in _TRAVEL_NEAR:
            return True
    return False
