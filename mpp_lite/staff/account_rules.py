"""Staff account rules for managers (/kelola/akun): create, change role, deactivate,
reactivate, reset the password. Each change is audited (never with the password hash) in the
caller's transaction."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..admin import audit
from ..extensions import db
from ..models import ROLES, Agency, Site, StaffUser, valid_username
from .services import (
    FORM_ERRORS, MIN_PASSWORD_LENGTH, AccountError, EditError, Errors, create_user,
)

USERNAME_HINT = _l("Hanya huruf kecil, angka, titik, garis bawah atau tanda hubung "
                   "(maksimal 60).")


def site_accounts(site_id: int) -> sa.Select[tuple[StaffUser]]:
    return (sa.select(StaffUser).where(StaffUser.site_id == site_id)
            .order_by(StaffUser.active.desc(), StaffUser.role, StaffUser.username))


def _active_admins(site_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(StaffUser).where(
        StaffUser.site_id == site_id, StaffUser.role == "admin",
        StaffUser.active.is_(True))) or 0


def _check_role_fields(site: Site, data: dict[str, Any], errors: Errors) -> Agency | None:
    role = data.get("role")
    if role not in ROLES:
        errors.setdefault("role", []).append(_("Pilih peran dari daftar."))
    agency = None
    if data.get("agency_id"):
        agency = db.session.get(Agency, data["agency_id"])
        if agency is None or agency.site_id != site.id:
            errors.setdefault("agency", []).append(_("Pilih instansi dari daftar."))
            agency = None
    if role == "officer" and agency is None and "agency" not in errors:
        errors.setdefault("agency", []).append(_("Petugas gerai harus punya instansi."))
    village = (data.get("village_name") or "").strip()
    if role == "village" and not village:
        errors.setdefault("village_name", []).append(_("Isi nama desa/kelurahan."))
    if len(village) > 120:
        errors.setdefault("village_name", []).append(
            _("Terlalu panjang (maksimal 120 karakter)."))
    if len(data.get("display_name") or "") > 120:
        errors.setdefault("display_name", []).append(
            _("Terlalu panjang (maksimal 120 karakter)."))
    return agency


def _apply_role(user: StaffUser, data: dict[str, Any], agency: Agency | None) -> None:
    user.role = data["role"]
    user.agency_id = agency.id if agency and user.role == "officer" else None
    user.village_name = (data.get("village_name") or "").strip() if user.role == "village" else ""
    user.can_edit_catalog = bool(data.get("can_edit_catalog")) and user.role == "officer"
    if data.get("display_name"):
        user.display_name = data["display_name"]


def create_account(admin: StaffUser, site: Site, data: dict[str, Any]) -> StaffUser:
    errors: Errors = {}
    agency = _check_role_fields(site, data, errors)
    username = (data.get("username") or "").strip().lower()
    if not username:
        errors.setdefault("username", []).append(_("Isi nama pengguna."))
    elif not valid_username(username):
        errors.setdefault("username", []).append(str(USERNAME_HINT))
    elif db.session.scalar(sa.select(StaffUser.id).filter_by(username=username)):
        errors.setdefault("username", []).append(_("Nama pengguna ini sudah dipakai."))
    if len(data.get("password") or "") < MIN_PASSWORD_LENGTH:
        errors.setdefault("password", []).append(
            _("Kata sandi minimal %(count)s karakter.", count=MIN_PASSWORD_LENGTH))
    if errors:
        raise EditError(errors)
    try:  # the same rules as `flask users create`
        user = create_user(username, data["password"], data["role"], site.slug,
                           agency.slug if agency and data["role"] == "officer" else None,
                           data.get("village_name") or "", data.get("display_name") or "")
    except AccountError as error:  # already checked above; kept for safety
        raise EditError({FORM_ERRORS: [str(error)]}) from error
    user.can_edit_catalog = bool(data.get("can_edit_catalog")) and user.role == "officer"
    db.session.flush()
    audit.record(admin, site.id, "staff_user", user.id, "create",
                 f"Akun {user.username} dibuat ({user.role})", None, audit.snapshot(user))
    return user


def update_account(admin: StaffUser, site: Site, user: StaffUser, data: dict[str, Any]) -> None:
    errors: Errors = {}
    agency = _check_role_fields(site, data, errors)
    if user.role == "admin" and data.get("role") != "admin" and user.active \
            and _active_admins(site.id) <= 1:
        errors.setdefault("role", []).append(
            _("Ini satu-satunya pengelola aktif di MPP ini; tambahkan pengelola lain dulu."))
    if errors:
        raise EditError(errors)
    before = audit.snapshot(user)
    role_changed = data["role"] != user.role
    _apply_role(user, data, agency)
    if role_changed:  # what the account may do changed: its open sessions end
        user.session_version += 1
    db.session.flush()
    audit.record(admin, site.id, "staff_user", user.id, "update",
                 f"Akun {user.username} diubah", before, audit.snapshot(user))


def set_active(admin: StaffUser, user: StaffUser, active: bool) -> None:
    if not active:
        if user.id == admin.id:
            raise EditError({FORM_ERRORS: [_("Anda tidak dapat menonaktifkan akun Anda sendiri.")]})
        if user.role == "admin" and user.active and _active_admins(user.site_id) <= 1:
            raise EditError({FORM_ERRORS: [_("Ini satu-satunya pengelola aktif di MPP ini.")]})
    if user.active == active:
        return
    before = audit.snapshot(user)
    user.active = active
    user.session_version += 1  # deactivation ends every session at once
    db.session.flush()
    audit.record(admin, user.site_id, "staff_user", user.id, "update",
                 f"Akun {user.username} " + ("diaktifkan" if active else "dinonaktifkan"),
                 before, audit.snapshot(user))


def reset_password(admin: StaffUser, user: StaffUser, password: str, repeat: str) -> None:
    errors: Errors = {}
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = [_("Kata sandi minimal %(count)s karakter.",
                                count=MIN_PASSWORD_LENGTH)]
    elif len(password) > 200:
        errors["password"] = [_("Terlalu panjang (maksimal 200 karakter).")]
    elif password != repeat:
        errors["password2"] = [_("Kedua kata sandi tidak sama.")]
    if errors:
        raise EditError(errors)
    before = audit.snapshot(user)
    user.set_password(password)  # bumps session_version: every session of the account ends
    db.session.flush()
    audit.record(admin, user.site_id, "staff_user", user.id, "update",
                 f"Kata sandi akun {user.username} diatur ulang", before, audit.snapshot(user))
