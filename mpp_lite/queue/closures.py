"""Declared closures: a manager says the whole MPP, or one counter, is closed on a day.

- The whole MPP: a ClosedDate (the holidays table, catalog/editing.add_closed_date, audited),
  so booking refuses the day as it refuses a holiday.
- One counter: a CounterClosure. A service is closed that day when every counter serving it
  is (queue/calendar.py reads these rows), so booking refuses it; a service still served by
  another counter stays open and its tickets stay.
Then every waiting ticket of that day for the services now closed is moved at once (not
merely offered) to the next service day with room, with a new number, by queue/moving.py
(kind "closure"): the holder sees the move and the reason on the ticket page and hears of it
through the notification channels they follow; they may move it again or cancel it. A ticket
for which no day within the booking horizon has room is cancelled with the reason.
Flushes only; the caller commits (the declaration and all its moves are one transaction).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..admin import audit
from ..extensions import db
from ..models import Counter, Service, Site, StaffUser, Ticket
from ..models.moving import CounterClosure
from ..staff.services import EditError
from .booking import BookingError
from .calendar import calendar_of
from .moving import MoveError, move_ticket, next_day_with_room
from .tickets import transition

MAX_REASON = 200
NOTE_PREFIX = "penutupan: "  # the note of a ticket moved or cancelled by a closure


class ClosureError(ValueError):
    def __init__(self, field_name: str, message: object):
        super().__init__(str(message))
        self.field, self.message = field_name, message


@dataclass
class Outcome:
    moved: list[tuple[Ticket, str, str]] = field(default_factory=list)  # ticket, old, new number
    cancelled: list[Ticket] = field(default_factory=list)


def closed_services(site: Site, day: dt.date, counter: Counter | None) -> list[Service]:
    """The services a closure of `counter` (None: the whole MPP) on `day` leaves with no
    counter at all."""
    services = list(db.session.scalars(sa.select(Service).where(Service.site_id == site.id)))
    if counter is None:
        return services
    closed = set(db.session.scalars(sa.select(CounterClosure.counter_id).where(
        CounterClosure.site_id == site.id, CounterClosure.day == day))) | {counter.id}
    return [s for s in services if s.counters and {c.id for c in s.counters} <= closed]


def affected_tickets(site: Site, day: dt.date, counter: Counter | None) -> list[Ticket]:
    services = [s.id for s in closed_services(site, day, counter)]
    if not services:
        return []
    return list(db.session.scalars(sa.select(Ticket).where(
        Ticket.site_id == site.id, Ticket.day == day, Ticket.status == "waiting",
        Ticket.service_id.in_(services))
        # Queue by queue (the order visits take their queues' locks in, visits/booking.py:
        # never a circle), and within a queue by number (the first come keep the first days).
        .order_by(Ticket.prefix, Ticket.sequence, Ticket.id)))


def _validate(site: Site, day: dt.date | None, counter: Counter | None, reason: str,
              today: dt.date) -> str:
    reason = " ".join((reason or "").split())
    if day is None:
        raise ClosureError("day", _l("Isi tanggal (format YYYY-MM-DD)."))
    if day < today:
        raise ClosureError("day", _l("Tanggal sudah lewat."))
    if not reason:
        raise ClosureError("reason", _l("Tulis alasan penutupan. Warga melihatnya."))
    if len(reason) > MAX_REASON:
        raise ClosureError("reason", _l("Alasan terlalu panjang (maksimal %(max)s karakter).",
                                        max=MAX_REASON))
    if counter is not None and counter.site_id != site.id:
        raise ClosureError("counter", _l("Gerai tidak dikenal."))
    if counter is None and day in site.holidays():
        raise ClosureError("day", _l("MPP sudah tercatat tutup pada tanggal ini."))
    if counter is not None and db.session.scalar(sa.select(CounterClosure.id).where(
            CounterClosure.counter_id == counter.id, CounterClosure.day == day)):
        raise ClosureError("day", _l("Gerai ini sudah tercatat tutup pada tanggal ini."))
    return reason


def declare(staff: StaffUser, site: Site, day: dt.date | None, counter: Counter | None,
            reason: str, *, horizon_days: int, today: dt.date) -> Outcome:
    """Record the closure and move the day's tickets of the services it closes."""
    reason = _validate(site, day, counter, reason, today)
    assert day is not None
    if counter is None:
        from ..catalog import editing

        try:
            editing.add_closed_date(staff, site, day, reason)
        except EditError as error:
            first = next(iter(error.errors.values()), [""])
            raise ClosureError("day", first[0]) from None
    else:
        row = CounterClosure(site_id=site.id, counter_id=counter.id, day=day, reason=reason,
                             declared_by_id=staff.id)
        db.session.add(row)
        db.session.flush()
        audit.record(staff, site.id, "counter", counter.id, "update",
                     f"Gerai {counter.label} ditutup {day.isoformat()}: {reason}", None,
                     {"closed_day": day.isoformat(), "reason": reason})
    db.session.flush()
    db.session.expire(site)
    return move_affected(staff, site, day, counter, reason, horizon_days=horizon_days)


def move_affected(staff: StaffUser, site: Site, day: dt.date, counter: Counter | None,
                  reason: str, *, horizon_days: int) -> Outcome:
    outcome = Outcome()
    note = f"{NOTE_PREFIX}{reason}"
    for ticket in affected_tickets(site, day, counter):
        old = ticket.number
        target = _place(ticket, day, staff, note, horizon_days)
        if target is not None:
            outcome.moved.append((ticket, old, target))
        elif transition(ticket, ("waiting",), "cancelled", staff, note=note):
            from ..notify.events import ticket_event

            ticket_event(ticket, "ticket.cancelled", "closure")
            outcome.cancelled.append(ticket)
    db.session.flush()
    return outcome


def _place(ticket: Ticket, closed_day: dt.date, staff: StaffUser, note: str,
           horizon_days: int) -> str | None:
    """Move the ticket to the first later day with room (its own time window there when it
    has room, else the next window that has); the new number, or None."""
    after = closed_day
    for _attempt in range(horizon_days + 1):
        day = next_day_with_room(ticket, after, horizon_days=horizon_days)
        if day is None:
            return None
        windows = [w.id for w in calendar_of(ticket.site, ticket.service).windows]
        choices = ([ticket.window_id] if ticket.window_id in windows else []) + \
            [w for w in windows if w != ticket.window_id] or [None]
        for window_id in choices:
            try:
                move = move_ticket(ticket, day, window_id, kind="closure", staff=staff,
                                   reason=note, horizon_days=horizon_days)
            except (MoveError, BookingError):
                continue
            return move.to_number
        after = day
    return None


def upcoming(site: Site, today: dt.date) -> list[tuple[dt.date, str, str]]:
    """(day, counter label or "", reason) of the closures from today on, by day."""
    rows = [(c.date, "", c.reason) for c in site.closed_dates if c.date >= today]
    rows += [(c.day, c.counter.label, c.reason) for c in db.session.scalars(
        sa.select(CounterClosure).where(CounterClosure.site_id == site.id,
                                        CounterClosure.day >= today))]
    return sorted(rows)


def closure_reason(site: Site, service: Service, day: dt.date) -> str | None:
    """Why the service is closed on `day` (a holiday or a declared closure), if it is:
    for refusals that name the reason."""
    return calendar_of(site, service).holidays.get(day)
