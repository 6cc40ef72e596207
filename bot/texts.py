"""Swedish and English message catalogue, and number formatting per language.

Every text the core says lives here, so translations are reviewed in one place. Keys are
grouped by feature; other modules (coaching, reporting) add their own catalogues with `add`.
"""

from __future__ import annotations

from typing import Protocol

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"

CATALOGUE: dict[str, dict[str, str]] = {
    # --- the nudge ---------------------------------------------------------------------------
    "nudge.travel": {
        "sv": "Kan resan till {dest}{when} bli ett webbmöte i stället?",
        "en": "Could the trip to {dest}{when} be a web meeting instead?",
    },
    "nudge.saves": {"sv": "Så här mycket sparar det:", "en": "Here is what it would save:"},
    "nudge.meeting": {
        "sv": "Mötet i {dest}{when}: kan det hållas som webbmöte, eller hybrid för dem som annars reser?",
        "en": "The meeting in {dest}{when}: could it be held as a web meeting, or hybrid for those who would travel?",
    },
    "nudge.recurring": {
        "sv": "Det låter som ett återkommande möte. Kommuncheferna i Dalsland gjorde vartannat till webbmöte — kanske något för er?",
        "en": "This sounds like a recurring meeting. Dalsland's municipal managers made every other one a web meeting — worth a try?",
    },
    "nudge.date_unreadable": {
        "sv": "(Datumet du skrev finns inte i almanackan, så jag har räknat utan datum.)",
        "en": "(The date you wrote does not exist in the calendar, so I have left the date out.)",
    },
    "nudge.no_origin": {
        "sv": 'Jag vet inte var du utgår från, så jag kan inte räkna på vad det sparar. Skriv "hem <ort>" (till exempel "hem Falun") så räknar jag på den här resan direkt.',
        "en": "I don't know where you start from, so I can't estimate what it saves. Write \"home <town>\" (for example \"home Falun\") and I'll estimate this trip right away.",
    },
    "nudge.assumed_mode": {
        "sv": "Uppskattning: {mode}, {travellers}, tur och retur. Restid värderad till arbetsgivarens kostnad.",
        "en": "Estimate: {mode}, {travellers}, round trip. Travel time valued at the employer's cost.",
    },
    "nudge.duplicate": {
        "sv": "Den resan har jag redan föreslagit webbmöte för. Skriv \"mina besparingar\" för att se dina svar.",
        "en": "I have already suggested a web meeting for that trip. Write \"me\" to see your answers.",
    },
    "ask.where": {
        "sv": "Det låter som en tjänsteresa{mention}. Vart ska du? Skriv orten så räknar jag på vad ett webbmöte sparar.",
        "en": "That sounds like a work trip{mention}. Where are you going? Write the town and I'll estimate what a web meeting saves.",
    },
    "ask.where.dm": {
        "sv": "Det låter som en tjänsteresa{mention}. Vart ska du? Skriv orten till mig i ett direktmeddelande så räknar jag på vad ett webbmöte sparar.",
        "en": "That sounds like a work trip{mention}. Where are you going? Write the town to me in a direct message and I'll estimate what a web meeting saves.",
    },
    "ask.where.unknown": {
        "sv": ' — men "{mention}" hittar jag inte',
        "en": ' — but I can\'t find "{mention}"',
    },
    "ask.where.again": {
        "sv": '"{place}" hittar jag inte heller. Försök med närmaste tätort, eller skriv "hoppa över".',
        "en": 'I can\'t find "{place}" either. Try the nearest town, or write "skip".',
    },
    "ask.where.skipped": {"sv": "Okej, vi hoppar över den.", "en": "OK, let's skip that one."},
    "fact.distance": {"sv": "Sträcka", "en": "Distance"},
    "fact.hours": {"sv": "Restid", "en": "Travel time"},
    "fact.sek": {"sv": "Kostnad", "en": "Cost"},
    "fact.kwh": {"sv": "Energi", "en": "Energy"},
    "fact.co2": {"sv": "Koldioxid", "en": "CO2"},
    "travellers.one": {"sv": "1 resenär", "en": "1 traveller"},
    "travellers.many": {"sv": "{n} resenärer", "en": "{n} travellers"},
    "unit.km": {"sv": "{v} km", "en": "{v} km"},
    "unit.hours": {"sv": "{v} h", "en": "{v} h"},
    "unit.sek": {"sv": "{v} kr", "en": "SEK {v}"},
    "unit.kwh": {"sv": "{v} kWh", "en": "{v} kWh"},
    "unit.co2": {"sv": "{v} kg", "en": "{v} kg"},
    "mode.car": {"sv": "bil", "en": "car"},
    "mode.train": {"sv": "tåg", "en": "train"},
    "mode.bus": {"sv": "buss", "en": "bus"},
    "mode.plane": {"sv": "flyg", "en": "plane"},
    # --- the three choices --------------------------------------------------------------------
    "choice.accept": {"sv": "Vi kör webbmöte", "en": "Make it a web meeting"},
    "choice.travel": {"sv": "Jag behöver resa", "en": "I need to travel"},
    "choice.not_trip": {"sv": "Det är ingen resa", "en": "Not a trip"},
    "accepted": {
        "sv": "Toppen, det blir webbmöte i stället för {trip}! Det sparar {sek} och {co2} koldioxid.",
        "en": "Great, a web meeting instead of {trip}! It saves {sek} and {co2} of CO2.",
    },
    "accepted.nofigures": {
        "sv": "Toppen, det blir webbmöte i stället för {trip}!",
        "en": "Great, a web meeting instead of {trip}!",
    },
    # what a decision is about, so an answered message still says which trip it was
    "trip.travel": {"sv": "resan till {dest}{when}", "en": "the trip to {dest}{when}"},
    "trip.meeting": {"sv": "mötet på plats i {dest}{when}", "en": "the in-person meeting in {dest}{when}"},
    "accepted.link": {
        "sv": "Här är en länk att skicka ut: {url}",
        "en": "Here is a link to send out: {url}",
    },
    "accepted.nolink": {
        "sv": "Boka det i organisationens vanliga webbmötestjänst (Teams, Zoom eller liknande) och skicka länken till deltagarna.",
        "en": "Book it in your organisation's usual web-meeting service (Teams, Zoom or similar) and send the link to the participants.",
    },
    "ask.reason": {
        "sv": "Okej, ibland måste man resa. Vad gör att mötet behöver ske på plats?",
        "en": "OK, sometimes travel is needed. What makes this meeting need to happen in person?",
    },
    "reason.site_visit": {"sv": "Platsbesök", "en": "Site visit"},
    "reason.cannot_join": {
        "sv": "Deltagare kan inte vara med på distans",
        "en": "People can't join remotely",
    },
    "reason.technical": {"sv": "Tekniskt krångel", "en": "Technical trouble"},
    "reason.other": {"sv": "Annat", "en": "Other"},
    "reason.thanks": {
        "sv": "Tack, noterat ({reason}) för {trip}. Trevlig resa!",
        "en": "Thanks, noted ({reason}) for {trip}. Have a good trip!",
    },
    "reason.technical.help": {
        "sv": 'Om tekniken krånglar kan en mötescoach hjälpa dig komma igång — skriv "coach" så ordnar vi det.',
        "en": 'If the technology is the problem, a meeting coach can help you get going — write "coach" and we\'ll arrange it.',
    },
    "not_trip.thanks": {
        "sv": "Tack för att du sa till! Då räknar jag inte med {dest}{when} — det hjälper mig att bli bättre.",
        "en": "Thanks for telling me! I'll leave {dest}{when} out of the count — it helps me get better.",
    },
    "decided.already": {
        "sv": "Förslaget om {trip} är redan besvarat ({status}).",
        "en": "The suggestion about {trip} has already been answered ({status}).",
    },
    "decided.missing": {
        "sv": "Det förslaget finns inte längre. Skriv gärna om resan igen om den fortfarande är aktuell.",
        "en": "That suggestion no longer exists. Feel free to mention the trip again if it is still on.",
    },
    "status.accepted": {"sv": "webbmöte", "en": "web meeting"},
    "status.travel": {"sv": "resa", "en": "travel"},
    "status.not_trip": {"sv": "ingen resa", "en": "not a trip"},
    "status.open": {"sv": "öppet", "en": "open"},
    # --- conversation and commands ------------------------------------------------------------
    "nothing": {
        "sv": 'Jag ser ingen resa eller fysiskt möte i det. Skriv "hjälp" för vad jag kan.',
        "en": 'I don\'t see a trip or an in-person meeting in that. Write "help" for what I can do.',
    },
    "empty": {
        "sv": 'Jag fick inget meddelande. Skriv "hjälp" för vad jag kan.',
        "en": 'I didn\'t get a message. Write "help" for what I can do.',
    },
    "help": {
        "sv": "Hej! Jag är resfri. Nämn en tjänsteresa eller ett möte på annan ort, så föreslår jag ett webbmöte och visar vad det sparar.\n"
        "Kommandon:\n"
        "• mina besparingar — vad dina webbmöten har sparat\n"
        "• hem <ort> — var du utgår från (i dag: {home})\n"
        "• paus [1 vecka | till 2026-12-24] / fortsätt — pausa förslagen\n"
        "• språk sv|en — byt språk\n"
        "• coach — be om en mötescoach; höll — jag hade ett webbmöte\n"
        "• glöm mig — radera allt om dig\n"
        "• statistik — för administratörer",
        "en": "Hi! I'm resfri. Mention a work trip or a meeting in another town and I'll suggest a web meeting and show what it saves.\n"
        "Commands:\n"
        "• me — what your web meetings have saved\n"
        "• home <town> — where you start from (now: {home})\n"
        "• pause [1 week | until 2026-12-24] / resume — pause suggestions\n"
        "• lang sv|en — change language\n"
        "• coach — ask for a meeting coach; held — I had a web meeting\n"
        "• forget me — erase everything about you\n"
        "• stats — for admins",
    },
    "home.unset": {"sv": "inte satt", "en": "not set"},
    "home.set": {"sv": "Klart, du utgår från {place}.", "en": "Done, you start from {place}."},
    "home.unknown": {
        "sv": 'Jag hittar ingen ort som heter "{place}". Försök med närmaste tätort.',
        "en": 'I can\'t find a place called "{place}". Try the nearest town.',
    },
    "home.missing": {
        "sv": 'Skriv vilken ort, t.ex. "hem Falun".',
        "en": 'Say which town, e.g. "home Falun".',
    },
    "me": {
        "sv": "Dina webbmöten i stället för resor: {n} st.",
        "en": "Your web meetings instead of trips: {n}.",
    },
    "me.none": {
        "sv": "Du har inga webbmöten registrerade än. När jag föreslår ett och du tackar ja räknas det här.",
        "en": "You have no web meetings recorded yet. When I suggest one and you accept, it counts here.",
    },
    "me.settings": {
        "sv": "Utgår från: {home} · språk: svenska · förslag: {state}",
        "en": "Starting from: {home} · language: English · suggestions: {state}",
    },
    "state.on": {"sv": "på", "en": "on"},
    "state.paused": {"sv": "pausade till {until}", "en": "paused until {until}"},
    "state.off": {"sv": "avstängda", "en": "off"},
    "pause.done": {
        "sv": 'Okej, inga förslag förrän {until}. Skriv "fortsätt" för att slå på dem igen.',
        "en": 'OK, no suggestions until {until}. Write "resume" to turn them back on.',
    },
    "pause.forever": {
        "sv": 'Okej, jag föreslår inget mer tills du skriver "fortsätt".',
        "en": 'OK, I won\'t suggest anything until you write "resume".',
    },
    "pause.bad": {
        "sv": 'Jag förstod inte hur länge: "{arg}". Skriv t.ex. "paus 2 veckor" eller "paus till 2026-12-24".',
        "en": 'I didn\'t understand how long: "{arg}". Write e.g. "pause 2 weeks" or "pause until 2026-12-24".',
    },
    "resume.done": {"sv": "Förslagen är på igen.", "en": "Suggestions are back on."},
    "lang.done": {"sv": "Nu pratar jag svenska.", "en": "I'll speak English now."},
    "lang.bad": {
        "sv": "Jag kan svenska (sv) och engelska (en).",
        "en": "I speak Swedish (sv) and English (en).",
    },
    "forget.ask": {
        "sv": "Vill du att jag glömmer dig? Dina inställningar, förslag och svar raderas. Kvar blir bara anonyma totaler i statistiken.",
        "en": "Do you want me to forget you? Your settings, suggestions and answers are erased. Only anonymous totals remain in the statistics.",
    },
    "forget.yes": {"sv": "Ja, glöm mig", "en": "Yes, forget me"},
    "forget.no": {"sv": "Nej, avbryt", "en": "No, cancel"},
    "forget.done": {
        "sv": "Klart. Jag har glömt dig. Hej då!",
        "en": "Done. I have forgotten you. Goodbye!",
    },
    "forget.cancelled": {"sv": "Okej, inget raderat.", "en": "OK, nothing erased."},
    "admin.only": {
        "sv": "Det kommandot är bara för administratörer.",
        "en": "That command is for admins only.",
    },
    "error.db": {
        "sv": "Jag kommer inte åt databasen just nu. Försök igen om en stund — inget av det du redan gjort har försvunnit.",
        "en": "I can't reach the database right now. Please try again in a moment — nothing you already did is lost.",
    },
    "error.internal": {
        "sv": "Något gick fel hos mig. Försök igen om en stund.",
        "en": "Something went wrong on my side. Please try again in a moment.",
    },
    "unavailable": {
        "sv": "Det finns inte än i den här versionen.",
        "en": "That isn't available in this version yet.",
    },
}


