"""Working days and polite times from the `holidays` package, in the person's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.workdays import add_working_days, is_working_day, next_polite, week_start_morning

STHLM = ZoneInfo("Europe/Stockholm")
QUIET = (19, 7)


def test_swedish_public_and_de_facto_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 6, 19), "SE")  # midsummer eve
    assert not is_working_day(date(2026, 12, 24), "SE")  # Christmas Eve
    assert not is_working_day(date(2026, 4, 6), "SE")  # Easter Monday
    assert not is_working_day(date(2026, 11, 28), "SE")  # a Saturday
    assert is_working_day(date(2026, 11, 27), "SE")
    assert is_working_day(date(2026, 6, 19), "GB")  # other countries, other days
    assert not is_working_day(date(2026, 12, 28), "GB")  # UK Boxing Day, observed
    assert not is_working_day(date(2026, 12, 24), "XX")  # an unknown country falls back to SE


def test_next_polite_skips_quiet_hours_weekends_and_holidays_in_the_persons_zone():
    friday_evening = datetime(2026, 11, 27, 19, 30, tzinfo=STHLM)
    assert next_polite(friday_evening, STHLM, "SE", QUIET) == datetime(
        2026, 11, 30, 7, 0, tzinfo=STHLM
    )
    early = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)  # 06:00 in Stockholm
    assert next_polite(early, STHLM, "SE", QUIET) == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    helsinki = ZoneInfo("Europe/Helsinki")  # 06:30 in Stockholm is 07:30 in Helsinki
    morning = datetime(2026, 11, 26, 5, 30, tzinfo=UTC)
    assert next_polite(morning, helsinki, "FI", QUIET) == morning
    ok = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    assert next_polite(ok, STHLM, "SE", QUIET) == ok


def test_two_working_days_step_over_a_weekend_and_midsummer():
    friday = datetime(2026, 11, 27, 14, 0, tzinfo=STHLM)
    assert add_working_days(friday, 2, STHLM, "SE") == datetime(2026, 12, 1, 14, 0, tzinfo=STHLM)
    before_midsummer = datetime(2026, 6, 18, 10, 0, tzinfo=STHLM)  # Thursday
    assert add_working_days(before_midsummer, 2, STHLM, "SE") == datetime(
        2026, 6, 23, 10, 0, tzinfo=STHLM
    )


def test_digest_morning_is_monday_eight_or_the_first_working_day_after_a_holiday_monday():
    wednesday = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert week_start_morning(wednesday, STHLM, "SE") == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    monday_nine = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # a worker started late: this week's
    assert week_start_morning(monday_nine, STHLM, "SE") == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    easter_week = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)  # Easter Monday is 6 April
    assert week_start_morning(easter_week, STHLM, "SE") == datetime(2026, 4, 7, 6, 0, tzinfo=UTC)
