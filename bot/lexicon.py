"""Word lists for understanding Swedish and English chat.

Kept apart from the logic so that a missed word is a one-line fix. Everything here is lower case;
regexes run on lower-cased text. Words are grouped by the question they help answer.
"""

from __future__ import annotations

import re
import unicodedata


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


def _fold(word: str) -> str:
    """Without diacritics, as place names are compared: "skånes" -> "skanes"."""
    s = unicodedata.normalize("NFKD", word)
    return "".join(c for c in s if not unicodedata.combining(c))


# --- Cheap first pass -----------------------------------------------------------------------
# A message without any of these words, stems or phrases cannot be a trip or a meeting, so it
# never reaches the tokeniser, the place index or dateparser. False positives only cost time.
CUE_WORDS = words("""
    åk åka åker åkt åkte reser resa resan kör köra körde flyger flyga flög flyg flyget bil bilen
    skjutsa skjutsar skjutsas
    bilar buss bussen skjuts besök besöker besöka träffas ses kurs kursen plats drar semester
    ledig ledigt meet meets meeting meetings conference session training board forum
    summit visit visiting site drive drives driving drove car cars carpool fly flies flying flew
    flight plane train trains bus trip travel travelling traveling journey go going goes went
    head heading ride lift x2000 sj welcome välkomna välkommen holiday vacation hotel hotell
    genomgång nämnd styrelse inspection inspect workshop seminar apt avstämning cykel cykeln
    cyklar cykla samlas samling host hosts hosting hostar sync standup stand-up catch-up catchup
    check-in kickoff kick-off offsite off-site retreat symposium congress convention lecture
    panel roundtable briefing presentation interview expo fair follow-up invite invited inviting
    invitation kongress konvent föreläsning föredrag dragning internat stämma hearing uppföljning
    ride committee steering council
""")
CUE_STEMS = (
    "möte",
    "träff",
    "konferens",
    "tjänsteres",
    "resan",
    "tåg",
    "buss",
    "flyg",
    "tjänstebil",
    "poolbil",
    "hyrbil",
    "bilpool",
    "samåk",
    "carpool",
    "flight",
    "driving",
    "kontroll",
    "tillsyn",
    "inspektion",
    "besök",
    "sdagen",
    "studiedag",
    "planeringsdag",
    "temadag",
    "utbildning",
    "seminari",
    "nätverk",
    "samråd",
    "grupp",
    "nämnd",
    "styrelse",
    "sammanträd",
    "mässa",
    ":an",
    "→",
    "->",
)
CUE_PHRASES_RE = re.compile(
    r"\b(?:(?:jag|vi) är i\b|är (?:jag|vi) i\b|(?:i'm|i am|we're|we are|i'll be|we'll be) (?:in|at|off)\b|"
    r"be there|bokat? rum|book(?:ed)? a room|ska (?:till|ner|upp|bort|över|iväg|på|dit)|på väg till|"
    r"on my way|off to|heading to|följer med|hänger med|åker med|come along|tag along|"
    r"bjuder in|bjuda in|bjudit in|bjöd in|bjudits in|kallat till|kallade till|kallar till|står värd|inbjud|jobbar (?:från|i|på)|working (?:from|at|in)|"
    r"work from|(?:måste|behöver|vill|hinner) (?:upp |ner |iväg )?till|be in|vara i|see you|"
    r"t(?:a|ar|og) med (?:mig|oss)|kommer efter|t(?:a|ar|og) emot|pick (?:me|us) up|"
    r"on the way to|på vägen till|hämta mig|plocka upp mig|"
    r"(?:hela dagen|heldag|förmiddag(?:en)?|eftermiddag(?:en)?) (?:i|på) [^\W\d]|"
    r"(?:strategy|planning|theme|study|training|networking|info|information|inspiration) days?\b|"
    r"kommer hit|kommer till|coming to|come to|till oss|hos oss|bär det av|\w*råd(?:et)?\b|"
    r"\b(?:från|from) [^\W\d]+ (?:via [^\W\d]+ )?(?:till|to) |visit us|besöker oss|visiting us|blir det [a-zåäö]{4})"
)
_PUNCT = ".,;:!?()[]{}\"'`´’<>*_~|#@&+=%-–—→…"
_DAY = r"(?:mån|tis|ons|tors?|fre|lör|sön|mon|tue|wed|thu|fri|sat|sun)"
# what follows the day in a plan: a time, a mark, the end ("Happy Friday everyone" is no plan)
_GOES_ON = (
    r"\s*(?:[,?.:;–-]|$)|\s+(?:kl\b|klockan|\d|at\b|@|den\b|the\b|v\b|nästa|next|för\b|for\b)"
)
# A line that may open with a town and its day or time ("Norrköping imorn kl 10", "Tromsø on
# the 24th", "sthlm tors 9-ish") or name a place after its day ("tis: Pajala kl 9"): which word
# is a town is for the place index to say, later.
PLAN_LINE_RE = re.compile(
    rf"^[\s•*·>-]*(?:{_DAY}\w*(?:\s*[–-]\s*\w+)?\s*[:–-]\s*[^\W\d]|"
    r"[^\W\d_][\w.-]*(?: [^\W\d_][\w-]*)?,? +(?:(?:on|the|den|på|nästa|next|nxt|this) +){0,2}"
    rf"(?:(?:{_DAY}\w*|imorgon|imorn|imorrn|idag|tomorrow|tmrw|today)\b(?={_GOES_ON})|kl\b|klockan|"
    r"\d{1,2}(?:[/.:]\d|\s*-?ish|st\b|nd\b|rd\b|th\b|:?e\b|\s*[–-]\s*\d|\s+[a-z]{3})))",
    re.MULTILINE,
)


