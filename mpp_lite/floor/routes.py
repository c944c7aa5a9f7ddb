"""/kelola/lantai: the site manager's live floor view, and the JSON its script polls."""
from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ..staff.services import current_staff, register_tool, roles_required
from . import bp
from .presenters import floor_document
from .services import floor_view

FLOOR_ROLES = ("admin",)  # the site's managers; a national operator role does not exist yet
register_tool("floor.floor", _l("Keadaan lantai MPP (langsung)"), *FLOOR_ROLES)


def _site():
    """The manager's own site. `?situs=` naming another site is refused (403), not ignored:
    a link shared between MPPs must not look like it shows the other one."""
    site = current_staff().site
    asked = request.args.get("situs", "")
    if asked and asked != site.slug:
        abort(403)
    return site


@bp.route("/kelola/lantai")
@roles_required(*FLOOR_ROLES)
def floor():
    """Every counter now (officer, status, ticket and for how long), waiting per service,
    tickets per channel today; floor.js patches it in place, a meta refresh without JS."""
    site = _site()
    return render_template(
        "floor/floor.html", site=site, floor=floor_document(floor_view(site)),
        refresh_seconds=current_app.config.get("FLOOR_REFRESH_SECONDS", 30),
        poll_seconds=current_app.config.get("FLOOR_POLL_SECONDS", 10),
        data_url=url_for(".floor_json"))


@bp.route("/kelola/lantai.json")
@roles_required(*FLOOR_ROLES)
def floor_json():
    """The same document as JSON (private: no-store, like every staff page)."""
    return jsonify(floor_document(floor_view(_site())))
