"""The rules of announcements (outage notices): which are in force for a page, their scope,
saving and ending them, and their JSON document. Counters live in mpp_lite.counters. No request
access: views and the API pass plain values."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from .. import dates
from ..dates import MAX_YEAR, MIN_YEAR, as_utc, in_range
from ..extensions import db
from ..models import Agency, Announcement, Service, Site, StaffUser
from ..web.edge import parse_id

SEVERITY_ORDER = {"outage": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"info": _l("Informasi"), "warning": _l("Peringatan"),
                   "outage": _l("Gangguan layanan")}
MAX_MESSAGE = 300


# --- announcements ----------------------------------------------------------------------------

def _sorted(notices: Sequence[Announcement]) -> list[Announcement]:
    return sorted(notices, key=lambda a: (SEVERITY_ORDER.get(a.severity, 9), as_utc(a.starts_at),
                                          a.id))


def announcements_in_force(site: Site | None, agency: Agency | None = None,
                           service: Service | None = None, now: dt.datetime | None = None,
                           every_scope: bool = False) -> list[Announcement]:
    """Notices in force now for a page: the site-wide ones, plus the agency's (on an agency
    page and its services' pages) and the service's (on its page, booking form and tickets).
    `every_scope` gives all of the site's notices in force (the board, the API)."""
    if site is None:
        return []
    now = (now or dates.now()).astimezone(dt.timezone.utc)  # SQLite compares text
    query = (sa.select(Announcement)
             .where(Announcement.site_id == site.id, Announcement.starts_at <= now,
                    Announcement.ends_at > now)
             .options(selectinload(Announcement.agency), selectinload(Announcement.service)))
    if not every_scope:
        scopes = [sa.and_(Announcement.agency_id.is_(None), Announcement.service_id.is_(None))]
        agency_id = service.agency_id if service is not None else (
            agency.id if agency is not None else None)
        if agency_id is not None:
            scopes.append(sa.and_(Announcement.agency_id == agency_id,
                                  Announcement.service_id.is_(None)))
        if service is not None:
            scopes.append(Announcement.service_id == service.id)
        query = query.where(sa.or_(*scopes))
    return _sorted(list(db.session.scalars(query)))


def scope_of(notice: Announcement) -> dict[str, Any]:
    """{"type": "site"|"agency"|"service", "agency": slug|None, "service": slug|None}."""
    if notice.service_id is not None and notice.service is not None:
        return {"type": "service", "agency": notice.service.agency.slug,
                "service": notice.service.slug}
    if notice.agency_id is not None and notice.agency is not None:
        return {"type": "agency", "agency": notice.agency.slug, "service": None}
    return {"type": "site", "agency": None, "service": None}


def scope_label(notice: Announcement) -> str:
    """Who the notice is about, for people: "" (the whole MPP), an agency or a service."""
    if notice.service is not None:
        return notice.service.tr("name")
    if notice.agency is not None:
        return notice.agency.display_name()
    return ""


class AnnouncementError(ValueError):
    """Field errors of an announcement: {field name: Indonesian message}."""

    def __init__(self, fields: dict[str, object]):
        self.fields = fields
        super().__init__(", ".join(fields))


@dataclass
class AnnouncementInput:
    scope: str          # "site", "agency-<id>" or "service-<id>"
    severity: str
    message: str
    message_en: str
    starts: dt.datetime | None  # site-local, naive; None when it could not be read
    ends: dt.datetime | None


def scope_choices(site: Site) -> list[tuple[str, str]]:
    choices = [("site", str(_l("Seluruh MPP")))]
    agencies = db.session.scalars(sa.select(Agency).filter_by(site_id=site.id))
    for agency in sorted(agencies, key=lambda a: a.display_name().lower()):
        choices.append((f"agency-{agency.id}", str(_l("Instansi: %(name)s",
                                                         name=agency.display_name()))))
    services = db.session.scalars(sa.select(Service).where(Service.site_id == site.id)
                                  .options(selectinload(Service.agency)).order_by(Service.name))
    for service in services:
        choices.append((f"service-{service.id}", str(_l(
            "Layanan: %(name)s (%(agency)s)", name=service.name,
            agency=service.agency.display_name()))))
    return choices


def scope_value(notice: Announcement) -> str:
    if notice.service_id is not None:
        return f"service-{notice.service_id}"
    if notice.agency_id is not None:
        return f"agency-{notice.agency_id}"
    return "site"


