"""Working days: the one count behind every deadline (complaints, application due dates).

"Within 3 working days" counts the working days AFTER the start day: a complaint filed or an
application received on a Friday (at any hour, even on a holiday or a weekend) is due on the
third working day after it. Saturdays, Sundays and the site's closed dates (national holidays,
cuti bersama) are skipped. Days are the site's local days; the caller converts times first.
The counting functions are pure; `closed_days` and `site_add_working_days` read a site's
closed dates from the database, a bounded range at a time.
"""
from __future__ import annotations

import datetime as dt
from typing import Collection

import sqlalchemy as sa

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


def closed_days(site_id: int, start: dt.date, end: dt.date) -> set[dt.date]:
    """The site's closed dates (holidays, cuti bersama) from `start` to `end`, inclusive."""
    from .extensions import db
    from .models import ClosedDate

    return set(db.session.scalars(sa.select(ClosedDate.date).where(
        ClosedDate.site_id == site_id, ClosedDate.date >= start, ClosedDate.date <= end)))


def _span(days: int) -> int:
    """Calendar days that surely hold `days` working days in an ordinary year (weekends and a
    generous allowance for holidays); widened if a site is closed far more than that."""
    return days * 7 // 5 + 21


def site_add_working_days(site_id: int, start: dt.date, days: int) -> dt.date:
    """add_working_days with the site's closed dates, read for just the range it needs."""
    span = _span(days)
    while True:
        end = start + dt.timedelta(days=span)
        result = add_working_days(start, days, closed_days(site_id, start, end))
        if result <= end:
            return result
        span *= 2


def site_working_days_between(site_id: int, start: dt.date, end: dt.date) -> int:
    """working_days_between with the site's closed dates."""
    if end <= start:
        return 0
    return working_days_between(start, end, closed_days(site_id, start, end))
