"""Citizen queue pages: take a ticket, follow it, cancel it."""
from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import quote

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..catalog import services as catalog
from ..catalog.hours import local_now
from ..extensions import db, limiter
from ..identity import sign, verify
from ..models import ServiceWindow
from ..qr import qr_svg
from . import bp
from .booking import BookingError, BookingRequest, issue_ticket
from .calendar import next_service_days
from .forms import BookingForm, CancelForm, show_refusal
from .status import standing
from .tickets import cancel_ticket, get_ticket_or_404


def booking_rate_limit() -> str:
    """The booking limit (pages and API), read per request so it can be configured."""
    return current_app.config["BOOKING_RATE_LIMIT"]


def ticket_url(ticket, external: bool = True) -> str:
    """The URL in the QR code: the ticket's page with a signature of its code."""
    return url_for("queue.ticket", code=ticket.code,
                   s=sign(current_app.config["SECRET_KEY"], ticket.code), _external=external)


def ticket_qr(ticket) -> str:
    """The ticket's QR code (its signed URL) as inline SVG, labelled for screen readers."""
    return qr_svg(ticket_url(ticket), title=_("Kode QR tiket %(number)s", number=ticket.number))


def day_choices(site, service) -> list[tuple[str, str]]:
    from ..templating import long_date

    today = local_now(site.timezone).date()
    horizon = current_app.config["QUEUE_BOOKING_DAYS_AHEAD"]
    days = [d for d in next_service_days(site, service, today, 10)
            if d <= today + dt.timedelta(days=horizon)]
    labels = []
    for day in days:
        label = long_date(day)
        if day == today:
            label = _("Hari ini, %(date)s", date=label)
        labels.append((day.isoformat(), label))
    return labels


@bp.route("/<site>/layanan/<service>/antre", methods=["GET", "POST"])
@limiter.limit(booking_rate_limit, methods=["POST"])
def book(site: str, service: str):
    """Take a queue ticket for a service (works without JavaScript)."""
    site_obj = catalog.get_site(site)
    service_obj = catalog.get_service(site_obj, service)
    form = BookingForm()
    form.set_priority_choices()
    form.day.choices = day_choices(site_obj, service_obj)
    windows = list(db.session.scalars(
        db.select(ServiceWindow)
        .filter_by(service_id=service_obj.id).order_by("starts")))
    form.window.choices = [(str(w.id), w.label()) for w in windows]
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
        if form.day.choices:
            form.day.data = request.args.get("tanggal") or form.day.choices[0][0]
    error = None
    next_day = None
    if form.validate_on_submit():
        try:
            day = dt.date.fromisoformat(form.day.data)
        except (TypeError, ValueError):
            form.day.errors = [_("Pilih tanggal.")]
        else:
            booking = BookingRequest(
                site=site_obj, service=service_obj, day=day, name=form.name.data or "",
                idempotency_key=form.idempotency_key.data or "",
                window_id=int(form.window.data) if (form.window.data or "").isdigit() else None,
                priority=form.priority.data or None, phone=form.phone.data or "",
                nik=form.nik.data or "", channel="online")
            try:
                ticket, _created = issue_ticket(
                    booking, secret=current_app.config["SECRET_KEY"],
                    horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
            except BookingError as refusal:
                error, next_day = show_refusal(form, refusal), refusal.next_day
            else:
                return redirect(url_for(".ticket", code=ticket.code), code=303)
    status = 422 if (request.method == "POST") else 200
    return render_template("queue/book.html", site=site_obj, service=service_obj, form=form,
                           error=error, next_day=next_day, windows=windows,
                           has_errors=request.method == "POST"), status


@bp.route("/tiket/<code>")
def ticket(code: str):
    """A ticket: number, status, people ahead, estimated wait, QR code, requirements."""
    signature = request.args.get("s")
    if signature is not None and not verify(current_app.config["SECRET_KEY"], code, signature):
        abort(404)  # a tampered or invented QR code
    ticket_obj = get_ticket_or_404(code)
    figures = standing(ticket_obj, current_app.config["QUEUE_DEFAULT_SERVICE_MINUTES"])
    url = ticket_url(ticket_obj)
    share = "https://wa.me/?text=" + quote(_("Tiket antrean %(number)s: %(url)s",
                                             number=ticket_obj.number, url=url))
    now = local_now(ticket_obj.site.timezone)
    return render_template(
        "queue/ticket.html", ticket=ticket_obj, site=ticket_obj.site,
        service=ticket_obj.service, figures=figures, share_url=share, updated_at=now,
        qr=ticket_qr(ticket_obj),
        refresh=ticket_obj.is_active and ticket_obj.day == now.date(),
        refresh_seconds=current_app.config["TICKET_REFRESH_SECONDS"])


@bp.route("/tiket/<code>/batal", methods=["GET", "POST"])
def cancel(code: str):
    """Cancel a ticket, after a confirmation page."""
    ticket_obj = get_ticket_or_404(code)
    form = CancelForm()
    if not ticket_obj.status == "waiting":
        return redirect(url_for(".ticket", code=code), code=303)
    if form.validate_on_submit():
        cancel_ticket(ticket_obj, staff=None, note="citizen")
        db.session.commit()
        return redirect(url_for(".ticket", code=code), code=303)
    return render_template("queue/cancel.html", ticket=ticket_obj, site=ticket_obj.site,
                           form=form)
