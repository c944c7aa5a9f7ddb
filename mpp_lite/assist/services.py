"""Rules of assisted mode (petugas pendamping), without Flask requests.

The walk through the requirements keeps its answers in the URL (`?j=yyn`: one letter per
question, y = the visitor has it, n = not). Answering changes nothing on the server, so every
screen is a plain GET link that works without JavaScript, and Back is simply one letter less.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ..dates import site_today
from ..extensions import db
from ..models import Requirement, Service, Site, StaffUser, Ticket, Visit
from ..visits.booking import VisitError, VisitRequest, book_visit, visit_with_tickets
from ..templating import group_alternatives

ANSWERS = ("y", "n")
# "biasa": an assisted visitor who is not in a priority group still gets a (regular) ticket.
REGULAR = "biasa"
# The name stored when the assistant leaves it empty: in Indonesian, the records' language.
DEFAULT_NAMES = {
    "lansia": "Pengunjung lansia",
    "disabilitas": "Pengunjung disabilitas",
    "hamil": "Pengunjung ibu hamil",
    "anak": "Pengunjung anak",
    REGULAR: "Pengunjung",
}
SHORT_LIST_SIZE = 8
POPULAR_DAYS = 30


def questions(service: Service) -> list[list[Requirement]]:
    """One question per requirement; alternatives (same alt_group) make one question."""
    return group_alternatives(service.requirements)


# How a requirement is asked (question_text). The rule reads the requirement's form: a paper
# form (asli, fotokopi) is a document the visitor brings; "digital" is something they have
# (an account, a scan, an e-mail address); "none" is not a document at all: a condition on the
# applicant ("Pemohon datang sendiri", "Berusia 17 tahun"), asked as a yes/no question about
# them when its first word says it is one, or something to have ready (a phone number, cash,
# two witnesses), asked as "is this at hand". Catalogue editors give documents a paper form.
PAPER_FORMS = ("original", "copy", "original_and_copy")
# First words of a condition that names its subject ("Pemohon datang sendiri")…
CLAUSE_SUBJECTS = ("pemohon", "pengunjung", "pemilik", "peserta", "pelapor", "calon",
                   "wajib pajak", "orang tua", "kedua orang tua", "anak")
# …or starts with its verb, the applicant understood ("Berusia 17 tahun").
CLAUSE_VERBS = ("berusia", "berumur", "berdomisili", "bersedia", "berstatus", "bertempat",
                "sudah", "telah", "belum", "tidak", "datang", "hadir", "memiliki", "mempunyai",
                "punya", "terdaftar", "menjadi", "tinggal", "bekerja", "sehat", "usia",
                "minimal", "paling")


def _starts_with(text: str, words: tuple[str, ...]) -> bool:
    lowered = " ".join(text.lower().split())
    return any(lowered == w or lowered.startswith(w + " ") for w in words)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def question_text(group: list[Requirement]) -> str:
    """The question asked for one requirement (or one group of alternatives), in the current
    language: see PAPER_FORMS for the rule."""
    if len(group) > 1:
        if all(r.form in PAPER_FORMS for r in group):
            return _("Apakah pengunjung membawa salah satu dokumen ini?")
        return _("Apakah salah satu dari ini sudah ada?")
    requirement = group[0]
    text = requirement.tr("text")
    if requirement.form in PAPER_FORMS:
        return _("Apakah pengunjung membawa %(document)s?", document=text)
    if requirement.form != "none":
        return _("Apakah pengunjung punya %(document)s?", document=text)
    if _starts_with(requirement.text, CLAUSE_SUBJECTS):
        return _("Apakah %(condition)s?", condition=_lower_first(text))
    if _starts_with(requirement.text, CLAUSE_VERBS):
        return _("Apakah pemohon %(condition)s?", condition=_lower_first(text))
    return _("Apakah ini sudah ada: %(requirement)s?", requirement=text)


def clean_answers(raw: str | None, count: int) -> str:
    """The valid answers in `raw`: letters y/n only, at most one per question. Whatever
    follows the first invalid letter is dropped (the walk resumes from there)."""
    answers = []
    for letter in (raw or "")[:count]:
        if letter not in ANSWERS:
            break
        answers.append(letter)
    return "".join(answers)


@dataclass(frozen=True)
class Answered:
    group: list[Requirement]
    has_it: bool

    @property
    def required(self) -> bool:
        """Missing it may stop the service: not optional and not only-if-something."""
        return not all(r.optional or r.condition for r in self.group)


@dataclass(frozen=True)
class Summary:
    complete: list[Answered]
    missing: list[Answered]

    @property
    def missing_required(self) -> list[Answered]:
        return [a for a in self.missing if a.required]

    @property
    def missing_other(self) -> list[Answered]:
        return [a for a in self.missing if not a.required]


def summarize(service: Service, answers: str) -> Summary:
    """What the visitor brought and what is missing, in the catalogue's order."""
    answered = [Answered(group, letter == "y")
                for group, letter in zip(questions(service), answers)]
    return Summary([a for a in answered if a.has_it], [a for a in answered if not a.has_it])


