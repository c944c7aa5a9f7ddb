"""The rules of the SKM survey and of complaints. No `request` here: plain values in, model
objects out; callers commit."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Collection

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import dates
from ..extensions import db
from ..notify.events import has_subscribers, record
from ..notify.subscriptions import phone_subscriptions
from ..models import (
    COMPLAINT_STATUSES, Agency, Complaint, ComplaintEvent, Service, Site, StaffUser,
    SurveyResponse, Ticket,
)
from .ikm import ELEMENTS
from ..codes import new_code, normalise_code
from ..workdays import add_working_days, closed_days

# --- survey (SKM) -----------------------------------------------------------------------------


class SurveyError(Exception):
    """code: not_done | already_answered | invalid."""

    def __init__(self, code: str, message: object, fields: dict[str, object] | None = None):
        super().__init__(str(message))
        self.code, self.message, self.fields = code, message, fields or {}


def survey_for(ticket: Ticket) -> SurveyResponse | None:
    return db.session.scalar(sa.select(SurveyResponse).filter_by(ticket_id=ticket.id))


def check_surveyable(ticket: Ticket) -> None:
    """Raise SurveyError unless this ticket may still be surveyed."""
    if ticket.status != "done":
        raise SurveyError("not_done", _l(
            "Survei bisa diisi setelah layanan untuk tiket ini selesai."))
    if survey_for(ticket) is not None:
        raise SurveyError("already_answered", _l(
            "Survei untuk tiket ini sudah diisi. Terima kasih!"))


def validate_answers(answers: object) -> list[int]:
    if not isinstance(answers, (list, tuple)) or len(answers) != ELEMENTS or any(
            isinstance(a, bool) or not isinstance(a, int) or not 1 <= a <= 4 for a in answers):
        raise SurveyError("invalid", _l("Jawab kesembilan pertanyaan dengan nilai 1 sampai 4."),
                          {"answers": _l("Harus 9 bilangan bulat 1–4.")})
    return list(answers)


def submit_survey(ticket: Ticket, answers: object, comment: str = "",
                  now: dt.datetime | None = None) -> SurveyResponse:
    """Record the one survey of a finished ticket. Two submissions racing each other: the
    unique constraint on ticket_id lets one win; the other gets `already_answered`."""
    values = validate_answers(answers)
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise SurveyError("invalid", _l("Saran terlalu panjang (maksimal 1.000 karakter)."),
                          {"comment": _l("Maksimal 1.000 karakter.")})
    check_surveyable(ticket)
    response = SurveyResponse(
        ticket_id=ticket.id, site_id=ticket.site_id, agency_id=ticket.service.agency_id,
        service_id=ticket.service_id, day=dates.site_today(ticket.site, now),
        comment=comment, **{f"u{i + 1}": value for i, value in enumerate(values)})
    db.session.add(response)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()  # nothing else is pending in a survey request
        raise SurveyError("already_answered", _l(
            "Survei untuk tiket ini sudah diisi. Terima kasih!")) from None
    return response


def survey_comments(site_id: int, start: dt.date, end: dt.date,
                    service_id: int | None = None, agency_id: int | None = None):
    """The non-empty comments ("saran") of a period, newest first (a query to paginate)."""
    query = sa.select(SurveyResponse).where(
        SurveyResponse.site_id == site_id, SurveyResponse.day >= start,
        SurveyResponse.day <= end, SurveyResponse.comment != "")
    if service_id is not None:
        query = query.where(SurveyResponse.service_id == service_id)
    if agency_id is not None:
        query = query.where(SurveyResponse.agency_id == agency_id)
    return query.order_by(SurveyResponse.day.desc(), SurveyResponse.id.desc())


def ikm_period(site: Site, first_text: str | None,
               last_text: str | None) -> tuple[dt.date, dt.date]:
    """The period of IKM results typed in two boxes; an empty box means 1 January of this
    year (first) or today (last) at the site. Raises dates.PeriodError."""
    today = dates.site_today(site)
    first, last = dates.parse_period(first_text, last_text,
                                     default_first=today.replace(month=1, day=1),
                                     default_last=today, max_days=dates.MAX_PERIOD_DAYS)
    assert first is not None and last is not None  # both boxes have a default
    return first, last


# --- complaints -------------------------------------------------------------------------------

FIRST_RESPONSE_DAYS = 3  # working days after filing
ANSWER_DAYS = 5
# The statuses are COMPLAINT_STATUSES (models); a label each, in that order (a test checks).
STATUS_LABELS = {
    "new": _l("Diterima"),
    "in_progress": _l("Sedang ditangani"),
    "answered": _l("Sudah dijawab"),
    "closed": _l("Selesai"),
}
OPEN_STATUSES = ("new", "in_progress")
# What a staff response may set: anything but "new" (a complaint is new until answered once).
RESPONSE_STATUSES = tuple(status for status in COMPLAINT_STATUSES if status != "new")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 .-]{6,18}[0-9]$")


class ComplaintError(Exception):
    def __init__(self, message: object, fields: dict[str, object] | None = None):
        super().__init__(str(message))
        self.message, self.fields = message, fields or {}


def get_complaint(code: str) -> Complaint | None:
    code = normalise_code(code)
    if not code:
        return None
    return db.session.scalar(sa.select(Complaint).filter_by(code=code))


def valid_contact(contact: str) -> bool:
    return bool(EMAIL.match(contact) or PHONE.match(contact))


def complaint_deadlines(filed_on: dt.date,
                        holidays: Collection[dt.date] = ()) -> tuple[dt.date, dt.date]:
    """(first response due, answer due) for a complaint filed on a local day."""
    return (add_working_days(filed_on, FIRST_RESPONSE_DAYS, holidays),
            add_working_days(filed_on, ANSWER_DAYS, holidays))


@dataclass
class ComplaintRequest:
    site: Site
    body: str
    agency: Agency | None = None
    service: Service | None = None
    contact_name: str = ""
    contact: str = ""
    now: dt.datetime | None = None


def file_complaint(request: ComplaintRequest) -> Complaint:
    """A new complaint with its tracking code, deadlines and first timeline entry."""
    body = (request.body or "").strip()
    name = (request.contact_name or "").strip()
    contact = (request.contact or "").strip()
    fields: dict[str, object] = {}
    if len(body) < 10:
        fields["body"] = _l("Tuliskan pengaduan Anda (paling sedikit 10 karakter).")
    elif len(body) > 4000:
        fields["body"] = _l("Pengaduan terlalu panjang (maksimal 4.000 karakter).")
    if len(name) > 80:
        fields["contact_name"] = _l("Nama terlalu panjang (maksimal 80 karakter).")
    if contact and (len(contact) > 120 or not valid_contact(contact)):
        fields["contact"] = _l("Tulis nomor HP (misalnya 0812 3456 7890) atau alamat e-mail.")
    if fields:
        raise ComplaintError(_l("Periksa isian yang ditandai."), fields)
    service, agency = request.service, request.agency
    if service is not None:
        agency = service.agency  # a complaint about a service concerns its agency
    for item in (service, agency):
        if item is not None and item.site_id != request.site.id:
            raise ComplaintError(_l("Pilihan tidak ditemukan di MPP ini."))
    now = request.now or dates.now()
    filed_on = dates.site_today(request.site, now)
    first_due, answer_due = complaint_deadlines(
        filed_on, closed_days(request.site.id, filed_on, filed_on + dt.timedelta(days=60)))
    for _attempt in range(5):  # a clash of 10 random characters is very unlikely; retry
        complaint = Complaint(
            code=new_code(), site_id=request.site.id, agency_id=agency.id if agency else None,
            service_id=service.id if service else None, body=body, contact_name=name,
            contact=contact, status="new", first_response_due=first_due,
            answer_due=answer_due, created_at=now)
        complaint.events.append(ComplaintEvent(at=now, status="new", message=""))
        db.session.add(complaint)
        try:
            db.session.flush()
        except sa.exc.IntegrityError:
            db.session.rollback()  # nothing else is pending in a complaint request
            continue
        # A phone number left as contact is there for the answer: WhatsApp or SMS may bring it.
        phone_subscriptions(complaint, contact)
        return complaint
    raise RuntimeError("could not find a free complaint code")


def respond(complaint: Complaint, staff: StaffUser, message: str, status: str,
            now: dt.datetime | None = None) -> ComplaintEvent:
    """A staff response (shown to the citizen) and the new status; stamps the first response
    and the answer times."""
    message = (message or "").strip()
    fields: dict[str, object] = {}
    if status not in RESPONSE_STATUSES:
        fields["status"] = _l("Pilih status.")
    if len(message) < 5 and status != "closed":
        fields["message"] = _l("Tulis tanggapan untuk warga (paling sedikit 5 karakter).")
    elif len(message) > 4000:
        fields["message"] = _l("Tanggapan terlalu panjang (maksimal 4.000 karakter).")
    if fields:
        raise ComplaintError(_l("Periksa isian yang ditandai."), fields)
    now = now or dates.now()
    event = ComplaintEvent(at=now, status=status, message=message, staff_id=staff.id)
    complaint.events.append(event)
    complaint.status = status
    if complaint.first_response_at is None:
        complaint.first_response_at = now
    if status == "answered" and complaint.answered_at is None:
        complaint.answered_at = now
    if message and has_subscribers(complaint_id=complaint.id):
        db.session.flush()
        record(site_id=complaint.site_id, kind="complaint.answered",
               dedupe_key=f"complaint-event:{event.id}", complaint_id=complaint.id,
               payload={"code": complaint.code, "status": status}, at=now)
    return event


def overdue(complaint: Complaint, today: dt.date) -> str | None:
    """"answer" when the answer is late, "response" when the first response is late."""
    if complaint.status in OPEN_STATUSES and today > complaint.answer_due:
        return "answer"
    if complaint.first_response_at is None and complaint.status == "new" \
            and today > complaint.first_response_due:
        return "response"
    return None


def overdue_clause(today: dt.date):
    return sa.or_(
        sa.and_(Complaint.status.in_(OPEN_STATUSES), Complaint.answer_due < today),
        sa.and_(Complaint.status == "new", Complaint.first_response_at.is_(None),
                Complaint.first_response_due < today))


def complaints_for(staff: StaffUser, today: dt.date, status: str = "",
                   only_overdue: bool = False):
    """The complaints this account may see, overdue first, then by deadline."""
    query = sa.select(Complaint).where(Complaint.site_id == staff.site_id)
    if staff.role != "admin":
        query = query.where(Complaint.agency_id == staff.agency_id)
    if status == "open":
        query = query.where(Complaint.status.in_(OPEN_STATUSES))
    elif status in STATUS_LABELS:
        query = query.where(Complaint.status == status)
    late = overdue_clause(today)
    if only_overdue:
        query = query.where(late)
    return query.order_by(sa.case((late, 0), else_=1), Complaint.answer_due,
                          Complaint.id.desc())


def may_see(staff: StaffUser, complaint: Complaint) -> bool:
    if staff.site_id != complaint.site_id:
        return False
    return staff.role == "admin" or (
        staff.role == "officer" and staff.agency_id is not None
        and complaint.agency_id == staff.agency_id)


