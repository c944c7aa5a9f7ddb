"""Issuing queue tickets: the rules that make numbers unique and gap-free, quotas exact and
retries harmless, on SQLite and PostgreSQL alike.

Unlike other services, `issue_ticket` commits: the lock order is part of its correctness.
1. A retry with the same idempotency key returns the ticket already made.
2. The day's `QueueSequence` row for the prefix is incremented first. On PostgreSQL the UPDATE
   takes a row lock; on SQLite the first write of a transaction takes the database write lock.
   Either way, every other booking for the same prefix and day waits here.
3. Under that lock: the idempotency key again, the daily quota, the window's capacity and the
   one-ticket-per-person rule. Any refusal rolls back, so the increment is undone: no gaps.
4. The ticket and its first event are inserted and committed together with the new number.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from .. import dates
from ..dates import site_now, site_today, wall_clock
from ..extensions import db
from ..identity import InvalidNik, keyed_hash, normalize_nik, normalize_phone
from ..models import (
    ACTIVE_STATUSES, PRIORITIES, STATUSES, QueueSequence, Service, ServiceWindow, Site,
    StaffUser, Ticket, TicketEvent,
)
from .calendar import is_service_day, next_service_days, still_open_today

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
COUNTED_STATUSES = tuple(s for s in STATUSES if s != "cancelled")  # against quotas
# Tickets made at the MPP by its staff: the app picks the time window, not the visitor.
AT_THE_MPP = ("walkin", "assisted")
# Why a NIK was refused, by identity.InvalidNik's reason.
NIK_MESSAGES = {
    "length": _l("NIK harus 16 angka."),
    "region": _l("Dua angka pertama NIK bukan kode provinsi yang sah."),
    "date": _l("Bagian tanggal lahir pada NIK tidak sah."),
    "sequence": _l("Empat angka terakhir NIK tidak sah."),
}


class BookingError(Exception):
    """A refusal the citizen can act on; `field` names the form field at fault."""

    def __init__(self, code: str, message: object, field: str = "",
                 next_day: dt.date | None = None, fields: dict[str, object] | None = None):
        super().__init__(str(message))
        self.code, self.message, self.field, self.next_day = code, message, field, next_day
        self.fields = fields or ({field: message} if field else {})
        self.person_key: str | None = None


@dataclass
class BookingRequest:
    site: Site
    service: Service
    day: dt.date
    name: str
    idempotency_key: str
    window_id: int | None = None
    priority: str | None = None
    phone: str = ""
    nik: str = ""
    channel: str = "online"
    booked_by: StaffUser | None = None
    assisted_by: StaffUser | None = None
    now: dt.datetime | None = None
    errors: dict[str, str] = field(default_factory=dict)
    # Where the holder asked to be told about this ticket: (channel, address) pairs, e.g.
    # ("whatsapp", "62812…") from the booking form's opt-in or the chat the ticket was booked
    # in. Made in the booking's transaction, with a "ticket.booked" event when `confirm`.
    subscriptions: list[tuple[str, str]] = field(default_factory=list)
    language: str = "id"
    conversation_id: int | None = None
    confirm: bool = True


def new_code() -> str:
    """22 URL-safe characters (128 bits): unguessable, short enough for a QR code."""
    return secrets.token_urlsafe(16)


def find_by_key(site_id: int, service_id: int, key: str) -> Ticket | None:
    """The ticket made with this key for this site and service: a key never reaches another
    site's or service's ticket."""
    return db.session.scalar(sa.select(Ticket).filter_by(
        site_id=site_id, service_id=service_id, idempotency_key=key))


def request_fingerprint(req: BookingRequest, secret: str) -> str:
    """A keyed hash of what the request asks for (day, name, phone, NIK, time slot, priority),
    normalised as the ticket stores it: a retry matches, another person's request does not.
    Keyed, so the stored value reveals nothing of the name or phone."""
    try:
        phone = normalize_phone(req.phone)
    except ValueError:
        phone = req.phone or ""
    nik = ""
    if req.service.nik_required:
        try:
            nik = keyed_hash(secret, "nik", normalize_nik(req.nik))
        except InvalidNik:
            nik = req.nik or ""
    parts = [req.day.isoformat(), (req.name or "").strip(), phone, nik,
             _chosen_window(req), req.priority or None]
    return keyed_hash(secret, "booking", json.dumps(parts))


def _chosen_window(req: BookingRequest) -> int | None:
    """The time window the citizen chose; at a counter (walk-in, assisted) the app picks the
    current one, which may have moved on by the time a form is sent again."""
    return None if req.channel in AT_THE_MPP else req.window_id


def _same_request(ticket: Ticket, req: BookingRequest, secret: str) -> Ticket:
    """The ticket a retry asks for, or a refusal when the key comes with another request."""
    if ticket.request_fingerprint is not None:
        same = hmac.compare_digest(ticket.request_fingerprint, request_fingerprint(req, secret))
    else:  # made before fingerprints were kept: compare what the ticket itself records
        try:
            phone = normalize_phone(req.phone)
        except ValueError:
            phone = None
        same = (ticket.day == req.day and ticket.name == (req.name or "").strip()
                and ticket.phone == phone
                and (_chosen_window(req) is None or ticket.window_id == req.window_id)
                and ticket.priority == (req.priority or None))
    if not same:
        raise BookingError("idempotency_key_reused",
                           _l("Kunci idempotensi ini sudah dipakai untuk pemesanan lain. "
                              "Pakai kunci baru untuk pemesanan baru."), "idempotency_key")
    return ticket


def validate(req: BookingRequest, secret: str) -> tuple[str | None, str, str, str | None]:
    """Check the request's own fields; returns (nik_hash, nik_last4, phone, person_key)."""
    errors: dict[str, object] = {}
    if not IDEMPOTENCY_KEY.match(req.idempotency_key or ""):
        raise BookingError("invalid_idempotency_key",
                           _l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
                           "idempotency_key")
    name = (req.name or "").strip()
    if not name:
        errors["name"] = _l("Isi nama atau inisial Anda.")
    elif len(name) > 80:
        errors["name"] = _l("Nama terlalu panjang (maksimal 80 karakter).")
    if req.priority and req.priority not in PRIORITIES:
        errors["priority"] = _l("Kategori prioritas tidak dikenal.")
    phone = ""
    try:
        phone = normalize_phone(req.phone)
    except ValueError:
        errors["phone"] = _l("Nomor HP tidak sah. Contoh: 0812 3456 7890.")
    nik_hash, last4 = None, ""
    if req.service.nik_required:
        try:
            nik = normalize_nik(req.nik)
        except InvalidNik as error:
            errors["nik"] = NIK_MESSAGES[str(error)]
        else:
            nik_hash, last4 = keyed_hash(secret, "nik", nik), nik[-4:]
    if errors:
        first = next(iter(errors))
        raise BookingError("invalid", errors[first], first, fields=errors)
    person_key = None
    if req.service.one_per_person:
        person_key = nik_hash or (keyed_hash(secret, "phone", phone) if phone else None)
    return nik_hash, last4, phone, person_key


