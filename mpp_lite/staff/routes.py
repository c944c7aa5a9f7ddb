"""Staff login and logout."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..web.routes import safe_next
from . import bp
from .forms import LoginForm
from .services import authenticate, tools_for

def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Staff sign-in (officers, managers, assistants, village offices)."""
    if current_user.is_authenticated:
        return redirect(url_for(".home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is None:
            error = _("Nama pengguna atau kata sandi salah.")
        else:
            db.session.commit()
            session.clear()
            session.permanent = True
            login_user(user)
            return redirect(safe_next(request.args.get("next"),
                                      url_for(".home")), code=303)
    status = 200 if request.method == "GET" or form.errors or error is None else 401
    return render_template("staff/login.html", form=form, error=error,
                           has_errors=bool(form.errors or error)), status


@bp.route("/")
@login_required
def home():
    """A staff member's start page: their site, role and the tools their role may use."""
    return render_template("staff/home.html", tools=tools_for(current_user))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the staff session (a form button, so a link cannot log anyone out)."""
    logout_user()
    session.clear()
    flash(_("Anda sudah keluar."))
    return redirect(url_for(".login"), code=303)
