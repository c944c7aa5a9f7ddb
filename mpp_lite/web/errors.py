"""Error answers: the friendly page (or, under /api, the JSON error shape) for every HTTP error
and unhandled exception, and for the edge's refusals of broken input."""
from __future__ import annotations

from flask import current_app, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from ..extensions import db

ERROR_TITLES = {
    400: lambda: _("Permintaan tidak dapat diproses"),
    403: lambda: _("Akses ditolak"),
    404: lambda: _("Halaman tidak ditemukan"),
    405: lambda: _("Cara akses tidak diizinkan"),
    413: lambda: _("Data yang dikirim terlalu besar"),
    429: lambda: _("Terlalu banyak permintaan"),
    500: lambda: _("Terjadi kesalahan di server"),
}


def error_title(code: int) -> str:
    """The page title of an error status (a 400's for a status without its own)."""
    return ERROR_TITLES.get(code, ERROR_TITLES[400])()


def error_message(code: int) -> str:
    return {
        404: _("Alamat yang Anda buka tidak ada atau sudah dipindahkan."),
        429: _("Mohon tunggu sebentar, lalu coba lagi."),
        500: _("Maaf, ada gangguan. Data Anda yang sudah tersimpan tetap aman. Silakan coba lagi."),
    }.get(code, _("Periksa kembali alamat atau isian Anda, lalu coba lagi."))


def wants_json() -> bool:
    """Whether this request is answered in the API's JSON error shape."""
    return request.path.startswith("/api/")


def error_page(code: int, message: str | None = None):
    """The friendly error page of a status (message: the status's usual one)."""
    return render_template("web/error.html", code=code, title=error_title(code),
                           message=error_message(code) if message is None else message), code


def handle_error(error: Exception):
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    if not isinstance(error, HTTPException):
        db.session.rollback()
        if current_app.testing:
            raise error  # tests see the real traceback
        # Method and path only: query strings and bodies hold names, phones and NIKs (and SQL
        # parameters are hidden by the engine option hide_parameters).
        current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    title = error_title(code)
    if wants_json():
        from ..api.errors import error_response

        return error_response(code, f"http_{code}", title)
    if request_ctx.url_adapter is None:  # a Host not in TRUSTED_HOSTS: no link can be built
        return current_app.response_class(f"{title}\n", status=code, mimetype="text/plain")
    return error_page(code)


def register_error_handlers(app) -> None:
    app.register_error_handler(HTTPException, handle_error)
    app.register_error_handler(Exception, handle_error)
