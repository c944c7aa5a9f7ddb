"""Visit endpoints of the JSON API: book several services for one day at once (idempotent)
and follow the visit: its tickets, where to go next and one checklist."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _

from ..dates import parse_day, site_today
from ..extensions import db, limiter
from ..models import MAX_VISIT_SERVICES, PRIORITIES, Service, Visit
from ..queue.limits import booking_rate_limit
from ..visits import services as visits
from ..visits.booking import VisitError, VisitRequest, book_visit
from ..visits.checklist import Checklist
from . import bp
from .errors import error_response
from .lookup import find_site, site_not_found
from .openapi import (
    EXTRA_PATHS, EXTRA_SCHEMAS, LANG_PARAM, NOT_FOUND, SITE_PARAM, TEXT, _enum, _json, _ref,
)
from .tickets import ticket_document

TEXT_FIELDS = ("day", "name", "phone", "nik", "priority", "idempotency_key", "life_event")
# Refusals about the state of the queue (retrying later or another day may succeed).
CONFLICTS = ("quota_full", "window_full", "duplicate_person", "idempotency_key_reused", "busy")


def checklist_document(checklist: Checklist) -> dict[str, Any]:
    return {
        "entries": [{
            "text": e.text, "detail": e.detail, "form": e.form, "quantity": e.quantity,
            "optional": e.optional, "condition": e.requirement.tr("condition"),
            "alternatives": [r.tr("text") for r in e.alternatives] if e.is_choice else [],
            "for_services": [s.slug for s in e.for_services],
        } for e in checklist.entries],
        "made_in_visit": [{
            "text": m.text, "made_by": m.made_by.slug,
            "for_services": [s.slug for s in m.for_services],
        } for m in checklist.made_here],
    }


def visit_document(visit: Visit) -> dict[str, Any]:
    """The visit as the API shows it: its tickets in order (each as GET /tickets/{code} shows
    it, with its step and the steps it needs), the next step and the checklist."""
    steps = visits.steps_of(visit)  # every ticket's standing, in one statement
    following = visits.next_step(steps)
    default_minutes = current_app.config["QUEUE_DEFAULT_SERVICE_MINUTES"]
    return {
        "code": visit.code,
        "url": url_for("visits.visit", code=visit.code, _external=True),
        "site": visit.site.slug,
        "day": visit.day.isoformat(),
        "life_event": visit.life_event or None,
        "tickets": [{
            **ticket_document(s.ticket, s.live(default_minutes)),
            "step": s.ticket.visit_step,
            "needs_steps": sorted(visits.needed_steps(s.ticket)),
            "waiting_for_steps": [t.visit_step for t in s.after],
            "callable": s.callable,
        } for s in steps],
        "next_step": {
            "kind": following.kind,
            "ticket": following.step.ticket.code if following.step else None,
            "number": following.step.ticket.number if following.step else None,
            "counter": following.step.ticket.counter.label
            if following.step and following.step.ticket.counter else None,
        },
        "checklist": checklist_document(visits.checklist_of(visit)),
    }


def _services(site_id: int, slugs: list[str]) -> tuple[list[Service], list[str]]:
    """The site's active services of these slugs in the order given, and the slugs unknown."""
    found = {s.slug: s for s in db.session.scalars(sa.select(Service).where(
        Service.site_id == site_id, Service.slug.in_(slugs), Service.active.is_(True)))}
    return [found[s] for s in slugs if s in found], [s for s in slugs if s not in found]


