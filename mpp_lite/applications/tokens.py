"""Agency API tokens: the bearer tokens an agency's system (or its head office) uses to create
and update its own applications at one site (mpp_lite/api/applications.py). No `request` here:
the CLI (`flask --app mpp_lite tokens ...`) and the site admin page (tokens_admin.py) call these.

- A token is "mppa_" + 43 random URL-safe characters (256 bits). Only its SHA-256 is stored,
  with its first characters (`hint`) so people can tell tokens apart in a list; the plaintext
  is shown once, when it is made, and can never be shown again.
- Looking a token up hashes what was sent and finds the row by that hash (a unique index):
  what the lookup's timing could leak is about a hash, never about a token.
- "Last used" is written at most every LAST_USED_EVERY, not on every call.
- Creating and revoking are written to the audit log (the token's hash never is).
"""
from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets

import sqlalchemy as sa
from flask_babel import gettext as _

from ..admin import audit
from ..dates import as_utc, now
from ..extensions import db
from ..identity import secret_hash
from ..models import Agency, AgencyToken, Site, StaffUser
from ..staff.services import EditError
from ..web.edge import has_control

PREFIX = "mppa_"
HINT_LENGTH = 12  # "mppa_" and 7 random characters: enough to tell tokens apart
MAX_NAME = 120
LAST_USED_EVERY = dt.timedelta(minutes=5)
# What a token may look like: anything else is not looked up at all.
_TOKEN = re.compile(rf"{PREFIX}[A-Za-z0-9_-]{{20,100}}")
_BEARER = re.compile(r"\s*bearer\s+(\S+)\s*", re.IGNORECASE)
# Never written to the audit log.
_SECRET = frozenset({"token_hash"})


def _snapshot(token: AgencyToken) -> dict:
    return audit.columns(token, exclude=_SECRET)


def create_token(site: Site, agency: Agency | None, name: str,
                 created_by: StaffUser | None = None) -> tuple[AgencyToken, str]:
    """A new token of `agency` at `site`; returns (token, plaintext). The plaintext is not kept
    anywhere: show it once. Raises EditError (messages by field: agency, name)."""
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Tulis nama token, misalnya \"SIAK Disdukcapil\".")]
    elif len(name) > MAX_NAME:
        errors["name"] = [_("Nama paling panjang %(n)d karakter.", n=MAX_NAME)]
    elif has_control(name):
        errors["name"] = [_("Nama berisi karakter yang tidak sah.")]
    if agency is None or agency.site_id != site.id:
        errors["agency"] = [_("Pilih instansi di MPP ini.")]
    if created_by is not None and created_by.site_id != site.id:
        errors["_form"] = [_("Anda tidak bertugas di MPP ini.")]
    if errors:
        raise EditError(errors)
    plaintext = PREFIX + secrets.token_urlsafe(32)
    token = AgencyToken(site_id=site.id, agency_id=agency.id, name=name,
                        token_hash=secret_hash(plaintext), hint=plaintext[:HINT_LENGTH],
                        created_at=now(), created_by_id=created_by.id if created_by else None)
    db.session.add(token)
    db.session.flush()
    audit.record(created_by, site.id, "agency_token", token.id, "create",
                 f"Token API {token.name} ({agency.short_name or agency.name}) dibuat"
                 + ("" if created_by else " lewat baris perintah"),
                 None, _snapshot(token))
    return token, plaintext


def bearer_value(header_value: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    match = _BEARER.fullmatch(header_value or "")
    return match.group(1) if match else None


def authenticate(header_value: str | None, at: dt.datetime | None = None) -> AgencyToken | None:
    """The active token an `Authorization` header carries, or None (no header, another scheme,
    an unknown or revoked token). Notes when it was last used (at most every few minutes;
    flushed, the caller commits)."""
    plaintext = bearer_value(header_value)
    if plaintext is None or not _TOKEN.fullmatch(plaintext):
        return None
    digest = secret_hash(plaintext)
    token = db.session.scalar(sa.select(AgencyToken).filter_by(token_hash=digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest) or not token.active:
        return None
    moment = at or now()
    if token.last_used_at is None or moment - as_utc(token.last_used_at) >= LAST_USED_EVERY:
        token.last_used_at = moment
        db.session.flush()
    return token


def revoke(token: AgencyToken, staff: StaffUser | None = None) -> bool:
    """Revoke for good (every later call with it is refused: 401). Returns False when it was
    revoked already (nothing changes)."""
    if not token.active:
        return False
    before = _snapshot(token)
    token.revoked_at = now()
    token.revoked_by_id = staff.id if staff else None
    db.session.flush()
    audit.record(staff, token.site_id, "agency_token", token.id, "update",
                 f"Token API {token.name} dicabut" + ("" if staff else " lewat baris perintah"),
                 before, _snapshot(token))
    return True


def site_tokens(site_id: int) -> sa.Select[tuple[AgencyToken]]:
    """A site's tokens: active ones first, newest first."""
    return (sa.select(AgencyToken).where(AgencyToken.site_id == site_id)
            .order_by(AgencyToken.revoked_at.is_not(None), AgencyToken.created_at.desc(),
                      AgencyToken.id.desc()))


def all_tokens(site: Site | None = None) -> list[AgencyToken]:
    """Every token (of one site when given), by site, active first, newest first."""
    query = sa.select(AgencyToken).join(Site, Site.id == AgencyToken.site_id)
    if site is not None:
        query = query.where(AgencyToken.site_id == site.id)
    return list(db.session.scalars(query.order_by(
        Site.slug, AgencyToken.revoked_at.is_not(None), AgencyToken.created_at.desc(),
        AgencyToken.id.desc())))


def find_site(slug: str) -> Site | None:
    return db.session.scalar(sa.select(Site).filter_by(slug=slug))


def find_agency(site: Site, slug: str) -> Agency | None:
    return db.session.scalar(sa.select(Agency).filter_by(site_id=site.id, slug=slug))
