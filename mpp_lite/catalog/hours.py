"""Opening hours in the site's own time zone (pure: no Flask, no database; the clock and local
time come from mpp_lite.dates).

A "day" is always the site's local day: 00:30 WITA on Tuesday is Tuesday in Maros even though
it is still Monday in UTC and in Jakarta.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Protocol

from .. import dates


class Interval(Protocol):
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class DayHours:
    date: dt.date
    intervals: tuple[tuple[dt.time, dt.time], ...]  # empty when closed
    closed_reason: str = ""                          # a holiday's name

    @property
    def is_open_day(self) -> bool:
        return bool(self.intervals)


@dataclass(frozen=True)
class HoursNow:
    local_now: dt.datetime
    today: DayHours
    open_now: bool
    next_open: dt.datetime | None  # when it next opens, if closed now (within two weeks)


def day_hours(date: dt.date, weekly: Iterable[Interval],
              closed: dict[dt.date, str]) -> DayHours:
    if date in closed:
        return DayHours(date, (), closed[date] or "")
    intervals = tuple(sorted((h.opens, h.closes) for h in weekly if h.weekday == date.isoweekday()))
    return DayHours(date, intervals)


def hours_now(timezone: str, weekly: Iterable[Interval], closed: dict[dt.date, str],
              now: dt.datetime | None = None) -> HoursNow:
    weekly = list(weekly)
    here = dates.local_now(timezone, now)
    today = day_hours(here.date(), weekly, closed)
    clock = dates.wall_clock(here)
    open_now = any(opens <= clock < closes for opens, closes in today.intervals)
    next_open = None
    if not open_now:
        for offset in range(0, 15):
            day = day_hours(here.date() + dt.timedelta(days=offset), weekly, closed)
            starts = [o for o, _c in day.intervals if offset > 0 or o > clock]
            if starts:
                next_open = dt.datetime.combine(day.date, starts[0], tzinfo=here.tzinfo)
                break
    return HoursNow(here, today, open_now, next_open)


def next_change(timezone: str, times: Iterable[dt.time], now: dt.datetime) -> dt.datetime:
    """The next instant (UTC) at which a page stating hours "now" and "today" may turn false:
    the next of `times` (openings and closings of today, site-local wall times) still ahead,
    else the site's next local midnight (a new day: other hours, "today" labels)."""
    here = dates.local_now(timezone, now)
    clock = dates.wall_clock(here)
    midnight = dt.datetime.combine(here.date() + dt.timedelta(days=1), dt.time(0),
                                   tzinfo=here.tzinfo)
    ahead = [dt.datetime.combine(here.date(), t, tzinfo=here.tzinfo) for t in times if t > clock]
    return min([midnight, *ahead]).astimezone(dt.timezone.utc)
