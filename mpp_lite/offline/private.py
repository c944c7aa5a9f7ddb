"""The pages the service worker must never keep, derived from the URL map in one place.

A route is private when its view is marked private (every `roles_required` view, the staff
login page; see web/policy.py). The worker receives path prefixes, as short as is safe: a
whole first segment ("/kelola/") when no public route lives under it, otherwise the private
routes' own fixed parts ("/desa/tiket/", exact "/desa/"). tests/test_private_pages.py checks
the result against the URL map both ways: every private route is covered, no public one is.
"""
from __future__ import annotations

import re

from flask import Flask
from werkzeug.routing import Rule

from ..web.policy import is_private_view


def _fixed_part(rule: Rule) -> str:
    """The rule's path up to its first variable ("/kelola/layanan/" of
    "/kelola/layanan/<int:service_id>"); the whole path when it has none."""
    return rule.rule.split("<", 1)[0]


VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>")


def _pattern(rule: Rule) -> str:
    """A regular expression (same syntax in Python and JavaScript) matching the rule's paths."""
    parts, end = [], 0
    for match in VARIABLE.finditer(rule.rule):
        parts.append(re.escape(rule.rule[end:match.start()]).replace("/", "\\/"))
        parts.append(".+" if match.group(1) == "path" else "[^/]+")
        end = match.end()
    parts.append(re.escape(rule.rule[end:]).replace("/", "\\/"))
    return "^" + "".join(parts) + "$"


def _first_segment(path: str) -> str:
    """"/kelola/" of "/kelola/layanan"; "/kios/" of "/kios"."""
    return "/" + path.strip("/").split("/", 1)[0] + "/"


def private_rules(app: Flask) -> tuple[list[Rule], list[Rule]]:
    """(private, public) rules of the app's URL map."""
    private, public = [], []
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        (private if is_private_view(view) else public).append(rule)
    return private, public


def private_paths(app: Flask) -> dict[str, list[str]]:
    """{"prefixes": [...], "paths": [...], "patterns": [...]}: a path is private when it starts
    with one of `prefixes` (or is one without its final slash, "/kelola"), equals one of
    `paths`, or matches one of `patterns` (a private route among public ones)."""
    private, public = private_rules(app)
    # Fixed parts of public routes that start with a fixed segment ("/desa/selebaran/").
    public_fixed = [_fixed_part(r) for r in public if not r.rule.startswith("/<")]
    prefixes: set[str] = set()
    paths: set[str] = set()
    patterns: set[str] = set()
    for rule in private:
        fixed = _fixed_part(rule)
        segment = _first_segment(fixed)
        if segment != "//" and not any(p.startswith(segment) or p == segment.rstrip("/")
                                       for p in public_fixed):
            prefixes.add(segment)
        elif "<" in rule.rule and fixed.endswith("/") and fixed != "/" and \
                not any(p.startswith(fixed) for p in public_fixed):
            prefixes.add(fixed)
        elif "<" not in rule.rule:
            paths.add(rule.rule)
        else:
            patterns.add(_pattern(rule))
    # Drop what a shorter prefix already covers.
    prefixes = {p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)}
    paths = {p for p in paths if not any(p.startswith(q) for q in prefixes)}
    patterns = {p for p in patterns if not any(p[1:].replace("\\/", "/").startswith(q)
                                               for q in prefixes)}
    return {"prefixes": sorted(prefixes), "paths": sorted(paths), "patterns": sorted(patterns)}


def is_private_path(config: dict[str, list[str]], path: str) -> bool:
    """The worker's test (isPrivate in sw.js), in Python for the tests."""
    return (path in config["paths"]
            or any(path.startswith(p) or path + "/" == p for p in config["prefixes"])
            or any(re.search(p, path) for p in config["patterns"]))
