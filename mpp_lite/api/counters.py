"""GET /api/v1/sites/<site>/counters: each counter's agency, live status, since when, why."""
from __future__ import annotations

from ..counters import services as counters
from ..models import COUNTER_STATUSES
from . import bp
from .lookup import find_site, live_site_response, site_not_found
from .openapi import EXTRA_PATHS, EXTRA_SCHEMAS, TEXT, _enum, _ref, live_site_path


@bp.get("/sites/<site>/counters")
def site_counters(site: str):
    """Every counter of the site with its status now (live, set by the officers)."""
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    return live_site_response(site_obj, counters=[
        counters.counter_document(row) for row in counters.counters_today(site_obj)])

_TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "examples": ["08:00"]}
EXTRA_PATHS["/sites/{site}/counters"] = live_site_path(
    "listCounters", "Each counter's agency, status now, since when and why",
    "Live status set by the officers (open, break, closed), with the time it changed "
    "(site-local, with its UTC offset) and the reason given, and the counter's scheduled hours "
    "today.", "counters", _ref("CounterStatus"), "The counters, in hall order")
EXTRA_SCHEMAS["CounterStatus"] = {
    "type": "object",
    "required": ["label", "floor", "agency", "status", "since", "reason", "scheduled_today",
                 "closed_today_reason"],
    "properties": {
        "label": TEXT, "floor": TEXT,
        "agency": {"type": "object", "required": ["slug", "name", "short_name"],
                   "properties": {"slug": TEXT, "name": TEXT, "short_name": TEXT}},
        "status": _enum(COUNTER_STATUSES),
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
