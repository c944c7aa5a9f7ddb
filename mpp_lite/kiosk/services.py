"""Rules of the self-service kiosk (anjungan), without Flask requests.

- Registering, editing and revoking a kiosk are the site admin's (audit-logged, flushed only).
- Pairing: the admin gets a one-time code (PAIRING_LENGTH letters and digits without look-alike
  characters, valid PAIRING_LIFETIME, single use). The device types it and receives a long
  random credential ("mppk_" + 43 characters). Only SHA-256 hashes of both are stored; a
  conditional UPDATE uses the code, so two devices typing it at once cannot both pair.
- The credential can only issue walk-in tickets (channel "kiosk") for the kiosk's own site and
  agencies, today, and show them: `kiosk_services`, `issue` and `kiosk_ticket` check that.
"""
from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from .. import dates
from ..admin import audit
from ..dates import as_utc, now
from ..extensions import db
from ..identity import secret_hash
from ..models import (
    MAX_VISIT_SERVICES, Agency, Counter, Kiosk, Service, Site, StaffUser, Ticket, Visit,
)
from ..models.catalog import BOOKABLE_AVAILABILITIES
from ..queue.booking import COUNTED_STATUSES, BookingError, BookingRequest, issue_at_the_mpp
from ..queue.calendar import next_service_days
from ..staff.services import EditError
from ..visits.booking import VisitError, VisitRequest, book_visit, visit_with_tickets
from ..web.edge import has_control, parse_id

TOKEN_PREFIX = "mppk_"
_TOKEN = re.compile(rf"{TOKEN_PREFIX}[A-Za-z0-9_-]{{20,100}}")
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
PAIRING_LENGTH = 8
PAIRING_LIFETIME = dt.timedelta(minutes=15)
LAST_SEEN_EVERY = dt.timedelta(minutes=5)
MAX_NAME, MAX_LOCATION = 80, 200
SHORT_LIST_SIZE = 8
POPULAR_DAYS = 30
# The name stored on a kiosk ticket (the kiosk asks for none): the records' language.
DEFAULT_NAMES = {
    "lansia": "Pengunjung lansia (anjungan)",
    "disabilitas": "Pengunjung disabilitas (anjungan)",
    "hamil": "Pengunjung ibu hamil (anjungan)",
    "anak": "Pengunjung anak (anjungan)",
}
DEFAULT_NAME = "Pengunjung anjungan"
_SECRET = frozenset({"token_hash", "pairing_hash"})


# --- the admin's side ------------------------------------------------------------------------

@dataclass
class KioskInput:
    name: str
    location: str
    agency_ids: list[int]


def _snapshot(kiosk: Kiosk) -> dict:
    data = audit.columns(kiosk, exclude=_SECRET)
    data["agencies"] = [a.short_name or a.name for a in kiosk.agencies]
    return data


def _checked(site: Site, data: KioskInput, kiosk: Kiosk | None) -> list[Agency]:
    errors: dict[str, list[str]] = {}
    name, location = data.name.strip(), data.location.strip()
    if not name:
        errors["name"] = [_("Tulis nama anjungan, misalnya \"Anjungan pintu masuk\".")]
    elif len(name) > MAX_NAME:
        errors["name"] = [_("Nama paling panjang %(n)d karakter.", n=MAX_NAME)]
    elif has_control(name):
        errors["name"] = [_("Nama berisi karakter yang tidak sah.")]
    else:
        taken = db.session.scalar(sa.select(Kiosk.id).where(
            Kiosk.site_id == site.id, Kiosk.name == name,
            Kiosk.id != (kiosk.id if kiosk else -1)))
        if taken is not None:
            errors["name"] = [_("Nama ini sudah dipakai anjungan lain di MPP ini.")]
    if len(location) > MAX_LOCATION:
        errors["location"] = [_("Lokasi paling panjang %(n)d karakter.", n=MAX_LOCATION)]
    elif has_control(location):
        errors["location"] = [_("Lokasi berisi karakter yang tidak sah.")]
    agencies = list(db.session.scalars(sa.select(Agency).where(
        Agency.site_id == site.id, Agency.id.in_(data.agency_ids or [-1])).order_by(Agency.name)))
    if not data.agency_ids:
        errors["agencies"] = [_("Pilih paling sedikit satu instansi yang dilayani anjungan.")]
    elif len(agencies) != len(set(data.agency_ids)):
        errors["agencies"] = [_("Pilih instansi di MPP ini.")]
    if errors:
        raise EditError(errors)
    data.name, data.location = name, location
    return agencies


