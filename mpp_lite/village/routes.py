"""Village office pages: book tickets for residents (several at once), print them on A4 or a
58 mm thermal roll, list, reprint and cancel the office's bookings, and a public requirements
leaflet per service for the village notice board. Every page works without JavaScript."""
from __future__ import annotations

import datetime as dt
import uuid

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..catalog import services as catalog
from ..dates import parse_day, site_today
from ..extensions import db
from ..models import ServiceWindow, StaffUser, Ticket
from ..qr import qr_svg
from ..queue.presenters import day_choices, ticket_qr
from ..queue.tickets import can_cancel, cancel_ticket
from ..staff.forms import ConfirmForm
from ..staff.services import current_staff, register_tool, roles_required
from ..web.edge import page_number, parse_id
from . import bp
from . import services as village
from ..visits.booking import VisitError
from .forms import VillageBookingForm, VillageVisitForm
from .slips import a4_sheets, slip_page, visit_slip_page

ROLE = "village"
PAGE_SIZE = 25
SIZES = ("a4", "58")

register_tool("village.index", _l("Antrean warga desa"), ROLE)
register_tool("village.book", _l("Pesan tiket untuk warga"), ROLE)
register_tool("village.visit", _l("Kunjungan beberapa layanan"), ROLE)
register_tool("village.leaflets", _l("Selebaran persyaratan"), ROLE)


@bp.route("/")
@roles_required(ROLE)
def index():
    """The office's bookings by date: today and upcoming, or one chosen date."""
    staff = current_staff()
    today = site_today(staff.site)
    raw = request.args.get("tanggal", "")
    day = parse_day(raw) if raw else None
    error = _("Tanggal tidak sah. Gunakan format TTTT-BB-HH, misalnya %(example)s.",
              example=today.isoformat()) if raw and day is None else None
    query = village.office_tickets(staff, day=day, from_day=None if day else today)
    pagination = db.paginate(query, page=page_number(), per_page=PAGE_SIZE, error_out=False)
    days: dict[dt.date, list[Ticket]] = {}
    for ticket in pagination.items:
        days.setdefault(ticket.day, []).append(ticket)
    return render_template(
        "village/index.html", site=staff.site, staff=staff, days=days, day=day, raw_day=raw,
        today=today, pagination=pagination, error=error,
        has_errors=bool(error)), 422 if error else 200


def _choose_service_page(staff: StaffUser, error: str | None = None):
    services = village.bookable_services(staff)
    groups: dict[str, list] = {}
    for service in services:
        groups.setdefault(service.agency.display_name(), []).append(service)
    return render_template("village/choose.html", site=staff.site, groups=groups,
                           error=error, has_errors=bool(error)), 422 if error else 200


