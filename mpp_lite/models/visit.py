"""A visit (kunjungan): several services for one person on one day, a ticket per service.

The tickets of a visit carry its id, their place in the visit's order (`Ticket.visit_step`,
1 …) and which earlier steps they need (`Ticket.visit_needs`, a bit mask: bit k-1 set means
"needs step k", e.g. the family card needs the birth certificate the visit makes first).
Calling (queue/calling.py) reads these columns: a visitor is never called to two counters at
once, and a step is not called before the steps it needs are over.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import db
from .site import Site

MAX_VISIT_SERVICES = 5  # one person, one day: more than this is not one visit


class Visit(db.Model):
    __tablename__ = "visit"
    __table_args__ = (
        # A retry with the same key returns the same visit, never a second one.
        sa.UniqueConstraint("site_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)  # unguessable, in the URL
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"),
                                         index=True)
    day: Mapped[dt.date] = mapped_column(sa.Date)
    channel: Mapped[str] = mapped_column(sa.String(10))
    idempotency_key: Mapped[str] = mapped_column(sa.String(80))
    request_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    life_event: Mapped[str] = mapped_column(sa.String(40), default="")  # the bundle it came from
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)

    site: Mapped[Site] = relationship()
    tickets: Mapped[list["Ticket"]] = relationship(  # noqa: F821 (models/queue.py)
        back_populates="visit", order_by="Ticket.visit_step")

    def __repr__(self) -> str:
        return f"<Visit {self.id} {self.day}>"
