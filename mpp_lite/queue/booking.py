"""Issuing queue tickets: the rules that make numbers unique and gap-free, quotas exact and
retries harmless, on SQLite and PostgreSQL alike, in one transaction.

Unlike other services, `issue_ticket` commits: the lock order is part of its correctness.
1. A retry with the same idempotency key returns the ticket already made (a lookup, no write).
2. Before the lock: the request's own fields, the person key's hash, the day and the time
   window against the calendar (queue/calendar.py: a per-worker memo, no query when warm).
3. The lock: one upsert of the day's `QueueSequence` row for the prefix, returning the next
   number. On PostgreSQL it takes a row lock; on SQLite the first write of a transaction takes
   the database write lock. Either way, every other booking for the same queue waits here.
4. Under the lock: the ticket's INSERT … SELECT … WHERE NOT (refusals), whose conditions
   re-check the idempotency key, the daily quota, the window's capacity and the
   one-ticket-per-person rule against the committed tickets, and its first event (on
   PostgreSQL in the same statement, `WITH new_ticket AS (INSERT …) INSERT INTO ticket_event`;
   on SQLite a second one). When the
   INSERT made nothing, one SELECT of the same conditions (still under the lock) says which
   refusal held, and everything rolls back, so the increment is undone: no gaps.
5. The commit keeps the session's objects as they are (no reload): the ticket returned is put
   in the session as if loaded, with its site, service, window and counter (or, for a caller
   that reads only its columns, returned unattached: `keep=False`).
A separate statement per step matters on PostgreSQL: under READ COMMITTED each statement sees
what was committed before it began, so the checks must start after the lock was granted.
"""
from __future__ import annotations

import datetime as dt
import functools
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from .. import dates
from ..dates import site_now, site_today, wall_clock
from ..extensions import db
from ..identity import InvalidNik, keyed_hash, normalize_nik, normalize_phone
from ..models import (
    ACTIVE_STATUSES, PRIORITIES, STATUSES, QueueSequence, Service, ServiceWindow, Site,
    StaffUser, Ticket, TicketEvent,
)
from .calendar import Slot, calendar_of, is_service_day, next_service_days, still_open_today

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
COUNTED_STATUSES = tuple(s for s in STATUSES if s != "cancelled")  # against quotas
# Tickets made at the MPP by its staff: the app picks the time window, not the visitor.
AT_THE_MPP = ("walkin", "assisted", "kiosk")
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
    kiosk_id: int | None = None  # the self-service kiosk that issues it (channel "kiosk")


def new_code() -> str:
    """22 URL-safe characters (128 bits): unguessable, short enough for a QR code."""
    return secrets.token_urlsafe(16)


def find_by_key(site_id: int, service_id: int, key: str) -> Ticket | None:
    """The ticket made with this key for this site and service: a key never reaches another
    site's or service's ticket. Its window and counter come with it (a retry is answered with
    them). Most bookings use a new key: a plain Core question first, the ORM only for a
    retry."""
    params = {"site_id": site_id, "service_id": service_id, "key": key}
    if db.session.execute(_KEY_USED, params).first() is None:
        return None
    return db.session.scalar(sa.select(Ticket).filter_by(
        site_id=site_id, service_id=service_id, idempotency_key=key)
        .options(joinedload(Ticket.window), joinedload(Ticket.counter)))


_KEY_USED = (sa.select(Ticket.__table__.c.id).where(
    Ticket.__table__.c.site_id == sa.bindparam("site_id"),
    Ticket.__table__.c.service_id == sa.bindparam("service_id"),
    Ticket.__table__.c.idempotency_key == sa.bindparam("key")))


def request_fingerprint(req: BookingRequest, secret: str) -> str:
    """A keyed hash of what the request asks for (day, name, phone, NIK, time slot, priority),
    normalised as the ticket stores it: a retry matches, another person's request does not.
    Keyed, so the stored value reveals nothing of the name or phone."""
    phone, nik = fingerprint_contact(req.phone, req.nik if req.service.nik_required else "",
                                     secret)
    parts = [req.day.isoformat(), (req.name or "").strip(), phone, nik,
             _chosen_window(req), req.priority or None]
    return keyed_hash(secret, "booking", json.dumps(parts))


