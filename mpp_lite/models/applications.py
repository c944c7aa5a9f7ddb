"""Applications (berkas): what a citizen handed in at a counter, followed until the product is
in their hand; the agency API tokens that update them; the notification events they raise.

The rules (which status may follow which, the promised date, pickup) live in
mpp_lite/applications/lifecycle.py; these are the records.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import _in, db
from .catalog import Agency, Service
from .queue import Ticket
from .site import Site
from .staff import StaffUser

# The life of an application (labels and allowed transitions: applications/lifecycle.py).
APPLICATION_STATUSES = ("received", "in_progress", "at_head_office", "needs_documents", "ready",
                        "collected", "rejected", "withdrawn")
# Still being worked on: the promise (due date) is running, or paused while documents are due.
OPEN_APPLICATION_STATUSES = ("received", "in_progress", "at_head_office", "needs_documents")
# Nothing follows these.
FINAL_APPLICATION_STATUSES = ("collected", "rejected", "withdrawn")
# Who took the product: the applicant, or a named proxy (with their relation to the applicant).
COLLECTORS = ("applicant", "proxy")
# Who recorded an event: a staff member, an agency system through its API token, or the app.
EVENT_SOURCES = ("staff", "api", "system")


class AgencyToken(db.Model):
    """A bearer token an agency's system (or its head office) uses to create and update its own
    applications at one site. Only the SHA-256 of the token is stored: it is printed once."""

    __tablename__ = "agency_token"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["site_id", "agency_id"], ["agency.site_id", "agency.id"], ondelete="CASCADE"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hint: Mapped[str] = mapped_column(sa.String(12))  # the token's first characters, to tell apart
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))

    site: Mapped[Site] = relationship()
    agency: Mapped[Agency] = relationship(
        primaryjoin="Agency.id == AgencyToken.agency_id", foreign_keys=[agency_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Application(db.Model):
    """One application (berkas) received for a service at a site."""

    __tablename__ = "application"
    __table_args__ = (
        sa.CheckConstraint(_in("status", APPLICATION_STATUSES), name="status"),
        sa.CheckConstraint(f"collected_by IS NULL OR {_in('collected_by', COLLECTORS)}",
                           name="collected_by"),
        sa.CheckConstraint("processing_days IS NULL OR processing_days > 0",
                           name="processing_days"),
        sa.CheckConstraint("paused_days >= 0", name="paused_days"),
        sa.ForeignKeyConstraint(
            ["site_id", "agency_id"], ["agency.site_id", "agency.id"], ondelete="CASCADE"
        ),
        # A retried create (same Idempotency-Key) finds the first one instead of a second.
        sa.UniqueConstraint("site_id", "idempotency_key"),
        sa.Index("ix_application_agency_status", "site_id", "agency_id", "status"),
        sa.Index("ix_application_site_received", "site_id", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)  # the citizen's tracking code
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column()
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    ticket_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ticket.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="received")
    # Personal data, staff only (initials in public); erased after the retention period.
    applicant_name: Mapped[str] = mapped_column(sa.String(80))
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    # The documents received: texts of the service's requirements ticked, plus free text.
    documents: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    documents_note: Mapped[str] = mapped_column(sa.Text, default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")  # staff-only note at receipt
    received_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    received_on: Mapped[dt.date] = mapped_column(sa.Date)  # the site-local day of receipt
    # The promise: working days copied from the service at receipt (None: same day/unknown),
    # and the due date, moved later by the working days spent waiting for documents.
    processing_days: Mapped[int | None]
    due_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    paused_on: Mapped[dt.date | None] = mapped_column(sa.Date)  # while needs_documents
    paused_days: Mapped[int] = mapped_column(default=0)  # working days the clock stood still
    # needs_documents: which documents are missing, and by when.
    missing: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    missing_by: Mapped[dt.date | None] = mapped_column(sa.Date)
    # ready: where and when the product can be picked up.
    pickup_place: Mapped[str] = mapped_column(sa.String(200), default="")
    pickup_from: Mapped[dt.date | None] = mapped_column(sa.Date)
    pickup_until: Mapped[dt.date | None] = mapped_column(sa.Date)
    # The day the product was done (ready, or handed over directly): on time or not.
    completed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # collected: by whom (personal data, erased with the rest), when, handed over by whom.
    collected_by: Mapped[str | None] = mapped_column(sa.String(10))
    collector_name: Mapped[str] = mapped_column(sa.String(80), default="")
    collector_relation: Mapped[str] = mapped_column(sa.String(60), default="")
    collected_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    received_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    token_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agency_token.id", ondelete="SET NULL"))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(80))
    request_fingerprint: Mapped[str | None] = mapped_column(sa.String(64))
    personal_data_erased_at: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    # Every write checks and moves this: of two officers acting at once, one wins and the
    # other is told (SQLAlchemy raises StaleDataError; lifecycle turns it into a conflict).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    updated_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), default=dates.now, onupdate=dates.now)

    __mapper_args__ = {"version_id_col": version}

    site: Mapped[Site] = relationship()
    agency: Mapped[Agency] = relationship(
        primaryjoin="Agency.id == Application.agency_id", foreign_keys=[agency_id])
    service: Mapped[Service] = relationship()
    ticket: Mapped[Ticket | None] = relationship()
    received_by: Mapped[StaffUser | None] = relationship(foreign_keys=[received_by_id])
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="ApplicationEvent.id")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_APPLICATION_STATUSES

    @property
    def initials(self) -> str:
        """"Siti Aminah" → "S. A.": what a public page may show of the applicant."""
        return " ".join(part[0].upper() + "." for part in self.applicant_name.split() if part)

    def __repr__(self) -> str:
        return f"<Application {self.code} {self.status}>"


class ApplicationEvent(db.Model):
    """One step of an application's timeline: who (staff, agency system or the app), when,
    from which status to which, and a note (public unless marked internal)."""

    __tablename__ = "application_event"
    __table_args__ = (
        sa.CheckConstraint(_in("status", APPLICATION_STATUSES), name="status"),
        sa.CheckConstraint(_in("source", EVENT_SOURCES), name="source"),
        # A retried API call (same Idempotency-Key or event id) is recorded once.
        sa.UniqueConstraint("application_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    from_status: Mapped[str | None] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    public: Mapped[bool] = mapped_column(default=True)  # is the note shown to the citizen?
    # What came with the change (missing documents, pickup place and dates): shown in the
    # timeline. Never personal data (the collector's name stays on the application).
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    source: Mapped[str] = mapped_column(sa.String(8), default="staff")
    staff_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    token_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agency_token.id", ondelete="SET NULL"))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(80))
    request_fingerprint: Mapped[str | None] = mapped_column(sa.String(64))

    application: Mapped[Application] = relationship(back_populates="events")
    staff: Mapped[StaffUser | None] = relationship()
    token: Mapped[AgencyToken | None] = relationship()


class NotificationEvent(db.Model):
    """Something a citizen should hear about (an application is ready, documents are missing,
    it was rejected…), written in the same transaction as the change itself. The channels that
    deliver them (web push, WhatsApp, Telegram, SMS) read these; until then the tracking page
    is the channel. `dedupe_key` makes recording the same event twice impossible."""

    __tablename__ = "notification_event"
    __table_args__ = (sa.Index("ix_notification_event_site_created", "site_id", "created_at"),
                      sa.Index("ix_notification_event_fanned_out", "fanned_out_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))  # e.g. "application.ready"
    dedupe_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    complaint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    # What the message needs (codes, status, dates): never a name, phone or NIK.
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    # Set by the worker once the event's outbox messages exist (mpp_lite/notify/outbox.py).
    fanned_out_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
