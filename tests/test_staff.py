"""Staff accounts: login, logout, sessions, roles, the users CLI."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import StaffUser
from mpp_lite.staff.services import AccountError, create_user

from support.booking import csrf_token

PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def officer(catalog_app):
    with catalog_app.app_context():
        user = create_user("Petugas.Dukcapil", PASSWORD, "officer", "maros", "disdukcapil")
        db.session.commit()
        return user.id


def login(client, username="petugas.dukcapil", password=PASSWORD, next_url=None):
    page = client.get("/staff/login").get_data(as_text=True)
    url = "/staff/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": csrf_token(page), "username": username,
                                  "password": password})


def test_login_logout(catalog_app, officer):
    client = catalog_app.test_client()
    assert client.get("/staff/").status_code == 302  # to the login page
    response = login(client)
    assert response.status_code == 303 and response.location.endswith("/staff/")
    home = client.get("/staff/").get_data(as_text=True)
    assert "petugas.dukcapil" in home and "petugas gerai" in home
    out = client.post("/staff/logout", data={"csrf_token": csrf_token(home)})
    assert out.status_code == 303
    assert client.get("/staff/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(catalog_app, officer):
    client = catalog_app.test_client()
    for username, password in (("petugas.dukcapil", "salah-sekali"), ("tidak.ada", PASSWORD)):
        response = login(client, username, password)
        assert response.status_code == 401
        page = response.get_data(as_text=True)
        assert "Nama pengguna atau kata sandi salah." in page
        assert "<title>Kesalahan:" in page


def test_login_redirect_stays_on_this_site(catalog_app, officer):
    client = catalog_app.test_client()
    assert login(client, next_url="https://evil.example/").location.endswith("/staff/")


def test_deactivated_account_cannot_log_in_and_loses_its_session(catalog_app, officer):
    client = catalog_app.test_client()
    login(client)
    with catalog_app.app_context():
        user = db.session.get(StaffUser, officer)
        user.active = False
        db.session.commit()
    assert client.get("/staff/").status_code == 302
    assert login(client).status_code == 401


def test_password_reset_ends_existing_sessions(catalog_app, officer):
    client = catalog_app.test_client()
    login(client)
    with catalog_app.app_context():
        db.session.get(StaffUser, officer).set_password("kata-sandi-baru-123")
        db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_logout_needs_post_and_csrf(catalog_app, officer):
    client = catalog_app.test_client()
    login(client)
    assert client.get("/staff/logout").status_code == 405
    assert client.post("/staff/logout").status_code == 400
    # An expired token: nothing happens either, back to the page with a message.
    refused = client.post("/staff/logout", data={"csrf_token": "expired"},
                          headers={"Referer": "http://mpp.test/staff/"})
    assert refused.status_code == 303 and refused.location == "/staff/"
    assert "sudah kedaluwarsa" in client.get("/staff/").get_data(as_text=True)
    assert client.get("/staff/").status_code == 200


def test_login_is_throttled(catalog_app, officer):
    catalog_app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    client = catalog_app.test_client()
    codes = [login(client, password=f"wrong-{i}").status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert "Terlalu banyak permintaan" in login(client).get_data(as_text=True)


def test_passwords_are_hashed(catalog_app, officer):
    with catalog_app.app_context():
        stored = db.session.scalar(sa.select(StaffUser.password_hash))
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize("args, message", [
    (("x", "short", "officer", "maros", "disdukcapil"), "at least 10"),
    (("x", PASSWORD, "officer", "maros", None), "needs --agency"),
    (("x", PASSWORD, "village", "maros", None), "needs --village"),
    (("x", PASSWORD, "king", "maros", None), "role must be"),
    (("x", PASSWORD, "admin", "atlantis", None), "unknown site"),
    (("x", PASSWORD, "officer", "maros", "nope"), "unknown agency"),
    (("bad name!", PASSWORD, "admin", "maros", None), "username"),
])
def test_account_rules(catalog_app, args, message):
    with catalog_app.app_context():
        with pytest.raises(AccountError, match=message):
            create_user(*args)


def test_usernames_are_unique_case_insensitively(catalog_app, officer):
    with catalog_app.app_context():
        with pytest.raises(AccountError, match="taken"):
            create_user("PETUGAS.dukcapil", PASSWORD, "admin", "maros")


def test_users_cli(catalog_app):
    runner = catalog_app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "desa.bontoa", "--role", "village",
                                 "--site", "maros", "--village", "Desa Bontoa"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    with catalog_app.app_context():
        user = db.session.scalar(sa.select(StaffUser).filter_by(username="desa.bontoa"))
        assert user.role == "village" and user.village_name == "Desa Bontoa"
    again = runner.invoke(args=["users", "create", "desa.bontoa", "--role", "village",
                                "--site", "maros", "--village", "Desa Bontoa",
                                "--password", PASSWORD])
    assert again.exit_code != 0 and "taken" in again.output


def test_demo_staff_are_created_once(demo_app):
    with demo_app.app_context():
        names = set(db.session.scalars(sa.select(StaffUser.username)))
    assert {"admin.maros", "dukcapil.maros", "desa.bontoa", "pendamping.ngawi"} <= names


def test_every_staff_tool_has_a_place_on_the_home_page(app):
    """The home page's order is explicit: a new tool must be placed in TOOL_ORDER, and every
    tool names a real endpoint."""
    from mpp_lite.staff.services import STAFF_TOOLS, TOOL_ORDER

    endpoints = {endpoint for tools in STAFF_TOOLS.values() for endpoint, _label in tools}
    assert endpoints <= set(TOOL_ORDER)
    assert set(TOOL_ORDER) <= set(app.view_functions)
