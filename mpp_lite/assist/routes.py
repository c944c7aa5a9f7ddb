"""Routes of the assist blueprint: choose a service, one question per screen, a summary, and
a priority ticket in two taps. Only the petugas pendamping (role "assistant") uses them: the
tickets must be recorded as assisted (channel "assisted", assisted_by), which issue_walkin
does for that role only; managers see those records in the officer views and reports."""
from __future__ import annotations

import uuid

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..catalog import services as catalog
from ..catalog.vocab import PRIORITY_LABELS
from ..dates import site_today
from ..extensions import db
from ..formatting import clean_text
from ..models import Service, Ticket
from ..queue import calling
from ..queue.booking import BookingError
from ..queue.forms import show_refusal
from ..queue.presenters import ticket_qr
from ..queue.tickets import get_ticket_or_404
from ..staff.services import (
    current_staff, own_or_404, register_tool, roles_required,
)
from ..web.edge import page_number
from ..web.errors import error_page
from ..templating import long_date
from . import bp
from . import services as assist
from ..village.services import NO_TICKETS_LEFT, visit_slip_parts
from ..village.slips import assist_visit_slip_page
from ..visits.booking import VisitError
from .forms import AssistTicketForm, AssistVisitForm

ROLE = "assistant"
PAGE_SIZE = 20
register_tool("assist.index", _l("Mode pendampingan"), ROLE)


def _service_or_404(service_id: int) -> Service:
    """An active service of the assistant's own site; 404 otherwise."""
    service = own_or_404(Service, service_id)
    if not service.active:
        abort(404)
    return service


def _can_book(service: Service) -> bool:
    return service.id in {s.id for s in calling.walkin_services(current_staff())}


def _walk(service: Service) -> tuple[list, str, str]:
    """(questions, clean answers, the raw answers asked for)."""
    groups = assist.questions(service)
    raw = request.args.get("j", "")
    return groups, assist.clean_answers(raw, len(groups)), raw


def _step_url(service: Service, answers: str, count: int) -> str:
    """Where the walk goes after `answers`: the next question, or the summary."""
    endpoint = ".summary" if len(answers) >= count else ".question"
    return url_for(endpoint, service_id=service.id, j=answers)


@bp.route("/")
@roles_required(ROLE)
def index():
    """Step 1: choose the service (search, or a short list of the services asked for most)."""
    site = current_staff().site
    query = clean_text(request.args.get("q", ""), 200)
    results = catalog.search_services(site, query, limit=assist.SHORT_LIST_SIZE) \
        if query else None
    return render_template("assist/index.html", site=site, query=query, results=results,
                           short_list=assist.short_list(site) if results is None else [])


@bp.route("/layanan")
@roles_required(ROLE)
def services():
    """Every service of the site, by name (paginated), for when search does not help."""
    site = current_staff().site
    pagination = db.paginate(assist.all_services(site), page=page_number(), per_page=PAGE_SIZE,
                             error_out=False)
    return render_template("assist/services.html", site=site, pagination=pagination)


@bp.route("/layanan/<int:service_id>")
@roles_required(ROLE)
def start(service_id: int):
    """Step 2: the chosen service and how many questions follow."""
    service = _service_or_404(service_id)
    groups = assist.questions(service)
    return render_template("assist/start.html", site=service.site, service=service,
                           count=len(groups), next_url=_step_url(service, "", len(groups)))


@bp.route("/layanan/<int:service_id>/tanya")
@roles_required(ROLE)
def question(service_id: int):
    """One requirement per screen: does the visitor have it? Yes / No are plain links."""
    service = _service_or_404(service_id)
    groups, answers, raw = _walk(service)
    if answers != raw or len(answers) >= len(groups):
        return redirect(_step_url(service, answers, len(groups)))
    number = len(answers)
    back = url_for(".question", service_id=service.id, j=answers[:-1]) if answers \
        else url_for(".start", service_id=service.id)
    return render_template(
        "assist/question.html", site=service.site, service=service, group=groups[number],
        question=assist.question_text(groups[number]), number=number + 1, count=len(groups),
        back_url=back,
        yes_url=_step_url(service, answers + "y", len(groups)),
        no_url=_step_url(service, answers + "n", len(groups)))


@bp.route("/layanan/<int:service_id>/ringkasan")
@roles_required(ROLE)
def summary(service_id: int):
    """What is missing and where to get it, what is complete, fee, time, counter."""
    service = _service_or_404(service_id)
    groups, answers, raw = _walk(service)
    if answers != raw or len(answers) < len(groups):
        return redirect(_step_url(service, answers, len(groups)))
    back = url_for(".question", service_id=service.id, j=answers[:-1]) if answers \
        else url_for(".start", service_id=service.id)
    return render_template("assist/summary.html", site=service.site, service=service,
                           summary=assist.summarize(service, answers), answers=answers,
                           back_url=back, can_book=_can_book(service), notice_service=service)


