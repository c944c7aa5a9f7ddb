"""Ticket endpoints of the JSON API: create (idempotent) and follow."""
from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _

from ..dates import iso, parse_day, site_today
from ..extensions import limiter
from ..models import Ticket
from ..queue.booking import BookingError, BookingRequest, issue_ticket
from ..queue.limits import booking_rate_limit
from ..queue.presenters import ticket_url
from ..queue.status import Standing, estimate
from ..queue.state import TicketRef, ticket_state
from . import bp
from .errors import error_response
from .lookup import find_site_and_service, site_not_found


def ticket_document(ticket: Ticket | TicketRef, live: Standing | None = None) -> dict[str, Any]:
    """The ticket as the API shows it. Reads only its standing (`live`, when not given: two
    statements): its site, service, window and counter must be loaded with it (or it lazy
    loads them), or it is a TicketRef (queue/state.py); the calendar comes from its memo
    (queue/calendar.py)."""
    wait = estimate(ticket, current_app.config["QUEUE_DEFAULT_SERVICE_MINUTES"], live=live)
    return {
        "code": ticket.code,
        "number": ticket.number,
        "url": ticket_url(ticket),
        "status": ticket.status,
        "site": ticket.site.slug,
        "service": {"slug": ticket.service.slug, "name": ticket.service.tr("name")},
        "day": ticket.day.isoformat(),
        "window": ticket.window.label() if ticket.window else None,
        "priority": ticket.priority,
        "counter": ticket.counter.label if ticket.counter else None,
        "position": wait.ahead,
        "estimated_wait_minutes": wait.wait_minutes,
        "wait_state": wait.state,
        "expected_call_from": iso(wait.call_from),
        "expected_call_to": iso(wait.call_to),
        "service_opens_at": iso(wait.opens_at),
        "service_closes_at": iso(wait.closes_at),
        "updated_at": wait.now.isoformat(timespec="seconds"),
    }


def current_document(code: str) -> dict[str, Any] | None:
    """The ticket of `code` as the API shows it now, read in one statement (queue/state.py);
    None when there is no such ticket."""
    state = ticket_state(code)
    if state is None:
        return None
    return ticket_document(
        TicketRef(state), state.live(current_app.config["QUEUE_DEFAULT_SERVICE_MINUTES"]))


@bp.post("/sites/<site>/tickets")
@limiter.limit(booking_rate_limit)
def create_ticket(site: str):
    """Take a ticket. The same idempotency_key again returns the same ticket (200)."""
    data = request.get_json(silent=True)
    service_slug = data.get("service") if isinstance(data, dict) else None
    key = data.get("idempotency_key") if isinstance(data, dict) else None
    site_obj, service, key_used = find_site_and_service(
        site, service_slug if isinstance(service_slug, str) else "",
        key if isinstance(key, str) else "")
    if site_obj is None:
        return site_not_found()
    if not isinstance(data, dict):
        return error_response(400, "invalid_json", _("Kirim objek JSON."))
    fields: dict[str, str] = {}
    text = {k: data.get(k) for k in ("service", "day", "name", "phone", "nik", "priority",
                                     "idempotency_key")}
    for key, value in text.items():
        if value is not None and not isinstance(value, str):
            fields[key] = _("Harus berupa teks.")
    window = data.get("window")
    if window is not None and (isinstance(window, bool) or not isinstance(window, int)):
        fields["window"] = _("Harus berupa bilangan bulat (id jam kedatangan).")
    if fields:
        return error_response(422, "invalid", _("Periksa isian."), fields)
    if service is None:
        return error_response(422, "invalid", _("Layanan tidak ditemukan."),
                              {"service": _("Layanan tidak ditemukan.")})
    if not service.bookable:     # information-only, or done outside the MPP
        return error_response(422, "not_queued", _("Layanan ini hanya informasi, tanpa antrean."),
                              {"service": _("Layanan ini hanya informasi, tanpa antrean.")})
    day = parse_day(text["day"]) if text["day"] else site_today(site_obj)
    if day is None:
        return error_response(422, "invalid", _("Tanggal tidak sah (format YYYY-MM-DD)."),
                              {"day": _("Tanggal tidak sah (format YYYY-MM-DD).")})
    booking = BookingRequest(
        site=site_obj, service=service, day=day, name=text["name"] or "",
        idempotency_key=text["idempotency_key"] or "", window_id=window,
        priority=text["priority"] or None, phone=text["phone"] or "", nik=text["nik"] or "",
        channel="api")
    try:
        ticket, created = issue_ticket(
            booking, secret=current_app.config["SECRET_KEY"],
            horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"],
            key_unused=not key_used, keep=False)
    except BookingError as refusal:
        status = 409 if refusal.code in ("quota_full", "window_full", "duplicate_person",
                                         "idempotency_key_reused", "busy") else 422
        extra = {"next_available_day": refusal.next_day.isoformat()} if refusal.next_day else {}
        return error_response(status, refusal.code, str(refusal.message),
                              {k: str(v) for k, v in refusal.fields.items()}, **extra)
    response = jsonify(current_document(ticket.code) or ticket_document(ticket))
    response.status_code = 201 if created else 200
    response.headers["Location"] = url_for("api.ticket_status", code=ticket.code)
    return response


@bp.get("/tickets/<code>")
def ticket_status(code: str):
    """A ticket's status, people ahead and estimated wait."""
    document = current_document(code)
    if document is None:
        return error_response(404, "not_found", _("Tiket tidak ditemukan."))
    response = jsonify(document)
    response.cache_control.no_store = True
    return response
