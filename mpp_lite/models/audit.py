"""The audit log: who changed what in the catalogue, counters and accounts, and when."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import _in, db
from .staff import StaffUser

AUDIT_ACTIONS = ("create", "update", "delete")


class AuditEntry(db.Model):
    """Who changed what, when, with the record before and after (JSON)."""
    __tablename__ = "audit_entry"
    __table_args__ = (
        sa.CheckConstraint(_in("action", AUDIT_ACTIONS), name="action"),
        sa.Index("ix_audit_site_at", "site_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    staff_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    entity: Mapped[str] = mapped_column(sa.String(30))  # table name, e.g. "service"
    entity_id: Mapped[int | None] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(8))
    summary: Mapped[str] = mapped_column(sa.String(200), default="")
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)

    staff: Mapped[StaffUser | None] = relationship()
