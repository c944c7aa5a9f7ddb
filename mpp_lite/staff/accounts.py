"""Managers' staff account pages under /kelola/akun: list, create, edit, new password,
deactivate and reactivate. Thin views: the rules are in account_rules.py."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from ..catalog.forms import agency_choices
from ..extensions import db
from ..models import StaffUser
from ..web.edge import page_number
from . import account_rules, bp
from .editing import confirm_page, save_or_refuse
from .forms import AccountEditForm, AccountForm, PasswordForm
from .services import (
    MIN_PASSWORD_LENGTH, current_staff, own_or_404, register_tool, roles_required,
)

register_tool("staff.accounts", _l("Akun petugas"), "admin")

PAGE_SIZE = 30


@bp.route("/kelola/akun")
@roles_required("admin")
def accounts():
    """The site's staff accounts."""
    pagination = db.paginate(account_rules.site_accounts(current_staff().site_id),
                             page=page_number(), per_page=PAGE_SIZE, error_out=False)
    return render_template("staff/accounts.html", pagination=pagination,
                           site=current_staff().site)


@bp.route("/kelola/akun/baru", methods=["GET", "POST"])
@roles_required("admin")
def account_new():
    """Create a staff account at this site."""
    form = AccountForm()
    form.agency.choices = agency_choices(current_staff().site_id)
    return save_or_refuse(
        form, lambda: account_rules.create_account(current_staff(), current_staff().site,
                                                   form.values()),
        lambda user: _("Akun %(name)s dibuat.", name=user.username), url_for(".accounts"),
        "staff/account_new.html", min_password=MIN_PASSWORD_LENGTH)


def _keep_own_session(user: StaffUser) -> None:
    """The manager changed their own account: its other sessions end, this one stays."""
    if user.id == current_staff().id:
        login_user(user)


@bp.route("/kelola/akun/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def account_edit(user_id: int):
    """Change an account's name, role, agency, village and catalogue permission."""
    user = own_or_404(StaffUser, user_id)
    form = AccountEditForm(obj=user if request.method == "GET" else None)
    form.agency.choices = agency_choices(current_staff().site_id)
    if request.method == "GET":
        form.agency.data = str(user.agency_id or "")

    def save() -> None:
        account_rules.update_account(current_staff(), current_staff().site, user, form.values())
        _keep_own_session(user)  # the role changed: keep the manager's own session valid

    return save_or_refuse(form, save, _("Akun %(name)s disimpan.", name=user.username),
                          url_for(".accounts"), "staff/account_edit.html", user=user,
                          password_form=PasswordForm(formdata=None))


@bp.route("/kelola/akun/<int:user_id>/sandi", methods=["GET", "POST"])
@roles_required("admin")
def account_password(user_id: int):
    """Set a new password; every session of the account ends."""
    user = own_or_404(StaffUser, user_id)
    form = PasswordForm()

    def save() -> None:
        data = form.values()
        account_rules.reset_password(current_staff(), user, data["password"], data["password2"])
        _keep_own_session(user)  # keep this session; the others end

    return save_or_refuse(
        form, save, _("Kata sandi %(name)s diganti. Semua sesi akun itu berakhir.",
                      name=user.username),
        url_for(".accounts"), "staff/account_password.html", user=user,
        min_password=MIN_PASSWORD_LENGTH)


@bp.route("/kelola/akun/<int:user_id>/<state>", methods=["GET", "POST"])
@roles_required("admin")
def account_active(user_id: int, state: str):
    """Deactivate (ends every session) or reactivate an account, after confirmation."""
    user = own_or_404(StaffUser, user_id)
    if state not in ("nonaktifkan", "aktifkan"):
        abort(404)
    active = state == "aktifkan"
    return confirm_page(
        lambda: account_rules.set_active(current_staff(), user, active),
        _("Aktifkan akun?") if active else _("Nonaktifkan akun?"),
        _("Aktifkan kembali akun %(name)s?", name=user.username) if active else
        _("Nonaktifkan akun %(name)s? Akun itu langsung keluar dari semua perangkat.",
          name=user.username),
        url_for(".accounts"),
        _("Akun diaktifkan.") if active else _("Akun dinonaktifkan."))
