"""The decision and what is read from a message, on messages written for these tests.

Realistic municipal chatter in Swedish and English, sent on Monday 23 November 2026 at 09:00.
Each row states only the fields that matter for it.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.test_understanding_families import _check

NOW = datetime(2026, 11, 23, 9, 0)  # a Monday

CASES = [
    (
        "Jag åker till Xyzzyville imorgon",
        "Falun",
        dict(kind="travel", nudge=True, dest=None, mention="Xyzzyville", date="2026-11-24"),
    ),
    (
        "Ska ner till Stockholm på torsdag för SKL-mötet, tar tåget 07.12",
        "Falun",
        dict(nudge=True, dest="Stockholm", date="2026-11-26", time="07:12", mode="train"),
    ),
    ("Imorgon åker Lisa till Umeå på konferens", "Falun", dict(nudge=False)),
    ("Hon flyger till Malmö på fredag", "Falun", dict(nudge=False)),
    ("Min chef ska till Borlänge på onsdag", "Falun", dict(nudge=False)),
    (
        "My manager is driving to Västerås tomorrow for the budget meeting",
        "Falun",
        dict(nudge=False),
    ),
    ("Mötet i Ludvika på torsdag blir digitalt istället", "Falun", dict(nudge=False)),
    ("Mötet i Ludvika på torsdag är inställt", "Falun", dict(nudge=False)),
    ("The Karlstad meeting on Friday has been cancelled", "Falun", dict(nudge=False)),
    ("Tågen till Stockholm är försenade idag igen", "Falun", dict(nudge=False)),
    ("Trains to Uppsala delayed again this morning, ugh", "Falun", dict(nudge=False)),
    ("Förra veckan var jag i Göteborg på mässan, mycket intressant", "Falun", dict(nudge=False)),
    ("We drove to Örebro yesterday for the network meeting", "Falun", dict(nudge=False)),
    ("Ska till Sälen med familjen på sportlovet 🎿", "Falun", dict(nudge=False)),
    ("Jag tar ut semester v. 52 och åker till Thailand", "Falun", dict(nudge=False)),
    (
        "Tillsyn på restaurangen i Grängesberg imorgon kl 10",
        "Ludvika",
        dict(nudge=False, kind="travel"),
    ),
    ("Platsbesök på bygget i Vikmanshyttan på tisdag", "Hedemora", dict(nudge=False)),
    ("Leksands IF vann mot Mora igår!", "Falun", dict(nudge=False)),
    ("Avesta har bäst resultat i länet på nationella proven", "Falun", dict(nudge=False)),
    (
        "Kan någon skjutsa mig till Borlänge på fredag? Har möte på Trafikverket kl 13",
        "Falun",
        dict(nudge=True, dest="Borlänge", date="2026-11-27", time="13:00", mode="car"),
    ),
    (
        "vi ses i Rättvik den 2 december kl. 10 för länsträffen",
        "Falun",
        dict(nudge=True, dest="Rättvik", date="2026-12-02", time="10:00"),
    ),
    (
        "Åker till borlange imorgon på möte",
        "Falun",
        dict(nudge=True, dest="Borlänge", date="2026-11-24"),
    ),
    (
        "Heading to Uppsala on the 3rd of December for the SKR workshop",
        "Falun",
        dict(nudge=True, dest="Uppsala", date="2026-12-03"),
    ),
    (
        "Jag kör till Mora nästa tisdag, någon som vill åka med?",
        "Falun",
        dict(nudge=True, dest="Mora", date="2026-12-01", mode="car"),
    ),
    (
        "Vi är tre som åker till Sundsvall 14/1 på nätverksträffen",
        "Falun",
        dict(nudge=True, dest="Sundsvall", date="2027-01-14", participants=3),
    ),
    (
        "Jag och två kollegor åker buss till Gävle imorn",
        "Falun",
        dict(nudge=True, dest="Gävle", date="2026-11-24", participants=3, mode="bus"),
    ),
    ("Vi ses på Teams imorgon kl 9 istället för i Borlänge", "Falun", dict(nudge=False)),
    ("Jag deltar digitalt i konferensen i Stockholm på fredag", "Falun", dict(nudge=False)),
    ("Kommer inte till Borlänge på fredag, sitter med via länk", "Falun", dict(nudge=False)),
    (
        "Har lagt upp möte i Sandviken den 31 februari kl 10",
        "Gävle",
        dict(nudge=True, dest="Sandviken", date=None),
    ),
    (
        "Going to Oslo next week for the Nordic meeting",
        "Karlstad",
        dict(nudge=True, dest="Oslo", date="2026-11-30"),
    ),
    (
        "Flyger till Bryssel 8/12 för EU-projektet",
        "Falun",
        dict(nudge=True, dest="Bryssel", date="2026-12-08", mode="plane"),
    ),
    (
        "Tar bilen till Hudiksvall på torsdag för kundbesök",
        "Gävle",
        dict(nudge=True, dest="Hudiksvall", date="2026-11-26", mode="car"),
    ),
    ("hej! vem har nyckeln till förrådet?", "Falun", dict(nudge=False)),
    ("🙂🙂🙂", "Falun", dict(nudge=False)),
    ("", "Falun", dict(nudge=False)),
    (
        "Jag åker till Gbg på onsdag, konferens om välfärdsteknik",
        "Falun",
        dict(nudge=True, dest="Göteborg", date="2026-11-25"),
    ),
    (
        "Sthlm imorgon kl 8 för möte med Skolverket, tåget 05.58 från Falun",
        "Falun",
        dict(nudge=True, dest="Stockholm", date="2026-11-24"),
    ),
    (
        "Budgetmöte i Smedjebacken onsdag 25/11 kl 14.00, alla ekonomer på plats",
        "Ludvika",
        dict(nudge=True, dest="Smedjebacken", date="2026-11-25", time="14:00"),
    ),
    (
        "Ska vi ses i Falun nästa vecka och gå igenom planen?",
        "Borlänge",
        dict(nudge=True, dest="Falun", date="2026-11-30"),
    ),
    (
        "Jag är i Stockholm hela dagen på torsdag",
        "Falun",
        dict(nudge=True, dest="Stockholm", date="2026-11-26"),
    ),
    ("Vi har personalmöte här på kontoret kl 15", "Falun", dict(nudge=False)),
    ("Kan vi boka ett möte nästa vecka om budgeten?", "Falun", dict(nudge=False)),
    (
        "Who's joining the Gävle conference in person on Thursday? I'm taking the 7:15 train",
        "Falun",
        dict(nudge=True, dest="Gävle", date="2026-11-26", time="07:15", mode="train"),
    ),
    ("Vi var fyra som åkte till Luleå förra veckan", "Falun", dict(nudge=False)),
    (
        "Tjänsteresa till Umeå 12-13 januari, flyg från Arlanda",
        "Falun",
        dict(nudge=True, dest="Umeå", mode="plane"),
    ),
    (
        "Reser till Karlskrona på tisdag den 8 december",
        "Växjö",
        dict(nudge=True, dest="Karlskrona", date="2026-12-08"),
    ),
    (
        "Kvart i tio imorgon drar vi från Falun mot Leksand",
        "Falun",
        dict(nudge=True, dest="Leksand", date="2026-11-24", time="09:45"),
    ),
    (
        "imorgon kl 14 möte i Västerås, jag och Peter kör dit",
        "Falun",
        dict(
            nudge=True, dest="Västerås", date="2026-11-24", time="14:00", participants=2, mode="car"
        ),
    ),
    (
        "Nästa onsdag ska jag till Karlstad på utbildning",
        "Falun",
        dict(nudge=True, dest="Karlstad", date="2026-12-02"),
    ),
    (
        "I'm in Stockholm on Thursday for a conference, back Friday",
        "Falun",
        dict(nudge=True, dest="Stockholm", date="2026-11-26"),
    ),
    ("Vi kör mötet på Zoom, ingen idé att åka till Avesta", "Falun", dict(nudge=False)),
    (
        "Could we meet in Mora next Tuesday at 10?",
        "Falun",
        dict(nudge=True, dest="Mora", date="2026-12-01", time="10:00"),
    ),
    ("Borlänge Energi har bytt telefonnummer", "Falun", dict(nudge=False)),
    ("Jag åker hem till Gävle efter jobbet", "Falun", dict(nudge=False)),
    (
        "Seminariet i Lund den 10 dec kl 13:15, anmälan senast fredag",
        "Malmö",
        dict(nudge=True, dest="Lund", date="2026-12-10", time="13:15"),
    ),
    (
        "nästa vecka är jag i Sundsvall på tisdag och onsdag",
        "Östersund",
        dict(nudge=True, dest="Sundsvall", date="2026-12-01"),
    ),
    (
        "Jag och Anna åker till Kiruna med nattåget på söndag",
        "Luleå",
        dict(nudge=True, dest="Kiruna", date="2026-11-29", mode="train", participants=2),
    ),
    (
        "åker till falun imorgon på workshop",
        "Borlänge",
        dict(nudge=True, dest="Falun", date="2026-11-24"),
    ),
    (
        "I'm heading up to Luleå next Thursday for the Arctic forum",
        "Umeå",
        dict(nudge=True, dest="Luleå", date="2026-12-03"),
    ),
    (
        "Off to Stockholm tomorrow for the SKR meeting, back in the evening",
        "Falun",
        dict(nudge=True, dest="Stockholm", date="2026-11-24"),
    ),
    (
        "Hotell bokat i Umeå 9–10 dec för konferensen",
        "Sundsvall",
        dict(nudge=True, dest="Umeå", date="2026-12-09"),
    ),
    (
        "Konferens i Växjö 12-13 januari, vem mer åker?",
        "Kalmar",
        dict(nudge=True, dest="Växjö", date="2027-01-12"),
    ),
    ("På väg till Gävle, möte kl 13", "Sandviken", dict(nudge=True, dest="Gävle", time="13:00")),
    (
        "Välkomna till Rättvik på torsdag kl 9 för länets kulturträff!",
        "Rättvik",
        dict(nudge=True, dest="Rättvik", date="2026-11-26", time="09:00"),
    ),
    ("Brynäs mot Leksand ikväll, någon som ska dit?", "Gävle", dict(nudge=False)),
    ("Bo åker till Falun imorgon på möte", "Borlänge", dict(nudge=False)),
    ("Tack för ett bra möte i Falun idag!", "Borlänge", dict(nudge=False)),
    (
        "Studiebesök i Linköping den 4 december, vi är 5 från socialtjänsten",
        "Norrköping",
        dict(nudge=True, dest="Linköping", date="2026-12-04", participants=5),
    ),
    (
        "Ska på möte i Hedemora på onsdag förmiddag",
        "Avesta",
        dict(nudge=True, dest="Hedemora", date="2026-11-25", time=None),
    ),
    ("Jag joinar konferensen i Jönköping virtuellt på fredag", "Växjö", dict(nudge=False)),
    ("I'll attend the Uppsala seminar virtually on Wednesday", "Stockholm", dict(nudge=False)),
    (
        "Bokade tåg till Stockholm 3/12 för mötet på Socialstyrelsen",
        "Falun",
        dict(nudge=True, dest="Stockholm", date="2026-12-03", mode="train"),
    ),
    (
        "Möte hos Region Dalarna i Falun om två veckor",
        "Mora",
        dict(nudge=True, dest="Falun", date="2026-12-07"),
    ),
    ("Vi åker och handlar på Ikea i Borlänge efter jobbet", "Falun", dict(nudge=False)),
    (
        "Can someone give me a lift to Borlänge on Friday? Meeting at 2pm",
        "Falun",
        dict(nudge=True, dest="Borlänge", date="2026-11-27", time="14:00", mode="car"),
    ),
    (
        "Jag åker tåg till Karlstad den 10:e och är tillbaka kvällen efter",
        "Örebro",
        dict(nudge=True, dest="Karlstad", date="2026-12-10", mode="train"),
    ),
    (
        "Imorgon är jag i Mora hela dagen på utbildning",
        "Orsa",
        dict(nudge=True, dest="Mora", date="2026-11-24"),
    ),
    (
        "Regionmöte i Östersund 2/12 kl 10.00–15.00, flyger från Umeå",
        "Umeå",
        dict(nudge=True, dest="Östersund", date="2026-12-02", time="10:00", mode="plane"),
    ),
    ("Vi har haft möte i Falun hela förmiddagen", "Borlänge", dict(nudge=False)),
    ("Nämndmötet i Sala flyttas till Teams", "Avesta", dict(nudge=False)),
    (
        "Vi kör ihop till Borlänge på torsdag, jag hämtar upp dig vid stationen",
        "Falun",
        dict(nudge=True, dest="Borlänge", date="2026-11-26", mode="car"),
    ),
    (
        "Planeringsdag i Leksand fredag 4/12, samåkning från Falun kl 7.30",
        "Falun",
        dict(nudge=True, dest="Leksand", date="2026-12-04", time="07:30", mode="car"),
    ),
    ("Konferensen i Malmö ställs in pga för få anmälningar", "Lund", dict(nudge=False)),
    (
        "Heading to Västerås now for the board meeting",
        "Eskilstuna",
        dict(nudge=True, dest="Västerås"),
    ),
    ("Vem åker till Ludvika på fredag?", "Falun", dict(nudge=False)),
    (
        "Jag åker med Lisa till Avesta på måndag för möte med socialtjänsten",
        "Hedemora",
        dict(nudge=True, dest="Avesta", date="2026-11-30", participants=2),
    ),
    (
        "Resan till Visby är bokad: flyg 8/12 kl 07:05 från Bromma",
        "Stockholm",
        dict(nudge=True, dest="Visby", date="2026-12-08", time="07:05", mode="plane"),
    ),
    (
        "Vi ses på kommunhuset i Orsa på tisdag kl 13",
        "Mora",
        dict(nudge=True, dest="Orsa", date="2026-11-24", time="13:00"),
    ),
    (
        "Åker till Gagnef imorn för hembesök hos en brukare",
        "Borlänge",
        dict(nudge=False, kind="travel"),
    ),
    ("Leksands kommun har nya riktlinjer för resor", "Falun", dict(nudge=False)),
    (
        "Jag blir borta från kontoret på torsdag, är på utbildning i Karlstad",
        "Kristinehamn",
        dict(nudge=True, dest="Karlstad", date="2026-11-26"),
    ),
    ("Sthlm tors-fre, konferens", "Falun", dict(nudge=True, dest="Stockholm")),
    ("Tåget till Göteborg var försenat 2 timmar igår 😩", "Karlstad", dict(nudge=False)),
    (
        "Flight to Kiruna on Dec 14th at 6:40, meeting with LKAB",
        "Luleå",
        dict(nudge=True, dest="Kiruna", date="2026-12-14", time="06:40", mode="plane"),
    ),
    (
        "Säffle nästa tisdag kl 10, möte med tekniska",
        "Karlstad",
        dict(nudge=True, dest="Säffle", date="2026-12-01", time="10:00"),
    ),
    (
        "Vi är två som ska till Norrtälje på torsdag",
        "Stockholm",
        dict(nudge=True, dest="Norrtälje", participants=2, date="2026-11-26"),
    ),
    (
        "Behöver någon skjuts till Borlänge imorgon? Jag kör dit kl 8",
        "Falun",
        dict(nudge=True, dest="Borlänge", date="2026-11-24", time="08:00", mode="car"),
    ),
    (
        "Påminnelse: länsträffen i Borlänge är på torsdag kl 9, vi ses där!",
        "Falun",
        dict(nudge=True, dest="Borlänge", date="2026-11-26", time="09:00"),
    ),
    (
        "Jag har bokat bil till Västerås den 8/12, plats för tre till",
        "Falun",
        dict(nudge=True, dest="Västerås", date="2026-12-08", mode="car"),
    ),
    (
        "Vi kör till Orsa på fredag, Per och Lisa följer med",
        "Mora",
        dict(nudge=True, dest="Orsa", date="2026-11-27", mode="car", participants=3),
    ),
    (
        "Reser till Luleå på måndag med morgonflyget",
        "Stockholm",
        dict(nudge=True, dest="Luleå", date="2026-11-30", mode="plane"),
    ),
    ("Ska till Hudik på tisdag", "Gävle", dict(nudge=True, date="2026-11-24")),
    (
        "Jag åker upp till Östersund imorgon bitti, tillbaka på onsdag",
        "Sundsvall",
        dict(nudge=True, dest="Östersund", date="2026-11-24"),
    ),
    (
        "Ny tid för mötet i Avesta: torsdag 26/11 kl 10",
        "Hedemora",
        dict(nudge=True, dest="Avesta", date="2026-11-26", time="10:00"),
    ),
    (
        "Jag är på plats i Mora från kl 8 imorgon",
        "Orsa",
        dict(nudge=True, dest="Mora", date="2026-11-24", time="08:00"),
    ),
    ("Kan inte komma på mötet i Falun imorgon, sjuk", "Borlänge", dict(nudge=False)),
    (
        "Glöm inte att vi har APT i Säter på onsdag kl 13",
        "Hedemora",
        dict(nudge=True, dest="Säter", date="2026-11-25", time="13:00"),
    ),
    ("Jag kan tyvärr inte åka till Ludvika på torsdag", "Falun", dict(nudge=False)),
    ("Vi hade en bra dag i Gävle igår", "Sandviken", dict(nudge=False)),
    (
        "Bokat: Tåg Falun C - Stockholm C 4/12 06:50",
        "Falun",
        dict(nudge=True, dest="Stockholm", date="2026-12-04", time="06:50", mode="train"),
    ),
    (
        "Jag följer med Lasse till Mora imorgon",
        "Orsa",
        dict(nudge=True, dest="Mora", date="2026-11-24"),
    ),
    (
        "training in Uppsala on Dec 3, I'll take the bus",
        "Stockholm",
        dict(nudge=True, dest="Uppsala", date="2026-12-03", mode="bus"),
    ),
    (
        "Our team is meeting the county board in Karlstad next Friday",
        "Arvika",
        dict(nudge=True, dest="Karlstad", date="2026-12-04"),
    ),
    (
        "I have a meeting in Västerås on Wednesday afternoon",
        "Eskilstuna",
        dict(nudge=True, dest="Västerås", date="2026-11-25", time=None),
    ),
    ("I was in Västerås on Wednesday for a meeting", "Eskilstuna", dict(nudge=False)),
    ("Mora IK vann igen!", "Orsa", dict(nudge=False)),
    ("Heja Leksand! Match ikväll mot Frölunda", "Falun", dict(nudge=False)),
    ("Min kollega åker till Göteborg imorgon", "Borås", dict(nudge=False)),
    ("Tillsynsbesök på skolan i Skärblacka onsdag fm", "Norrköping", dict(nudge=False)),
    (
        "Vi ska ha verksamhetsbesök i Kumla den 2 dec",
        "Örebro",
        dict(nudge=True, dest="Kumla", date="2026-12-02"),
    ),
    ("Ska till tandläkaren i Borlänge imorgon", "Falun", dict(nudge=False)),
    (
        "Nästa månad åker jag till Bryssel på EU-konferens",
        "Stockholm",
        dict(nudge=True, dest="Bryssel", date=None),
    ),
    ("Jag åker till Stockholm och Uppsala på torsdag", "Falun", dict(nudge=True, dest="Stockholm")),
    ("Vi åker från Borlänge till Falun imorgon", "Borlänge", dict(nudge=True, dest="Falun")),
    ("Till Falun imorgon, möte kl 10", "Borlänge", dict(nudge=True, dest="Falun", time="10:00")),
    (
        "Falun imorgon kl 10, någon som vill samåka?",
        "Borlänge",
        dict(nudge=True, dest="Falun", time="10:00", mode="car"),
    ),
    ("Jag tar cykeln till stadshuset imorgon för mötet", "Falun", dict(nudge=True, dest="Falun")),
    ("Kör till jobbet imorgon, någon som vill ha skjuts?", "Falun", dict(nudge=False)),
    (
        "We're hosting the regional planning day here in Falun on Dec 9, please register by Friday",
        "Falun",
        dict(nudge=True, dest="Falun", date="2026-12-09"),
    ),
    (
        "Could you approve my trip to Sundsvall on 2/12? Train both ways",
        "Gävle",
        dict(nudge=True, dest="Sundsvall", date="2026-12-02", mode="train"),
    ),
    (
        "Planning to visit the Ludvika office next Wednesday",
        "Falun",
        dict(nudge=True, dest="Ludvika", date="2026-12-02"),
    ),
    ("The workshop in Borlänge is now online only", "Falun", dict(nudge=False)),
    ("Sorry, I can't travel to Mora on Thursday after all", "Falun", dict(nudge=False)),
    ("Sara is presenting in Uppsala tomorrow, wish her luck!", "Stockholm", dict(nudge=False)),
    (
        "Heading down to Malmö on December the 3rd for the Öresund meeting",
        "Lund",
        dict(nudge=True, dest="Malmö", date="2026-12-03"),
    ),
    ("back from Umeå, what a week", "Falun", dict(nudge=False)),
    (
        "Vi samlas i Ludvika på måndag 30/11 kl 9.00 för ledningsgruppens planeringsdag",
        "Smedjebacken",
        dict(nudge=True, dest="Ludvika", date="2026-11-30", time="09:00"),
    ),
    (
        "Hämtar hyrbilen kl 7 imorgon och kör sen vidare mot Sveg",
        "Östersund",
        dict(nudge=True, dest="Sveg", date="2026-11-24", time="07:00", mode="car"),
    ),
    ("Efter mötet i Falun åker jag vidare till Borlänge", "Mora", dict(nudge=True)),
    (
        "Jag och kollegan från HR åker till Leksand på onsdag",
        "Falun",
        dict(nudge=True, dest="Leksand", participants=2),
    ),
]


@pytest.mark.parametrize(("text", "origin", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_understands(text: str, origin: str, expected: dict) -> None:
    _check(text, origin, expected, now=NOW)
