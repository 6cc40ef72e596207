"""Mode of transport and number of travellers."""

from __future__ import annotations

import pytest

from bot.chat_text import tokenize as _tokens
from bot.trip_details import find_mode, find_participants


def _mode(text: str) -> str | None:
    low = [t.lower() for t in _tokens(text)]
    return find_mode(low, " ".join(low))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tar X2000 till Göteborg", "train"),
        ("på torsdag kör jag till Leksand", "car"),
        ("funkar tjänstebilen?", "car"),
        ("Pool car booked for Wed", "car"),
        ("vi tar skolans bil", "car"),
        ("Behöver skjuts till Hedemora", "car"),
        ("tar 4:an", "bus"),
        ("buss 811 kl 07.45", "bus"),
        ("Bokar flyg Arlanda–Luleå, tåget till Arlanda tar jag från Ludvika", "plane"),
        ("flygbussen till Landvetter", "bus"),
        ("I'm on the 6:50 train", "train"),
        ("ska vi köra mötet hos er kl 13", None),
        ("smidigare än att köra dit", None),
        ("No need to drive to Falun", None),
        ("mötet skjuts till efter lunch", None),
        ("ringer från mobilen", None),
        ("training day in Falun", None),
    ],
)
def test_mode(text: str, expected: str | None) -> None:
    assert _mode(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vi är fem", 5),
        ("Vi blir fyra från gymnasiet", 4),
        ("vi blir sex personer i två bilar", 6),
        ("3 pers", 3),
        ("3 of us", 3),
        ("We're 2 going to Oslo", 2),
        ("me + 3 colleagues going to Göteborg", 4),
        ("jag och två kollegor åker", 3),
        ("me and Sara", 2),
        ("Nästa vecka åker jag och Jonas till Avesta", 2),
        ("Kommunchefen och jag kör till Bengtsfors", 2),
        ("Me and the district nurse are doing a home visit", 2),
        ("Carpool: me driving, plus Eva, Hans and Lotta", 4),
        ("I'll drive in from the depot with Per", 2),
        ("Jag har möte med Anna i Falun", None),
        ("Driving to Mora, 2 seats free", None),
        ("Jag åker till Falun", None),
    ],
)
def test_participants(text: str, expected: int | None) -> None:
    raw = _tokens(text)
    assert find_participants(raw, text.lower(), set()) == expected


def test_companions_who_join() -> None:
    text = "Vi kör till Orsa på fredag, Per och Lisa följer med"
    assert find_participants(_tokens(text), text.lower(), set()) == 3
