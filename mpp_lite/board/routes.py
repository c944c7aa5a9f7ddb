"""Display board routes: the page for the hall's TV and the JSON it polls."""
from __future__ import annotations

import copy
import datetime as dt

import sqlalchemy as sa
from flask import current_app, jsonify, render_template, url_for
from flask_babel import gettext as _

from ..api import announcements as _announcements  # noqa: F401  (adds the notices first)
from ..api.errors import error_response
from ..api.openapi import EXTRA_SCHEMAS, SCHEMAS
from ..catalog import services as catalog
from ..extensions import db
from ..i18n import current_language
from ..models import Site
from ..templating import time_label
from . import bp
from .services import board_state, paused_groups, tile_grid

# The board's feed also carries this month's IKM (api/announcements.py adds the notices the
# same way); the schema is extended here, next to the code that fills it in.
_board_schema = copy.deepcopy(EXTRA_SCHEMAS.get("Board", SCHEMAS["Board"]))
_board_schema["required"] = [*_board_schema["required"], "ikm"]
_board_schema["properties"]["ikm"] = {
    "type": ["object", "null"],
    "description": "This month's IKM (SKM satisfaction index), null when nobody has "
                   "answered this month or the site's board does not show it",
    "required": ["ikm", "text", "grade", "grade_label", "respondents", "month", "month_name"],
    "properties": {
        "ikm": {"type": "string", "examples": ["87.50"], "description": "Two decimals"},
        "text": {"type": "string", "description": "The figure in the request's language"},
        "grade": {"enum": ["A", "B", "C", "D"]},
        "grade_label": {"type": "string"},
        "respondents": {"type": "integer"},
        "month": {"type": "string", "examples": ["2026-10"]},
        "month_name": {"type": "string", "examples": ["Oktober 2026"]}}}
EXTRA_SCHEMAS["Board"] = _board_schema


def ikm_respondents() -> int | None:
    """The fewest respondents this month for the board to show the IKM (settings
    BOARD_SHOW_IKM, default on, and BOARD_IKM_MIN_RESPONDENTS, default 1); None when off."""
    if not current_app.config.get("BOARD_SHOW_IKM", True):
        return None
    try:
        return max(1, int(current_app.config.get("BOARD_IKM_MIN_RESPONDENTS", 1)))
    except (TypeError, ValueError):
        return 1


def open_count(document: dict) -> int:
    return sum(1 for c in document["counters"] if c["status"] == "open")


def density(document: dict) -> str:
    """How tightly the open counters' tiles are packed (board.css's sizes for browsers without
    container units, and whether a tile has room for its ticket's state in words)."""
    count = open_count(document)
    return ("few" if count <= 3 else "some" if count <= 8 else "many" if count <= 15
            else "most" if count <= 24 else "max")


@bp.route("/<site>/layar")
def board(site: str):
    """The display board for the hall's TV (public: numbers and counters only)."""
    site_obj = catalog.get_site(site)
    document = board_state(site_obj, ikm_respondents=ikm_respondents())
    now = dt.datetime.fromisoformat(document["now"])
    columns, rows = tile_grid(open_count(document))
    return render_template(
        "board/board.html", site=site_obj, board=document, now=now,
        density=density(document), columns=columns, rows=rows,
        paused_groups=paused_groups(document["counters"]),
        refresh_seconds=current_app.config.get("BOARD_REFRESH_SECONDS", 20),
        clock_separator=time_label(dt.time(0, 0))[2:3] or ".",
        api_url=url_for("board.board_json", site=site_obj.slug, lang=current_language()),
    )


@bp.get("/api/v1/sites/<site>/board")
def board_json(site: str):
    """What the board shows, as JSON, with a version that changes when anything shown does."""
    site_obj = db.session.scalar(sa.select(Site).filter_by(slug=site))
    if site_obj is None:
        return error_response(404, "not_found", _("MPP tidak ditemukan."))
    response = jsonify(board_state(site_obj, ikm_respondents=ikm_respondents()))
    response.cache_control.no_store = True
    response.headers["Content-Language"] = current_language()
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