def add(entries: dict[str, dict[str, str]]) -> None:
    """Let a feature module register its own texts (keys must not collide)."""
    clash = CATALOGUE.keys() & entries.keys()
    if clash:
        raise KeyError(f"text keys defined twice: {sorted(clash)}")
    CATALOGUE.update(entries)


def lang_of(locale: str | None) -> str | None:
    """'sv-SE', 'sv_FI', 'sv' -> 'sv'; 'en-GB' -> 'en'; anything else -> None."""
    if not locale:
        return None
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGS else None


def t(lang: str, key: str, **values: object) -> str:
    entry = CATALOGUE[key]
    return entry.get(lang, entry[DEFAULT_LANG]).format(**values)


def number(value: float, lang: str, decimals: int = 0) -> str:
    """1234.5 -> '1 235' (sv, en uses ',' for thousands); decimals use ',' in Swedish."""
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


class Figures(Protocol):
    """Anything carrying a round trip's savings: a suggestion, a web meeting, a person's totals."""

    km: float
    hours: float
    sek: float
    kwh: float
    kg_co2: float


def sek_text(sek: float, lang: str) -> str:
    return t(lang, "unit.sek", v=number(round(sek, -1), lang))


def co2_text(kg: float, lang: str) -> str:
    """One decimal under 10 kg, whole kilos above: '4,7 kg', '30 kg' (the same everywhere)."""
    return t(lang, "unit.co2", v=number(kg, lang, 1 if kg < 10 else 0))


def savings_facts(fig: Figures, lang: str) -> list[tuple[str, str]]:
    """The five fact lines every estimate and total is shown with."""
    return [
        (t(lang, "fact.distance"), t(lang, "unit.km", v=number(fig.km, lang))),
        (t(lang, "fact.hours"), t(lang, "unit.hours", v=number(fig.hours, lang, 1))),
        (t(lang, "fact.sek"), sek_text(fig.sek, lang)),
        (t(lang, "fact.kwh"), t(lang, "unit.kwh", v=number(fig.kwh, lang))),
        (t(lang, "fact.co2"), co2_text(fig.kg_co2, lang)),
    ]
