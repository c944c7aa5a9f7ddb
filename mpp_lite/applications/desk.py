"""The counter desk: receive an application (from a ticket just served or without one), its
receipt (tanda terima) on screen and printed on A4 or a 58 mm roll, the staff detail page with
the one status-change form, and the pickup desk (scan or type the code, record who collected).
Thin views: the rules are lifecycle.py's; who may handle what is access.py's."""
from __future__ import annotations

import uuid
from functools import partial

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import dates
from ..codes import grouped
from ..extensions import db
from ..models import OFFICER_ROLES, Application, ApplicationEvent, Service, StaffUser, Ticket
from ..queue import calling
from ..staff.forms import opts
from ..staff.services import current_staff, own_or_404, register_tool, roles_required
from ..village.slips import SLIP_HEIGHTS_MM
from ..web.edge import parse_id
from . import access, bp, lifecycle
from .forms import (
    CONFIRMED_STATUSES, ChangeForm, HandoverForm, LookupForm, ReceiveForm, ServicePickForm,
)
from .lifecycle import COLLECTOR_LABELS, STATUS_LABELS, ApplicationError
from .presenters import application_qr, application_url, code_from_scan, timeline

register_tool("applications.receive", _l("Terima berkas"), *OFFICER_ROLES)
register_tool("applications.pickup", _l("Serahkan berkas"), *OFFICER_ROLES)

# The receipt's print layouts (?format=): A4 sheet or 58 mm thermal roll.
PRINT_FORMATS = ("a4", "58")
# 58 mm receipts: Chromium cannot print a page of "auto" height, so the slip is given one of
# print.css's named pages (village/slips.py's heights) from an estimate of its length, erring long
# (blank paper is cheaper than a receipt cut in two): the fixed parts (head, code, QR code,
# dates, what happens next) plus the lines of what varies, measured in Chromium
# (tests/browser/test_applications_desk_browser.py prints them on one slip).
SLIP_BASE_MM = 245.0
SLIP_LINE_MM = 4.2         # one line of 8 pt text
SLIP_CHARS = 28            # characters on a line, 52 mm wide
SLIP_SAFETY = 1.1

STALE_MESSAGE = _l("Berkas ini sudah diubah petugas lain sejak halaman ini dibuka "
                   "(statusnya sekarang: %(status)s). Periksa lagi, lalu kirim ulang bila "
                   "masih perlu.")


# --- shared helpers ---------------------------------------------------------------------------

def _helpers(site) -> dict[str, object]:
    return {"local": partial(dates.stored_local, site), "today": dates.site_today(site),
            "statuses": STATUS_LABELS, "collectors": COLLECTOR_LABELS, "grouped": grouped}


def _application_or_404(application_id: int) -> Application:
    """One of this site's applications (another site's: 404, as if it did not exist); another
    agency's is 403 for an officer."""
    application = own_or_404(Application, application_id)
    if not access.may_handle(current_staff(), application):
        abort(403)
    return application


def receive_services(staff: StaffUser) -> list[Service]:
    """What this account may receive applications for: an officer their agency's services
    that are handled at the MPP; the site's manager every such service."""
    query = sa.select(Service).where(Service.site_id == staff.site_id,
                                     Service.active.is_(True))
    if staff.role != "admin":
        query = query.where(Service.agency_id == (staff.agency_id or -1))
    return [s for s in db.session.scalars(query.order_by(Service.name)) if s.bookable]


def _ticket_or_404(raw: object) -> Ticket:
    """The ticket the officer came from: of this site (else 404) and one they may act on."""
    ticket_id = parse_id(raw)
    if ticket_id is None:
        abort(404)
    ticket = own_or_404(Ticket, ticket_id)
    if not calling.may_act_on_ticket(ticket, current_staff()):
        abort(403)
    return ticket


def promise(site, service: Service) -> dict[str, object]:
    """The promised date an application received today would get (None: no promise)."""
    today = dates.site_today(site)
    return {"days": service.processing_days,
            "due": lifecycle.due_date_for(site.id, today, service.processing_days)}


