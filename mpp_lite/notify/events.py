"""Recording what a citizen should hear about, in the transaction of the change itself.

A `NotificationEvent` carries no personal data: codes, statuses, dates, a counter's label. Its
`dedupe_key` is unique, so the same happening recorded twice (a retried request, two workers)
is one event. Delivery is the worker's business (outbox.py): nothing here talks to a network,
so a dead channel can never slow down or break booking, calling or an application change.

Ticket events are recorded only for tickets someone subscribed to (a subscription made in the
same transaction counts: pass `subscribed=True`), so the queue's hot paths pay one indexed
EXISTS query and no write for the tickets nobody follows.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from .. import dates
from ..extensions import db
from ..models import NotificationEvent, Subscription, Ticket

# What a ticket's holder can hear about (application kinds: applications/lifecycle.py).
TICKET_KINDS = ("ticket.booked", "ticket.near", "ticket.called", "ticket.moved",
                "ticket.cancelled")
COMPLAINT_KINDS = ("complaint.answered",)


def record(*, site_id: int, kind: str, dedupe_key: str, payload: dict[str, Any] | None = None,
           ticket_id: int | None = None, application_id: int | None = None,
           complaint_id: int | None = None, at: dt.datetime | None = None) -> NotificationEvent:
    """Add the event to the session (flushed; the caller commits with its change)."""
    event = NotificationEvent(site_id=site_id, kind=kind, dedupe_key=dedupe_key[:120],
                              payload=payload or {}, ticket_id=ticket_id,
                              application_id=application_id, complaint_id=complaint_id,
                              created_at=at or dates.now())
    db.session.add(event)
    db.session.flush()
    return event


def has_subscribers(*, ticket_id: int | None = None, complaint_id: int | None = None) -> bool:
    column = Subscription.ticket_id if ticket_id is not None else Subscription.complaint_id
    target = ticket_id if ticket_id is not None else complaint_id
    return bool(db.session.scalar(sa.select(sa.exists().where(
        column == target, Subscription.active.is_(True)))))


def ticket_event(ticket: Ticket, kind: str, key: str, *, subscribed: bool | None = None,
                 **payload: Any) -> NotificationEvent | None:
    """Record `kind` for this ticket when someone follows it. `key` makes the event unique
    (e.g. the id of the TicketEvent behind it). Flushes; the caller commits."""
    assert kind in TICKET_KINDS, kind
    identity = sa.inspect(ticket).identity  # the id without reloading an expired ticket
    ticket_id = identity[0] if identity else ticket.id
    if subscribed is None:
        subscribed = has_subscribers(ticket_id=ticket_id)
    if not subscribed:
        return None
    return record(site_id=ticket.site_id, kind=kind, dedupe_key=f"{kind}:{ticket_id}:{key}",
                  ticket_id=ticket_id, payload={"number": ticket.number, **payload})
