"""Working-day deadlines of complaints (pure: no Flask, no database).

"Within 3 working days" counts the working days AFTER the day of filing: a complaint filed on
a Friday (at any hour, even on a holiday or a weekend) is due on the third working day after
it. Saturdays, Sundays and the site's closed dates (national holidays, cuti bersama) are
skipped. Days are the site's local days; the caller converts the filing time first.
"""
from __future__ import annotations

import datetime as dt
from typing import Collection

FIRST_RESPONSE_DAYS = 3
ANSWER_DAYS = 5


def is_working_day(day: dt.date, holidays: Collection[dt.date] = ()) -> bool:
    return day.isoweekday() <= 5 and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date] = ()) -> dt.date:
    """The `days`-th working day after `start` (start itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date,
                         holidays: Collection[dt.date] = ()) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def complaint_deadlines(filed_on: dt.date,
                        holidays: Collection[dt.date] = ()) -> tuple[dt.date, dt.date]:
    """(first response due, answer due) for a complaint filed on a local day."""
    return (add_working_days(filed_on, FIRST_RESPONSE_DAYS, holidays),
            add_working_days(filed_on, ANSWER_DAYS, holidays))
