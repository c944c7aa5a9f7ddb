"""GET /api/v1/sites/<site>/announcements: the notices in force now, with their scope."""
from __future__ import annotations

import copy

import sqlalchemy as sa
from flask import jsonify
from flask_babel import gettext as _

from ..catalog.hours import local_now
from ..extensions import db
from ..models import Site
from ..notices import services as notices
from . import bp
from .errors import error_response
from .openapi import (
    EXTRA_PATHS, EXTRA_SCHEMAS, LANG_PARAM, NOT_FOUND, SCHEMAS, SITE_PARAM, TEXT, _json, _ref,
)


@bp.get("/sites/<site>/announcements")
def site_announcements(site: str):
    """Notices in force now at the site (whole site, one agency or one service)."""
    site_obj = db.session.scalar(sa.select(Site).filter_by(slug=site))
    if site_obj is None:
        return error_response(404, "not_found", _("MPP tidak ditemukan."))
    response = jsonify(
        site=site_obj.slug,
        now=local_now(site_obj.timezone, notices.current_time()).isoformat(timespec="seconds"),
        announcements=[notices.notice_document(n, site_obj.timezone)
                       for n in notices.announcements_in_force(site_obj, every_scope=True)])
    response.cache_control.no_cache = True
    return response


EXTRA_PATHS["/sites/{site}/announcements"] = {"get": {
    "operationId": "listAnnouncements",
    "summary": "Notices in force now, with their scope",
    "description": "Outage and other notices posted by the MPP's managers, in force now "
                   "(started and not ended), most severe first. A notice's scope is the whole "
                   "site, one agency or one service.",
    "parameters": [SITE_PARAM, LANG_PARAM],
    "responses": {"200": _json({
        "type": "object", "required": ["site", "now", "announcements"],
        "properties": {"site": TEXT, "now": {"type": "string", "format": "date-time"},
                       "announcements": {"type": "array", "items": _ref("Announcement")}},
    }, "The notices in force"), "404": NOT_FOUND},
}}
EXTRA_SCHEMAS["Announcement"] = {
    "type": "object",
    "required": ["id", "severity", "message", "scope", "scope_name", "starts_at", "ends_at"],
    "properties": {
        "id": {"type": "integer"},
        "severity": {"enum": ["info", "warning", "outage"]},
        "message": {"type": "string", "maxLength": 300,
                    "description": "In the request's language when translated"},
        "scope": {"type": "object", "required": ["type", "agency", "service"], "properties": {
            "type": {"enum": ["site", "agency", "service"]},
            "agency": {"type": ["string", "null"], "description": "Agency slug (agency and "
                       "service scopes)"},
            "service": {"type": ["string", "null"], "description": "Service slug"}}},
        "scope_name": {"type": "string", "description": "The agency's or service's name; "
                       "empty for the whole site"},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
    },
}
# The display board's feed carries the same notices (board.js shows them on the TV).
_board = copy.deepcopy(SCHEMAS["Board"])
_board["required"] = [*_board["required"], "notices"]
_board["properties"]["notices"] = {"type": "array", "items": _ref("Announcement"),
                                   "description": "Every notice in force at the site"}
EXTRA_SCHEMAS["Board"] = _board
