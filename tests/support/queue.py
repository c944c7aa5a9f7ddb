"""Queue records for tests, inside an app context: the queue catalogue's staff, counters and
services by name, and tickets booked directly through the booking rules."""
from __future__ import annotations

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
