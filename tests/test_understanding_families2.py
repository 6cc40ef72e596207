"""More families of messages the understanding must read alike: hosting with several towns,
countries, chat shorthand, misspelt towns, companions, modes from verbs, and the nudges to stop
or keep. Written for these tests (not taken from any corpus); sent on Monday 23 November 2026
at 09:00 unless a row gives its own time. Each row states only the fields that matter for it.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.places import resolve_place
from tests.test_understanding_families import _cases, _check

MON = datetime(2026, 11, 23, 9, 0)
WED_15 = datetime(2026, 11, 25, 15, 0)
FRI = datetime(2026, 11, 27, 9, 0)


# --- 1. Hosting with several towns named: where the meeting is --------------------------------
HOSTING = [
    (
        "Mjölby och Motala möts hos oss i Linköping på torsdag kl 10",
        "Linköping",
        dict(nudge=True, dest="Linköping"),
    ),
    (
        "Tolv från Vadstena och Ödeshög träffas hos oss i Motala den 3/12",
        "Motala",
        dict(nudge=True, dest="Motala"),
    ),
    (
        "Kinda, Ydre och Boxholm träffas hos oss i Åtvidaberg på fredag",
        "Åtvidaberg",
        dict(nudge=True, dest="Åtvidaberg"),
    ),
    (
        "Nyköping och Gnesta har nätverksmöte hos Trosa på onsdag",
        "Nyköping",
        dict(nudge=True, dest="Trosa"),
    ),
    (
        "Our meeting with Stenungsund is at the Tjörn town hall in Skärhamn on Thursday at 10",
        "Göteborg",
        dict(nudge=True, dest="Skärhamn"),
    ),
    (
        "Region Östergötland har samverkansmöte i Motala på onsdag, jag åker dit",
        "Linköping",
        dict(nudge=True, dest="Motala"),
    ),
    ("Workshop med Uppsala län i Enköping på fredag", "Uppsala", dict(nudge=True, dest="Enköping")),
    (
        "Halden kommune har bjudit in oss till möte i Strömstad på tisdag",
        "Tanumshede",
        dict(nudge=True, dest="Strömstad"),
    ),
    (
        "Borlänge kommun har bjudit in oss till workshop på fredag",
        "Falun",
        dict(nudge=True, dest="Borlänge"),
    ),
    ("Uppsala kommun och Knivsta ses i Sigtuna den 2/12", "Uppsala", dict(dest="Sigtuna")),
]


@_cases(HOSTING)
def test_hosting(row: tuple) -> None:
    _check(*row)


# --- 2. Countries are never towns ---------------------------------------------------------------
COUNTRIES = [
    (
        "Halden kommune har bjudit in oss, vi kör över till Norge på torsdag",
        "Strömstad",
        dict(nudge=True, dest="Halden", mode="car"),
    ),
    (
        "Flyger till Danmark på fredag, möte med Region Hovedstaden",
        "Malmö",
        dict(nudge=True, dest=None),
    ),
    (
        "Going to Finland next week for the Kvarken conference in Vasa",
        "Umeå",
        dict(nudge=True, dest="Vasa"),
    ),
    ("Tar tåget till Tyskland den 3/12, mässa i Hamburg", "Malmö", dict(dest="Hamburg")),
    (
        "Norway on Thursday: the border council meets in Narvik",
        "Kiruna",
        dict(nudge=True, dest="Narvik"),
    ),
]


@_cases(COUNTRIES)
def test_countries(row: tuple) -> None:
    _check(*row)


@pytest.mark.parametrize(
    "name",
    [
        "Norge",
        "Danmark",
        "Finland",
        "Tyskland",
        "Norway",
        "Denmark",
        "Spanien",
        "Polen",
        "Kina",
        "Holland",
        "Estland",
    ],
)
def test_a_country_is_not_a_town(name: str) -> None:
    assert resolve_place(name) is None
