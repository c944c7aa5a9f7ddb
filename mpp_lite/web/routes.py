"""Language switch and health check (error pages: errors.py)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, make_response, redirect, request

from ..extensions import db
from ..i18n import available_languages
from . import bp
from .edge import safe_next


@bp.route("/bahasa/<code>")
def set_language(code: str):
    """Switch the interface language with a plain link (works without JavaScript)."""
    destination = safe_next(request.args.get("next"))
    response = make_response(redirect(destination, code=303))
    if code in available_languages():
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"], code, max_age=365 * 24 * 3600,
            samesite="Lax", httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unavailable",
                       warnings=current_app.extensions.get("mpp_lite.warnings", [])), 503
    # Still 200: the app works, but a setting is wrong for production (see create_app).
    return jsonify(status="ok", database="ok",
                   warnings=current_app.extensions.get("mpp_lite.warnings", []))