# "Imorgon: Mora. Torsdag: Leksand.": a day and a colon may open any sentence.
PLAN_DAY_RE = re.compile(
    rf"(?:^|[.!?]\s)\s*(?:{_DAY}\w*|imorgon|imorn|idag|tomorrow|today)\s*:\s*[^\W\d]",
    re.MULTILINE,
)


def has_cue(low: str) -> bool:
    """The cheap first pass over lower-cased text."""
    # str.split and strip are several times faster than a word regex on short chat lines
    if not CUE_WORDS.isdisjoint([w.strip(_PUNCT) for w in low.split()]):
        return True
    return (
        any(stem in low for stem in CUE_STEMS)
        or CUE_PHRASES_RE.search(low) is not None
        or PLAN_LINE_RE.search(low) is not None
        or PLAN_DAY_RE.search(low) is not None
    )


# --- Travel and meeting cues (whole tokens) ---------------------------------------------------
TRAVEL_VERBS = words("""
    åker åka åk åkt åkte reser resa reste kör köra körde kört flyger flyga flög flugit tar
    drar besöker besöka besök hälsar åker skjuts skjutsa samåker samåka
    go goes going went gone travel travels travelling traveling travelled traveled head heading
    headed drive drives driving drove fly flies flying flew take taking took visit visiting
    visited ride commute
    """)
# Tokens that make a trip on their own (approval requests, bookings, modes).
TRIP_NOUNS_RE = re.compile(
    r"^(?:tjänsteres\w*|resa|resan|trip|travel|journey|flyg\w*|flight\w*|"
    r"tåg\w*|trains?|x2000|buss\w*|bus|tjänstebil\w*|poolbil\w*|bilpool\w*|hyrbil\w*|samåk\w*|"
    r"carpool\w*|skjuts|lift|ride|hotell\w*|hotel\w*|övernattning\w*)$"
)
MEETING_RE = re.compile(
    r"(?:möte|mötet|möten|mötena|träff|träffen|träffas|konferens|seminari|workshop|utbildning|"
    r"kurs\b|kursen|nätverk|samråd|studiedag|planeringsdag|temadag|länsträff|sammanträde|"
    r"\w{3,}sdagen$|konferensdag|utbildningsdag|"
    r"genomgång|nämnd|styrelse|styrgrupp|forum|summit|meeting|meets?$|meetup|conference|session|"
    r"training|board$|review|network|seminar|symposium|kickoff|kick-off|workshop|överläggning|"
    r"förhandling|rådslag|dialog|middag|mingel|mässa|mässan|invigning|besök\w*$|^visit$|^apt$|"
    r"avstämning|ledningsgrupp|uppstart|sync$|standup|stand-up|catch-up|catchup|check-in|"
    r"offsite|off-site|retreat|congress|convention|lecture|panel|roundtable|briefing|"
    r"presentation|interview|^expo$|^fair$|follow-up|kongress|konvent|föreläsning|föredrag|"
    r"dragning|internat|stämma|hearing|uppföljning|"
    # "arbetsgruppen", "tillväxtgruppen"; not the groups people belong to ("målgruppen")
    r"^(?!mål|risk|ålders|yrkes|grund|kontakt|special|blod|facebook|whatsapp|rätt|fel)"
    r"\w{3,}grupp(?:en|ens)?$|"
    r"committee|steering|^council$|^group$|^groups$|[\w-]{2,}(?<!för)råd(?:et|ets)?$|^rådet$|komit\w*|kommitt\w*)"
)
# Meetings named in two words: "strategy day", "study visit", "site meeting".
MEETING_PHRASE_RE = re.compile(
    r"\b(?:(?:strategy|planning|theme|study|training|networking|info|information|inspiration) "
    r"days?|study (?:visit|trip)|round ?table|town hall meeting)\b"
)
# "see you in Karlstad", "vi ses där": a meeting.
SEE_YOU_RE = re.compile(r"\bsee (?:you|everyone|y'all|all of you)\b")
# "ses", "träffas", "welcome": a meeting with nobody named as travelling.
MEET_VERBS = words(
    "ses träffas träffa träffar träffade meet meets meeting välkomna välkommen welcome samlas "
    "samling host hosts hosting hostar"
)
# Host invitations: others must travel to the writer.
HOST_RE = re.compile(
    r"välkomna hit|välkommen hit|välkomna till|välkommen till|hit till oss|hos oss|till oss|"
    r"welcome to|come to us|bjuder in|we're hosting|we are hosting|vi hostar|vi står värd|inbjudan|invite you|invitation|kallelse|"
    r"we'?ll host|we will host|we host|vi ska hosta|people come from|folk kommer från|"
    r"ta er in|tar er in|ta er hit|tar (?:väl |nog )?(?:bussen|tåget|bilen|cykeln) in\b|come in to|"
    r"come into town|"
    r"come over to|visit us|besöka oss|besöker oss|komma hit|come here|we host|vi bjuder|"
    r"coming to us|comes to us|kommer till oss|t(?:ar|a|og) emot|receiving|we receive|"
    r"(?:our|vår|vårt|våra) \w+ (?:hosts|is hosting|are hosting|will host|står värd)|"
    r"står värd|står som värd|kallar till|we invite|we're inviting|we are inviting|kommer hit|"
    r"visiting us"
)
# An organisation inviting the writer: its town is where the writer goes.
INVITES_US_RE = re.compile(
    r"\b(?:bjud(?:er|it|a)? in|bjöd in|kallar|kallat|kallade|invit(?:es|ed|ing)|(?:has|have) invited)"
    r" (?:oss|mig|us|me)\b"
)
# Being somewhere else: "I'll be in Stockholm", "jag är i Falun", "I'm at ... in Västerås".
PRESENCE_RE = re.compile(
    r"\b(?:(?:jag|vi) (?:är|blir|sitter|finns)|är (?:jag|vi)|(?:i|we)'ll be|(?:i|we) will be|"
    r"i'm|i am|we're|we are|be there|vara där|vara på plats|in person|på plats|har ärenden|"
    r"jobbar (?:från|i|på)|working (?:from|at|in)|work from|(?:need|have|got) to be|"
    r"(?:måste|ska|behöver) vara|(?:hela dagen|heldag|förmiddag(?:en)?|eftermiddag(?:en)?) (?:i|på)|"
    r"have errands|errands)\b"
)
LOCAL_RE = re.compile(
    r"\b(?:\d{1,2}:an|linje \d+|stadsbuss\w*|cykla\w*|cykel\w*|promenera\w*|går (?:dit|över|bort)|"
    r"across town|walk over|bike|åker in|drive in|kör in|in till stan|till stan|into town|"
    r"in to town)\b"
)

