"""Which days and hours a service can be booked: site hours, closed dates, counter schedules.

The day's hours of the site (catalog.hours) and of each counter are read from their own rules;
this module only combines them for one service.

What the rules read (the site's weekly hours and closed dates, the weekly hours of the
service's counters, its booking time windows) is kept per worker as plain values in a
`ServiceCalendar`, keyed by (site id, site.catalog_version, service id): booking and the ticket
status then cost no query for hours. catalog.versions moves catalog_version on with every
write to those tables, so an edit is seen by the first transaction that reads the new version
(never a stale answer once it is committed). Bounded: at most CALENDAR_MEMO_ENTRIES services
per worker (least recently used dropped), a few hundred bytes each.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, NamedTuple

from flask import current_app, has_app_context

from ..cache import Recent, app_recent
from ..catalog.hours import day_hours
from ..dates import wall_clock
from ..models import Service, Site

MEMO = "mpp_lite.calendar"
MEMO_ENTRIES = 4096  # default of CALENDAR_MEMO_ENTRIES


class Hours(NamedTuple):
    """One weekly opening interval (catalog.hours.Interval)."""
    weekday: int
    opens: dt.time
    closes: dt.time


class Slot(NamedTuple):
    """A booking time window of the service (models.ServiceWindow as plain values)."""
    id: int
    starts: dt.time
    ends: dt.time
    capacity: int


@dataclass(frozen=True)
class ServiceCalendar:
    site_hours: tuple[Hours, ...]
    holidays: Mapping[dt.date, str]
    counter_schedules: tuple[tuple[Hours, ...], ...]  # the counters that have a schedule
    counters: int                                      # every counter of the service
    windows: tuple[Slot, ...]                          # in order of their start


def _weekly(rows) -> tuple[Hours, ...]:
    return tuple(Hours(h.weekday, h.opens, h.closes) for h in rows)


def _build(site: Site, service: Service) -> ServiceCalendar:
    """Read the calendar from the ORM objects (lazy loads: only on a memo miss). A site or
    service given as plain values (queue/state.py SiteRef, ServiceRef) is loaded first."""
    from ..extensions import db
    from ..models import ServiceWindow

    if not isinstance(site, Site):
        site = db.session.get(Site, site.id)
    if not isinstance(service, Service):
        service = db.session.get(Service, service.id)

    windows = db.session.scalars(db.select(ServiceWindow).filter_by(service_id=service.id)
                                 .order_by(ServiceWindow.starts))
    holidays = {**_all_counters_closed(service), **site.holidays()}
    return ServiceCalendar(
        site_hours=_weekly(site.hours), holidays=holidays,
        counter_schedules=tuple(_weekly(c.schedule) for c in service.counters if c.schedule),
        counters=len(service.counters),
        windows=tuple(Slot(w.id, w.starts, w.ends, w.capacity) for w in windows))


def _all_counters_closed(service: Service) -> dict[dt.date, str]:
    """{day: reason} of the days a manager declared every counter of the service closed
    (queue/closures.py): the service is closed then, as on a holiday."""
    from ..extensions import db
    from ..models.moving import CounterClosure

    counters = {c.id for c in service.counters}
    if not counters:
        return {}
    closed: dict[dt.date, dict[int, str]] = {}
    for day, counter_id, reason in db.session.execute(
            db.select(CounterClosure.day, CounterClosure.counter_id, CounterClosure.reason)
            .where(CounterClosure.counter_id.in_(counters))):
        closed.setdefault(day, {})[counter_id] = reason
    return {day: "; ".join(sorted(set(reasons.values())))
            for day, reasons in closed.items() if set(reasons) >= counters}


def _memo() -> Recent | None:
    """The app's memo (one per app: a test's fresh database never sees another's hours)."""
    if not has_app_context():
        return None
    return app_recent(MEMO, int(current_app.config.get("CALENDAR_MEMO_ENTRIES", MEMO_ENTRIES)))


def calendar_of(site: Site, service: Service) -> ServiceCalendar:
    """The service's calendar at the site's catalogue version (memoised per worker)."""
    version = site.catalog_version
    memo = _memo() if site.id is not None and service.id is not None else None
    if memo is None or version is None:
        return _build(site, service)
    key = (site.id, version, service.id)
    found = memo.get(key)
    if found is None:
        found = _build(site, service)
        memo.put(key, found)
    return found


def _site_intervals(calendar: ServiceCalendar, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    return list(day_hours(day, calendar.site_hours, calendar.holidays).intervals)


def _counter_intervals(calendar: ServiceCalendar,
                       day: dt.date) -> list[tuple[dt.time, dt.time]] | None:
    """None when no counter of the service has a schedule (then the site's hours apply)."""
    if not calendar.counter_schedules:
        return None
    return [interval for weekly in calendar.counter_schedules
            for interval in day_hours(day, weekly, calendar.holidays).intervals]


def is_service_day(site: Site, service: Service, day: dt.date) -> bool:
    return _open_on(calendar_of(site, service), day)


def _open_on(calendar: ServiceCalendar, day: dt.date) -> bool:
    if not _site_intervals(calendar, day):
        return False
    counters = _counter_intervals(calendar, day)
    return counters is None or bool(counters)


def service_closes_at(site: Site, service: Service, day: dt.date) -> dt.time | None:
    """The last moment a ticket for that day can still be taken."""
    return _closes_at(calendar_of(site, service), day)


def _closes_at(calendar: ServiceCalendar, day: dt.date) -> dt.time | None:
    site_hours = _site_intervals(calendar, day)
    if not site_hours:
        return None
    closes = max(c for _o, c in site_hours)
    counters = _counter_intervals(calendar, day)
    if counters is not None:
        if not counters:
            return None
        closes = min(closes, max(c for _o, c in counters))
    return closes


def still_open_today(site: Site, service: Service, local: dt.datetime) -> bool:
    """Whether a ticket for the site's today can still be taken at `local` (site-local now):
    the booking form offers today only then, and booking refuses it otherwise."""
    closes = _closes_at(calendar_of(site, service), local.date())
    return closes is not None and wall_clock(local) < closes


def next_service_days(site: Site, service: Service, start: dt.date, count: int,
                      horizon: int = 60) -> list[dt.date]:
    calendar = calendar_of(site, service)
    days = []
    for offset in range(horizon):
        day = start + dt.timedelta(days=offset)
        if _open_on(calendar, day):
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
    calendar = calendar_of(site, service)
    site_hours = _merge(_site_intervals(calendar, day))
    counters = _counter_intervals(calendar, day)
    if counters is None:
        return site_hours
    return _merge([(max(so, co), min(sc, cc)) for so, sc in site_hours
                   for co, cc in _merge(counters) if max(so, co) < min(sc, cc)])


def planned_counters(service: Service, day: dt.date) -> int:
    """How many of the service's counters are meant to serve on `day` (by their schedules;
    every counter of the service when none has a schedule)."""
    calendar = calendar_of(service.site, service)
    if not calendar.counter_schedules:
        return calendar.counters
    return sum(1 for weekly in calendar.counter_schedules
               if any(h.weekday == day.isoweekday() for h in weekly))
