"""A third round of families the understanding must read alike: telegraphic plans that open with
the town, remote and travel parts on different days, self-corrections, more past and remote
forms, mentions of colleagues, hosts, modes chosen for a reason, organisations named after towns,
shorthand, weekly plans, clock times and the first-date-in-message bias. Written for these tests
(not taken from any corpus); sent on Monday 23 November 2026 at 09:00 unless a row gives its own
time. Each row states only the fields that matter for it.
"""

from __future__ import annotations

from tests.test_understanding_families import _cases, _check

# --- A. A line that opens with the town (or names it after its day) is the writer's plan --------
PLAN_LINES = [
    ("Gävle imorn kl 10 – regionala nätverket", "Falun",
     dict(nudge=True, dest="Gävle", date="2026-11-24", time="10:00")),
    ("Umeå tors 13-ish? Socialchefsnätverket", "Skellefteå",
     dict(nudge=True, dest="Umeå", date="2026-11-26", time="13:00")),
    ("tis: Kiruna kl 9, gruvrådet", "Luleå",
     dict(nudge=True, dest="Kiruna", date="2026-11-24", time="09:00")),
    ("ons: Piteå kl 13.30, skolchefsträff", "Luleå",
     dict(nudge=True, dest="Piteå", date="2026-11-25", time="13:30")),
    ("sthlm tors kl 10, SKR-dagen", "Göteborg",
     dict(nudge=True, dest="Stockholm", date="2026-11-26", time="10:00")),
    ("gbg fre 9-ish, trafiknätverket", "Stockholm",
     dict(nudge=True, dest="Göteborg", date="2026-11-27", time="09:00")),
    ("norrkpg imorn kl 8.30 – samverkansgrupp", "Linköping",
     dict(nudge=True, dest="Norrköping", date="2026-11-24", time="08:30")),
    ("Tromsø on the 24th, Arctic network", "Kiruna",
     dict(nudge=True, dest="Tromsø", date="2026-11-24")),
    ("Berlin 1–3 March for the forum", "Malmö", dict(nudge=True, dest="Berlin", date="2027-03-01")),
    ("Skellefteå 2/12 kl 10, näringslivsrådet", "Umeå",
     dict(nudge=True, dest="Skellefteå", date="2026-12-02", time="10:00")),
    ("Mora nästa tis kl 9, länsträff", "Falun",
     dict(nudge=True, dest="Mora", date="2026-12-01", time="09:00")),
    ("Karlstad fre kl 10?", "Örebro", dict(nudge=True, dest="Karlstad", date="2026-11-27")),
    ("Mora tis 09, länsträff", "Falun", dict(nudge=True, dest="Mora", time="09:00")),
    # not plans: the day opening the line is no town, the town is the writer's own
    ("Mån 30/11 Trelleborg, tillväxtgruppen kl 10.", "Ystad", dict(dest="Trelleborg")),
    ("Falun imorn kl 10, styrgruppen", "Falun", dict(nudge=False)),
    ("Fika imorn kl 10?", "Falun", dict(nudge=False, kind=None)),
]


@_cases(PLAN_LINES)
def test_plan_lines(row: tuple) -> None:
    _check(*row)


# --- B. A remote part and a travel part for different days --------------------------------------
REMOTE_OTHER_DAY = [
    ("Sitter i Teams-möte hela dan idag men imorn e jag i Växjö på regionmötet kl 9", "Kalmar",
     dict(nudge=True, dest="Växjö", date="2026-11-24", time="09:00")),
    ("Jag tar Zoom på tisdagens styrgrupp men kommer fysiskt till Gävle på tors, kl 10", "Falun",
     dict(nudge=True, dest="Gävle", date="2026-11-26", time="10:00")),
    ("Idag kör jag allt digitalt, men på onsdag åker jag till Mora för länsträffen kl 13", "Falun",
     dict(nudge=True, dest="Mora", date="2026-11-25", time="13:00")),
    ("I'm on Teams all day today but tomorrow I'm driving to Västerås for the council at 10",
     "Uppsala", dict(nudge=True, dest="Västerås", date="2026-11-24", time="10:00")),
    ("Måndagens möte tar jag på Teams, men fredag blir det Skellefteå kl 9", "Umeå",
     dict(nudge=True, dest="Skellefteå", date="2026-11-27", time="09:00")),
    # the remote part is the trip's own meeting: no nudge
    ("Mötet i Mora imorgon tar jag via Teams", "Falun", dict(nudge=False)),
    ("Mötet i Mora imorgon kl 10, jag är med på länk", "Falun", dict(nudge=False)),
    ("Imorgon är jag med på Teams i Borlänge-mötet", "Falun", dict(nudge=False)),
]


