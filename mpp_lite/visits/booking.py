"""Booking a visit: a ticket for each of several services, one person, one day, all or none.

The same rules as one ticket (queue/booking.py), in one transaction:
1. A retry with the same key returns the visit already made.
2. Before any lock: every service's request is checked (fields, day, quota rules) and the
   visit's order planned (visits/planning.py).
3. The visit row is inserted first: a concurrent request with the same key waits on its unique
   key and then finds the visit made.
4. The queues' locks (the day's QueueSequence rows) are taken in one fixed order, by prefix,
   so two visits sharing queues never wait on each other in a circle.
5. Each ticket's INSERT re-checks quota, window capacity and the one-per-person rule under the
   lock, in the visit's order; where the service has time windows, the first with room that
   starts no earlier than the previous step's is taken. Any refusal rolls everything back,
   increments included: numbers stay gap-free and nothing half-made is left.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import dates
from ..catalog.vocab import LIFE_EVENTS
from ..extensions import db
from ..identity import keyed_hash
from ..models import MAX_VISIT_SERVICES, Service, Site, StaffUser, Ticket, Visit
from ..queue.booking import (
    AT_THE_MPP, IDEMPOTENCY_KEY, BookingError, BookingRequest, Prepared, _increment_sequence,
    fingerprint_contact, has_room, insert_prepared, new_code, prepare, refusal_error,
)
from ..queue.calendar import Slot, calendar_of, is_service_day, next_service_days
from .planning import PlannedStep, plan_visit

VISIT_COLUMNS = ("visit_id", "visit_step", "visit_needs")


class VisitError(BookingError):
    """A refusal of the whole visit; `service` is the service that caused it, if one did."""

    def __init__(self, code: str, message: object, field: str = "",
                 next_day: dt.date | None = None, service: Service | None = None):
        super().__init__(code, message, field, next_day=next_day)
        self.service = service


@dataclass
class VisitRequest:
    site: Site
    services: list[Service]
    day: dt.date
    name: str
    idempotency_key: str
    priority: str | None = None
    phone: str = ""
    nik: str = ""
    channel: str = "online"
    booked_by: StaffUser | None = None
    assisted_by: StaffUser | None = None
    kiosk_id: int | None = None
    now: dt.datetime | None = None
    life_event: str = ""
    # As BookingRequest: (channel, address) pairs to tell about every ticket of the visit.
    subscriptions: list[tuple[str, str]] = field(default_factory=list)
    language: str = "id"
    conversation_id: int | None = None
    # Send the "booked" message: one, for the visit's first step, naming the visit's link.
    # The chat confirms in its own reply (False), as a single chat booking does.
    confirm: bool = True

    def for_service(self, service: Service) -> BookingRequest:
        return BookingRequest(
            site=self.site, service=service, day=self.day, name=self.name,
            idempotency_key=self.idempotency_key, priority=self.priority, phone=self.phone,
            nik=self.nik, channel=self.channel, booked_by=self.booked_by,
            assisted_by=self.assisted_by, now=self.now, kiosk_id=self.kiosk_id,
            language=self.language, conversation_id=self.conversation_id)


def visit_fingerprint(req: VisitRequest, secret: str) -> str:
    """A keyed hash of what the visit asks for: a retry matches, another request does not."""
    phone, nik = fingerprint_contact(req.phone, req.nik, secret)
    parts = [req.day.isoformat(), (req.name or "").strip(), phone, nik,
             sorted(s.id for s in req.services), req.priority or None, req.life_event or ""]
    return keyed_hash(secret, "visit", json.dumps(parts))


def find_visit(site_id: int, key: str) -> Visit | None:
    return db.session.scalar(sa.select(Visit).filter_by(site_id=site_id, idempotency_key=key))


def visit_with_tickets(visit_id: int) -> Visit:
    """The visit with its tickets in order, each with its service, window and counter."""
    return db.session.scalars(
        sa.select(Visit).where(Visit.id == visit_id)
        .options(joinedload(Visit.site),
                 selectinload(Visit.tickets).options(
                     joinedload(Ticket.service), joinedload(Ticket.window),
                     joinedload(Ticket.counter)))
        .execution_options(populate_existing=True)).one()


def _same_visit(visit: Visit, req: VisitRequest, secret: str) -> Visit:
    if not hmac.compare_digest(visit.request_fingerprint, visit_fingerprint(req, secret)):
        raise VisitError("idempotency_key_reused",
                         _l("Kunci idempotensi ini sudah dipakai untuk pemesanan lain. "
                            "Pakai kunci baru untuk pemesanan baru."), "idempotency_key")
    return visit_with_tickets(visit.id)


def _check_choice(req: VisitRequest) -> None:
    if not IDEMPOTENCY_KEY.match(req.idempotency_key or ""):
        raise VisitError("invalid_idempotency_key",
                         _l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
                         "idempotency_key")
    ids = [s.id for s in req.services]
    if len(ids) < 2:
        raise VisitError("too_few_services", _l("Pilih paling sedikit dua layanan untuk satu "
                                                "kunjungan."), "services")
    if len(ids) > MAX_VISIT_SERVICES:
        raise VisitError("too_many_services", _l(
            "Satu kunjungan paling banyak %(max)s layanan.", max=MAX_VISIT_SERVICES), "services")
    if len(set(ids)) != len(ids):
        raise VisitError("duplicate_service", _l("Setiap layanan cukup dipilih sekali."),
                         "services")
    for service in req.services:
        if service.site_id != req.site.id or not service.active or not service.bookable:
            raise VisitError("not_queued", _l("%(service)s tidak memakai antrean di MPP ini.",
                                              service=service.tr("name")),
                             "services", service=service)
    if req.life_event and req.life_event not in LIFE_EVENTS:
        raise VisitError("invalid", _l("Peristiwa hidup tidak dikenal."), "life_event")


def _about(service: Service, error: BookingError) -> VisitError:
    """A single ticket's refusal, said of the service it concerns."""
    message = _l("%(service)s: %(reason)s", service=service.tr("name"), reason=error.message)
    refusal = VisitError(error.code, message, error.field, next_day=error.next_day,
                         service=service)
    refusal.fields = {name: _l("%(service)s: %(reason)s", service=service.tr("name"),
                               reason=text) for name, text in error.fields.items()}
    refusal.person_key = error.person_key
    return refusal