def fingerprint_contact(phone: str, nik: str, secret: str) -> tuple[str, str]:
    """The phone and NIK as a request's fingerprint holds them: normalised as stored (the
    NIK as its keyed hash), or as typed when invalid (validation refuses those anyway)."""
    try:
        phone = normalize_phone(phone)
    except ValueError:
        phone = phone or ""
    if nik:
        try:
            nik = keyed_hash(secret, "nik", normalize_nik(nik))
        except InvalidNik:
            pass
    return phone, nik or ""


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
        # A holiday or a closure the manager declared says why (queue/closures.py).
        reason = calendar_of(site, service).holidays.get(req.day)
        message = (_l("Layanan ini tidak buka pada tanggal tersebut: %(reason)s.",
                      reason=reason.rstrip(".")) if reason else
                   _l("Layanan ini tidak buka pada tanggal tersebut."))
        raise BookingError("closed_day", message, "day",
                           next_day=upcoming[0] if upcoming else None)
    if req.day == today and not still_open_today(site, service, local):
        upcoming = next_service_days(site, service, today + dt.timedelta(days=1), 1)
        raise BookingError("closed_now", _l("Layanan hari ini sudah tutup."), "day",
                           next_day=upcoming[0] if upcoming else None)


def _window(req: BookingRequest) -> Slot | None:
    """The chosen time window (from the calendar memo: no query), or None without windows."""
    windows = calendar_of(req.site, req.service).windows
    if not windows:
        return None
    chosen = next((w for w in windows if w.id == req.window_id), None)
    if chosen is None:
        raise BookingError("window_required", _l("Pilih jam kedatangan."), "window")
    local = site_now(req.site, req.now)
    if req.day == local.date() and chosen.ends <= wall_clock(local):
        raise BookingError("window_over", _l("Jam kedatangan itu sudah lewat."), "window")
    return chosen