@_cases(REMOTE_OTHER_DAY)
def test_remote_on_another_day(row: tuple) -> None:
    _check(*row)


# --- C. Self-corrections: the later statement wins ----------------------------------------------
CORRECTIONS = [
    ("Ska t Mora på ons? nej, det blev Teams till slut", "Falun", dict(nudge=False)),
    ("Jag åker till Ludvika på ons. Nej förresten, mötet blir digitalt", "Falun",
     dict(nudge=False)),
    ("Möte i Leksand 3/12? Nej vänta – det e ju i Rättvik denna gång. Tis kl 10", "Falun",
     dict(nudge=True, dest="Rättvik", date="2026-11-24", time="10:00")),
    ("Åker till Gävle tors 9-ish? nej exakt kl 9.30", "Falun", dict(time="09:30")),
    ("Kör till Borlänge imorgon kl 10, sorry menar kl 13", "Falun",
     dict(date="2026-11-24", time="13:00")),
    ("Going to Gävle on Wednesday, no wait, Thursday", "Falun", dict(date="2026-11-26")),
    ("Tåget till Uppsala fre kl 8, rättelse: kl 7.30", "Falun", dict(time="07:30")),
    ("Heading to Mora tomorrow, actually it's in Orsa this time", "Falun",
     dict(nudge=True, dest="Orsa")),
    ("Mötet i Gävle är på Teams men jag åker dit ändå på torsdag", "Falun",
     dict(nudge=True, dest="Gävle")),
]


@_cases(CORRECTIONS)
def test_self_corrections(row: tuple) -> None:
    _check(*row)


# --- D. Past, more forms --------------------------------------------------------------------
PAST = [
    ("Drove to Borlänge and back this morning, long day", "Falun", dict(nudge=False)),
    ("Körde till Mora och tillbaka idag, 4 timmar i bil", "Falun", dict(nudge=False)),
    ("Fredagens möte i Ludvika va bra", "Falun", dict(nudge=False)),
    ("Tisdagens träff i Mora var riktigt givande", "Falun", dict(nudge=False)),
    ("The workshop in Gävle on Monday was great", "Falun", dict(nudge=False)),
    ("Still haven't been reimbursed for the Gävle trip in November", "Falun", dict(nudge=False)),
    ("Har fortfarande inte fått ersättning för resan till Gävle", "Falun", dict(nudge=False)),
    # judged in advance or with a plan after it: still a trip to come
    ("Det var bra att du bokade tåget till Gävle på fredag", "Falun", dict(nudge=True)),
]


@_cases(PAST)
def test_past_forms(row: tuple) -> None:
    _check(*row)


# --- E. Remote, more forms ------------------------------------------------------------------
REMOTE = [
    ("Jag är med på nätverksträffen i Gävle imorgon, men bara som digital deltagare", "Falun",
     dict(nudge=False)),
    ("I'll join the Gävle conference tomorrow only as a digital participant", "Falun",
     dict(nudge=False)),
    ("Vi ses på skärmen på torsdag istället för i Mora", "Falun", dict(nudge=False)),
    ("Deltar digitalt på länsträffen i Mora på onsdag", "Falun", dict(nudge=False)),
    ("Följer sändningen från konferensen i Stockholm på fredag", "Falun", dict(nudge=False)),
    ("Jag deltar på distans i styrgruppen i Borlänge imorgon", "Falun", dict(nudge=False)),
]


@_cases(REMOTE)
def test_remote_forms(row: tuple) -> None:
    _check(*row)


