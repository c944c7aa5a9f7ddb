"""GET /api/v1/sites/<site>/counters: each counter's agency, live status, since when, why."""
from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify
from flask_babel import gettext as _

from ..catalog.hours import local_now
from ..extensions import db
from ..models import Site
from ..notices import services as notices
from . import bp
from .errors import error_response
from .openapi import EXTRA_PATHS, EXTRA_SCHEMAS, LANG_PARAM, NOT_FOUND, SITE_PARAM, TEXT, _json, _ref


@bp.get("/sites/<site>/counters")
def site_counters(site: str):
    """Every counter of the site with its status now (live, set by the officers)."""
    site_obj = db.session.scalar(sa.select(Site).filter_by(slug=site))
    if site_obj is None:
        return error_response(404, "not_found", _("MPP tidak ditemukan."))
    response = jsonify(
        site=site_obj.slug,
        now=local_now(site_obj.timezone, notices.current_time()).isoformat(timespec="seconds"),
        counters=[notices.counter_document(row) for row in notices.counters_today(site_obj)])
    response.cache_control.no_cache = True
    return response


_TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "examples": ["08:00"]}
EXTRA_PATHS["/sites/{site}/counters"] = {"get": {
    "operationId": "listCounters",
    "summary": "Each counter's agency, status now, since when and why",
    "description": "Live status set by the officers (open, break, closed), with the time it "
                   "changed (site-local, with its UTC offset) and the reason given, and the "
                   "counter's scheduled hours today.",
    "parameters": [SITE_PARAM, LANG_PARAM],
    "responses": {"200": _json({
        "type": "object", "required": ["site", "now", "counters"],
        "properties": {"site": TEXT, "now": {"type": "string", "format": "date-time"},
                       "counters": {"type": "array", "items": _ref("CounterStatus")}},
    }, "The counters, in hall order"), "404": NOT_FOUND},
}}
EXTRA_SCHEMAS["CounterStatus"] = {
    "type": "object",
    "required": ["label", "floor", "agency", "status", "since", "reason", "scheduled_today",
                 "closed_today_reason"],
    "properties": {
        "label": TEXT, "floor": TEXT,
        "agency": {"type": "object", "required": ["slug", "name", "short_name"],
                   "properties": {"slug": TEXT, "name": TEXT, "short_name": TEXT}},
        "status": {"enum": ["open", "break", "closed"]},
        "since": {"type": ["string", "null"], "format": "date-time",
                  "description": "When the status was set (site-local, with offset)"},
        "reason": {"type": "string", "description": "Why on a break or closed"},
        "scheduled_today": {"type": "array", "description": "Today's scheduled hours "
                            "(site-local); empty when not scheduled today",
                            "items": {"type": "object", "required": ["opens", "closes"],
                                      "properties": {"opens": _TIME, "closes": _TIME}}},
        "closed_today_reason": {"type": "string",
                                "description": "The holiday, when the MPP is closed today"},
    },
}