@functools.cache
def _sequence_upsert(dialect: str) -> sa.Insert:
    """INSERT … ON CONFLICT DO UPDATE … RETURNING: the day's first booking creates the row,
    every later one waits on it (built once: statements are costly to construct)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(QueueSequence).values(
        site_id=sa.bindparam("site_id"), day=sa.bindparam("day"),
        prefix=sa.bindparam("prefix"), last_number=1)
    return statement.on_conflict_do_update(
        index_elements=[QueueSequence.site_id, QueueSequence.day, QueueSequence.prefix],
        set_={"last_number": QueueSequence.last_number + 1},
    ).returning(QueueSequence.last_number)


def _increment_sequence(site_id: int, day: dt.date, prefix: str) -> int:
    """The next number of the queue, in one statement that takes the lock."""
    statement = _sequence_upsert(db.session.get_bind().dialect.name)
    return db.session.execute(statement, {"site_id": site_id, "day": day,
                                          "prefix": prefix}).scalar_one()


def _count(*conditions: sa.ColumnElement[bool]) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ticket).where(
        Ticket.status.in_(COUNTED_STATUSES), *conditions)) or 0


# The columns issue_ticket gives a new ticket (every other one is NULL or has no default).
TICKET_COLUMNS = (
    "code", "idempotency_key", "request_fingerprint", "site_id", "service_id", "day", "prefix",
    "sequence", "window_id", "priority", "channel", "status", "name", "phone", "nik_hash",
    "nik_last4", "person_key", "call_count", "created_at", "booked_by_id", "assisted_by_id",
    "kiosk_id")
EVENT_INSERT = sa.insert(TicketEvent.__table__)
REFUSALS = ("key", "quota_full", "window_full", "duplicate_person")  # the order reported


@functools.cache
def _refusals(rules: frozenset[str]) -> dict[str, sa.ColumnElement[bool]]:
    """What, under the lock, stops the ticket from being made: the key already used, the day's
    quota, the window's capacity, the person's active ticket (those of `rules` that apply).
    Each is a SQL condition, true when it refuses, on the parameters :site_id, :service_id,
    :day, :idempotency_key, :quota, :window_id, :capacity, :person_key."""
    other = sa.orm.aliased(Ticket, name="other")
    day = other.day == sa.bindparam("day")
    service = other.service_id == sa.bindparam("service_id")

    def counted(*conditions: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
        return sa.select(sa.func.count()).where(
            other.status.in_(COUNTED_STATUSES), day, *conditions).scalar_subquery()

    every = {
        "key": sa.exists().where(other.site_id == sa.bindparam("site_id"), service,
                                 other.idempotency_key == sa.bindparam("idempotency_key")),
        "quota_full": counted(service) >= sa.bindparam("quota", type_=sa.Integer),
        "window_full": counted(other.window_id == sa.bindparam("window_id")) >= sa.bindparam(
            "capacity", type_=sa.Integer),
        "duplicate_person": sa.exists().where(
            service, day, other.person_key == sa.bindparam("person_key"),
            other.status.in_(ACTIVE_STATUSES)),
    }
    return {name: every[name] for name in REFUSALS if name == "key" or name in rules}


@functools.cache
def _ticket_insert(rules: frozenset[str], columns: tuple[str, ...]) -> sa.Insert:
    """INSERT the ticket unless a refusal holds: one statement, built once per set of rules
    and columns."""
    table = Ticket.__table__
    values = sa.select(*[sa.bindparam(f"v_{c}", type_=table.c[c].type) for c in columns])
    return sa.insert(table).from_select(
        columns, values.where(sa.not_(sa.or_(*_refusals(rules).values()))),
        include_defaults=False).returning(table.c.id)


@functools.cache
def _refusal_check(rules: frozenset[str]) -> sa.Select:
    return sa.select(*[c.label(name) for name, c in _refusals(rules).items()])


EVENT_COLUMNS = ("ticket_id", "at", "from_status", "to_status", "staff_id", "counter_id", "note")


@functools.cache
def _ticket_and_event_insert(rules: frozenset[str], columns: tuple[str, ...]) -> sa.Insert:
    """PostgreSQL: the ticket's insert (unless a refusal holds) and its first event in one
    statement, `WITH new AS (INSERT … RETURNING id) INSERT INTO ticket_event SELECT …`: one
    round trip fewer while the queue is locked. No ticket, no event."""
    new = _ticket_insert(rules, columns).cte("new_ticket")
    event = TicketEvent.__table__
    first = sa.select(new.c.id, sa.bindparam("e_at", type_=event.c.at.type),
                      sa.null(), sa.literal("waiting", sa.String), sa.bindparam(
                          "e_staff_id", type_=sa.Integer), sa.null(),
                      sa.bindparam("e_note", type_=sa.String))
    return (sa.insert(event).from_select(EVENT_COLUMNS, first, include_defaults=False)
            .add_cte(new).returning(event.c.ticket_id))


def _insert_ticket(values: dict[str, object], rules: frozenset[str],
                   checked: dict[str, object], event: dict[str, object],
                   columns: tuple[str, ...]) -> tuple[int | None, bool]:
    """(the new ticket's id or None when a refusal held, whether its event is written too)."""
    params = {**checked, **{f"v_{c}": values[c] for c in columns}}
    if db.session.get_bind().dialect.name == "postgresql":
        params.update({f"e_{k}": v for k, v in event.items()})
        return db.session.execute(_ticket_and_event_insert(rules, columns), params).scalar(), True
    return db.session.execute(_ticket_insert(rules, columns), params).scalar(), False


def _why_refused(rules: frozenset[str], checked: dict[str, object]) -> str | None:
    """Which refusal holds now (asked under the same lock). None when none does any more: on
    PostgreSQL (READ COMMITTED) each statement sees what committed before it, and a ticket
    cancelled or finished elsewhere (which takes no queue lock) may have freed the room
    between the insert and this question; the caller then tries the insert again."""
    row = db.session.execute(_refusal_check(rules), checked).one()
    return next((name for name, refused in row._mapping.items() if refused), None)


def _insert_or_refusal(values: dict[str, object], rules: frozenset[str],
                       checked: dict[str, object], event: dict[str, object],
                       columns: tuple[str, ...] = TICKET_COLUMNS
                       ) -> tuple[int | None, str | None, bool]:
    """(ticket id, None, whether its event is written), or (None, the refusal that held,
    False). Room freed by another transaction between the insert and the question is taken:
    a few tries, all under the lock."""
    refused = None
    for _attempt in range(3):
        ticket_id, with_event = _insert_ticket(values, rules, checked, event, columns)
        if ticket_id is not None:
            return ticket_id, None, with_event
        refused = _why_refused(rules, checked)
        if refused is not None:
            return None, refused, False
    # Room appeared and vanished three times in a row: say plainly the queue is busy.
    return None, "busy", False


def _keep(ticket: Ticket, req: BookingRequest, window: Slot | None) -> Ticket:
    """Put the inserted ticket in the session as if loaded, with what it shows (site, service,
    window, counter), so that nothing about it is queried again."""
    make_transient_to_detached(ticket)
    db.session.add(ticket)
    shown = None
    if window is not None:
        shown = ServiceWindow(id=window.id, service_id=req.service.id, starts=window.starts,
                              ends=window.ends, capacity=window.capacity)
        make_transient_to_detached(shown)
        shown = db.session.merge(shown, load=False)
    for name, value in (("site", req.site), ("service", req.service), ("window", shown),
                        ("counter", None)):
        set_committed_value(ticket, name, value)
    return ticket


def _commit_keeping_loaded() -> None:
    """Commit without expiring what the session holds: the ticket and what it shows are
    already as committed, and reloading them would cost more queries than the booking."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


@dataclass
class Prepared:
    """A request checked before the lock: what its ticket's INSERT needs."""

    req: BookingRequest
    fingerprint: str
    nik_hash: str | None
    nik_last4: str
    phone: str
    person_key: str | None
    window: Slot | None

    def rules(self) -> frozenset[str]:
        return frozenset(name for name, applies in (
            ("quota_full", self.req.service.daily_quota is not None),
            ("window_full", self.window is not None),
            ("duplicate_person", self.person_key is not None)) if applies)

    def checked(self) -> dict[str, object]:
        req, window = self.req, self.window
        return {"site_id": req.site.id, "service_id": req.service.id, "day": req.day,
                "idempotency_key": req.idempotency_key, "quota": req.service.daily_quota,
                "window_id": window.id if window else None,
                "capacity": window.capacity if window else None, "person_key": self.person_key}

    def values(self, sequence: int, now: dt.datetime) -> dict[str, object]:
        req, window = self.req, self.window
        return dict(
            code=new_code(), idempotency_key=req.idempotency_key,
            request_fingerprint=self.fingerprint, site_id=req.site.id,
            service_id=req.service.id, day=req.day, prefix=req.service.queue_prefix,
            sequence=sequence, window_id=window.id if window else None,
            priority=req.priority or None, channel=req.channel, status="waiting",
            name=req.name.strip(), phone=self.phone, nik_hash=self.nik_hash,
            nik_last4=self.nik_last4, person_key=self.person_key, counter_id=None,
            call_count=0, called_at=None, checked_in_at=None, served_at=None, finished_at=None,
            created_at=now, booked_by_id=req.booked_by.id if req.booked_by else None,
            assisted_by_id=req.assisted_by.id if req.assisted_by else None,
            kiosk_id=req.kiosk_id)

    def event(self, now: dt.datetime) -> dict[str, object]:
        staff = self.req.assisted_by or self.req.booked_by
        return dict(at=now, staff_id=staff.id if staff else None, note=self.req.channel)


def _check_queued(service: Service) -> None:
    if not service.bookable:    # information-only, or done outside the MPP: no queue
        raise BookingError("not_queued", _l("Layanan ini tidak memakai antrean di MPP ini."),
                           "service")


def prepare(req: BookingRequest, secret: str, horizon_days: int) -> Prepared:
    """Everything checked before the lock: the service queues, the fields, the day, the
    window. Raises BookingError."""
    _check_queued(req.service)
    nik_hash, last4, phone, person_key = validate(req, secret)
    fingerprint = request_fingerprint(req, secret)
    _check_day(req, horizon_days)
    return Prepared(req, fingerprint, nik_hash, last4, phone, person_key, _window(req))


def insert_prepared(prepared: Prepared, sequence: int, now: dt.datetime,
                    columns: tuple[str, ...] = (), **extra: object
                    ) -> tuple[dict[str, object] | None, str | None]:
    """Under the queue's lock: the ticket's INSERT and its first event. (the values written,
    None) or (None, the refusal that held). `columns` and `extra`: further ticket columns
    (a visit's)."""
    values = {**prepared.values(sequence, now), **extra}
    event = prepared.event(now)
    ticket_id, refused, with_event = _insert_or_refusal(
        values, prepared.rules(), prepared.checked(), event, TICKET_COLUMNS + columns)
    if ticket_id is None:
        return None, refused
    if not with_event:
        db.session.execute(EVENT_INSERT, dict(
            ticket_id=ticket_id, from_status=None, to_status="waiting", counter_id=None,
            **event))
    values["id"] = ticket_id
    return values, None


def issue_ticket(req: BookingRequest, *, secret: str, horizon_days: int = 14,
                 key_unused: bool = False, keep: bool = True) -> tuple[Ticket, bool]:
    """(ticket, created). Raises BookingError; commits on success, rolls back on refusal.

    `key_unused`: the caller has already found, in this transaction, that no ticket of the
    site and service has this idempotency key (the API reads it with the site and service);
    under the lock the insert checks it again anyway. `keep=False`: the caller reads nothing
    of a new ticket but its columns (the API answers from queue/state.py): it is returned
    as a plain, unattached Ticket, not kept in the session with its site and service."""
    site_id, service_id = req.site.id, req.service.id
    _check_queued(req.service)
    existing = None if key_unused else find_by_key(site_id, service_id,
                                                   req.idempotency_key or "")
    if existing is not None:
        return _same_request(existing, req, secret), False
    prepared = prepare(req, secret, horizon_days)
    try:
        sequence = _increment_sequence(site_id, req.day, req.service.queue_prefix)  # the lock
        values, refused = insert_prepared(prepared, sequence, dates.now())
        if values is None:
            if refused == "key":  # the same key won the race: its ticket, once unlocked
                db.session.rollback()
                return _same_request(find_by_key(site_id, service_id, req.idempotency_key),
                                     req, secret), False  # type: ignore[arg-type]
            raise refusal_error(refused, prepared.person_key, prepared.nik_hash)
        ticket = Ticket(**values)
        if keep or req.subscriptions:
            ticket = _keep(ticket, req, prepared.window)
        if req.subscriptions:
            _subscribe(ticket, req)
        _commit_keeping_loaded()
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
        raise _duplicate_person(prepared.person_key,
                                "nik" if prepared.nik_hash else "phone") from None
    return ticket, True


def issue_at_the_mpp(req: BookingRequest, *, secret: str, clock: dt.time) -> tuple[Ticket, bool]:
    """A ticket for today taken at the MPP (walk-in, assisted, kiosk): where the service has
    time windows, the current one, else the next one with room (the app picks it, not the
    visitor). COMMITS (issue_ticket does). Raises BookingError."""
    windows: list[ServiceWindow | None] = list(db.session.scalars(
        sa.select(ServiceWindow).where(ServiceWindow.service_id == req.service.id,
                                       ServiceWindow.ends > clock)
        .order_by(ServiceWindow.starts))) or [None]
    for index, window in enumerate(windows):
        req.window_id = window.id if window is not None else None
        try:
            return issue_ticket(req, secret=secret)
        except BookingError as refusal:
            if refusal.code != "window_full" or index == len(windows) - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def refusal_error(code: str, person_key: str | None, nik_hash: str | None) -> BookingError:
    if code == "quota_full":
        return BookingError("quota_full", _l("Kuota layanan ini untuk tanggal tersebut "
                                             "sudah penuh."), "day")
    if code == "window_full":
        return BookingError("window_full", _l("Jam kedatangan itu sudah penuh. Pilih jam "
                                              "lain."), "window")
    if code == "busy":
        return BookingError("busy", _l("Antrean layanan ini sedang sangat ramai. Coba lagi "
                                       "sebentar lagi."))
    return _duplicate_person(person_key, "nik" if nik_hash else "phone")


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


def has_room(service: Service, day: dt.date) -> bool:
    """Whether the service's daily quota leaves room on `day` (always, without a quota)."""
    quota = service.daily_quota
    return quota is None or _count(Ticket.service_id == service.id, Ticket.day == day) < quota


def _next_day_with_room(req: BookingRequest, horizon_days: int) -> dt.date | None:
    today = site_today(req.site, req.now)
    last = today + dt.timedelta(days=horizon_days)
    for day in next_service_days(req.site, req.service, req.day + dt.timedelta(days=1), 30):
        if day > last:
            return None
        if has_room(req.service, day):
            return day
    return None