def create_kiosk(site: Site, data: KioskInput, staff: StaffUser) -> Kiosk:
    """Register a kiosk (not paired yet). Raises EditError by field. Flushes."""
    agencies = _checked(site, data, None)
    kiosk = Kiosk(site_id=site.id, name=data.name, location=data.location, agencies=agencies,
                  created_at=now(), created_by_id=staff.id)
    db.session.add(kiosk)
    db.session.flush()
    audit.record(staff, site.id, "kiosk", kiosk.id, "create",
                 f"Anjungan {kiosk.name} didaftarkan", None, _snapshot(kiosk))
    return kiosk


def update_kiosk(kiosk: Kiosk, data: KioskInput, staff: StaffUser) -> None:
    """Change the name, location or agencies. Raises EditError by field. Flushes."""
    if not kiosk.active:
        raise EditError({"_form": [_("Anjungan ini sudah dicabut.")]})
    agencies = _checked(kiosk.site, data, kiosk)
    before = _snapshot(kiosk)
    kiosk.name, kiosk.location, kiosk.agencies = data.name, data.location, agencies
    db.session.flush()
    audit.record(staff, kiosk.site_id, "kiosk", kiosk.id, "update",
                 f"Anjungan {kiosk.name} diubah", before, _snapshot(kiosk))


def new_pairing_code(kiosk: Kiosk, staff: StaffUser, at: dt.datetime | None = None) -> str:
    """A fresh one-time pairing code (the previous one, if any, no longer works). Show it
    once: only its hash is kept. Flushes."""
    if not kiosk.active:
        raise EditError({"_form": [_("Anjungan ini sudah dicabut.")]})
    code = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_LENGTH))
    kiosk.pairing_hash = secret_hash(code)
    kiosk.pairing_expires_at = (at or now()) + PAIRING_LIFETIME
    db.session.flush()
    audit.record(staff, kiosk.site_id, "kiosk", kiosk.id, "update",
                 f"Kode pasang anjungan {kiosk.name} dibuat", None, None)
    return code


def revoke(kiosk: Kiosk, staff: StaffUser, at: dt.datetime | None = None) -> bool:
    """Revoke for good: the device's credential and any pairing code stop working at once.
    False when it was revoked already. Flushes."""
    if not kiosk.active:
        return False
    before = _snapshot(kiosk)
    kiosk.revoked_at = at or now()
    kiosk.token_hash = kiosk.pairing_hash = kiosk.pairing_expires_at = None
    db.session.flush()
    audit.record(staff, kiosk.site_id, "kiosk", kiosk.id, "update",
                 f"Anjungan {kiosk.name} dicabut", before, _snapshot(kiosk))
    return True


def site_kiosks(site_id: int) -> sa.Select[tuple[Kiosk]]:
    """A site's kiosks: active first, then by name."""
    return (sa.select(Kiosk).where(Kiosk.site_id == site_id)
            .options(selectinload(Kiosk.agencies))
            .order_by(Kiosk.revoked_at.is_not(None), Kiosk.name, Kiosk.id))


def channel_counts(site: Site, at: dt.datetime | None = None) -> list[tuple[str, int]]:
    """Today's tickets of the site per channel (cancelled ones included: they were issued)."""
    today = dates.site_today(site, at)
    rows = db.session.execute(
        sa.select(Ticket.channel, sa.func.count()).where(Ticket.site_id == site.id,
                                                          Ticket.day == today)
        .group_by(Ticket.channel).order_by(Ticket.channel))
    return [(channel, count) for channel, count in rows]


def kiosk_counts(site: Site, at: dt.datetime | None = None) -> dict[int, int]:
    """Today's tickets per kiosk of the site."""
    today = dates.site_today(site, at)
    rows = db.session.execute(
        sa.select(Ticket.kiosk_id, sa.func.count()).where(
            Ticket.site_id == site.id, Ticket.day == today, Ticket.kiosk_id.is_not(None))
        .group_by(Ticket.kiosk_id))
    return {kiosk_id: count for kiosk_id, count in rows}


# --- the device's side -------------------------------------------------------------------------