# Plain words for each refusal, with what to do next.
REFUSAL_ADVICE = {
    "quota_full": _l("Kuota layanan ini hari ini sudah habis."),
    "closed_now": _l("Layanan ini sudah tutup untuk hari ini."),
    "closed_day": _l("Layanan ini tidak buka hari ini."),
    "window_full": _l("Semua jam kedatangan hari ini sudah penuh."),
    "duplicate_person": _l("Pengunjung ini sudah punya tiket aktif untuk layanan ini hari "
                           "ini. Tanyakan nomornya di gerai."),
}


def _refusal_text(refusal: BookingError) -> tuple[str, str]:
    """(what happened, what to do) in plain words."""
    what = str(REFUSAL_ADVICE.get(refusal.code, refusal.message))
    if refusal.next_day is not None:
        todo = _("Sarankan pengunjung datang lagi pada %(date)s, sebaiknya pagi hari. Kantor "
                 "desa juga bisa memesankan tiketnya.", date=long_date(refusal.next_day))
    elif refusal.code in REFUSAL_ADVICE:
        todo = _("Tanyakan ke petugas gerai atau pengelola MPP apakah pengunjung masih bisa "
                 "dilayani.")
    else:
        todo = _("Perbaiki isian di bawah, lalu pilih kategori lagi.")
    return what, todo


