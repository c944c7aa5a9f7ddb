"""Where a ticket stands: people ahead and an estimated wait from real service times."""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..models import Ticket


@dataclass(frozen=True)
class TicketStanding:
    ahead: int
    wait_minutes: int | None   # None when not waiting
    open_counters: int
    average_minutes: float


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same queue (prefix, day) that will be called before this one:
    lower numbers, plus priority tickets when this one is not a priority ticket."""
    if ticket.status != "waiting":
        return 0
    same_queue = (Ticket.site_id == ticket.site_id, Ticket.day == ticket.day,
                  Ticket.prefix == ticket.prefix, Ticket.status == "waiting",
                  Ticket.id != ticket.id)
    before = sa.or_(Ticket.sequence < ticket.sequence, Ticket.priority.is_not(None)) \
        if ticket.priority is None else \
        sa.and_(Ticket.sequence < ticket.sequence, Ticket.priority.is_not(None))
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)
                             .where(*same_queue, before)) or 0


def average_service_minutes(service_id: int, default: float, sample: int = 50) -> float:
    """Mean of (finished − started) over the service's recent finished tickets."""
    rows = db.session.execute(
        sa.select(Ticket.served_at, Ticket.finished_at)
        .where(Ticket.service_id == service_id, Ticket.status == "done",
               Ticket.served_at.is_not(None), Ticket.finished_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(sample)).all()
    durations = [(f - s).total_seconds() / 60 for s, f in rows if f > s]
    return sum(durations) / len(durations) if durations else default


def standing(ticket: Ticket, default_minutes: float) -> TicketStanding:
    open_counters = sum(1 for c in ticket.service.counters if c.status == "open")
    average = average_service_minutes(ticket.service_id, default_minutes)
    if ticket.status != "waiting":
        return TicketStanding(0, None, open_counters, average)
    ahead = people_ahead(ticket)
    wait = math.ceil(ahead * average / max(open_counters, 1))
    return TicketStanding(ahead, wait, open_counters, average)