# --- F. A mention of a colleague as the subject is someone else -------------------------------
MENTIONS = [
    ("<@U04KALLE1> is heading to Helsingborg tomorrow", "Malmö", dict(nudge=False)),
    ("<@U123> åker till Lund på torsdag för nätverksmötet", "Malmö", dict(nudge=False)),
    ("<@U123|kalle> kör till Ystad imorgon kl 9", "Malmö", dict(nudge=False)),
    ("Jag och <@U123> åker till Lund på torsdag", "Malmö",
     dict(nudge=True, dest="Lund", participants=2)),
    ("<@U123> och jag kör till Ystad imorgon", "Malmö",
     dict(nudge=True, dest="Ystad", participants=2)),
    ("<@U123> ska du med till Lund imorgon? Jag kör", "Malmö",
     dict(nudge=True, dest="Lund", mode="car")),
]


@_cases(MENTIONS)
def test_mentioned_colleagues(row: tuple) -> None:
    _check(*row)


# --- G. Hosts, more forms -------------------------------------------------------------------
HOSTS = [
    ("Vi kör länsträffen hos oss igen, 18/3 kl 9. Mora, Leksand o Rättvik kommer hit", "Falun",
     dict(nudge=True, dest="Falun", date="2027-03-18", time="09:00")),
    ("We host the council at our place in Kalmar on thu 28/1 at 13. Växjö and Nybro join",
     "Kalmar", dict(nudge=True, dest="Kalmar", date="2027-01-28", time="13:00")),
    ("Styrgruppen är hos oss i Falun den 3/12 kl 13, Mora och Orsa åker hit", "Falun",
     dict(nudge=True, dest="Falun", time="13:00")),
    ("We're hosting the regional forum here on Friday at 9; people come from Växjö and Karlskrona",
     "Kalmar", dict(nudge=True, dest="Kalmar", time="09:00")),
]


@_cases(HOSTS)
def test_hosts(row: tuple) -> None:
    _check(*row)


# --- I. Regions, provinces and organisations are never their seat town -------------------------
ORGANISATIONS = [
    ("Region Jämtland Härjedalen's tourism strategy day in Östersun on Thursday 10:00", "Sundsvall",
     dict(nudge=True, dest="Östersund")),
    ("Härjedalens kommun och vi ses i Östersund på fredag", "Sundsvall", dict(dest="Östersund")),
    ("Region Gotland har workshop i Stockholm den 4/12, jag åker", "Visby",
     dict(nudge=True, dest="Stockholm")),
    ("Möte med Region Uppsala i Enköping på fredag", "Västerås", dict(dest="Enköping")),
    ("Kalmar läns landsting har möte i Växjö på ons, jag åker dit", "Kalmar",
     dict(nudge=True, dest="Växjö")),
    ("Workshop med Region Stockholm i Norrtälje den 2/12", "Uppsala", dict(dest="Norrtälje")),
    ("Flyger till Gotland på torsdag för möte", "Stockholm", dict(nudge=True, dest="Visby")),
]


@_cases(ORGANISATIONS)
def test_organisations(row: tuple) -> None:
    _check(*row)


# --- K. A weekly plan: each line's day belongs to that week; the line naming a town is the trip --
WEEKLY = [
    ("Planering v. 49:\n• mån: kontoret\n• tis: Piteå (Regionen) kl 10\n• ons–fre: hemmakontor",
     "Luleå", dict(nudge=True, dest="Piteå", date="2026-12-01", time="10:00")),
    ("Min vecka (v 50):\n- mån: Falun\n- tis: Teams hela dagen\n- ons: Mora, länsträff kl 13",
     "Falun", dict(nudge=True, dest="Mora", date="2026-12-09", time="13:00")),
    ("Next week:\n- Mon: office\n- Tue: Västerås 10:00 council\n- Wed-Fri: WFH", "Uppsala",
     dict(nudge=True, dest="Västerås", date="2026-12-01", time="10:00")),
    ("Plan v.51\nmån kontoret\ntis Borlänge kl 10 (workshop)\nons hemma", "Falun",
     dict(nudge=True, dest="Borlänge", date="2026-12-15", time="10:00")),
]


