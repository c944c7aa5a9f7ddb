"""Staff accounts managed by a site's manager: create (hashed password, minimum length, role
fields), change role, deactivate and reactivate (sessions end), reset password (sessions end),
the last-admin and self rules, audit entries without password hashes, site scope."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Agency, AuditEntry, Site, StaffUser
from mpp_lite.staff.services import MIN_PASSWORD_LENGTH

from support.catalogs import PASSWORD
from support.html import text
from support.staff import csrf_token, login, post


def user(app, username: str) -> StaffUser:
    with app.app_context():
        found = db.session.scalar(sa.select(StaffUser).filter_by(username=username))
        if found is not None:
            db.session.expunge(found)
        return found


def agency_id(app, slug: str = "disdukcapil", site: str = "maros") -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Agency.id).join(Site).where(
            Site.slug == site, Agency.slug == slug))


def can_log_in(app, username: str, password: str = PASSWORD) -> bool:
    client = app.test_client()
    response = client.post("/staff/login", data={"username": username, "password": password,
                                                 "csrf_token": csrf_token(client, "/staff/login")})
    return response.status_code == 303


def entries(app) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.entity == "staff_user").order_by(AuditEntry.id)).all()
        db.session.expunge_all()
        return rows


def test_manager_creates_an_officer_with_a_hashed_password(web_app):
    client = login(web_app, "admin.maros")
    response = post(client, "/kelola/akun/baru", username="Samsat.Maros", role="officer",
                    display_name="Petugas Samsat", agency=str(agency_id(web_app)),
                    password="kata-sandi-rahasia", can_edit_catalog="y")
    assert response.status_code == 303
    created = user(web_app, "samsat.maros")
    assert created.role == "officer" and created.can_edit_catalog and created.active
    assert created.password_hash != "kata-sandi-rahasia" and created.password_hash.startswith(
        ("scrypt:", "pbkdf2:"))
    assert can_log_in(web_app, "samsat.maros", "kata-sandi-rahasia")
    assert "samsat.maros" in text(client.get("/kelola/akun").get_data(as_text=True))
    [entry] = entries(web_app)
    assert entry.action == "create" and entry.after["username"] == "samsat.maros"
    dumped = json.dumps([entry.before, entry.after])
    assert "password" not in dumped and created.password_hash not in dumped


@pytest.mark.parametrize("data, field, message", [
    ({"password": "pendek"}, "password", f"minimal {MIN_PASSWORD_LENGTH} karakter"),
    ({"username": "admin.maros"}, "username", "sudah dipakai"),
    ({"username": "nama dengan spasi"}, "username", "Hanya huruf kecil"),
    ({"username": ""}, "username", "Isi nama pengguna"),
    ({"role": "officer", "agency": ""}, "agency", "harus punya instansi"),
    ({"role": "village", "village_name": ""}, "village_name", "nama desa"),
    ({"role": "superuser"}, "role", "Pilih peran"),
    ({"role": "officer", "agency": "999999"}, "agency", "Pilih instansi"),
])
def test_invalid_accounts_are_refused_with_422(web_app, data, field, message):
    client = login(web_app, "admin.maros")
    form = {"username": "baru.maros", "role": "assistant", "password": "cukup-panjang-123",
            **data}
    response = post(client, "/kelola/akun/baru", **form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message.lower() in page.lower() and f'id="{field}-error"' in page
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffUser)) == 8
    assert entries(web_app) == []


def test_an_officer_of_another_sites_agency_cannot_be_created(web_app):
    client = login(web_app, "admin.maros")
    response = post(client, "/kelola/akun/baru", username="x.maros", role="officer",
                    agency=str(agency_id(web_app, site="ngawi")), password="cukup-panjang-123")
    assert response.status_code == 422 and user(web_app, "x.maros") is None


def test_deactivation_ends_sessions_and_reactivation_restores_login(web_app):
    admin = login(web_app, "admin.maros")
    officer = login(web_app, "dukcapil.maros")
    assert officer.get("/petugas/").status_code == 200
    target = user(web_app, "dukcapil.maros")
    confirm = admin.get(f"/kelola/akun/{target.id}/nonaktifkan")
    assert confirm.status_code == 200 and "dukcapil.maros" in confirm.get_data(as_text=True)
    assert user(web_app, "dukcapil.maros").active  # the confirmation page changes nothing
    assert post(admin, f"/kelola/akun/{target.id}/nonaktifkan").status_code == 303
    assert not user(web_app, "dukcapil.maros").active
    assert officer.get("/petugas/").status_code == 302  # the open session ended
    assert not can_log_in(web_app, "dukcapil.maros")
    assert post(admin, f"/kelola/akun/{target.id}/aktifkan").status_code == 303
    assert can_log_in(web_app, "dukcapil.maros")
    assert [e.after["active"] for e in entries(web_app)] == [False, True]


def test_password_reset_ends_sessions_and_needs_the_minimum_length(web_app):
    admin = login(web_app, "admin.maros")
    officer = login(web_app, "dukcapil.maros")
    target = user(web_app, "dukcapil.maros")
    short = post(admin, f"/kelola/akun/{target.id}/sandi", password="123", password2="123")
    assert short.status_code == 422 and "minimal" in short.get_data(as_text=True)
    mismatch = post(admin, f"/kelola/akun/{target.id}/sandi", password="sandi-baru-12345",
                    password2="sandi-baru-54321")
    assert mismatch.status_code == 422 and "tidak sama" in mismatch.get_data(as_text=True)
    assert officer.get("/petugas/").status_code == 200
    assert post(admin, f"/kelola/akun/{target.id}/sandi", password="sandi-baru-12345",
                password2="sandi-baru-12345").status_code == 303
    assert officer.get("/petugas/").status_code == 302
    assert not can_log_in(web_app, "dukcapil.maros")
    assert can_log_in(web_app, "dukcapil.maros", "sandi-baru-12345")
    [entry] = entries(web_app)
    assert entry.before["session_version"] < entry.after["session_version"]
    assert "password_hash" not in entry.before and "password_hash" not in entry.after
    # A manager resetting their own password stays signed in on this device.
    me = user(web_app, "admin.maros")
    assert post(admin, f"/kelola/akun/{me.id}/sandi", password="sandi-admin-123",
                password2="sandi-admin-123").status_code == 303
    assert admin.get("/kelola/akun").status_code == 200


def test_manager_cannot_deactivate_themselves_or_demote_the_last_admin(web_app):
    admin = login(web_app, "admin.maros")
    me = user(web_app, "admin.maros")
    refused = post(admin, f"/kelola/akun/{me.id}/nonaktifkan")
    assert refused.status_code == 422 and "akun Anda sendiri" in refused.get_data(as_text=True)
    demote = post(admin, f"/kelola/akun/{me.id}", role="officer",
                  agency=str(agency_id(web_app)), display_name="x")
    assert demote.status_code == 422 and "satu-satunya pengelola" in demote.get_data(as_text=True)
    assert user(web_app, "admin.maros").role == "admin"
    # With a second admin, the role change is allowed, and the old admin's pages close.
    target = user(web_app, "pendamping.maros")
    assert post(admin, f"/kelola/akun/{target.id}", role="admin",
                display_name="Kepala MPP").status_code == 303
    assert post(admin, f"/kelola/akun/{me.id}", role="officer",
                agency=str(agency_id(web_app)), display_name="x").status_code == 303
    assert admin.get("/kelola/akun").status_code == 403
    assert [e.after["role"] for e in entries(web_app)] == ["admin", "officer"]


def test_role_change_fields_and_catalog_permission(web_app):
    admin = login(web_app, "admin.maros")
    target = user(web_app, "pendamping.maros")
    assert post(admin, f"/kelola/akun/{target.id}", role="village", village_name="Desa Baji",
                display_name="Kantor Desa Baji", can_edit_catalog="y").status_code == 303
    changed = user(web_app, "pendamping.maros")
    assert (changed.role, changed.village_name, changed.agency_id) == ("village", "Desa Baji",
                                                                        None)
    assert not changed.can_edit_catalog  # only officers may edit the catalogue
    assert post(admin, f"/kelola/akun/{target.id}", role="officer", display_name="x",
                agency=str(agency_id(web_app)), can_edit_catalog="y").status_code == 303
    changed = user(web_app, "pendamping.maros")
    assert changed.role == "officer" and changed.can_edit_catalog and changed.village_name == ""


class _MarkedTranslations:
    """Stands in for a translation catalogue: every message it translates gets "[en] "."""

    def ugettext(self, message: str) -> str:
        return "[en] " + message

    def ungettext(self, singular: str, plural: str, count: int) -> str:
        return "[en] " + (singular if count == 1 else plural)


def test_account_and_catalogue_errors_are_translated_for_the_reader(web_app, monkeypatch):
    """Refusals went out in Indonesian whatever the reader's language: they use gettext now."""
    from mpp_lite.catalog.validation import validate_catalog
    from mpp_lite.i18n import LanguageDomain

    admin = login(web_app, "admin.maros")
    monkeypatch.setattr(LanguageDomain, "get_translations",
                        lambda self: _MarkedTranslations())
    page = text(post(admin, "/kelola/akun/baru", username="Bukan Nama!", role="officer",
                     password="pendek").get_data(as_text=True))
    assert "[en] Hanya huruf kecil" in page and "[en] Kata sandi minimal" in page
    assert "[en] Petugas gerai harus punya instansi." in page
    with web_app.app_context():
        ngawi_admin = user(web_app, "admin.ngawi").id
    page = text(post(admin, "/kelola/gerai/baru", label="", agency="",
                     hours_1="08:00").get_data(as_text=True))
    assert "[en] Tulis jam seperti 08:00-15:00" in page
    page = text(post(admin, "/kelola/gerai/baru", label="", agency="",
                     hours_1="08:00-15:00").get_data(as_text=True))
    assert "[en] Pilih instansi dari daftar." in page
    assert "[en] wajib diisi." in page  # the import's validator, shared with the form
    assert admin.get(f"/kelola/akun/{ngawi_admin}").status_code == 404
    # Outside a request (the CLI) the import's messages stay plain Indonesian text.
    monkeypatch.undo()
    [error] = validate_catalog({"format": "mpp-lite-catalog", "version": 1})
    assert str(error) == "file · sites: wajib diisi" and error.message == "wajib diisi"


