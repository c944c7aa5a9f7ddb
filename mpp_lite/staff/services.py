"""Staff account rules: authentication, role checks, account creation; the refusal every
managers' editing service raises (`EditError`) and `own_or_404` for their views."""
from __future__ import annotations

import datetime as dt
import secrets
from functools import wraps
from typing import Callable, TypeVar
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..dates import as_utc, now
from ..extensions import db, login_manager
from ..identity import secret_hash
from ..models import MIN_PASSWORD_LENGTH, ROLES, Agency, Site, StaffUser, valid_username
from ..models.staff import StaffSession
from ..web.policy import mark_private
from ..web.edge import parse_id, safe_next

F = TypeVar("F", bound=Callable[..., object])
M = TypeVar("M")


Errors = dict[str, list[str]]
FORM_ERRORS = "_form"  # errors that belong to no single field


class EditError(Exception):
    """A refused change, with messages by form field (Indonesian)."""

    def __init__(self, errors: Errors):
        super().__init__("; ".join(str(m) for ms in errors.values() for m in ms))
        self.errors = errors


SESSION_KEY = "staff_session"  # the random token of this browser's StaffSession
LAST_SEEN_EVERY = dt.timedelta(minutes=5)  # how often "last seen" is written (not per request)
KEEP_SESSIONS = dt.timedelta(days=30)  # records of old sessions are deleted after this


def start_session(user: StaffUser) -> str:
    """A new server-side session for `user`; returns the token the cookie carries. Records
    of sessions started more than KEEP_SESSIONS ago (long ended) are deleted on the way."""
    token = secrets.token_urlsafe(32)
    db.session.execute(sa.delete(StaffSession)
                       .where(StaffSession.created_at < now() - KEEP_SESSIONS))
    db.session.add(StaffSession(token_hash=secret_hash(token), user_id=user.id))
    db.session.flush()
    return token


def end_session(token: str | None) -> None:
    """Logout: this browser's session ends for good (a copy of the cookie opens nothing)."""
    if token:
        db.session.execute(sa.update(StaffSession)
                           .where(StaffSession.token_hash == secret_hash(token),
                                  StaffSession.ended_at.is_(None))
                           .values(ended_at=now()))


def live_session(user: StaffUser, token: str | None) -> StaffSession | None:
    """This browser's session of `user` if it has not ended nor outlived the session lifetime
    (PERMANENT_SESSION_LIFETIME, counted from sign-in: a working day)."""
    if not token:
        return None
    record = db.session.scalar(sa.select(StaffSession).filter_by(token_hash=secret_hash(token)))
    if record is None or record.user_id != user.id or record.ended_at is not None:
        return None
    lifetime = current_app.permanent_session_lifetime
    if now() - as_utc(record.created_at) >= lifetime:
        return None
    return record


def _touch(record: StaffSession) -> None:
    """Note when the session was last used, at most every few minutes, on a connection of its
    own so the request's transaction is not committed by it."""
    moment = now()
    if moment - as_utc(record.last_seen_at) < LAST_SEEN_EVERY or _request_holds_sqlite_lock():
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(sa.update(StaffSession).where(StaffSession.id == record.id)
                               .values(last_seen_at=moment))
    except sa.exc.OperationalError:  # busy database: "last seen" can wait for the next time
        pass


