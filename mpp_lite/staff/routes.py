"""Staff login and logout."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from ..extensions import db, limiter
from ..models import ROLES
from ..web.edge import safe_next
from ..web.policy import is_private_view, mark_private
from ..web.errors import handle_error
from . import bp
from .forms import LoginForm
from .services import (SESSION_KEY, authenticate, came_from, end_session, roles_required,
                       start_session, tools_for)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/staff/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@mark_private
def login():
    """Staff sign-in (officers, managers, assistants, village offices)."""
    destination = safe_next(request.args.get("next"), url_for(".home"))
    if current_user.is_authenticated:
        return redirect(destination)
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is None:
            error = _("Nama pengguna atau kata sandi salah.")
        else:
            session.clear()
            session.permanent = True
            login_user(user)
            session[SESSION_KEY] = start_session(user)
            db.session.commit()
            return redirect(destination, code=303)
    status = 200 if request.method == "GET" or form.errors or error is None else 401
    return render_template("staff/login.html", form=form, error=error,
                           has_errors=bool(form.errors or error)), status


@bp.route("/staff/")
@roles_required(*ROLES)
def home():
    """A staff member's start page: their site, role and the tools their role may use."""
    return render_template("staff/home.html", tools=tools_for(current_user))


@bp.route("/staff/logout", methods=["POST"])
@roles_required(*ROLES)
def logout():
    """End the staff session (a form button, so a link cannot log anyone out): the session
    record ends, and the browser drops what it cached of this site (the service worker drops
    its saved pages when it sees this request)."""
    end_session(session.get(SESSION_KEY))
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Anda sudah keluar."))
    response = redirect(url_for(".login"), code=303)
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.app_errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """A staff form sent with a CSRF token that no longer holds (the page stayed open too long,
    or the session ended) is not a dead end: signed out, the login page and back to the form's
    page; still signed in, the form's page again with a message. A post without any token, and
    other forms, get the usual 400 page (their blueprints may handle CSRFError themselves)."""
    if not is_private_view(current_app.view_functions.get(request.endpoint or "")) \
            or not _sent_a_token():
        return handle_error(error)  # not one of our forms (ours always carry a token): 400
    if request.endpoint == "staff.login":
        flash(_("Halaman masuk sudah terlalu lama terbuka. Silakan masuk lagi."))
        return redirect(url_for("staff.login",
                                next=safe_next(request.args.get("next"), "") or None),
                        code=303)
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    flash(_("Formulir ini sudah kedaluwarsa, jadi isiannya belum disimpan. "
            "Silakan isi dan kirim lagi."), "error")
    return redirect(came_from() or url_for("staff.home"), code=303)


def _sent_a_token() -> bool:
    """The request carried a CSRF token (expired, or from a session that ended)."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return bool(request.form.get(field) or request.headers.get("X-CSRFToken")
                or request.headers.get("X-CSRF-Token"))
