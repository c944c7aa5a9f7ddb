"""Staff sessions really end: each signed-in browser is a staff_session record (only the
token's hash is stored); logout ends it, so a copied cookie opens nothing; a password reset,
role change or deactivation ends every session; 8 hours after sign-in it expires. An officer
whose session ended goes to the login page and then back to where they were."""
from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import StaffUser
from mpp_lite.models.staff import StaffSession

from support.catalogs import PASSWORD
from support.routes import ACCOUNT_OF_ROLE
from support.staff import csrf_token, login

ADMIN = ACCOUNT_OF_ROLE["admin"]


def copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain="mpp.test")
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def sessions_of(app, username: str) -> list[StaffSession]:
    with app.app_context():
        return list(db.session.scalars(
            sa.select(StaffSession).join(StaffUser).where(StaffUser.username == username)
            .order_by(StaffSession.id)))


def test_a_cookie_copied_before_logout_opens_nothing_after(web_app):
    client = login(web_app, ADMIN)
    thief = copy_of(web_app, client)
    assert thief.get("/staff/").status_code == 200  # the copy works while the session lives
    client.post("/staff/logout", data={"csrf_token": client.token})
    replay = thief.get("/staff/")
    assert replay.status_code == 302 and replay.location.startswith("/staff/login")
    assert thief.get("/kelola/akun").status_code == 302
    [record] = sessions_of(web_app, ADMIN)
    assert record.ended_at is not None


def test_logout_ends_only_this_devices_session(web_app):
    desk = login(web_app, ADMIN)
    phone = login(web_app, ADMIN)
    desk.post("/staff/logout", data={"csrf_token": desk.token})
    assert desk.get("/staff/").status_code == 302
    assert phone.get("/staff/").status_code == 200
    assert [r.ended_at is None for r in sessions_of(web_app, ADMIN)] == [False, True]


def test_only_a_hash_of_the_token_is_stored(web_app):
    client = login(web_app, ADMIN)
    with client.session_transaction() as session:
        token = session["staff_session"]
    [record] = sessions_of(web_app, ADMIN)
    assert len(token) >= 40 and token not in record.token_hash
    assert record.user_id and record.created_at and record.last_seen_at


@pytest.mark.parametrize("change", ["password", "deactivate", "role"])
def test_password_reset_deactivation_and_role_change_end_every_session(web_app, change):
    desk, phone = login(web_app, ADMIN), login(web_app, ADMIN)
    officer = login(web_app, ACCOUNT_OF_ROLE["officer"])
    with web_app.app_context():
        user = db.session.scalar(sa.select(StaffUser).filter_by(username=ADMIN))
        if change == "password":
            user.set_password("kata-sandi-baru-123")
        elif change == "deactivate":
            user.active = False
            user.session_version += 1
        else:
            user.session_version += 1  # what staff/account_rules.py does on a role change
        db.session.commit()
    assert desk.get("/staff/").status_code == 302
    assert phone.get("/staff/").status_code == 302
    assert officer.get("/staff/").status_code == 200


def to_login(location: str) -> str | None:
    """The next= of a redirect to the login page (None without one)."""
    parts = urlsplit(location)
    assert parts.path == "/staff/login", location
    return parse_qs(parts.query).get("next", [None])[0]


def expire(app, username: str, hours: float = 8.01) -> None:
    with app.app_context():
        for record in db.session.scalars(sa.select(StaffSession).join(StaffUser)
                                         .where(StaffUser.username == username)):
            record.created_at = record.created_at - dt.timedelta(hours=hours)
        db.session.commit()


def sign_in_again(app, client, location: str):
    """Sign in on the login page `location` (a relative URL with its next=)."""
    token = csrf_token(client, location)
    return client.post(location, data={"username": ADMIN, "password": PASSWORD,
                                       "csrf_token": token})


