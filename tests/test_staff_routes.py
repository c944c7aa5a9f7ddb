"""Every staff route refuses the wrong people: anonymous visitors go to the login page, and a
signed-in account whose role is not allowed gets 403, for GET and for POST. The test walks
the app's URL map, so routes added later are covered without editing it."""
from __future__ import annotations

from mpp_lite.models import ROLES

from support.routes import ACCOUNT_OF_ROLE, allowed_roles, fill, staff_rules
from support.staff import csrf_token, login

# Any signed-in account may use these (they use login_required, not roles_required).
ANY_ROLE = {"staff.home", "staff.logout"}


def test_the_walk_finds_the_staff_routes(web_app):
    paths = {r.rule for r in staff_rules(web_app)}
    assert {"/kelola/", "/kelola/akun", "/petugas/", "/staff/"} <= paths
    assert "/staff/login" not in paths
    assert not any(p.startswith("/desa/selebaran/") for p in paths)


def test_every_staff_route_declares_its_roles(web_app):
    undeclared = [r.rule for r in staff_rules(web_app)
                  if r.endpoint not in ANY_ROLE and not allowed_roles(web_app, r)]
    assert undeclared == [], "use roles_required(...) on these views"
    unknown = {role for r in staff_rules(web_app) for role in allowed_roles(web_app, r) or ()
               if role not in ROLES}
    assert unknown == set()


def test_anonymous_visitors_are_sent_to_the_login_page(web_app):
    client = web_app.test_client()
    token = csrf_token(client, "/staff/login")
    wrong = []
    for rule in staff_rules(web_app):
        path = fill(rule)
        for method in ("GET", "POST"):
            if method not in rule.methods:
                continue
            response = client.open(path, method=method,
                                   data={"csrf_token": token} if method == "POST" else None)
            location = response.headers.get("Location", "")
            if response.status_code not in (302, 303) or not location.startswith("/staff/login"):
                wrong.append((method, path, response.status_code, location))
    assert wrong == []


def test_every_role_that_is_not_allowed_gets_403(web_app):
    clients = {role: login(web_app, username) for role, username in ACCOUNT_OF_ROLE.items()}
    wrong, checked = [], 0
    for rule in staff_rules(web_app):
        roles = allowed_roles(web_app, rule)
        if roles is None:
            continue
        path = fill(rule)
        for role, client in clients.items():
            if role in roles:
                continue
            for method in ("GET", "POST"):
                if method not in rule.methods:
                    continue
                response = client.open(
                    path, method=method,
                    data={"csrf_token": client.token} if method == "POST" else None)
                checked += 1
                if response.status_code != 403:
                    wrong.append((role, method, path, response.status_code))
    assert wrong == []
    assert checked > 50  # the walk really ran


def test_the_allowed_role_is_not_refused_by_the_role_check(web_app):
    """The other side: the manager reaches their own pages (no 403 from the decorator)."""
    admin = login(web_app, ACCOUNT_OF_ROLE["admin"])
    for path in ("/kelola/", "/kelola/akun", "/kelola/audit", "/kelola/katalog"):
        assert admin.get(path).status_code == 200, path
