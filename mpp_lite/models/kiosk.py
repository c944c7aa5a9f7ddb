"""Self-service kiosks (anjungan): registered devices, not people.

A kiosk is registered by its site's admin with the agencies it offers. The device is paired by
typing a one-time code (short, expiring, single use); it then holds a long random credential in
a cookie scoped to /kios. Only the SHA-256 of the code and of the credential are stored.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import db
from .catalog import Agency
from .site import Site

kiosk_agency = sa.Table(
    "kiosk_agency",
    db.metadata,
    sa.Column("kiosk_id", sa.ForeignKey("kiosk.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("agency_id", sa.ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True),
)


class Kiosk(db.Model):
    """An anjungan: where it stands, which agencies it offers, and its device credential."""

    __tablename__ = "kiosk"
    __table_args__ = (sa.UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    # The pairing code's hash while one is outstanding (cleared when used: single use).
    pairing_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    pairing_expires_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The paired device's credential (cleared on revocation or when paired again).
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    paired_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    site: Mapped[Site] = relationship()
    agencies: Mapped[list[Agency]] = relationship(secondary=kiosk_agency, order_by=Agency.name)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<Kiosk {self.name}>"
