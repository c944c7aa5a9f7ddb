"""Village office rules: which services it may book, which tickets are its own, and booking
several residents in one go (no request access here; the views pass plain values).

An office is a (site, village name) pair: every account of the same village at the same site
sees the same bookings, and nothing of other villages.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, selectinload

from ..extensions import db
from ..identity import InvalidNik, normalize_nik
from ..models import MAX_VISIT_SERVICES, PRIORITIES, Service, StaffUser, Ticket, Visit
from ..models.catalog import BOOKABLE_AVAILABILITIES
from ..queue.booking import NIK_MESSAGES, BookingError, BookingRequest, issue_ticket
from ..queue.presenters import ticket_qr
from ..visits.booking import VisitError, VisitRequest, book_visit, visit_with_tickets
from ..visits.checklist import Checklist, checklist_for_tickets

MAX_RESIDENTS = 10      # rows of the batch form
MAX_PRINT = 60          # tickets in one print view
FORM_KEY = re.compile(r"^[A-Za-z0-9_]{8,64}$")


def bookable_services(staff: StaffUser) -> list[Service]:
    """The site's active services that take tickets (not the information-only ones)."""
    return list(db.session.scalars(
        sa.select(Service)
        .where(Service.site_id == staff.site_id, Service.active.is_(True),
               Service.availability.in_(BOOKABLE_AVAILABILITIES))
        .options(selectinload(Service.agency))
        .order_by(Service.name)))


def get_bookable_service(staff: StaffUser, slug: str) -> Service | None:
    if not slug or len(slug) > 80:
        return None
    return db.session.scalar(
        sa.select(Service)
        .where(Service.site_id == staff.site_id, Service.slug == slug,
               Service.active.is_(True),
               Service.availability.in_(BOOKABLE_AVAILABILITIES))
        .options(selectinload(Service.requirements), selectinload(Service.counters),
                 selectinload(Service.agency)))


def office_condition(staff: StaffUser) -> sa.ColumnElement[bool]:
    """Tickets booked by any account of the same village office (same site, same name)."""
    booker = aliased(StaffUser)
    office_accounts = sa.select(booker.id).where(
        booker.site_id == staff.site_id, booker.role == "village",
        sa.func.lower(booker.village_name) == staff.village_name.strip().lower())
    return sa.and_(Ticket.site_id == staff.site_id, Ticket.booked_by_id.in_(office_accounts))


def office_tickets(staff: StaffUser, day: dt.date | None = None,
                   from_day: dt.date | None = None) -> sa.Select[tuple[Ticket]]:
    query = (sa.select(Ticket).where(office_condition(staff))
             .options(selectinload(Ticket.service), selectinload(Ticket.window),
                      selectinload(Ticket.visit))
             .order_by(Ticket.day, Ticket.prefix, Ticket.sequence))
    if day is not None:
        query = query.where(Ticket.day == day)
    if from_day is not None:
        query = query.where(Ticket.day >= from_day)
    return query


def is_office_ticket(staff: StaffUser, ticket: Ticket) -> bool:
    return db.session.scalar(sa.select(Ticket.id).where(
        Ticket.id == ticket.id, office_condition(staff))) is not None


def get_office_ticket_or_404(staff: StaffUser, code: str) -> Ticket:
    """Another village's (or an unknown) ticket is simply not found."""
    ticket = None
    if code and len(code) <= 32:
        ticket = db.session.scalar(
            sa.select(Ticket).where(Ticket.code == code, office_condition(staff)))
    if ticket is None:
        abort(404)
    return ticket


def tickets_for_print(staff: StaffUser, codes: list[str]) -> list[Ticket]:
    """The office's tickets in the order asked (duplicates dropped); 404 if any is not
    the office's own."""
    seen: list[str] = []
    for code in codes:
        if code and code not in seen:
            seen.append(code)
    return [get_office_ticket_or_404(staff, code) for code in seen]


def day_tickets_for_print(staff: StaffUser, day: dt.date) -> list[Ticket]:
    """A day's tickets still waiting: the ones worth printing again."""
    return list(db.session.scalars(
        office_tickets(staff, day=day).where(Ticket.status == "waiting").limit(MAX_PRINT)))


# --- booking several residents at once ---------------------------------------------------------