def _check_day(req: BookingRequest, horizon_days: int) -> None:
    site, service = req.site, req.service
    local = site_now(site, req.now)
    today = local.date()
    if req.day < today:
        raise BookingError("past_day", _l("Tanggal sudah lewat. Pilih hari ini atau sesudahnya."),
                           "day")
    if req.day > today + dt.timedelta(days=horizon_days):
        raise BookingError("too_far", _l("Pemesanan paling lambat %(days)s hari ke depan.",
                                         days=horizon_days), "day")
    if not is_service_day(site, service, req.day):
        upcoming = next_service_days(site, service, req.day, 1)
        raise BookingError("closed_day", _l("Layanan ini tidak buka pada tanggal tersebut."),
                           "day", next_day=upcoming[0] if upcoming else None)
    if req.day == today and not still_open_today(site, service, local):
        upcoming = next_service_days(site, service, today + dt.timedelta(days=1), 1)
        raise BookingError("closed_now", _l("Layanan hari ini sudah tutup."), "day",
                           next_day=upcoming[0] if upcoming else None)


def _window(req: BookingRequest) -> ServiceWindow | None:
    windows = list(db.session.scalars(
        sa.select(ServiceWindow).filter_by(service_id=req.service.id)))
    if not windows:
        return None
    chosen = next((w for w in windows if w.id == req.window_id), None)
    if chosen is None:
        raise BookingError("window_required", _l("Pilih jam kedatangan."), "window")
    local = site_now(req.site, req.now)
    if req.day == local.date() and chosen.ends <= wall_clock(local):
        raise BookingError("window_over", _l("Jam kedatangan itu sudah lewat."), "window")
    return chosen


def _increment_sequence(site_id: int, day: dt.date, prefix: str) -> int:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(QueueSequence).values(site_id=site_id, day=day, prefix=prefix,
                                                    last_number=0).on_conflict_do_nothing())
    return db.session.execute(
        sa.update(QueueSequence)
        .where(QueueSequence.site_id == site_id, QueueSequence.day == day,
               QueueSequence.prefix == prefix)
        .values(last_number=QueueSequence.last_number + 1)
        .returning(QueueSequence.last_number)).scalar_one()


def _count(*conditions: sa.ColumnElement[bool]) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ticket).where(
        Ticket.status.in_(COUNTED_STATUSES), *conditions)) or 0