def _resolve_scope(site: Site, value: str) -> tuple[int | None, int | None] | None:
    """(agency_id, service_id) of a scope value, or None when it is not of this site."""
    if value == "site":
        return None, None
    kind, _sep, raw = (value or "").partition("-")
    ident = parse_id(raw)  # None beyond the database's integer (no overflow)
    if ident is None:
        return None
    if kind == "agency":
        agency = db.session.get(Agency, ident)
        return (agency.id, None) if agency is not None and agency.site_id == site.id else None
    if kind == "service":
        service = db.session.get(Service, ident)
        return (None, service.id) if service is not None and service.site_id == site.id \
            else None
    return None


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def announcement_errors(site: Site, data: AnnouncementInput) -> dict[str, object]:
    """Every problem of the input at once: {field: Indonesian message}. Unreadable times
    (None) are the form's to report; here only their order is checked."""
    errors: dict[str, object] = {}
    if _resolve_scope(site, data.scope) is None:
        errors["scope"] = _l("Pilih cakupan dari daftar: seluruh MPP, satu instansi atau "
                             "satu layanan di MPP ini.")
    if data.severity not in SEVERITY_LABELS:
        errors["severity"] = _l("Pilih jenis pengumuman.")
    message, message_en = _clean(data.message), _clean(data.message_en)
    if not message:
        errors["message"] = _l("Tulis isi pengumuman.")
    elif len(message) > MAX_MESSAGE:
        errors["message"] = _l("Pengumuman terlalu panjang (%(count)s karakter, maksimal "
                               "%(max)s).", count=len(message), max=MAX_MESSAGE)
    if len(message_en) > MAX_MESSAGE:
        errors["message_en"] = _l("Terjemahan terlalu panjang (%(count)s karakter, maksimal "
                                  "%(max)s).", count=len(message_en), max=MAX_MESSAGE)
    for name in ("starts", "ends"):
        moment = getattr(data, name)
        if moment is not None and not in_range(moment.date()):
            # Year 1 or 9999 would overflow on conversion to UTC (a 500, not a message).
            errors[name] = _l("Tahun harus antara %(first)s dan %(last)s.",
                              first=MIN_YEAR, last=MAX_YEAR)
    if ("starts" not in errors and "ends" not in errors and data.starts and data.ends
            and data.ends <= data.starts):
        errors["ends"] = _l("Waktu selesai harus sesudah waktu mulai.")
    return errors


def save_announcement(site: Site, data: AnnouncementInput, staff: StaffUser | None,
                      notice: Announcement | None = None) -> Announcement:
    """Create (notice None) or update an announcement; AnnouncementError lists every problem
    at once. Times are read in the site's time zone. Flushes only."""
    errors = announcement_errors(site, data)
    if not errors and (data.starts is None or data.ends is None):
        errors["starts" if data.starts is None else "ends"] = _l("Isi tanggal dan jam.")
    if errors:
        raise AnnouncementError(errors)
    scope = _resolve_scope(site, data.scope)
    zone = ZoneInfo(site.timezone)
    starts = data.starts.replace(tzinfo=zone)
    ends = data.ends.replace(tzinfo=zone)
    message, message_en = _clean(data.message), _clean(data.message_en)
    if notice is None:
        notice = Announcement(site_id=site.id, created_by_id=staff.id if staff else None)
        db.session.add(notice)
    notice.agency_id, notice.service_id = scope
    notice.severity = data.severity
    notice.message = message
    translations = dict(notice.translations or {})
    english = dict(translations.get("en", {}))
    if message_en:
        english["message"] = message_en
    else:
        english.pop("message", None)
    if english:
        translations["en"] = english
    else:
        translations.pop("en", None)
    notice.translations = translations
    notice.starts_at = starts.astimezone(dt.timezone.utc)
    notice.ends_at = ends.astimezone(dt.timezone.utc)
    db.session.flush()
    return notice


def is_in_force(notice: Announcement, now: dt.datetime | None = None) -> bool:
    now = now or dates.now()
    return as_utc(notice.starts_at) <= now < as_utc(notice.ends_at)


def notice_state(notice: Announcement, now: dt.datetime | None = None) -> str:
    """"upcoming", "in_force" or "ended"."""
    now = now or dates.now()
    if as_utc(notice.ends_at) <= now:
        return "ended"
    return "in_force" if as_utc(notice.starts_at) <= now else "upcoming"


def end_announcement(notice: Announcement, now: dt.datetime | None = None) -> None:
    """End a notice early: it ends now (one not yet started ends before it starts, so the
    start moves to now too and it was never shown). Flushes only."""
    now = (now or dates.now()).astimezone(dt.timezone.utc)  # SQLite keeps wall times
    if as_utc(notice.ends_at) <= now:
        return
    if as_utc(notice.starts_at) >= now:
        notice.starts_at = now - dt.timedelta(seconds=1)
    notice.ends_at = now
    db.session.flush()


def site_announcements(site: Site) -> sa.Select[tuple[Announcement]]:
    """Every notice of the site for the managers' list: latest end first."""
    return (sa.select(Announcement).where(Announcement.site_id == site.id)
            .options(selectinload(Announcement.agency), selectinload(Announcement.service))
            .order_by(Announcement.ends_at.desc(), Announcement.id.desc()))


# --- the document (the JSON API and the board feed) ------------------------------------------

def notice_document(notice: Announcement, timezone: str) -> dict[str, Any]:
    """A notice as JSON: texts in the current language, times site-local with their offset."""
    zone = ZoneInfo(timezone)
    return {
        "id": notice.id,
        "severity": notice.severity,
        "message": notice.tr("message"),
        "scope": scope_of(notice),
        "scope_name": scope_label(notice),
        "starts_at": as_utc(notice.starts_at).astimezone(zone).isoformat(timespec="seconds"),
        "ends_at": as_utc(notice.ends_at).astimezone(zone).isoformat(timespec="seconds"),
    }

