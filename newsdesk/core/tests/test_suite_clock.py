"""The suite's own clock option: where `--clock` moves the whole run."""

import datetime as dt

import pytest

from conftest import clock_destination

NOW = dt.datetime(2026, 12, 2, 15, 7, 30, tzinfo=dt.UTC)


def test_leap_is_the_first_29_february_at_least_400_days_ahead_at_the_same_time_of_day():
    assert clock_destination("leap", NOW) == dt.datetime(2028, 2, 29, 15, 7, 30, tzinfo=dt.UTC)


def test_leap_skips_a_29_february_that_is_less_than_400_days_ahead():
    # 29 Feb 2028 is 365 days after 1 Mar 2027; the next leap day is 2032's.
    assert clock_destination("leap", dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)) == dt.datetime(
        2032, 2, 29, 8, 0, tzinfo=dt.UTC
    )


def test_a_bare_date_keeps_the_time_of_day_and_a_naive_date_time_is_utc():
    assert clock_destination("2030-01-31", NOW) == dt.datetime(2030, 1, 31, 15, 7, 30, tzinfo=dt.UTC)
    assert clock_destination("2030-01-31T23:59:00", NOW) == dt.datetime(2030, 1, 31, 23, 59, tzinfo=dt.UTC)


def test_no_value_leaves_the_clock_alone_and_a_typo_is_a_usage_error():
    assert clock_destination("", NOW) is None
    with pytest.raises(pytest.UsageError, match="--clock='next tuesday'"):
        clock_destination("next tuesday", NOW)
