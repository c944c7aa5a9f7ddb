"""GET /api/v1/sites/<site>/announcements: the notices in force now, with their scope."""
from __future__ import annotations

import copy

from ..models import SEVERITIES
from ..notices import services as notices
from . import bp
from .lookup import find_site, live_site_response, site_not_found
from .openapi import EXTRA_PATHS, EXTRA_SCHEMAS, SCHEMAS, _enum, _ref, live_site_path


@bp.get("/sites/<site>/announcements")
def site_announcements(site: str):
    """Notices in force now at the site (whole site, one agency or one service)."""
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    return live_site_response(site_obj, announcements=[
        notices.notice_document(n, site_obj.timezone)
        for n in notices.announcements_in_force(site_obj, every_scope=True)])

EXTRA_PATHS["/sites/{site}/announcements"] = live_site_path(
    "listAnnouncements", "Notices in force now, with their scope",
    "Outage and other notices posted by the MPP's managers, in force now (started and not "
    "ended), most severe first. A notice's scope is the whole site, one agency or one service.",
    "announcements", _ref("Announcement"), "The notices in force")
EXTRA_SCHEMAS["Announcement"] = {
    "type": "object",
    "required": ["id", "severity", "message", "scope", "scope_name", "starts_at", "ends_at"],
    "properties": {
        "id": {"type": "integer"},
        "severity": _enum(SEVERITIES),
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
