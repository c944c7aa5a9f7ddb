"""Citizen pages of a visit (kunjungan): choose several services for one day and take a ticket
for each at once; see them all, where to go next and one checklist; cancel the visit."""
from __future__ import annotations

import uuid

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .. import dates
from ..catalog import services as catalog
from ..catalog.vocab import LIFE_EVENTS
from ..dates import parse_day
from ..extensions import db, limiter
from ..formatting import clean_text
from ..i18n import current_language
from ..identity import normalize_phone
from ..models import MAX_VISIT_SERVICES
from ..notify.channels import site_order
from ..notify.subscriptions import PHONE_CHANNELS
from ..queue.device import remember
from ..queue.forms import CancelForm, show_refusal
from ..queue.limits import booking_rate_limit
from ..web.errors import handle_error
from . import bp, services
from .booking import VisitError, VisitRequest, book_visit
from .forms import VisitForm


@bp.route("/<site>/kunjungan", methods=["GET", "POST"])
@limiter.limit(booking_rate_limit, methods=["POST"])
def book(site: str):
    """Several services in one visit: choose them (GET form), then day and name (POST)."""
    return _visit_form(site)


def _visit_form(site: str, expired: bool = False):
    """The visit form: shown, sent, or (expired) shown again with what was typed."""
    site_obj = catalog.get_site(site)
    event = request.args.get("peristiwa", "")
    event = event if event in LIFE_EVENTS else ""
    query = clean_text(request.args.get("cari"), 100)
    offer = services.offer(site_obj, request.args.getlist("layanan"), event, query)
    form = VisitForm()
    form.set_priority_choices()
    posted = services.bookable_by_slug(site_obj, form.services.data or []) \
        if request.method == "POST" else offer.chosen
    form.day.choices = services.common_days(site_obj, posted)
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
        form.services.data = [s.slug for s in offer.chosen]
        if form.day.choices:
            days = dict(form.day.choices)
            wanted = request.args.get("tanggal", "")
            form.day.data = wanted if wanted in days else form.day.choices[0][0]
    error = None
    next_day = None
    phone_news = any(c in PHONE_CHANNELS
                     for c in site_order(site_obj.notify_channels, current_app.config))
    if expired:
        if not form.idempotency_key.data:
            form.idempotency_key.data = uuid.uuid4().hex
        error = _("Formulir ini terlalu lama terbuka atau sesinya sudah berakhir, jadi demi "
                  "keamanan belum dikirim. Isian Anda masih ada: periksa, lalu tekan "
                  "\u201cAmbil semua nomor antrean\u201d sekali lagi.")
    elif form.validate_on_submit():
        day = parse_day(form.day.data)
        phone = _phone_or_blank(form.phone.data)
        visit_request = VisitRequest(
            site=site_obj, services=posted, day=day, name=form.name.data or "",
            idempotency_key=form.idempotency_key.data or "",
            priority=form.priority.data or None, phone=form.phone.data or "",
            nik=form.nik.data or "", channel="online", life_event=event,
            subscriptions=[(channel, phone) for channel in PHONE_CHANNELS]
            if phone_news and form.notify.data and phone else [],
            language=current_language())
        try:
            if len(posted) != len(set(form.services.data or [])):
                raise VisitError("not_queued", _("Salah satu layanan yang dipilih tidak lagi "
                                                 "memakai antrean di MPP ini. Pilih lagi."),
                                 "services")
            visit, _created = book_visit(
                visit_request, secret=current_app.config["SECRET_KEY"],
                horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
        except VisitError as refusal:
            error, next_day = show_refusal(form, refusal), refusal.next_day
        else:
            response = redirect(url_for(".visit", code=visit.code), code=303)
            remember(request, response, *(t.code for t in visit.tickets))
            return response
    status = 400 if expired else 422 if request.method == "POST" else 200
    return render_template(
        "visits/book.html", site=site_obj, form=form, offer=offer, chosen=posted,
        event=event, query=query, error=error, next_day=next_day, phone_news=phone_news,
        nik_for=", ".join(s.tr("name") for s in posted if s.nik_required),
        max_services=MAX_VISIT_SERVICES,
        has_errors=request.method == "POST"), status


def _phone_or_blank(text: str | None) -> str:
    try:
        return normalize_phone(text or "")
    except ValueError:
        return ""


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """An expired CSRF token or session on the visit forms is not a dead end."""
    if request.endpoint == "visits.book" and request.view_args:
        return _visit_form(**request.view_args, expired=True)
    if request.endpoint == "visits.cancel" and request.view_args:
        flash(_("Halaman ini terlalu lama terbuka. Kunjungan belum dibatalkan: tekan "
                "\u201cYa, batalkan semua\u201d sekali lagi."), "error")
        return redirect(url_for(".cancel", code=request.view_args["code"]), code=303)
    return handle_error(error)


def _not_found():
    return render_template("visits/not_found.html"), 404


@bp.route("/kunjungan/<code>")
def visit(code: str):
    """A visit: every ticket, where to go next, one checklist for all its services."""
    visit_obj = services.visit_by_code(code)
    if visit_obj is None:
        return _not_found()
    steps = services.steps_of(visit_obj)
    now = dates.now()
    today = dates.site_today(visit_obj.site, now)
    active = any(t.is_active for t in visit_obj.tickets)
    response = current_app.make_response(render_template(
        "visits/visit.html", visit=visit_obj, site=visit_obj.site, steps=steps,
        next_step=services.next_step(steps), checklist=services.checklist_of(visit_obj),
        moved=services.moved_away(visit_obj),
        cancellable=services.cancellable(visit_obj), today=today,
        updated_at=dates.site_now(visit_obj.site, now),
        refresh=active and visit_obj.day == today,
        refresh_seconds=current_app.config["TICKET_REFRESH_SECONDS"]))
    response.headers["Cache-Control"] = "private, no-cache"
    if not current_user.is_authenticated:  # an officer's screen is not the citizen's phone
        remember(request, response, *(t.code for t in visit_obj.tickets))
    return response


@bp.route("/kunjungan/<code>/batal", methods=["GET", "POST"])
def cancel(code: str):
    """Cancel every ticket of the visit that still waits, after a confirmation page."""
    visit_obj = services.visit_by_code(code)
    if visit_obj is None:
        return _not_found()
    waiting = services.cancellable(visit_obj)
    if not waiting:
        return redirect(url_for(".visit", code=code), code=303)
    form = CancelForm()
    if form.validate_on_submit():
        count = services.cancel_visit(visit_obj)
        db.session.commit()
        flash(ngettext("%(num)s tiket kunjungan ini dibatalkan.",
                       "%(num)s tiket kunjungan ini dibatalkan.", count))
        return redirect(url_for(".visit", code=code), code=303)
    return render_template("visits/cancel.html", visit=visit_obj, site=visit_obj.site,
                           waiting=waiting, form=form)
