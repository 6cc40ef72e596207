"""The nudge conversation through the core, as a person on any platform would have it."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from adapters.app import build_app
from bot.messages import Inbound
from storage.db import make_engine
from storage.models import EventLog, Person, Suggestion, WebMeeting
from tests.conftest import make_settings

MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm
TRIP_SV = "Jag kör till Falun på torsdag kl 10 på möte med regionen"
TRIP_EN = "I'm driving to Falun on Thursday at 10 for a meeting with the region"


@pytest.fixture
def core(engine):
    settings = make_settings(RESFRI_DEFAULT_ORIGIN="Mora", RESFRI_ADMINS="U_ADMIN",
                             RESFRI_MEETING_URL="https://meet.example.org/{id}")
    return build_app(settings, engine)


def say(core, text, user="U1", lang="sv", now=MONDAY, **kw):
    return core.conversation.handle(Inbound("console", user, text=text, locale=lang, **kw), now)


def press(core, reply_or_id, choice, user="U1", lang="sv", value=None, now=MONDAY):
    about = reply_or_id.about if hasattr(reply_or_id, "about") else reply_or_id
    return core.conversation.handle(
        Inbound("console", user, choice=choice, suggestion_id=about, value=value, locale=lang), now)


def rows(core, model):
    with Session(core.engine) as s:
        return list(s.exec(select(model)))


def test_swedish_trip_gets_a_nudge_with_figures_and_three_choices(core):
    [nudge] = say(core, TRIP_SV)
    assert nudge.kind == "nudge"
    assert "Falun" in nudge.text and "webbmöte" in nudge.text
    labels = [label for label, _ in nudge.facts]
    assert labels == ["Sträcka", "Restid", "Kostnad", "Energi", "Koldioxid"]
    values = dict(nudge.facts)
    assert values["Sträcka"].endswith(" km") and values["Kostnad"].endswith(" kr")
    assert [c.id for c in nudge.choices] == ["accept", "travel", "not_trip"]
    assert "bil, 1 resenär, tur och retur" in nudge.note
    [sug] = rows(core, Suggestion)
    assert sug.destination == "Falun" and sug.origin == "Mora" and sug.status == "open"
    assert sug.km > 100 and sug.kwh > 0 and sug.kg_co2 > 0 and sug.sek > 0  # Mora–Falun ≈ 60 km apart
    assert sug.trip_date.astimezone(UTC) == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 10:00 local


def test_accept_gives_a_link_records_the_meeting_and_shows_in_my_savings(core):
    [nudge] = say(core, TRIP_SV)
    [done] = press(core, nudge, "accept")
    assert done.replaces_choices and "https://meet.example.org/resfri-" in done.text
    assert "i stället för resan till Falun den 26 november kl 10:00" in done.text  # which trip
    shown = dict(nudge.facts)  # the thanks repeats the nudge's figures as they were shown
    assert shown["Kostnad"] in done.text and shown["Koldioxid"] in done.text
    [sug] = rows(core, Suggestion)
    assert sug.status == "accepted" and sug.decided_at is not None
    [meeting] = rows(core, WebMeeting)
    assert meeting.suggestion_id == sug.id and meeting.kg_co2 == pytest.approx(sug.kg_co2)
    [mine] = say(core, "mina besparingar")
    assert "1 st" in mine.text
    assert dict(mine.facts)["Koldioxid"].endswith(" kg")

    # A restart: a new process on the same database still knows.
    again = build_app(make_settings(RESFRI_DEFAULT_ORIGIN="Mora"), core.engine)
    [mine2] = again.conversation.handle(Inbound("console", "U1", text="mina besparingar"), MONDAY)
    assert mine2.facts == mine.facts


def test_a_decision_cannot_be_taken_twice(core):
    [nudge] = say(core, TRIP_SV)
    press(core, nudge, "accept")
    [again] = press(core, nudge, "not_trip")
    assert again.kind == "error" and "redan besvarat" in again.text
    assert rows(core, Suggestion)[0].status == "accepted"


def test_english_decline_with_a_reason_is_recorded(core):
    [nudge] = say(core, TRIP_EN, lang="en")
    assert "web meeting" in nudge.text and dict(nudge.facts)["Cost"].startswith("SEK ")
    [ask] = press(core, nudge, "travel", lang="en")
    assert ask.kind == "ask_reason" and {c.value for c in ask.choices} >= {"site_visit", "other"}
    site = next(c for c in ask.choices if c.value == "site_visit")
    [thanks] = press(core, ask.about, site.id, lang="en", value=site.value)
    assert "Thanks" in thanks.text and "the trip to Falun on 26 November" in thanks.text
    [sug] = rows(core, Suggestion)
    assert (sug.status, sug.reason) == ("travel", "site_visit")
    types = [e.type for e in rows(core, EventLog)]
    assert types == ["suggested", "declined", "reason"]
    # A second reason (a double click, an old message) changes nothing and says what was answered.
    [again] = press(core, ask.about, "reason", lang="en", value="technical")
    assert again.kind == "error" and "already been answered (travel: Site visit)" in again.text
    assert rows(core, Suggestion)[0].reason == "site_visit"
    assert [e.type for e in rows(core, EventLog)] == types


def test_not_a_trip_is_thanked_and_recorded(core):
    [nudge] = say(core, TRIP_SV)
    [thanks] = press(core, nudge, "not_trip")
    assert "Tack" in thanks.text
    assert rows(core, Suggestion)[0].status == "not_trip"


def test_one_nudge_per_trip(core):
    assert say(core, TRIP_SV)[0].kind == "nudge"
    [again] = say(core, "Vi ses i Falun på torsdag, jag kör dit till mötet kl 10")
    assert again.kind == "info" and "redan" in again.text
    assert say(core, TRIP_SV, in_channel=True) == []
    assert len(rows(core, Suggestion)) == 1


def test_daily_cap_stops_nudging(core):
    towns = ["Falun", "Borlänge", "Leksand", "Rättvik", "Ludvika"]
    kinds = [r.kind for town in towns for r in say(core, f"Jag åker till {town} på fredag på möte")]
    assert kinds.count("nudge") == 3  # the default cap


def test_pause_and_resume(core):
    [paused] = say(core, "paus 2 veckor")
    assert "2026-12-07" in paused.text
    assert all(r.kind != "nudge" for r in say(core, TRIP_SV))
    say(core, "fortsätt")
    assert say(core, TRIP_SV)[0].kind == "nudge"
    [bad] = say(core, "paus tills hundarna kommer hem")
    assert bad.kind == "error" and "paus 2 veckor" in bad.text


def test_channel_messages_in_quiet_hours_are_not_nudged(core):
    evening = datetime(2026, 11, 23, 20, 30, tzinfo=UTC)  # 21:30 in Stockholm
    assert say(core, TRIP_SV, now=evening, in_channel=True) == []
    assert say(core, TRIP_SV, now=MONDAY, in_channel=True)[0].kind == "nudge"


def test_chatter_in_a_channel_gets_no_answer_but_a_dm_gets_a_hint(core):
    assert say(core, "Vem har nycklarna till förrådet?", in_channel=True) == []
    [hint] = say(core, "Vem har nycklarna till förrådet?")
    assert "hjälp" in hint.text


def test_unknown_place_asks_where_then_nudges(core):
    [ask] = say(core, "Jag åker till Xyzzyville imorgon på konferens")
    assert ask.kind == "ask_where" and "Xyzzyville" in ask.text
    [nudge] = say(core, "Falun")
    assert nudge.kind == "nudge" and "Falun" in nudge.text
    [sug] = [s for s in rows(core, Suggestion) if s.status == "open"]
    assert sug.trip_date.astimezone(UTC).date() == (MONDAY + timedelta(days=1)).date()


def test_asked_where_in_a_channel_the_answer_is_asked_for_in_a_direct_message(core):
    [ask] = say(core, "Jag åker till Xyzzyville imorgon på konferens", in_channel=True)
    assert ask.kind == "ask_where" and "direktmeddelande" in ask.text
    assert say(core, "Falun", in_channel=True) == []  # public chatter is not taken as the answer
    [nudge] = say(core, "Falun")  # the direct message is
    assert nudge.kind == "nudge" and "Falun" in nudge.text


def test_set_home_office_changes_the_estimate(core):
    [set_] = say(core, "hem Borlänge")
    assert "Borlänge" in set_.text
    say(core, TRIP_SV)
    assert rows(core, Suggestion)[0].origin == "Borlänge"
    [bad] = say(core, "hem Xyzzyville")
    assert bad.kind == "error" and "Xyzzyville" in bad.text


def test_a_nudge_without_a_known_home_gets_its_figures_once_the_home_is_given(engine):
    core = build_app(make_settings(), engine)  # no default origin: nobody's home is known
    [nudge] = say(core, TRIP_SV)
    assert nudge.kind == "nudge" and not nudge.facts
    assert "sparar det" not in nudge.text and 'Skriv "hem <ort>"' in nudge.note
    [done, again] = say(core, "hem Mora")
    assert "Mora" in done.text
    assert again.kind == "nudge" and again.about == nudge.about
    assert dict(again.facts)["Sträcka"].endswith(" km") and "Så här mycket sparar det" in again.text
    [sug] = rows(core, Suggestion)
    assert sug.origin == "Mora" and sug.km > 100 and sug.status == "open"
    [other] = say(core, "hem Falun")  # nothing left without figures: just the new home
    assert other.kind == "info"


def test_language_follows_locale_then_choice(core):
    [help_en] = say(core, "help", lang="en")
    assert "Commands" in help_en.text
    say(core, "språk sv", lang="en")
    [help_sv] = say(core, "help", lang="en")
    assert "Kommandon" in help_sv.text


def test_statistics_asked_for_in_a_direct_message_in_many_words_is_a_command(core):
    [bad] = say(core, "statistik förra tisdagen i juli 1850", user="U_ADMIN")
    assert 'Jag förstod inte perioden "förra tisdagen i juli 1850"' in bad.text
    [nudge] = say(core, TRIP_SV)
    press(core, nudge, "accept")  # enrolled in coaching: the report gets a row per coach
    [report] = say(core, "statistik senaste 30 dagarna", user="U_ADMIN")
    shown = report.as_text()
    assert "Förslag: 1" in shown
    # Thursday's web meeting is not held yet: it saves nothing so far, but the admin sees it coming
    assert "Webbmöten hållna: 0" in shown
    assert "Planerade webbmöten: 1 som inte hållits än; de sparar" in shown
    # a row under a label stays indented under it in plain text
    assert all(line.startswith("  ") for line in shown.splitlines()[1:])


def test_without_a_locale_the_language_is_read_from_the_words_not_the_place_names(core):
    [en] = say(core, "Driving to Borås tomorrow for the procurement meeting", user="U7", lang=None)
    assert en.kind == "nudge" and "Could the trip to Borås" in en.text
    [sv] = say(core, "Jag kör till Borås imorgon på upphandlingsmöte", user="U8", lang=None)
    assert sv.kind == "nudge" and "Kan resan till Borås" in sv.text


def test_forget_me_erases_the_person_and_keeps_anonymous_totals(core):
    [nudge] = say(core, TRIP_SV)
    press(core, nudge, "accept")
    [ask] = say(core, "glöm mig")
    assert [c.id for c in ask.choices] == ["forget_confirm", "forget_cancel"]
    [done] = press(core, None, "forget_confirm")
    assert "glömt" in done.text
    assert [p.user_id for p in rows(core, Person)] == []
    [sug] = rows(core, Suggestion)
    assert sug.person_id is None and sug.destination is None and sug.status == "accepted"
    assert sug.kg_co2 > 0  # the anonymous figures remain for reporting
    assert all(e.person_id is None for e in rows(core, EventLog))
    # An old button pressed afterwards is answered, and does not bring the person back.
    [old] = press(core, nudge, "not_trip")
    assert old.kind == "error" and "finns inte längre" in old.text
    assert rows(core, Person) == [] and rows(core, Suggestion)[0].status == "accepted"


def test_bad_input_gets_an_answer_never_a_traceback(core):
    for message in ["", "   ", "😀😀😀", "x" * 200_000, "Jag åker till Falun den 31 februari",
                 "Ich fahre morgen nach Berlin", json.dumps({"a": [1, 2]})]:
        replies = say(core, message)
        assert replies and all(r.text for r in replies)
    [impossible] = say(core, "Jag åker till Leksand den 31 februari på möte")
    assert impossible.kind == "nudge" and "Datumet du skrev finns inte" in impossible.text
    assert rows(core, Suggestion)[-1].trip_date is None  # no guessed date is recorded


def test_a_junk_time_zone_from_a_platform_falls_back_to_the_default(core):
    for junk in ("x/" * 3000, "Europe/" + "a" * 5000, "../../etc/passwd", "\x00"):
        [nudge] = say(core, TRIP_SV, user=f"U{len(junk)}", timezone=junk)
        assert nudge.kind == "nudge" and "kl 10:00" in nudge.text  # read in Europe/Stockholm
    [home] = say(core, "hem Fal\x00un", user="U_NUL")  # NUL from a broken client: ignored
    assert "Falun" in home.text


def test_an_action_on_a_suggestion_that_does_not_exist_is_answered_politely(core):
    [reply] = press(core, 99999, "accept")
    assert reply.kind == "error" and "finns inte längre" in reply.text


def test_someone_elses_suggestion_cannot_be_decided(core):
    [nudge] = say(core, TRIP_SV, user="U1")
    [reply] = press(core, nudge, "accept", user="U2")
    assert reply.kind == "error"
    assert rows(core, Suggestion)[0].status == "open"


def test_unreachable_database_gets_a_polite_answer_in_the_persons_language(tmp_path):
    broken = build_app(make_settings(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"))
    [reply] = broken.conversation.handle(Inbound("console", "U1", text="help", locale="en"), MONDAY)
    assert reply.kind == "error" and "database" in reply.text and "nothing you already did is lost" in reply.text


def test_a_dropped_database_connection_loses_nothing(core):
    """The server drops our connection between two messages (a restart, a failover)."""
    if core.engine.dialect.name != "postgresql":
        pytest.skip("needs a server to drop connections")
    [nudge] = say(core, TRIP_SV)
    with core.engine.connect() as conn:  # the pooled connection the next message will reuse
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    admin = make_engine(os.environ["TEST_DATABASE_URL"])
    with admin.begin() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    admin.dispose()
    [done] = press(core, nudge, "accept")
    assert "Toppen" in done.text
    assert rows(core, Suggestion)[0].status == "accepted"