def test_a_session_expires_eight_hours_after_sign_in_and_the_officer_comes_back(web_app):
    client = login(web_app, ADMIN)
    expire(web_app, ADMIN, hours=7.9)
    assert client.get("/kelola/audit").status_code == 200  # still within the working day
    expire(web_app, ADMIN, hours=0.2)
    response = client.get("/kelola/audit?halaman=2")
    assert response.status_code == 302
    assert to_login(response.location) == "/kelola/audit?halaman=2"
    login_page = client.get(response.location).get_data(as_text=True)
    assert "Sesi Anda sudah berakhir. Silakan masuk lagi." in login_page
    back = sign_in_again(web_app, client, response.location)
    assert back.status_code == 303 and back.location == "/kelola/audit?halaman=2"
    assert client.get(back.location).status_code == 200


def test_a_form_sent_after_the_session_ended_returns_to_its_page(web_app):
    client = login(web_app, ADMIN)
    expire(web_app, ADMIN)
    response = client.post("/kelola/situs", data={"csrf_token": client.token},
                           headers={"Referer": "http://mpp.test/kelola/situs"})
    assert response.status_code == 303
    assert to_login(response.location) == "/kelola/situs"
    page = client.get(response.location).get_data(as_text=True)
    assert "isian formulir belum disimpan" in page
    back = sign_in_again(web_app, client, response.location)
    assert back.location == "/kelola/situs"


def test_a_form_sent_after_the_cookie_expired_is_not_a_csrf_dead_end(web_app):
    """The browser dropped the session cookie (8 h): the CSRF check fails first."""
    client = web_app.test_client()
    response = client.post("/kelola/situs", data={"csrf_token": "stale", "name": "x"},
                           headers={"Referer": "http://mpp.test/kelola/situs"})
    assert response.status_code == 303
    assert to_login(response.location) == "/kelola/situs"
    assert "isian formulir belum disimpan" in client.get(response.location).get_data(
        as_text=True)


def test_an_expired_form_token_while_signed_in_goes_back_to_the_form(web_app):
    client = login(web_app, ADMIN)
    response = client.post("/kelola/situs", data={"csrf_token": "stale"},
                           headers={"Referer": "http://mpp.test/kelola/situs"})
    assert response.status_code == 303 and response.location == "/kelola/situs"
    page = client.get("/kelola/situs").get_data(as_text=True)
    assert "Formulir ini sudah kedaluwarsa" in page


def test_an_old_login_page_is_not_a_dead_end(web_app):
    client = web_app.test_client()
    response = client.post("/staff/login?next=%2Fkelola%2Fakun",
                           data={"csrf_token": "stale", "username": ADMIN,
                                 "password": PASSWORD})
    assert response.status_code == 303
    assert to_login(response.location) == "/kelola/akun"
    assert "terlalu lama terbuka" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/kelola",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_the_way_back_stays_on_this_site(web_app, target):
    client = web_app.test_client()
    back = sign_in_again(web_app, client, "/staff/login?next=" + quote(target, safe=""))
    assert back.status_code == 303 and back.location == "/staff/"
    # A form posted from another site's page is not sent back there either.
    signed_out = web_app.test_client()
    response = signed_out.post("/kelola/situs", data={"csrf_token": "x"},
                               headers={"Referer": "https://evil.example/kelola/situs"})
    assert response.location == "/staff/login"


def test_signing_out_of_an_ended_session_just_signs_out(web_app):
    client = login(web_app, ADMIN)
    expire(web_app, ADMIN)
    response = client.post("/staff/logout", data={"csrf_token": client.token})
    assert response.status_code == 303 and response.location == "/staff/login"
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert "Anda sudah keluar." in client.get("/staff/login").get_data(as_text=True)


def test_last_seen_is_noted_every_few_minutes(web_app):
    client = login(web_app, ADMIN)
    [before] = sessions_of(web_app, ADMIN)
    backdated = before.last_seen_at - dt.timedelta(minutes=10)
    with web_app.app_context():
        db.session.get(StaffSession, before.id).last_seen_at = backdated
        db.session.commit()
    assert client.get("/staff/").status_code == 200
    [after] = sessions_of(web_app, ADMIN)
    assert after.last_seen_at.replace(tzinfo=None) > backdated.replace(tzinfo=None)
    assert after.ended_at is None


def test_old_session_records_are_deleted_at_the_next_sign_in(web_app):
    login(web_app, ADMIN)
    expire(web_app, ADMIN, hours=31 * 24)
    login(web_app, ACCOUNT_OF_ROLE["officer"])
    assert sessions_of(web_app, ADMIN) == []
