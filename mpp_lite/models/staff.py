"""Staff accounts. Citizens have no accounts; officers, managers and village offices do."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .. import dates
from .base import _in, db
from .catalog import Agency
from .site import Site

# admin: manages one site. officer: serves at the counters of one agency at one site.
# assistant: petugas pendamping who books priority tickets for visitors at the MPP.
# village: a kantor desa/kelurahan that books tickets for its residents.
ROLES = ("admin", "officer", "assistant", "village")

# A username, once stripped and lower-cased: 1–60 ASCII letters, digits, '.', '_' or '-',
# with at least one letter or digit.
USERNAME_MAX_LENGTH = 60
USERNAME_PATTERN = re.compile(r"[a-z0-9._-]*[a-z0-9][a-z0-9._-]*")
MIN_PASSWORD_LENGTH = 10  # staff passwords, from the CLI and the account pages alike


def valid_username(username: str) -> bool:
    """Whether a (stripped, lower-cased) username follows the rule above."""
    return len(username) <= USERNAME_MAX_LENGTH and USERNAME_PATTERN.fullmatch(username) is not None


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"
    __table_args__ = (
        sa.CheckConstraint(_in("role", ROLES), name="role"),
        sa.CheckConstraint("role != 'officer' OR agency_id IS NOT NULL", name="officer_agency"),
        sa.CheckConstraint("role != 'village' OR village_name != ''", name="village_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(USERNAME_MAX_LENGTH), unique=True)
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
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
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
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    last_seen_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True),
                                                      default=dates.now)
    ended_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[StaffUser] = relationship()


# The roles of the counter console, the counter report, catalogue editing, IKM results and
# complaints: an officer (their own agency's part), or the site's manager, who may do whatever
# an officer may. One group, so a page never lets in one of them and forgets the other.
OFFICER_ROLES = ("admin", "officer")
