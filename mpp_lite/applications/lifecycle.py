"""The life of an application (berkas): receipt, the allowed status changes, the promised date,
pickup, and the end of its personal data. No `request` here: plain values in, model objects
out; callers commit. Staff pages, the agency API and the demo data all come through here.

- The promise: `processing_days` working days of the service (copied at receipt) counted after
  the day of receipt, in the site's working days (mpp_lite/workdays.py). None: same day or not
  known, so no due date and never "late".
- "Needs documents" stops the clock (the standard counts "sejak berkas lengkap"): the working
  days between asking and the next status are added to the due date when the clock runs again.
- Completion is the day the product became ready (or was handed over without a "ready" step):
  on time when that day is not after the due date.
- Every change is one ApplicationEvent (who: staff, an agency token, or the app) and, where the
  citizen should hear of it, one NotificationEvent written in the same transaction.
- Two writers at once (two officers scanning the same receipt): the row's version column lets
  one win; the other gets ApplicationError("conflict") and nothing of it is saved.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Collection, Iterable

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import dates
from ..codes import new_code, normalise_code
from ..extensions import db
from ..identity import keyed_hash
from ..models import (
    APPLICATION_STATUSES, COLLECTORS, FINAL_APPLICATION_STATUSES, OPEN_APPLICATION_STATUSES,
    AgencyToken, Application, ApplicationEvent, Service, Site, StaffUser, Subscription,
    Ticket,
)
from ..notify.events import record
from ..notify.subscriptions import phone_subscriptions
from ..workdays import (
    add_working_days, site_add_working_days, site_working_days_between, working_days_between,
)

# One label per status, in APPLICATION_STATUSES order (a test checks): plain Indonesian.
STATUS_LABELS = {
    "received": _l("Berkas diterima"),
    "in_progress": _l("Sedang diproses"),
    "at_head_office": _l("Diproses di kantor pusat instansi"),
    "needs_documents": _l("Perlu dokumen tambahan"),
    "ready": _l("Siap diambil"),
    "collected": _l("Sudah diambil"),
    "rejected": _l("Ditolak"),
    "withdrawn": _l("Dibatalkan pemohon"),
}
COLLECTOR_LABELS = {"applicant": _l("Pemohon sendiri"), "proxy": _l("Diwakilkan")}

# Which status may follow which. "received" is only ever the first; nothing follows the final
# ones; a product handed over cannot be handed over again.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("in_progress", "at_head_office", "needs_documents", "ready", "collected",
                 "rejected", "withdrawn"),
    "in_progress": ("at_head_office", "needs_documents", "ready", "collected", "rejected",
                    "withdrawn"),
    "at_head_office": ("in_progress", "needs_documents", "ready", "collected", "rejected",
                       "withdrawn"),
    "needs_documents": ("in_progress", "at_head_office", "ready", "rejected", "withdrawn"),
    "ready": ("collected",),
    "collected": (),
    "rejected": (),
    "withdrawn": (),
}
# The changes a citizen should hear about (recorded as notification events).
NOTIFY_STATUSES = ("received", "needs_documents", "ready", "rejected", "collected")

MAX_NAME = 80
MAX_PHONE = 20
MAX_NOTE = 1000
MAX_DOCUMENTS = 40
MAX_DOCUMENT = 500  # a requirement's text may be this long (catalog/validation.py)
MAX_PLACE = 200
MAX_RELATION = 60
MAX_IDEMPOTENCY_KEY = 80
PICKUP_DAYS_DEFAULT = 30  # calendar days a ready product waits when no "until" is given


class ApplicationError(Exception):
    """A refused receipt or change. code: invalid | conflict | forbidden | not_found.
    `fields` holds a message per input name (form fields and API members share names)."""

    def __init__(self, code: str, message: object, fields: dict[str, object] | None = None):
        super().__init__(str(message))
        self.code, self.message, self.fields = code, message, fields or {}


@dataclass
class Actor:
    """Who makes a change: a staff member, an agency's API token, or the app itself."""
    staff: StaffUser | None = None
    token: AgencyToken | None = None

    @property
    def source(self) -> str:
        return "staff" if self.staff else "api" if self.token else "system"