def normalize_code(raw: str) -> str:
    """What was typed, as a code: capitals, no spaces or dashes."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def pair(raw_code: str, at: dt.datetime | None = None) -> tuple[Kiosk, str] | None:
    """Use a pairing code: (kiosk, credential), or None for a wrong, used or expired code.
    The code is used up by a conditional UPDATE, so it pairs one device only. Flushes."""
    code = normalize_code(raw_code)
    if len(code) != PAIRING_LENGTH or any(c not in PAIRING_ALPHABET for c in code):
        return None
    moment = at or now()
    digest = secret_hash(code)
    kiosk_id = db.session.scalar(sa.select(Kiosk.id).where(Kiosk.pairing_hash == digest))
    if kiosk_id is None:
        return None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    used = db.session.execute(
        sa.update(Kiosk).where(Kiosk.id == kiosk_id, Kiosk.pairing_hash == digest,
                               Kiosk.pairing_expires_at > moment, Kiosk.revoked_at.is_(None))
        .values(pairing_hash=None, pairing_expires_at=None, token_hash=secret_hash(token),
                paired_at=moment, last_seen_at=moment)
        .execution_options(synchronize_session=False))
    if used.rowcount != 1:
        return None
    kiosk = db.session.get(Kiosk, kiosk_id)
    db.session.refresh(kiosk)
    audit.record(None, kiosk.site_id, "kiosk", kiosk.id, "update",
                 f"Anjungan {kiosk.name} dipasang di perangkat", None, None)
    return kiosk, token


def authenticate(token: str | None, at: dt.datetime | None = None) -> Kiosk | None:
    """The active kiosk a credential belongs to, or None. Notes "last seen" now and then."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    digest = secret_hash(token)
    kiosk = db.session.scalar(sa.select(Kiosk).where(Kiosk.token_hash == digest))
    if kiosk is None or not kiosk.active or not hmac.compare_digest(kiosk.token_hash or "",
                                                                      digest):
        return None
    moment = at or now()
    if kiosk.last_seen_at is None or moment - as_utc(kiosk.last_seen_at) >= LAST_SEEN_EVERY:
        kiosk.last_seen_at = moment
        db.session.flush()
    return kiosk


def _services_query(kiosk: Kiosk) -> sa.Select[tuple[Service]]:
    return (sa.select(Service).where(
        Service.site_id == kiosk.site_id, Service.active.is_(True),
        Service.availability.in_(BOOKABLE_AVAILABILITIES),
        Service.agency_id.in_([a.id for a in kiosk.agencies] or [-1]))
        .options(selectinload(Service.agency)))


def kiosk_agencies(kiosk: Kiosk) -> list[Agency]:
    """The kiosk's agencies that have at least one queued service."""
    with_services = set(db.session.scalars(
        _services_query(kiosk).with_only_columns(Service.agency_id).distinct()))
    return [a for a in kiosk.agencies if a.id in with_services]


def agency_services(kiosk: Kiosk, agency_id: int) -> list[Service]:
    return list(db.session.scalars(_services_query(kiosk).where(Service.agency_id == agency_id)
                                   .order_by(Service.name)))


def kiosk_service(kiosk: Kiosk, service_id: int) -> Service | None:
    """A service this kiosk may issue tickets for, or None."""
    return db.session.scalar(_services_query(kiosk).where(Service.id == service_id))


def short_list(kiosk: Kiosk, at: dt.datetime | None = None) -> list[Service]:
    """The kiosk's services asked for most lately at the site (by tickets), then by name."""
    since = dates.site_today(kiosk.site, at) - dt.timedelta(days=POPULAR_DAYS)
    counts = (sa.select(Ticket.service_id, sa.func.count().label("n"))
              .where(Ticket.site_id == kiosk.site_id, Ticket.day >= since)
              .group_by(Ticket.service_id).subquery())
    query = (_services_query(kiosk).outerjoin(counts, counts.c.service_id == Service.id)
             .order_by(sa.func.coalesce(counts.c.n, 0).desc(), Service.name)
             .limit(SHORT_LIST_SIZE))
    return list(db.session.scalars(query))


def closed_counter(service: Service) -> Counter | None:
    """The counter to name when every counter of the service was closed by its officers with a
    reason (an announced closure, not merely "not opened yet"): no ticket is issued then."""
    counters = service.counters
    if counters and all(c.status == "closed" and c.status_reason for c in counters):
        return counters[0]
    return None


def quota_full_today(service: Service, at: dt.datetime | None = None) -> dt.date | None | bool:
    """False while today's quota has room (or there is none); otherwise the next service day
    with room within `horizon` days (None when there is none). Booking checks again under its
    lock: this only lets the kiosk say so before the visitor taps."""
    quota = service.daily_quota
    if quota is None:
        return False
    today = dates.site_today(service.site, at)
    counted = sa.select(sa.func.count()).select_from(Ticket).where(
        Ticket.service_id == service.id, Ticket.status.in_(COUNTED_STATUSES))
    if (db.session.scalar(counted.where(Ticket.day == today)) or 0) < quota:
        return False
    for day in next_service_days(service.site, service, today + dt.timedelta(days=1), 14):
        if (db.session.scalar(counted.where(Ticket.day == day)) or 0) < quota:
            return day
    return None


