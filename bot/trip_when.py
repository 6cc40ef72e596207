"""Which date and time belong to the trip, and which remote clauses speak of another day.

A message often names more than one day: "Idag sitter jag på kontoret, imorgon åker jag till
Mora kl 10", "Rapporten ska vara klar 1/12, sen åker jag till Mora den 3/12", a weekly plan with
one line per day. The trip's day and time are read from the trip's own clause first, then its
sentence (or line), then the rest of the message; someone else's clauses and remote meetings on
other days are left out, and after a self-correction the later words come first.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.when import When, find_when, find_when_in

Span = tuple[int, int]


def spans(ids: list[int], starts: list[int], length: int) -> dict[int, Span]:
    """The character span of each clause (or sentence) numbered in `ids`, token by token."""
    first: dict[int, int] = {}
    for k, cid in enumerate(ids):
        first.setdefault(cid, starts[k])
    order = sorted(first.items(), key=lambda kv: kv[1])
    ends = [s for _, s in order[1:]] + [length]
    return {cid: (s, e) for (cid, s), e in zip(order, ends, strict=True)}


def mask(text: str, hidden: list[Span]) -> str:
    """`text` with the hidden spans blanked out (positions kept)."""
    for a, b in hidden:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def day_named(text: str, now: datetime, past_hint: bool) -> date | None:
    """The day a stretch of text names of its own (not a clock time alone)."""
    found = find_when(text, now, past_hint)
    if found.when is None or found.how.startswith(("time only", "now")):
        return None
    return found.when.date() if isinstance(found.when, datetime) else found.when


def trip_when(
    lowered: str,
    now: datetime,
    past_hint: bool,
    own_spans: list[Span],
    hidden: list[Span],
    cut_at: int | None = None,
) -> When:
    """The trip's date and time. `own_spans`: the trip's clause, then its sentence; `hidden`:
    spans that do not speak of this trip; `cut_at`: where a self-correction starts."""
    visible = mask(lowered, hidden) if hidden else lowered
    regions = [visible[cut_at:]] if cut_at is not None else []
    regions += [visible[a:b] for a, b in own_spans]
    regions.append(visible)
    return find_when_in(regions, now, past_hint, context=visible)
