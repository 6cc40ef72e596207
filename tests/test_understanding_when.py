"""Dates and times: relative words, weekdays, day/month, week numbers, Swedish clock phrases."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.when import find_time, find_when

MON = datetime(2026, 11, 23, 9, 0)  # Monday 23 November 2026
THU = datetime(2026, 11, 26, 16, 45)


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("på tisdag kl 10", MON, "2026-11-24T10:00"),
        ("imorn", MON, "2026-11-24"),
        ("imorgon", MON, "2026-11-24"),
        ("i morgon bitti", MON, "2026-11-24"),
        ("i övermorgon", MON, "2026-11-25"),
        ("nxt tue", MON, "2026-12-01"),
        ("nxt wed", THU, "2026-12-02"),
        ("tmrw 10:00", MON, "2026-11-24T10:00"),
        ("den 3/12", MON, "2026-12-03"),
        ("3/12", MON, "2026-12-03"),
        ("1/12–2/12", MON, "2026-12-01"),
        ("10/3", MON, "2027-03-10"),
        ("v. 49", MON, "2026-11-30"),
        ("vecka 50", MON, "2026-12-07"),
        ("v 2", MON, "2027-01-11"),
        ("den 15:e", MON, "2026-12-15"),
        ("den 25:e", MON, "2026-11-25"),
        ("tisdag nästa vecka", MON, "2026-12-01"),
        ("nästa vecka är jag i Mora på onsdag", MON, "2026-12-02"),
        ("nästa vecka", MON, "2026-11-30"),
        ("next week", datetime(2027, 2, 3, 10), "2027-02-08"),
        ("on Monday", MON, "2026-11-30"),
        ("på fredag", MON, "2026-11-27"),
        ("Thursday 3 Dec at 9:30", MON, "2026-12-03T09:30"),
        ("Dec 14th at 6:40", MON, "2026-12-14T06:40"),
        ("the 3rd of December", MON, "2026-12-03"),
        ("December the 3rd", MON, "2026-12-03"),  # dateparser's part
        ("12-13 januari", MON, "2027-01-12"),
        ("2026-12-09", MON, "2026-12-09"),
        ("10/12/2027", MON, "2027-12-10"),
        ("om två veckor", MON, "2026-12-07"),
        ("igår", MON, "2026-11-22"),
        ("i tisdags", MON, "2026-11-17"),
        ("kl 14", MON, "2026-11-23T14:00"),
        ("kl 8", MON, "2026-11-24T08:00"),
    ],
)
def test_dates(text: str, now: datetime, expected: str) -> None:
    when = find_when(text.lower(), now).when
    assert when is not None
    assert when.isoformat()[: len(expected)] == expected
    assert isinstance(when, datetime) == ("T" in expected)


@pytest.mark.parametrize(
    "text",
    ["i mars", "den 31 februari", "31/2", "efter jul", "sun is finally out", "2 seats free", ""],
)
def test_no_date(text: str) -> None:
    assert find_when(text.lower(), MON).when is None


def test_past_is_flagged() -> None:
    assert find_when("igår", MON).past
    assert not find_when("imorgon", MON).past


def test_recent_past_date_stays_this_year_when_the_message_is_about_the_past() -> None:
    assert find_when("mötet 20/11 blev bra", MON, past_hint=True).when == date(2026, 11, 20)
    assert find_when("mötet 20/11", MON).when == date(2027, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kl 13.30", "13:30"),
        ("9:30", "09:30"),
        ("kl. 9", "09:00"),
        ("klockan tio", "10:00"),
        ("halv tolv", "11:30"),
        ("halv två", "13:30"),
        ("kvart över nio", "09:15"),
        ("kvart i tio", "09:45"),
        ("fem i halv tio", "09:25"),
        ("the 6:50 train", "06:50"),
        ("tåget imorgon 06.12", "06:12"),
        ("bus from Ed at 6", "06:00"),
        ("at 2pm", "14:00"),
        ("kl 2", "14:00"),
        ("2.30pm", "14:30"),
        ("buss 811 kl 07.45", "07:45"),
    ],
)
def test_times(text: str, expected: str) -> None:
    t = find_time(text.lower())
    assert t is not None and t.strftime("%H:%M") == expected


@pytest.mark.parametrize(
    "text", ["efter lunch", "torsdag em", "fm", "thursday pm", "all day", "derby 2-0", "ca 2800 kr"]
)
def test_vague_is_no_time(text: str) -> None:
    assert find_time(text.lower()) is None


def test_den_d_dot_m_is_a_date_not_a_time() -> None:
    assert find_when("den 6.12", MON).when == date(2026, 12, 6)


WED = datetime(2026, 11, 25, 9, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days as words, full dotted dates, weekday and date together
        ("mötet i mora första december", "2026-12-01"),
        ("mötet den tredje december", "2026-12-03"),
        ("meeting on the first of december", "2026-12-01"),
        ("den tjugoförsta januari", "2027-01-21"),
        ("meeting 01.12.2026", "2026-12-01"),
        ("fre 27.11", "2026-11-27"),
        ("tis 1.12 kl 9", "2026-12-01T09:00"),
        ("3.12 kl 9", "2026-12-03T09:00"),
        ("fre 8.12", "2026-11-27T08:12"),  # 8 December is a Tuesday: on Friday, a clock time
        ("14–15/12", "2026-12-14"),
        # roughly a time, and spans of hours
        ("1/12 vid 9-tiden", "2026-12-01T09:00"),
        ("1/12 runt 9", "2026-12-01T09:00"),
        ("on 1/12 around 9", "2026-12-01T09:00"),
        ("1/12 08.00-12.00", "2026-12-01T08:00"),
        ("on friday from 9 to 4", "2026-11-27T09:00"),
        ("imorgon mellan 10 och 12", "2026-11-26T10:00"),
        ("at half past nine tomorrow", "2026-11-26T09:30"),
        ("quarter to ten on friday", "2026-11-27T09:45"),
    ],
)
def test_more_ways_to_write_a_date(text: str, expected: str) -> None:
    when = find_when(text, WED).when
    assert when is not None
    assert when.isoformat()[: len(expected)] == expected
    assert isinstance(when, datetime) == ("T" in expected)


@pytest.mark.parametrize(
    "text",
    ["vi är ca 10 personer", "runt 20 deltagare", "ca 10 000 kr", "3-4 personer", "v. 12-13"],
)
def test_counts_are_no_time(text: str) -> None:
    assert find_time(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tors 9-ish?", "09:00"),
        ("13ish", "13:00"),
        ("meeting on thu 28/1 at 13. y and z join", "13:00"),
        ("mora tis 09, länsträff", "09:00"),
        ("vid niotiden", "09:00"),
        ("börjar halv 10", "09:30"),
        ("strax efter 9", "09:00"),
        ("kl 13,30", "13:30"),
        ("@9", "09:00"),
        ("kl 7 på kvällen", "19:00"),
        ("kl 2 på natten", "02:00"),
        ("at noon", "12:00"),
        ("half nine", "09:30"),
        ("the 9 o'clock workshop", "09:00"),
        ("på plats från 9 imorgon", "09:00"),
        ("ska vara där 9", "09:00"),
    ],
)
def test_more_clock_forms(text: str, expected: str) -> None:
    t = find_time(text)
    assert t is not None and t.strftime("%H:%M") == expected


@pytest.mark.parametrize("text", ["tis 3 dec", "fre 8/12", "ons 10 pers", "tors 3", "half a day"])
def test_numbers_after_a_day_that_are_no_time(text: str) -> None:
    assert find_time(text) is None
