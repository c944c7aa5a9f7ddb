"""The staff routes of the URL map, walked by the tests of who may open what."""
from __future__ import annotations

import re

STAFF_PREFIXES = ("/kelola", "/petugas", "/desa", "/pendamping", "/staff")
PUBLIC = ("/staff/login", "/desa/selebaran/")  # sign-in page; the printable public leaflet
ACCOUNT_OF_ROLE = {"admin": "admin.maros", "officer": "dukcapil.maros",
                   "assistant": "pendamping.maros", "village": "desa.maros"}
PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def staff_rules(app) -> list:
    """Every staff-only rule of the URL map, sorted by path."""
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
    """The roles its view allows, or None when it only needs a signed-in account."""
    view = app.view_functions[rule.endpoint]
    while view is not None:
        roles = getattr(view, "allowed_roles", None)
        if roles is not None:
            return tuple(roles)
        view = getattr(view, "__wrapped__", None)
    return None