@_cases(WEEKLY)
def test_weekly_plans(row: tuple) -> None:
    _check(*row)


# --- Clock times in their common forms ----------------------------------------------------------
TIMES = [
    ("Möte i Mora på torsdag 13-tiden", "Falun", dict(time="13:00")),
    ("Åker till Mora tors kl. 9.00", "Falun", dict(time="09:00")),
    ("Workshop i Gävle ons 9–11", "Falun", dict(time="09:00")),
    ("Styrgrupp i Mora fre klockan nio", "Falun", dict(time="09:00")),
    ("Meeting in Gävle on Friday at 13", "Falun", dict(time="13:00")),
    ("Vi ses i Mora imorgon 9-ish", "Falun", dict(time="09:00")),
    ("Möte i Gävle på fredag vid niotiden", "Falun", dict(time="09:00")),
    ("Träff i Mora på onsdag, börjar halv 10", "Falun", dict(time="09:30")),
    ("Meeting in Gävle on Thursday, starting just after 9", "Falun", dict(time="09:00")),
]


@_cases(TIMES)
def test_clock_times(row: tuple) -> None:
    _check(*row)


# --- The trip's own day, not the first day in the message --------------------------------------
OWN_DAY = [
    ("Idag sitter jag på kontoret, imorgon åker jag till Mora kl 10", "Falun",
     dict(date="2026-11-24", time="10:00")),
    ("Efter mötet idag kör jag vidare; på torsdag är det Gävle kl 9", "Falun",
     dict(dest="Gävle", date="2026-11-26", time="09:00")),
    ("Rapporten ska vara klar 1/12, sen åker jag till Mora den 3/12", "Falun",
     dict(date="2026-12-03")),
    ("Imorgon åker jag till Mora, tillbaka den 3/12", "Falun", dict(date="2026-11-24")),
    ("Deadline fredag. Tisdag nästa vecka är jag i Gävle på styrgruppen kl 10", "Falun",
     dict(date="2026-12-01", time="10:00")),
    ("Christoffer åker till Karlstad kl 7, jag åker till Mora på fredag", "Falun",
     dict(dest="Mora", date="2026-11-27", time=None)),
    ("Bergslagens kommunchefer ses i Nora varannan tors, nästa gång 3/12 kl 9", "Nora",
     dict(date="2026-12-03")),
]


@_cases(OWN_DAY)
def test_own_day(row: tuple) -> None:
    _check(*row)


# --- H. A mode complained about loses to the one the writer chooses ----------------------------
MODES = [
    ("Pendeln e ju opålitlig så jag kör till Stockholm imorgon", "Uppsala", dict(mode="car")),
    ("Kan ngn skjutsa mig till Mora på ons? Tåget passar dåligt", "Falun", dict(mode="car")),
    ("Bussen går för sällan, så jag tar bilen till Mora imorgon", "Falun", dict(mode="car")),
    ("The train is useless on Sundays so I'll drive to Gävle on Monday", "Falun",
     dict(mode="car", date="2026-11-30")),
    ("Flyget är för dyrt, tar tåget till Luleå den 3/12", "Stockholm", dict(mode="train")),
    # a mode praised or simply named still counts
    ("Tåget är smidigt, tar det till Uppsala på fredag", "Falun", dict(mode="train")),
]


@_cases(MODES)
def test_modes_for_a_reason(row: tuple) -> None:
    _check(*row)


# --- J. Shorthand: "e det", "va", and the people picked up on the way -------------------------
SHORTHAND = [
    ("Tors e det länsrådet i Örnsköldsvik, vi e fyra från Kramfors", "Kramfors",
     dict(nudge=True, dest="Örnsköldsvik", date="2026-11-26", participants=4)),
    ("Imorn e det Mora som gäller, styrgruppen kl 10", "Falun",
     dict(nudge=True, dest="Mora", time="10:00")),
    ("Fredagens möte i Ludvika va riktigt bra", "Falun", dict(nudge=False)),
    ("Jag hämtar Ahmed och kör till Mora imorgon", "Falun", dict(participants=2, mode="car")),
    ("Tar bilen till Gävle imorn, hämtar Lisa kl 7", "Falun", dict(participants=2)),
    ("Kör till Borlänge på fredag, plockar upp Eva på vägen", "Falun", dict(participants=2)),
    # a thing fetched is no companion
    ("Kör till Borlänge på fredag, hämtar materialet kl 8", "Falun", dict(participants=None)),
]


