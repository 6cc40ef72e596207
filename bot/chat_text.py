"""Chat text to tokens and clauses: markup stripped, chat shorthand read as the words it stands
for, tokens with "13.30" and "Dals-Ed" kept whole, clauses split at sentence ends, commas and
"men"/"but" (a comma inside a list of people does not split)."""

from __future__ import annotations

import re

from bot import lexicon as lx

MAX_CHARS = 4000  # longer messages are read only this far: a 200 KB paste stays fast

MARKUP_RE = re.compile(
    r"(<@[^>]*>)|<[#!][^>]*>|<https?://[^>|]*(?:\|([^>]*))?>|https?://\S+|:[a-z0-9_+-]+:"
)
# A Slack or Teams mention of a person (<@U04KALLE1>) is read as a colleague: "<@U1> is heading
# to Helsingborg" is someone else's trip, "jag och <@U1>" two travellers.
MENTIONED = "Kollegan"
TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’:.][^\W_]+)*|->|→|[–—]|(?<=\s)-(?=\s)|[.,;!?:()\n&+]")
CLAUSE_END = frozenset({".", "!", "?", ";", "\n", ",", "(", ")"})
CLAUSE_WORDS = frozenset({"men", "but", "medan", "while", "whereas", "although"})
SENTENCE_END = frozenset({".", "!", "?", "\n", ":", "(", ")"})
ROUTE = frozenset({"->", "→", "–", "—", "-"})


def clean(text: str) -> str:
    text = text[:MAX_CHARS]
    if "<" not in text and ":" not in text and "http" not in text:
        return text  # the usual case: nothing to strip
    return MARKUP_RE.sub(_markup, text)


def _markup(m: re.Match) -> str:
    if m[1]:
        return f" {MENTIONED} "
    return f" {m[2]} " if m[2] else " "


# Chat shorthand: "t" is "till" before a town or after a travel verb
SHORT_TILL_RE = re.compile(
    r"(?:(?<=\s)|\b(åker|kör|ska|drar|reser|flyger|väg|åka|köra|tåget|bussen) )t(?=\s+[A-ZÅÄÖ])|"
    r"\b(åker|kör|ska|drar|reser|flyger|väg|åka|köra) t(?=\s)",
    re.IGNORECASE,
)
SHORT_WORD_RE = re.compile(
    r"(?<=[^\W\d] )(?:e|o|m)(?= [^\W_])|(?<=^)[Ee](?= (?:vi|ni|du|jag|det)\b)|"
    r"\b(?:[Nn]gn|[Nn]ån|[Nn]gt|dan)\b|"
    # "va": "vad" opening a sentence ("Va tid börjar det?"), else "var" ("mötet va bra")
    r"(?:^|(?<=[.!?] ))[Vv]a(?= [^\W\d])|(?<=[^\W\d] )va(?= [^\W\d])",
    re.MULTILINE,
)
SHORT_WORDS = {"e": "är", "o": "och", "m": "med", "ngn": "någon", "nån": "någon", "ngt": "något",
               "dan": "dagen"}  # fmt: skip


def _long_form(m: re.Match) -> str:
    if m[0] in ("va", "Va"):
        prev = m.string[max(0, m.start() - 2) : m.start()]
        opens = m.start() == 0 or prev.endswith("\n") or prev[:1] in (".", "!", "?")
        word = "vad" if opens else "var"
    else:
        word = SHORT_WORDS.get(m[0].lower(), m[0])
    return word.capitalize() if m[0][:1].isupper() else word


def expand_shorthand(text: str) -> str:
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
        or any(w in text for w in ("ngn", "Ngn", "nån", "Nån", "ngt", " dan", "va ", "Va "))
    ):
        text = SHORT_WORD_RE.sub(_long_form, text)
    return text


def tokenize(text: str) -> list[str]:
    # "13.30" and "9.30" stay one token; sentence dots are separate tokens
    return [t.rstrip(".") or t for t in TOKEN_RE.findall(text)]


def token_starts(text: str) -> list[int]:
    """Where each token of `tokenize(text)` starts in `text`."""
    return [m.start() for m in TOKEN_RE.finditer(text)]


SENTENCE_STOP = frozenset({".", "!", "?", ";", "\n"})


def sentence_ids(low: list[str]) -> list[int]:
    """The sentence (or line) number of each token: "tis: Luleå (Regionen) kl 10" is one."""
    out, n = [], 0
    for t in low:
        n += t in SENTENCE_STOP
        out.append(n)
    return out


# A self-correction: what follows replaces what came before ("Möte i Leksand? Nej vänta – det
# är i Rättvik", "kl 10, sorry menar kl 13", "Going on Wednesday, no wait, Thursday").
CORRECTION_WORDS = frozenset(
    {"rättelse", "correction", "sorry", "förlåt", "oops", "hoppsan", "edit", "update",
     "uppdatering", "ändring", "menar"}
)  # fmt: skip
NO_WORDS = frozenset({"nej", "nä", "no", "nope", "nää"})
PAUSE = frozenset({",", ".", "?", "!", "–", "—", "-", ":", ";", "\n"})
LATER_PHRASES = (("till", "slut"), ("in", "the", "end"), ("after", "all"), ("i", "slutändan"))


def correction_at(low: list[str]) -> int | None:
    """The token where the writer's last self-correction starts, or None."""
    cut = None
    for i in range(2, len(low)):
        t, before = low[i], low[i - 1]
        if (
            (t in NO_WORDS and before in PAUSE)
            or (t in CORRECTION_WORDS and (t != "menar" or before in PAUSE or before == "jag"))
            or (t == "mean" and before == "i")
            or (t in ("actually", "vänta", "wait") and (before in PAUSE or before in NO_WORDS))
            or (t in ("scratch", "strike") and low[i + 1 : i + 2] == ["that"])
        ):
            cut = i
        elif (
            t == "ändå"
            or (t == "menar" and low[i + 1 : i + 2] == ["jag"])  # "Orsa menar jag"
            or any(tuple(low[i : i + len(p)]) == p for p in LATER_PHRASES)
        ):
            # "det blev Teams till slut", "jag åker dit ändå": the clause is the later word
            k = i
            while k > 0 and low[k - 1] not in PAUSE and low[k - 1] not in ("men", "but"):
                k -= 1
            cut = max(cut or 0, k) if k > 0 else cut
    return cut


def clause_ids(raw: list[str], low: list[str]) -> list[int]:
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
