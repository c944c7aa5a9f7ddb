"""Application (berkas) endpoints of the JSON API: agency systems create and update their own
applications with a bearer token (mpp_lite/applications/tokens.py); anyone with the code reads
the public status, which never carries the name, phone, documents or who collected it.

- No, a malformed, an unknown or a revoked token → 401 with `WWW-Authenticate: Bearer`; a
  token of another site or agency → 403; an unknown code → 404.
- Retried calls are answered, not repeated: the same `Idempotency-Key` header (or, for an
  event, its own `id`) with the same content → 200 with the application as it is; with other
  content → 409. A create's key is the agency's own (two agencies cannot collide).
- The rules (transitions, dates, pickup once) are lifecycle.py's; its refusals map to
  422 (invalid), 409 (conflict), 403 (forbidden), 404 (not found).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _

from ..applications import lifecycle, tokens
from ..applications.lifecycle import STATUS_LABELS, ApplicationError, Actor, Change, Receipt
from ..applications.presenters import application_url, timeline
from ..codes import grouped
from ..dates import iso, parse_day, site_today
from ..extensions import db, limiter
from ..models import APPLICATION_STATUSES, COLLECTORS, AgencyToken, Application
from ..queue.tickets import get_ticket
from ..web.edge import has_control
from . import bp
from .errors import error_response
from .lookup import find_service, find_site, site_not_found
from .openapi import EXTRA_PATHS, EXTRA_SCHEMAS, LANG_PARAM, NOT_FOUND, SITE_PARAM, _json, _ref

# Agency systems send batches (40 KTP-el ready at once): more than a citizen's booking limit.
DEFAULT_RATE_LIMIT = "120 per minute; 5000 per day"
MAX_KEY = 64  # an Idempotency-Key or event id; a create's is stored with the agency's prefix
ERROR_STATUS = {"invalid": 422, "conflict": 409, "forbidden": 403, "not_found": 404}
# lifecycle's field names → the API's members.
API_FIELDS = {"pickup_place": "pickup.place", "pickup_from": "pickup.from",
              "pickup_until": "pickup.until"}


def application_rate_limit() -> str:
    """The limit of the two POSTs, per client address (MPP_APPLICATION_API_RATE_LIMIT)."""
    return current_app.config.get("APPLICATION_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def application_document(application: Application) -> dict[str, Any]:
    """What anyone holding the code may read: statuses, dates, public notes. Never the name,
    phone, documents, internal notes, staff names or who collected the product."""
    site, service = application.site, application.service
    today = site_today(site)
    ready = application.status == "ready"
    waiting = application.status == "needs_documents"
    return {
        "code": application.code,
        "code_display": grouped(application.code),
        "url": application_url(application),
        "status": application.status,
        "status_label": str(STATUS_LABELS[application.status]),
        "site": {"slug": site.slug, "name": site.tr("name")},
        "service": {"slug": service.slug, "name": service.tr("name")},
        "agency": {"slug": application.agency.slug, "name": application.agency.tr("name")},
        "received_on": iso(application.received_on),
        "processing_days": application.processing_days,
        "due_date": iso(lifecycle.effective_due_date(application, today)),
        "overdue": lifecycle.is_overdue(application, today),
        "clock_paused": waiting,
        "completed_on": iso(application.completed_on),
        "on_time": lifecycle.was_on_time(application),
        "missing": list(application.missing or []) if waiting else [],
        "missing_by": iso(application.missing_by) if waiting else None,
        "pickup": {"place": application.pickup_place, "from": iso(application.pickup_from),
                   "until": iso(application.pickup_until)} if ready else None,
        "timeline": [{"status": row.status, "label": row.label, "at": iso(row.at),
                      "note": row.note, "details": row.details, "source": row.source}
                     for row in timeline(application, public=True)],
    }


def _answer(application: Application, status: int, created: bool = False):
    response = jsonify(application_document(application))
    response.status_code = status
    if created:  # where the new application (or the one a retry found) can be read
        response.headers["Location"] = url_for("api.application_status", code=application.code)
    response.cache_control.no_store = True
    return response


def _unauthorized():
    sent = request.headers.get("Authorization") is not None
    response, status = error_response(
        401, "unauthorized",
        _("Token API tidak sah atau sudah dicabut.") if sent else
        _("Kirim token API instansi di header Authorization: Bearer <token>."))
    challenge = 'Bearer realm="mpp-lite"'
    response.headers["WWW-Authenticate"] = challenge + (
        ', error="invalid_token"' if sent else "")
    return response, status


def _refused(error: ApplicationError):
    db.session.rollback()
    return error_response(ERROR_STATUS.get(error.code, 422), error.code, str(error.message),
                          {API_FIELDS.get(k, k): str(v) for k, v in error.fields.items()})


def _token() -> AgencyToken | None:
    """The request's active token (its "last used" saved at once, whatever follows)."""
    token = tokens.authenticate(request.headers.get("Authorization"))
    if token is not None:
        db.session.commit()
    return token