SYSTEM = Actor()


@dataclass
class Receipt:
    """What is needed to receive an application (from the console form or the API)."""
    site: Site
    service: Service
    applicant_name: str
    phone: str = ""
    ticket: Ticket | None = None
    documents: list[str] = field(default_factory=list)
    documents_note: str = ""
    note: str = ""
    actor: Actor = field(default_factory=Actor)
    idempotency_key: str | None = None
    now: dt.datetime | None = None


@dataclass
class Change:
    """One status change. Only the members its status uses are read:
    needs_documents: missing (+ missing_by); ready: pickup_place, pickup_from, pickup_until;
    collected: collected_by (+ collector_name and collector_relation for a proxy);
    rejected: reason. `note` is shown to the citizen unless `public` is False."""
    status: str
    note: str = ""
    public: bool = True
    missing: list[str] = field(default_factory=list)
    missing_by: dt.date | None = None
    pickup_place: str = ""
    pickup_from: dt.date | None = None
    pickup_until: dt.date | None = None
    collected_by: str = ""
    collector_name: str = ""
    collector_relation: str = ""
    reason: str = ""
    actor: Actor = field(default_factory=Actor)
    idempotency_key: str | None = None
    now: dt.datetime | None = None


# --- reading ----------------------------------------------------------------------------------


def get_application(code: str | None) -> Application | None:
    code = normalise_code(code)
    if not code:
        return None
    return db.session.scalar(sa.select(Application).filter_by(code=code))


def allowed_next(application: Application) -> tuple[str, ...]:
    return TRANSITIONS[application.status]


def is_overdue(application: Application, today: dt.date) -> bool:
    """Late now: still open, the clock running, and today past the due date. While documents
    are awaited the clock stands still, so it is not late then; once the product is ready the
    promise is kept or broken for good (was_on_time), and the application is no longer late."""
    if application.due_date is None or application.status == "needs_documents":
        return False
    if application.status in OPEN_APPLICATION_STATUSES:
        return today > effective_due_date(application, today)
    return False


# The date arithmetic below reads the site's closed days itself, or takes them as `holidays`
# (a set covering the dates involved) from a page that handles many applications at once with
# one query: the same rule either way.


def _between(application: Any, start: dt.date, end: dt.date,
             holidays: Collection[dt.date] | None) -> int:
    if holidays is None:
        return site_working_days_between(application.site_id, start, end)
    return working_days_between(start, end, holidays)


def effective_due_date(application: Application, today: dt.date,
                       holidays: Collection[dt.date] | None = None) -> dt.date | None:
    """The due date as it stands today (while paused it moves with every working day waited;
    the stored due date is updated when the clock runs again)."""
    if application.due_date is None:
        return None
    if application.paused_on is None:
        return application.due_date
    waited = _between(application, application.paused_on, today, holidays)
    if holidays is None:
        return site_add_working_days(application.site_id, application.due_date, waited)
    return add_working_days(application.due_date, waited, holidays)


def working_days_late(application: Application, today: dt.date,
                      holidays: Collection[dt.date] | None = None) -> int:
    """Working days past the due date now; 0 unless overdue (late but no working day past it
    yet, e.g. on the holiday after the due date, is 0 too)."""
    if not is_overdue(application, today):
        return 0
    # Overdue means not paused: the stored due date is the one that stands.
    return _between(application, application.due_date, today, holidays)


def was_on_time(application: Application) -> bool | None:
    """Completed no later than the promise? None when there was no promise or no completion."""
    if application.due_date is None or application.completed_on is None:
        return None
    return application.completed_on <= application.due_date


