"""Which days and hours a service can be booked: site hours, closed dates, counter schedules.

The day's hours of the site (catalog.hours) and of each counter (counters.services) are read
from their own rules; this module only combines them for one service.
"""
from __future__ import annotations

import datetime as dt

from ..catalog.hours import day_hours
from ..dates import wall_clock
from ..counters.services import counter_day
from ..models import Service, Site


def _site_intervals(site: Site, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    return list(day_hours(day, site.hours, site.holidays()).intervals)


def _counter_intervals(service: Service, day: dt.date) -> list[tuple[dt.time, dt.time]] | None:
    """None when no counter of the service has a schedule (then the site's hours apply)."""
    scheduled = [c for c in service.counters if c.schedule]
    if not scheduled:
        return None
    return [interval for c in scheduled for interval in counter_day(c, service.site, day)[0]]


def is_service_day(site: Site, service: Service, day: dt.date) -> bool:
    if not _site_intervals(site, day):
        return False
    counters = _counter_intervals(service, day)
    return counters is None or bool(counters)


def service_closes_at(site: Site, service: Service, day: dt.date) -> dt.time | None:
    """The last moment a ticket for that day can still be taken."""
    site_hours = _site_intervals(site, day)
    if not site_hours:
        return None
    closes = max(c for _o, c in site_hours)
    counters = _counter_intervals(service, day)
    if counters is not None:
        if not counters:
            return None
        closes = min(closes, max(c for _o, c in counters))
    return closes


def still_open_today(site: Site, service: Service, local: dt.datetime) -> bool:
    """Whether a ticket for the site's today can still be taken at `local` (site-local now):
    the booking form offers today only then, and booking refuses it otherwise."""
    closes = service_closes_at(site, service, local.date())
    return closes is not None and wall_clock(local) < closes


def next_service_days(site: Site, service: Service, start: dt.date, count: int,
                      horizon: int = 60) -> list[dt.date]:
    days = []
    for offset in range(horizon):
        day = start + dt.timedelta(days=offset)
        if is_service_day(site, service, day):
            days.append(day)
            if len(days) == count:
                break
    return days


def _merge(intervals: list[tuple[dt.time, dt.time]]) -> list[tuple[dt.time, dt.time]]:
    merged: list[tuple[dt.time, dt.time]] = []
    for opens, closes in sorted(intervals):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def service_intervals(site: Site, service: Service, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    """When the service is actually served on `day`: the site's hours, narrowed to its
    counters' schedules where they have one. Empty on a closed day."""
    site_hours = _merge(_site_intervals(site, day))
    counters = _counter_intervals(service, day)
    if counters is None:
        return site_hours
    return _merge([(max(so, co), min(sc, cc)) for so, sc in site_hours
                   for co, cc in _merge(counters) if max(so, co) < min(sc, cc)])


def planned_counters(service: Service, day: dt.date) -> int:
    """How many of the service's counters are meant to serve on `day` (by their schedules;
    every counter of the service when none has a schedule)."""
    scheduled = [c for c in service.counters if c.schedule]
    if not scheduled:
        return len(service.counters)
    return sum(1 for c in scheduled if any(h.weekday == day.isoweekday() for h in c.schedule))