def test_accounts_are_scoped_to_the_managers_site(web_app):
    admin = login(web_app, "admin.maros")
    page = text(admin.get("/kelola/akun").get_data(as_text=True))
    assert "dukcapil.maros" in page and "dukcapil.ngawi" not in page
    other = user(web_app, "dukcapil.ngawi")
    for path in (f"/kelola/akun/{other.id}", f"/kelola/akun/{other.id}/sandi",
                 f"/kelola/akun/{other.id}/nonaktifkan"):
        assert admin.get(path).status_code == 404, path  # not 403: existence stays hidden
    assert post(admin, f"/kelola/akun/{other.id}/nonaktifkan").status_code == 404
    assert user(web_app, "dukcapil.ngawi").active
    for username in ("dukcapil.maros", "pendamping.maros", "desa.maros"):
        assert login(web_app, username).get("/kelola/akun").status_code == 403


def test_account_list_is_paginated(web_app):
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        for number in range(40):
            db.session.add(StaffUser(username=f"z{number:02d}.maros", role="assistant",
                                     site_id=site.id, password_hash="x"))
        db.session.commit()
    admin = login(web_app, "admin.maros")
    first = text(admin.get("/kelola/akun").get_data(as_text=True))
    assert "Halaman 1 dari 2" in first and "z39.maros" not in first
    assert "z39.maros" in text(admin.get("/kelola/akun?page=2").get_data(as_text=True))