def _candidate_windows(req: VisitRequest, service: Service, today: bool) -> list[Slot]:
    windows = list(calendar_of(req.site, service).windows)
    if today:
        clock = dates.wall_clock(dates.site_now(req.site, req.now))
        windows = [w for w in windows if w.ends > clock]
    return windows


def book_visit(req: VisitRequest, *, secret: str, horizon_days: int = 14
               ) -> tuple[Visit, bool]:
    """(visit with its tickets, created). Raises VisitError (a BookingError); commits on
    success, rolls back on refusal."""
    _check_choice(req)
    existing = find_visit(req.site.id, req.idempotency_key)
    if existing is not None:
        return _same_visit(existing, req, secret), False
    today = req.day == dates.site_today(req.site, req.now)
    if req.channel in AT_THE_MPP and not today:
        raise VisitError("not_today", _l("Di MPP tiket hanya untuk hari ini."), "day")
    fingerprint = visit_fingerprint(req, secret)
    steps = plan_visit(req.site.id, req.day, req.services, today=today)
    prepared: list[tuple[PlannedStep, Prepared, list[Slot]]] = []
    for step in steps:
        one = req.for_service(step.service)
        windows = _candidate_windows(req, step.service, today)
        one.window_id = windows[0].id if windows else None
        try:
            prepared.append((step, prepare(one, secret, horizon_days), windows))
        except BookingError as error:
            if error.code == "window_required":  # every window of today is over
                error = BookingError("closed_now", _l("Layanan hari ini sudah tutup."), "day")
            if error.code in ("closed_day", "closed_now"):  # a day every service can take
                error.next_day = next_day_for_all(req, horizon_days)
            raise _about(step.service, error) from None
    try:
        visit = Visit(code=new_code(), site_id=req.site.id, day=req.day, channel=req.channel,
                      idempotency_key=req.idempotency_key, request_fingerprint=fingerprint,
                      life_event=req.life_event or "", created_at=dates.now())
        db.session.add(visit)
        db.session.flush()
        # The locks, in one order for everyone: by prefix, then the visit's order.
        sequences: dict[int, int] = {}
        for step, _one, _windows in sorted(prepared, key=lambda p: (p[0].service.queue_prefix,
                                                                    p[0].step)):
            sequences[step.step] = _increment_sequence(req.site.id, req.day,
                                                       step.service.queue_prefix)
        now = dates.now()
        previous_start: dt.time | None = None
        made: list[int] = []
        for step, one, windows in prepared:
            values = _insert_step(visit, step, one, windows, sequences[step.step], now,
                                  previous_start)
            if one.window is not None:
                previous_start = one.window.starts
            made.append(values["id"])  # type: ignore[arg-type]
        if req.subscriptions:
            _subscribe(made, req)
        db.session.commit()
    except BookingError as error:
        db.session.rollback()
        if error.code == "quota_full":
            error.next_day = next_day_for_all(req, horizon_days)
        raise
    except IntegrityError:
        # A concurrent request with the same key, or the same person, won the race.
        db.session.rollback()
        existing = find_visit(req.site.id, req.idempotency_key)
        if existing is not None:
            return _same_visit(existing, req, secret), False
        raise VisitError("duplicate_person", _l(
            "Anda sudah punya tiket aktif untuk salah satu layanan ini pada tanggal "
            "tersebut.")) from None
    return visit_with_tickets(visit.id), True