@_cases(SHORTHAND)
def test_shorthand(row: tuple) -> None:
    _check(*row)


# --- Weekly plans with a private day: the trip line still counts -------------------------------
PLAN_WITH_PRIVATE = [
    ("Veckan:\n* Måndag – kontoret\n* Onsdag – Gävle kl 9, styrgruppen\n* Fredag – ledig", "Falun",
     dict(nudge=True, dest="Gävle", date="2026-11-25", time="09:00")),
    ("Plan v. 50\nmån: semester\ntis: Mora kl 10, länsträff", "Falun",
     dict(nudge=True, dest="Mora", date="2026-12-08")),
]


@_cases(PLAN_WITH_PRIVATE)
def test_plans_with_a_private_day(row: tuple) -> None:
    _check(*row)


# --- Plan lines that are no plans: weather, results, praise, someone else --------------------
NOT_PLANS = [
    ("Borlänge imorgon: snöstorm varnas, kör försiktigt", "Falun", dict(nudge=False)),
    ("Umeå tors: -25 grader, brr", "Skellefteå", dict(nudge=False)),
    ("Mora 3 pers anmälda hittills", "Falun", dict(nudge=False)),
    ("Leksand ikväll kl 19, matchen mot Brynäs!", "Falun", dict(nudge=False)),
    ("Anna imorn kl 10 har du tid?", "Falun", dict(nudge=False)),
    ("Kalle imorn kl 10 åker till Mora", "Falun", dict(nudge=False)),
    ("Mora imorn kl 10? Nej, vi kör det på Teams", "Falun", dict(nudge=False)),
    ("tis: Teams med Mora kl 9", "Falun", dict(nudge=False)),
    ("Mora kl 10 imorgon är inställt", "Falun", dict(nudge=False)),
    ("Sala fre: Lisa åker dit", "Falun", dict(nudge=False)),
    ("Vingåker imorgon: vägarbete på 52:an, räkna med köer", "Katrineholm", dict(nudge=False)),
    ("Hur va mötet i Mora igår?", "Falun", dict(nudge=False)),
]


@_cases(NOT_PLANS)
def test_lines_that_are_no_plans(row: tuple) -> None:
    _check(*row)


# --- Several towns and times: the one the writer goes to, at the time of the meeting ----------
SEVERAL = [
    ("Nästa vecka tisdag: Vännäs och Vindeln träffar oss i Lycksele, jag kör", "Umeå",
     dict(nudge=True, dest="Lycksele", date="2026-12-01")),
    ("Mora kommun har bjudit in oss till Mora den 3/12 kl 13", "Falun",
     dict(nudge=True, dest="Mora", time="13:00")),
    ("Förmiddag i Karlskoga, eftermiddag i Degerfors på torsdag", "Örebro",
     dict(nudge=True, dest="Karlskoga", date="2026-11-26")),
    ("Tis kl 13 Hofors, ons kl 9 Sandviken", "Gävle",
     dict(nudge=True, dest="Hofors", date="2026-11-24", time="13:00")),
    ("Jag är på plats i Enköping från 9 imorgon", "Uppsala", dict(dest="Enköping", time="09:00")),
    ("Imorgon bitti kör jag till Umeå, ska vara där 9", "Örnsköldsvik", dict(time="09:00")),
    ("Driving to Borlänge on Tuesday with Anna and Per for the 9 o'clock workshop", "Falun",
     dict(time="09:00", participants=3)),
    ("Tåget går 7.10 från Falun, mötet i Stockholm är 10.00", "Falun",
     dict(dest="Stockholm", participants=None)),
]


@_cases(SEVERAL)
def test_several_towns_and_times(row: tuple) -> None:
    _check(*row)