def issue_ticket(req: BookingRequest, *, secret: str, horizon_days: int = 14) -> tuple[Ticket, bool]:
    """(ticket, created). Raises BookingError; commits on success, rolls back on refusal."""
    site_id, service_id = req.site.id, req.service.id
    if not req.service.bookable:    # information-only, or done outside the MPP: no queue
        raise BookingError("not_queued", _l("Layanan ini tidak memakai antrean di MPP ini."),
                           "service")
    existing = find_by_key(site_id, service_id, req.idempotency_key or "")
    if existing is not None:
        return _same_request(existing, req, secret), False
    nik_hash, last4, phone, person_key = validate(req, secret)
    fingerprint = request_fingerprint(req, secret)
    _check_day(req, horizon_days)
    window = _window(req)
    service = req.service
    prefix = service.queue_prefix
    quota = service.daily_quota
    try:
        sequence = _increment_sequence(site_id, req.day, prefix)  # the lock
        existing = find_by_key(site_id, service_id, req.idempotency_key)
        if existing is not None:
            db.session.rollback()
            existing = find_by_key(site_id, service_id, req.idempotency_key)
            return _same_request(existing, req, secret), False  # type: ignore[arg-type]
        if quota is not None and _count(Ticket.service_id == service_id,
                                        Ticket.day == req.day) >= quota:
            raise BookingError("quota_full", _l("Kuota layanan ini untuk tanggal tersebut "
                                                "sudah penuh."), "day")
        if window is not None and _count(Ticket.window_id == window.id,
                                         Ticket.day == req.day) >= window.capacity:
            raise BookingError("window_full", _l("Jam kedatangan itu sudah penuh. Pilih jam "
                                                 "lain."), "window")
        if person_key is not None and db.session.scalar(sa.select(Ticket.id).where(
                Ticket.service_id == service_id, Ticket.day == req.day,
                Ticket.person_key == person_key,
                Ticket.status.in_(ACTIVE_STATUSES))):
            raise _duplicate_person(person_key, "nik" if nik_hash else "phone")
        ticket = Ticket(
            code=new_code(), idempotency_key=req.idempotency_key,
            request_fingerprint=fingerprint, site_id=site_id,
            service_id=service_id, day=req.day, prefix=prefix, sequence=sequence,
            window_id=window.id if window else None, priority=req.priority or None,
            channel=req.channel, status="waiting", name=req.name.strip(), phone=phone,
            nik_hash=nik_hash, nik_last4=last4, person_key=person_key,
            booked_by_id=req.booked_by.id if req.booked_by else None,
            assisted_by_id=req.assisted_by.id if req.assisted_by else None,
        )
        ticket.events.append(TicketEvent(
            from_status=None, to_status="waiting", at=dates.now(),
            staff_id=(req.assisted_by or req.booked_by).id
            if (req.assisted_by or req.booked_by) else None,
            note=req.channel))
        db.session.add(ticket)
        if req.subscriptions:
            _subscribe(ticket, req)
        db.session.commit()
    except BookingError as error:
        db.session.rollback()
        if error.code == "quota_full":
            error.next_day = _next_day_with_room(req, horizon_days)
        raise
    except IntegrityError:
        # A concurrent request with the same key, or the same person, won the race.
        db.session.rollback()
        existing = find_by_key(site_id, service_id, req.idempotency_key)
        if existing is not None:
            return _same_request(existing, req, secret), False
        raise _duplicate_person(person_key, "nik" if nik_hash else "phone") from None
    return ticket, True


def _subscribe(ticket: Ticket, req: BookingRequest) -> None:
    """The subscriptions asked for with the booking, and its confirmation (same transaction)."""
    from ..notify.events import ticket_event
    from ..notify.subscriptions import subscribe

    db.session.flush()
    for channel, address in req.subscriptions:
        subscribe(ticket, channel, address, language=req.language,
                  conversation_id=req.conversation_id)
    if req.confirm:
        ticket_event(ticket, "ticket.booked", "booked", subscribed=True)


def _duplicate_person(person_key: str | None, field_name: str) -> BookingError:
    error = BookingError("duplicate_person", _l("Anda sudah punya tiket aktif untuk layanan "
                                                "ini pada tanggal tersebut."), field_name)
    error.person_key = person_key  # to find that ticket for its owner (queue/routes.py)
    return error


def _next_day_with_room(req: BookingRequest, horizon_days: int) -> dt.date | None:
    quota = req.service.daily_quota
    today = site_today(req.site, req.now)
    last = today + dt.timedelta(days=horizon_days)
    for day in next_service_days(req.site, req.service, req.day + dt.timedelta(days=1), 30):
        if day > last:
            return None
        if quota is None or _count(Ticket.service_id == req.service.id, Ticket.day == day) < quota:
            return day
    return None