# --- Reasons not to nudge -------------------------------------------------------------------
REMOTE_RE = re.compile(
    r"\b(?:teams|zoom|skype|google meet|meet-länk|webex|länk|länken|länkar|link|dial(?:l?ing)? in|calling in|virtual\w*|virtuell\w*|"
    r"dial-in|digital(?!is)\w*|på distans|distans\w*|remote\w*|online|webbmöte\w*|videomöte\w*|"
    r"video|ses på skärm\w*|på skärm\w*|on screen|via skärm\w*|uppkopplad|ringer in|ring in|"
    r"call in|sändning(?:en)?|följer (?:\w+ )?(?:sändning\w*|live\w*)|"
    r"by phone|per telefon|telefonmöte\w*|joins? (?:from|remotely|online|on)|sitter med på|"
    r"följer \w+ härifrån|följer\b.*\bhärifrån|"
    # "ngn mer som åker härifrån?" travels from here
    r"(?<!åker )(?<!kör )(?<!reser )(?<!going )(?<!leaving )(?<!driving )(?:from here|härifrån)|"
    r"hemifrån|from home|"
    r"kopplar upp mig|kopplar in mig|ansluter via|är med på (?:länk|distans|skärm)|"
    r"(?:teams|zoom|skype|webex)-?(?:möte|mötet|möten|samtal|samtalet|länk|länken|call)\w*|"
    r"webbinar\w*|webinar\w*|webbsän\w*|livesän\w*|livestream\w*|stream(?:ed|ing|s)?|strömmas|"
    r"från skrivbordet|från datorn|from my desk|at my desk|vid skrivbordet|"
    r"(?:sitter med|deltar|ansluter|är med|join(?:s|ing)?|attend(?:s|ing)?|follow(?:s|ing)?)"
    r"\b(?:\s+\S+){0,6}?\s+(?:från|from)\s+(?:kontoret|skrivbordet|mitt|min|datorn|jobbet|"
    r"hemma|here|home|my|the office|our office|the desk)|"
    r"(?:instead of|rather than|istället för|i stället för)(?: att)?(?: \w+){0,3}? "
    r"(?:in person|på plats|fysiskt|irl|face to face))\b"
)
# A remote meeting already over ("Klar med Teams-mötet, nu kör jag…"): its clause does not count.
FINISHED_RE = re.compile(
    r"^(?:klar med|klara med|färdig med|done with|finished(?: with)?|just (?:had|finished|ended)|"
    r"efter|after)\b|\b(?:är slut|är klart|är över|is over|has ended|just ended|avslutat)\b"
)
# Taking part in a meeting: the clause speaks of the writer's way to join it.
JOIN_RE = re.compile(
    r"\b(?:joining|join|joins|deltar|delta|ansluter|sköter|följer|follow|following|kopplar|"
    r"tittar|watch|watching|registered|anmäld|anmält|deltagare|participant|attendee|blev|blir|"
    r"ends up|ended up)\b"
)
# Weighing the trip against a web meeting ("Ska jag åka till Falun eller ta det på Teams?"):
# not remote yet, the best moment to nudge.
WEIGHING_RE = re.compile(
    r"\beller\b[^.?!]{0,25}\b(?:teams|zoom|digitalt|online|på distans|länk)\b[^.!]*\?|"
    r"\bor\b[^.?!]{0,25}\b(?:teams|zoom|online|remotely|video)\b[^.!]*\?"
)
# Remote words that describe the meeting for others, not the writer's own way to take part.
REMOTE_FOR_OTHERS_RE = re.compile(
    r"(?:länk|link|teams|zoom)\w*\s+(?:finns|skickas|kommer|för er|for those|for anyone|for you|"
    r"available|will be sent)|för (?:er|dig|den|dem) som|for (?:those|anyone|you) who"
)
NEGATION = words(
    "inte ej icke aldrig no not never cannot can't cant won't wont don't dont isn't doesn't "
    "didn't kan't slipper behöver"
)
CANNOT_REMOTE_RE = re.compile(
    r"(?:kan|går) inte (?:göras|ske|skötas|lösas|ha[s]?) (?:digitalt|på distans|via \w+|online)|"
    r"can(?:'t|not| not) be (?:done|handled) (?:remotely|online|digitally|over \w+)|"
    r"in person|på plats i|fysiskt|physically|irl\b|face to face|ansikte mot ansikte"
)
# "on Teams instead of meeting in person": the in-person words there do not make it in person.
INSTEAD_RE = re.compile(
    r"(?:instead of|rather than|istället för|i stället för)(?: att)?(?: \w+){0,3}? "
    r"(?:in person|på plats|fysiskt|irl|face to face)"
)
NOT_GOING_RE = re.compile(
    r"won't make it|will not make it|can't make it|cannot make it|can't come|won't come|"
    r"kommer inte|kan inte komma|hinner inte|no need to (?:go|drive|travel|fly)|"
    r"behöver inte (?:åka|köra|resa|flyga)|slipper (?:åka|köra|resa|flyga)|"
    r"instead of (?:going|driving|travelling|traveling|flying)|"
    r"istället för att (?:åka|köra|resa|flyga)|än att (?:åka|köra|resa|flyga)|"
    r"stannar (?:här|hemma|kvar)|stay(?:ing)? (?:here|home|behind)|"
    r"(?:kan|ska|får|hinner)(?: \w+)? inte (?:åka|köra|resa|flyga|komma)|"
    r"can(?:'t|not) (?:go|travel|drive|come|make it)|won't be (?:going|travelling|there)|"
    r"not going|inte åka|ingen (?:tjänste)?resa|inga resor|no trip|"
    # not worth the trip, or skipping it
    r"ingen idé att (?:åka|köra|resa|flyga)|onödigt att (?:åka|köra|resa|flyga)|kändes onödig\w*|"
    r"inte värt (?:resan|att åka)|no point (?:in )?(?:going|driving|travelling|traveling|flying)|"
    r"not worth (?:the trip|going|driving)|skipping (?:the )?(?:train|trip|drive|flight|bus|journey)|"
    r"hoppar över (?:resan|tåget|bussen|flyget)|skippar (?:resan|tåget|bussen|flyget)|"
    r"(?:åker|kör|reser|flyger|drar|far) (?:jag |vi )?inte\b|"
    r"(?:'m|am|are|'re) not (?:going|driving|travelling|traveling|flying|coming)|"
    r"won't be (?:going|driving|coming)"
)
CANCEL_RE = re.compile(
    r"\b(?:inställ\w*|ställs in|ställdes in|ställt in|ställer in|ställa in|avbok\w*|avlyst\w*|"
    r"ställ(?:er|de|t|a)? (?:vi|jag|de|dom|ni|man|hon|han) in|"
    r"struk\w*|utgår|blir (?:det )?ingen|blir (?:det )?inget|blir inte av|ingen \w+ blir det|"
    r"cancel\w*|called off|call off|calling off|is off\b|postponed indefinitely|"
    r"won't happen|not happening|skippar|skippa)\b"
)
# Postponed: no trip unless a new date is given after the word ("flyttas till den 3/12").
POSTPONE_RE = re.compile(
    r"\b(?:skjuts upp|sköts upp|skjutits upp|skjuter (?:vi |jag )?upp|uppskjut\w*|framflytt\w*|"
    r"flyttad|flyttat|flyttas|flyttades|har flyttats|postpone\w*|rescheduled?|reschedul\w*|"
    r"moved to|been moved|is moved|pushed back|tbd|nytt datum|new date|inget datum\w*|no date yet)\b"
)
# Talk about delays is about travel in general or a trip already under way: nothing to nudge.
DISRUPTION_RE = re.compile(
    r"\b(?:försenad\w*|försenat|förseningar\w*|trafikstörning\w*|signalfel|spårfel|delayed|delays?|"
    r"står still|tågstopp|kontaktledningsfel|ersättningsbuss\w*|replacement bus\w*|"
    r"var sen\w*|was late|is late|running late|kom (?:precis |just )?in|just got in|fullsatt\w*|"
    # road and weather news: "vägarbete på 52:an, räkna med köer", "stormvarning"
    r"vägarbete\w*|räkna med köer|bilköer|roadworks|traffic jams?|halkvarning\w*|"
    r"stormvarning\w*|snöoväder\w*)\b"
)
PAST_DAY_RE = re.compile(
    r"\b(?:tack för (?:idag|i dag|mötet|träffen|senast|sist|en bra|ett bra|en trevlig|ett trevligt)|thanks for (?:today|the "
    r"meeting|a great)|igår|i går|i förrgår|yesterday|last (?:week|month|year|time)|förra (?:veckan|månaden|"
    r"året|gången)|i förra veckan|ago|sedan sist|i morse|i helgen som var)\b|"
    r"\bi (?:mån|tis|ons|tors|fre|lör|sön)dags\b"
)
PAST_VERB_RE = re.compile(
    r"\b(?:blev|var det|det var|har haft|hade|haft|had a|have had|åkte|körde|flög|reste|hade|har varit|var på|var i|went|drove|"
    r"flew|travelled|traveled|was|were|had|came|kom|worth it|tack alla som kom|tack för|"
    r"thanks for coming|thanks for (?:today|yesterday)|got back|kom hem|came back|kostade|"
    # expenses are claimed afterwards
    r"reseräkning\w*|kvitto\w*|receipts?|expense\w*|utlägg\w*|milersättning\w*|"
    r"reimburs\w*|ersättning för (?:resan|tåget|bilen|hotellet|milen)|fått ersättning|"
    r"traktamente\w*)\b"
)
PRIVATE_RE = re.compile(
    r"\b(?:semester\w*|ledig\w*|julledig\w*|sportlov\w*|höstlov\w*|påsklov\w*|jullov\w*|"
    r"sommarlov\w*|hemester|familjen|with the family|my family|min familj|holiday\w*|vacation\w*|"
    r"day off|days off|time off|i'm off|i am off|privat\w*|private\w*|skidor|skidresa|ski trip|"
    r"skiing|åka skidor|över jul|på jul|i jul|over christmas|for christmas|christmas|"
    r"nyår|new year|födelsedag\w*|birthday|bröllop|wedding|charter|all inclusive|solsemester|"
    r"mormor|morfar|farmor|farfar|svärföräldrar|in-laws|efter jobbet|after work|handla|"
    r"shopping|ikea|konsert|concert|gymmet|the gym|tandläkar\w*|dentist|doctor|läkarbesök|"
    r"frisör\w*|hairdresser|läkar\w*|vårdcentral\w*|optiker\w*|sjukgymnast\w*|massage|"
    # family and friends
    r"barnen|ungarna|mina barn|våra barn|the kids|my kids|our kids|the children|my children|"
    r"mamma|pappa|morsan|farsan|mina föräldrar|my parents|my mum|my mom|my dad|my mother|"
    r"my father|grandparents|grandma|grandpa|svärmor|svärfar|syrran|brorsan|min syster|min bror|"
    r"my sister|my brother|släkt\w*|relatives|kompisar|vänner|friends|hunden|the dog|veterinär\w*|"
    r"the vet|fyller \d+|fyller år|"
    r"(?:med|with) (?:min|mitt|my) (?:fru|man|make|maka|sambo|partner|flickvän|pojkvän|wife|husband|"
    r"girlfriend|boyfriend)|\d0-?års\w*|\d0th birthday|kalas\w*|föräldramöte\w*|parents'? evening|"
    r"utvecklingssamtal\w*|tar mina ärenden|out of office|"
    # the car, the house and free time
    r"verkstad\w*|bilservice|på service|byta däck|däckbyte|vinterdäck|sommardäck|bilprovning\w*|"
    r"stugan|sommarstugan|fjällstugan|the cabin|our cabin|summer house|fjällen|vasaloppet|"
    r"tjejvasan|vätternrundan|göteborgsvarvet|lidingöloppet|vansbrosimningen|tjejmilen|"
    r"o-ringen|midnattsloppet|marathon|maraton|halvmara|"
    r"(?:tak(?:e|es|ing)|took) (?:the |a )?(?:day|days|week|afternoon|morning|monday|tuesday|"
    r"wednesday|thursday|friday) off)\b|🌴|🏖|🏝"
)
BUSINESS_RE = re.compile(
    r"tjänsteres|tjänste|jobbresa|for work|work trip|business|i tjänsten|möte|mötet|konferens|"
    r"conference|meeting|workshop|utbildning|nätverk|kund|client|uppdrag|assignment|nämnd|board|"
    r"seminari|forum|summit|träff|styrgrupp|ledningsgrupp|arbetsgrupp|projektgrupp|"
    r"referensgrupp|\wrådet\b|council|committee|steering|samråd|länsträff|workshop"
)
# Documents and rules about travel ("resepolicyn", "riktlinjer"): read, asked about, linked.
DOC_RE = re.compile(
    r"\b(?:\w*policy\w*|riktlinje\w*|reseregl\w*|regelverk\w*|guidelines?|dokument\w*|pdf|"
    r"blankett\w*|handbok\w*|manual\w*|are we allowed|is it allowed|får man (?:åka|resa|flyga|ta))\b"
)
# Visits that cannot be held remotely: kind travel, no nudge.
VISIT_RE = re.compile(
    r"hembesök|home visit|home-visit|inspektion|inspection|inspect\b|tillsyn|\w*kontroll\b|"
    r"besiktning|platsbesök|site visit|on site|on-site|syn på plats|check (?:on )?the site|site check|"
    r"skador\w*|skadan\b|damage\w*|vårdbesök|patientbesök|brukarbesök|"
    r"care visit|akutbesök|utryckning|räddningsinsats|olycksplats|provtagning|mätning på plats|"
    r"from photos|från bilder|på bild|(?:kan|går) inte (?:göras|ske|skötas) (?:digitalt|på distans)|"
    r"can(?:'t|not) be done (?:remotely|online)|hämta upp (?:material|utrustning)|"
    r"leverera|delivery|montera|reparera|repair|familjebesök\w*|uppsökande|brandsyn|besiktiga|"
    r"besiktar|patient visit|(?:hos|besöker|besöka|träffa|träffar|visit|visiting) (?:en |ett |a |min |"
    r"vår |my |our )?(?:brukare|patient|klient|client|boende|resident)\w*"
)
# "möte om hemtjänsten", "a meeting about inspections": the visit word is the topic
TOPIC_WORDS_RE = re.compile(r"\b(?:om|about|kring|angående|regarding|gällande)\s+(?:\w+\s+)?$")
# Clauses that speak to or about others: wishes and questions for information.
ADDRESSED_RE = re.compile(
    r"^(?:lycka till|good luck|trevlig resa|god resa|bra resa|safe travels|have a (?:good|nice|"
    r"great|safe) (?:trip|time|journey|flight|one)|hoppas (?:ni|du)|enjoy|ha det (?:så )?(?:bra|"
    r"kul|trevligt)|vet (?:någon|nån|ni|du)|does (?:anyone|anybody) know|(?:anyone|anybody) know|"
    r"någon som vet|nån som vet|hur lång tid|how long|vilken tid går|when does|what time does|"
    r"finns det|is there)\b"
)
# A rough time without a date still places a plan: "nästa månad", "i mars", "in the spring".
VAGUE_WHEN_RE = re.compile(
    r"\b(?:nästa månad|next month|senare i veckan|later this week|i början av|i slutet av|"
    r"early next|later this|dagen innan|the day before|i (?:vår|höst|sommar|vinter)|"
    r"this (?:spring|autumn|fall|summer|winter)|efter (?:jul|nyår|påsk|helgen)|after the weekend|"
    r"(?:i|in) (?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
    r"december|january|february|march|may|june|july|august|october))\b"
)
RECURRING_RE = re.compile(
    r"månadsmöte|månadsträff|veckomöte|veckoträff|kvartalsmöte|årsmöte|som vanligt|"
    r"var(?:je|annan) (?:mån|tis|ons|tors|fre|vecka|månad)|vartannat|"
    r"every (?:other |second )?(?:week|month|monday|tuesday|wednesday|thursday|friday)|"
    r"monthly|weekly|biweekly|fortnightly|quarterly|as usual|"
    r"återkommande|recurring|stående möte|på (?:mån|tis|ons|tors|fre)dagar"
)