def working_days_taken(application: Application,
                       holidays: Collection[dt.date] | None = None) -> int | None:
    """Working days from receipt to completion, without the days spent waiting for documents."""
    if application.completed_on is None:
        return None
    taken = _between(application, application.received_on, application.completed_on, holidays)
    return max(taken - application.paused_days, 0)


# --- validation helpers -----------------------------------------------------------------------


def _text(value: object, limit: int, name: str, fields: dict[str, object],
          message: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        fields[name] = _l("Harus berupa teks.")
        return ""
    text = value.replace("\x00", "").strip()
    if len(text) > limit:
        fields[name] = message
    return text


def _text_list(values: object, name: str, fields: dict[str, object]) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)) or any(not isinstance(v, str) for v in values):
        fields[name] = _l("Harus berupa daftar teks.")
        return []
    cleaned = [v.replace("\x00", "").strip() for v in values]
    cleaned = list(dict.fromkeys(v for v in cleaned if v))  # no blanks, no repeats, in order
    if len(cleaned) > MAX_DOCUMENTS or any(len(v) > MAX_DOCUMENT for v in cleaned):
        fields[name] = _l("Paling banyak %(count)d dokumen, masing-masing paling panjang "
                          "%(length)d karakter.", count=MAX_DOCUMENTS, length=MAX_DOCUMENT)
    return cleaned


def _key(value: str | None, fields: dict[str, object]) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_IDEMPOTENCY_KEY or "\x00" in value:
        fields["idempotency_key"] = _l("Kunci idempotensi paling panjang %(n)d karakter.",
                                       n=MAX_IDEMPOTENCY_KEY)
        return None
    return value


def fingerprint(values: dict[str, Any]) -> str:
    """A keyed hash of what a request asked for: a retried request with the same key must ask
    for the same thing, or it is refused (never silently answered with something else)."""
    return keyed_hash(current_app.config["SECRET_KEY"], "application",
                      json.dumps(values, sort_keys=True, default=str))


# --- receipt ----------------------------------------------------------------------------------


def due_date_for(site_id: int, received_on: dt.date,
                 processing_days: int | None) -> dt.date | None:
    if processing_days is None:
        return None
    return site_add_working_days(site_id, received_on, processing_days)