def _field_errors(form, error: ApplicationError) -> None:
    for name, message in error.fields.items():
        if name in ("service", "ticket", "idempotency_key", "version") \
                or getattr(form, name, None) is None:
            form.form_errors.append(message)
        else:
            form.add_error(name, message)
    if not error.fields:
        form.form_errors.append(error.message)


# --- receive ----------------------------------------------------------------------------------

@bp.route("/kelola/berkas/terima", methods=["GET", "POST"])
@roles_required(*OFFICER_ROLES)
def receive():
    """Receive an application: prefilled from a ticket (?tiket=) or for a chosen service."""
    staff = current_staff()
    services = receive_services(staff)
    by_id = {str(s.id): s for s in services}
    form = ReceiveForm()
    ticket = None
    raw_ticket = form.ticket.data if request.method == "POST" else request.args.get("tiket")
    if raw_ticket:
        ticket = _ticket_or_404(raw_ticket)
    if request.method == "POST":
        service = by_id.get(form.service.data or "")
    else:
        wanted = request.args.get("layanan")
        service = by_id.get(wanted or "") or (
            by_id.get(str(ticket.service_id))
            if ticket and not wanted and not request.args.get("pilih") else None)
    pick = ServicePickForm(request.args, meta={"csrf": False})
    pick.layanan.choices = opts([("", _("Pilih layanan"))] + [
        (s.id, f"{s.tr('name')} ({s.agency.display_name()})") for s in services])
    if service is None:
        status = 200
        if request.method == "POST" or request.args.get("layanan"):
            pick.add_error("layanan", _("Pilih layanan dari daftar."))
            status = 422
        elif ticket is not None:
            pick.form_errors.append(_(
                "Layanan tiket ini (%(service)s) tidak bisa diterima berkasnya oleh akun Anda. "
                "Pilih layanan lain.", service=ticket.service.tr("name")))
        return render_template("applications/receive.html", pick=pick, form=None,
                               ticket=ticket, services=services, site=staff.site,
                               has_errors=status == 422), status

    form.documents.choices = opts((r.text, r.tr("text")) for r in service.requirements)
    if request.method == "GET":
        form.service.data = str(service.id)
        form.ticket.data = str(ticket.id) if ticket else ""
        form.idempotency_key.data = uuid.uuid4().hex
        if ticket is not None:
            form.applicant_name.data = ticket.name
            form.phone.data = ticket.phone
    status = 200
    if form.validate_on_submit():
        values = form.values()
        if not form.has_errors:
            try:
                application, created = lifecycle.receive(lifecycle.Receipt(
                    site=staff.site, service=service, ticket=ticket,
                    actor=lifecycle.Actor(staff=staff), **values))
            except ApplicationError as error:
                db.session.rollback()
                _field_errors(form, error)
                status = 409 if error.code == "conflict" else 422
            else:
                db.session.commit()
                if created:
                    flash(_("Berkas diterima. Kode berkas: %(code)s.",
                            code=grouped(application.code)), "ok")
                return redirect(url_for(".receipt", application_id=application.id), code=303)
        else:
            status = 422
    elif request.method == "POST":
        form.form_errors.append(_("Formulir ini sudah kedaluwarsa. Periksa isiannya, lalu "
                                  "kirim ulang."))
        status = 422
    return render_template("applications/receive.html", pick=pick, form=form, ticket=ticket,
                           service=service, promise=promise(staff.site, service),
                           services=services, site=staff.site,
                           has_errors=status != 200), status


# --- the receipt ------------------------------------------------------------------------------