# --- Who travels ----------------------------------------------------------------------------
FIRST_PERSON = words("jag vi mig oss i'm i'll i've i'd me we we're we'll we've us myself")
THIRD_PRONOUNS = words(
    "han hon de dom hen he she they he's she's they're he'll she'll they'll någon nån anyone "
    "anybody someone somebody vem vilka who who's man du ni you you're you'll"
)
SECOND_PRONOUNS = words("du ni you")
# Joining the writer to a companion ("Jonas and I", "jag & Tove"), and towns or organisations
# in a list of subjects ("Nyköping och Gnesta kommun har…").
PAIR_JOIN = frozenset({"and", "och", "&", "+"})
LIST_JOIN = frozenset({",", "och", "and", "&", "+", "kommun", "kommune", "stad", "region"})
# Person titles: "Kommunchefen åker", "my boss is flying", "jag och kommunalrådet".
TITLE_RE = re.compile(
    r"^(?:\w*chef(?:en)?|\w*direktör(?:en)?|rektor(?:n)?|ordförande(?:n)?|\w*handläggare(?:n)?|"
    r"\w*sekreterare(?:n)?|\w*samordnare(?:n)?|kollega(?:n)?|kolleg(?:or|orna)|\w*ansvarig(?:a)?|"
    r"kommunalråd(?:et)?|\w*politiker(?:n)?|ledamot(?:en)?|\w*strateg(?:en)?|\w*controller(?:n)?|"
    r"\w*utvecklare(?:n)?|\w*sköterska(?:n)?|\w*pedagog(?:en)?|\w*assistent(?:en)?|"
    r"\w*ingenjör(?:en)?|\w*inspektör(?:en)?|\w*konsult(?:en)?|\w*ekonom(?:en)?|\w*jurist(?:en)?|"
    r"\w*kurator(?:n)?|\w*rådgivare(?:n)?|\w*medarbetare(?:n)?|praktikant(?:en)?|vd|vd:n|"
    r"boss|\w*manager|colleague|coworker|co-worker|director|mayor|councillor|councilor|nurse|"
    r"coordinator|secretary|chair|chairman|chairwoman|principal|supervisor|deputy|intern|"
    r"\w*officer|advisor|adviser|controller|strategist|engineer|inspector|consultant)$"
)
# Groups counted as travellers: "med två kollegor", "with 2 colleagues", "jag och tre andra".
PEOPLE_NOUNS = (
    r"kollegor|kolleger|kollegorna|colleagues|coworkers|co-workers|medarbetare|andra|others|more|"
    r"people|personer|pers|politiker|politicians|ledamöter|members|chefer|managers|deltagare|"
    r"participants|handläggare|rektorer|lärare|teachers|sköterskor|nurses|från \w+|from \w+"
)
# Auxiliaries and adverbs skipped when looking for the subject of a travel verb.
AUX = words(
    "ska skall kommer att måste får kan vill tänker planerar brukar också även nog just redan "
    "is are am was were will 'll 's be been has have had also just going to gonna plans "
    "planning wants needs must should might may probably"
)
# Also skipped going back from the verb: "någon som ska till…", "anyone else who is going".
SUBJECT_SKIP = AUX | words("som who that else annan annars")
# Sport: "Leksand mot Brynäs ikväll" names teams, not destinations.
SPORTS_RE = re.compile(
    r"\b(?:match\w*|derby\w*|vann|förlorade|seger|segern|kryss|shl|allsvenskan|hockey\w*|"
    r"fotboll\w*|bandy\w*|innebandy\w*|game|won|beat|lost|win|score|league|cup|"
    r"watch(?:ing)? (?:\w+ )?play|se (?:\w+ )?spela|ser (?:\w+ )?spela|"
    # clubs whose names are not towns (a town's own club needs IF/IK/FF: see CLUB_RE)
    r"hv71|hv 71|brynäs|frölunda|färjestad|fbk|modo|rögle|lakers|saik|björklöven|almtuna|"
    r"djurgården|djurgårdens|dif|aik|hammarby|bajen|mff|ifk|gais|häcken|elfsborg|sirius|öis|"
    r"brommapojkarna|kalmar ff|malmö ff|villa lidköping|"
    r"edsbyns if|bollnäs goif|broberg)\b|[⚽🏒]"
)
# "Leksands IF", "Mora IK", "Kalmar FF": written in capitals, so it runs on the original text.
CLUB_RE = re.compile(r"\b[A-ZÅÄÖ]\w+ (?:IF|IK|BK|FF|AIK|HK|SK|GoIF|FK|HC|BoIS|IBK)\b")
# A strong first-person past: "I was in Västerås on Wednesday" reads the weekday backwards.
STRONG_PAST_RE = re.compile(
    r"\b(?:i was|we were|jag var|vi var|var jag|var vi|i went|we went)\b|"
    # "The Linköping trip on Wednesday took forever", "resan i tisdags tog fem timmar"
    r"\b(?:trip|journey|drive|flight|train|resan|tåget|bilresan|flyget)\b[^.!?]{0,30}\b"
    r"(?:took|was|were|tog|blev|kändes)\b|"
    # a meeting judged afterwards: "Fredagens möte i Ludvika var bra", "The workshop was great"
    r"\b(?:var|blev|was|were)\s+(?:\w+\s+){0,2}?(?:bra|jättebra|kul|jättekul|lyckad\w*|givande|"
    r"intressant\w*|toppen|trevlig\w*|lärorik\w*|värdefull\w*|inspirerande|seg\w*|rörig\w*|"
    r"great|good|useful|productive|interesting|fun|nice|awesome|amazing|excellent|helpful|"
    r"inspiring|valuable|worthwhile)\b(?!\s+(?:att|that|to|om|if)\b)"
)
# An announcement passed on (a link, a sign-up, a broadcast): a town opening its line is the
# event's place, not the writer's plan.
ANNOUNCE_RE = re.compile(
    r"\b(?:anmälan|anmäl dig|anmäl er|sista anmälningsdag|registrera\w*|register|registration|"
    r"sign up|signup|läs mer|read more|se länk|länk kommer|länk här|program(?:met)?|agenda|"
    r"sänds|livesänds|sänds live|streamed|stream|live|pressträff|pressmeddelande|press release|"
    r"save the date|info|information)\b"
)
# Parts of the day, to tell "Teams in the morning, then … driving to Skellefteå" apart.
MORNING_PART_RE = re.compile(r"\b(?:morning|förmiddag\w*|fm|morgon(?:en)?|bitti)\b")
AFTERNOON_PART_RE = re.compile(
    r"\b(?:afternoon|eftermiddag\w*|em|evening|kväll\w*|ikväll|tonight|lunch\w*)\b"
)
DAY_WORDS_RE = re.compile(
    r"\b(?:idag|today|imorgon|imorn|tomorrow|måndag\w*|tisdag\w*|onsdag\w*|torsdag\w*|"
    r"fredag\w*|monday|tuesday|wednesday|thursday|friday|mån|tis|ons|tors|fre)\b"
)
# A trip made earlier today: "Drove to Borlänge and back this morning", "Körde till Mora idag".
WENT_TODAY_RE = re.compile(
    r"\b(?:drove|flew|went|travelled|traveled|took the (?:train|bus)|åkte|körde|flög|reste|"
    r"tog (?:tåget|bussen|bilen))\b"
)
# "någon som vill samåka?": asking for company on the writer's own trip.
OFFER_RE = re.compile(
    r"(?:någon|nån|anyone|anybody|vem)\s+(?:\w+\s+)?(?:som\s+)?(?:vill|want|wants)\s+(?:to\s+)?"
    r"(?:samåka|åka med|följa med|hänga med|join|ride|come|carpool|sitta bredvid|ha skjuts)|"
    # "någon mer som ska dit?", "anyone else going?": the writer is going too
    r"(?:någon|nån) (?:mer|fler|annan)\b|\b(?:anyone|anybody|who) else\b|"
    # "Någon som ska till Säffle? Jag behöver skjuts": a lift for the writer
    r"behöver skjuts|få skjuts|få åka med|need a (?:ride|lift)|can i (?:join|ride|come) with|"
    # "Behöver någon skjuts till Mora? Jag har två platser": the writer drives
    r"(?:behöver|vill) (?:någon|nån) (?:skjuts|åka med|följa med)|"
    r"(?:anyone|anybody) (?:need|needs|want|wants) a (?:ride|lift)"
)
# Going home is not a business trip, whatever else the message says.
HOME_RE = re.compile(
    r"\b(?:åker hem|åka hem|kör hem|köra hem|drar hem|tar mig hem|going home|go home|"
    r"heading home|head home|drive home|driving home|hemåt|back home|tillbaka hem|till jobbet|"
    r"to work|commute|commuting|pendlar|pendla)\b"
)
# Finite verbs that follow a name subject ("Jonas is flying", "Christoffer åker").
FINITE_AFTER_NAME = TRAVEL_VERBS | words(
    "ska skall kommer måste vill tänker sitter är blir har tar drar is was will 'll has had "
    "asked frågade frågar söker ansöker applied "
    "wants needs must should plans skriver rapporterar meddelar säger beslutade bygger planerar "
    "writes reports says decided plans builds"
)
# Organisations and groups as the subject: "Borlänge kommun har möte…", "the Uppsala team is…"
ORG_SUBJECT_RE = re.compile(
    r"^(?:\w*kommun(?:en)?|\w*region(?:en)?|\w*förvaltning(?:en)?|stad(?:en)?|\w*universitet(?:et)?|"
    r"\w*högskola(?:n)?|\w*tidning(?:en)?|\w*avdelning(?:en)?|\w*enhet(?:en)?|\w*teamet|"
    r"kollegorna|kolleger(?:na)?|municipality|county|university|team|department|colleagues|"
    r"paper|newspaper)$"
)  # not boards and groups: "the joint board is on Monday in Sala" is the meeting itself
# Capitalised at the start of a sentence but not names: time words and verbs.
NOT_NAME = words("""
    imorgon imorn idag ikväll igår övermorgon tomorrow today tonight yesterday tmrw nästa next
    nu sen sedan snart då efter innan before after this denna nxt på om i
    mån tis ons tors fre lör sön måndag tisdag onsdag torsdag fredag lördag söndag
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu thurs
    """)