def issue(kiosk: Kiosk, service: Service, *, priority: str | None, idempotency_key: str,
          secret: str, at: dt.datetime | None = None) -> tuple[Ticket, bool]:
    """A walk-in ticket for today from this kiosk (channel "kiosk"), numbered and counted like
    every other ticket (queue/booking.py). Where the service has time windows, the current one
    or the next with room. COMMITS (issue_ticket does). Raises BookingError."""
    if service.site_id != kiosk.site_id or service.agency_id not in {a.id for a in
                                                                     kiosk.agencies}:
        raise BookingError("not_queued", _("Layanan ini tidak tersedia di anjungan ini."))
    site = kiosk.site
    here = dates.site_now(site, at)
    request = BookingRequest(
        site=site, service=service, day=here.date(),
        name=DEFAULT_NAMES.get(priority or "", DEFAULT_NAME), idempotency_key=idempotency_key,
        priority=priority or None, channel="kiosk", kiosk_id=kiosk.id, now=at, confirm=False)
    return issue_at_the_mpp(request, secret=secret, clock=dates.wall_clock(here))


def kiosk_ticket(kiosk: Kiosk, code: str, at: dt.datetime | None = None) -> Ticket | None:
    """A ticket this kiosk issued today (the kiosk shows nothing else)."""
    if not code or len(code) > 32:
        return None
    ticket = db.session.scalar(sa.select(Ticket).where(Ticket.code == code))
    if ticket is None or ticket.kiosk_id != kiosk.id or ticket.channel != "kiosk":
        return None
    if ticket.day != dates.site_today(kiosk.site, at):
        return None
    return ticket


# --- a visit: several services chosen at the kiosk, one slip ------------------------------------

def chosen_services(kiosk: Kiosk, raw_ids: list[str]) -> list[Service] | None:
    """The kiosk's services named by `raw_ids` (the visit so far, in the order chosen, repeats
    dropped), or None when any is not the kiosk's or there are more than a visit takes."""
    ids: list[int] = []
    for raw in raw_ids:
        service_id = parse_id(raw)  # ASCII digits only: "²" is no id (and no ValueError)
        if service_id is None:
            return None
        if service_id not in ids:
            ids.append(service_id)
    if len(ids) > MAX_VISIT_SERVICES:
        return None
    found = {s.id: s for s in db.session.scalars(_services_query(kiosk).where(
        Service.id.in_(ids or [-1])))}
    if len(found) != len(ids):
        return None
    return [found[i] for i in ids]


def kiosk_services(kiosk: Kiosk) -> list[Service]:
    """Every service of the kiosk, by agency then name (the "add another service" list)."""
    return list(db.session.scalars(_services_query(kiosk).order_by(Service.agency_id,
                                                                   Service.name)))


def _is_kiosk_visit(kiosk: Kiosk, visit: Visit) -> bool:
    return (visit.site_id == kiosk.site_id and visit.channel == "kiosk"
            and all(t.kiosk_id == kiosk.id for t in visit.tickets))


def issue_visit(kiosk: Kiosk, services: list[Service], *, priority: str | None,
                idempotency_key: str, secret: str, at: dt.datetime | None = None
                ) -> tuple[Visit, bool]:
    """A visit for today from this kiosk (channel "kiosk"): a ticket per service, all or none,
    numbered and counted like every other ticket. COMMITS (book_visit does). Raises
    VisitError; a double tap (the same key) is the same visit."""
    offered = {a.id for a in kiosk.agencies}
    for service in services:
        if service.site_id != kiosk.site_id or service.agency_id not in offered:
            raise VisitError("not_queued", _("%(service)s tidak tersedia di anjungan ini.",
                                             service=service.tr("name")), service=service)
    site = kiosk.site
    visit, created = book_visit(VisitRequest(
        site=site, services=services, day=dates.site_today(site, at),
        name=DEFAULT_NAMES.get(priority or "", DEFAULT_NAME), idempotency_key=idempotency_key,
        priority=priority or None, channel="kiosk", kiosk_id=kiosk.id, now=at), secret=secret)
    if not created and not _is_kiosk_visit(kiosk, visit):
        raise VisitError("invalid_idempotency_key", _("Formulir kedaluwarsa. Silakan pilih "
                                                      "lagi."), "idempotency_key")
    return visit, created


def kiosk_visit(kiosk: Kiosk, code: str, at: dt.datetime | None = None) -> Visit | None:
    """A visit this kiosk issued today, with its tickets in order (the kiosk shows no other)."""
    if not code or len(code) > 32:
        return None
    visit = db.session.scalar(sa.select(Visit).where(Visit.code == code,
                                                     Visit.site_id == kiosk.site_id))
    if visit is None or visit.day != dates.site_today(kiosk.site, at):
        return None
    visit = visit_with_tickets(visit.id)
    return visit if _is_kiosk_visit(kiosk, visit) else None
