"""The OpenAPI 3.1 document for /api/v1 (kept next to the routes it describes)."""
from __future__ import annotations

from typing import Any

from .. import __version__
from ..models import (
    AGENCY_KINDS, AVAILABILITIES, COUNTER_STATUSES, PRIORITIES, REQUIREMENT_FORMS, STATUSES,
)
from ..queue.booking import IDEMPOTENCY_KEY


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _enum(values: tuple[str, ...]) -> dict[str, list[str]]:
    """A schema of one of the model's values (the tuple that also makes its CHECK)."""
    return {"enum": list(values)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NOT_FOUND = _json(_ref("Error"), "Not found (JSON error body)")
SITE_PARAM = {"name": "site", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "Site slug, e.g. maros"}
LANG_PARAM = {"name": "lang", "in": "query", "required": False,
              "schema": {"type": "string", "examples": ["id", "en"]},
              "description": "Language of the texts; otherwise Accept-Language, then Indonesian"}
TEXT = {"type": "string"}
NULLABLE_INT = {"type": ["integer", "null"]}


def live_site_path(operation_id: str, summary: str, description: str, member: str,
                   item: dict[str, Any], answer: str) -> dict[str, Any]:
    """The OpenAPI path of a live_site_response (api/lookup.py) listing `member` items."""
    return {"get": {
        "operationId": operation_id, "summary": summary, "description": description,
        "parameters": [SITE_PARAM, LANG_PARAM],
        "responses": {"200": _json({
            "type": "object", "required": ["site", "now", member],
            "properties": {"site": {"type": "string"},
                           "now": {"type": "string", "format": "date-time"},
                           member: {"type": "array", "items": item}},
        }, answer), "404": NOT_FOUND},
    }}

# Paths and schemas described by other API modules (each module adds its own at import time,
# next to its routes): {"/sites/{site}/counters": {...}} and {"Counter": {...}}.
EXTRA_PATHS: dict[str, dict[str, Any]] = {}
EXTRA_SCHEMAS: dict[str, dict[str, Any]] = {}
# The agency API tokens of the application endpoints (api/applications.py).
SECURITY_SCHEMES = {"agencyToken": {
    "type": "http", "scheme": "bearer",
    "description": "An agency's API token (`flask --app mpp_lite tokens create`, or the site "
                   "admin's page /kelola/token-api), sent as `Authorization: Bearer <token>`. "
                   "It acts for one agency at one site; revoked tokens get 401."}}


def openapi_document(server_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "MPP Lite API",
            "version": __version__,
            "description": "Public catalogue of Mal Pelayanan Publik services: requirements, "
                           "steps, time, fee, product, complaint channel and where it is served.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": server_url + "/api/v1"}],
        "paths": {
            "/sites": {"get": {
                "operationId": "listSites", "summary": "All MPP sites",
                "parameters": [LANG_PARAM],
                "responses": {"200": _json({
                    "type": "object", "required": ["sites"],
                    "properties": {"sites": {"type": "array", "items": _ref("SiteSummary")}},
                }, "The sites")},
            }},
            "/sites/{site}/services": {"get": {
                "operationId": "listServices", "summary": "A site's services",
                "parameters": [SITE_PARAM, LANG_PARAM, {
                    "name": "q", "in": "query", "required": False, "schema": TEXT,
                    "description": "Search text; results best match first. Only the "
                                   "services found are returned, not weak matches; with a "
                                   "query they include entries for needs handled outside "
                                   "the MPP (availability outside). Without a query: the "
                                   "services offered at the MPP, A to Z"}],
                "responses": {"200": _json({
                    "type": "object", "required": ["services"],
                    "properties": {"services": {"type": "array",
                                                "items": _ref("ServiceSummary")}},
                }, "The services (A–Z, or best match first with q)"), "404": NOT_FOUND},
            }},
            "/sites/{site}/services/{slug}": {"get": {
                "operationId": "getService", "summary": "One service with its standard",
                "parameters": [SITE_PARAM, LANG_PARAM, {
                    "name": "slug", "in": "path", "required": True, "schema": TEXT}],
                "responses": {"200": _json(_ref("Service"), "The service"),
                              "404": NOT_FOUND},
            }},
            "/sites/{site}/tickets": {"post": {
                "operationId": "createTicket",
                "summary": "Take a queue ticket (idempotent by idempotency_key)",
                "description": "idempotency_key is scoped to the site and the service: the "
                               "same key with the same request returns the ticket already "
                               "made (200); the same key with another request (another "
                               "day, name, phone, NIK, window or priority) is refused with "
                               "409 idempotency_key_reused. A key never returns another "
                               "site's or service's ticket.",
                "parameters": [SITE_PARAM, LANG_PARAM],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("TicketRequest")}}},
                "responses": {
                    "201": _json(_ref("Ticket"), "Ticket created"),
                    "200": _json(_ref("Ticket"), "The ticket already made with this key"),
                    "400": _json(_ref("Error"), "Body is not a JSON object"),
                    "404": NOT_FOUND,
                    "409": _json(_ref("Error"), "Quota or window full, the person already "
                                 "has an active ticket (error.next_available_day may say when "
                                 "there is room), or idempotency_key_reused: the key was "
                                 "already used with another request"),
                    "422": _json(_ref("Error"), "Invalid fields (error.fields)"),
                    "429": _json(_ref("Error"), "Too many requests"),
                },
            }},
            "/sites/{site}/board": {"get": {
                "operationId": "getBoard",
                "summary": "The display board: each counter's number and the last calls today",
                "description": "Public, for the hall's TV (the page /{site}/layar polls it): "
                               "ticket numbers, counter labels and agency short names only. "
                               "Today is the site's local day. Poll every few seconds; redraw "
                               "only when version changes.",
                "parameters": [SITE_PARAM, LANG_PARAM],
                "responses": {"200": _json(_ref("Board"), "The board"), "404": NOT_FOUND},
            }},
            "/tickets/{code}": {"get": {
                "operationId": "getTicket", "summary": "A ticket's status and place in line",
                "parameters": [{"name": "code", "in": "path", "required": True,
                                "schema": TEXT}, LANG_PARAM],
                "responses": {"200": _json(_ref("Ticket"), "The ticket"), "404": NOT_FOUND},
            }},
            **EXTRA_PATHS,
        },
        "components": {"schemas": {**SCHEMAS, **EXTRA_SCHEMAS},
                       "securitySchemes": SECURITY_SCHEMES},
    }