def slip_page(application: Application, public_url: str) -> str:
    """The named 58 mm page (print.css) long enough for this receipt."""
    texts = [application.service.tr("name"), application.agency.tr("name"), public_url,
             application.applicant_name, application.documents_note, *application.documents]
    lines = sum(max(1, -(-len(text) // SLIP_CHARS)) for text in texts if text)
    needed = (SLIP_BASE_MM + lines * SLIP_LINE_MM) * SLIP_SAFETY
    return f"slip-{next((h for h in SLIP_HEIGHTS_MM if h >= needed), SLIP_HEIGHTS_MM[-1])}"


@bp.route("/kelola/berkas/<int:application_id>/tanda-terima")
@roles_required(*OFFICER_ROLES)
def receipt(application_id: int):
    """The receipt (tanda terima): on screen, or ?format=a4 / ?format=58 laid out for print."""
    application = _application_or_404(application_id)
    site = application.site
    context = dict(application=application, site=site, qr=application_qr(application),
                   public_url=application_url(application), **_helpers(site))
    size = request.args.get("format")
    if size in PRINT_FORMATS:
        return render_template("applications/receipt_print.html", size=size,
                               slip=slip_page(application, context["public_url"]),
                               **context)
    return render_template("applications/receipt.html", **context)


# --- detail and status changes ----------------------------------------------------------------

def _change_form(application: Application, form: ChangeForm | None = None) -> ChangeForm:
    form = form or ChangeForm()
    form.status.choices = opts((s, STATUS_LABELS[s]) for s in lifecycle.allowed_next(application))
    form.collected_by.choices = opts(COLLECTOR_LABELS.items())
    if request.method == "GET":
        form.version.data = str(application.version)
        form.idempotency_key.data = uuid.uuid4().hex
    return form


def _detail_page(application: Application, form: ChangeForm, status: int = 200):
    site = application.site
    today = dates.site_today(site)
    return render_template(
        "applications/detail.html", application=application, form=form, site=site,
        rows=timeline(application, public=False), overdue=lifecycle.is_overdue(application, today),
        due=lifecycle.effective_due_date(application, today),
        on_time=lifecycle.was_on_time(application), confirmed=CONFIRMED_STATUSES,
        public_url=application_url(application), has_errors=status != 200,
        **_helpers(site)), status


@bp.route("/kelola/berkas/<int:application_id>")
@roles_required(*OFFICER_ROLES)
def detail(application_id: int):
    """One application for staff: applicant, documents, promise, timeline, change the status."""
    application = _application_or_404(application_id)
    return _detail_page(application, _change_form(application))


@bp.route("/kelola/berkas/<int:application_id>/status", methods=["POST"])
@roles_required(*OFFICER_ROLES)
def change(application_id: int):
    """Change the status (the form of the detail page); refused: the page again, with why."""
    application = _application_or_404(application_id)
    form = _change_form(application)
    if not form.validate_on_submit():
        form.form_errors.append(_("Formulir ini sudah kedaluwarsa. Muat ulang halaman, lalu "
                                  "kirim ulang."))
        return _detail_page(application, form, 422)
    values = form.values()
    key = values["idempotency_key"]
    if form.version.data != str(application.version):
        # The same form sent twice: done the first time.
        if lifecycle.recorded_change(application, key) is not None:
            return redirect(url_for(".detail", application_id=application.id), code=303)
        form.form_errors.append(STALE_MESSAGE % {"status": STATUS_LABELS[application.status]})
        form.version.data = str(application.version)
        return _detail_page(application, _change_form(application, form), 409)
    if form.has_errors:
        return _detail_page(application, form, 422)
    try:
        lifecycle.change(application, lifecycle.Change(actor=lifecycle.Actor(
            staff=current_staff()), **values))
    except ApplicationError as error:
        db.session.rollback()
        application = db.session.get(Application, application_id)
        form = _change_form(application, form)
        _field_errors(form, error)
        if error.code == "conflict":
            form.version.data = str(application.version)
        return _detail_page(application, form, 409 if error.code == "conflict" else 422)
    db.session.commit()
    flash(_("Status berkas %(code)s sekarang: %(status)s.", code=grouped(application.code),
            status=STATUS_LABELS[application.status]), "ok")
    return redirect(url_for(".detail", application_id=application.id), code=303)


# --- pickup -----------------------------------------------------------------------------------

def _handover_form(application: Application | None, form: HandoverForm | None = None):
    form = form or HandoverForm()
    form.collected_by.choices = opts(COLLECTOR_LABELS.items())
    if application is not None and request.method == "GET":
        form.application.data = str(application.id)
        form.version.data = str(application.version)
        form.idempotency_key.data = uuid.uuid4().hex
        form.collected_by.data = "applicant"
    return form


def _collected_event(application: Application) -> ApplicationEvent | None:
    return next((e for e in reversed(application.events) if e.status == "collected"), None)


def _pickup_page(lookup: LookupForm, application: Application | None = None,
                 handover: HandoverForm | None = None, refusal: str | None = None,
                 status: int = 200, other_agency: bool = False):
    staff = current_staff()
    site = staff.site
    return render_template(
        "applications/pickup.html", lookup=lookup, application=application,
        handover=handover, refusal=refusal, other_agency=other_agency, site=site,
        collected=_collected_event(application) if application is not None else None,
        has_errors=status >= 400, **_helpers(site)), status


def _found(code: str) -> tuple[Application | None, bool]:
    """(application of this site with `code`, whether another agency's)."""
    application = lifecycle.get_application(code) if code else None
    if application is None or application.site_id != current_staff().site_id:
        return None, False
    return application, not access.may_handle(current_staff(), application)


@bp.route("/kelola/berkas/ambil", methods=["GET", "POST"])
@roles_required(*OFFICER_ROLES)
def pickup():
    """Hand over a product: find it by code or scanned receipt, record who collected it."""
    if request.method == "POST":
        return _hand_over()
    lookup = LookupForm(request.args, meta={"csrf": False})
    typed = request.args.get("kode")
    if typed is None:
        return _pickup_page(lookup)
    code = code_from_scan(typed)
    application, other_agency = _found(code)
    if application is None:
        lookup.add_error("kode", _("Kode berkas tidak ditemukan di MPP ini. Periksa lagi "
                                   "ketikannya (10 huruf dan angka, misalnya K7M2-QX9P-RA)."))
        return _pickup_page(lookup, status=404)
    if other_agency:
        return _pickup_page(lookup, application, other_agency=True, status=403)
    handover = _handover_form(application) if application.status == "ready" else None
    return _pickup_page(lookup, application, handover)


def _hand_over():
    staff = current_staff()
    form = _handover_form(None)
    lookup = LookupForm(meta={"csrf": False})
    application_id = parse_id(form.application.data)
    application = db.session.get(Application, application_id) if application_id else None
    if application is None or application.site_id != staff.site_id:
        lookup.add_error("kode", _("Berkas tidak ditemukan. Ketik atau pindai kodenya lagi."))
        return _pickup_page(lookup, status=404)
    lookup.kode.data = grouped(application.code)
    if not access.may_handle(staff, application):
        return _pickup_page(lookup, application, other_agency=True, status=403)
    if not form.validate_on_submit():
        return _pickup_page(lookup, application, _fresh_handover(application, form),
                            refusal=_("Formulir ini sudah kedaluwarsa. Kirim ulang."),
                            status=422)
    values = form.values()
    if form.version.data != str(application.version):
        if lifecycle.recorded_change(application, values["idempotency_key"]) is not None:
            return redirect(url_for(".pickup", kode=grouped(application.code)), code=303)
        return _pickup_page(lookup, application, _fresh_handover(application, form),
                            refusal=str(STALE_MESSAGE % {
                                "status": STATUS_LABELS[application.status]}), status=409)
    try:
        lifecycle.change(application, lifecycle.Change(
            status="collected", actor=lifecycle.Actor(staff=staff), **values))
    except ApplicationError as error:
        db.session.rollback()
        application = db.session.get(Application, application.id)
        handover = _fresh_handover(application, form)
        if handover is not None:
            _field_errors(handover, error)
        return _pickup_page(lookup, application, handover, refusal=str(error.message),
                            status=409 if error.code == "conflict" else 422)
    db.session.commit()
    flash(_("Berkas %(code)s diserahkan dan dicatat.", code=grouped(application.code)), "ok")
    return redirect(url_for(".pickup", kode=grouped(application.code)), code=303)


def _fresh_handover(application: Application, form: HandoverForm) -> HandoverForm | None:
    """The handover form again (still ready) with what was typed and the current version."""
    if application.status != "ready":
        return None
    form.version.data = str(application.version)
    return form