@bp.route("/pesan", methods=["GET", "POST"])
@roles_required(ROLE)
def book():
    """Book tickets for one or more residents: choose the service (step 1), then the details."""
    staff = current_staff()
    slug = request.args.get("layanan", "")
    if not slug:
        return _choose_service_page(staff)
    service = village.get_bookable_service(staff, slug)
    if service is None:
        return _choose_service_page(staff, _("Pilih layanan dari daftar."))
    windows = list(db.session.scalars(
        db.select(ServiceWindow).filter_by(service_id=service.id).order_by("starts")))
    form = VillageBookingForm()
    form.set_priority_choices()
    form.day.choices = day_choices(staff.site, service)
    form.window.choices = [(str(w.id), w.label()) for w in windows]
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
        wanted = request.args.get("tanggal", "")
        choices = [value for value, _label in form.day.choices]
        if choices:
            form.day.data = wanted if wanted in choices else choices[0]
        return _booking_page(staff, service, form, windows)

    error = None
    row_errors: dict[int, dict[str, str]] = {}
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            error = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.")
        else:
            error = _("Periksa isian yang ditandai.")
        return _booking_page(staff, service, form, windows, error=error, status=422)
    day = parse_day(form.day.data)
    if day is None or form.day.data not in {value for value, _label in form.day.choices}:
        form.day.errors = [_("Pilih tanggal dari daftar.")]
        error = _("Periksa isian yang ditandai.")
    window_id = parse_id(form.window.data)
    if windows and window_id not in {w.id for w in windows}:
        form.window.errors = [_("Pilih jam kedatangan.")]
        error = _("Periksa isian yang ditandai.")
    key = form.idempotency_key.data or ""
    if not village.FORM_KEY.match(key):
        error = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.")
    rows = [(row.form.name.data or "", row.form.nik.data or "", row.form.priority.data or "")
            for row in form.residents]
    residents, row_errors = village.check_residents(service, rows)
    for index, messages in row_errors.items():
        for name, message in messages.items():
            getattr(form.residents[index].form, name).errors = [message]
    if row_errors:
        error = error or _("Periksa isian yang ditandai.")
    elif not residents and error is None:
        form.residents[0].form.name.errors = [_("Isi nama minimal satu warga.")]
        error = _("Isi nama minimal satu warga.")
    if error:
        return _booking_page(staff, service, form, windows, error=error, status=422)

    result = village.book_residents(
        staff, service, day, window_id, residents, key,
        secret=current_app.config["SECRET_KEY"],
        horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
    if not result.refused:
        return redirect(url_for(".result", tiket=[t.code for _r, t, _c in result.booked]),
                        code=303)
    # Some residents got no ticket: show who and why, keep only their rows in the form, and
    # offer the next day with room. The same key stays, so booked rows are never booked twice.
    refused_rows = {r.resident.index for r in result.refused}
    for index, row in enumerate(form.residents):
        if index not in refused_rows:
            row.form.name.data, row.form.nik.data, row.form.priority.data = "", "", ""
    next_days = {r.next_day for r in result.refused}
    moved_to = None
    if len(next_days) == 1 and None not in next_days:
        moved_to = next_days.pop()
        if moved_to.isoformat() in {value for value, _label in form.day.choices}:
            form.day.data = moved_to.isoformat()
        else:
            moved_to = None
    return _booking_page(staff, service, form, windows, result=result, moved_to=moved_to,
                         status=200 if result.booked else 422)


def _booking_page(staff, service, form, windows, *, error=None, result=None, moved_to=None,
                  status=200):
    return render_template(
        "village/book.html", site=staff.site, staff=staff, service=service, form=form,
        windows=windows, error=error, result=result, moved_to=moved_to, notice_service=service,
        has_errors=bool(error) or bool(result and result.refused)), status


@bp.route("/hasil")
@roles_required(ROLE)
def result():
    """The tickets just made, with buttons to print them."""
    staff = current_staff()
    codes = request.args.getlist("tiket")[:village.MAX_PRINT]
    if not codes:
        return redirect(url_for(".index"), code=303)
    tickets = village.tickets_for_print(staff, codes)
    return render_template("village/result.html", site=staff.site, tickets=tickets,
                           codes=[t.code for t in tickets])


@bp.route("/cetak")
@roles_required(ROLE)
def print_tickets():
    """Tickets laid out for printing: A4 (two per page, cut lines) or 58 mm slips."""
    staff = current_staff()
    size = request.args.get("ukuran", "a4")
    codes = request.args.getlist("tiket")
    raw_day = request.args.get("tanggal", "")
    problem = None
    if size not in SIZES:
        problem = _("Ukuran kertas tidak dikenal. Pilih A4 atau 58 mm.")
    elif len(codes) > village.MAX_PRINT:
        problem = _("Paling banyak %(num)s tiket sekali cetak.", num=village.MAX_PRINT)
    elif raw_day and parse_day(raw_day) is None:
        problem = _("Tanggal tidak sah. Gunakan format TTTT-BB-HH, misalnya %(example)s.",
                    example=site_today(staff.site).isoformat())
    elif not codes and not raw_day:
        problem = _("Pilih tiket yang akan dicetak.")
    if problem:
        return render_template("village/print_problem.html", site=staff.site, problem=problem,
                               has_errors=True), 422
    if codes:
        tickets = village.tickets_for_print(staff, codes)
    else:
        tickets = village.day_tickets_for_print(staff, parse_day(raw_day))  # type: ignore[arg-type]
    pages = [(ticket, ticket_qr(ticket), slip_page(ticket.service)) for ticket in tickets]
    sheets = a4_sheets(pages, ticket_of=lambda page: page[0]) if size == "a4" else []
    return render_template("village/print.html", site=staff.site, staff=staff, size=size,
                           pages=pages, sheets=sheets, codes=codes, raw_day=raw_day)


@bp.route("/tiket/<code>/batal", methods=["GET", "POST"])
@roles_required(ROLE)
def cancel(code: str):
    """Cancel a resident's ticket, after a confirmation page (only while it is waiting)."""
    staff = current_staff()
    ticket = village.get_office_ticket_or_404(staff, code)
    back = url_for(".index", tanggal=ticket.day.isoformat())
    if not can_cancel(ticket):
        flash(_("Tiket %(number)s tidak bisa dibatalkan: statusnya sudah berubah.",
                number=ticket.number), "error")
        return redirect(back, code=303)
    form = ConfirmForm()
    if form.validate_on_submit():
        number = ticket.number
        if cancel_ticket(ticket, staff=staff, note="village"):
            db.session.commit()
            flash(_("Tiket %(number)s dibatalkan.", number=number))
        else:
            db.session.rollback()
            flash(_("Tiket %(number)s tidak bisa dibatalkan: statusnya sudah berubah.",
                    number=number), "error")
        return redirect(back, code=303)
    failed = request.method == "POST"  # a stale or missing CSRF token
    return render_template("village/cancel.html", site=staff.site, ticket=ticket, form=form,
                           back=back, has_errors=failed), 422 if failed else 200


@bp.route("/selebaran")
@roles_required(ROLE)
def leaflets():
    """The services of the office's MPP, each with its printable leaflet."""
    staff = current_staff()
    groups: dict[str, list] = {}
    for service in db.session.scalars(catalog.active_services(staff.site)):
        groups.setdefault(service.agency.display_name(), []).append(service)
    return render_template("village/leaflets.html", site=staff.site, groups=groups)


@bp.route("/selebaran/<site>/<service>")
def leaflet(site: str, service: str):
    """Public: an A4 requirements leaflet of one service for the village notice board."""
    site_obj = catalog.get_site(site)
    service_obj = catalog.get_service(site_obj, service)
    page_url = url_for("catalog.service", site=site_obj.slug, service=service_obj.slug,
                       _external=True)
    qr = qr_svg(page_url, title=_("Kode QR halaman layanan %(name)s",
                                  name=service_obj.tr("name")))
    return render_template("village/leaflet.html", site=site_obj, service=service_obj,
                           qr=qr, page_url=page_url)



# --- a visit: several services for one resident, one day ---------------------------------------

def _visit_choose_page(staff: StaffUser, chosen: list[str], error: str | None = None):
    groups: dict[str, list] = {}
    for service in village.bookable_services(staff):
        groups.setdefault(service.agency.display_name(), []).append(service)
    return render_template("village/visit_choose.html", site=staff.site, groups=groups,
                           chosen=chosen, error=error, has_errors=bool(error),
                           most=village.MAX_VISIT_SERVICES), 422 if error else 200


def _visit_days(staff: StaffUser, services: list) -> list[tuple[str, str]]:
    """The days every chosen service can be booked (the first service's labels)."""
    choices = day_choices(staff.site, services[0])
    for service in services[1:]:
        allowed = {value for value, _label in day_choices(staff.site, service)}
        choices = [(value, label) for value, label in choices if value in allowed]
    return choices


@bp.route("/kunjungan", methods=["GET", "POST"])
@roles_required(ROLE)
def visit():
    """Book one resident several services on one day: choose them (step 1), then the details."""
    staff = current_staff()
    slugs = request.args.getlist("layanan")
    if not slugs or request.args.get("ganti"):
        return _visit_choose_page(staff, slugs)
    services, problem = village.chosen_services(staff, slugs[:village.MAX_VISIT_SERVICES + 1])
    if problem:
        return _visit_choose_page(staff, slugs, problem)
    form = VillageVisitForm()
    form.set_priority_choices()
    form.day.choices = _visit_days(staff, services)
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
        if form.day.choices:
            form.day.data = form.day.choices[0][0]
        return _visit_page(staff, services, form)
    if not form.validate_on_submit():
        stale = bool(form.csrf_token.errors)
        return _visit_page(staff, services, form, error=_(
            "Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.") if stale else _(
            "Periksa isian yang ditandai."), status=422)
    error = None
    day = parse_day(form.day.data)
    if day is None or form.day.data not in {value for value, _label in form.day.choices}:
        form.day.errors = [_("Pilih tanggal dari daftar.")]
        error = _("Periksa isian yang ditandai.")
    row = form.resident.form
    resident, field_errors = village.check_visitor(
        services, row.name.data or "", row.nik.data or "", row.priority.data or "")
    for name, message in field_errors.items():
        getattr(row, name).errors = [message]
    if field_errors:
        error = _("Periksa isian yang ditandai.")
    key = form.idempotency_key.data or ""
    if not village.FORM_KEY.match(key):
        error = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.")
    if error:
        return _visit_page(staff, services, form, error=error, status=422)
    try:
        made, _created = village.book_resident_visit(
            staff, services, day, resident, key,  # type: ignore[arg-type]
            secret=current_app.config["SECRET_KEY"],
            horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
    except VisitError as refusal:
        # Nothing was booked. The same key stays: a corrected form is the first booking.
        if refusal.code in ("invalid_idempotency_key", "idempotency_key_reused"):
            form.idempotency_key.data = uuid.uuid4().hex
        moved_to = refusal.next_day
        if moved_to is not None and moved_to.isoformat() in {v for v, _label in form.day.choices}:
            form.day.data = moved_to.isoformat()
        else:
            moved_to = None
        return _visit_page(staff, services, form, refusal=refusal, moved_to=moved_to,
                           status=422)
    return redirect(url_for(".visit_result", code=made.code), code=303)


def _visit_page(staff, services, form, *, error=None, refusal=None, moved_to=None, status=200):
    return render_template(
        "village/visit.html", site=staff.site, staff=staff, services=services, form=form,
        slugs=[s.slug for s in services], error=error, refusal=refusal, moved_to=moved_to,
        needs_nik=any(s.nik_required for s in services),
        has_errors=bool(error or refusal)), status


@bp.route("/kunjungan/<code>")
@roles_required(ROLE)
def visit_result(code: str):
    """The visit just made: its tickets in order, with buttons to print them on one slip."""
    staff = current_staff()
    made = village.get_office_visit_or_404(staff, code)
    return render_template("village/visit_result.html", site=staff.site, visit=made)


@bp.route("/kunjungan/<code>/cetak")
@roles_required(ROLE)
def visit_print(code: str):
    """A visit on paper: every ticket with its QR code and one checklist (A4 or 58 mm)."""
    staff = current_staff()
    size = request.args.get("ukuran", "a4")
    if size not in SIZES:
        return render_template("village/print_problem.html", site=staff.site, has_errors=True,
                               problem=_("Ukuran kertas tidak dikenal. Pilih A4 atau 58 mm.")
                               ), 422
    made = village.get_office_visit_or_404(staff, code)
    parts, checklist = village.visit_slip_parts(made)
    return render_template("village/visit_print.html", site=staff.site, staff=staff, size=size,
                           visit=made, parts=parts, checklist=checklist,
                           slip=visit_slip_page([t for t, _qr in parts], checklist))