# --- Places in text -------------------------------------------------------------------------
PREP_TO = words("till to mot towards toward into dit")
PREP_AT = words("i in at på hos vid near")
PREP_FROM = words("från from fr")
PICKUP_RE = re.compile(
    r"plocka upp|plockar upp|hämta upp|hämtar upp|pick up|picking up|collect|collecting|"
    r"byter i|byte i|change at|changing at|stopp i|stop in|stannar i|mellanlandar|(?:^| )via$"
)
# Words that are capitalised in chat but never places: months, days, tools, organisations.
NOT_PLACE = words("""
    teams zoom skype outlook slack webex netpublicator platina ciceron lex intranätet intranet
    januari februari mars april maj juni juli augusti september oktober november december
    january february march may june july august october
    måndag tisdag onsdag torsdag fredag lördag söndag monday tuesday wednesday thursday friday
    saturday sunday region regionen regionens kommun kommunen kommunens stadshuset kommunhuset
    rådhuset the a an en ett skr socialstyrelsen skolverket länsstyrelsen trafikverket
    university universitet högskolan ks kf sj x2000 ok okej hej hi hello thanks tack mvh
    norden europa sverige sweden
    """)
# Provinces, counties and regions: not towns, whatever geonames holds ("Skånes" is in Tunisia).
REGIONS = words("""
    skåne dalarna värmland hälsingland gästrikland norrbotten västerbotten jämtland medelpad
    ångermanland lappland uppland västmanland södermanland sörmland närke östergötland
    västergötland småland halland blekinge bohuslän dalsland öland norrland svealand götaland
    bergslagen roslagen mälardalen fyrbodal sjuhärad österlen kvarken tornedalen västkusten
    kronoberg västernorrland västra götaland höga kusten gävleborg skaraborg värend öland
    österbotten sápmi sapmi siljan vänern vättern mälaren storsjön lappmarken ostkusten sydkusten
    norrlandskusten hälsingekusten
    """)
