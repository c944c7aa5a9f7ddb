"""Nothing private stays on a device: staff pages are derived from the URL map in one place
(mpp_lite/offline/private.py), given to the service worker, answered with no-store, and
logging out clears the site's cache. Browser behaviour: tests/browser/test_private_offline_browser.py."""
from __future__ import annotations

import json
import re

from mpp_lite.offline.private import is_private_path, private_paths, private_rules

from support.routes import ACCOUNT_OF_ROLE, allowed_roles, fill, staff_rules
from support.staff import login


def concrete(rule, site: str = "maros") -> str:
    """A path the rule answers ("x" for text, 1 for ids; a site slug for <site>)."""
    return fill(rule).replace("/x/", f"/{site}/", 1) if rule.rule.startswith("/<site>") \
        else fill(rule)


def test_every_protected_route_is_private_and_covered(web_app):
    config = private_paths(web_app)
    private, _public = private_rules(web_app)
    private_endpoints = {rule.endpoint for rule in private}
    for rule in staff_rules(web_app):  # every route behind roles_required (walked URL map)
        if allowed_roles(web_app, rule):
            assert rule.endpoint in private_endpoints, rule.rule
    uncovered = [rule.rule for rule in private if not is_private_path(config, concrete(rule))]
    assert uncovered == []
    assert "/staff/login" in {rule.rule for rule in private}
    assert {"/kelola/", "/pendamping/", "/petugas/"} <= set(config["prefixes"])


def test_no_citizen_page_is_private(web_app):
    config = private_paths(web_app)
    _private, public = private_rules(web_app)
    wrongly = [rule.rule for rule in public if is_private_path(config, concrete(rule))]
    assert wrongly == []
    for path in ("/", "/maros/", "/maros/layanan/kk-baru", "/maros/layanan/kk-baru/antre",
                 "/tiket/abc", "/offline", "/tertunda", "/desa/selebaran/maros/kk-baru"):
        assert not is_private_path(config, path), path


def test_the_worker_gets_the_derived_list(web_app):
    source = web_app.test_client().get("/sw.js").get_data(as_text=True)
    given = json.loads(re.search(r"var PRIVATE = (\{.*?\});", source).group(1))
    assert given == private_paths(web_app)
    assert re.search(r'var LOGOUT_URL = "/staff/logout";', source)
    # No hand-kept list of staff paths in the worker itself.
    raw = (web_app.root_path + "/static/sw.js")
    with open(raw, encoding="utf-8") as handle:
        assert not re.search(r"kelola|pendamping|petugas", handle.read())


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_every_staff_response_is_no_store(web_app):
    anonymous = web_app.test_client()
    assert no_store(anonymous.get("/staff/login"))
    clients = {role: login(web_app, username) for role, username in ACCOUNT_OF_ROLE.items()}
    checked = 0
    for rule in staff_rules(web_app):
        if "GET" not in rule.methods:
            continue
        path = fill(rule)
        assert no_store(anonymous.get(path)), path  # the redirect to the login page too
        roles = allowed_roles(web_app, rule) or tuple(ACCOUNT_OF_ROLE)
        response = clients[roles[0]].get(path)
        assert no_store(response), (path, response.status_code)
        checked += 1
    assert checked > 30


def test_citizen_pages_are_no_store_only_while_staff_are_signed_in(web_app):
    citizen = web_app.test_client()
    page = citizen.get("/maros/layanan/kk-perubahan")
    assert page.status_code == 200 and not no_store(page)
    officer = login(web_app, ACCOUNT_OF_ROLE["officer"])
    seen_by_staff = officer.get("/maros/layanan/kk-perubahan")
    assert seen_by_staff.status_code == 200 and no_store(seen_by_staff)
    # Static files stay cacheable for staff (fingerprinted names).
    css = re.search(r'href="(/static/[^"]+\.css)"', page.get_data(as_text=True)).group(1)
    assert not no_store(officer.get(css))


def test_logout_clears_the_sites_cache_on_that_device(web_app):
    client = login(web_app, ACCOUNT_OF_ROLE["admin"])
    response = client.post("/staff/logout", data={"csrf_token": client.token})
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert no_store(response)
    assert "Anda sudah keluar." in client.get("/staff/login").get_data(as_text=True)

