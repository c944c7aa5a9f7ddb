"""Queue tickets, their numbering and their history.

Numbers are unique and gap-free per site, local business day and prefix: a `QueueSequence`
row is incremented in the same transaction that inserts the ticket, and the schema's unique
constraint on (site, day, prefix, sequence) backs the code up.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import _in, db
from .catalog import Counter, Service
from .site import Site
from .staff import StaffUser
from .visit import Visit

STATUSES = ("waiting", "called", "serving", "done", "no_show", "cancelled")
ACTIVE_STATUSES = ("waiting", "called", "serving")
PRIORITIES = ("lansia", "disabilitas", "hamil", "anak")
CHANNELS = ("online", "walkin", "village", "assisted", "api", "chat", "kiosk")
_ACTIVE = _in("status", ACTIVE_STATUSES)  # SQL, for the partial index on active tickets


class ServiceWindow(db.Model):
    """An optional booking time window of a service, with its own capacity per day."""

    __tablename__ = "service_window"
    __table_args__ = (
        sa.CheckConstraint("starts < ends", name="order"),
        sa.CheckConstraint("capacity > 0", name="capacity"),
        sa.UniqueConstraint("service_id", "starts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"))
    starts: Mapped[dt.time] = mapped_column(sa.Time)
    ends: Mapped[dt.time] = mapped_column(sa.Time)
    capacity: Mapped[int]

    service: Mapped[Service] = relationship()

    def label(self) -> str:
        return f"{self.starts:%H.%M}–{self.ends:%H.%M}"


class QueueSequence(db.Model):
    """The last number issued for one prefix on one local day at one site."""

    __tablename__ = "queue_sequence"

    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"),
                                         primary_key=True)
    day: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class Ticket(db.Model):
    __tablename__ = "ticket"
    __table_args__ = (
        sa.UniqueConstraint("site_id", "day", "prefix", "sequence"),
        # An idempotency key is scoped to its site and service: it never reaches another's.
        sa.UniqueConstraint("site_id", "service_id", "idempotency_key"),
        sa.CheckConstraint(_in("status", STATUSES), name="status"),
        sa.CheckConstraint(_in("channel", CHANNELS), name="channel"),
        sa.CheckConstraint(f"priority IS NULL OR {_in('priority', PRIORITIES)}", name="priority"),
        sa.CheckConstraint("sequence > 0", name="sequence"),
        # One active ticket per person (NIK or phone) per service per day, where configured.
        sa.Index("uq_ticket_person_active", "service_id", "day", "person_key", unique=True,
                 sqlite_where=sa.text(f"person_key IS NOT NULL AND {_ACTIVE}"),
                 postgresql_where=sa.text(f"person_key IS NOT NULL AND {_ACTIVE}")),
        sa.Index("ix_ticket_queue", "site_id", "day", "status"),
        # The service's last finished tickets (queue/status.py average_for, queue/state.py).
        # Partial: a new (waiting) ticket costs this index nothing.
        sa.Index("ix_ticket_service_finished", "service_id", "finished_at",
                 sqlite_where=sa.text("status = 'done'"),
                 postgresql_where=sa.text("status = 'done'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)  # unguessable, in the URL
    idempotency_key: Mapped[str] = mapped_column(sa.String(80))
    # A keyed hash of what the booking asked for: the same key with another request is refused.
    request_fingerprint: Mapped[str | None] = mapped_column(sa.String(64))
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    day: Mapped[dt.date] = mapped_column(sa.Date)           # the site's local business day
    prefix: Mapped[str] = mapped_column(sa.String(2))
    sequence: Mapped[int]
    window_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service_window.id", ondelete="SET NULL"))
    priority: Mapped[str | None] = mapped_column(sa.String(12))
    channel: Mapped[str] = mapped_column(sa.String(10), default="online")
    status: Mapped[str] = mapped_column(sa.String(10), default="waiting")
    # Minimal personal data: a name or initials, an optional phone, and for services that
    # require it a keyed hash of the NIK with its last four digits. Never the NIK itself.
    name: Mapped[str] = mapped_column(sa.String(80))
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    nik_hash: Mapped[str | None] = mapped_column(sa.String(64))
    nik_last4: Mapped[str] = mapped_column(sa.String(4), default="")
    person_key: Mapped[str | None] = mapped_column(sa.String(64))  # for one-per-person rules
    counter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("counter.id",
                                                                 ondelete="SET NULL"))
    call_count: Mapped[int] = mapped_column(default=0)
    called_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    served_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    booked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    assisted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    # The self-service kiosk (anjungan) that issued it (channel "kiosk"); see models/kiosk.py.
    kiosk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("kiosk.id", ondelete="SET NULL"))
    # A visit with several services (models/visit.py): its id, this ticket's place in the
    # visit's order, and the bit mask of the earlier steps it needs.
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visit.id", ondelete="SET NULL"),
                                                 index=True)
    visit_step: Mapped[int | None]
    visit_needs: Mapped[int] = mapped_column(default=0, server_default="0")

    site: Mapped[Site] = relationship()
    service: Mapped[Service] = relationship()
    window: Mapped[ServiceWindow | None] = relationship()
    counter: Mapped[Counter | None] = relationship()
    booked_by: Mapped[StaffUser | None] = relationship(foreign_keys=[booked_by_id])
    visit: Mapped[Visit | None] = relationship(back_populates="tickets")
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", cascade="all, delete-orphan", order_by="TicketEvent.id")

    @property
    def number(self) -> str:
        return format_number(self.prefix, self.sequence)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def __repr__(self) -> str:
        return f"<Ticket {self.number} {self.day} {self.status}>"


def format_number(prefix: str, sequence: int) -> str:
    """ "A", 7 → "A-007" (three digits; longer days simply get more)."""
    return f"{prefix}-{sequence:03d}"


class CounterStatusChange(db.Model):
    """A counter opened, paused or closed: by whom, when, and why (accountability)."""

    __tablename__ = "counter_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(sa.ForeignKey("counter.id", ondelete="CASCADE"),
                                            index=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    status: Mapped[str] = mapped_column(sa.String(10))
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id",
                                                               ondelete="SET NULL"))


class TicketEvent(db.Model):
    """Every status change of a ticket, with when and by whom: wait and service times come
    from these rows."""

    __tablename__ = "ticket_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id", ondelete="CASCADE"),
                                           index=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    from_status: Mapped[str | None] = mapped_column(sa.String(10))
    to_status: Mapped[str] = mapped_column(sa.String(10))
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id",
                                                               ondelete="SET NULL"))
    counter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("counter.id",
                                                                 ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.String(200), default="")

    ticket: Mapped[Ticket] = relationship(back_populates="events")
