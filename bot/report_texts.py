"""Swedish and English texts of the admin reports (registered in bot.texts)."""

from __future__ import annotations

from bot import texts

TEXTS: dict[str, dict[str, str]] = {
    "report.title.all": {
        "sv": "Statistik för hela organisationen, {period}",
        "en": "Statistics for the whole organisation, {period}",
    },
    "report.title.unit": {
        "sv": "Statistik för {unit}, {period}",
        "en": "Statistics for {unit}, {period}",
    },
    "report.compare": {"sv": " (jämfört med {prev})", "en": " (compared with {prev})"},
    "report.compare.none": {
        "sv": "Ingen jämförelse med {prev}: resfri har data först från {since}.",
        "en": "No comparison with {prev}: resfri has data only from {since}.",
    },
    "report.prev.until": {"sv": " fram till kl. {time}", "en": " up to {time}"},
    "report.prev.small": {"sv": "perioden före: {n}", "en": "period before: {n}"},
    "report.other": {"sv": "övrigt", "en": "other"},
    "report.other.units": {
        "sv": "övriga (små enheter och okänd enhet)",
        "en": "other (small units and unknown unit)",
    },
    "report.f.suggested": {"sv": "Förslag", "en": "Suggestions"},
    "report.f.accepted": {"sv": "Blev webbmöte", "en": "Made web meetings"},
    "report.f.travel": {"sv": "Reste ändå", "en": "Travelled anyway"},
    "report.f.not_trip": {"sv": "Ingen resa", "en": "Not a trip"},
    "report.f.open": {"sv": "Obesvarade", "en": "Unanswered"},
    "report.f.meetings": {"sv": "Webbmöten hållna", "en": "Web meetings held"},
    "report.f.saved": {"sv": "Sparat", "en": "Saved"},
    "report.f.upcoming": {"sv": "Planerade webbmöten", "en": "Web meetings planned"},
    "report.upcoming": {
        "sv": "{n} som inte hållits än; de sparar {sek} och {co2} CO2 när de hållits",
        "en": "{n} not held yet; they will save {sek} and {co2} CO2 once held",
    },
    "report.f.trips": {"sv": "Resor (bokade + beslutade)", "en": "Trips (booked + decided)"},
    "report.f.adoption": {"sv": "Webbmötesanvändare", "en": "Web-meeting users"},
    "report.f.target": {"sv": "Mål", "en": "Target"},
    "report.f.coaching": {"sv": "Coachning", "en": "Coaching"},
    "report.f.units": {"sv": "Enheter", "en": "Units"},
    "report.f.routes": {"sv": "Sträckor", "en": "Routes"},
    "report.f.recurring": {"sv": "Återkommande möten", "en": "Recurring meetings"},
    "report.reason.none": {"sv": "ej angivet", "en": "not given"},
    "report.adoption": {
        "sv": "{n} har hållit webbmöte de senaste 30 dagarna{target}; {new} nya i perioden",
        "en": "{n} held a web meeting in the last 30 days{target}; {new} new this period",
    },
    "report.adoption.target": {"sv": " (mål {t}: {pct} %)", "en": " (target {t}: {pct}%)"},
    "report.target.none": {
        "sv": 'Ingen baslinje satt. Skriv "statistik baslinje 2011 4200" (resor det året) eller importera resedata.',
        "en": 'No baseline set. Write "stats baseline 2011 4200" (trips that year) or import travel records.',
    },
    "report.target.status": {
        "sv": "{year}: {so_far} resor hittills, årstakt {annual} = {change} mot {base_year} ({base})",
        "en": "{year}: {so_far} trips so far, annual rate {annual} = {change} against {base_year} ({base})",
    },
    "report.target.track": {
        "sv": "; mål {pct} till {target_year} ({target}): i år bör takten vara högst {path} — {verdict}",
        "en": "; target {pct} by {target_year} ({target}): this year the rate should be at most {path} — {verdict}",
    },
    "report.target.on": {"sv": "i fas", "en": "on track"},
    "report.target.off": {"sv": "inte i fas", "en": "not on track"},
    "report.coaching": {
        "sv": "{enrolled} inskrivna, {checked} har svarat på check-in, {struggling} har det kämpigt, {over} över tröskeln (3 lyckade webbmöten)",
        "en": "{enrolled} enrolled, {checked} answered a check-in, {struggling} struggling, {over} over the threshold (3 web meetings that went well)",
    },
    "report.coaching.none": {"sv": "ingen inskriven än", "en": "nobody enrolled yet"},
    "report.coach.row": {
        "sv": "{coach}: {enrolled} inskrivna, {checked} svarat, {struggling} kämpar, {over} över tröskeln",
        "en": "{coach}: {enrolled} enrolled, {checked} answered, {struggling} struggling, {over} over the threshold",
    },
    "report.unit.row": {
        "sv": "{unit}: {suggested} förslag, {accepted} webbmöten, {travel} resor",
        "en": "{unit}: {suggested} suggestions, {accepted} web meetings, {travel} trips",
    },
    "report.route.row": {
        "sv": "{route}: {suggested} förslag, {travelled} resor",
        "en": "{route}: {suggested} suggestions, {travelled} trips",
    },
    "report.note": {
        "sv": 'Grupper med färre än 5 personer redovisas som "övrigt". Besparingar räknas på hållna webbmöten. "statistik csv" ger en fil, "statistik diagram" en graf.',
        "en": 'Groups of fewer than 5 people are shown as "other". Savings count web meetings held. "stats csv" gives a file, "stats chart" a chart.',
    },
    "report.empty.db": {
        "sv": "Det finns inget registrerat än: inga förslag, webbmöten eller resor. När folk nämner resor dyker siffrorna upp här.",
        "en": "Nothing is recorded yet: no suggestions, web meetings or trips. When people mention trips, the figures appear here.",
    },
    "report.empty.period": {
        "sv": "Inget registrerat för {unit} under {period} eller perioden före.",
        "en": "Nothing recorded for {unit} in {period} or the period before.",
    },
    "report.everyone": {"sv": "hela organisationen", "en": "the whole organisation"},
    "report.period.unread": {
        "sv": 'Jag förstod inte perioden "{text}".{understood} Prova t.ex. "denna månad", "förra kvartalet", "2026", "Q1", "senaste 30 dagarna" eller "2026-01-01..2026-03-31".',
        "en": 'I didn\'t understand the period "{text}".{understood} Try e.g. "this month", "last quarter", "2026", "Q1", "last 30 days" or "2026-01-01..2026-03-31".',
    },
    "report.period.understood": {
        "sv": ' Jag kunde läsa "{part}" ({dates}) men inte resten.',
        "en": ' I could read "{part}" ({dates}) but not the rest.',
    },
    "report.period.too_old": {
        "sv": 'Perioden "{text}" ({dates}) ligger före all data resfri kan ha (från år 2000).',
        "en": 'The period "{text}" ({dates}) is before any data resfri can hold (from 2000).',
    },
    "report.period.future": {
        "sv": 'Perioden "{text}" ({dates}) har inte börjat än.',
        "en": 'The period "{text}" ({dates}) hasn\'t started yet.',
    },
    "report.unit.unknown": {
        "sv": 'Jag känner inte till någon enhet "{unit}". Enheter: {known}.',
        "en": 'I don\'t know a unit called "{unit}". Units: {known}.',
    },
    "report.scope.unread": {
        "sv": 'Jag förstod inte "{text}": det är varken en period eller en enhet jag känner till. Perioder: t.ex. "denna månad", "förra kvartalet", "2026", "Q1", "senaste 30 dagarna". Enheter: {known}.',
        "en": 'I didn\'t understand "{text}": it is neither a period nor a unit I know. Periods: e.g. "this month", "last quarter", "2026", "Q1", "last 30 days". Units: {known}.',
    },
    "report.unit.small": {
        "sv": '"{unit}" har färre än 5 personer och redovisas därför bara som en del av "övrigt" (skriv "statistik övrigt").',
        "en": '"{unit}" has fewer than 5 people, so it is only reported as part of "other" (write "stats other").',
    },
    "report.units.none": {"sv": "inga enheter kända än", "en": "no units known yet"},
    "report.units.list": {
        "sv": "Enheter med minst 5 personer: {units}. Övriga: {small} personer i små enheter, {none} utan enhet.",
        "en": "Units with at least 5 people: {units}. Other: {small} people in small units, {none} without a unit.",
    },
    "report.baseline.set": {
        "sv": "Baslinje satt: {trips} resor år {year}.",
        "en": "Baseline set: {trips} trips in {year}.",
    },
    "report.baseline.show": {
        "sv": "Baslinje: {trips} resor år {year}. Mål: {targets}.",
        "en": "Baseline: {trips} trips in {year}. Targets: {targets}.",
    },
    "report.baseline.usage": {
        "sv": 'Skriv "statistik baslinje ÅR ANTAL", t.ex. "statistik baslinje 2011 4200", eller bara året för att räkna importerade resor det året.',
        "en": 'Write "stats baseline YEAR TRIPS", e.g. "stats baseline 2011 4200", or just the year to count imported trips that year.',
    },
    "report.baseline.no_import": {
        "sv": 'Det finns inga importerade resor för {year}. Ange antalet: "statistik baslinje {year} 4200".',
        "en": 'There are no imported trips for {year}. Give the number: "stats baseline {year} 4200".',
    },
    "report.target.set": {
        "sv": "Mål satt: {pct} mot baslinjen till {year}.",
        "en": "Target set: {pct} against the baseline by {year}.",
    },
    "report.target.removed": {
        "sv": "Målet för {year} är borttaget.",
        "en": "The target for {year} is removed.",
    },
    "report.target.needs_baseline": {
        "sv": " Sätt också en baslinje, annars kan jag inte följa upp målet.",
        "en": " Set a baseline too, or I can't follow the target up.",
    },
    "report.target.usage": {
        "sv": 'Skriv "statistik mål -20% 2027" (minskning i procent mot baslinjen, och året), eller "statistik mål 2027 bort".',
        "en": 'Write "stats target -20% 2027" (change in percent against the baseline, and the year), or "stats target 2027 remove".',
    },
    "report.targets.none": {"sv": "inga", "en": "none"},
    "report.adoption.set": {
        "sv": "Mål för webbmötesanvändare satt: {n} personer.",
        "en": "Web-meeting users target set: {n} people.",
    },
    "report.adoption.usage": {
        "sv": 'Skriv "statistik adoptionsmål 50" (antal personer som håller webbmöten en 30-dagarsperiod).',
        "en": 'Write "stats adoption-target 50" (number of people holding web meetings in a 30-day period).',
    },
    "report.person.unit.set": {
        "sv": "Klart: personen räknas nu till {unit}.",
        "en": "Done: that person now counts in {unit}.",
    },
    "report.person.unknown": {
        "sv": 'Jag hittar ingen "{ref}" bland dem som skrivit till mig.',
        "en": 'I can\'t find "{ref}" among the people who have written to me.',
    },
    "report.person.usage": {
        "sv": 'Skriv "statistik enhet @person Enhetens namn".',
        "en": 'Write "stats unit @person Unit name".',
    },
    "report.csv.done": {
        "sv": "Här är statistiken som CSV ({period}).",
        "en": "Here are the statistics as CSV ({period}).",
    },
    "report.chart.done": {
        "sv": "Här är diagrammet ({months}).",
        "en": "Here is the chart ({months}).",
    },
    "report.chart.title": {
        "sv": "Resor och besparingar per månad",
        "en": "Trips and savings by month",
    },
    "report.chart.trips": {"sv": "Resor", "en": "Trips"},
    "report.chart.meetings": {"sv": "Webbmöten", "en": "Web meetings"},
    "report.chart.target": {"sv": "Mål (resor/mån)", "en": "Target (trips/month)"},
    "report.chart.co2": {"sv": "Sparad CO2 (kg)", "en": "CO2 saved (kg)"},
    "report.chart.count": {"sv": "Antal", "en": "Count"},
    "report.help": {
        "sv": "Statistik (för administratörer):\n"
        '• statistik [period] [enhet] — t.ex. "statistik förra kvartalet", "statistik 2026 Socialtjänsten"\n'
        "• statistik csv [period] / statistik diagram [period]\n"
        "• statistik baslinje 2011 4200 · statistik mål -20% 2027 · statistik adoptionsmål 50\n"
        "• statistik enhet @person Enhet · statistik enheter",
        "en": "Statistics (for admins):\n"
        '• stats [period] [unit] — e.g. "stats last quarter", "stats 2026 Social services"\n'
        "• stats csv [period] / stats chart [period]\n"
        "• stats baseline 2011 4200 · stats target -20% 2027 · stats adoption-target 50\n"
        "• stats unit @person Unit · stats units",
    },
}

texts.add(TEXTS)
