"""Coaching's Swedish and English texts, registered with the core catalogue on import."""

from __future__ import annotations

from bot.texts import CATALOGUE, add

OUTCOMES = ("well", "trouble", "failed")
HARD = ("sound", "picture", "connecting", "sharing", "people", "other")
NEXT_STEPS = (
    "join_early",
    "headset",
    "practise_sharing",
    "send_link",
    "camera_on",
    "chair",
    "with_coach",
)
# The next steps worth offering first, by what was hard.
NEXT_FOR = {
    "sound": ("headset", "join_early", "with_coach"),
    "picture": ("camera_on", "join_early", "with_coach"),
    "connecting": ("join_early", "send_link", "with_coach"),
    "sharing": ("practise_sharing", "join_early", "with_coach"),
    "people": ("send_link", "chair", "with_coach"),
    "other": ("join_early", "with_coach", "chair"),
    None: ("chair", "practise_sharing", "camera_on"),
}
# Guiding questions for the coach, by what was hard (Dalsland: guide, don't take over).
QUESTIONS = {
    "sound": ("q.sound1", "q.sound2", "q.try"),
    "picture": ("q.picture1", "q.picture2", "q.try"),
    "connecting": ("q.connect1", "q.connect2", "q.try"),
    "sharing": ("q.share1", "q.share2", "q.try"),
    "people": ("q.people1", "q.people2", "q.try"),
    "other": ("q.other1", "q.try", "q.help"),
    None: ("q.other1", "q.try", "q.help"),
    "unanswered": ("q.happened", "q.anything", "q.try"),  # nothing known yet: ask, don't assume
}

