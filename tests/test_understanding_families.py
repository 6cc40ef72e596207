"""Families of messages the understanding must read alike, each with several different sentences.

Written for these tests (not taken from any corpus); sent on Monday 23 November 2026 at 09:00
unless a row gives its own time. Each row states only the fields that matter for it.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.places import resolve_place
from bot.understanding import Context, Trip, understand

MON = datetime(2026, 11, 23, 9, 0)
TUE_9 = datetime(2026, 11, 24, 9, 0)
FRI = datetime(2026, 11, 20, 9, 0)


def _fields(trip: Trip) -> dict:
    """What a test compares: the fields `resfri parse` shows, and a few more."""
    when = trip.when
    day = when.date() if isinstance(when, datetime) else when
    return {
        "kind": trip.kind,
        "nudge": trip.nudge,
        "dest": trip.destination.name if trip.destination else None,
        "mention": trip.destination_mention,
        "date": day.isoformat() if isinstance(day, date) else None,
        "time": when.strftime("%H:%M") if isinstance(when, datetime) else None,
        "mode": trip.mode,
        "participants": trip.participants,
        "recurring": trip.recurring,
    }


def _check(text: str, origin: str, expected: dict, now: datetime = MON) -> None:
    trip = understand(text, Context(now=now, origin=resolve_place(origin)))
    got = _fields(trip)
    assert {k: got[k] for k in expected} == expected, trip.reasons


def _cases(rows: list[tuple]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("row", rows, ids=[r[0][:45] for r in rows])


# --- How many travel: the writer counts too ---------------------------------------------------
TRAVELLERS = [
    ("Åker till Gävle imorgon med två kollegor", "Falun", dict(participants=3)),
    ("Driving to Gävle tomorrow with two colleagues", "Falun", dict(participants=3)),
    ("Jag och tre kollegor tar tåget till Uppsala på torsdag", "Falun", dict(participants=4)),
    ("Jag och 2 kollegor åker till Gävle imorgon", "Falun", dict(participants=3)),
    ("Me plus two colleagues driving to Gävle tomorrow", "Falun", dict(participants=3)),
    ("Jag + 2 kör till Gävle imorgon", "Falun", dict(participants=3)),
    ("Jag åker till Ludvika med Helena på onsdag", "Falun", dict(participants=2)),
    ("På onsdag åker jag med Helena till Ludvika", "Falun", dict(participants=2)),
    ("Going to Karlstad with Petra on Friday for the board meeting", "Falun", dict(participants=2)),
    ("Jonas and I are driving to Örebro tomorrow", "Falun", dict(participants=2)),
    ("Helena and I are taking the train to Uppsala on Friday", "Falun", dict(participants=2)),
    ("Me, Anna and Per are taking the train to Uppsala on Thursday", "Falun", dict(participants=3)),
    ("Jag, Malin och Sven kör till Borlänge imorgon", "Falun", dict(participants=3, mode="car")),
    ("Jonas, Eva och jag åker till Mora imorgon", "Falun", dict(participants=3)),
    ("Tillsammans med Per och Eva åker jag till Mora imorgon", "Falun", dict(participants=3)),
    ("Jag och kommunalrådet reser till Stockholm på torsdag", "Falun", dict(participants=2)),
    ("Me and my manager are flying to Luleå on Dec 3", "Stockholm", dict(participants=2)),
    ("Åker till Gävle imorgon tillsammans med ekonomichefen", "Falun", dict(participants=2)),
    ("Jag och Anna-Karin åker till Mora imorgon", "Falun", dict(participants=2)),
    ("Vi är ett gäng på fem som åker till Gävle på fredag", "Falun", dict(participants=5)),
    ("Fyra från socialtjänsten åker till Gävle imorgon", "Falun", dict(participants=4)),
    ("Hela ledningsgruppen, 8 personer, åker till Mora på fredag", "Falun", dict(participants=8)),
    ("Jag + kollega åker till Mora imorgon", "Falun", dict(participants=2)),
    # not travellers: people met there, free seats
    ("Möte med Helena i Ludvika på onsdag", "Falun", dict(nudge=True, participants=None)),
    ("Meeting Petra in Karlstad on Friday", "Falun", dict(nudge=True, participants=None)),
    ("Har möte med två kollegor i Mora imorgon", "Falun", dict(nudge=True, participants=None)),
    ("Jag åker till Mora imorgon, har två lediga platser", "Falun", dict(participants=None)),
]


@_cases(TRAVELLERS)
def test_travellers(row: tuple) -> None:
    _check(*row)


# --- Where: the names people write ------------------------------------------------------------
PLACES = [
    # a foreign town keeps the writer's name for it
    ("Flyger till Köpenhamn på torsdag för mötet", "Malmö", dict(dest="Köpenhamn")),
    ("Flying to Copenhagen on Thursday for the meeting", "Malmö", dict(dest="Copenhagen")),
    ("Åker till Bryssel nästa vecka på EU-möte", "Stockholm", dict(dest="Bryssel")),
    ("Going to Brussels next week for the EU meeting", "Stockholm", dict(dest="Brussels")),
    ("Tar båten till Åbo på tisdag för konferensen", "Stockholm", dict(dest="Åbo")),
    ("Resan till Helsingfors den 4/12 är bokad", "Stockholm", dict(dest="Helsingfors")),
    ("Tåget till Kopenhamn går 7.10 imorgon, möte i Ørestad", "Malmö", dict(dest="Köpenhamn")),
    ("Åker till München på mässan den 3 mars", "Stockholm", dict(dest="München")),
    # neighbours' smaller towns
    ("Åker till Vasa på fredag på Kvarkenrådets möte", "Umeå", dict(dest="Vasa")),
    ("Flyger till Mariehamn på torsdag på Ålandsmötet", "Stockholm", dict(dest="Mariehamn")),
    ("Åker till Narvik imorgon på gränsmöte", "Kiruna", dict(dest="Narvik")),
    ("Åker till Ålborg den 2/12 på nätverksträff", "Göteborg", dict(dest="Ålborg")),
    # colloquial short forms
    ("Åker till Jkpg imorgon på länsträffen", "Värnamo", dict(nudge=True, dest="Jönköping")),
    ("Tar tåget till Lkpg på onsdag", "Norrköping", dict(dest="Linköping")),
    ("Workshop i Nkpg den 3/12, jag kör", "Linköping", dict(dest="Norrköping")),
    ("Kör till Ö-vik på fredag för mötet", "Umeå", dict(dest="Örnsköldsvik")),
    ("Going to Hudik on Thursday for the network meeting", "Gävle", dict(dest="Hudiksvall")),
    ("Träff i Hbg på fredag kl 9", "Lund", dict(dest="Helsingborg")),
    ("Konferens i Sthlm nästa vecka, tar tåget", "Uppsala", dict(dest="Stockholm")),
    ("Åker till Falu kommun imorgon", "Borlänge", dict(dest="Falun")),
    # regions and provinces are not the destination
    ("Någon mer som ska på Skånes kommuners dag i Lund på fredag?", "Malmö", dict(dest="Lund")),
    ("Vi är sju som åker på Skånes räddningsdag i Hörby den 14/1", "Ystad", dict(dest="Hörby")),
    ("Dalarnas länsträff i Borlänge på tisdag", "Falun", dict(nudge=True, dest="Borlänge")),
    ("Nätverket i Hälsingland träffas i Bollnäs på tisdag", "Söderhamn", dict(dest="Bollnäs")),
    # where the trip starts, and the writer's own office
    (
        "På torsdag kl 10 åker jag från kontoret i Angered in till stadshuset, möte",
        "Göteborg",
        dict(nudge=True, dest="Göteborg"),
    ),
    ("Imorgon åker jag från kontoret i Falun till Borlänge", "Falun", dict(dest="Borlänge")),
    ("Jobbar från Ludvikakontoret på torsdag", "Falun", dict(nudge=True, dest="Ludvika")),
    # genitives of short forms, lower case, routes in one word, a misspelling against a real name
    ("Möte i Sthlm:s stadshus den 3/12", "Uppsala", dict(dest="Stockholm")),
    ("imorn kl 13 möte i borlänge", "Falun", dict(nudge=True, dest="Borlänge")),
    ("Tar tåget Uppsala-Stockholm imorgon", "Uppsala", dict(dest="Stockholm")),
    ("Konferensen hålls på Elite Hotel i Örebro den 3/12", "Karlstad", dict(dest="Örebro")),
    # visitors from elsewhere come to the writer
    ("Delegationen från Tallinn kommer till oss på fredag", "Stockholm", dict(dest="Stockholm")),
    # a lower-case word is not fuzzily a town ("stugan" is not Stugun, "i salen" is not Sälen)
    ("Vi har möte i salen imorgon kl 10", "Malung", dict(nudge=False)),
    ("Vi åker till stugan i Orsa på fredag", "Falun", dict(nudge=False)),
]


@_cases(PLACES)
def test_places(row: tuple) -> None:
    _check(*row)


# --- When -------------------------------------------------------------------------------------
WHEN = [
    # a weekday never means a time already passed today: next week's
    ("Möte i Borlänge tis kl 9", "Falun", dict(date="2026-12-01", time="09:00"), TUE_9),
    ("Möte i Borlänge tisdag kl 9", "Falun", dict(date="2026-12-01", time="09:00"), TUE_9),
    # weekday abbreviations with a clock time or "on"
    ("Ses i Mölndal fre kl 8.15", "Lerum", dict(date="2026-11-27", time="08:15")),
    ("Going to Nyköping on Mon for the water meeting", "Södertälje", dict(date="2026-11-30")),
    ("Åker till Gävle ons 14.00", "Falun", dict(date="2026-11-25", time="14:00")),
    ("Sthlm tors-fre, konferens", "Falun", dict(date="2026-11-26")),
    # spans of hours start at the first; spans of days at the first day
    ("Workshop i Gävle 3/12 kl 9–16", "Falun", dict(time="09:00")),
    ("Söderköping 18/11, workshop om turism 9–16.", "Norrköping", dict(time="09:00")),
    ("Tomorrow 10–12 I'm at the office in Uppsala", "Stockholm", dict(time="10:00")),
    ("Utbildning i Mora 8.30-16.00 på torsdag", "Falun", dict(time="08:30")),
    ("Workshop in Gävle from 9 to 4 on Friday", "Falun", dict(time="09:00")),
    ("Konferensen i Göteborg 14–15/12, vi tar tåget", "Borås", dict(date="2026-12-14")),
    ("Konferens i Umeå 12–13 januari", "Luleå", dict(date="2027-01-12", time=None)),
    ("Vi är 3-4 personer som åker till Gävle imorgon", "Falun", dict(time=None)),
    # clock phrases
    ("Karlskoga on Jan 5 at 9, meeting the business council", "Örebro", dict(time="09:00")),
    ("Meeting in Karlstad at half past nine tomorrow", "Arvika", dict(time="09:30")),
    ("Träff i Västerås 3.12 kl 9", "Köping", dict(date="2026-12-03", time="09:00")),
    ("Möte i Mora tis 1.12 kl 10", "Falun", dict(date="2026-12-01", time="10:00")),
    ("Möte i Mora tis 9.30", "Falun", dict(date="2026-11-24", time="09:30")),
    ("Heading to Västerås now for the board meeting", "Eskilstuna", dict(date="2026-11-23")),
    # afternoon words are no clock time
    ("Åker till Mora imorgon efter lunch", "Falun", dict(nudge=True, time=None)),
    ("Möte i Borlänge på torsdag em", "Falun", dict(nudge=True, time=None)),
    ("Going to Västerås tomorrow afternoon", "Köping", dict(nudge=True, time=None)),
    # week numbers
    ("Konferens i Umeå v. 49", "Luleå", dict(nudge=True, date="2026-11-30")),
    ("Åker till Gävle vecka 50, tisdag", "Falun", dict(date="2026-12-08")),
    ("Utbildning i Mora v49 onsdag", "Falun", dict(date="2026-12-02")),
]


@_cases(WHEN)
def test_when(row: tuple) -> None:
    _check(*row)


# --- How ----------------------------------------------------------------------------------------
MODES = [
    ("Need a ride to Sollefteå tomorrow, anyone driving?", "Härnösand", dict(mode="car")),
    ("Umeå on Thursday 18/2 for the meeting, taking Norrtåg", "Skellefteå", dict(mode="train")),
    ("Tar Mälartåg till Västerås imorgon", "Eskilstuna", dict(mode="train")),
    ("Åker Flixbus till Göteborg på fredag", "Borås", dict(mode="bus")),
    ("Flyger SAS till Luleå på torsdag", "Stockholm", dict(mode="plane")),
    ("Jag åker till Gävle på torsdag. Jag kör och har plats för tre.", "Falun", dict(mode="car")),
    (
        "Mån 30/11 kör vi (jag, Malin och Sven) till Simrishamn på samråd",
        "Ystad",
        dict(mode="car", participants=3),
    ),
]


@_cases(MODES)
def test_modes(row: tuple) -> None:
    _check(*row)


# --- No nudge: remote, past, private, visits, cancelled, sport, topics, others -----------------
NO_NUDGE = [
    # joined from here
    ("Hybridmöte i Falun imorgon, jag sitter med från kontoret", "Borlänge"),
    ("Workshopen i Gävle på torsdag, jag deltar digitalt", "Falun"),
    ("I'll join the Karlstad meeting on Friday from my desk", "Arvika"),
    ("Jag kopplar upp mig på mötet i Ludvika kl 10", "Falun"),
    ("Deltar på distans i länsträffen i Västerås imorgon", "Köping"),
    ("They asked if we could do the Mora meeting on Teams instead of meeting in person", "Falun"),
    ("Kan vi ta mötet i Ludvika på Teams istället för att ses på plats?", "Falun"),
    ("Teamsmöte med Gävle imorgon kl 10", "Falun"),
    ("Zoom call with the Uppsala team tomorrow at 10", "Stockholm"),
    ("Konferensen i Umeå webbsänds på torsdag, jag tittar härifrån", "Luleå"),
    ("Webinar from Region Västerbotten in Umeå on Friday", "Skellefteå"),
    # past
    ("Kom precis hem från konferensen i Göteborg", "Falun"),
    ("Just got back from the workshop in Umeå", "Luleå"),
    ("Var i Örebro i tisdags på länsträffen", "Karlstad"),
    # private: family, the car, the cabin, leisure events
    ("Taking Friday off to drive the kids to their grandparents in Sundsvall", "Gävle"),
    ("Åker till Göteborg i helgen och hälsar på mamma", "Borås"),
    ("Kör ungarna till farmor i Mora på lördag", "Falun"),
    ("Bilen ska på service i Borlänge imorgon, så jag kommer senare", "Falun"),
    ("Ska byta däck i Leksand på fredag, kör dit efter lunch", "Falun"),
    ("Off to the cabin in Sälen this weekend", "Falun"),
    ("Vasaloppet i mars, någon fler som åker till Sälen?", "Falun"),
    ("Ska till veterinären i Borlänge med hunden imorgon", "Falun"),
    ("Ska till läkaren i Borlänge imorgon", "Falun"),
    # visits that must be made in person
    ("Hembesök hos brukare i Svärdsjö imorgon kl 10", "Falun"),
    ("Besöker en brukare i Svärdsjö imorgon", "Falun"),
    ("Brandsyn på skolan i Bjursås imorgon", "Falun"),
    # cancelled or postponed without a new date
    ("The Ludvika meeting on Friday is postponed, new date TBD", "Falun"),
    ("Mötet i Hofors den 12/1 skjuts upp", "Gävle"),
    ("Pga snöovädret ställer vi in utbildningsdagen i Tomelilla på torsdag", "Ystad"),
    ("Jag åker inte till Karlstad imorgon ändå", "Arvika"),
    ("Konferensen i Umeå är flyttad till våren", "Luleå"),
    ("Mötet i Leksand är framflyttat på obestämd tid", "Falun"),
    ("Det blir ingen resa till Gävle på torsdag", "Falun"),
    # sport: clubs, games
    ("Ska på HV71–Brynäs i Jönköping på lördag, någon mer som åker?", "Värnamo"),
    ("Vi åker till Gävle och ser Brynäs mot Frölunda på fredag", "Falun"),
    ("Going to watch Djurgården play in Stockholm on Saturday", "Uppsala"),
    ("Åker till Örebro på fredag och ser Örebro SK", "Karlstad"),
    # a town as the topic
    ("Vi ska ha ett möte om Umeås modell för äldreomsorg på torsdag", "Falun"),
    ("Meeting at 10 about how Västerås handled the procurement", "Falun"),
    # someone else's trip, or a question for others
    ("Are you going to Lycksele on Tuesday? Could you bring the contract", "Umeå"),
    ("Åker du till Mora imorgon?", "Falun"),
    ("Ska ni till Leksand på fredag?", "Falun"),
    ("Ahmed åker till Borlänge imorgon på mötet", "Falun"),
    ("Gäller traktamente om man åker på en heldag till Göteborg?", "Falun"),
    ("Lycka till på konferensen i Umeå imorgon, Lisa!", "Luleå"),
    ("Have a safe trip to Oslo tomorrow, Johan!", "Karlstad"),
    ("Vet någon om bussen till Mora går på lördag?", "Falun"),
    # organisations and towns as the subject, sources, news
    ("Borlänge kommun har möte om skolskjutsar på torsdag, vi får protokollet sen", "Falun"),
    ("Har ni sett att Ludvika ska bygga ny skola? Möte om det på torsdag", "Falun"),
    ("Mina kollegor i Mora har möte imorgon", "Falun"),
    ("Sundsvalls tidning skriver om mötet i Härnösand på fredag", "Sundsvall"),
    ("Enligt Umeå universitet blir det en konferens i mars", "Luleå"),
    ("Who's going to the Örebro conference on Dec 3?", "Karlstad"),
    # expenses and receipts are for trips already made
    ("Resan till Gävle den 12/11 kostade 2000 kr", "Falun"),
    ("Reseräkning för resan till Umeå 10/11", "Luleå"),
    ("Kvitto från tåget till Stockholm 15/11", "Falun"),
    # no date and not a plan of the writer's
    ("Protokollet från styrelsemötet i Borlänge finns nu på intranätet", "Falun"),
    ("Ny rapport: resandet till Stockholm har minskat med 20 %", "Falun"),
    ("Hur lång tid tar tåget till Stockholm egentligen?", "Falun"),
]


@pytest.mark.parametrize(("text", "origin"), NO_NUDGE, ids=[r[0][:45] for r in NO_NUDGE])
def test_no_nudge(text: str, origin: str) -> None:
    _check(text, origin, dict(nudge=False))


# --- Nudge: the same words where they do announce a trip ---------------------------------------
NUDGE = [
    ("Åker till Linköping på torsdag för digitaliseringsrådet", "Motala", dict(dest="Linköping")),
    ("Going to Västerås on Friday for the digitalisation conference", "Köping", dict()),
    ("Möte om videoövervakning i Borlänge imorgon kl 9", "Falun", dict(dest="Borlänge")),
    ("Träffen i Mora flyttas till den 3/12, vi ses där", "Falun", dict(date="2026-12-03")),
    ("The Uppsala workshop has been moved to Thursday 3/12", "Stockholm", dict(date="2026-12-03")),
    ("Efter helgen, den 7 jan, åker jag till Vilhelmina på möte om hemtjänsten", "Lycksele", {}),
    ("Uppsala imorgon kl 9, någon mer som ska dit?", "Stockholm", dict(dest="Uppsala")),
    ("Nästa månad åker jag till Umeå på konferensen", "Luleå", dict(date=None)),
    ("Måste till Ludvika imorgon", "Falun", dict(dest="Ludvika")),
    ("I need to be in Västerås by 9 tomorrow", "Köping", dict(dest="Västerås", time="09:00")),
    ("See you all in Karlstad on Friday!", "Arvika", dict(dest="Karlstad")),
    ("Kan någon skjutsa mig till Mora imorgon?", "Falun", dict(dest="Mora", mode="car")),
    ("Is anyone driving to Mora tomorrow? I need a ride", "Falun", dict(dest="Mora")),
    ("Our team is meeting the county board in Karlstad next Friday", "Arvika", dict()),
    ("Sala–Avesta joint board is on Monday 30/11 at 17:00 in Sala", "Avesta", dict(dest="Sala")),
    # hosts: others travel to the writer
    ("Välkomna till oss i Falun på tisdag på nätverksträffen!", "Falun", dict(dest="Falun")),
    ("Vi bjuder in alla rektorer i länet till Falun den 3/12", "Falun", dict(dest="Falun")),
    ("Vi står värdar för länsträffen här i Falun på fredag", "Falun", dict(dest="Falun")),
    ("Välkomna till oss i Hudik på tisdag!", "Hudiksvall", dict(dest="Hudiksvall")),
    # recurring meetings still nudge, and say so
    ("Månadsmötet i Borlänge som vanligt på tisdag", "Falun", dict(recurring=True)),
    ("Vi ses i Mora varannan torsdag för styrgruppen", "Falun", dict(recurring=True)),
    ("Weekly sync at the Ludvika office every Monday at 9", "Falun", dict(recurring=True)),
]


@_cases(NUDGE)
def test_nudge(row: tuple) -> None:
    text, origin, expected = row
    _check(text, origin, {"nudge": True, **expected})


def test_a_recurring_meeting_needs_no_date() -> None:
    _check("Vi har styrelsemöte i Mora varje månad", "Falun", dict(nudge=True, recurring=True))
    _check("We have the steering group in Gävle every other week", "Falun", dict(nudge=True))