# Provinces that are also the name of a municipality ("Härjedalen", "Gotland"): read as their
# seat only when no other town is named, never over one.
PROVINCE_ALIASES = frozenset({"harjedalen", "gotland", "region gotland"})
REGIONS = REGIONS | {r + "s" for r in REGIONS if not r.endswith("s")}
NOT_PLACE = NOT_PLACE | REGIONS
NOT_PLACE = NOT_PLACE | {_fold(w) for w in NOT_PLACE}
# Generic names of own-office buildings: the destination is the writer's own town.
OWN_SITE_RE = re.compile(
    r"\b(?:stadshus\w*|kommunhus\w*|rådhus\w*|city hall|town hall|huvudkontoret|head office|"
    r"förvaltningshus\w*|kommunkontoret)\b"
)
# Transit hubs are stops, not destinations.
HUBS = frozenset({"Arlanda", "Landvetter", "Kastrup", "Bromma", "Skavsta", "Centralen"})
# A trip that ends at an airport goes to its city: "Flyger Kalmar–Bromma tis 6.40".
HUB_CITY = {"Arlanda": "Stockholm", "Bromma": "Stockholm", "Landvetter": "Göteborg",
            "Kastrup": "Köpenhamn", "Skavsta": "Nyköping"}  # fmt: skip