def _insert_step(visit: Visit, step: PlannedStep, one: Prepared, windows: list[Slot],
                 sequence: int, now: dt.datetime, previous_start: dt.time | None
                 ) -> dict[str, object]:
    """One ticket of the visit, under its queue's lock: the first window with room (those
    starting no earlier than the previous step's first), or a refusal said of its service."""
    later = [w for w in windows if previous_start is None or w.starts >= previous_start]
    choices: list[Slot | None] = (later + [w for w in windows if w not in later]) or [None]
    for index, window in enumerate(choices):
        one.window = window
        values, refused = insert_prepared(
            one, sequence, now, VISIT_COLUMNS, visit_id=visit.id, visit_step=step.step,
            visit_needs=step.needs_mask)
        if values is not None:
            return values
        if refused == "window_full" and index < len(choices) - 1:
            continue
        if refused == "key":  # a ticket of this service was booked alone with this key
            raise VisitError("idempotency_key_reused", _l(
                "Kunci idempotensi ini sudah dipakai untuk pemesanan lain. Pakai kunci baru "
                "untuk pemesanan baru."), "idempotency_key")
        if refused == "window_full":
            refused = "quota_full"  # no window of the day has room left: the day is full
        raise _about(step.service, refusal_error(refused, one.person_key, one.nik_hash))
    raise AssertionError("unreachable")  # pragma: no cover


def _subscribe(ticket_ids: list[int], req: VisitRequest) -> None:
    from ..notify.events import ticket_event
    from ..notify.subscriptions import subscribe

    db.session.flush()
    tickets = list(db.session.scalars(sa.select(Ticket).where(Ticket.id.in_(ticket_ids))
                                      .order_by(Ticket.visit_step)))
    for ticket in tickets:
        for channel, address in req.subscriptions:
            subscribe(ticket, channel, address, language=req.language,
                      conversation_id=req.conversation_id)
    if req.confirm and tickets:  # one message for the visit, not one per ticket
        ticket_event(tickets[0], "ticket.booked", "booked", subscribed=True)


def next_day_for_all(req: VisitRequest, horizon_days: int) -> dt.date | None:
    """The first day after `req.day`, within the booking horizon, on which every service of
    the visit is open and has room under its daily quota."""
    today = dates.site_today(req.site, req.now)
    last = today + dt.timedelta(days=horizon_days)
    first = req.services[0]
    for day in next_service_days(req.site, first, req.day + dt.timedelta(days=1), 30):
        if day > last:
            return None
        if all(is_service_day(req.site, s, day) for s in req.services) and all(
                has_room(s, day) for s in req.services):
            return day
    return None