def _body() -> dict[str, Any] | None:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else None


def _not_json():
    return error_response(400, "invalid_json", _("Kirim objek JSON."))


def _invalid(fields: dict[str, str]):
    return error_response(422, "invalid", _("Periksa isian."), fields)


class _Reader:
    """Reads members of a JSON object by type, noting a message per wrong member."""

    def __init__(self, data: dict[str, Any], prefix: str = ""):
        self.data, self.prefix, self.fields = data, prefix, {}

    def _wrong(self, name: str, message: str) -> None:
        self.fields[self.prefix + name] = message

    def text(self, name: str) -> str:
        value = self.data.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            self._wrong(name, _("Harus berupa teks."))
            return ""
        return value

    def texts(self, name: str) -> list[str]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            self._wrong(name, _("Harus berupa daftar teks."))
            return []
        return value

    def day(self, name: str) -> dt.date | None:
        raw = self.text(name)
        if not raw:
            return None
        day = parse_day(raw)
        if day is None:
            self._wrong(name, _("Tanggal tidak sah (format YYYY-MM-DD)."))
        return day

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong(name, _("Harus berupa true atau false."))
            return default
        return value


def _key(value: object, name: str, fields: dict[str, str]) -> str | None:
    """An idempotency key (header or event id): up to MAX_KEY printable characters."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > MAX_KEY or has_control(value) \
            or not value.strip():
        fields[name] = _("Paling panjang %(n)d karakter, tanpa karakter kendali.", n=MAX_KEY)
        return None
    return value


@bp.post("/sites/<site>/applications")
@limiter.limit(application_rate_limit)
def create_application(site: str):
    """Receive an application for a service of the token's agency (201; a retry: 200)."""
    token = _token()
    if token is None:
        return _unauthorized()
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    if token.site_id != site_obj.id:
        return error_response(403, "forbidden", _("Token ini bukan untuk MPP ini."))
    data = _body()
    if data is None:
        return _not_json()
    read = _Reader(data)
    fields = read.fields
    service_slug = read.text("service")
    name, phone, note = read.text("applicant_name"), read.text("phone"), read.text("note")
    ticket_code = read.text("ticket")
    documents = read.texts("documents")
    key = _key(request.headers.get("Idempotency-Key"), "idempotency_key", fields)
    if fields:
        return _invalid(fields)
    service = find_service(site_obj, service_slug) if service_slug else None
    if service is None:
        message = _("Layanan tidak ditemukan.") if service_slug else _("Pilih layanan.")
        return _invalid({"service": message})
    ticket = None
    if ticket_code:
        ticket = get_ticket(ticket_code)
        if ticket is None or ticket.site_id != site_obj.id:
            return _invalid({"ticket": _("Tiket tidak ditemukan di MPP ini.")})
    try:
        application, created = lifecycle.receive(Receipt(
            site=site_obj, service=service, applicant_name=name, phone=phone, ticket=ticket,
            documents=documents, note=note, actor=Actor(token=token),
            idempotency_key=f"a{token.agency_id}:{key}" if key else None))
    except ApplicationError as error:
        return _refused(error)
    db.session.commit()
    return _answer(application, 201 if created else 200, created=True)


@bp.post("/applications/<code>/events")
@limiter.limit(application_rate_limit)
def application_event(code: str):
    """Change an application's status (200 with the application; a retry changes nothing)."""
    token = _token()
    if token is None:
        return _unauthorized()
    application = lifecycle.get_application(code)
    if application is None:
        return error_response(404, "not_found", _("Berkas tidak ditemukan."))
    if token.site_id != application.site_id or token.agency_id != application.agency_id:
        return error_response(403, "forbidden", _("Berkas ini milik instansi lain."))
    data = _body()
    if data is None:
        return _not_json()
    read = _Reader(data)
    fields = read.fields
    status = read.text("status")
    if "status" not in fields and status not in APPLICATION_STATUSES:
        fields["status"] = _("Status harus salah satu dari: %(statuses)s.",
                             statuses=", ".join(APPLICATION_STATUSES))
    note, public = read.text("note"), read.boolean("public", True)
    missing, missing_by = read.texts("missing"), read.day("missing_by")
    pickup = data.get("pickup")
    place, start, until = "", None, None
    if isinstance(pickup, dict):
        pick = _Reader(pickup, "pickup.")
        place, start, until = pick.text("place"), pick.day("from"), pick.day("until")
        fields.update(pick.fields)
    elif pickup is not None:
        fields["pickup"] = _("Harus berupa objek {\"place\", \"from\", \"until\"}.")
    collected_by = read.text("collected_by")
    if collected_by and collected_by not in COLLECTORS:
        fields["collected_by"] = _("Isi \"applicant\" (pemohon sendiri) atau \"proxy\" "
                                   "(diwakilkan).")
    collector_name, relation = read.text("collector_name"), read.text("collector_relation")
    reason = read.text("reason")
    header_key = _key(request.headers.get("Idempotency-Key"), "idempotency_key", fields)
    event_id = _key(data.get("id"), "id", fields)
    if fields:
        return _invalid(fields)
    try:
        application, _changed = lifecycle.change(application, Change(
            status=status, note=note, public=public, missing=missing, missing_by=missing_by,
            pickup_place=place, pickup_from=start, pickup_until=until,
            collected_by=collected_by, collector_name=collector_name,
            collector_relation=relation, reason=reason, actor=Actor(token=token),
            idempotency_key=header_key or event_id))
    except ApplicationError as error:
        return _refused(error)
    db.session.commit()
    return _answer(application, 200)


