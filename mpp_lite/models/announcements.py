"""Announcements (outage notices) staff post for the whole MPP, one agency or one service."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import Translatable, _in, db
from .catalog import Agency, Service
from .site import Site
from .staff import StaffUser

SEVERITIES = ("info", "warning", "outage")


class Announcement(Translatable, db.Model):
    """A notice scoped to a site, one agency or one service, in force between two times."""
    __tablename__ = "announcement"
    __table_args__ = (
        sa.CheckConstraint(_in("severity", SEVERITIES), name="severity"),
        sa.CheckConstraint("starts_at < ends_at", name="period"),
        sa.Index("ix_announcement_site_period", "site_id", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id", ondelete="CASCADE"))
    service_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"))
    severity: Mapped[str] = mapped_column(sa.String(8), default="info")
    message: Mapped[str] = mapped_column(sa.String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    ends_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)

    site: Mapped[Site] = relationship()
    agency: Mapped[Agency | None] = relationship()
    service: Mapped[Service | None] = relationship()
    created_by: Mapped[StaffUser | None] = relationship()
