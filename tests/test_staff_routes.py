"""Every staff route refuses the wrong people: anonymous visitors go to the login page, and a
signed-in account whose role is not allowed gets 403, for GET and for POST. The test walks
the app's URL map, so routes added later are covered without editing it."""
from __future__ import annotations

import re

import pytest

from mpp_lite.models import ROLES

from support.staff import csrf_token, login, staff_app


STAFF_PREFIXES = ("/kelola", "/petugas", "/desa", "/pendamping", "/staff")
PUBLIC = ("/staff/login", "/desa/selebaran/")  # sign-in page; the printable public leaflet
# Any signed-in account may use these (they use login_required, not roles_required).
ANY_ROLE = {"staff.home", "staff.logout"}
ACCOUNT_OF_ROLE = {"admin": "admin.maros", "officer": "dukcapil.maros",
                   "assistant": "pendamping.maros", "village": "desa.maros"}
PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@pytest.fixture
def web_app(database_url):
    with staff_app(database_url) as app:
        yield app


def staff_rules(app) -> list:
    rules = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not path.startswith(STAFF_PREFIXES):
            continue
        if path == PUBLIC[0] or path.startswith(PUBLIC[1]):
            continue
        rules.append(rule)
    return sorted(rules, key=lambda r: r.rule)


def fill(rule) -> str:
    """A concrete path: role checks run before any lookup, so ids need not exist (a route
    that answered 404 before checking the role would be a finding)."""
    return PARAMETER.sub(lambda m: "1" if m.group(1) == "int" else "x", rule.rule)


def allowed_roles(app, rule) -> tuple[str, ...] | None:
    view = app.view_functions[rule.endpoint]
    while view is not None:
        roles = getattr(view, "allowed_roles", None)
        if roles is not None:
            return tuple(roles)
        view = getattr(view, "__wrapped__", None)
    return None


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