def receive(receipt: Receipt) -> tuple[Application, bool]:
    """Record a new application; returns (application, created). A retried receipt with the
    same idempotency key returns the first one (created False); the same key with different
    content is refused ("conflict")."""
    fields: dict[str, object] = {}
    name = _text(receipt.applicant_name, MAX_NAME, "applicant_name", fields,
                 _l("Nama paling panjang %(n)d karakter.", n=MAX_NAME))
    if not name and "applicant_name" not in fields:
        fields["applicant_name"] = _l("Tulis nama pemohon.")
    phone = _text(receipt.phone, MAX_PHONE, "phone", fields,
                  _l("Nomor HP paling panjang %(n)d karakter.", n=MAX_PHONE))
    if phone and not _valid_phone(phone):
        fields["phone"] = _l("Tulis nomor HP dengan angka saja, misalnya 0812 3456 7890.")
    documents = _text_list(receipt.documents, "documents", fields)
    documents_note = _text(receipt.documents_note, MAX_NOTE, "documents_note", fields,
                           _l("Paling panjang %(n)d karakter.", n=MAX_NOTE))
    note = _text(receipt.note, MAX_NOTE, "note", fields,
                 _l("Paling panjang %(n)d karakter.", n=MAX_NOTE))
    key = _key(receipt.idempotency_key, fields)
    service, site, ticket = receipt.service, receipt.site, receipt.ticket
    print_ = fingerprint({"service": service.id, "name": name, "phone": phone,
                          "ticket": ticket.id if ticket else None, "documents": documents,
                          "documents_note": documents_note, "note": note})
    token = receipt.actor.token
    if key is not None and not fields and (token is None or token.site_id == site.id):
        # A retry finds the first answer before the catalogue is checked again (a service
        # changed since must not turn an answered request into a refusal).
        earlier = db.session.scalar(sa.select(Application).filter_by(site_id=site.id,
                                                                     idempotency_key=key))
        if earlier is not None and (token is None or earlier.agency_id == token.agency_id):
            return _same_request(earlier, print_), False
    if service.site_id != site.id:
        fields["service"] = _l("Layanan tidak ditemukan di MPP ini.")
    elif not service.bookable:
        fields["service"] = _l("Layanan ini tidak menerima berkas di MPP.")
    if ticket is not None and (ticket.site_id != site.id
                               or ticket.service.agency_id != service.agency_id):
        # Another site's ticket, or another agency's: not this application's visit.
        fields["ticket"] = _l("Tiket tidak ditemukan di MPP ini.")
    if token is not None and (token.site_id != site.id or token.agency_id != service.agency_id):
        raise ApplicationError("forbidden", _l("Token ini bukan milik instansi layanan ini."))
    staff = receipt.actor.staff
    if staff is not None and staff.site_id != site.id:
        raise ApplicationError("forbidden", _l("Anda tidak bertugas di MPP ini."))
    if fields:
        raise ApplicationError("invalid", _l("Periksa isian yang ditandai."), fields)


    now = dates.as_utc(receipt.now) if receipt.now else dates.now()  # stored as UTC
    received_on = dates.site_today(site, now)
    days = service.processing_days
    for _attempt in range(5):  # a clash of 10 random characters is very unlikely; retry
        application = Application(
            code=new_code(), site_id=site.id, agency_id=service.agency_id,
            service_id=service.id, ticket_id=ticket.id if ticket else None,
            status="received", applicant_name=name, phone=phone, documents=documents,
            documents_note=documents_note, note=note, received_at=now, received_on=received_on,
            processing_days=days, due_date=due_date_for(site.id, received_on, days),
            paused_days=0, missing=[], received_by_id=staff.id if staff else None,
            token_id=token.id if token else None, idempotency_key=key,
            request_fingerprint=print_, created_at=now, updated_at=now)
        application.events.append(ApplicationEvent(
            at=now, from_status=None, status="received", note="", public=True, details={},
            source=receipt.actor.source, staff_id=staff.id if staff else None,
            token_id=token.id if token else None))
        try:
            with db.session.begin_nested():
                db.session.add(application)
                db.session.flush()
        except sa.exc.IntegrityError:
            if key is not None:  # the same key, sent twice at once: the other one won
                earlier = db.session.scalar(sa.select(Application).filter_by(
                    site_id=site.id, idempotency_key=key))
                if earlier is not None:
                    return _same_request(earlier, print_), False
            continue  # a code clash: draw another
        # The phone is asked "for news of the application" (the desk's hint): it is the
        # citizen's consent to WhatsApp or SMS messages about this application only.
        phone_subscriptions(application, phone)
        _notify(application, application.events[-1])
        return application, True
    raise RuntimeError("could not draw a unique application code")


def _same_request(earlier: Application, print_: str) -> Application:
    if earlier.request_fingerprint != print_:
        raise ApplicationError("conflict", _l(
            "Kunci idempotensi ini sudah dipakai untuk permintaan lain."),
            {"idempotency_key": _l("Sudah dipakai untuk permintaan lain.")})
    return earlier


def _valid_phone(phone: str) -> bool:
    digits = phone.replace(" ", "").replace("-", "").replace(".", "")
    if digits.startswith("+"):
        digits = digits[1:]
    return digits.isdigit() and 8 <= len(digits) <= 15


# --- changes ----------------------------------------------------------------------------------