SCHEMAS: dict[str, Any] = {
    "Board": {
        "type": "object", "required": ["site", "now", "counters", "calls", "version"],
        "properties": {
            "site": {"type": "string", "description": "Site slug"},
            "now": {"type": "string", "format": "date-time",
                    "description": "Local time at the site, with its UTC offset"},
            "counters": {"type": "array", "description": "Every counter, in hall order",
                         "items": {"type": "object", "properties": {
                             "label": TEXT, "agency": {"type": "string",
                                                       "description": "Short name"},
                             "floor": TEXT, "status": _enum(COUNTER_STATUSES),
                             "reason": {"type": "string",
                                        "description": "Why on a break or closed (short)"},
                             "serving": {"type": ["string", "null"],
                                         "examples": ["A-007"]},
                             "ticket_status": {"enum": ["called", "serving", None]}}}},
            "calls": {"type": "array", "description": "Today's last calls, newest first",
                      "items": {"type": "object", "properties": {
                          "number": {"type": "string", "examples": ["A-007"]},
                          "counter": TEXT,
                          "called_at": {"type": "string", "format": "date-time"},
                          "call_count": {"type": "integer",
                                         "description": "Grows on each recall"}}}},
            "version": {"type": "string",
                        "description": "Changes whenever anything shown changes (not the "
                                       "clock)"},
        },
    },
    "TicketRequest": {
        "type": "object", "required": ["service", "name", "idempotency_key"],
        "properties": {
            "service": {"type": "string", "description": "Service slug"},
            "day": {"type": "string", "format": "date",
                    "description": "Local business day; today when omitted"},
            "window": {"type": "integer", "description": "Arrival window id, if the service "
                                                          "has windows"},
            "priority": _enum(PRIORITIES),
            "name": {"type": "string", "maxLength": 80},
            "phone": {"type": "string"},
            "nik": {"type": "string", "description": "Only for services that require it; "
                                                     "stored as a keyed hash"},
            "idempotency_key": {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern},
        },
    },
    "Ticket": {
        "type": "object",
        "required": ["code", "number", "url", "status", "day", "service"],
        "properties": {
            "code": TEXT, "number": {"type": "string", "examples": ["A-007"]},
            "url": {"type": "string", "format": "uri"},
            "status": _enum(STATUSES),
            "site": TEXT, "service": {"type": "object", "properties": {"slug": TEXT,
                                                                        "name": TEXT}},
            "day": {"type": "string", "format": "date"}, "window": {"type": ["string", "null"]},
            "priority": {"type": ["string", "null"]}, "counter": {"type": ["string", "null"]},
            "position": {**NULLABLE_INT, "description": "People ahead in the same queue "
                         "(for a later day: booked so far); null when not waiting"},
            "estimated_wait_minutes": {**NULLABLE_INT, "description": "Minutes from now, "
                                       "only when wait_state is today_open; null otherwise"},
            "wait_state": {
                "enum": ["today_open", "no_counter_open", "before_opening", "later_day",
                         "closed", "not_waiting"],
                "description": "Why the estimate is what it is: today_open (in hours, a "
                               "counter open: minutes and call range), no_counter_open (in "
                               "hours, no counter of the service open now: no estimate), "
                               "before_opening (today, before the service opens or in a break: "
                               "service_opens_at and call range), later_day (service_opens_at "
                               "that day and call range), closed (the day's hours are over, "
                               "the service is not open that day, or the day has passed: no "
                               "estimate), not_waiting (called, served, done, absent or "
                               "cancelled)"},
            "expected_call_from": {"type": ["string", "null"], "format": "date-time",
                                   "description": "Start of the expected call time range, "
                                                  "site-local with its UTC offset"},
            "expected_call_to": {"type": ["string", "null"], "format": "date-time",
                                 "description": "End of the expected call time range"},
            "service_opens_at": {"type": ["string", "null"], "format": "date-time",
                                 "description": "When the service (re)opens for this ticket "
                                                "(before_opening, later_day)"},
            "service_closes_at": {"type": ["string", "null"], "format": "date-time",
                                  "description": "When the service's hours end on the "
                                                 "ticket's day"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    },
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["code", "message", "fields"],
            "properties": {"code": TEXT, "message": TEXT,
                           "fields": {"type": "object",
                                      "additionalProperties": {"type": "string"}}},
        }},
    },
    "SiteSummary": {
        "type": "object", "required": ["slug", "name", "timezone", "url"],
        "properties": {"slug": TEXT, "name": TEXT,
                       "timezone": {"type": "string", "examples": ["Asia/Makassar"]},
                       "url": {"type": "string", "format": "uri"}},
    },
    "ServiceSummary": {
        "type": "object", "required": ["slug", "name", "agency", "url"],
        "properties": {"slug": TEXT, "name": TEXT, "agency": TEXT,
                       "url": {"type": "string", "format": "uri"}},
    },
    "Service": {
        "type": "object",
        "required": ["slug", "name", "agency", "url", "requirements", "steps",
                     "processing_time", "fee", "product", "complaint_channel",
                     "availability", "counters"],
        "properties": {
            "slug": TEXT, "name": TEXT, "url": {"type": "string", "format": "uri"},
            "summary": TEXT,
            "agency": {"type": "object", "properties": {
                "slug": TEXT, "name": TEXT, "short_name": TEXT,
                "kind": _enum(AGENCY_KINDS),
                "head_office_address": TEXT, "head_office_phone": TEXT,
                "head_office_hours": TEXT}},
            "requirements": {"type": "array", "items": {"type": "object", "properties": {
                "text": TEXT, "detail": TEXT,
                "form": _enum(REQUIREMENT_FORMS),
                "quantity": {"type": "integer", "minimum": 1}, "condition": TEXT,
                "optional": {"type": "boolean"}, "group": NULLABLE_INT, "source": TEXT}}},
            "steps": {"type": "array", "items": {"type": "object", "properties": {
                "position": {"type": "integer"}, "title": TEXT, "detail": TEXT,
                "location": TEXT, "actor": TEXT, "duration": TEXT, "cost": TEXT,
                "group": NULLABLE_INT}}},
            "processing_time": TEXT,
            "processing_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 365,
                                "description": "The promise as a number: working days from a "
                                               "complete application to the product; null "
                                               "when done the same day or not known"},
            "fee": {"type": "object", "required": ["free", "amount", "currency"], "properties": {
                "free": {"type": "boolean"}, "amount": NULLABLE_INT,
                "currency": {"const": "IDR"}, "note": TEXT, "legal_basis": TEXT}},
            "product": TEXT, "complaint_channel": TEXT, "legal_basis": TEXT,
            "availability": {"type": "object", "required": ["code", "complete_at_mpp"],
                             "properties": {
                                 "code": {**_enum(AVAILABILITIES),
                                          "description": "outside: not done at this MPP; "
                                                         "elsewhere_place says where to go"},
                                 "complete_at_mpp": {"type": "boolean"},
                                 "bookable": {"type": "boolean"},
                                 "elsewhere_place": TEXT,
                                 "elsewhere_note": TEXT, "elsewhere_address": TEXT}},
            "online": {"type": "object", "properties": {"url": TEXT, "note": TEXT}},
            "counters": {"type": "array", "items": {"type": "object", "properties": {
                "label": TEXT, "floor": TEXT, "location": TEXT}}},
            "life_events": {"type": "array", "items": TEXT},
            "keywords": {"type": "array", "items": TEXT},
            "daily_quota": NULLABLE_INT,
            "queue_prefix": TEXT,
            "last_reviewed": {"type": ["string", "null"], "format": "date"},
            "print_url": {"type": "string", "format": "uri"},
        },
    },
}
