"""Rescheduled tickets, declared counter closures and no-show grace rules (issue #15).

A moved ticket keeps its row and its code (the link the citizen holds stays valid); each move
is a `TicketMove` row saying from which day and number to which, so the ticket page can say
"Dipindah dari Senin 7 Des, A-012". A whole MPP closed for a day is a `ClosedDate` (the
holidays table); one counter closed for a day is a `CounterClosure`.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import _in, db
from .queue import Ticket, format_number

# citizen: moved by its holder; staff: by an officer or assistant; closure: by a declared
# closure; return: back in the line after a no-show, within the grace time.
MOVE_KINDS = ("citizen", "staff", "closure", "return")


class TicketMove(db.Model):
    __tablename__ = "ticket_move"
    __table_args__ = (sa.CheckConstraint(_in("kind", MOVE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id", ondelete="CASCADE"),
                                           index=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    kind: Mapped[str] = mapped_column(sa.String(10))
    from_day: Mapped[dt.date] = mapped_column(sa.Date)
    from_prefix: Mapped[str] = mapped_column(sa.String(2))
    from_sequence: Mapped[int]
    to_day: Mapped[dt.date] = mapped_column(sa.Date)
    to_prefix: Mapped[str] = mapped_column(sa.String(2))
    to_sequence: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id",
                                                               ondelete="SET NULL"))

    ticket: Mapped[Ticket] = relationship()

    @property
    def from_number(self) -> str:
        return format_number(self.from_prefix, self.from_sequence)

    @property
    def to_number(self) -> str:
        return format_number(self.to_prefix, self.to_sequence)


class CounterClosure(db.Model):
    """A manager declared a counter closed for a whole day (reason shown to citizens)."""

    __tablename__ = "counter_closure"
    __table_args__ = (sa.UniqueConstraint("counter_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"),
                                         index=True)
    counter_id: Mapped[int] = mapped_column(sa.ForeignKey("counter.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(sa.Date)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    declared_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True),
                                                     default=dates.now)
    declared_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))

    counter = relationship("Counter")


class NoShowRule(db.Model):
    """After how many calls a ticket may be marked absent, and for how many minutes after
    that an absent visitor may return once at the back of the line (0: never). service_id
    NULL: the site's rule; a service's own rule wins over it."""

    __tablename__ = "no_show_rule"
    __table_args__ = (
        sa.UniqueConstraint("site_id", "service_id"),
        # NULLs are distinct in the constraint above: one site-wide rule per site.
        sa.Index("uq_no_show_rule_site_wide", "site_id", unique=True,
                 sqlite_where=sa.text("service_id IS NULL"),
                 postgresql_where=sa.text("service_id IS NULL")),
        sa.CheckConstraint("after_calls > 0", name="after_calls"),
        sa.CheckConstraint("grace_minutes >= 0", name="grace_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    service_id: Mapped[int | None] = mapped_column(sa.ForeignKey("service.id",
                                                                 ondelete="CASCADE"))
    after_calls: Mapped[int]
    grace_minutes: Mapped[int]

    service = relationship("Service")
