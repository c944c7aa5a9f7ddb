"""Moving a waiting ticket to another day or time window (rescheduling), and putting an
absent ticket back at the end of the line within its grace time.

A moved ticket keeps its row and its code, so the link and QR code its holder has stay valid;
it gets a new number from the target day's queue, taken under booking's own lock (the upsert
of the day's QueueSequence row, queue/booking.py), and under that lock one conditional UPDATE
re-checks what booking checks (the daily quota, the window's capacity, one active ticket per
person) against the committed tickets, and that the ticket still waits. So a move and a
booking, or two moves, racing for the last slot: one wins. When the UPDATE changes nothing, the
number just taken is handed back (still under the lock), so numbers stay gap-free.
The old day's slot is free once the move commits: the ticket no longer counts there.
Each move is a TicketMove row (from which day and number to which) and a TicketEvent.
Functions flush only; the caller commits (several moves of a declared closure are one
transaction).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import dates
from ..extensions import db
from ..models import ACTIVE_STATUSES, QueueSequence, Service, StaffUser, Ticket, TicketEvent
from ..models.moving import TicketMove
from .booking import (  # booking's own checks and lock, private names kept for this module
    COUNTED_STATUSES, BookingError, BookingRequest, _check_day, _increment_sequence, _window,
)
from .calendar import next_service_days


class MoveError(Exception):
    """A refusal the citizen or officer can act on; `field` names the form field at fault."""

    def __init__(self, code: str, message: object, field: str = ""):
        super().__init__(str(message))
        self.code, self.message, self.field = code, message, field


MESSAGES = {
    "not_waiting": _l("Hanya tiket yang masih menunggu yang bisa dipindah."),
    "same_slot": _l("Tiket sudah pada tanggal dan jam itu. Pilih tanggal atau jam lain."),
    "quota_full": _l("Kuota layanan ini untuk tanggal tersebut sudah penuh. Pilih tanggal "
                     "lain."),
    "window_full": _l("Jam kedatangan itu sudah penuh. Pilih jam lain."),
    "duplicate_person": _l("Anda sudah punya tiket aktif untuk layanan ini pada tanggal "
                           "tersebut."),
}
REFUSAL_FIELDS = {"quota_full": "day", "window_full": "window", "duplicate_person": "day"}


def _refusals(ticket: Ticket, day: dt.date, window_id: int | None,
              capacity: int | None) -> dict[str, sa.ColumnElement[bool]]:
    """What stops the move, as SQL conditions true when they refuse (the ticket itself not
    counted: a move to another window of the same day does not take a second slot)."""
    other = sa.orm.aliased(Ticket, name="other")
    mine = [other.day == day, other.id != ticket.id]

    def counted(*conditions: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
        return sa.select(sa.func.count()).where(
            other.status.in_(COUNTED_STATUSES), *mine, *conditions).scalar_subquery()

    refusals: dict[str, sa.ColumnElement[bool]] = {}
    quota = ticket.service.daily_quota
    if quota is not None:
        refusals["quota_full"] = counted(other.service_id == ticket.service_id) >= quota
    if window_id is not None and capacity is not None:
        refusals["window_full"] = counted(other.window_id == window_id) >= capacity
    if ticket.person_key:
        refusals["duplicate_person"] = sa.exists().where(
            other.service_id == ticket.service_id, other.person_key == ticket.person_key,
            other.status.in_(ACTIVE_STATUSES), *mine)
    return refusals


def _hand_back(site_id: int, day: dt.date, prefix: str, sequence: int) -> None:
    """Undo the increment that took `sequence` (the lock is still ours: nobody took a later
    number), so a refused move leaves no gap."""
    db.session.execute(sa.update(QueueSequence).where(
        QueueSequence.site_id == site_id, QueueSequence.day == day,
        QueueSequence.prefix == prefix, QueueSequence.last_number == sequence)
        .values(last_number=sequence - 1))


def check_target(ticket: Ticket, day: dt.date, window_id: int | None, *,
                 horizon_days: int, now: dt.datetime | None = None):
    """The booking rules for the target day and window (no lock, no write): the chosen
    window as a calendar Slot, or None for a service without windows. Raises BookingError."""
    request = BookingRequest(site=ticket.site, service=ticket.service, day=day,
                             name=ticket.name, idempotency_key="moving-check",
                             window_id=window_id, now=now)
    _check_day(request, horizon_days)
    return _window(request)


def move_ticket(ticket: Ticket, day: dt.date, window_id: int | None, *, kind: str,
                staff: StaffUser | None = None, reason: str = "", horizon_days: int = 14,
                now: dt.datetime | None = None) -> TicketMove:
    """Move a waiting ticket to `day` (and `window_id` where the service has windows) with a
    new number. Raises MoveError or BookingError (the target day refused). Flushes only."""
    if ticket.status != "waiting":
        raise MoveError("not_waiting", MESSAGES["not_waiting"])
    slot = check_target(ticket, day, window_id, horizon_days=horizon_days, now=now)
    target_window = slot.id if slot is not None else None
    if day == ticket.day and target_window == ticket.window_id:
        raise MoveError("same_slot", MESSAGES["same_slot"], "day")
    site_id, prefix = ticket.site_id, ticket.prefix
    before = (ticket.day, ticket.prefix, ticket.sequence, ticket.id)
    refusals = _refusals(ticket, day, target_window, slot.capacity if slot else None)
    # A ticket moved to another day leaves its visit (a visit is one day); the visit's other
    # tickets no longer wait for it.
    leaves = {} if day == ticket.day else dict(visit_id=None, visit_step=None, visit_needs=0)
    sequence = _increment_sequence(site_id, day, prefix)  # booking's lock for that queue
    result = db.session.execute(
        sa.update(Ticket).where(Ticket.id == ticket.id, Ticket.status == "waiting",
                                sa.not_(sa.or_(sa.false(), *refusals.values())))
        .values(day=day, sequence=sequence, window_id=target_window, counter_id=None,
                call_count=0, called_at=None, checked_in_at=None, **leaves)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        _hand_back(site_id, day, prefix, sequence)
        db.session.expire(ticket)
        code = "not_waiting"
        if db.session.scalar(sa.select(Ticket.status).where(Ticket.id == ticket.id)) == \
                "waiting":
            row = db.session.execute(sa.select(*[c.label(n) for n, c in refusals.items()])
                                     ).one() if refusals else None
            code = next((n for n, held in (row._mapping.items() if row else ()) if held),
                        "quota_full")
        raise MoveError(code, MESSAGES[code], REFUSAL_FIELDS.get(code, ""))
    old_day, old_prefix, old_sequence, ticket_id = before
    move = TicketMove(ticket_id=ticket_id, at=dates.now(), kind=kind, from_day=old_day,
                      from_prefix=old_prefix, from_sequence=old_sequence, to_day=day,
                      to_prefix=prefix, to_sequence=sequence, reason=(reason or "")[:200],
                      staff_id=staff.id if staff else None)
    db.session.add(move)
    db.session.add(TicketEvent(
        ticket_id=ticket_id, at=move.at, from_status="waiting", to_status="waiting",
        staff_id=staff.id if staff else None, counter_id=None,
        note=f"pindah ({kind}): {old_day.isoformat()} {move.from_number} → "
             f"{day.isoformat()} {move.to_number}"[:200]))
    db.session.flush()
    db.session.expire(ticket)
    _tell_holders(ticket, move)
    return move


def _tell_holders(ticket: Ticket, move: TicketMove) -> None:
    """Those who follow the ticket (WhatsApp, Telegram, SMS, push) hear of the new number."""
    from ..notify.events import ticket_event

    ticket_event(ticket, "ticket.moved", f"move-{move.id}", day=move.to_day.isoformat(),
                 moved_from=move.from_number)


def next_day_with_room(ticket: Ticket, after: dt.date, *, horizon_days: int,
                       now: dt.datetime | None = None) -> dt.date | None:
    """The first service day after `after`, within the booking horizon, with room for the
    ticket (a quick count before the lock; move_ticket checks again under it)."""
    service: Service = ticket.service
    last = dates.site_today(ticket.site, now) + dt.timedelta(days=horizon_days)
    for day in next_service_days(ticket.site, service, after + dt.timedelta(days=1), 30):
        if day > last:
            return None
        if service.daily_quota is None:
            return day
        taken = db.session.scalar(sa.select(sa.func.count()).select_from(Ticket).where(
            Ticket.service_id == service.id, Ticket.day == day,
            Ticket.status.in_(COUNTED_STATUSES))) or 0
        if taken < service.daily_quota:
            return day
    return None


def moves_of(ticket: Ticket) -> list[TicketMove]:
    """The ticket's moves, latest first (for the ticket page's note)."""
    return list(db.session.scalars(sa.select(TicketMove).where(TicketMove.ticket_id == ticket.id)
                                   .order_by(TicketMove.id.desc()).limit(5)))


def refusal_text(error: MoveError | BookingError) -> str:
    return str(error.message)
