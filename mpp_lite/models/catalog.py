"""The service catalogue: agencies, counters (gerai), services, requirements and steps."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from ..formatting import FeeHeadline, fee_headline
from .base import Translatable, WeeklyHoursMixin, _in, db, weekly_hours_checks
from .site import Site

AGENCY_KINDS = ("central", "regional", "bumn", "bumd", "private")
# full: done at the MPP; partial: part at the agency's head office; info: the MPP only informs;
# outside: not done at the MPP at all, the entry says where to go instead (never bookable).
AVAILABILITIES = ("full", "partial", "info", "outside")
BOOKABLE_AVAILABILITIES = ("full", "partial")
COUNTER_STATUSES = ("open", "break", "closed")
# The longest processing time a service may promise, in working days (about a year and a half).
MAX_PROCESSING_DAYS = 365
REQUIREMENT_FORMS = ("none", "original", "copy", "original_and_copy", "digital")


class Agency(Translatable, db.Model):
    """An instansi with a counter at the site (a ministry office, dinas, BUMN/BUMD or bank)."""

    __tablename__ = "agency"
    __table_args__ = (
        sa.UniqueConstraint("site_id", "slug"),
        sa.UniqueConstraint("site_id", "id"),  # target of the same-site foreign keys below
        sa.CheckConstraint(_in("kind", AGENCY_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(200))
    short_name: Mapped[str] = mapped_column(sa.String(60), default="")
    kind: Mapped[str] = mapped_column(sa.String(10))
    head_office_address: Mapped[str] = mapped_column(sa.Text, default="")
    head_office_phone: Mapped[str] = mapped_column(sa.String(60), default="")
    head_office_hours: Mapped[str] = mapped_column(sa.String(200), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")

    site: Mapped[Site] = relationship(back_populates="agencies")
    counters: Mapped[list[Counter]] = relationship(
        back_populates="agency", order_by="Counter.position",
        primaryjoin="Agency.id == Counter.agency_id", viewonly=True,
    )
    services: Mapped[list[Service]] = relationship(
        back_populates="agency", order_by="Service.name",
        primaryjoin="Agency.id == Service.agency_id", viewonly=True,
    )

    def display_name(self) -> str:
        return self.tr("short_name") or self.tr("name")

    def __repr__(self) -> str:
        return f"<Agency {self.slug}>"


class Counter(Translatable, db.Model):
    """A gerai/loket: where an agency's officers serve visitors."""

    __tablename__ = "counter"
    __table_args__ = (
        sa.UniqueConstraint("site_id", "label"),
        sa.ForeignKeyConstraint(
            ["site_id", "agency_id"], ["agency.site_id", "agency.id"], ondelete="CASCADE"
        ),
        sa.CheckConstraint(_in("status", COUNTER_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(index=True)
    label: Mapped[str] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)
    floor: Mapped[str] = mapped_column(sa.String(60), default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    # Live status set by officers: open / break / closed, since when and why.
    status: Mapped[str] = mapped_column(sa.String(10), default="closed", server_default="closed")
    status_since: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    status_reason: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")

    site: Mapped[Site] = relationship(back_populates="counters")
    agency: Mapped[Agency] = relationship(
        primaryjoin="Agency.id == Counter.agency_id", foreign_keys=[agency_id],
        back_populates="counters",
    )
    schedule: Mapped[list[CounterHours]] = relationship(
        back_populates="counter", cascade="all, delete-orphan",
        order_by="(CounterHours.weekday, CounterHours.opens)",
    )

    def __repr__(self) -> str:
        return f"<Counter {self.label}>"


class CounterHours(WeeklyHoursMixin, db.Model):
    __tablename__ = "counter_hours"
    __table_args__ = weekly_hours_checks("counter_hours")

    counter_id: Mapped[int] = mapped_column(
        sa.ForeignKey("counter.id", ondelete="CASCADE"), index=True
    )
    counter: Mapped[Counter] = relationship(back_populates="schedule")


service_counter = sa.Table(
    "service_counter",
    db.metadata,
    sa.Column("service_id", sa.ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("counter_id", sa.ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True),
)


class Service(Translatable, db.Model):
    """One public service with the six published components of the service standard."""

    __tablename__ = "service"
    __table_args__ = (
        sa.UniqueConstraint("site_id", "slug"),
        sa.ForeignKeyConstraint(
            ["site_id", "agency_id"], ["agency.site_id", "agency.id"], ondelete="CASCADE"
        ),
        sa.CheckConstraint(_in("availability", AVAILABILITIES), name="availability"),
        sa.CheckConstraint("fee_free OR fee_amount IS NOT NULL", name="fee_stated"),
        sa.CheckConstraint("fee_amount IS NULL OR fee_amount >= 0", name="fee_amount"),
        sa.CheckConstraint("daily_quota IS NULL OR daily_quota > 0", name="daily_quota"),
        sa.CheckConstraint(
            f"processing_days IS NULL OR processing_days BETWEEN 1 AND {MAX_PROCESSING_DAYS}",
            name="processing_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(index=True)
    slug: Mapped[str] = mapped_column(sa.String(80))
    name: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    # The six published components (Permenpan RB 15/2014): requirements and steps are rows.
    processing_time: Mapped[str] = mapped_column(sa.String(200))
    # The same promise as a number: working days from a complete application to the product
    # (None: done the same day, or not known). Application due dates are counted from it.
    processing_days: Mapped[int | None]
    fee_free: Mapped[bool] = mapped_column(default=True)
    fee_amount: Mapped[int | None] = mapped_column(sa.BigInteger)
    fee_note: Mapped[str] = mapped_column(sa.Text, default="")
    fee_legal_basis: Mapped[str] = mapped_column(sa.String(300), default="")
    product: Mapped[str] = mapped_column(sa.String(300))
    complaint_channel: Mapped[str] = mapped_column(sa.Text)
    legal_basis: Mapped[str] = mapped_column(sa.Text, default="")
    # Whether the MPP can finish it, or part must be done at the agency's head office.
    availability: Mapped[str] = mapped_column(sa.String(10), default="full")
    elsewhere_note: Mapped[str] = mapped_column(sa.Text, default="")
    elsewhere_address: Mapped[str] = mapped_column(sa.Text, default="")
    # For "outside": where to go instead, short ("Kantor desa/kelurahan sesuai alamat KTP").
    elsewhere_place: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    online_url: Mapped[str] = mapped_column(sa.String(300), default="")
    online_note: Mapped[str] = mapped_column(sa.Text, default="")
    keywords: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    life_events: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    last_reviewed: Mapped[dt.date | None] = mapped_column(sa.Date)
    daily_quota: Mapped[int | None]
    queue_prefix: Mapped[str] = mapped_column(sa.String(2), default="A")
    # Booking rules: a NIK only where the service truly needs it (stored hashed), and at most
    # one active ticket per person (NIK, else phone) per day.
    nik_required: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    one_per_person: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    updated_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), default=dates.now, onupdate=dates.now
    )

    site: Mapped[Site] = relationship(back_populates="services")
    agency: Mapped[Agency] = relationship(
        primaryjoin="Agency.id == Service.agency_id", foreign_keys=[agency_id],
        back_populates="services",
    )
    counters: Mapped[list[Counter]] = relationship(
        secondary=service_counter, order_by="Counter.position"
    )
    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Requirement.position"
    )
    steps: Mapped[list[Step]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Step.position"
    )

    @property
    def is_free(self) -> bool:
        return self.fee_free

    @property
    def bookable(self) -> bool:
        """Can a queue number be taken for it (not an information or outside entry)?"""
        return self.availability in BOOKABLE_AVAILABILITIES

    @property
    def is_outside(self) -> bool:
        """Not done at this MPP: the entry tells where to go and what to bring."""
        return self.availability == "outside"

    @property
    def fee_headline(self) -> FeeHeadline:
        """The one-line fee, honest about minimums and surcharges named in the fee note."""
        # Step costs count only when already loaded (service page), never as an extra query
        # per row of a result list.
        steps = self.__dict__.get("steps") or ()
        return fee_headline(self.fee_free, self.fee_amount, self.fee_note or "",
                            tuple(step.cost or "" for step in steps))

    def __repr__(self) -> str:
        return f"<Service {self.slug}>"


class Requirement(Translatable, db.Model):
    """A persyaratan: a document or condition the citizen must bring or meet."""

    __tablename__ = "requirement"
    __table_args__ = (
        sa.UniqueConstraint("service_id", "position"),
        sa.CheckConstraint(_in("form", REQUIREMENT_FORMS), name="form"),
        sa.CheckConstraint("quantity >= 1", name="quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    form: Mapped[str] = mapped_column(sa.String(20), default="none")
    quantity: Mapped[int] = mapped_column(default=1)
    condition: Mapped[str] = mapped_column(sa.Text, default="")
    optional: Mapped[bool] = mapped_column(default=False)
    # Requirements sharing a group number are alternatives: the citizen brings one of them.
    alt_group: Mapped[int | None]
    source: Mapped[str] = mapped_column(sa.Text, default="")
    # The slug of the service of the same site whose product this document is (the birth
    # certificate a family-card change needs): a visit with both makes that one first.
    product_of: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")

    service: Mapped[Service] = relationship(back_populates="requirements")


class Step(Translatable, db.Model):
    """One step of the procedure (sistem, mekanisme dan prosedur)."""

    __tablename__ = "step"
    __table_args__ = (sa.UniqueConstraint("service_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.Text)
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    actor: Mapped[str] = mapped_column(sa.String(200), default="")
    duration: Mapped[str] = mapped_column(sa.String(120), default="")
    cost: Mapped[str] = mapped_column(sa.String(200), default="")
    # Steps sharing a group number are alternatives: the citizen does one of them.
    alt_group: Mapped[int | None]

    service: Mapped[Service] = relationship(back_populates="steps")
