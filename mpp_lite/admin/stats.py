"""Figures of the managers' dashboard. The arithmetic (wait and service times from a ticket's
events) is pure; `dashboard()` reads one site's day from the database.

Wait: from the moment the visitor is at the MPP (the check-in event when there is one before
the first call, else the later of the ticket's creation and the moment the ticket could first
be served: its booking window's start, or the site's opening time that day) to the first call.
A ticket booked yesterday for this morning thus counts from opening, not from yesterday.
Service time: from the first
"serving" event to the "done" event that follows it.

The floor now (`floor_now`): whether the MPP is open at the moment the page is read, in the
site's own time (from the site's hours and closed dates, catalog/hours.py), and which counters
scheduled now (their own schedule, counters/services.py) are closed or on a break.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..dates import as_utc
from ..dates import now as dates_now

CHECK_IN_NOTE = "check-in"


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    from_status: str | None
    to_status: str
    note: str = ""


def wait_seconds(events: Sequence[Event], earliest: dt.datetime | None = None) -> float | None:
    """Seconds from arrival to the first call; None if not called. Arrival is the check-in,
    else the later of creation and `earliest` (window start or opening time that day)."""
    created = next((e.at for e in events if e.from_status is None), None)
    called = next((e.at for e in events if e.to_status == "called"), None)
    if called is None:
        return None
    checked_in = next((e.at for e in events if e.note == CHECK_IN_NOTE
                       and as_utc(e.at) <= as_utc(called)), None)
    start = checked_in or created
    if checked_in is None and created is not None and earliest is not None:
        start = max(as_utc(created), as_utc(earliest))
    if start is None:
        return None
    return max(0.0, (as_utc(called) - as_utc(start)).total_seconds())


def service_seconds(events: Sequence[Event]) -> float | None:
    """Seconds from the first "serving" to the following "done"; None if not finished."""
    started = None
    for event in events:
        if event.to_status == "serving" and started is None:
            started = event.at
        elif event.to_status == "done" and started is not None:
            return max(0.0, (as_utc(event.at) - as_utc(started)).total_seconds())
    return None


@dataclass(frozen=True)
class Average:
    seconds: float | None
    tickets: int

    @property
    def minutes(self) -> float | None:
        return None if self.seconds is None else self.seconds / 60


def average(values: Iterable[float | None]) -> Average:
    known = [v for v in values if v is not None]
    return Average(sum(known) / len(known) if known else None, len(known))


def ticket_averages(events_by_ticket: dict[Any, Sequence[Event]],
                    earliest: dict[Any, dt.datetime | None] | None = None
                    ) -> tuple[Average, Average]:
    """(average wait, average service time) over the tickets that have each; `earliest`
    gives each ticket's first possible service moment (see `wait_seconds`)."""
    earliest = earliest or {}
    histories = {key: sorted(evs, key=lambda e: as_utc(e.at))
                 for key, evs in events_by_ticket.items()}
    return (average(wait_seconds(h, earliest.get(key)) for key, h in histories.items()),
            average(service_seconds(h) for h in histories.values()))


def service_start(day: dt.date, timezone: str, window_starts: dt.time | None,
                  opening_times: Iterable[dt.time]) -> dt.datetime | None:
    """The first moment a ticket of `day` could be served (UTC): its window's start, else the
    site's earliest opening time that day; None when neither is known."""
    from zoneinfo import ZoneInfo

    start = window_starts if window_starts is not None else min(opening_times, default=None)
    if start is None:
        return None
    return dt.datetime.combine(day, start, ZoneInfo(timezone)).astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class FloorNow:
    """The MPP at one moment, site-local: open or not, when it next opens, and the counters
    that should be open now (in their own scheduled hours) but are closed or on a break."""
    local_now: dt.datetime
    open_now: bool
    next_open: dt.datetime | None      # site-local; None when open now or nothing in 2 weeks
    holiday: str                       # today's closed-date reason ("" if none)
    scheduled_now: int                 # counters inside their scheduled hours now
    closed: tuple[Any, ...] = ()       # CounterToday rows, status "closed"
    on_break: tuple[Any, ...] = ()     # CounterToday rows, status "break"

    @property
    def opens_later_today(self) -> bool:
        return self.next_open is not None and self.next_open.date() == self.local_now.date()

    @property
    def all_open(self) -> bool:
        """True only when the MPP is open and every counter scheduled now is open."""
        return (self.open_now and self.scheduled_now > 0
                and not self.closed and not self.on_break)


