"""What citizens tell the MPP: surveys (SKM) and complaints (pengaduan)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import _in, db
from .catalog import Agency, Service
from .site import Site
from .staff import StaffUser

COMPLAINT_STATUSES = ("new", "in_progress", "answered", "closed")
SKM_ELEMENTS = 9  # Permenpan RB 14/2017: U1 … U9, each scored 1–4


class SurveyResponse(db.Model):
    """One SKM response: nine scores 1–4 for one finished ticket (at most one per ticket)."""
    __tablename__ = "survey_response"
    __table_args__ = tuple(
        sa.CheckConstraint(f"u{i} BETWEEN 1 AND 4", name=f"u{i}_scale")
        for i in range(1, SKM_ELEMENTS + 1)
    ) + (sa.Index("ix_survey_site_day", "site_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id", ondelete="CASCADE"),
                                           unique=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(sa.Date)  # the site-local day it was answered
    u1: Mapped[int] = mapped_column(sa.SmallInteger)
    u2: Mapped[int] = mapped_column(sa.SmallInteger)
    u3: Mapped[int] = mapped_column(sa.SmallInteger)
    u4: Mapped[int] = mapped_column(sa.SmallInteger)
    u5: Mapped[int] = mapped_column(sa.SmallInteger)
    u6: Mapped[int] = mapped_column(sa.SmallInteger)
    u7: Mapped[int] = mapped_column(sa.SmallInteger)
    u8: Mapped[int] = mapped_column(sa.SmallInteger)
    u9: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)

    @property
    def answers(self) -> list[int]:
        return [getattr(self, f"u{i}") for i in range(1, SKM_ELEMENTS + 1)]


class Complaint(db.Model):
    """A complaint (pengaduan) about a site, an agency or a service; anonymous or with contact."""
    __tablename__ = "complaint"
    __table_args__ = (
        sa.CheckConstraint(_in("status", COMPLAINT_STATUSES), name="status"),
        sa.Index("ix_complaint_site_status", "site_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)  # the citizen's tracking code
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id", ondelete="SET NULL"))
    service_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    contact_name: Mapped[str] = mapped_column(sa.String(80), default="")
    contact: Mapped[str] = mapped_column(sa.String(120), default="")  # phone or e-mail
    status: Mapped[str] = mapped_column(sa.String(12), default="new")
    first_response_due: Mapped[dt.date] = mapped_column(sa.Date)
    answer_due: Mapped[dt.date] = mapped_column(sa.Date)
    first_response_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)

    site: Mapped[Site] = relationship()
    agency: Mapped[Agency | None] = relationship()
    service: Mapped[Service | None] = relationship()
    events: Mapped[list["ComplaintEvent"]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.at", cascade="all, delete-orphan")

    @property
    def anonymous(self) -> bool:
        return not (self.contact_name or self.contact)


class ComplaintEvent(db.Model):
    """One step of a complaint's timeline: filed, a response, a status change."""
    __tablename__ = "complaint_event"
    __table_args__ = (sa.CheckConstraint(_in("status", COMPLAINT_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    status: Mapped[str] = mapped_column(sa.String(12))
    message: Mapped[str] = mapped_column(sa.Text, default="")  # shown to the citizen
    staff_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    staff: Mapped[StaffUser | None] = relationship()
