"""Staff accounts. Citizens have no accounts; officers, managers and village offices do."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .base import db, utcnow
from .catalog import Agency
from .site import Site

# admin: manages one site. officer: serves at the counters of one agency at one site.
# assistant: petugas pendamping who books priority tickets for visitors at the MPP.
# village: a kantor desa/kelurahan that books tickets for its residents.
ROLES = ("admin", "officer", "assistant", "village")


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"
    __table_args__ = (
        sa.CheckConstraint("role IN ('admin', 'officer', 'assistant', 'village')", name="role"),
        sa.CheckConstraint("role != 'officer' OR agency_id IS NOT NULL", name="officer_agency"),
        sa.CheckConstraint("role != 'village' OR village_name != ''", name="village_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(60), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(12))
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id", ondelete="SET NULL"))
    village_name: Mapped[str] = mapped_column(sa.String(120), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # An officer may edit their own agency's services only when a manager allows it.
    can_edit_catalog: Mapped[bool] = mapped_column(default=False)
    # Bumped on password reset or deactivation: every existing session then ends.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    site: Mapped[Site] = relationship()
    agency: Mapped[Agency | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def __repr__(self) -> str:
        return f"<StaffUser {self.username} {self.role}>"


class StaffSession(db.Model):
    """One signed-in browser of a staff account. The cookie carries a random token; only its
    SHA-256 is stored, so a copy of this table cannot be replayed as a cookie. Logging out ends
    this record only (the officer's other devices stay signed in); a password reset or
    deactivation ends all of them (ended_at, and session_version in the cookie)."""
    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True),
                                                      default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[StaffUser] = relationship()
