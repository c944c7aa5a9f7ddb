"""Rules of the officer console that its views apply (no Flask requests): which counters a
ticket may be transferred to, and who may see a ticket on the walk-in page."""
from __future__ import annotations

from ..models import Counter, StaffUser, Ticket
from ..queue.booking import AT_THE_MPP


def may_see_walkin(ticket: Ticket, staff: StaffUser | None) -> bool:
    """The walk-in ticket page (name, number, QR code to reprint) shows tickets made at the
    MPP by its staff (walk-in or assisted) of the staff member's own site, or, to an officer,
    any ticket of their own agency's services. Online and village bookings of other agencies
    are none of their business."""
    if staff is None or ticket.site_id != staff.site_id:
        return False
    if ticket.channel in AT_THE_MPP and (ticket.booked_by_id is not None
                                         or ticket.assisted_by_id is not None):
        return True
    return staff.agency_id is not None and ticket.service.agency_id == staff.agency_id


def transfer_counters(ticket: Ticket, counters: list[Counter], here: Counter) -> list[Counter]:
    """The counters offered as a transfer target: those that serve the ticket's service, other
    than the one it is at (another service goes to "any counter that serves it"). A counter
    posted from elsewhere is still checked by calling.transfer, which explains a refusal."""
    serving = {c.id for c in ticket.service.counters}
    return [c for c in counters if c.id in serving and c.id != here.id]