def _request_holds_sqlite_lock() -> bool:
    """On SQLite, a request that has written and not yet committed holds the database's write
    lock: a second connection would wait for it. Then "last seen" waits for the next time."""
    if db.engine.dialect.name != "sqlite" or not db.session().in_transaction():
        return False
    return bool(getattr(db.session.connection().connection.dbapi_connection,
                        "in_transaction", False))


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The cookie names the account with its session version (a password reset, role change
    or deactivation ends every session) and carries this browser's session token, checked
    against the staff_session table (logout ends it; 8 hours after sign-in it expires)."""
    raw_id, _sep, version = user_id.partition(":")
    user_pk = parse_id(raw_id)
    if user_pk is None or not version.isdigit():
        return None
    user = db.session.get(StaffUser, user_pk)
    if user is None or user.session_version != int(version) or not user.active:
        return None
    record = live_session(user, session.get(SESSION_KEY))
    if record is None:
        return None
    _touch(record)
    return user


def came_from() -> str | None:
    """Where to return after signing in: this page for a GET; for a form sent with an ended
    session, the page the form was on (the Referer, when it is this site's)."""
    if request.method in ("GET", "HEAD"):
        target = request.full_path.rstrip("?")
    else:
        parts = urlsplit(request.referrer or "")
        if parts.netloc != request.host:
            return None
        target = parts.path + ("?" + parts.query if parts.query else "")
    target = safe_next(target, "")
    return target or None


@login_manager.unauthorized_handler
def send_to_login():
    """Not signed in (or the session ended): the login page, then back to where they were.
    A form sent with an ended session is not saved: the officer is told so."""
    ended = "_user_id" in session
    if ended:
        for key in ("_user_id", "_id", "_fresh", SESSION_KEY):
            session.pop(key, None)
    if request.endpoint == "staff.logout":  # signing out of a session that already ended
        flash(_("Anda sudah keluar."))
        response = redirect(url_for("staff.login"), code=303)
        response.headers["Clear-Site-Data"] = '"cache"'
        return response
    if request.method not in ("GET", "HEAD"):
        flash(_("Sesi Anda sudah berakhir, jadi isian formulir belum disimpan. "
                "Silakan masuk lagi, lalu kirim ulang."), "error")
    elif ended:
        flash(_("Sesi Anda sudah berakhir. Silakan masuk lagi."))
    code = 302 if request.method in ("GET", "HEAD") else 303  # 303: the login page is a GET
    return redirect(url_for("staff.login", next=came_from()), code=code)


def current_staff() -> StaffUser:
    """The signed-in staff account itself (not the proxy): for views behind roles_required."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


def own_or_404(model: type[M], object_id: int) -> M:
    """A record of the signed-in staff member's own site, by id; 404 for an id out of range,
    a missing record, or another site's record (its existence is none of this site's
    business)."""
    if parse_id(object_id) is None:
        abort(404)
    record = db.session.get(model, object_id)
    if record is None or record.site_id != current_staff().site_id:
        abort(404)
    return record


def roles_required(*roles: str) -> Callable[[F], F]:
    """Login first; then 403 unless the account has one of `roles`."""
    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        # Read by the route-protection test (tests/test_staff_routes.py) and by admin pages;
        # also makes the page private (no-store, never kept by the service worker).
        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return mark_private(wrapped)  # type: ignore[return-value]
    return decorator


def authenticate(username: str, password: str) -> StaffUser | None:
    user = db.session.scalar(sa.select(StaffUser).filter_by(username=username.strip().lower()))
    if user is None:
        # Spend the same time as a real check so timing does not reveal usernames.
        StaffUser(password_hash="").set_password(password or "x")
        return None
    if not user.active or not user.check_password(password):
        return None
    user.last_login_at = now()
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


# The staff home page lists tools in this order (daily work first), whatever order the
# modules that register them happen to be imported in. Unlisted tools come last.
TOOL_ORDER = (
    "admin.dashboard", "floor.floor", "officer.index", "officer.walkin", "moving.returnable",
    "applications.receive",
    "applications.pickup", "applications.agency_list", "assist.index", "village.index",
    "village.book", "village.visit", "village.leaflets", "catalog.manage", "notices.announcements",
    "counters.report", "moving.closures_page", "moving.no_show_rules", "kiosk.kiosks",
    "applications.performance", "feedback.staff_complaints",
    "notify.manage",
    "feedback.staff_ikm", "staff.accounts", "applications.tokens", "admin.audit_log",
)


def tools_for(user: StaffUser) -> list[tuple[str, object]]:
    tools = [(endpoint, label) for endpoint, label in STAFF_TOOLS.get(user.role, [])
             if TOOL_CONDITIONS.get(endpoint, lambda _user: True)(user)]
    rank = {endpoint: index for index, endpoint in enumerate(TOOL_ORDER)}
    return sorted(tools, key=lambda tool: rank.get(tool[0], len(rank)))


class AccountError(ValueError):
    pass


def create_user(username: str, password: str, role: str, site_slug: str,
                agency_slug: str | None = None, village: str = "",
                display_name: str = "") -> StaffUser:
    username = username.strip().lower()
    if not valid_username(username):
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