def change(application: Application, request: Change) -> tuple[Application, bool]:
    """Apply one status change; returns (application, changed). A retried change with the same
    idempotency key returns the application as it is (changed False)."""
    fields: dict[str, object] = {}
    status = request.status
    if status not in APPLICATION_STATUSES:
        raise ApplicationError("invalid", _l("Status tidak dikenal."),
                               {"status": _l("Pilih salah satu status yang tersedia.")})
    key = _key(request.idempotency_key, fields)
    actor = request.actor
    if actor.token is not None and (actor.token.site_id != application.site_id
                                    or actor.token.agency_id != application.agency_id):
        raise ApplicationError("forbidden", _l("Berkas ini milik instansi lain."))
    if actor.staff is not None and actor.staff.site_id != application.site_id:
        raise ApplicationError("forbidden", _l("Berkas ini milik MPP lain."))
    # A retry is answered before anything is checked again: the day or the catalogue may have
    # moved on since the first call (a "from today" date is yesterday's now), and the first
    # call's answer stands. The fingerprint is of the request as sent, not of derived values.
    print_ = _change_fingerprint(request)
    if key is not None and not fields:
        if _earlier_change(application, key, print_) is not None:
            return application, False
    note = _text(request.note, MAX_NOTE, "note", fields,
                 _l("Paling panjang %(n)d karakter.", n=MAX_NOTE))

    details: dict[str, Any] = {}
    values: dict[str, Any] = {}
    today = dates.site_today(application.site, request.now)
    if status == "needs_documents":
        missing = _text_list(request.missing, "missing", fields)
        if not missing and "missing" not in fields:
            fields["missing"] = _l("Sebutkan dokumen yang masih kurang.")
        if request.missing_by is not None and request.missing_by < today:
            fields["missing_by"] = _l("Batas waktu tidak boleh sebelum hari ini.")
        details = {"missing": missing,
                   "missing_by": request.missing_by.isoformat() if request.missing_by else None}
        values = {"missing": missing, "missing_by": request.missing_by}
    elif status == "ready":
        place = _text(request.pickup_place, MAX_PLACE, "pickup_place", fields,
                      _l("Paling panjang %(n)d karakter.", n=MAX_PLACE))
        if not place and "pickup_place" not in fields:
            place = _default_place(application)
        start = request.pickup_from or today
        until = request.pickup_until or (start + dt.timedelta(days=PICKUP_DAYS_DEFAULT))
        if request.pickup_from is not None and request.pickup_from < today:
            fields["pickup_from"] = _l("Tanggal mulai ambil tidak boleh sebelum hari ini.")
        if until < start:
            fields["pickup_until"] = _l("Batas ambil harus sesudah tanggal mulai ambil.")
        details = {"pickup_place": place, "pickup_from": start.isoformat(),
                   "pickup_until": until.isoformat()}
        values = {"pickup_place": place, "pickup_from": start, "pickup_until": until}
    elif status == "collected":
        if request.collected_by not in COLLECTORS:
            fields["collected_by"] = _l("Pilih siapa yang mengambil.")
        collector = _text(request.collector_name, MAX_NAME, "collector_name", fields,
                          _l("Nama paling panjang %(n)d karakter.", n=MAX_NAME))
        relation = _text(request.collector_relation, MAX_RELATION, "collector_relation", fields,
                         _l("Paling panjang %(n)d karakter.", n=MAX_RELATION))
        if request.collected_by == "proxy":
            if not collector and "collector_name" not in fields:
                fields["collector_name"] = _l("Tulis nama orang yang mengambil.")
            if not relation and "collector_relation" not in fields:
                fields["collector_relation"] = _l(
                    "Tulis hubungannya dengan pemohon (misalnya suami, anak, kuasa).")
        else:
            collector, relation = "", ""
        details = {"collected_by": request.collected_by}
        values = {"collected_by": request.collected_by, "collector_name": collector,
                  "collector_relation": relation}
    elif status == "rejected":
        reason = _text(request.reason, MAX_NOTE, "reason", fields,
                       _l("Paling panjang %(n)d karakter.", n=MAX_NOTE))
        if not reason and "reason" not in fields:
            fields["reason"] = _l("Tulis alasan penolakan: pemohon berhak mengetahuinya.")
        details = {"reason": reason}
        values = {"rejection_reason": reason}
    if fields:
        raise ApplicationError("invalid", _l("Periksa isian yang ditandai."), fields)

    if status not in TRANSITIONS[application.status]:
        raise ApplicationError("conflict", impossible_message(application.status, status),
                               {"status": impossible_message(application.status, status)})

    now = dates.as_utc(request.now) if request.now else dates.now()  # stored as UTC
    # Everything below happens on a savepoint: a refusal (another officer was quicker) undoes
    # just this change, so a bulk action keeps the others.
    savepoint = db.session.begin_nested()
    try:
        event = _apply(application, request, status, note, details, values, key, print_,
                       today, now)
        db.session.flush()
    except (StaleDataError, sa.exc.IntegrityError):
        savepoint.rollback()
        # The same retry sent twice at once: the other one recorded it; answer as a retry.
        if key is not None and _earlier_change(application, key, print_) is not None:
            return application, False
        raise ApplicationError("conflict", _l(
            "Berkas ini baru saja diubah petugas lain. Muat ulang halaman, lalu periksa "
            "statusnya.")) from None
    savepoint.commit()
    _notify(application, event)
    return application, True


