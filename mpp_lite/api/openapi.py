"""The OpenAPI 3.1 document for /api/v1 (kept next to the routes it describes)."""
from __future__ import annotations

from typing import Any

from .. import __version__


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


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
                    "description": "Search text; results best match first"}],
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
        },
        "components": {"schemas": SCHEMAS},
    }


SCHEMAS: dict[str, Any] = {
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
                "kind": {"enum": ["central", "regional", "bumn", "bumd", "private"]},
                "head_office_address": TEXT, "head_office_phone": TEXT,
                "head_office_hours": TEXT}},
            "requirements": {"type": "array", "items": {"type": "object", "properties": {
                "text": TEXT, "detail": TEXT,
                "form": {"enum": ["none", "original", "copy", "original_and_copy", "digital"]},
                "quantity": {"type": "integer", "minimum": 1}, "condition": TEXT,
                "optional": {"type": "boolean"}, "group": NULLABLE_INT, "source": TEXT}}},
            "steps": {"type": "array", "items": {"type": "object", "properties": {
                "position": {"type": "integer"}, "title": TEXT, "detail": TEXT,
                "location": TEXT, "actor": TEXT, "duration": TEXT, "cost": TEXT,
                "group": NULLABLE_INT}}},
            "processing_time": TEXT,
            "fee": {"type": "object", "required": ["free", "amount", "currency"], "properties": {
                "free": {"type": "boolean"}, "amount": NULLABLE_INT,
                "currency": {"const": "IDR"}, "note": TEXT, "legal_basis": TEXT}},
            "product": TEXT, "complaint_channel": TEXT, "legal_basis": TEXT,
            "availability": {"type": "object", "required": ["code", "complete_at_mpp"],
                             "properties": {
                                 "code": {"enum": ["full", "partial", "info"]},
                                 "complete_at_mpp": {"type": "boolean"},
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
