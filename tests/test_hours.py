"""Opening hours in the site's own time zone."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mpp_lite.catalog.hours import hours_now

UTC = dt.timezone.utc
WEEKDAYS = [SimpleNamespace(weekday=d, opens=dt.time(8), closes=dt.time(15)) for d in range(1, 6)]


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_wita_site_just_after_local_midnight_is_already_the_next_day():
    # Monday 23 Nov 2026 16:30 UTC is Tuesday 00:30 in Makassar (UTC+8).
    now = hours_now("Asia/Makassar", WEEKDAYS, {}, at(2026, 11, 23, 16, 30))
    assert now.today.date == dt.date(2026, 11, 24)
    assert not now.open_now
    assert now.next_open == dt.datetime(2026, 11, 24, 8, tzinfo=now.local_now.tzinfo)


def test_same_instant_is_still_monday_in_jakarta():
    now = hours_now("Asia/Jakarta", WEEKDAYS, {}, at(2026, 11, 23, 16, 30))
    assert now.today.date == dt.date(2026, 11, 23)


@pytest.mark.parametrize("utc, expected", [
    (at(2026, 11, 23, 22, 59), False),  # Tue 07:59 WIT
    (at(2026, 11, 23, 23, 0), True),    # Tue 08:00 WIT
    (at(2026, 11, 24, 5, 59), True),    # Tue 14:59 WIT
    (at(2026, 11, 24, 6, 0), False),    # Tue 15:00 WIT: closing time is exclusive
])
def test_open_now_at_the_edges_in_wit(utc, expected):
    assert hours_now("Asia/Jayapura", WEEKDAYS, {}, utc).open_now is expected


def test_holiday_closes_the_day_with_its_reason():
    closed = {dt.date(2026, 12, 25): "Hari Raya Natal"}
    now = hours_now("Asia/Jakarta", WEEKDAYS, closed, at(2026, 12, 25, 3, 0))
    assert not now.open_now
    assert now.today.closed_reason == "Hari Raya Natal"
    assert now.next_open.date() == dt.date(2026, 12, 28)  # Friday holiday → Monday


def test_weekend_points_to_monday():
    now = hours_now("Asia/Jakarta", WEEKDAYS, {}, at(2026, 11, 21, 3, 0))  # Saturday
    assert not now.today.is_open_day
    assert now.next_open.date() == dt.date(2026, 11, 23)


def test_friday_prayer_break_is_two_intervals():
    friday = [SimpleNamespace(weekday=5, opens=dt.time(13), closes=dt.time(15)),
              SimpleNamespace(weekday=5, opens=dt.time(8), closes=dt.time(11, 30))]
    # 12:00 WIB on Friday 27 Nov 2026 = 05:00 UTC
    now = hours_now("Asia/Jakarta", friday, {}, at(2026, 11, 27, 5, 0))
    assert now.today.intervals == ((dt.time(8), dt.time(11, 30)), (dt.time(13), dt.time(15)))
    assert not now.open_now
    assert now.next_open.time() == dt.time(13)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        hours_now("Asia/Jakarta", WEEKDAYS, {}, dt.datetime(2026, 11, 23, 8))