# Words joined to a town to name an event there: "Göteborgskonferensen", "Umeåresan".
COMPOUND_HEADS = (
    "konferens",
    "skolan",
    "gymnasiet",
    "möte",
    "mötet",
    "träff",
    "resa",
    "resan",
    "dag",
    "kontor",
    "workshop",
    "seminari",
    "utbildning",
    "besök",
    "mässa",
    "mässan",
)

# Common words that also name a town (or a person): a capital letter and a preposition needed.
COMMON_WORDS = words("""
    och att det som en ett är på av för med till den har de inte om ett var jag vi han hon
    kan ska så men bara nu här där dit hit från eller när då man mig oss er dem sin sitt
    alla allt inga ingen något någon vem vad hur varför också även efter före under över mot
    ed bo vi mora sala vara hova kil lit mark tun rot ås bro torp berg ale eda ekerö vik by
    sand hed fors lund dal hall näs holm ön sjö vass gran tall ek björk lind al asp
    viken hagen lilla stora staden centrum
    ändå sedan ner först bra redan dessa båda söder norr öster väster hemma
    nice best home reading bath split mobile orange hope march may sale sam tack hej per
    eva anna lena sara maria karin kristina elin emma ida ella linnea jonas erik lars
    anders johan per karl peter nils hans jan sven björn mats magnus ola leif bengt
    the and for you all are was one our out day get has him his how its new now old see two
    who boy did use way she many then them these some her would make like into time look
    more write go see number no could people my than first water been call who oil sit find
    long down day did get come made part over said
    """)