@dataclass
class Resident:
    index: int            # the form row: part of the row's idempotency key
    name: str
    nik: str = ""
    priority: str | None = None


@dataclass
class Refusal:
    resident: Resident
    message: str
    code: str
    next_day: dt.date | None = None


@dataclass
class BatchResult:
    booked: list[tuple[Resident, Ticket, bool]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for _r, _t, created in self.booked if created)


def check_residents(service: Service, rows: list[tuple[str, str, str]]
                    ) -> tuple[list[Resident], dict[int, dict[str, str]]]:
    """(name, nik, priority) rows → residents to book, and errors by row and field.

    Empty rows are skipped. A NIK is read only where the service requires it, and never kept
    here beyond the request: issue_ticket stores its keyed hash and last four digits.
    """
    residents: list[Resident] = []
    errors: dict[int, dict[str, str]] = {}
    for index, (raw_name, raw_nik, priority) in enumerate(rows):
        name, nik = (raw_name or "").strip(), (raw_nik or "").strip()
        if not service.nik_required:
            nik = ""
        if not name and not nik:
            continue
        row_errors: dict[str, str] = {}
        if not name:
            row_errors["name"] = str(_l("Isi nama atau inisial warga."))
        elif len(name) > 80:
            row_errors["name"] = str(_l("Nama terlalu panjang (maksimal 80 karakter)."))
        if priority and priority not in PRIORITIES:
            row_errors["priority"] = str(_l("Kategori prioritas tidak dikenal."))
        if service.nik_required:
            try:
                nik = normalize_nik(nik)
            except InvalidNik as error:
                row_errors["nik"] = (str(_l("Layanan ini memerlukan NIK warga.")) if not nik
                                     else str(NIK_MESSAGES[str(error)]))
        if row_errors:
            errors[index] = row_errors
        else:
            residents.append(Resident(index, name, nik, priority or None))
    return residents, errors


def row_key(form_key: str, index: int, resident: Resident | None = None,
            day: dt.date | None = None, window_id: int | None = None, *,
            secret: str = "") -> str:
    """The idempotency key of one row: the form's key, the row and what the row asks for.

    The same row sent again unchanged (a double tap, a retry) gets the same key and so the
    ticket already made. A different resident typed into a row that was booked before (the
    form keeps its key after a partial refusal) gets a new key, never that earlier ticket.
    The digest is keyed with the app secret, so the stored key reveals nothing of the NIK.
    At most 64 + 1 + 2 + 1 + 10 = 78 characters (booking's IDEMPOTENCY_KEY allows 80).
    """
    if resident is None:
        return f"{form_key}-{index}"
    content = "|".join([resident.name.casefold(), resident.nik or "", resident.priority or "",
                        day.isoformat() if day else "", str(window_id or "")])
    digest = hmac.new((secret or "mpp-lite").encode(), content.encode(),
                      hashlib.sha256).hexdigest()[:10]
    return f"{form_key}-{index}-{digest}"


