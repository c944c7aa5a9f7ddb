"""Language switch, health check and error pages."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, make_response, redirect, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

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


ERROR_TITLES = {
    400: lambda: _("Permintaan tidak dapat diproses"),
    403: lambda: _("Akses ditolak"),
    404: lambda: _("Halaman tidak ditemukan"),
    405: lambda: _("Cara akses tidak diizinkan"),
    413: lambda: _("Data yang dikirim terlalu besar"),
    429: lambda: _("Terlalu banyak permintaan"),
    500: lambda: _("Terjadi kesalahan di server"),
}


def error_message(code: int) -> str:
    return {
        404: _("Alamat yang Anda buka tidak ada atau sudah dipindahkan."),
        429: _("Mohon tunggu sebentar, lalu coba lagi."),
        500: _("Maaf, ada gangguan. Data Anda yang sudah tersimpan tetap aman. Silakan coba lagi."),
    }.get(code, _("Periksa kembali alamat atau isian Anda, lalu coba lagi."))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_error(error: Exception):
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    if not isinstance(error, HTTPException):
        db.session.rollback()
        if current_app.testing:
            raise error  # tests see the real traceback
        # Method and path only: query strings and bodies hold names, phones and NIKs (and SQL
        # parameters are hidden by the engine option hide_parameters).
        current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    title = ERROR_TITLES.get(code, ERROR_TITLES[400])()
    if wants_json():
        from ..api.errors import error_response

        return error_response(code, f"http_{code}", title)
    if request_ctx.url_adapter is None:  # a Host not in TRUSTED_HOSTS: no link can be built
        return current_app.response_class(f"{title}\n", status=code, mimetype="text/plain")
    return render_template("web/error.html", code=code, title=title,
                           message=error_message(code)), code


def register_error_handlers(app) -> None:
    app.register_error_handler(HTTPException, handle_error)
    app.register_error_handler(Exception, handle_error)
