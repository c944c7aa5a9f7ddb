"""Staff account rules: authentication, role checks, account creation."""
from __future__ import annotations

from functools import wraps
from typing import Callable, TypeVar

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user, login_required

from ..extensions import db, login_manager
from ..models import ROLES, Agency, Site, StaffUser
from ..models.base import utcnow

F = TypeVar("F", bound=Callable[..., object])
MIN_PASSWORD_LENGTH = 10


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """Session ids carry the account's session version: a password reset ends old sessions."""
    raw_id, _, version = user_id.partition(":")
    if not raw_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(StaffUser, int(raw_id))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


def current_staff() -> StaffUser:
    """The signed-in staff account itself (not the proxy): for views behind roles_required."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


def page_number() -> int:
    """The ?page= of a staff list: 1 when missing or not a number, at most 10,000."""
    try:
        return max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        return 1


def roles_required(*roles: str) -> Callable[[F], F]:
    """Login first; then 403 unless the account has one of `roles`."""
    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        # Read by the route-protection test (tests/test_staff_routes.py) and by admin pages.
        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]
    return decorator


def authenticate(username: str, password: str) -> StaffUser | None:
    user = db.session.scalar(sa.select(StaffUser).filter_by(username=username.strip().lower()))
    if user is None:
        # Spend the same time as a real check so timing does not reveal usernames.
        StaffUser(password_hash="").set_password(password or "x")
        return None
    if not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


# (endpoint, label) of each staff tool, by role; blueprints register theirs at import time.
STAFF_TOOLS: dict[str, list[tuple[str, object]]] = {role: [] for role in ROLES}


# endpoint → a test on the account: the tile shows only when it passes (e.g. a permission).
TOOL_CONDITIONS: dict[str, Callable[[StaffUser], bool]] = {}


def register_tool(endpoint: str, label: object, *roles: str,
                  when: Callable[[StaffUser], bool] | None = None) -> None:
    for role in roles:
        STAFF_TOOLS[role].append((endpoint, label))
    if when is not None:
        TOOL_CONDITIONS[endpoint] = when


def tools_for(user: StaffUser) -> list[tuple[str, object]]:
    return [(endpoint, label) for endpoint, label in STAFF_TOOLS.get(user.role, [])
            if TOOL_CONDITIONS.get(endpoint, lambda _user: True)(user)]


class AccountError(ValueError):
    pass


def create_user(username: str, password: str, role: str, site_slug: str,
                agency_slug: str | None = None, village: str = "",
                display_name: str = "") -> StaffUser:
    username = username.strip().lower()
    if not username or len(username) > 60 or not username.replace(".", "").replace("_", "") \
            .replace("-", "").isalnum():
        raise AccountError("username: letters, digits, '.', '_' or '-' only (max 60)")
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    site = db.session.scalar(sa.select(Site).filter_by(slug=site_slug))
    if site is None:
        raise AccountError(f"unknown site '{site_slug}'")
    agency = None
    if agency_slug:
        agency = db.session.scalar(sa.select(Agency).filter_by(site_id=site.id, slug=agency_slug))
        if agency is None:
            raise AccountError(f"unknown agency '{agency_slug}' at {site_slug}")
    if role == "officer" and agency is None:
        raise AccountError("an officer needs --agency")
    if role == "village" and not village.strip():
        raise AccountError("a village office needs --village")
    if db.session.scalar(sa.select(StaffUser.id).filter_by(username=username)):
        raise AccountError(f"username '{username}' is taken")
    user = StaffUser(username=username, role=role, site_id=site.id,
                     agency_id=agency.id if agency else None, village_name=village.strip(),
                     display_name=display_name or username)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