# --- A past meeting beside one to come: the one to come counts ---------------------------------
PAST_AND_NEXT = [
    ("Var i Mora igår på länsträffen, nästa gång är i Leksand 3/12", "Falun",
     dict(nudge=True, dest="Leksand", date="2026-12-03")),
    ("Tack för senast i Gävle! Ses i Sandviken den 10/12", "Falun",
     dict(nudge=True, dest="Sandviken", date="2026-12-10")),
    ("Mötet i Mora i tisdags var bra. Nästa är i Orsa på fredag kl 10", "Falun",
     dict(nudge=True, dest="Orsa", date="2026-11-27", time="10:00")),
    ("I was in Uppsala on Monday; next week I'm going to Västerås on Wednesday at 10", "Stockholm",
     dict(nudge=True, dest="Västerås", date="2026-12-02")),
    # only the past
    ("Var i Mora igår, jättebra möte", "Falun", dict(nudge=False)),
    ("Tåget till Stockholm var försenat igen idag", "Falun", dict(nudge=False)),
    ("Vi åker till Höganäs, Båstad och Ängelholm nästa vecka, tisdag till torsdag", "Helsingborg",
     dict(nudge=True, dest="Höganäs", date="2026-12-01")),
    ("Imorgon: Mora. Torsdag: Leksand. Fredag: kontoret.", "Falun",
     dict(nudge=True, dest="Mora", date="2026-11-24")),
    ("Imorgon kl 8 hämtar jag upp Anna i Borlänge och sen kör vi till Ludvika", "Falun",
     dict(dest="Ludvika", participants=2)),
]


@_cases(PAST_AND_NEXT)
def test_past_beside_what_comes(row: tuple) -> None:
    _check(*row)


# --- Who goes: the writer asked, sent, counted, joining or bringing people ----------------------
WHO_GOES = [
    ("Three of us are taking the train to Stockholm on Monday for the SKR conference", "Uppsala",
     dict(nudge=True, dest="Stockholm", participants=3)),
    ("My boss wants me to go to Gävle on Thursday for the regional forum", "Falun",
     dict(nudge=True, dest="Gävle")),
    ("Jag tar med mig Lisa och Anders till Borlänge imorgon", "Falun",
     dict(nudge=True, dest="Borlänge", participants=3)),
    ("Behöver någon skjuts till Mora imorgon? Jag har två platser", "Falun",
     dict(nudge=True, dest="Mora", mode="car")),
    ("Anna och Per åker till Mora imorgon, jag kommer efter på onsdag", "Falun",
     dict(nudge=True, dest="Mora", date="2026-11-25")),
    ("Jag jobbar från Moraskolan på fredag", "Falun", dict(nudge=True, dest="Mora")),
    # a question about a lift in the meeting's clause keeps the meeting's time
    ("Behöver skjuts till Hedemora imorn, mötet börjar kvart i tio – kör någon dit?", "Borlänge",
     dict(nudge=True, time="09:45")),
]


@_cases(WHO_GOES)
def test_who_goes(row: tuple) -> None:
    _check(*row)


# --- Hosting when the guests are named as coming -------------------------------------------
GUESTS = [
    ("Vi kör workshopen på Campus Valla i Linköping på tisdag, Norrköping och Motala kommer",
     "Linköping", dict(nudge=True, dest="Linköping")),
    ("Emmaboda and Torsås are coming to us on Wednesday at 10 for the water meeting", "Kalmar",
     dict(nudge=True, dest="Kalmar", time="10:00")),
    ("Styrgruppen ses i Borlänge på fredag, Ludvika och Falun kommer", "Falun",
     dict(nudge=True, dest="Borlänge")),
]


@_cases(GUESTS)
def test_guests_coming(row: tuple) -> None:
    _check(*row)


