"""JSON API, version 1 (CONTRACT.md), described by /api/v1/openapi.json.

CSRF protection does not apply here: the API authenticates nothing by cookie, so a forged
cross-site request gains nothing a direct request would not.
"""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import (  # noqa: E402,F401
    announcements, applications, chat, counters, feedback, routes, tickets, visits,
)
