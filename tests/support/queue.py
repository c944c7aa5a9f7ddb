"""Queue records for tests, inside an app context: the queue catalogue's staff, counters and
services by name, and tickets booked directly through the booking rules."""
from __future__ import annotations

import contextlib
import datetime as dt
import uuid

import sqlalchemy as sa

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import Counter, Service, ServiceWindow, Site, StaffUser, Ticket
from mpp_lite.queue.booking import BookingRequest, issue_ticket

# Tuesday 24 November 2026, 10.00 WITA (Maros): inside site, counter and window hours.
NOW = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc)


def staff(username: str) -> StaffUser:
    return db.session.scalar(sa.select(StaffUser).filter_by(username=username))


def counter(label: str, site: str = "maros") -> Counter:
    return db.session.scalar(sa.select(Counter).join(Site).where(
        Site.slug == site, Counter.label == label))


def service(slug: str, site: str = "maros") -> Service:
    return db.session.scalar(sa.select(Service).join(Site).where(
        Site.slug == site, Service.slug == slug))


def book(slug: str = "ktp-el-baru", *, priority: str | None = None, window: str | None = None,
         now: dt.datetime = NOW, day: dt.date | None = None, site: str = "maros",
         name: str = "Warga") -> Ticket:
    """A new ticket for `slug`, booked at `now` (default NOW) for `day` (default that day)."""
    svc = service(slug, site)
    window_id = None
    if window:
        window_id = db.session.scalar(sa.select(ServiceWindow.id).where(
            ServiceWindow.service_id == svc.id,
            ServiceWindow.starts == dt.time.fromisoformat(window)))
    local = local_now(svc.site.timezone, now)
    ticket, created = issue_ticket(BookingRequest(
        site=svc.site, service=svc, day=day or local.date(), name=name,
        idempotency_key=uuid.uuid4().hex, priority=priority, window_id=window_id, now=now),
        secret="test")
    assert created
    return ticket


def new_ticket(app, status: str = "done", slug: str = "ktp-el-baru", site: str = "maros") -> str:
    """A ticket booked and set to `status`; its code."""
    with app.app_context():
        ticket = book(slug, site=site)
        ticket.status = status
        db.session.commit()
        return ticket.code


def _set_hours(site, service, site_hours, counter_hours, closed) -> None:
    from mpp_lite.models import ClosedDate, CounterHours, SiteHours

    site.hours.clear()
    for weekday, opens, closes in site_hours:
        site.hours.append(SiteHours(weekday=weekday, opens=opens, closes=closes))
    for counter in service.counters:
        counter.schedule.clear()
        for weekday, opens, closes in counter_hours.get(counter.id, []):
            counter.schedule.append(CounterHours(weekday=weekday, opens=opens, closes=closes))
    today = local_now(site.timezone).date()
    for entry in [c for c in site.closed_dates if c.date == today]:
        site.closed_dates.remove(entry)
    db.session.flush()
    for day, reason in closed:
        site.closed_dates.append(ClosedDate(date=day, reason=reason))


@contextlib.contextmanager
def open_all_day(app, service_slug: str, site_slug: str = "maros"):
    """While inside: the site and the service's counters open 00.00–23.59 every day, with
    today's closure lifted (skips the test in the last minutes before the site's midnight).
    Yields (site id, service id); the hours and closure are put back afterwards."""
    import pytest

    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug=site_slug))
        if local_now(site.timezone).time() >= dt.time(23, 58):
            pytest.skip("too close to the site's midnight for a ticket of 'today'")
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug=service_slug))
        today = local_now(site.timezone).date()
        saved_site = [(h.weekday, h.opens, h.closes) for h in site.hours]
        saved_counters = {c.id: [(h.weekday, h.opens, h.closes) for h in c.schedule]
                          for c in service.counters}
        closed = [(c.date, c.reason) for c in site.closed_dates if c.date == today]
        all_day = [(d, dt.time(0, 0), dt.time(23, 59)) for d in range(1, 8)]
        _set_hours(site, service, all_day, {cid: all_day for cid in saved_counters}, [])
        db.session.commit()
        ids = site.id, service.id
    try:
        yield ids
    finally:
        with app.app_context():
            _set_hours(db.session.get(Site, ids[0]), db.session.get(Service, ids[1]),
                       saved_site, saved_counters, closed)
            db.session.commit()
