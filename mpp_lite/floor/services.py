"""The managers' floor view (/kelola/lantai): every counter as it stands now, the waiting per
service, and today's tickets per channel, read from existing data only (no request access).

Everything is stated at one instant (`now`, from mpp_lite.dates), in the site's own time, with
the counters' hours as counters/services.py computes them. The number of statements is fixed,
whatever the number of counters: each part is one query for the whole site (no lazy loads in
loops); tests/test_floor.py counts them with 3 and 30 counters.

Rules the page states (and tests/test_floor.py proves):
- "Waiting now" are today's waiting tickets that could be called now: those with a booking
  window that has not started yet are counted apart ("booked for later"), as the calling rules
  call them only when nobody else waits.
- A ticket waits for a counter when the counter serves its service, unless it was transferred
  to another counter that is open (queue/calling.py `_waiting_here`, repeated in Python here so
  one query serves every counter).
- A counter is flagged "idle" when it is open, inside its hours now, has no ticket called or
  being served, and tickets wait for it now; "closed in its hours" when its status is closed
  while it is inside its scheduled hours now.
- A counter's officer is the staff member who last acted at it today (a ticket called, served,
  finished … there, or its status changed), with when: the app records no sign-in per counter,
  so the page says "last activity", never "at the counter now".
- A ticket's wait counts from the visitor's arrival: the check-in when there is one, else the
  later of the ticket's creation and the moment it could first be served (its window's start,
  or the site's opening time today), as the dashboard counts it (admin/stats.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from .. import dates
from ..admin.stats import service_start
from ..catalog.services import site_hours
from ..counters.services import CounterToday, counters_today
from ..dates import as_utc
from ..extensions import db
from ..models import (
    CHANNELS, Counter, CounterStatusChange, Service, ServiceWindow, Site, StaffUser, Ticket,
    TicketEvent, format_number, service_counter,
)

ON_COUNTER = ("called", "serving")


@dataclass(frozen=True)
class Activity:
    """The last thing a staff member did at a counter today."""
    name: str
    at: dt.datetime  # site-local


@dataclass(frozen=True)
class CounterFloor:
    today: CounterToday
    ticket: str | None                  # the number called to or served at it now
    ticket_status: str | None           # "called" or "serving"
    ticket_since: dt.datetime | None    # site-local: when called, or when service started
    waiting: int                        # tickets waiting for it now
    officer: Activity | None

    @property
    def counter(self) -> Counter:
        return self.today.counter

    @property
    def idle_with_waiting(self) -> bool:
        return (self.today.status == "open" and self.today.in_hours_now
                and self.ticket is None and self.waiting > 0)

    @property
    def closed_in_hours(self) -> bool:
        return self.today.status == "closed" and self.today.in_hours_now


@dataclass
class ServiceWaiting:
    service_id: int
    name: str
    prefix: str
    waiting: int = 0                    # callable now
    later: int = 0                      # booked for a window that has not started
    longest: dt.timedelta | None = None  # the longest wait among those callable now


@dataclass(frozen=True)
class FloorView:
    site: Site
    local_now: dt.datetime
    open_now: bool
    holiday: str
    counters: list[CounterFloor]
    services: list[ServiceWaiting]
    channels: list[tuple[str, int]]     # (channel, tickets today), every known channel

    @property
    def waiting_total(self) -> int:
        return sum(s.waiting for s in self.services)

    @property
    def later_total(self) -> int:
        return sum(s.later for s in self.services)

    @property
    def tickets_today(self) -> int:
        return sum(count for _channel, count in self.channels)

    @property
    def open_counters(self) -> int:
        return sum(1 for c in self.counters if c.today.status == "open")

    @property
    def alerts(self) -> int:
        return sum(1 for c in self.counters if c.idle_with_waiting or c.closed_in_hours)


def _local(value: dt.datetime | None, zone: ZoneInfo) -> dt.datetime | None:
    value = as_utc(value)
    return value.astimezone(zone) if value is not None else None


def _day_start(site: Site, day: dt.date) -> dt.datetime:
    """The first instant of the site-local day, in UTC."""
    return dt.datetime.combine(day, dt.time(0), ZoneInfo(site.timezone)).astimezone(
        dt.timezone.utc)


def _current_tickets(site: Site, today: dt.date) -> dict[int, Ticket]:
    """Counter id → the ticket called to or served at it now (the latest call wins)."""
    rows = db.session.execute(
        sa.select(Ticket.counter_id, Ticket.prefix, Ticket.sequence, Ticket.status,
                  Ticket.called_at, Ticket.served_at, Ticket.id)
        .where(Ticket.site_id == site.id, Ticket.day == today,
               Ticket.status.in_(ON_COUNTER), Ticket.counter_id.is_not(None))
        .order_by(Ticket.called_at, Ticket.id)).all()
    return {row.counter_id: row for row in rows}  # later rows (later calls) replace earlier


def _officers(site: Site, today: dt.date, zone: ZoneInfo) -> dict[int, Activity]:
    """Counter id → the staff member who last acted at it today (two queries in all)."""
    found: dict[int, Activity] = {}

    def keep(counter_id: int, name: str | None, username: str | None,
             at: dt.datetime | None) -> None:
        local = _local(at, zone)
        if local is None or not (name or username):
            return
        if counter_id not in found or local > found[counter_id].at:
            found[counter_id] = Activity(name or username or "", local)

    last_event = (sa.select(TicketEvent.counter_id, sa.func.max(TicketEvent.id).label("last"))
                  .join(Ticket, Ticket.id == TicketEvent.ticket_id)
                  .where(Ticket.site_id == site.id, Ticket.day == today,
                         TicketEvent.counter_id.is_not(None),
                         TicketEvent.staff_id.is_not(None))
                  .group_by(TicketEvent.counter_id).subquery())
    for row in db.session.execute(
            sa.select(TicketEvent.counter_id, StaffUser.display_name, StaffUser.username,
                      TicketEvent.at)
            .join(last_event, last_event.c.last == TicketEvent.id)
            .join(StaffUser, StaffUser.id == TicketEvent.staff_id)):
        keep(*row)
    last_change = (sa.select(CounterStatusChange.counter_id,
                             sa.func.max(CounterStatusChange.id).label("last"))
                   .join(Counter, Counter.id == CounterStatusChange.counter_id)
                   .where(Counter.site_id == site.id,
                          CounterStatusChange.at >= _day_start(site, today),
                          CounterStatusChange.staff_id.is_not(None))
                   .group_by(CounterStatusChange.counter_id).subquery())
    for row in db.session.execute(
            sa.select(CounterStatusChange.counter_id, StaffUser.display_name,
                      StaffUser.username, CounterStatusChange.at)
            .join(last_change, last_change.c.last == CounterStatusChange.id)
            .join(StaffUser, StaffUser.id == CounterStatusChange.staff_id)):
        keep(*row)
    return found


def floor_view(site: Site, now: dt.datetime | None = None) -> FloorView:
    """The floor of `site` at `now` (default: the app's clock), site-local."""
    now = now or dates.now()
    zone = ZoneInfo(site.timezone)
    here = dates.site_now(site, now)
    today, clock = here.date(), dates.wall_clock(here)
    hours = site_hours(site, now)
    rows = counters_today(site, now)
    current = _current_tickets(site, today)
    officers = _officers(site, today, zone)

    serves: dict[int, set[int]] = {}  # service id → the counters serving it
    for service_id, counter_id in db.session.execute(
            sa.select(service_counter.c.service_id, service_counter.c.counter_id)
            .join(Counter, Counter.id == service_counter.c.counter_id)
            .where(Counter.site_id == site.id)):
        serves.setdefault(service_id, set()).add(counter_id)
    open_ids = {row.counter.id for row in rows if row.status == "open"}

    opening = [o for o, _c in hours.today.intervals]
    waiting_for: dict[int, int] = {}
    by_service: dict[int, ServiceWaiting] = {}
    waiting = db.session.execute(
        sa.select(Ticket.service_id, Ticket.counter_id, Ticket.created_at,
                  Ticket.checked_in_at, ServiceWindow.starts, Service.name,
                  Service.queue_prefix, Service.translations)
        .join(Service, Service.id == Ticket.service_id)
        .outerjoin(ServiceWindow, ServiceWindow.id == Ticket.window_id)
        .where(Ticket.site_id == site.id, Ticket.day == today, Ticket.status == "waiting")
        .order_by(Ticket.id)).all()
    for service_id, counter_id, created, checked_in, starts, name, prefix, translations \
            in waiting:
        entry = by_service.get(service_id)
        if entry is None:
            entry = by_service[service_id] = ServiceWaiting(
                service_id, _translated(name, translations), prefix or "")
        if starts is not None and starts > clock and checked_in is None:
            entry.later += 1
            continue
        entry.waiting += 1
        arrival = as_utc(checked_in)
        if arrival is None:
            earliest = service_start(today, site.timezone, starts, opening)
            arrival = as_utc(created)
            if earliest is not None and (arrival is None or earliest > arrival):
                arrival = earliest
        if arrival is not None:
            wait = max(dt.timedelta(0), now - arrival)
            if entry.longest is None or wait > entry.longest:
                entry.longest = wait
        if counter_id is not None and counter_id in open_ids:
            targets = {counter_id}  # transferred to an open counter: only that one calls it
        else:
            targets = serves.get(service_id, set())
        for target in targets:
            waiting_for[target] = waiting_for.get(target, 0) + 1

    counts = dict(db.session.execute(
        sa.select(Ticket.channel, sa.func.count())
        .where(Ticket.site_id == site.id, Ticket.day == today)
        .group_by(Ticket.channel)).all())
    channels = [(c, int(counts.get(c, 0))) for c in CHANNELS]
    channels += [(c, int(n)) for c, n in sorted(counts.items()) if c not in CHANNELS]

    counters = []
    for row in rows:
        ticket = current.get(row.counter.id)
        since = None
        if ticket is not None:
            moment = ticket.served_at if ticket.status == "serving" else ticket.called_at
            since = _local(moment or ticket.called_at, zone)
        counters.append(CounterFloor(
            today=row,
            ticket=format_number(ticket.prefix, ticket.sequence) if ticket is not None else None,
            ticket_status=ticket.status if ticket is not None else None,
            ticket_since=since, waiting=waiting_for.get(row.counter.id, 0),
            officer=officers.get(row.counter.id)))
    services = sorted(by_service.values(),
                      key=lambda s: (-(s.longest or dt.timedelta(0)), -s.waiting, s.name))
    return FloorView(site=site, local_now=here, open_now=hours.open_now,
                     holiday=hours.today.closed_reason, counters=counters,
                     services=services, channels=channels)


def _translated(name: str, translations: dict | None) -> str:
    """A service's name in the current language (Translatable.tr without loading the row)."""
    from ..i18n import current_language

    value = ((translations or {}).get(current_language()) or {}).get("name")
    return value or name
