"""Survey (SKM) and IKM endpoints of the JSON API."""
from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, request
from flask_babel import gettext as _

from ..dates import PeriodError
from ..extensions import db, limiter
from ..feedback.ikm import GRADES, site_ikm
from ..feedback.limits import feedback_rate_limit
from ..feedback.services import SurveyError, ikm_period, submit_survey
from ..models import Agency, Service
from ..queue.tickets import get_ticket
from . import bp
from .errors import error_response
from .lookup import find_site, site_not_found
from .openapi import EXTRA_PATHS, EXTRA_SCHEMAS, LANG_PARAM, NOT_FOUND, SITE_PARAM, _json, _ref


@bp.post("/tickets/<code>/survey")
@limiter.limit(feedback_rate_limit)
def submit_ticket_survey(code: str):
    """The satisfaction survey of a finished ticket: 201 once, 409 after that."""
    ticket = get_ticket(code)
    if ticket is None:
        return error_response(404, "not_found", _("Tiket tidak ditemukan."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "invalid_json", _("Kirim objek JSON."))
    comment = data.get("comment")
    if comment is not None and not isinstance(comment, str):
        return error_response(422, "invalid", _("Periksa isian."),
                              {"comment": _("Harus berupa teks.")})
    try:
        response = submit_survey(ticket, data.get("answers"), comment or "")
    except SurveyError as refusal:
        status = 422 if refusal.code == "invalid" else 409
        return error_response(status, refusal.code, str(refusal.message),
                              {k: str(v) for k, v in refusal.fields.items()})
    db.session.commit()
    body = jsonify({"ticket": ticket.code, "day": response.day.isoformat(),
                    "answers": response.answers, "comment": response.comment})
    return body, 201


# The API's names of the period parameters, by the names dates.PeriodError reports.
API_PERIOD_NAMES = {"dari": "from", "sampai": "to"}


def _number(value):
    return float(value) if value is not None else None


@bp.get("/sites/<site>/ikm")
def site_ikm_document(site: str):
    """IKM, grade, respondents and the nine NRR for a period (default: this year so far)."""
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    try:
        start, end = ikm_period(site_obj, request.args.get("from"), request.args.get("to"))
    except PeriodError as error:
        return error_response(422, "invalid", str(error), {
            API_PERIOD_NAMES[name]: str(message) for name, message in error.errors.items()})
    chosen: dict[str, Agency | Service | None] = {}
    for name, model, missing in (("agency", Agency, _("Instansi tidak ditemukan.")),
                                 ("service", Service, _("Layanan tidak ditemukan."))):
        slug = request.args.get(name)
        chosen[name] = db.session.scalar(sa.select(model).filter_by(
            site_id=site_obj.id, slug=slug)) if slug else None
        if slug and chosen[name] is None:
            return error_response(422, "invalid", missing, {name: missing})
    agency, service = chosen["agency"], chosen["service"]
    result = site_ikm(site_obj.id, start, end, agency_id=agency.id if agency else None,
                      service_id=service.id if service else None)
    return jsonify({
        "site": site_obj.slug, "from": start.isoformat(), "to": end.isoformat(),
        "agency": agency.slug if agency else None, "service": service.slug if service else None,
        "ikm": _number(result.ikm), "grade": result.grade,
        "grade_label": str(result.grade_label), "respondents": result.respondents,
        "elements": [_number(v) for v in result.elements],
    })


EXTRA_PATHS["/tickets/{code}/survey"] = {"post": {
    "operationId": "submitSurvey",
    "summary": "The satisfaction survey (SKM) of a finished ticket, once per ticket",
    "description": "Nine answers 1–4 in the order of Permenpan RB 14/2017: requirements, "
                   "procedure, time, fee, product, staff competence, staff behaviour, "
                   "facilities, complaint handling. A ticket not done yet → 409 not_done; a "
                   "second survey → 409 already_answered.",
    "parameters": [{"name": "code", "in": "path", "required": True,
                    "schema": {"type": "string"}}, LANG_PARAM],
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": _ref("SurveyRequest")}}},
    "responses": {
        "201": _json(_ref("SurveyResponse"), "Survey recorded"),
        "400": _json(_ref("Error"), "Body is not a JSON object"),
        "404": NOT_FOUND,
        "409": _json(_ref("Error"), "Ticket not done yet (not_done) or already surveyed "
                                    "(already_answered)"),
        "422": _json(_ref("Error"), "Invalid answers or comment (error.fields)"),
        "429": _json(_ref("Error"), "Too many requests"),
    },
}}
EXTRA_PATHS["/sites/{site}/ikm"] = {"get": {
    "operationId": "getIkm",
    "summary": "The satisfaction index (IKM) of a site, agency or service for a period",
    "description": "IKM = Σ(NRR × 1/9) × 25 with the exact weight 1/9, rounded half-up to two "
                   "decimals; the grade is read from the rounded value. Days are the site's "
                   "local days, both inclusive. With no respondents ikm and grade are null and "
                   "elements is empty.",
    "parameters": [
        SITE_PARAM, LANG_PARAM,
        {"name": "from", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"},
         "description": "First day; default 1 January of the current year"},
        {"name": "to", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"}, "description": "Last day; default today"},
        {"name": "agency", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Agency slug"},
        {"name": "service", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Service slug"},
    ],
    "responses": {"200": _json(_ref("Ikm"), "The index"), "404": NOT_FOUND,
                  "422": _json(_ref("Error"), "Invalid period, agency or service")},
}}
EXTRA_SCHEMAS["SurveyRequest"] = {
    "type": "object", "required": ["answers"],
    "properties": {
        "answers": {"type": "array", "minItems": 9, "maxItems": 9,
                    "items": {"type": "integer", "minimum": 1, "maximum": 4}},
        "comment": {"type": "string", "maxLength": 1000},
    },
}
EXTRA_SCHEMAS["SurveyResponse"] = {
    "type": "object", "required": ["ticket", "day", "answers"],
    "properties": {
        "ticket": {"type": "string"}, "day": {"type": "string", "format": "date"},
        "answers": {"type": "array", "items": {"type": "integer"}},
        "comment": {"type": "string"},
    },
}
EXTRA_SCHEMAS["Ikm"] = {
    "type": "object", "required": ["ikm", "grade", "respondents", "elements"],
    "properties": {
        "site": {"type": "string"}, "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"},
        "agency": {"type": ["string", "null"]}, "service": {"type": ["string", "null"]},
        "ikm": {"type": ["number", "null"], "minimum": 25, "maximum": 100},
        "grade": {"enum": [grade for _lowest, grade, _label in GRADES] + [None]},
        "grade_label": {"type": "string"},
        "respondents": {"type": "integer", "minimum": 0},
        "elements": {"type": "array", "maxItems": 9,
                     "items": {"type": "number", "minimum": 1, "maximum": 4},
                     "description": "NRR of U1 … U9 (empty when nobody answered)"},
    },
}
