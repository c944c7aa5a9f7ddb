"""The paired kiosk device's pages under /kios: pairing, then agency → service → category →
the ticket on screen and on the 58 mm printer, and back to the start.

The device is recognised by its credential cookie only (COOKIE, scoped to /kios, HttpOnly,
SameSite=Lax, Secure over HTTPS): it is no staff login, and no other route reads it. Every page
here is private (no-store): a ticket shown on a public screen must not linger in a cache."""
from __future__ import annotations

import datetime as dt
import uuid
from functools import wraps

from flask import (
    abort, current_app, g, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import dates
from ..assist.services import slip_page
from ..catalog.vocab import PRIORITY_LABELS
from ..extensions import db, limiter
from ..i18n import SOURCE_LANGUAGE, current_language
from ..models import Kiosk, Service
from ..qr import qr_svg
from ..queue.booking import BookingError
from ..queue.calendar import is_service_day, next_service_days, still_open_today
from ..queue.presenters import ticket_qr
from ..templating import long_date
from ..village.services import NO_TICKETS_LEFT, visit_slip_parts
from ..village.slips import assist_visit_slip_page
from ..visits.booking import VisitError
from ..web.errors import error_page
from ..web.policy import mark_private
from . import bp, services
from .forms import REGULAR, PairForm, TicketForm

COOKIE = "mpp_kiosk"
COOKIE_PATH = "/kios"
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600  # revoked by the admin, not by time
IDLE_SECONDS = 90         # a half-finished choice goes back to the start
TICKET_IDLE_SECONDS = 30  # the ticket stays this long after printing

REFUSAL_TEXT = {
    "closed_now": _l("Layanan ini sudah tutup untuk hari ini."),
    "closed_day": _l("Layanan ini tidak buka hari ini."),
    "quota_full": _l("Kuota layanan ini hari ini sudah habis."),
    "window_full": _l("Semua jam kedatangan hari ini sudah penuh."),
    "nik_required": _l("Tiket layanan ini memerlukan NIK, jadi tidak bisa diambil di "
                       "anjungan."),
}


def _pairing_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def kiosk_required(view):
    """The paired, not revoked kiosk (g.kiosk), or the pairing page."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        kiosk = services.authenticate(request.cookies.get(COOKIE))
        if kiosk is None:
            db.session.commit()
            return redirect(url_for(".pair"), code=303)
        db.session.commit()  # "last seen", at most every few minutes
        g.kiosk = kiosk
        return view(*args, **kwargs)
    return mark_private(wrapped)


def _page(template: str, status: int = 200, **context):
    kiosk: Kiosk | None = g.get("kiosk")
    home = url_for("web.set_language", code=SOURCE_LANGUAGE, next=url_for(".start"))
    return render_template(template, kiosk=kiosk, kiosk_site=kiosk.site if kiosk else None,
                           home_url=home, idle=context.pop("idle", IDLE_SECONDS),
                           **context), status


@bp.route("/kios/pasang", methods=["GET", "POST"])
@limiter.limit(_pairing_limit, methods=["POST"])
@mark_private
def pair():
    """Pair this device: type the one-time code from the admin's kiosk page."""
    form = PairForm()
    error = None
    if request.method == "POST":
        if not form.validate_on_submit():
            error = _("Formulir kedaluwarsa. Silakan ketik kodenya lagi.")
        else:
            paired = services.pair(form.code.data or "")
            if paired is None:
                db.session.rollback()
                error = _("Kode salah, sudah dipakai, atau sudah kedaluwarsa. Minta kode baru "
                          "kepada pengelola MPP.")
            else:
                kiosk, token = paired
                db.session.commit()
                response = redirect(url_for(".start"), code=303)
                response.set_cookie(
                    COOKIE, token, max_age=COOKIE_MAX_AGE, path=COOKIE_PATH, httponly=True,
                    samesite="Lax",
                    secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"])
                return response
    return _page("kiosk/pair.html", 422 if error else 200, form=form, error=error,
                 has_errors=bool(error), idle=0)


@bp.route("/kios")
@kiosk_required
def start():
    """The start screen: the services asked for most, and the kiosk's agencies."""
    kiosk = g.kiosk
    agencies = services.kiosk_agencies(kiosk)
    # The start screen waits as long as it takes; in another language it returns to
    # Indonesian for the next visitor.
    return _page("kiosk/start.html", agencies=agencies, short_list=services.short_list(kiosk),
                 idle=0 if current_language() == SOURCE_LANGUAGE else IDLE_SECONDS)


@bp.route("/kios/instansi/<int:agency_id>")
@kiosk_required
def agency(agency_id: int):
    """The services of one of the kiosk's agencies."""
    kiosk = g.kiosk
    chosen = next((a for a in kiosk.agencies if a.id == agency_id), None)
    if chosen is None:
        abort(404)
    return _page("kiosk/agency.html", agency=chosen,
                 services=services.agency_services(kiosk, agency_id))


def _phone_qr(service: Service, day: dt.date | None) -> tuple[str, str]:
    """(QR drawing, URL) of the service's booking page on a phone, for `day` when given."""
    args = {"tanggal": day.isoformat()} if day else {}
    url = url_for("queue.book", site=service.site.slug, service=service.slug,
                  _external=True, **args)
    return qr_svg(url, title=_("Kode QR untuk memesan %(service)s lewat ponsel",
                               service=service.tr("name"))), url


def _tapped_category(form: TicketForm) -> tuple[str | None, str | None]:
    """(the category button tapped: a priority or REGULAR, None), or (None, the message to
    show) for a stale form or no button."""
    if not form.validate_on_submit():
        form.idempotency_key.data = form.idempotency_key.data or uuid.uuid4().hex
        return None, _("Formulir kedaluwarsa. Silakan pilih lagi.")
    category = request.form.get("category", "")
    if category not in (*PRIORITY_LABELS, REGULAR):
        return None, _("Pilih salah satu tombol kategori.")
    return category, None


def _refusal_now(service: Service) -> BookingError | None:
    """What would refuse a ticket now, asked before the visitor taps (booking asks again)."""
    site = service.site
    local = dates.site_now(site)
    today = local.date()
    if service.nik_required:
        upcoming = next_service_days(site, service, today, 1)
        return BookingError("nik_required", REFUSAL_TEXT["nik_required"],
                            next_day=upcoming[0] if upcoming else None)
    if not is_service_day(site, service, today):
        upcoming = next_service_days(site, service, today + dt.timedelta(days=1), 1)
        return BookingError("closed_day", REFUSAL_TEXT["closed_day"],
                            next_day=upcoming[0] if upcoming else None)
    if not still_open_today(site, service, local):
        upcoming = next_service_days(site, service, today + dt.timedelta(days=1), 1)
        return BookingError("closed_now", REFUSAL_TEXT["closed_now"],
                            next_day=upcoming[0] if upcoming else None)
    next_with_room = services.quota_full_today(service)
    if next_with_room is not False:
        return BookingError("quota_full", REFUSAL_TEXT["quota_full"],
                            next_day=next_with_room or None)
    counter = services.closed_counter(service)
    if counter is not None:
        return BookingError("counter_closed", _(
            "Gerai %(counter)s sedang tutup: %(reason)s", counter=counter.label,
            reason=counter.status_reason))
    return None


def _refusal_context(service: Service, refusal: BookingError) -> dict:
    what = str(REFUSAL_TEXT.get(refusal.code, refusal.message))
    context: dict = {"what": what, "next_day": refusal.next_day, "qr": None}
    if refusal.code in ("quota_full", "closed_now", "closed_day", "nik_required",
                        "window_full"):
        context["qr"], context["qr_url"] = _phone_qr(service, refusal.next_day)
    if refusal.next_day is not None:
        context["todo"] = _("Hari berikutnya yang masih ada tempat: %(date)s. Pindai kode QR "
                            "dengan ponsel untuk memesan tiket hari itu.",
                            date=long_date(refusal.next_day))
    elif context["qr"]:
        context["todo"] = _("Pindai kode QR dengan ponsel untuk memesan tiket hari lain.")
    else:
        context["todo"] = _("Silakan bertanya kepada petugas informasi.")
    return context


@bp.route("/kios/layanan/<int:service_id>", methods=["GET", "POST"])
@kiosk_required
def service(service_id: int):
    """The last tap: the visitor's category (priority groups, or regular); the ticket follows."""
    kiosk = g.kiosk
    chosen = services.kiosk_service(kiosk, service_id)
    if chosen is None:
        abort(404)
    form = TicketForm()
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
    refusal = _refusal_now(chosen)
    error = None
    status = 200
    if request.method == "POST" and refusal is None:
        status = 422
        category, error = _tapped_category(form)
        if category is not None:
            try:
                ticket, _created = services.issue(
                    kiosk, chosen, priority=None if category == REGULAR else category,
                    idempotency_key=form.idempotency_key.data or "",
                    secret=current_app.config["SECRET_KEY"])
            except BookingError as booking_error:
                db.session.rollback()
                if booking_error.code in ("invalid_idempotency_key", "idempotency_key_reused"):
                    form.idempotency_key.data = uuid.uuid4().hex
                    error = _("Formulir kedaluwarsa. Silakan pilih lagi.")
                else:
                    refusal = booking_error
            else:
                if ticket.kiosk_id == kiosk.id:
                    return redirect(url_for(".ticket", code=ticket.code, cetak=1), code=303)
                form.idempotency_key.data = uuid.uuid4().hex  # another device's key
                error = _("Formulir kedaluwarsa. Silakan pilih lagi.")
    elif request.method == "POST":
        status = 422
    return _page("kiosk/service.html", status, service=chosen, form=form, error=error,
                 refusal=_refusal_context(chosen, refusal) if refusal else None,
                 categories=[(REGULAR, _("Bukan prioritas")), *PRIORITY_LABELS.items()],
                 has_errors=bool(error))


@bp.route("/kios/tiket/<code>")
@kiosk_required
def ticket(code: str):
    """The ticket on screen with its QR code and checklist; printed at once (kiosk.js)."""
    kiosk = g.kiosk
    found = services.kiosk_ticket(kiosk, code)
    if found is None:
        abort(404)
    meta = long_date(found.day) + (f", {found.window.label()}" if found.window else "") + (
        f" · {PRIORITY_LABELS[found.priority]}" if found.priority in PRIORITY_LABELS else "")
    page = slip_page(found.site.tr("name"), found.service.tr("name"), meta, kiosk.name)
    return _page("kiosk/ticket.html", ticket=found, site=found.site, qr=ticket_qr(found),
                 slip_page=page, autoprint=request.args.get("cetak") == "1",
                 idle=TICKET_IDLE_SECONDS)


# --- a visit: "Tambah layanan lain", then one category tap, one slip with every ticket --------

def _chosen_or_404(kiosk: Kiosk) -> list[Service]:
    chosen = services.chosen_services(kiosk, request.args.getlist("layanan"))
    if chosen is None:
        abort(404)
    return chosen


def _ids(chosen: list[Service]) -> list[int]:
    return [s.id for s in chosen]


@bp.route("/kios/kunjungan/tambah")
@kiosk_required
def visit_add():
    """The services chosen so far and the kiosk's others to add (up to MAX_VISIT_SERVICES);
    the choice lives in the address, so every tap is a plain link."""
    kiosk = g.kiosk
    chosen = _chosen_or_404(kiosk)
    if not chosen:
        return redirect(url_for(".start"), code=303)
    taken = set(_ids(chosen))
    groups: dict[str, list[Service]] = {}
    if len(chosen) < services.MAX_VISIT_SERVICES:
        for service in services.kiosk_services(kiosk):
            if service.id not in taken:
                groups.setdefault(service.agency.short_name or service.agency.tr("name"),
                                  []).append(service)
    return _page("kiosk/visit_add.html", chosen=chosen, ids=_ids(chosen), groups=groups,
                 most=services.MAX_VISIT_SERVICES)


def _named(service: Service, refusal: BookingError) -> str:
    """A refusal said of the service it concerns (the visit has several)."""
    reason = REFUSAL_TEXT.get(refusal.code, refusal.message)
    return _("%(service)s: %(reason)s", service=service.tr("name"), reason=reason)


@bp.route("/kios/kunjungan", methods=["GET", "POST"])
@kiosk_required
def visit():
    """The last tap of a visit: the visitor's category; every ticket is made at once."""
    kiosk = g.kiosk
    chosen = _chosen_or_404(kiosk)
    if len(chosen) < 2:
        return redirect(url_for(".visit_add", layanan=_ids(chosen)), code=303)
    form = TicketForm()
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
    refusals = [(s, _named(s, r)) for s in chosen if (r := _refusal_now(s)) is not None]
    next_day = None
    error = None
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and not refusals:
        category, error = _tapped_category(form)
        if category is not None:
            try:
                made, _created = services.issue_visit(
                    kiosk, chosen, priority=None if category == REGULAR else category,
                    idempotency_key=form.idempotency_key.data or "",
                    secret=current_app.config["SECRET_KEY"])
            except VisitError as refusal:
                if refusal.code in ("invalid_idempotency_key", "idempotency_key_reused"):
                    form.idempotency_key.data = uuid.uuid4().hex
                    error = _("Formulir kedaluwarsa. Silakan pilih lagi.")
                else:
                    # Nothing was made; the message names the service (VisitError).
                    refusals = [(refusal.service, str(refusal.message))]
                    next_day = refusal.next_day
            else:
                return redirect(url_for(".visit_ticket", code=made.code, cetak=1), code=303)
    return _page("kiosk/visit.html", status, chosen=chosen, ids=_ids(chosen), form=form,
                 error=error, refusals=refusals, next_day=next_day,
                 categories=[(REGULAR, _("Bukan prioritas")), *PRIORITY_LABELS.items()],
                 has_errors=bool(error or refusals))


# Under /kios/tiket/ as the single ticket is: kiosk.js follows the category form's redirect
# to a ticket page there at once (any other answer it sends again as a plain form).
@bp.route("/kios/tiket/kunjungan/<code>")
@kiosk_required
def visit_ticket(code: str):
    """The visit's tickets on screen and on one printed slip, with one checklist."""
    kiosk = g.kiosk
    found = services.kiosk_visit(kiosk, code)
    if found is None:
        abort(404)
    if not found.tickets:  # every ticket moved to another day: nothing to show or print
        return error_page(404, str(NO_TICKETS_LEFT))
    parts, checklist = visit_slip_parts(found)
    return _page("kiosk/visit_ticket.html", visit=found, site=found.site, parts=parts,
                 checklist=checklist, footer=kiosk.name,
                 slip_page=assist_visit_slip_page([t for t, _qr in parts], checklist),
                 autoprint=request.args.get("cetak") == "1", idle=TICKET_IDLE_SECONDS)
