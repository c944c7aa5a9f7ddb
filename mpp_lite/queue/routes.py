"""Citizen queue pages: take a ticket, follow it, find it again ("Tiket saya"), cancel it."""
from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import quote

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .. import dates
from ..catalog import services as catalog
from ..dates import parse_day, site_today
from ..extensions import db, limiter
from ..identity import normalize_phone, verify
from ..models import ServiceWindow
from ..notify.channels import site_order
from ..notify.subscriptions import PHONE_CHANNELS
from ..web.edge import parse_id
from ..web import pagecache
from ..web.errors import handle_error
from . import bp, ticket_cache
from .booking import BookingError, BookingRequest, issue_ticket
from .device import device_codes, remember
from .forms import BookingForm, CancelForm, show_refusal
from .limits import booking_rate_limit
from .presenters import day_choices, service_fragment, ticket_qr, ticket_url
from .status import estimate
from .state import ticket_state
from .tickets import (
    active_for_person, can_cancel, cancel_ticket, device_duplicate, get_ticket, ticket_for_page,
    tickets_by_codes,
)

bp.add_app_template_test(can_cancel, "cancellable")
bp.add_app_template_global(service_fragment, "service_fragment")


@bp.route("/<site>/layanan/<service>/antre", methods=["GET", "POST"])
@limiter.limit(booking_rate_limit, methods=["POST"])
def book(site: str, service: str):
    """Take a queue ticket for a service (works without JavaScript)."""
    return _booking_page(site, service)


def _phone_or_blank(text: str | None) -> str:
    try:
        return normalize_phone(text or "")
    except ValueError:
        return ""