def book_residents(staff: StaffUser, service: Service, day: dt.date, window_id: int | None,
                   residents: list[Resident], form_key: str, *, secret: str,
                   horizon_days: int, now: dt.datetime | None = None) -> BatchResult:
    """Book each resident with the same rules as any booking; a refusal stops only its row.

    Each row's idempotency key is derived from the form's and the row's content (row_key), so
    the same form sent again (a double tap, a retry on a weak connection) returns the tickets
    already made and retries only the rows that were refused, while a new resident typed into
    a row gets a ticket of their own. issue_ticket commits each ticket on its own.
    """
    result = BatchResult()
    for resident in residents:
        request = BookingRequest(
            site=staff.site, service=service, day=day, name=resident.name,
            idempotency_key=row_key(form_key, resident.index, resident, day, window_id,
                                    secret=secret),
            window_id=window_id,
            priority=resident.priority, nik=resident.nik, channel="village",
            booked_by=staff, now=now)
        try:
            ticket, created = issue_ticket(request, secret=secret, horizon_days=horizon_days)
        except BookingError as refusal:
            result.refused.append(Refusal(resident, str(refusal.message), refusal.code,
                                          refusal.next_day))
            continue
        if not created and not is_office_ticket(staff, ticket):
            # A key that belongs to someone else's booking: say nothing about that ticket.
            result.refused.append(Refusal(
                resident, str(_l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.")),
                "invalid_idempotency_key"))
            continue
        result.booked.append((resident, ticket, created))
    return result


# --- a visit: several services for one resident on one day -------------------------------------

STALE_FORM = _l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.")


def chosen_services(staff: StaffUser, slugs: list[str]) -> tuple[list[Service], str | None]:
    """The office's bookable services named by `slugs` (in the order given, repeats dropped),
    or an error: each must be on the list, and a visit takes 2 to MAX_VISIT_SERVICES."""
    wanted: list[str] = []
    for slug in slugs:
        if slug and slug not in wanted:
            wanted.append(slug)
    if len(wanted) > MAX_VISIT_SERVICES:
        return [], str(_l("Satu kunjungan paling banyak %(max)s layanan.",
                          max=MAX_VISIT_SERVICES))
    found = {s.slug: s for s in bookable_services(staff)}
    if any(slug not in found for slug in wanted):
        return [], str(_l("Pilih layanan dari daftar."))
    if len(wanted) < 2:
        return [], str(_l("Pilih paling sedikit dua layanan untuk satu kunjungan."))
    return [found[slug] for slug in wanted], None


def check_visitor(services: list[Service], name: str, nik: str, priority: str
                  ) -> tuple[Resident | None, dict[str, str]]:
    """One resident for a visit, checked as a batch row is; the NIK is asked for (and read)
    when any of the visit's services requires it."""
    needs_nik = next((s for s in services if s.nik_required), services[0])
    residents, errors = check_residents(needs_nik, [(name, nik, priority)])
    if not residents and not errors:
        errors = {0: {"name": str(_l("Isi nama atau inisial warga."))}}
    return (residents[0] if residents else None), errors.get(0, {})


def is_office_visit(staff: StaffUser, visit: Visit) -> bool:
    return visit.site_id == staff.site_id and visit.channel == "village" and db.session.scalar(
        sa.select(Ticket.id).where(Ticket.visit_id == visit.id, office_condition(staff))
        .limit(1)) is not None


def book_resident_visit(staff: StaffUser, services: list[Service], day: dt.date,
                        resident: Resident, key: str, *, secret: str, horizon_days: int,
                        now: dt.datetime | None = None) -> tuple[Visit, bool]:
    """One visit (a ticket per service, all or none) booked by the office for a resident.
    COMMITS (book_visit does). Raises VisitError; the same form sent again is the same visit."""
    visit, created = book_visit(VisitRequest(
        site=staff.site, services=services, day=day, name=resident.name,
        idempotency_key=key, priority=resident.priority, nik=resident.nik, channel="village",
        booked_by=staff, now=now), secret=secret, horizon_days=horizon_days)
    if not created and not is_office_visit(staff, visit):
        # A key that belongs to someone else's visit: say nothing about it.
        raise VisitError("invalid_idempotency_key", STALE_FORM, "idempotency_key")
    return visit, created


def get_office_visit_or_404(staff: StaffUser, code: str) -> Visit:
    """The office's visit with its tickets in order; another office's (or none) is 404."""
    visit = None
    if code and len(code) <= 32:
        visit = db.session.scalar(sa.select(Visit).where(
            Visit.code == code, Visit.site_id == staff.site_id))
    if visit is None or not is_office_visit(staff, visit):
        abort(404)
    return visit_with_tickets(visit.id)


# What a staff or kiosk page of a visit says when none of its tickets is left: a ticket moved
# to another day leaves its visit (queue/moving.py), and the visit cannot tell which one.
NO_TICKETS_LEFT = _l("Kunjungan ini tidak punya tiket lagi: tiketnya sudah dipindah ke hari lain "
                     "atau dibatalkan. Tiket yang dipindah tetap berlaku di hari barunya.")


def visit_slip_parts(visit: Visit) -> tuple[list[tuple[Ticket, str]], Checklist]:
    """What a printed visit shows: each ticket with its own QR code, in the visit's order,
    and the one checklist for all its services. Shared by the village, assist and kiosk."""
    tickets = list(visit.tickets)
    return ([(ticket, ticket_qr(ticket)) for ticket in tickets],
            checklist_for_tickets(tickets))