# --- More days and plans: ordinal words, "om två veckor på tisdag", "om en timme", foreign towns --
MORE_DAYS = [
    ("Åker till Kungälv den tjugonde kl nio", "Göteborg",
     dict(date="2026-12-20", time="09:00")),
    ("Möte i Mora om två veckor på tisdag", "Falun", dict(date="2026-12-08")),
    ("Kör till Hedemora om en timme", "Falun", dict(nudge=True, date="2026-11-23")),
    ("Oslo tis-ons för nordiska nätverket, flyger 07.05", "Göteborg",
     dict(nudge=True, dest="Oslo", date="2026-11-24", mode="plane")),
    ("Ludvika kl 13:30 idag, någon mer?", "Falun",
     dict(nudge=True, dest="Ludvika", date="2026-11-23", time="13:30")),
    ("Ska till stan imorgon kl 10 för möte i stadshuset", "Falun", dict(dest="Falun")),
    ("Report due Friday. On Tuesday I'm in Västerås for the council, 10:00", "Stockholm",
     dict(nudge=True, dest="Västerås", date="2026-11-24", time="10:00")),
]


@_cases(MORE_DAYS)
def test_more_days(row: tuple) -> None:
    _check(*row)


# --- Short remote tails and slow modes ------------------------------------------------------
TAILS = [
    ("Jag är med på länsträffen i Hudiksvall på torsdag men bara digitalt", "Gävle",
     dict(nudge=False)),
    ("Styrgruppen i Mora imorgon, via Teams", "Falun", dict(nudge=False)),
    ("Bussen dit tar tre timmar så jag kör till Ljusdal på torsdag", "Gävle", dict(mode="car")),
    # a short clause without a remote word changes nothing
    ("Styrgruppen i Mora imorgon, kl 10", "Falun", dict(nudge=True, time="10:00")),
]


@_cases(TAILS)
def test_short_tails(row: tuple) -> None:
    _check(*row)


# --- Airports are their city; receiving guests is hosting ---------------------------------------
AIRPORTS_AND_HOSTS = [
    ("Flyger Kalmar–Bromma tis 6.40, åter samma dag", "Kalmar",
     dict(nudge=True, dest="Stockholm", time="06:40", mode="plane")),
    ("Flying Luleå–Arlanda on Friday morning", "Luleå", dict(nudge=True, dest="Stockholm")),
    ("Vi tar emot Lessebo och Uppvidinge här i Växjö på torsdag kl 13", "Växjö",
     dict(nudge=True, dest="Växjö", time="13:00")),
]


@_cases(AIRPORTS_AND_HOSTS)
def test_airports_and_hosts(row: tuple) -> None:
    _check(*row)


# --- English: groups, our team hosting, lifts on the way, parts of the day ----------------------
ENGLISH = [
    ("Kramfors thu 13:30 – High Coast tourism group", "Härnösand",
     dict(nudge=True, dest="Kramfors", date="2026-11-26", time="13:30")),
    ("Our team hosts the Västernorrland digitalisation network here in Härnösand on 24 Feb at 9",
     "Härnösand", dict(nudge=True, dest="Härnösand", time="09:00")),
    ("The train is always late so I'm driving to Umeå on Thursday", "Örnsköldsvik",
     dict(mode="car")),
    ("Can someone pick me up in Timrå on the way to Härnösand tomorrow at 8?", "Sundsvall",
     dict(nudge=True, dest="Härnösand", time="08:00", mode="car")),
    ("Teams in the morning, then in the afternoon I'm driving to Skellefteå for a 3pm meeting",
     "Umeå", dict(nudge=True, dest="Skellefteå", date="2026-11-23", time="15:00")),
    ("Teams-möte på förmiddagen, sen kör jag till Mora kl 14", "Falun",
     dict(nudge=True, dest="Mora", time="14:00")),
    # the same part of the day: the remote part is the trip's meeting
    ("Mötet i Mora imorgon kl 10, jag är med på Teams på förmiddagen", "Falun", dict(nudge=False)),
]


@_cases(ENGLISH)
def test_english_and_parts_of_the_day(row: tuple) -> None:
    _check(*row)


def test_a_correction_named_after_the_town() -> None:
    _check("Jag åker till Mora på ons, Orsa menar jag", "Falun", dict(dest="Orsa"))
    _check("Vad menar jag med det? Åker till Mora imorgon", "Falun", dict(dest="Mora"))
