"""Coaching through the core and the scheduler's tick, with a clock the test controls.

People here are on the try-it page's platform ("web"), whose proactive messages land in
`app.web_inbox`: what a person would see arrive, in order.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from adapters import scheduler
from adapters.app import build_app
from bot.messages import Inbound
from storage.models import CheckIn, Outbox, Person, Suggestion, WebMeeting
from tests.conftest import make_settings

MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm
THURSDAY_TRIP = "Jag kör till Falun på torsdag kl 10 på möte med regionen"  # 26 Nov 09:00 UTC
FRIDAY_TRIP = "Jag kör till Falun på fredag kl 13 på möte"  # 27 Nov 12:00 UTC


@pytest.fixture
def app(engine):
    settings = make_settings(RESFRI_DEFAULT_ORIGIN="Mora", RESFRI_ADMINS="U_ADMIN")
    return build_app(settings, engine)


def say(app, text, user="U1", now=MONDAY, lang="sv", **kw):
    return app.conversation.handle(Inbound("web", user, text=text, locale=lang, **kw), now)


def press(app, about, choice, value, user="U1", now=MONDAY, lang="sv"):
    return app.conversation.handle(
        Inbound("web", user, choice=choice, suggestion_id=about, value=value, locale=lang), now
    )


def tick(app, now):
    return asyncio.run(scheduler.tick(app, now, worker="test-worker"))


def inbox(app, user):
    return app.web_inbox.take(user)


def accept_trip(app, text=THURSDAY_TRIP, user="U1", now=MONDAY):
    [nudge] = say(app, text, user=user, now=now)
    assert nudge.kind == "nudge"
    return press(app, nudge.about, "accept", None, user=user, now=now)


def name_coach(app, coach="U_COACH", person="U1", now=MONDAY):
    say(app, "hjälp", user=coach, now=now)
    say(app, "hjälp", user=person, now=now)
    [done] = say(app, f"coach {coach} {person}", user="U_ADMIN", now=now)
    assert "Klart" in done.text, done.text
    tick(app, now)  # the assignment notices
    inbox(app, coach), inbox(app, person)


def kinds(app, user):
    return [r.kind for r in inbox(app, user)]


def rows(app, model):
    with Session(app.engine) as s:
        return list(s.exec(select(model)))


# --- check-ins ----------------------------------------------------------------------------------


def test_accepted_meeting_gets_exactly_one_check_in_once_it_has_ended(app):
    replies = accept_trip(app)
    assert [r.kind for r in replies] == ["decided"]  # nothing extra at the moment of accepting
    assert tick(app, MONDAY + timedelta(hours=1)) == 0
    meeting_end = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # 10:00 local + 1 h
    assert tick(app, meeting_end - timedelta(minutes=1)) == 0
    assert inbox(app, "U1") == []
    assert tick(app, meeting_end) == 1
    [checkin] = inbox(app, "U1")
    assert checkin.kind == "checkin"
    assert "Hur gick webbmötet den 26 november (i stället för resan till Falun)?" in checkin.text
    assert "första webbmöten" in checkin.text  # the first one says what coaching is
    assert [(c.id, c.value) for c in checkin.choices] == [
        ("checkin_outcome.well", "well"),
        ("checkin_outcome.trouble", "trouble"),
        ("checkin_outcome.failed", "failed"),
    ]
    for later in (meeting_end, meeting_end + timedelta(minutes=5), meeting_end + timedelta(days=1)):
        assert tick(app, later) == 0
    assert inbox(app, "U1") == []
    [row] = rows(app, CheckIn)
    assert row.asked_at == meeting_end and row.number == 1


def test_a_good_meeting_is_answered_step_by_step_and_the_next_step_shown_back(app):
    accept_trip(app)
    tick(app, datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    [checkin] = inbox(app, "U1")
    [ask_next] = press(app, checkin.about, "checkin_outcome", "well")
    assert ask_next.replaces_choices and "Vad vill du testa nästa gång?" in ask_next.text
    assert {c.id for c in ask_next.choices} == {"checkin_next"} and len(ask_next.choices) >= 3
    [done] = press(app, checkin.about, "checkin_next", "camera_on")
    assert "ha kameran på" in done.text
    # The next web meeting: the step the person chose is shown back before it.
    replies = accept_trip(app, "Jag kör till Falun på tisdag 1 december kl 10")
    assert any("förra gången bestämde du dig för att ha kameran på" in r.text for r in replies)
    prep = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # an hour before 10:00 local
    assert tick(app, prep) == 1
    [before] = inbox(app, "U1")
    assert before.kind == "coach_prep" and "kameran" in before.text


def test_trouble_reaches_the_coach_with_context_and_guiding_questions(app):
    name_coach(app)
    accept_trip(app)
    after = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    tick(app, after)
    [checkin] = inbox(app, "U1")
    assert "Din mötescoach är U_COACH" in checkin.text
    [hard] = press(app, checkin.about, "checkin_outcome", "trouble", now=after)
    assert {c.value for c in hard.choices} == {
        "sound",
        "picture",
        "connecting",
        "sharing",
        "people",
        "other",
    }
    [nxt] = press(app, checkin.about, "checkin_hard", "sound", now=after)
    assert nxt.choices[0].value == "headset"  # what helps with sound comes first
    [done] = press(app, checkin.about, "checkin_next", "headset", now=after)
    assert "använda headset" in done.text and "U_COACH" in done.text
    assert tick(app, after + timedelta(minutes=5)) == 0  # the person may still be answering
    assert tick(app, after + timedelta(minutes=10)) == 1
    [reminder] = inbox(app, "U_COACH")
    assert reminder.kind == "coach_reminder"
    text = reminder.text
    assert "U1 hade webbmöte nr 1 den 26 november: det blev lite strul" in text
    assert "svårast: ljudet" in text and "använda headset" in text
    assert 2 <= text.count("\n• ") <= 3  # two or three guiding questions
    assert inbox(app, "U1") == []
    tick(app, after + timedelta(days=7))  # answered: no unanswered reminder later
    assert "coach_reminder" not in kinds(app, "U_COACH")


def test_an_unanswered_check_in_reaches_the_coach_after_two_working_days(app):
    name_coach(app)
    accept_trip(app, FRIDAY_TRIP)
    friday = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)  # 14:00 local, an hour after the meeting
    assert tick(app, friday) == 1
    [checkin] = inbox(app, "U1")
    assert checkin.kind == "checkin"
    # Saturday and Sunday don't count; Monday is one working day, Tuesday 14:00 local is two.
    for when in (
        datetime(2026, 11, 28, 13, tzinfo=UTC),
        datetime(2026, 11, 30, 13, tzinfo=UTC),
        datetime(2026, 12, 1, 12, 59, tzinfo=UTC),
    ):
        tick(app, when)
        assert "coach_reminder" not in kinds(app, "U_COACH"), when
    tick(app, datetime(2026, 12, 1, 13, 0, tzinfo=UTC))
    [reminder] = [r for r in inbox(app, "U_COACH") if r.kind == "coach_reminder"]
    assert (
        "U1 har inte svarat på uppföljningen efter webbmöte nr 1 den 27 november" in reminder.text
    )
    assert reminder.text.count("\n• ") >= 2
    tick(app, datetime(2026, 12, 8, 13, 0, tzinfo=UTC))
    assert "coach_reminder" not in kinds(app, "U_COACH")  # once only
    assert inbox(app, "U1") == []  # and the person is not pestered


def test_third_good_meeting_congratulates_with_savings_and_tells_the_coach(app):
    name_coach(app)
    trips = [
        "Jag kör till Falun på tisdag kl 10",
        "Jag kör till Falun på onsdag kl 10",
        THURSDAY_TRIP,
    ]
    answers = []
    for text in trips:
        accept_trip(app, text)
    for day in (24, 25, 26):
        after = datetime(2026, 11, day, 10, 0, tzinfo=UTC)
        assert tick(app, after) == 1
        [checkin] = inbox(app, "U1")
        answers.append(press(app, checkin.about, "checkin_outcome", "well", now=after))
    assert [len(a) for a in answers] == [1, 1, 2]
    congrats = answers[-1][1]
    assert congrats.kind == "coach_threshold" and "3 webbmöten som gått bra" in congrats.text
    facts = dict(congrats.facts)
    assert facts["Sträcka"] == "554 km"  # three round trips Mora–Falun by car, as estimated
    assert facts["Koldioxid"].endswith(" kg") and facts["Kostnad"].endswith(" kr")
    assert tick(app, datetime(2026, 11, 26, 10, 1, tzinfo=UTC)) == 1
    [told] = inbox(app, "U_COACH")
    assert "U1 är över tröskeln: 3 webbmöten" in told.text and "kr" in told.text
    # Over the threshold: the next web meeting is not followed up any more.
    accept_trip(app, "Jag kör till Falun på fredag kl 10", now=MONDAY + timedelta(days=1))
    assert tick(app, datetime(2026, 11, 27, 10, 0, tzinfo=UTC)) == 0
    assert len(rows(app, CheckIn)) == 3


def test_check_ins_wait_for_a_working_day_outside_quiet_hours_in_the_persons_zone(app):
    # The meeting ends at 19:30 on 23 December, in quiet hours; the 24th to the 27th are
    # Christmas Eve, Christmas Day, Boxing Day and a Sunday.
    accept_trip(app, "Jag kör till Falun den 23 december kl 18:30")
    [row] = [r for r in rows(app, Outbox) if r.kind == "checkin"]
    assert row.due_at == datetime(2026, 12, 28, 6, 0, tzinfo=UTC)  # 07:00 in Stockholm
    assert tick(app, datetime(2026, 12, 23, 18, 30, tzinfo=UTC)) == 0
    assert tick(app, datetime(2026, 12, 28, 6, 0, tzinfo=UTC)) == 1


def test_a_reported_web_meeting_is_checked_in_on_the_spot(app):
    replies = say(app, "jag hade ett webbmöte")
    assert [r.kind for r in replies] == ["decided", "checkin"]
    assert "Hur gick webbmötet?" in replies[1].text
    [more] = press(app, replies[1].about, "checkin_outcome", "failed")
    assert "Vad var svårast?" in more.text
    replies = say(app, "höll Mellerud", now=MONDAY + timedelta(hours=2))
    assert "i stället för en resa till Mellerud" in replies[0].text
    [mine] = say(app, "mina besparingar", now=MONDAY + timedelta(hours=2))
    assert "2 st" in mine.text and dict(mine.facts)["Sträcka"] != "0 km"
    [what] = say(app, "jag hade ett möte")
    assert "höll" in what.text


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("Jag hade ett webbmöte med Mellerud", "sv", "Mellerud"),
        ("vi hade ett teamsmöte i morse", "sv", None),
        ("jag hade webbmöte i stället för att åka till Falun", "sv", "Falun"),
        ("I had a Teams meeting instead of driving to Borås", "en", "Borås"),
    ],
)
def test_a_web_meeting_told_about_in_a_sentence_is_reported_and_checked_in(app, text, lang, place):
    replies = say(app, text, lang=lang)
    assert [r.kind for r in replies] == ["decided", "checkin"]
    assert (f" {place}" in replies[0].text) if place else "resa" not in replies[0].text
    [meeting] = rows(app, WebMeeting)
    assert (meeting.km > 0) == (place is not None)


def test_recurring_meeting_suggests_every_other_one_as_a_web_meeting(app):
    [nudge] = say(app, "Vårt månadsmöte i Mellerud på onsdag kl 10")
    assert "vartannat" in nudge.text
    replies = press(app, nudge.about, "accept", None)
    assert any(r.kind == "coach_tip" and "vartannat" in r.text for r in replies)


# --- coaches ------------------------------------------------------------------------------------


def test_a_coach_for_a_unit_with_a_long_name_written_in_a_direct_message(app):
    say(app, "hjälp", user="U_COACH")
    say(app, "hjälp", user="U4", unit="Individ- och familjeomsorg, norra distriktet")
    [done] = say(app, "coach @U_COACH enhet Individ- och familjeomsorg, norra distriktet",
                 user="U_ADMIN")  # a command, not chat, however many words
    assert "enheten Individ- och familjeomsorg, norra distriktet (personer där i dag: 1;" in done.text
    [chat] = say(app, "Coach-utbildningen i Falun på torsdag har vi redan pratat om, eller hur?")
    assert chat.kind != "coach_assigned" and "coachar nu" not in chat.text


def test_admin_names_coaches_for_people_and_units_and_coaches_see_the_list(app):
    for user, unit in (("U_COACH", None), ("U1", None), ("U2", "Ekonomi"), ("U3", "IT")):
        say(app, "hjälp", user=user, unit=unit)
    [done] = say(app, "coach U_COACH U1", user="U_ADMIN")
    assert done.text == "Klart: U_COACH coachar nu U1."
    [unit] = say(app, "coach @U_COACH enhet Ekonomi", user="U_ADMIN")
    assert "enheten Ekonomi (personer där i dag: 1;" in unit.text
    [listing] = say(app, "coachning", user="U_COACH")
    assert "• U_COACH: U1, U2, enheten Ekonomi" in listing.text
    assert "gäller alla" in listing.text
    [nope] = say(app, "coaches", user="U3", lang="en")
    assert "for coaches and admins" in nope.text
    tick(app, MONDAY)
    told = [r for r in inbox(app, "U_COACH") if r.kind == "coach_notice"]
    assert len(told) == 2
    assert any("mötescoach för U1" in r.text for r in told)
    assert any("enheten Ekonomi" in r.text for r in told)
    [yours] = inbox(app, "U1")
    assert "U_COACH är nu din mötescoach" in yours.text
    [mine] = say(app, "coach", user="U2")
    assert "Din mötescoach är U_COACH" in mine.text


def test_slack_mentions_name_people_in_the_same_workspace(app):
    def slack(text, user):
        return app.conversation.handle(
            Inbound("slack", user, team_id="T1", text=text, command=True, locale="en"), MONDAY
        )

    slack("help", "UCOACH")
    slack("help", "UANNA")
    [done] = slack("coach <@UCOACH> <@UANNA|anna>", "U_ADMIN")
    assert done.text == "Done: <@UCOACH> now coaches <@UANNA>."
    # The same user id in another workspace is someone else.
    app.conversation.handle(Inbound("slack", "UBERT", team_id="T2", text="help"), MONDAY)
    [other] = slack("coach <@UCOACH> <@UBERT>", "U_ADMIN")
    assert "I don't know <@UBERT> yet" in other.text


def test_asking_for_a_coach_tells_the_admins(app):
    say(app, "hjälp", user="U_ADMIN")
    [asked] = say(app, "coach", user="U9", unit="Ekonomi")
    assert "sagt till" in asked.text
    assert tick(app, MONDAY) == 1
    [notice] = inbox(app, "U_ADMIN")
    assert "U9 (Ekonomi) vill ha en mötescoach" in notice.text and "coach @coach U9" in notice.text
    say(app, "coach", user="U9")  # asking twice the same day tells them once
    assert tick(app, MONDAY + timedelta(minutes=1)) == 0


def test_coaching_only_for_the_units_an_admin_selected(app):
    [scope] = say(app, "coachning enheter Ekonomi, Vård", user="U_ADMIN")
    assert "Ekonomi, Vård" in scope.text
    say(app, "hjälp", user="U_IT", unit="IT")
    say(app, "hjälp", user="U_EK", unit="ekonomi")  # units match whatever their case
    accept_trip(app, user="U_IT")
    accept_trip(app, user="U_EK")
    enrolled = {
        p.user_id for p in rows(app, Person) if any(c.person_id == p.id for c in rows(app, CheckIn))
    }
    assert enrolled == {"U_EK"}
    say(app, "coachning enheter alla", user="U_ADMIN")
    [scope] = say(app, "coachning", user="U_ADMIN")
    assert "gäller alla" in scope.text


# --- bad input ----------------------------------------------------------------------------------


def test_bad_coach_commands_get_clear_answers(app):
    say(app, "hjälp", user="U_COACH")
    say(app, "hjälp", user="U1")
    [unknown] = say(app, "coach U_COACH U_NOBODY", user="U_ADMIN")
    assert "Jag känner inte till U_NOBODY än" in unknown.text
    [unknown_coach] = say(app, "coach <@U_GHOST> U1", user="U_ADMIN")
    assert "<@U_GHOST>" in unknown_coach.text
    [themselves] = say(app, "coach U1 U1", user="U_ADMIN")
    assert "U1 kan inte vara sin egen coach" in themselves.text
    [usage] = say(app, "coach U_COACH U1 U2", user="U_ADMIN")
    assert "coach @coach @person" in usage.text
    [no_unit] = say(app, "coach U_COACH enhet", user="U_ADMIN")  # which unit?
    assert "coach @coach enhet <namn>" in no_unit.text
    [not_admin] = say(app, "coach U_COACH U1", user="U1")
    assert "Bara administratörer" in not_admin.text
    assert all(p.coach_id is None for p in rows(app, Person))


def test_answers_to_answered_or_someone_elses_check_ins_are_refused_politely(app):
    accept_trip(app)
    tick(app, datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    [checkin] = inbox(app, "U1")
    say(app, "hej", user="U2")  # a colleague the bot knows
    [theirs] = press(app, checkin.about, "checkin_outcome", "failed", user="U2")
    assert theirs.kind == "error" and "gäller någon annan" in theirs.text
    [odd] = press(app, checkin.about, "checkin_outcome", "fantastic")
    assert "känner jag inte igen" in odd.text
    [early] = press(app, checkin.about, "checkin_next", "headset")
    assert "först på hur mötet gick" in early.text
    press(app, checkin.about, "checkin_outcome", "well")
    [again] = press(app, checkin.about, "checkin_outcome", "trouble")
    assert again.replaces_choices and "redan svarat" in again.text
    [gone] = press(app, 999_999, "checkin_outcome", "well")
    assert "finns inte längre" in gone.text
    [row] = rows(app, CheckIn)
    assert row.outcome == "well"  # the first answer stands


def test_a_time_zone_that_does_not_exist_is_explained_and_the_default_used(app):
    [nudge] = app.conversation.handle(
        Inbound("web", "U1", text=THURSDAY_TRIP, locale="en", timezone="Mars/Olympus_Mons"), MONDAY
    )
    app.conversation.handle(
        Inbound(
            "web",
            "U1",
            choice="accept",
            suggestion_id=nudge.about,
            locale="en",
            timezone="Mars/Olympus_Mons",
        ),
        MONDAY,
    )
    assert tick(app, datetime(2026, 11, 26, 10, 0, tzinfo=UTC)) == 1  # Stockholm time
    [checkin] = inbox(app, "U1")
    assert 'time zone "Mars/Olympus_Mons"' in checkin.text and "Europe/Stockholm" in checkin.text
    [bad] = say(app, "timezone Mars/Olympus_Mons", lang="en")
    assert 'no time zone called "Mars/Olympus_Mons"' in bad.text
    [bad] = say(app, "tidszon ../../etc/passwd")
    assert "finns inte" in bad.text
    [ok] = say(app, "timezone Europe/Helsinki", lang="en")
    assert "Europe/Helsinki" in ok.text


def test_weekly_digest_on_monday_morning_lists_new_struggling_and_over_the_threshold(app):
    tuesday = MONDAY + timedelta(days=1)
    for user in ("U_COACH", "U_NEW", "U_HARD", "U_STAR", "U_IDLE"):
        say(app, "hjälp", user=user, now=tuesday)
    for user in ("U_NEW", "U_HARD", "U_STAR", "U_IDLE"):
        say(app, f"coach U_COACH {user}", user="U_ADMIN", now=tuesday)
    # U_STAR: three reported meetings that went well; U_HARD: one that failed;
    # U_NEW: accepted a suggestion for Thursday and hasn't answered yet; U_IDLE: nothing.
    for i in range(3):
        [_, checkin] = say(app, "höll", user="U_STAR", now=tuesday + timedelta(hours=i))
        press(
            app,
            checkin.about,
            "checkin_outcome",
            "well",
            user="U_STAR",
            now=tuesday + timedelta(hours=i),
        )
    [_, checkin] = say(app, "höll", user="U_HARD", now=tuesday)
    press(app, checkin.about, "checkin_outcome", "failed", user="U_HARD", now=tuesday)
    accept_trip(app, user="U_NEW", now=tuesday)
    tick(app, tuesday + timedelta(hours=4))
    inbox(app, "U_COACH")
    next_monday = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm
    tick(app, next_monday - timedelta(minutes=1))
    assert not [r for r in inbox(app, "U_COACH") if r.kind == "coach_digest"]
    tick(app, next_monday)
    [digest] = [r for r in inbox(app, "U_COACH") if r.kind == "coach_digest"]
    lines = digest.text.splitlines()
    assert lines[0] == "Veckans coachning — de du coachar (4):"
    assert "• Behöver stöd (1): U_HARD" in lines
    assert "• Nya i veckan (1): U_NEW" in lines
    assert "• Över tröskeln (1): U_STAR" in lines
    assert "• Inte börjat än (1): U_IDLE" in lines
    assert tick(app, next_monday + timedelta(hours=1)) == 0  # one digest a week


# --- when check-ins come, by what is known about the meeting and the person ------------------------


def test_a_meeting_with_only_a_day_is_asked_about_late_that_afternoon(app):
    accept_trip(app, "Jag kör till Falun den 26 november på möte")
    [row] = [r for r in rows(app, Outbox) if r.kind == "checkin"]
    assert row.due_at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 16:00 in Stockholm
    assert tick(app, datetime(2026, 11, 26, 14, 59, tzinfo=UTC)) == 0
    assert tick(app, datetime(2026, 11, 26, 15, 0, tzinfo=UTC)) == 1


def test_a_meeting_without_a_day_is_asked_about_once_the_person_says_it_was_held(app):
    # A suggestion whose day nobody knows (a booking or message that named none).
    say(app, "hjälp")
    anna = app.repo.person("web", "", "U1")
    sug = app.repo.add_suggestion(
        Suggestion(person_id=anna.id, destination="Mellerud", kind="meeting", km=700.0)
    )
    replies = press(app, sug.id, "accept", None)
    assert any('Skriv "höll"' in r.text for r in replies)
    assert not [r for r in rows(app, Outbox) if r.kind == "checkin"]  # no guessing the day
    assert tick(app, MONDAY + timedelta(days=3)) == 0
    later = MONDAY + timedelta(days=10)
    replies = say(app, "höll", now=later)
    assert "i stället för en resa till Mellerud" in replies[0].text
    assert replies[-1].kind == "checkin" and "Hur gick webbmötet" in replies[-1].text
    [meeting] = rows(app, WebMeeting)  # the accepted one, now held: not counted twice
    assert meeting.held_at == later and meeting.km > 0


def test_every_other_tuesday_is_a_recurring_meeting_too(app):
    [nudge] = say(app, "We meet every other Tuesday in Borås", lang="en")
    replies = press(app, nudge.about, "accept", None, lang="en")
    assert any(r.kind == "coach_tip" and "every other one" in r.text for r in replies)


def test_a_person_in_norway_gets_norways_holidays(app):
    # 1 April 2026 is the Wednesday before Easter. Maundy Thursday is a working day in Sweden
    # but a public holiday in Norway, as is Easter Monday.
    trip, march = "Jag kör till Falun den 1 april kl 18:30", datetime(2026, 3, 23, 8, tzinfo=UTC)
    for user, zone in (("U_SE", "Europe/Stockholm"), ("U_NO", "Europe/Oslo")):
        app.conversation.handle(Inbound("web", user, text="hjälp", timezone=zone), march)
        accept_trip(app, trip, user=user, now=march)
    due = {
        p.user_id: r.due_at
        for p in rows(app, Person)
        for r in rows(app, Outbox)
        if r.kind == "checkin" and r.person_id == p.id
    }
    assert due["U_SE"] == datetime(2026, 4, 2, 5, 0, tzinfo=UTC)  # Thursday 07:00
    assert due["U_NO"] == datetime(2026, 4, 7, 5, 0, tzinfo=UTC)  # Tuesday after Easter


def test_the_digest_comes_on_monday_morning_in_the_coachs_own_time_zone(app):
    app.conversation.handle(Inbound("web", "U_COACH", text="hjälp", timezone="Europe/Helsinki"), MONDAY)
    say(app, "hjälp", user="U1")
    say(app, "coach U_COACH U1", user="U_ADMIN")
    tick(app, MONDAY)
    inbox(app, "U_COACH")
    helsinki_eight = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # 08:00 in Helsinki
    tick(app, helsinki_eight - timedelta(minutes=1))
    assert "coach_digest" not in kinds(app, "U_COACH")
    tick(app, helsinki_eight)
    assert "coach_digest" in kinds(app, "U_COACH")


# --- what the person and the coach read ------------------------------------------------------------


def test_the_unanswered_reminder_asks_open_questions_and_the_last_check_in_promises_nothing(app):
    name_coach(app)
    accept_trip(app, FRIDAY_TRIP)
    tick(app, datetime(2026, 11, 27, 13, 0, tzinfo=UTC))
    inbox(app, "U1")
    tick(app, datetime(2026, 12, 1, 13, 0, tzinfo=UTC))
    [reminder] = [r for r in inbox(app, "U_COACH") if r.kind == "coach_reminder"]
    assert "Blev det webbmöte som det var tänkt" in reminder.text  # nothing is known yet
    assert "Vad hände, med dina egna ord?" not in reminder.text


def test_over_the_threshold_the_person_is_told_the_check_ins_stop(app):
    for i in range(3):
        [_, checkin] = say(app, "höll", now=MONDAY + timedelta(hours=i))
        answers = press(app, checkin.about, "checkin_outcome", "well", now=MONDAY + timedelta(hours=i))
        [done] = press(app, checkin.about, "checkin_next", "camera_on", now=MONDAY + timedelta(hours=i))
        assert ("påminner dig" in done.text) == (i < 2)  # no promise after the last one
    [_, congrats] = answers
    assert "slutar jag fråga" in congrats.note


def test_a_unit_coach_who_asks_to_be_forgotten_is_forgotten(app):
    say(app, "hjälp", user="U_COACH")
    say(app, "hjälp", user="U1", unit="IT")
    say(app, "coach U_COACH enhet IT", user="U_ADMIN")
    say(app, "glöm mig", user="U_COACH")
    [gone] = press(app, None, "forget_confirm", None, user="U_COACH")
    assert "glömt dig" in gone.text
    assert {p.user_id for p in rows(app, Person)} == {"U_ADMIN", "U1"}
    [mine] = say(app, "coach", user="U1")  # IT has no coach any more: asking tells the admin
    assert "sagt till" in mine.text