@bp.route("/layanan/<int:service_id>/tiket", methods=["GET", "POST"])
@roles_required(ROLE)
def ticket_form(service_id: int):
    """Tap 2: choose the visitor's category; the ticket is made at once."""
    service = _service_or_404(service_id)
    groups, answers, _raw = _walk(service)
    form = AssistTicketForm()
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
    back = url_for(".summary", service_id=service.id, j=answers) \
        if len(answers) == len(groups) else url_for(".start", service_id=service.id)
    can_book = _can_book(service)
    refusal = None
    if request.method == "POST":
        if not can_book:
            refusal = (_("Layanan ini tidak memakai antrean di MPP."),
                       _("Jelaskan kepada pengunjung alamat kantor yang melayaninya."))
        elif form.validate_on_submit():
            category = form.category.data
            try:
                ticket, _created = calling.issue_walkin(
                    current_staff(), service,
                    name=(form.name.data or "").strip() or assist.default_name(category),
                    idempotency_key=form.idempotency_key.data or "",
                    secret=current_app.config["SECRET_KEY"],
                    priority=None if category == assist.REGULAR else category,
                    nik=form.nik.data or "")
            except calling.CallError:
                db.session.rollback()
                refusal = (_("Layanan ini tidak memakai antrean di MPP."),
                           _("Jelaskan kepada pengunjung alamat kantor yang melayaninya."))
            except BookingError as error:
                show_refusal(form, error)
                refusal = _refusal_text(error)
            else:
                if ticket.site_id == service.site_id and ticket.service_id == service.id:
                    return redirect(url_for(".ticket", code=ticket.code), code=303)
                # The key of another booking (a tampered form): never show that ticket.
                form.idempotency_key.data = uuid.uuid4().hex
                refusal = (_("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), "")
        elif form.csrf_token.errors:
            refusal = (_("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), "")
    failed = request.method == "POST"
    return render_template(
        "assist/ticket_form.html", site=service.site, service=service, form=form,
        answers=answers, back_url=back, can_book=can_book, refusal=refusal,
        categories=list(_category_labels()), notice_service=service,
        has_errors=failed), 422 if failed else 200


def _category_labels():
    yield from PRIORITY_LABELS.items()
    yield assist.REGULAR, _l("Bukan prioritas (antrean biasa)")


def _assisted_ticket_or_404(code: str) -> Ticket:
    """An assisted ticket of the assistant's own site (colleagues may reprint each other's).

    Any other ticket is 404, as if it did not exist: a 403 would confirm that the code is a
    real ticket of another site or channel."""
    ticket = get_ticket_or_404(code)
    if ticket.site_id != current_staff().site_id or ticket.channel != "assisted":
        abort(404)
    return ticket


def _ticket_page(template: str, code: str):
    ticket = _assisted_ticket_or_404(code)
    assistant = assist.assistant_name(ticket)
    meta = long_date(ticket.day) + (f", {ticket.window.label()}" if ticket.window else "") + (
        f" · {PRIORITY_LABELS[ticket.priority]}" if ticket.priority in PRIORITY_LABELS else "")
    slip_page = assist.slip_page(ticket.site.tr("name"), ticket.service.tr("name"), meta,
                                 _("Dibantu oleh %(name)s", name=assistant))
    return render_template(template, ticket=ticket, site=ticket.site, qr=ticket_qr(ticket),
                           assistant=assistant, slip_page=slip_page)


@bp.route("/tiket/<code>")
@roles_required(ROLE)
def ticket(code: str):
    """The ticket in large type with its QR code, who assisted, and print."""
    return _ticket_page("assist/ticket.html", code)


@bp.route("/tiket/<code>/cetak")
@roles_required(ROLE)
def ticket_print(code: str):
    """The ticket alone on a 58 mm thermal slip (no JavaScript needed)."""
    return _ticket_page("assist/ticket_print.html", code)


@bp.route("/tiket")
@roles_required(ROLE)
def today():
    """The tickets this assistant made today."""
    staff = current_staff()
    pagination = db.paginate(assist.todays_assisted(staff), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template("assist/today.html", site=staff.site, pagination=pagination,
                           today=site_today(staff.site))


# --- a visit: several services for one visitor today --------------------------------------------

@bp.route("/kunjungan", methods=["GET", "POST"])
@roles_required(ROLE)
def visit():
    """Several services for one visitor today: tick them, then press the visitor's category;
    one ticket per service is made at once, in the suggested order."""
    staff = current_staff()
    offered = calling.walkin_services(staff)
    by_id = {str(s.id): s for s in offered}
    form = AssistVisitForm()
    form.services.choices = [(str(s.id), s.tr("name")) for s in offered]
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
        return _visit_form_page(staff, offered, form)
    refusal = None
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            refusal = (_("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), "")
        return _visit_form_page(staff, offered, form, refusal, 422)
    picked = list(dict.fromkeys(form.services.data or []))
    if any(value not in by_id for value in picked):
        form.services.errors = [_("Pilih layanan dari daftar.")]
        return _visit_form_page(staff, offered, form, None, 422)
    category = form.category.data
    try:
        made, _created = assist.issue_visit(
            staff, [by_id[value] for value in picked],
            name=(form.name.data or "").strip() or assist.default_name(category),
            idempotency_key=form.idempotency_key.data or "",
            secret=current_app.config["SECRET_KEY"],
            priority=None if category == assist.REGULAR else category,
            nik=form.nik.data or "")
    except VisitError as error:
        if error.code in ("invalid_idempotency_key", "idempotency_key_reused"):
            form.idempotency_key.data = uuid.uuid4().hex
        message = show_refusal(form, error)
        if error.field == "services":
            form.services.errors = [message]
        what, todo = _refusal_text(error)
        # The visit's refusal names its service (VisitError.message): keep that name.
        refusal = (message if error.service is not None else what,
                   todo + " " + _("Tidak ada tiket yang dibuat untuk kunjungan ini."))
        return _visit_form_page(staff, offered, form, refusal, 422)
    return redirect(url_for(".visit_ticket", code=made.code), code=303)


def _visit_form_page(staff, offered, form, refusal=None, status=200):
    groups: dict[str, list] = {}
    for service in offered:
        groups.setdefault(service.agency.display_name(), []).append(service)
    return render_template(
        "assist/visit_form.html", site=staff.site, form=form, groups=groups,
        chosen=set(form.services.data or []), refusal=refusal,
        categories=list(_category_labels()), has_errors=status != 200), status


def _visit_page(template: str, code: str):
    staff = current_staff()
    made = assist.assisted_visit(staff, code)
    if made is None:
        abort(404)
    if not made.tickets:  # every ticket moved to another day: nothing to show or print
        return error_page(404, str(NO_TICKETS_LEFT))
    parts, checklist = visit_slip_parts(made)
    first = made.tickets[0]
    return render_template(template, visit=made, site=made.site, parts=parts,
                           checklist=checklist, assistant=assist.assistant_name(first),
                           slip_page=assist_visit_slip_page([t for t, _qr in parts], checklist))


@bp.route("/kunjungan/<code>")
@roles_required(ROLE)
def visit_ticket(code: str):
    """The visit's tickets in large type, in order, with one checklist, and print."""
    return _visit_page("assist/visit.html", code)


@bp.route("/kunjungan/<code>/cetak")
@roles_required(ROLE)
def visit_print(code: str):
    """The whole visit on one 58 mm slip: every ticket and one checklist."""
    return _visit_page("assist/visit_print.html", code)