def short_list(site: Site, now: dt.datetime | None = None) -> list[Service]:
    """The services most asked for lately at the site (by tickets), then by name."""
    since = site_today(site, now) - dt.timedelta(days=POPULAR_DAYS)
    counts = (sa.select(Ticket.service_id, sa.func.count().label("n"))
              .where(Ticket.site_id == site.id, Ticket.day >= since)
              .group_by(Ticket.service_id).subquery())
    query = (sa.select(Service).outerjoin(counts, counts.c.service_id == Service.id)
             .where(Service.site_id == site.id, Service.active.is_(True))
             .options(selectinload(Service.agency))
             .order_by(sa.func.coalesce(counts.c.n, 0).desc(), Service.name)
             .limit(SHORT_LIST_SIZE))
    return list(db.session.scalars(query))


def all_services(site: Site) -> sa.Select[tuple[Service]]:
    return (sa.select(Service).where(Service.site_id == site.id, Service.active.is_(True))
            .options(selectinload(Service.agency)).order_by(Service.name))


def todays_assisted(staff: StaffUser, now: dt.datetime | None = None) -> sa.Select[tuple[Ticket]]:
    """Tickets this assistant made today (the site's local day), newest first."""
    today = site_today(staff.site, now)
    return (sa.select(Ticket).where(Ticket.site_id == staff.site_id, Ticket.day == today,
                                    Ticket.assisted_by_id == staff.id)
            .options(selectinload(Ticket.service))
            .order_by(Ticket.created_at.desc(), Ticket.id.desc()))


def default_name(category: str) -> str:
    return DEFAULT_NAMES.get(category, DEFAULT_NAMES[REGULAR])


def assistant_name(ticket: Ticket) -> str:
    if ticket.assisted_by_id is None:
        return ""
    staff = db.session.get(StaffUser, ticket.assisted_by_id)
    return (staff.display_name or staff.username) if staff is not None else ""


# --- the 58 mm slip ----------------------------------------------------------------------------
# Chromium cannot print a page of "auto" height, so the slip gets a named page (static/assist.css
# `@page assist-slip-140 { size: 58mm 140mm }` …) long enough for its text: a fixed part (number,
# QR code, labels) plus the lines of the site's and service's names, the date and category and
# "Dibantu oleh …". Line widths are counted short and the total errs long (checked for every demo
# service with a long assistant name, tests/browser/test_floor_print_browser.py): blank paper is
# cheaper than "Dibantu oleh" on a second slip.
SLIP_PAGES_MM = (120, 140, 160, 180, 200, 240, 300)
SLIP_FIXED_MM = 72.0       # number, "Nomor antrean", QR code, the scan hint, margins
SLIP_SAFETY = 1.1


def _lines(text: str, per_line: int) -> int:
    """Lines a text takes when wrapped at words into lines of `per_line` characters."""
    lines, length = 1, 0
    for word in text.split():
        while len(word) > per_line:  # a word longer than a line breaks anywhere
            word = word[per_line:]
            lines += 1
        if length and length + 1 + len(word) > per_line:
            lines, length = lines + 1, len(word)
        else:
            length += (1 if length else 0) + len(word)
    return lines


def slip_page(site_name: str, service_name: str, meta: str, assistant: str) -> str:
    """The CSS class of the named page the slip prints on ("assist-slip-140")."""
    height = (SLIP_FIXED_MM + 4.0 * _lines(site_name, 26) + 4.9 * _lines(service_name, 18)
              + 4.0 * _lines(meta, 26) + 4.2 * _lines(assistant, 22))
    needed = height * SLIP_SAFETY
    page = next((mm for mm in SLIP_PAGES_MM if mm >= needed), SLIP_PAGES_MM[-1])
    return f"assist-slip-{page}"


# --- a visit: several services for one visitor today --------------------------------------------

def issue_visit(staff: StaffUser, services: list[Service], *, name: str, idempotency_key: str,
                secret: str, priority: str | None = None, nik: str = "",
                now: dt.datetime | None = None) -> tuple[Visit, bool]:
    """A visit for today made by the assistant (channel "assisted", assisted_by): a ticket per
    service, all or none. COMMITS (book_visit does). Raises VisitError; the same key sent again
    (a double tap) is the same visit, another assistant's or site's key is refused."""
    visit, created = book_visit(VisitRequest(
        site=staff.site, services=services, day=site_today(staff.site, now), name=name,
        idempotency_key=idempotency_key, priority=priority or None, nik=nik,
        channel="assisted", assisted_by=staff, now=now), secret=secret)
    if not created and not is_assisted_visit(staff, visit):
        raise VisitError("invalid_idempotency_key", _l(
            "Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), "idempotency_key")
    return visit, created


def is_assisted_visit(staff: StaffUser, visit: Visit) -> bool:
    """A visit made in assisted mode at the staff member's site (colleagues may reprint)."""
    return visit.site_id == staff.site_id and visit.channel == "assisted"


def assisted_visit(staff: StaffUser, code: str) -> Visit | None:
    """An assisted visit of the staff member's site, with its tickets in order, or None."""
    if not code or len(code) > 32:
        return None
    visit = db.session.scalar(sa.select(Visit).where(Visit.code == code))
    if visit is None or not is_assisted_visit(staff, visit):
        return None
    return visit_with_tickets(visit.id)