def _change_fingerprint(request: Change) -> str:
    return fingerprint({
        "status": request.status, "note": request.note, "public": request.public,
        "missing": request.missing, "missing_by": request.missing_by,
        "pickup_place": request.pickup_place, "pickup_from": request.pickup_from,
        "pickup_until": request.pickup_until, "collected_by": request.collected_by,
        "collector_name": request.collector_name,
        "collector_relation": request.collector_relation, "reason": request.reason})


def recorded_change(application: Application, key: str | None) -> ApplicationEvent | None:
    """The event a change sent with this idempotency key recorded, if any."""
    if not key:
        return None
    return db.session.scalar(sa.select(ApplicationEvent).filter_by(
        application_id=application.id, idempotency_key=key))


def _earlier_change(application: Application, key: str, print_: str) -> ApplicationEvent | None:
    """The event a retried change (same key) recorded; the same key with another change is
    refused ("conflict")."""
    earlier = recorded_change(application, key)
    if earlier is not None and earlier.request_fingerprint != print_:
        raise ApplicationError("conflict", _l(
            "Kunci idempotensi ini sudah dipakai untuk perubahan lain."),
            {"idempotency_key": _l("Sudah dipakai untuk perubahan lain.")})
    return earlier


def _apply(application: Application, request: Change, status: str, note: str,
           details: dict[str, Any], values: dict[str, Any], key: str | None, print_: str,
           today: dt.date, now: dt.datetime) -> ApplicationEvent:
    from_status = application.status
    if from_status == "needs_documents":  # the documents came: the clock runs again
        waited = site_working_days_between(application.site_id, application.paused_on or today,
                                           today)
        application.paused_days += waited
        if application.due_date is not None:
            application.due_date = site_add_working_days(application.site_id,
                                                         application.due_date, waited)
        application.paused_on = None
        application.missing, application.missing_by = [], None
    if status == "needs_documents":
        application.paused_on = today
    for name, value in values.items():
        setattr(application, name, value)
    if status in ("ready", "collected") and application.completed_on is None:
        # Done the day the agency says it is ready (a pickup that starts later, e.g. after a
        # holiday, is the MPP's opening, not the agency's processing time).
        application.completed_on = today
    if status == "collected":
        application.collected_at = now
    if status in FINAL_APPLICATION_STATUSES:
        application.closed_at = now
    application.status = status
    application.updated_at = now
    actor = request.actor
    event = ApplicationEvent(
        at=now, from_status=from_status, status=status, note=note, public=request.public,
        details=details, source=actor.source, staff_id=actor.staff.id if actor.staff else None,
        token_id=actor.token.id if actor.token else None, idempotency_key=key,
        request_fingerprint=print_)
    application.events.append(event)
    return event


