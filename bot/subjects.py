"""Who: the writer, or someone else.

A clause is someone else's when its first verb has a third-person subject ("Christoffer åker…",
"Min chef ska…", "Kalle's driving…", "Borlänge kommun har möte…"), a second-person one ("Åker
du…?") or only has the writer as the object ("Kul att Jukka får åka och representera oss").
"""

from __future__ import annotations

import re

from bot import lexicon as lx
from bot.chat_text import SENTENCE_END
from bot.lexicon import LIST_JOIN, PAIR_JOIN, words
from bot.places import Place, countries, fold, lookup
from bot.trip_details import token_mode


def is_name(raw: list[str], i: int) -> bool:
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
        or is_name(raw, i)
        or _town_subject(raw, i)
    )


def _town_subject(raw: list[str], i: int) -> bool:
    """'Ludvika ska bygga…', 'Mina kollegor i Mora har möte': a town doing something is news or
    someone else's, not the writer's trip ("Mora blir det" is, so "blir" does not count)."""
    nxt = raw[i + 1].lower() if i + 1 < len(raw) else ""
    return (
        raw[i][:1].isupper() and nxt in TOWN_DOES and lookup(raw[i], None, fuzzy=False) is not None
    )


def first_person(raw: list[str], low: list[str], lang: str) -> bool:
    if any(t in lx.FIRST_PERSON for t in low):
        return True
    # "I" is English; "Jonas and I" is the writer in any message
    return "I" in raw and (
        lang == "en" or any(low[k - 1] in PAIR_JOIN for k, t in enumerate(raw) if t == "I" and k)
    )


def _our_town_listed(raw: list[str], low: list[str], j: int, origin: Place | None) -> bool:
    """'Nyköping och Gnesta har möte…' written in Nyköping: our own organisation is a subject."""
    if origin is None:
        return False
    while j >= 0 and (low[j] in LIST_JOIN or raw[j][:1].isupper()):
        if raw[j][:1].isupper() and fold(raw[j]) == fold(origin.name):
            return True
        j -= 1
    return False


OBJECT_ME = frozenset({"mig", "oss", "me", "us", "myself"})
# "skjutsa mig", "bjudit in oss": the writer as the object still travels
FOR_ME_RE = re.compile(
    r"\b(?:skjutsa|skjutsar|ta med|tar med|plocka upp|hämta|give|drive|pick|bjud\w*|bjöd|"
    r"kalla\w*|invit\w*|välkomna|welcome|besöka|besöker|visit\w*|till|to|hos|med|with|för|for|åt)"
    r" (?:\w+ )?(?:mig|oss|me|us)\b|"
    # "My boss wants me to go…", "Three of us are taking the train…": the writer goes
    r"\b(?:wants?|asked|asks|needs|sends|sent|sending|told) (?:me|us) to\b|\b(?:of us|av oss)\b"
)


def someone_else(
    raw: list[str], low: list[str], lang: str, origin: Place | None = None, whole: str = ""
) -> bool:
    """'Christoffer åker till…', 'Jonas is flying…', 'imorgon åker hon…' with no 'jag'/'I'.
    'Kul att Jukka får åka och representera oss': 'oss' as the object is not the writer going."""
    if first_person(raw, low, lang):
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
        while j >= 0 and (low[j] in lx.SUBJECT_SKIP or _when_word(low[j])):
            j -= 1  # "Kalle imorn kl 10 åker till Mora": the day and time stand between
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
            (w in lx.TRAVEL_VERBS and (low[k] in lx.THIRD_PRONOUNS or is_name(raw, k)))
            # "Ska du till Mora?", "Are you going…", "Is Anna driving…"
            or (w in ASKING_VERBS and (low[k] in lx.SECOND_PRONOUNS or is_name(raw, k)))
        ):
            return True
        break  # only the first verb of a clause names its subject
    return False


WHEN_WORDS = words(
    "imorgon imorn idag ikväll tomorrow today tonight kl klockan nu now sen snart också även "
    "mån tis ons tors fre måndag tisdag onsdag torsdag fredag monday tuesday wednesday thursday "
    "friday"
)


def _when_word(w: str) -> bool:
    return w in WHEN_WORDS or bool(re.fullmatch(r"\d{1,2}(?:[.:]\d{2})?", w))


OF_PREPS = words("i in with med från from på at hos for för of")
ASKING_VERBS = words("ska skall kommer is are will does do har hade have has vet did")
TOWN_DOES = words(
    "har hade ska vill planerar bygger beslutade skriver has had will wants plans decided is "
    "asked frågade frågar söker ansöker applied"
)