@bp.post("/sites/<site>/visits")
@limiter.limit(booking_rate_limit)
def create_visit(site: str):
    """Book a visit. The same idempotency_key again returns the same visit (200)."""
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "invalid_json", _("Kirim objek JSON."))
    fields: dict[str, str] = {}
    text = {k: data.get(k) for k in TEXT_FIELDS}
    for key, value in text.items():
        if value is not None and not isinstance(value, str):
            fields[key] = _("Harus berupa teks.")
    slugs = data.get("services")
    if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
        fields["services"] = _("Harus berupa daftar slug layanan.")
    elif len(slugs) > MAX_VISIT_SERVICES * 2:
        fields["services"] = _("Satu kunjungan paling banyak %(max)s layanan.",
                               max=MAX_VISIT_SERVICES)
    if fields:
        return error_response(422, "invalid", _("Periksa isian."), fields)
    chosen, unknown = _services(site_obj.id, slugs)
    if unknown:
        message = _("Layanan tidak ditemukan: %(slugs)s.", slugs=", ".join(unknown))
        return error_response(422, "invalid", message, {"services": message})
    day = parse_day(text["day"]) if text["day"] else site_today(site_obj)
    if day is None:
        return error_response(422, "invalid", _("Tanggal tidak sah (format YYYY-MM-DD)."),
                              {"day": _("Tanggal tidak sah (format YYYY-MM-DD).")})
    visit_request = VisitRequest(
        site=site_obj, services=chosen, day=day, name=text["name"] or "",
        idempotency_key=text["idempotency_key"] or "", priority=text["priority"] or None,
        phone=text["phone"] or "", nik=text["nik"] or "", channel="api",
        life_event=text["life_event"] or "")
    try:
        visit, created = book_visit(
            visit_request, secret=current_app.config["SECRET_KEY"],
            horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
    except VisitError as refusal:
        extra: dict[str, Any] = {}
        if refusal.next_day:
            extra["next_available_day"] = refusal.next_day.isoformat()
        if refusal.service is not None:
            extra["service"] = refusal.service.slug
        return error_response(409 if refusal.code in CONFLICTS else 422, refusal.code,
                              str(refusal.message),
                              {k: str(v) for k, v in refusal.fields.items()}, **extra)
    response = jsonify(visit_document(visit))
    response.status_code = 201 if created else 200
    response.headers["Location"] = url_for("api.visit_status", code=visit.code)
    return response


@bp.get("/visits/<code>")
def visit_status(code: str):
    """A visit's tickets, where to go next and what to bring."""
    visit = visits.visit_by_code(code)
    if visit is None:
        return error_response(404, "not_found", _("Kunjungan tidak ditemukan."))
    response = jsonify(visit_document(visit))
    response.cache_control.no_store = True
    return response


CODE_PARAM = {"name": "code", "in": "path", "required": True, "schema": TEXT}
EXTRA_PATHS["/sites/{site}/visits"] = {"post": {
    "operationId": "createVisit",
    "summary": "Take tickets for several services on one day, as one visit (idempotent)",
    "description": f"2 to {MAX_VISIT_SERVICES} distinct bookable services of the site, one "
                   "person, one day; a ticket each, all or none, in an order where a service "
                   "whose product another needs comes first (the birth certificate before the "
                   "family card), else the queue with fewer people waiting. Time windows are "
                   "chosen by the app (the first with room). idempotency_key is scoped to the "
                   "site: the same key with the same request returns the visit already made "
                   "(200); with another request it is refused with 409 "
                   "idempotency_key_reused. A refusal names the service it concerns "
                   "(error.service).",
    "parameters": [SITE_PARAM, LANG_PARAM],
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": _ref("VisitRequest")}}},
    "responses": {
        "201": _json(_ref("Visit"), "Visit created"),
        "200": _json(_ref("Visit"), "The visit already made with this key"),
        "400": _json(_ref("Error"), "Body is not a JSON object"),
        "404": NOT_FOUND,
        "409": _json(_ref("Error"), "A service's quota or windows are full, the person already "
                     "has an active ticket for one of the services (error.service names it; "
                     "error.next_available_day may say when all have room), or "
                     "idempotency_key_reused"),
        "422": _json(_ref("Error"), "Invalid fields (error.fields), too few or too many "
                     "services, or a service without a queue"),
        "429": _json(_ref("Error"), "Too many requests"),
    },
}}
EXTRA_PATHS["/visits/{code}"] = {"get": {
    "operationId": "getVisit",
    "summary": "A visit's tickets, where to go next and one checklist for all its services",
    "parameters": [CODE_PARAM, LANG_PARAM],
    "responses": {"200": _json(_ref("Visit"), "The visit"), "404": NOT_FOUND},
}}
EXTRA_SCHEMAS["VisitRequest"] = {
    "type": "object", "required": ["services", "name", "idempotency_key"],
    "properties": {
        "services": {"type": "array", "items": TEXT, "minItems": 2,
                     "maxItems": MAX_VISIT_SERVICES, "description": "Service slugs"},
        "day": {"type": "string", "format": "date",
                "description": "Local business day; today when omitted"},
        "priority": _enum(PRIORITIES),
        "name": {"type": "string", "maxLength": 80},
        "phone": TEXT,
        "nik": {"type": "string", "description": "Only needed when a chosen service requires "
                                                 "it; stored as a keyed hash"},
        "life_event": {"type": "string", "description": "The life event the bundle came from"},
        "idempotency_key": {"type": "string"},
    },
}
EXTRA_SCHEMAS["Visit"] = {
    "type": "object",
    "required": ["code", "url", "site", "day", "tickets", "next_step", "checklist"],
    "properties": {
        "code": TEXT, "url": {"type": "string", "format": "uri"}, "site": TEXT,
        "day": {"type": "string", "format": "date"},
        "life_event": {"type": ["string", "null"]},
        "tickets": {"type": "array", "description": "In the visit's order", "items": {
            "allOf": [_ref("Ticket"), {"type": "object", "properties": {
                "step": {"type": "integer", "minimum": 1},
                "needs_steps": {"type": "array", "items": {"type": "integer"},
                                "description": "Earlier steps whose product this one needs"},
                "waiting_for_steps": {"type": "array", "items": {"type": "integer"},
                                      "description": "Needed steps still waiting: not "
                                                     "called before they are over"},
                "callable": {"type": "boolean", "description": "Waiting and not held back "
                                                               "by the visit"}}}]}},
        "next_step": {"type": "object", "properties": {
            "kind": {"enum": ["called", "serving", "next", "waiting", "finished"],
                     "description": "called: go to counter now; serving: being served; "
                                    "next: the ticket to be called first (fewest ahead); "
                                    "waiting: every waiting ticket waits for another step; "
                                    "finished: nothing waits"},
            "ticket": {"type": ["string", "null"], "description": "Ticket code"},
            "number": {"type": ["string", "null"]},
            "counter": {"type": ["string", "null"]}}},
        "checklist": {"type": "object", "properties": {
            "entries": {"type": "array", "description": "Each document once, for all the "
                        "services needing it; copies add up, originals do not",
                        "items": {"type": "object", "properties": {
                            "text": TEXT, "detail": TEXT, "form": TEXT,
                            "quantity": {"type": "integer"}, "optional": {"type": "boolean"},
                            "condition": TEXT,
                            "alternatives": {"type": "array", "items": TEXT,
                                             "description": "Bring one of these"},
                            "for_services": {"type": "array", "items": TEXT}}}},
            "made_in_visit": {"type": "array", "description": "Documents an earlier step "
                              "makes: not to be brought",
                              "items": {"type": "object", "properties": {
                                  "text": TEXT, "made_by": TEXT,
                                  "for_services": {"type": "array", "items": TEXT}}}}}},
    },
}