@bp.get("/applications/<code>")
def application_status(code: str):
    """An application's public status and timeline (no personal data)."""
    application = lifecycle.get_application(code)
    if application is None:
        return error_response(404, "not_found", _("Berkas tidak ditemukan."))
    return _answer(application, 200)


# --- OpenAPI ----------------------------------------------------------------------------------

CODE_PARAM = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "The tracking code, with or without dashes, e.g. K7M2-QX9P-RA"}
KEY_PARAM = {"name": "Idempotency-Key", "in": "header", "required": False,
             "schema": {"type": "string", "maxLength": MAX_KEY},
             "description": "Send the same key again when retrying: the same request returns "
                            "the application as it is (200); another request with the same "
                            "key is refused (409)"}
SECURED = [{"agencyToken": []}]
UNAUTHORIZED = _json(_ref("Error"), "No, a malformed, an unknown or a revoked token "
                                    "(WWW-Authenticate: Bearer)")
TEXT = {"type": "string"}
DAY = {"type": "string", "format": "date"}
NULLABLE_DAY = {"type": ["string", "null"], "format": "date"}

EXTRA_PATHS["/sites/{site}/applications"] = {"post": {
    "operationId": "createApplication",
    "summary": "Receive an application (berkas) for a service of the token's agency",
    "description": "Bearer token of the service's agency at this site (created with `flask "
                   "--app mpp_lite tokens create`). The promised date is the service's "
                   "processing_days in the site's working days. The applicant's name and "
                   "phone are stored for staff and never returned.",
    "security": SECURED,
    "parameters": [SITE_PARAM, LANG_PARAM, KEY_PARAM],
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": _ref("ApplicationRequest")}}},
    "responses": {
        "201": _json(_ref("Application"), "Application received"),
        "200": _json(_ref("Application"), "The application already made with this key"),
        "400": _json(_ref("Error"), "Body is not a JSON object"),
        "401": UNAUTHORIZED,
        "403": _json(_ref("Error"), "The token is another site's or another agency's"),
        "404": NOT_FOUND,
        "409": _json(_ref("Error"), "The Idempotency-Key was used for another request"),
        "422": _json(_ref("Error"), "Invalid fields (error.fields)"),
        "429": _json(_ref("Error"), "Too many requests"),
    },
}}
EXTRA_PATHS["/applications/{code}/events"] = {"post": {
    "operationId": "addApplicationEvent",
    "summary": "Change an application's status (agency systems, head offices)",
    "description": "Bearer token of the application's agency. Allowed changes: received → "
                   "in_progress, at_head_office, needs_documents, ready, collected, rejected, "
                   "withdrawn; ready → collected only; nothing after collected, rejected or "
                   "withdrawn (409). needs_documents needs `missing` (and stops the clock); "
                   "ready takes `pickup` (default: the agency's counter, today, 30 days); "
                   "collected needs `collected_by` (and for a proxy `collector_name` and "
                   "`collector_relation`); rejected needs `reason`. Idempotent by the "
                   "Idempotency-Key header or the event's own `id`.",
    "security": SECURED,
    "parameters": [CODE_PARAM, LANG_PARAM, KEY_PARAM],
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": _ref("ApplicationEventRequest")}}},
    "responses": {
        "200": _json(_ref("Application"), "The application after the change (or as it is, "
                                          "for a retried change)"),
        "400": _json(_ref("Error"), "Body is not a JSON object"),
        "401": UNAUTHORIZED,
        "403": _json(_ref("Error"), "The application is another agency's"),
        "404": NOT_FOUND,
        "409": _json(_ref("Error"), "Impossible change (e.g. collected twice), changed by "
                                    "someone else at the same moment, or the key/id was "
                                    "used for another change"),
        "422": _json(_ref("Error"), "Invalid fields (error.fields)"),
        "429": _json(_ref("Error"), "Too many requests"),
    },
}}
EXTRA_PATHS["/applications/{code}"] = {"get": {
    "operationId": "getApplication",
    "summary": "An application's public status, promised date and timeline",
    "description": "Public (the code is the key). Never the applicant's name, phone, "
                   "documents, internal notes or who collected the product.",
    "parameters": [CODE_PARAM, LANG_PARAM],
    "responses": {"200": _json(_ref("Application"), "The application"), "404": NOT_FOUND},
}}
EXTRA_SCHEMAS["ApplicationRequest"] = {
    "type": "object", "required": ["service", "applicant_name"],
    "properties": {
        "service": {"type": "string", "description": "Service slug"},
        "applicant_name": {"type": "string", "maxLength": lifecycle.MAX_NAME},
        "phone": {"type": "string", "maxLength": lifecycle.MAX_PHONE,
                  "examples": ["0812 3456 7890"]},
        "ticket": {"type": "string", "description": "Code of the site's ticket it was "
                                                    "received at"},
        "documents": {"type": "array", "maxItems": lifecycle.MAX_DOCUMENTS,
                      "items": {"type": "string", "maxLength": lifecycle.MAX_DOCUMENT},
                      "description": "Documents received"},
        "note": {"type": "string", "maxLength": lifecycle.MAX_NOTE,
                 "description": "Staff-only note"},
    },
}
EXTRA_SCHEMAS["ApplicationEventRequest"] = {
    "type": "object", "required": ["status"],
    "properties": {
        "status": {"enum": list(APPLICATION_STATUSES)},
        "note": {"type": "string", "maxLength": lifecycle.MAX_NOTE,
                 "description": "Shown to the citizen unless public is false"},
        "public": {"type": "boolean", "default": True},
        "missing": {"type": "array", "items": {"type": "string",
                                               "maxLength": lifecycle.MAX_DOCUMENT},
                    "maxItems": lifecycle.MAX_DOCUMENTS},
        "missing_by": DAY,
        "pickup": {"type": "object", "properties": {
            "place": {"type": "string", "maxLength": lifecycle.MAX_PLACE},
            "from": DAY, "until": DAY}},
        "collected_by": {"enum": list(COLLECTORS)},
        "collector_name": {"type": "string", "maxLength": lifecycle.MAX_NAME},
        "collector_relation": {"type": "string", "maxLength": lifecycle.MAX_RELATION},
        "reason": {"type": "string", "maxLength": lifecycle.MAX_NOTE},
        "id": {"type": ["string", "integer"], "description": "The event's own id in the "
               "agency's system (idempotency key when no Idempotency-Key header is sent)"},
    },
}
EXTRA_SCHEMAS["Application"] = {
    "type": "object",
    "required": ["code", "url", "status", "status_label", "site", "service", "due_date",
                 "overdue", "timeline"],
    "properties": {
        "code": TEXT, "code_display": {"type": "string", "examples": ["K7M2-QX9P-RA"]},
        "url": {"type": "string", "format": "uri", "description": "The public tracking page"},
        "status": {"enum": list(APPLICATION_STATUSES)}, "status_label": TEXT,
        "site": {"type": "object", "properties": {"slug": TEXT, "name": TEXT}},
        "service": {"type": "object", "properties": {"slug": TEXT, "name": TEXT}},
        "agency": {"type": "object", "properties": {"slug": TEXT, "name": TEXT}},
        "received_on": DAY,
        "processing_days": {"type": ["integer", "null"],
                            "description": "Working days promised; null: same day or unknown"},
        "due_date": {**NULLABLE_DAY, "description": "The promised day as it stands today "
                     "(moved by the working days spent waiting for documents)"},
        "overdue": {"type": "boolean"},
        "clock_paused": {"type": "boolean", "description": "Waiting for documents"},
        "completed_on": NULLABLE_DAY,
        "on_time": {"type": ["boolean", "null"]},
        "missing": {"type": "array", "items": TEXT},
        "missing_by": NULLABLE_DAY,
        "pickup": {"type": ["object", "null"], "properties": {
            "place": TEXT, "from": NULLABLE_DAY, "until": NULLABLE_DAY}},
        "timeline": {"type": "array", "items": {"type": "object", "properties": {
            "status": {"enum": list(APPLICATION_STATUSES)}, "label": TEXT,
            "at": {"type": "string", "format": "date-time",
                   "description": "Site-local time with its UTC offset"},
            "note": TEXT, "details": {"type": "object"},
            "source": {"enum": ["staff", "api", "system"]}}}},
    },
}