def floor_now(hours: Any, counters: Iterable[Any]) -> FloorNow:
    """`hours`: the site's HoursNow (catalog.services.site_hours); `counters`: CounterToday
    rows (counters.services.counters_today) of the same moment."""
    in_hours = [row for row in counters if row.in_hours_now]
    return FloorNow(
        local_now=hours.local_now, open_now=hours.open_now,
        next_open=None if hours.open_now else hours.next_open,
        holiday=hours.today.closed_reason, scheduled_now=len(in_hours),
        closed=tuple(row for row in in_hours if row.status == "closed"),
        on_break=tuple(row for row in in_hours if row.status == "break"))


# --- the database part -----------------------------------------------------------------------

@dataclass
class ServiceRow:
    name: str
    total: int
    waiting: int
    done: int


@dataclass
class Dashboard:
    today: dt.date
    services: list[ServiceRow]
    tickets_total: int
    waiting_now: int
    average_wait: Average
    average_service: Average
    ikm: Any
    month_start: dt.date
    complaints_open: int
    complaints_overdue: int
    floor: FloorNow
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def counters_closed(self) -> list[Any]:
        """Counters closed within their own hours now."""
        return [row.counter for row in self.floor.closed]

    @property
    def counters_break(self) -> list[Any]:
        """Counters on a break within their own hours now."""
        return [row.counter for row in self.floor.on_break]


def dashboard(site: Any, now: dt.datetime | None = None) -> Dashboard:
    import sqlalchemy as sa

    from ..catalog.services import site_hours
    from ..counters.services import counters_today
    from ..dates import site_today
    from ..extensions import db
    from ..feedback.ikm import site_ikm
    from ..models import Complaint, Service, ServiceWindow, Ticket, TicketEvent

    now = now or dates_now()  # one clock for the day and for "closed now"
    today = site_today(site, now)
    rows = db.session.execute(
        sa.select(Service.name, Ticket.status, sa.func.count())
        .join(Service, Service.id == Ticket.service_id)
        .where(Ticket.site_id == site.id, Ticket.day == today)
        .group_by(Service.name, Ticket.status)).all()
    by_service: dict[str, ServiceRow] = {}
    for name, status, count in rows:
        row = by_service.setdefault(name, ServiceRow(name, 0, 0, 0))
        row.total += count
        if status == "waiting":
            row.waiting += count
        elif status == "done":
            row.done += count
    services = sorted(by_service.values(), key=lambda r: (-r.total, r.name))

    events: dict[int, list[Event]] = {}
    for ticket_id, at, from_status, to_status, note in db.session.execute(
            sa.select(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.from_status,
                      TicketEvent.to_status, TicketEvent.note)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(Ticket.site_id == site.id, Ticket.day == today)
            .order_by(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.id)):
        events.setdefault(ticket_id, []).append(Event(at, from_status, to_status, note or ""))
    opening = [h.opens for h in site.hours if h.weekday == today.isoweekday()]
    earliest = {
        ticket_id: service_start(today, site.timezone, starts, opening)
        for ticket_id, starts in db.session.execute(
            sa.select(Ticket.id, ServiceWindow.starts)
            .outerjoin(ServiceWindow, ServiceWindow.id == Ticket.window_id)
            .where(Ticket.site_id == site.id, Ticket.day == today))}
    wait, service_time = ticket_averages(events, earliest)

    # "Closed now" only counts counters that should be open now (in today's scheduled hours):
    # a counter closed after hours or on a day it is not scheduled is not news.
    floor = floor_now(site_hours(site, now), counters_today(site, now))
    month_start = today.replace(day=1)
    from ..feedback.services import OPEN_STATUSES, overdue_clause

    open_filter = (Complaint.site_id == site.id, Complaint.status.in_(OPEN_STATUSES))
    complaints_open = db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)
                                        .where(*open_filter)) or 0
    complaints_overdue = db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)
                                           .where(*open_filter, overdue_clause(today))) or 0
    return Dashboard(
        today=today, services=services, tickets_total=sum(r.total for r in services),
        waiting_now=sum(r.waiting for r in services), average_wait=wait,
        average_service=service_time,
        ikm=site_ikm(site.id, month_start, today), month_start=month_start,
        complaints_open=complaints_open, complaints_overdue=complaints_overdue,
        floor=floor,
    )