TEXTS: dict[str, dict[str, str]] = {
    # --- enrolment and the meeting itself ----------------------------------------------------
    "coach.enrolled": {
        "sv": "Efter dina första webbmöten hör jag av mig med några korta frågor: hur det gick, vad som var svårt och vad du vill testa nästa gång. Det brukar ta några möten innan tekniken sitter — helt normalt.",
        "en": "After your first web meetings I'll check in with a few short questions: how it went, what was hard and what you'll try next time. It usually takes a few meetings before the technology feels easy — that's normal.",
    },
    "coach.your_coach": {
        "sv": "Din mötescoach är {coach} — hör av dig om något krånglar.",
        "en": "Your meeting coach is {coach} — get in touch if anything gets in the way.",
    },
    "coach.next_time": {
        "sv": "Inför mötet: förra gången bestämde du dig för att {step}.",
        "en": "Before the meeting: last time you decided to {step}.",
    },
    "coach.recurring": {
        "sv": 'Ett återkommande möte: gör gärna vartannat till webbmöte, som kommuncheferna i Dalsland. Skriv "höll" efter ett webbmöte så räknar jag det.',
        "en": 'A recurring meeting: try making every other one a web meeting, as the municipal managers in Dalsland did. Write "held" after a web meeting and I\'ll count it.',
    },
    "coach.held": {
        "sv": "Noterat: ett webbmöte{dest}. Bra jobbat!",
        "en": "Noted: a web meeting{dest}. Well done!",
    },
    "coach.held.dest": {
        "sv": " i stället för en resa till {dest}",
        "en": " instead of a trip to {dest}",
    },
    "coach.held.unknown": {
        "sv": 'Jag hittar ingen ort som heter "{place}", så jag noterar webbmötet utan besparing.',
        "en": "I can't find a place called \"{place}\", so I'm noting the web meeting without savings.",
    },
    "coach.held.later": {
        "sv": 'Skriv "höll" när du har haft webbmötet, så frågar jag hur det gick.',
        "en": 'Write "held" once you have had the web meeting, and I\'ll ask how it went.',
    },
    "coach.held.what": {
        "sv": 'Menar du att du hade ett webbmöte? Skriv "höll" (eller "höll Mellerud" om du slapp resa dit).',
        "en": 'Do you mean you had a web meeting? Write "held" (or "held Mellerud" if it saved a trip there).',
    },
    # --- the check-in ---------------------------------------------------------------------------
    "coach.checkin.ask": {
        "sv": "Hur gick webbmötet{when}{dest}?",
        "en": "How did the web meeting{when} go{dest}?",
    },
    "coach.checkin.dest": {
        "sv": " (i stället för resan till {dest})",
        "en": " (instead of the trip to {dest})",
    },
    "coach.checkin.when": {"sv": " den {day} {month}", "en": " on {day} {month}"},
    "coach.outcome.well": {"sv": "Bra", "en": "Well"},
    "coach.outcome.trouble": {"sv": "Lite strul", "en": "Some trouble"},
    "coach.outcome.failed": {"sv": "Det fungerade inte", "en": "It didn't work"},
    "coach.outcome.said.well": {"sv": "det gick bra", "en": "it went well"},
    "coach.outcome.said.trouble": {"sv": "det blev lite strul", "en": "there was some trouble"},
    "coach.outcome.said.failed": {"sv": "det fungerade inte", "en": "it didn't work"},
    "coach.checkin.well": {"sv": "Vad bra!", "en": "Great!"},
    "coach.checkin.trouble": {
        "sv": "Tack för att du berättar — strul hör till de första gångerna. Vad var svårast?",
        "en": "Thanks for telling me — trouble is part of the first few times. What was hardest?",
    },
    "coach.hard.sound": {"sv": "Ljudet", "en": "Sound"},
    "coach.hard.picture": {"sv": "Bilden", "en": "Picture"},
    "coach.hard.connecting": {"sv": "Att ansluta", "en": "Connecting"},
    "coach.hard.sharing": {"sv": "Att dela skärmen", "en": "Sharing the screen"},
    "coach.hard.people": {"sv": "De andra deltagarna", "en": "The other participants"},
    "coach.hard.other": {"sv": "Något annat", "en": "Something else"},
    "coach.checkin.next": {
        "sv": "Vad vill du testa nästa gång?",
        "en": "What will you try next time?",
    },
    "coach.next.join_early": {
        "sv": "ansluta fem minuter före och testa ljud och bild",
        "en": "join five minutes early and test sound and picture",
    },
    "coach.next.headset": {"sv": "använda headset", "en": "use a headset"},
    # Without "my"/"your": a step reads right on the button, to the person and to the coach.
    "coach.next.practise_sharing": {
        "sv": "öva på att dela skärmen före mötet",
        "en": "practise sharing the screen before the meeting",
    },
    "coach.next.send_link": {
        "sv": "skicka länken och en kort instruktion till deltagarna i förväg",
        "en": "send the link and a short how-to to the participants beforehand",
    },
    "coach.next.camera_on": {"sv": "ha kameran på", "en": "turn the camera on"},
    "coach.next.chair": {"sv": "hålla i mötet själv", "en": "chair the meeting"},
    "coach.next.with_coach": {
        "sv": "gå igenom tekniken med coachen",
        "en": "go through the technology with the coach",
    },
    "coach.checkin.done": {
        "sv": "Tack! Till nästa gång: {step}. Jag påminner dig före nästa webbmöte.",
        "en": "Thanks! Next time: {step}. I'll remind you before your next web meeting.",
    },
    "coach.checkin.done.last": {
        "sv": "Tack! Ett bra steg till nästa gång: {step}.",
        "en": "Thanks! A good step for next time: {step}.",
    },
    "coach.checkin.coach_told": {
        "sv": "Din coach {coach} får veta hur det gick och kan hjälpa dig vidare.",
        "en": "Your coach {coach} will hear how it went and can help you along.",
    },
    "coach.checkin.no_coach": {
        "sv": 'Vill du ha hjälp av en mötescoach? Skriv "coach".',
        "en": 'Would you like help from a meeting coach? Write "coach".',
    },
    "coach.checkin.answered": {
        "sv": "Den frågan har du redan svarat på — tack!",
        "en": "You have already answered that question — thanks!",
    },
    "coach.checkin.not_yours": {
        "sv": "Den uppföljningen gäller någon annan, så jag kan inte ta emot ditt svar på den.",
        "en": "That check-in belongs to someone else, so I can't take your answer to it.",
    },
    "coach.checkin.missing": {
        "sv": "Den uppföljningen finns inte längre.",
        "en": "That check-in no longer exists.",
    },
    "coach.checkin.order": {
        "sv": "Svara först på hur mötet gick, så tar vi resten sedan.",
        "en": "Please first answer how the meeting went, then we'll take the rest.",
    },
    "coach.checkin.bad": {
        "sv": "Det svaret känner jag inte igen. Välj ett av alternativen.",
        "en": "I don't recognise that answer. Please pick one of the options.",
    },
    "coach.threshold": {
        "sv": "Grattis! {n} webbmöten som gått bra — nu är du över tröskeln. Så här mycket har dina webbmöten sparat hittills:",
        "en": "Congratulations! {n} web meetings that went well — you're over the threshold. Here is what your web meetings have saved so far:",
    },
    "coach.threshold.note": {
        "sv": 'Nu slutar jag fråga efter varje möte. Skriv "mina besparingar" när du vill se summan, eller "coach" om du vill ha hjälp igen.',
        "en": 'I\'ll stop asking after every meeting now. Write "my savings" to see the total, or "coach" if you\'d like help again.',
    },
    # --- coach-facing ---------------------------------------------------------------------------
    "coach.remind.trouble": {
        "sv": "{person} hade webbmöte nr {n}{when}: {outcome}{hard}. Frågor du kan ställa — låt hen själv hitta nästa steg:",
        "en": "{person} had web meeting no. {n}{when}: {outcome}{hard}. Questions you could ask — let them find their own next step:",
    },
    "coach.remind.hard": {"sv": " (svårast: {hard})", "en": " (hardest: {hard})"},
    "coach.remind.next": {
        "sv": "Nästa gång vill hen {step}.",
        "en": "Next time they want to {step}.",
    },
    "coach.remind.unanswered": {
        "sv": "{person} har inte svarat på uppföljningen efter webbmöte nr {n}{when} på två arbetsdagar. Hör gärna av dig — frågor att börja med:",
        "en": "{person} hasn't answered the check-in after web meeting no. {n}{when} for two working days. Perhaps get in touch — questions to start with:",
    },
    "q.happened": {
        "sv": "Blev det webbmöte som det var tänkt, och hur gick det?",
        "en": "Did the web meeting happen as planned, and how did it go?",
    },
    "q.anything": {
        "sv": "Var det något som krånglade — ljudet, bilden, att ansluta eller att dela skärmen?",
        "en": "Did anything get in the way — sound, picture, joining or sharing the screen?",
    },
    "q.sound1": {
        "sv": "Vilken ljudenhet använde du — headset, datorns mikrofon eller en konferenstelefon?",
        "en": "What did you use for sound — a headset, the computer's microphone or a conference phone?",
    },
    "q.sound2": {
        "sv": "Hördes du, eller hörde du inte de andra?",
        "en": "Couldn't the others hear you, or couldn't you hear them?",
    },
    "q.picture1": {
        "sv": "Var det din kamera eller de andras bild som krånglade?",
        "en": "Was it your camera or the others' picture that failed?",
    },
    "q.picture2": {
        "sv": "Hur var ljuset och nätverket där du satt?",
        "en": "What were the light and the network like where you sat?",
    },
    "q.connect1": {
        "sv": "Var fastnade du — länken, inloggningen eller appen?",
        "en": "Where did you get stuck — the link, signing in or the app?",
    },
    "q.connect2": {
        "sv": "Vill du att vi testar en anslutning tillsammans före nästa möte?",
        "en": "Shall we test joining together before the next meeting?",
    },
    "q.share1": {
        "sv": "Hittade du knappen för att dela, och vad hände när du tryckte?",
        "en": "Did you find the share button, and what happened when you pressed it?",
    },
    "q.share2": {
        "sv": "Ville du dela hela skärmen eller ett fönster?",
        "en": "Did you want to share the whole screen or one window?",
    },
    "q.people1": {
        "sv": "Vad behövde de andra deltagarna för att komma med?",
        "en": "What did the other participants need to join?",
    },
    "q.people2": {
        "sv": "Hur kan inbjudan göra det lättare för dem nästa gång?",
        "en": "How could the invitation make it easier for them next time?",
    },
    "q.other1": {"sv": "Vad hände, med dina egna ord?", "en": "What happened, in your own words?"},
    "q.try": {
        "sv": "Vad vill du själv testa nästa gång?",
        "en": "What do you want to try yourself next time?",
    },
    "q.help": {
        "sv": "Vad skulle hjälpa dig mest inför nästa möte?",
        "en": "What would help you most before the next meeting?",
    },
    "coach.digest": {
        "sv": "Veckans coachning — de du coachar ({n}):",
        "en": "This week's coaching — the people you coach ({n}):",
    },
    "coach.digest.struggling": {"sv": "Behöver stöd", "en": "Struggling"},
    "coach.digest.new": {"sv": "Nya i veckan", "en": "New this week"},
    "coach.digest.over": {"sv": "Över tröskeln", "en": "Over the threshold"},
    "coach.digest.going": {"sv": "På väg", "en": "On their way"},
    "coach.digest.waiting": {"sv": "Inte börjat än", "en": "Not started yet"},
    "coach.digest.more": {"sv": "{names} och {n} till", "en": "{names} and {n} more"},
    "coach.notice.assigned": {
        "sv": "Du är nu mötescoach för {person}. Jag säger till när hen har haft sina första webbmöten och hur de gick, och varje måndag morgon får du en kort sammanfattning.",
        "en": "You are now the meeting coach for {person}. I'll tell you when they have had their first web meetings and how they went, and every Monday morning you get a short summary.",
    },
    "coach.notice.your_coach": {
        "sv": "{coach} är nu din mötescoach. Hör av dig om webbmötena krånglar — det tar några möten innan tekniken sitter.",
        "en": "{coach} is now your meeting coach. Get in touch if web meetings give you trouble — it takes a few meetings to get into it.",
    },
    "coach.notice.unit": {
        "sv": "Du är nu mötescoach för enheten {unit}. Jag säger till när någon där har haft sina första webbmöten och hur de gick, och varje måndag morgon får du en kort sammanfattning.",
        "en": "You are now the meeting coach for the unit {unit}. I'll tell you when someone there has had their first web meetings and how they went, and every Monday morning you get a short summary.",
    },
    "coach.notice.request": {
        "sv": '{person}{unit_suffix} vill ha en mötescoach. Utse en med "coach @coach {person}".',
        "en": '{person}{unit_suffix} would like a meeting coach. Name one with "coach @coach {person}".',
    },
    "coach.notice.threshold": {
        "sv": "{person} är över tröskeln: {n} webbmöten som gått bra. Hittills sparat: {sek} och {co2} koldioxid.",
        "en": "{person} is over the threshold: {n} web meetings that went well. Saved so far: {sek} and {co2} of CO2.",
    },
    # --- commands -------------------------------------------------------------------------------
    "coach.admin_only": {
        "sv": 'Bara administratörer kan utse coacher. Vill du själv ha en mötescoach? Skriv bara "coach".',
        "en": 'Only admins can name coaches. Would you like a meeting coach yourself? Just write "coach".',
    },
    "coach.usage": {
        "sv": 'Så här: "coach @coach @person" eller "coach @coach enhet <namn>".',
        "en": 'Like this: "coach @coach @person" or "coach @coach unit <name>".',
    },
    "coach.unknown": {
        "sv": "Jag känner inte till {who} än — personen behöver ha skrivit till mig en gång först.",
        "en": "I don't know {who} yet — they need to have written to me once first.",
    },
    "coach.self": {
        "sv": "{who} kan inte vara sin egen coach — välj någon annan.",
        "en": "{who} can't be their own coach — pick someone else.",
    },
    "coach.assigned": {
        "sv": "Klart: {coach} coachar nu {person}.",
        "en": "Done: {coach} now coaches {person}.",
    },
    "coach.unit_assigned": {
        "sv": "Klart: {coach} coachar nu enheten {unit} (personer där i dag: {n}; den som har en egen coach behåller den).",
        "en": "Done: {coach} now coaches the unit {unit} (people there today: {n}; anyone with their own coach keeps them).",
    },
    "coach.request.have": {
        "sv": "Din mötescoach är {coach}. Hör av dig till hen!",
        "en": "Your meeting coach is {coach}. Get in touch with them!",
    },
    "coach.request.sent": {
        "sv": "Jag har sagt till att du vill ha en mötescoach. Någon hör av sig.",
        "en": "I've passed on that you'd like a meeting coach. Someone will be in touch.",
    },
    "coach.request.nobody": {
        "sv": "Det finns ingen administratör eller coach här än, men jag har noterat att du vill ha en mötescoach.",
        "en": "There is no admin or coach here yet, but I've noted that you'd like a meeting coach.",
    },
    "coach.list.only": {
        "sv": "Listan över coacher är för coacher och administratörer.",
        "en": "The list of coaches is for coaches and admins.",
    },
    "coach.list.none": {
        "sv": 'Inga coacher utsedda än. Utse en med "coach @coach @person".',
        "en": 'No coaches named yet. Name one with "coach @coach @person".',
    },
    "coach.list": {"sv": "Mötescoacher:", "en": "Meeting coaches:"},
    "coach.list.row": {"sv": "• {coach}: {people}", "en": "• {coach}: {people}"},
    "coach.list.nobody": {"sv": "ingen än", "en": "nobody yet"},
    "coach.list.unit": {"sv": "enheten {unit}", "en": "unit {unit}"},
    "coach.list.scope.all": {"sv": "Coachningen gäller alla.", "en": "Coaching is for everyone."},
    "coach.list.scope.units": {
        "sv": "Coachningen gäller enheterna: {units}.",
        "en": "Coaching is for the units: {units}.",
    },
    "coach.units.usage": {
        "sv": 'Skriv "coachning enheter Ekonomi, IT" för vissa enheter, eller "coachning enheter alla".',
        "en": 'Write "coaching units Finance, IT" for some units, or "coaching units all".',
    },
    "coach.tz.show": {
        "sv": 'Jag använder tidszonen {tz} för dina uppföljningar. Byt med t.ex. "tidszon Europe/Helsinki".',
        "en": 'I use the time zone {tz} for your check-ins. Change it with e.g. "timezone Europe/Helsinki".',
    },
    "coach.tz.unknown": {
        "sv": 'Din tidszon "{tz}" känner jag inte igen, så jag använder {used}. Skriv t.ex. "tidszon Europe/Stockholm" om den är fel.',
        "en": 'I don\'t recognise your time zone "{tz}", so I\'m using {used}. Write e.g. "timezone Europe/London" if that\'s wrong.',
    },
    "coach.tz.set": {
        "sv": "Klart, din tidszon är nu {tz}.",
        "en": "Done, your time zone is now {tz}.",
    },
    "coach.tz.bad": {
        "sv": 'Tidszonen "{tz}" finns inte. Skriv t.ex. "tidszon Europe/Stockholm".',
        "en": 'There is no time zone called "{tz}". Write e.g. "timezone Europe/Stockholm".',
    },
}

if "coach.enrolled" not in CATALOGUE:  # importing twice (reloads in tests) must not clash
    add(TEXTS)
