"""Understanding throughput on one core: ordinary chatter and trip messages, generated and varied.

Run: .venv/bin/python bench/bench_understanding.py [--seconds 2]
Targets: chatter >= 20,000 messages/s, trip messages >= 300 messages/s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.places import resolve_place  # noqa: E402
from bot.understanding import Context, understand  # noqa: E402

CHATTER_SV = [
    "Vet någon varför {thing} inte fungerar?",
    "Ska vi ta fika kl {h}? Det finns {food} i köket",
    "Tack {name} för hjälpen med {thing} 🙏",
    "Kan någon skicka protokollet från {day}?",
    "Jag är sjuk idag, hör av er på mejl",
    "{name}, har du hunnit titta på underlaget om {topic}?",
    "Glöm inte att fylla i tidrapporten innan {day}",
    "Skrivaren på plan {n} har papperstrass igen",
    "Grattis {name} på födelsedagen! 🎉",
    "Hur gör man för att dela en kalender i {thing}?",
    "Nu finns nya rutiner för {topic} på intranätet",
    "{name} och jag sitter i rum {n} om ni behöver oss",
]
CHATTER_EN = [
    "Who's up for a walk at lunch? {food} after",
    "Does anyone know the wifi password for the guest network?",
    "Thanks {name}, the {topic} report looks great 👍",
    "Reminder: submit your timesheets before {day}",
    "The printer on floor {n} is jammed again",
    "Can someone review my draft on {topic} before {day}?",
    "Happy Friday everyone! 🎉",
    "Is {thing} down for anyone else?",
]
TRIPS = [
    "Jag åker till {town} {when} på {event}",
    "Tar tåget till {town} {when} kl {h}, {event} med {org}",
    "Vi är {k} som kör till {town} {when} för {event}",
    "Ses vi i {town} {when} kl {h}? {event}",
    "Kan jag få godkänt en tjänsteresa till {town} {date}? {event}",
    "{name} och jag åker till {town} {when}, möte om {topic}",
    "Going to {town} {when_en} for the {event_en}, taking the train",
    "I'm driving to {town} {when_en} at {h}:30 for the {event_en}",
    "Flying up to {town} {date} for the {event_en}, anyone else going?",
    "Mötet i {town} {when} blir på Teams istället",
    "Hembesök i {town} {when} kl {h}",
    "Christoffer åker till {town} {when}, jag stannar här",
]
FILL = {
    "thing": ["Outlook", "Teams", "skrivaren", "VPN:en", "Lifecare", "Procapita"],
    "food": ["kanelbullar", "tårta", "semlor", "cake", "cookies"],
    "name": ["Eva", "Per", "Malin", "Jonas", "Lotta", "Ahmed", "Sara"],
    "day": ["måndag", "fredag", "Friday", "igår", "Monday"],
    "topic": ["skolskjutsar", "budgeten", "VA-planen", "the budget", "bygglov"],
    "h": ["9", "10", "13", "14", "15"],
    "n": ["2", "3", "4"],
    "k": ["två", "tre", "4", "fem"],
    "town": [
        "Falun",
        "Borlänge",
        "Mora",
        "Ludvika",
        "Leksand",
        "Uppsala",
        "Göteborg",
        "Umeå",
        "Karlstad",
        "Västerås",
        "Örebro",
        "Gävle",
        "Avesta",
        "Hedemora",
        "Sundsvall",
    ],
    "when": ["imorgon", "på torsdag", "den 3/12", "nästa vecka", "v. 50", "tisdag nästa vecka"],
    "when_en": ["tomorrow", "on Thursday", "next Tuesday", "on 3/12", "nxt wed"],
    "date": ["3/12", "10/12", "den 15:e", "14 januari"],
    "event": ["nätverksträff", "konferensen", "styrgruppsmöte", "utbildning", "samråd"],
    "event_en": ["network meeting", "conference", "workshop", "board meeting"],
    "org": ["Region Dalarna", "SKR", "Länsstyrelsen"],
}


def generate(templates: list[str], n: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        text = rng.choice(templates)
        for key, values in FILL.items():
            while "{" + key + "}" in text:
                text = text.replace("{" + key + "}", rng.choice(values), 1)
        out.append(text)
    return out


def rate(messages: list[str], ctx: Context, seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in messages:
            understand(text, ctx)
        done += len(messages)
    return done / (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = ap.parse_args()
    rng = random.Random(42)
    ctx = Context(now=datetime(2026, 11, 23, 9, 0), origin=resolve_place("Falun"))
    chatter = generate(CHATTER_SV + CHATTER_EN, 2000, rng)
    trips = generate(TRIPS, 2000, rng)
    nudged = sum(understand(t, ctx).nudge for t in chatter)
    assert nudged == 0, f"{nudged} chatter messages were nudged"
    chatter_rate = rate(chatter, ctx, args.seconds)
    trip_rate = rate(trips, ctx, args.seconds)
    print(f"chatter: {chatter_rate:,.0f} messages/s (target 20,000)")
    print(f"trips:   {trip_rate:,.0f} messages/s (target 300)")
    return 0 if chatter_rate >= 20_000 and trip_rate >= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
