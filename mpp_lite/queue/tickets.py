"""Ticket lookups and status changes shared by citizens' pages, officers and the API."""
from __future__ import annotations

import functools
import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import contains_eager, joinedload

from .. import dates
from ..extensions import db
from ..models import ACTIVE_STATUSES, StaffUser, Ticket, TicketEvent

# Who cancels (the citizen, a village office, staff) may do so only while the ticket waits.
CANCELLABLE_STATUSES = ("waiting",)


def plausible_code(code: str) -> bool:
    """Whether `code` can be a ticket's code at all (else: not found, without a query)."""
    return bool(code) and len(code) <= 32


def get_ticket(code: str) -> Ticket | None:
    if not plausible_code(code):
        return None
    return db.session.scalar(sa.select(Ticket).filter_by(code=code))


def ticket_for_page(code: str) -> Ticket | None:
    """The ticket of `code` with its site, service, time window and counter, one statement
    (its standing comes from queue/state.py ticket_state)."""
    if not plausible_code(code):
        return None
    return db.session.scalar(_with_catalogue(), {"code": code})


@functools.cache
def _with_catalogue() -> sa.Select[tuple[Ticket]]:
    """Built once (building costs more than running it); the code is a parameter."""
    return (sa.select(Ticket).join(Ticket.site).join(Ticket.service)
            .outerjoin(Ticket.window).outerjoin(Ticket.counter)
            .options(contains_eager(Ticket.site), contains_eager(Ticket.service),
                     contains_eager(Ticket.window), contains_eager(Ticket.counter))
            .where(Ticket.code == sa.bindparam("code")))


def get_ticket_or_404(code: str) -> Ticket:
    ticket = get_ticket(code)
    if ticket is None:
        abort(404)
    return ticket


def record(ticket: Ticket, to_status: str, staff: StaffUser | None, *,
           counter_id: int | None = None, note: str = "") -> None:
    """Change the status and keep the event (who, when, where)."""
    ticket.events.append(TicketEvent(from_status=ticket.status, to_status=to_status,
                                     at=dates.now(), staff_id=staff.id if staff else None,
                                     counter_id=counter_id, note=note[:200]))
    ticket.status = to_status


def transition(ticket: Ticket, from_statuses: tuple[str, ...], to_status: str,
               staff: StaffUser | None, *, counter_id: int | None = None, note: str = "",
               condition: sa.ColumnElement[bool] | None = None, **values: object) -> bool:
    """Move a ticket only if it is still in one of `from_statuses`: a conditional UPDATE, so
    two people acting at once (a citizen cancelling while an officer calls) never both win.

    `counter_id` is where the change happened (recorded on the event); other keyword values
    are set on the ticket in the same UPDATE (e.g. `assigned_counter_id=` for Ticket.counter_id).
    `condition`: a further SQL condition the UPDATE checks (calling's visit rule).
    """
    if "assigned_counter_id" in values:
        values["counter_id"] = values.pop("assigned_counter_id")
    previous = ticket.status
    statement = sa.update(Ticket).where(Ticket.id == ticket.id, Ticket.status.in_(from_statuses))
    if condition is not None:
        statement = statement.where(condition)
    result = db.session.execute(
        statement
        .values(status=to_status, **values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.expire(ticket)
        return False
    db.session.add(TicketEvent(ticket_id=ticket.id, from_status=previous, to_status=to_status,
                               at=dates.now(), staff_id=staff.id if staff else None,
                               counter_id=counter_id, note=note[:200]))
    db.session.expire(ticket)
    return True


def can_cancel(ticket: Ticket) -> bool:
    """Whether the ticket may still be cancelled (templates: `ticket is cancellable`)."""
    return ticket.status in CANCELLABLE_STATUSES


def cancel_ticket(ticket: Ticket, staff: StaffUser | None, note: str = "") -> bool:
    """Cancel the ticket if it may still be (can_cancel, checked in the UPDATE itself);
    returns whether it was. When staff cancel (a village office, an officer), those who follow
    the ticket are told; a citizen cancelling their own ticket is not."""
    done = transition(ticket, CANCELLABLE_STATUSES, "cancelled", staff, note=note)
    if done and staff is not None:
        from ..notify.events import ticket_event

        ticket_event(ticket, "ticket.cancelled", "cancelled")
    return done


def tickets_by_codes(codes: list[str]) -> list[Ticket]:
    """The tickets of these codes, in the codes' order (unknown codes are skipped)."""
    if not codes:
        return []
    # With what a list of them shows (Tiket saya): no lazy load per ticket.
    found = {t.code: t for t in db.session.scalars(
        sa.select(Ticket).where(Ticket.code.in_(codes))
        .options(joinedload(Ticket.site), joinedload(Ticket.service),
                 joinedload(Ticket.window), joinedload(Ticket.visit)))}
    return [found[c] for c in codes if c in found]


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def device_duplicate(codes: list[str], service_id: int, day, name: str,
                     phone: str) -> Ticket | None:
    """An active ticket booked on this device for the same service and day by what looks like
    the same person (same name, or same phone number): a form sent again after Back."""
    for ticket in tickets_by_codes(codes):
        if ticket.service_id != service_id or ticket.day != day or not ticket.is_active:
            continue
        if _same_name(ticket.name, name or "") or (phone and ticket.phone == phone):
            return ticket
    return None


def active_for_person(service_id: int, day, person_key: str | None) -> Ticket | None:
    """The active ticket behind a "one ticket per person" refusal."""
    if not person_key:
        return None
    return db.session.scalar(sa.select(Ticket).where(
        Ticket.service_id == service_id, Ticket.day == day, Ticket.person_key == person_key,
        Ticket.status.in_(ACTIVE_STATUSES)))