def _booking_page(site: str, service: str, expired: bool = False):
    """The booking form: shown, sent, or (expired) shown again with what was typed."""
    site_obj = catalog.get_site(site)
    service_obj = catalog.get_service(site_obj, service)
    if not service_obj.bookable:    # information-only or done outside the MPP: no queue
        return redirect(url_for("catalog.service", site=site, service=service), 303)
    form = BookingForm()
    form.set_priority_choices()
    form.day.choices = day_choices(site_obj, service_obj)
    windows = list(db.session.scalars(
        db.select(ServiceWindow)
        .filter_by(service_id=service_obj.id).order_by("starts")))
    form.window.choices = [(str(w.id), w.label()) for w in windows]
    phone_news = _phone_news(site_obj)
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
        form.another.data = "1" if request.args.get("lain") == "1" else ""
        if form.day.choices:
            form.day.data = request.args.get("tanggal") or form.day.choices[0][0]
    error = detail = None
    next_day = found = None
    if expired:
        # The CSRF token or the session ran out while the form was open: nothing was sent,
        # everything typed is shown again with a fresh token (and the same booking key).
        if not form.idempotency_key.data:
            form.idempotency_key.data = uuid.uuid4().hex
        error = _("Formulir ini terlalu lama terbuka atau sesinya sudah berakhir, jadi demi "
                  "keamanan belum dikirim. Isian Anda masih ada: periksa, lalu tekan "
                  "\u201cAmbil nomor antrean\u201d sekali lagi.")
    elif form.validate_on_submit():
        day = parse_day(form.day.data)
        if day is None:
            form.day.errors = [_("Pilih tanggal.")]
        else:
            key = form.idempotency_key.data or ""
            phone = _phone_or_blank(form.phone.data)
            same = None
            if not service_obj.nik_required and form.another.data != "1":
                same = device_duplicate(device_codes(request), service_obj.id, day,
                                        form.name.data or "", phone)
            if same is not None and same.idempotency_key != key:
                flash(_("Di ponsel ini sudah ada tiket %(number)s untuk layanan dan tanggal "
                        "yang sama, dengan nama atau nomor HP yang sama. Tidak dibuat tiket "
                        "kedua. Untuk orang lain, pilih \u201cAmbil nomor untuk orang "
                        "lain\u201d.", number=same.number))
                return redirect(url_for(".ticket", code=same.code), code=303)
            booking = BookingRequest(
                site=site_obj, service=service_obj, day=day, name=form.name.data or "",
                idempotency_key=key,
                window_id=parse_id(form.window.data),
                priority=form.priority.data or None, phone=form.phone.data or "",
                nik=form.nik.data or "", channel="online",
                subscriptions=[(channel, phone) for channel in PHONE_CHANNELS]
                if phone_news and form.notify.data and phone else [],
                language=_language())
            try:
                ticket, _created = issue_ticket(
                    booking, secret=current_app.config["SECRET_KEY"],
                    horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
            except BookingError as refusal:
                error, next_day = show_refusal(form, refusal), refusal.next_day
                if refusal.code == "duplicate_person":
                    found = _own_active_ticket(service_obj, day, refusal.person_key, phone)
                    if found is None:
                        detail = _("Jika tiket itu diambil di ponsel lain, buka \u201cTiket "
                                   "saya\u201d di ponsel tersebut. Jika Anda memberi nomor HP "
                                   "saat memesan, isi nomor HP yang sama di formulir ini lalu "
                                   "kirim lagi untuk membuka tiket itu. Atau tanyakan ke meja "
                                   "informasi MPP.")
            else:
                response = redirect(url_for(".ticket", code=ticket.code), code=303)
                remember(request, response, ticket.code)
                return response
    status = 400 if expired else 422 if request.method == "POST" else 200
    return render_template("queue/book.html", site=site_obj, service=service_obj, form=form,
                           error=error, detail=detail, next_day=next_day, found=found,
                           windows=windows, phone_news=phone_news,
                           has_errors=request.method == "POST"), status


def _phone_news(site) -> bool:
    """Whether the form offers "send queue news to this number" (WhatsApp or SMS is on)."""
    on = site_order(site.notify_channels, current_app.config)
    return any(channel in PHONE_CHANNELS for channel in on)


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "id"


def _own_active_ticket(service, day: dt.date, person_key: str | None, phone: str):
    """The active ticket behind a "one per person" refusal, only for its owner: it was booked
    or opened on this device, or (when the NIK was the key) the phone number given at booking
    is typed again. Someone who only knows a NIK learns nothing more than the refusal."""
    ticket = active_for_person(service.id, day, person_key)
    if ticket is None:
        return None
    if ticket.code in device_codes(request):
        return ticket
    if ticket.nik_hash and phone and ticket.phone == phone:
        return ticket
    return None


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """An expired CSRF token or session on a citizen form is not a dead end."""
    if request.endpoint == "queue.book" and request.view_args:
        return _booking_page(**request.view_args, expired=True)
    if request.endpoint == "queue.cancel" and request.view_args:
        flash(_("Halaman ini terlalu lama terbuka. Tiket belum dibatalkan: tekan "
                "\u201cYa, batalkan\u201d sekali lagi."), "error")
        return redirect(url_for(".cancel", code=request.view_args["code"]), code=303)
    return handle_error(error)


@bp.route("/tiket/<code>")
def ticket(code: str):
    """A ticket: number, status, people ahead, estimated wait, QR code, requirements.

    One statement reads the ticket's state (queue/state.py); a page already rendered for the
    same state, minute, language and request is served from the page cache (web/pagecache.py
    serve_keyed, queue/ticket_cache.py); otherwise one more statement loads the ticket with its
    catalogue for the template."""
    signature = request.args.get("s")
    if signature is not None and not verify(current_app.config["SECRET_KEY"], code, signature):
        return _ticket_not_found()  # a tampered QR code
    state = ticket_state(code)
    if state is None:
        return _ticket_not_found()  # mistyped or invented
    now = dates.now()
    stored = ticket_cache.serve(state, now)
    if stored is not None:
        remember(request, stored, code)  # a hit is never a signed-in officer's
        return stored
    ticket_obj = ticket_for_page(code)
    if ticket_obj is None or not ticket_cache.shows(ticket_obj, state):
        pagecache.forgo()  # changed since the state was read: shown, not kept
        if ticket_obj is None:
            return _ticket_not_found()
    default_minutes = current_app.config["QUEUE_DEFAULT_SERVICE_MINUTES"]
    wait = estimate(ticket_obj, default_minutes, now=now, live=state.live(default_minutes))
    url = ticket_url(ticket_obj)
    share = "https://wa.me/?text=" + quote(_("Tiket antrean %(number)s: %(url)s",
                                             number=ticket_obj.number, url=url))
    response = make_response(render_template(
        "queue/ticket.html", ticket=ticket_obj, site=ticket_obj.site,
        service=ticket_obj.service, wait=wait, share_url=share, updated_at=wait.now,
        qr=ticket_qr(ticket_obj, url),
        refresh=ticket_obj.is_active and ticket_obj.day == wait.now.date(),
        refresh_seconds=current_app.config["TICKET_REFRESH_SECONDS"],
        # No announcement of the site runs past now (read with the ticket): none is in force,
        # so components/_notices.html need not ask.
        **({} if state.notices else {"announcements_in_force": _none_in_force})))
    if not current_user.is_authenticated:  # an officer's screen is not the citizen's phone
        remember(request, response, ticket_obj.code)
    return response


def _none_in_force(*_args: object, **_kwargs: object) -> list:
    return []


def _ticket_not_found():
    return render_template("queue/not_found.html"), 404


@bp.route("/tiket-saya")
def my_tickets():
    """The tickets booked or opened on this phone (a signed cookie; offline copies via JS)."""
    tickets = tickets_by_codes(device_codes(request))
    today = {t.site_id: site_today(t.site) for t in tickets}
    current = [t for t in tickets if t.is_active and t.day >= today[t.site_id]]
    past = [t for t in tickets if t not in current]
    response = make_response(render_template("queue/my_tickets.html", current=current,
                                              past=past))
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/tiket/<code>/batal", methods=["GET", "POST"])
def cancel(code: str):
    """Cancel a ticket, after a confirmation page."""
    ticket_obj = get_ticket(code)
    if ticket_obj is None:
        return _ticket_not_found()
    form = CancelForm()
    if not can_cancel(ticket_obj):
        return redirect(url_for(".ticket", code=code), code=303)
    if form.validate_on_submit():
        cancel_ticket(ticket_obj, staff=None, note="citizen")
        db.session.commit()
        return redirect(url_for(".ticket", code=code), code=303)
    return render_template("queue/cancel.html", ticket=ticket_obj, site=ticket_obj.site,
                           form=form)