def impossible_message(current: str, wanted: str) -> str:
    if current == "collected" and wanted == "collected":
        return str(_l("Produk berkas ini sudah diambil: tidak bisa diserahkan dua kali."))
    if current in FINAL_APPLICATION_STATUSES:
        return str(_l("Berkas ini sudah selesai (%(status)s): statusnya tidak bisa diubah lagi.",
                      status=STATUS_LABELS[current]))
    return str(_l("Status tidak bisa diubah dari \"%(current)s\" menjadi \"%(wanted)s\".",
                  current=STATUS_LABELS[current], wanted=STATUS_LABELS[wanted]))


def _default_place(application: Application) -> str:
    """Where to pick up when the officer says nothing: the agency's counter at the MPP."""
    counters = application.service.counters
    if counters:
        return f"{counters[0].label}, {application.site.name}"
    return application.site.name


def _notify(application: Application, event: ApplicationEvent) -> None:
    """Record what the citizen should hear (same transaction as the change)."""
    if event.status not in NOTIFY_STATUSES:
        return
    record(site_id=application.site_id, kind=f"application.{event.status}",
           dedupe_key=f"application-event:{event.id}", application_id=application.id,
           # Only the code, the status and the due date: nothing personal (no reason, no
           # collector); the messages re-read the application when they are sent.
           payload={"code": application.code, "status": event.status,
                    "due_date": application.due_date.isoformat()
                    if application.due_date else None},
           at=event.at)


def change_many(applications: Iterable[Application], request: Change) -> tuple[int, list[str]]:
    """The same change for several applications (e.g. 40 printed KTP-el ready at once):
    each is applied on its own savepoint; returns (changed count, refusals as
    "CODE: message"). Nothing is committed here."""
    changed, refused = 0, []
    for application in applications:
        try:
            _app, did = change(application, Change(**{**request.__dict__,
                                                      "idempotency_key": None}))
            changed += did
        except ApplicationError as error:
            refused.append(f"{application.code}: {error.message}")
    return changed, refused


# --- retention --------------------------------------------------------------------------------


def erase_personal_data(older_than_days: int, now: dt.datetime | None = None) -> int:
    """Blank the personal data of applications closed (collected, rejected, withdrawn) more
    than `older_than_days` ago, or ready and never collected for that long after their pickup
    deadline: the name, phone, documents, notes (the application's and every timeline note),
    the rejection reason and who collected it. The code, statuses and dates stay (statistics,
    the citizen's timeline). Returns how many applications were erased."""
    moment = now or dates.now()
    cutoff = moment - dt.timedelta(days=older_than_days)
    stale = sa.or_(
        sa.and_(Application.closed_at.is_not(None), Application.closed_at < cutoff),
        sa.and_(Application.status == "ready", Application.pickup_until.is_not(None),
                Application.pickup_until < cutoff.date()))
    applications = db.session.scalars(
        sa.select(Application).where(stale, Application.personal_data_erased_at.is_(None))
        .options(selectinload(Application.events))).all()
    for application in applications:
        application.applicant_name = application.phone = application.documents_note = ""
        application.note = application.rejection_reason = ""
        application.collector_name = application.collector_relation = ""
        application.documents = []
        application.personal_data_erased_at = moment
        for event in application.events:
            event.note = ""
            event.details = {k: v for k, v in (event.details or {}).items() if k != "reason"}
    if applications:  # where to reach them is personal data too
        from ..models import NotificationEvent
        ids = [a.id for a in applications]
        db.session.execute(sa.delete(Subscription).where(Subscription.application_id.in_(ids)))
        for notice in db.session.scalars(sa.select(NotificationEvent).where(
                NotificationEvent.application_id.in_(ids))):
            payload = notice.payload or {}
            notice.payload = {k: payload[k] for k in ("code", "status") if k in payload}
    db.session.flush()
    return len(applications)