FIRST_NAMES = words("""
    anna eva maria karin sara lena kristina elin emma ida ella linnea malin lotta johanna
    jenny sofia camilla helena ulrika annika cecilia frida lisa hanna jonas erik lars anders
    johan per karl peter nils hans jan sven björn mats magnus ola leif bengt bo christoffer
    kristoffer mikael michael daniel fredrik stefan thomas tomas andreas patrik martin marcus
    oskar oscar gustav axel henrik david åsa ulla birgitta gunilla pia maja ebba alva
    agneta anette anneli annelie anneli ann ann-sofie amanda astrid barbro britt carina caroline
    charlotte christina elisabeth ellen elsa erika gun hedvig helen inger ingrid jessica josefin
    josefine julia kajsa katarina kerstin klara lina linda louise madeleine margareta marie
    marianne matilda mia monica moa nathalie nina petra rebecka sandra siv susanne therese
    tove veronica viktoria victoria wilma yvonne åsa ahmed ali amir hassan hussein mohammed
    mohamed muhammad omar yusuf ibrahim mustafa fatima leila layla maryam aisha amina zainab
    alexander anton arvid bertil björn carl christer dan emil filip gunnar göran håkan ingemar
    jakob jacob jesper joakim johannes jonathan jörgen kenneth kent kjell lennart linus ludvig
    mattias mathias max niklas nicklas olle olof oliver pontus rasmus rickard richard robert
    robin roger rolf rune sebastian simon stig tobias tommy torbjörn ulf urban viktor victor
    wilhelm william åke örjan
    tom tim sam ben dan max leo liam noah adam hugo elias felix isak sixten melvin theo vincent
    alice alma freja saga selma stella wilma vera signe tilde iris nora olivia ines agnes
    """)
# Place names are compared folded ("bjorn"), so the word lists hold both spellings.
COMMON_WORDS = COMMON_WORDS | {_fold(w) for w in COMMON_WORDS}
FIRST_NAMES = FIRST_NAMES | {_fold(w) for w in FIRST_NAMES}

NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "one": 1,
    "två": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fyra": 4,
    "four": 4,
    "fem": 5,
    "five": 5,
    "sex": 6,
    "six": 6,
    "sju": 7,
    "seven": 7,
    "åtta": 8,
    "eight": 8,
    "nio": 9,
    "nine": 9,
    "tio": 10,
    "ten": 10,
    "elva": 11,
    "eleven": 11,
    "tolv": 12,
    "twelve": 12,
}

SV_HINTS = words("och att är jag vi på det som inte till ska har med för den en ett imorgon idag")
EN_HINTS = words("the and is i we to on for in of at it tomorrow today will going")
