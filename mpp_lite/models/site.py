"""An MPP site: one building with its own time zone, hours and holidays."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import Translatable, WeeklyHoursMixin, db, weekly_hours_checks

if TYPE_CHECKING:
    from .catalog import Agency, Counter, Service


class Site(Translatable, db.Model):
    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    regency: Mapped[str] = mapped_column(sa.String(120))
    province: Mapped[str] = mapped_column(sa.String(120), default="")
    address: Mapped[str] = mapped_column(sa.Text)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    phone: Mapped[str] = mapped_column(sa.String(60), default="")
    email: Mapped[str] = mapped_column(sa.String(120), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    facilities: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Moves on with every write to the site's catalogue (catalog/versions.py): cache key.
    catalog_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # ... with every counter status change, and every announcement written (rendered-page
    # cache keys, web/pagecache.py).
    counters_version: Mapped[int] = mapped_column(default=0, server_default="0")
    notices_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Notifications (mpp_lite/notify): "your turn is near" when this many people are ahead,
    # and the channels to try, in order (comma-separated; the first a citizen has wins, the
    # next is tried when it fails).
    notify_near_ahead: Mapped[int] = mapped_column(default=3, server_default="3")
    notify_channels: Mapped[str] = mapped_column(sa.String(60),
                                                 default="push,whatsapp,telegram,sms",
                                                 server_default="push,whatsapp,telegram,sms")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    updated_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), default=dates.now, onupdate=dates.now
    )

    hours: Mapped[list[SiteHours]] = relationship(
        back_populates="site", cascade="all, delete-orphan",
        order_by="(SiteHours.weekday, SiteHours.opens)",
    )
    closed_dates: Mapped[list[ClosedDate]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="ClosedDate.date"
    )
    agencies: Mapped[list[Agency]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="Agency.name"
    )
    counters: Mapped[list[Counter]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="Counter.position"
    )
    services: Mapped[list[Service]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="Service.name"
    )

    def __repr__(self) -> str:
        return f"<Site {self.slug}>"

    def holidays(self) -> dict[dt.date, str]:
        """The days the MPP is closed (holidays, cuti bersama): {date: reason}."""
        return {c.date: c.reason for c in self.closed_dates}

    def facility_list(self) -> list[str]:
        value: Any = self.tr("facilities")
        return list(value or [])


class SiteHours(WeeklyHoursMixin, db.Model):
    __tablename__ = "site_hours"
    __table_args__ = weekly_hours_checks("site_hours")

    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"), index=True)
    site: Mapped[Site] = relationship(back_populates="hours")


class ClosedDate(db.Model):
    """A date the whole site is closed: national holiday, cuti bersama, local event."""

    __tablename__ = "closed_date"
    __table_args__ = (sa.UniqueConstraint("site_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(sa.Date)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    site: Mapped[Site] = relationship(back_populates="closed_dates")
